// Indicator and feature-store throughput (docs/performance.md).
//
// Kernel benchmarks update one indicator over a precomputed random walk (items/s = updates/s);
// the registry one goes through the virtual Indicator interface; the FeatureStore ones measure
// what the engine adds per bar for a strategy with three features (onBar) and a strategy's read
// of one value by handle; the last one runs a whole backtest of trend_following (EMA 20/50 +
// ATR 14 features) against sma_crossover (no features) on 20 copies of the bundled SPY history.

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/csvimport.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/memorydatasource.h"
#include "engine/features/featurestore.h"
#include "engine/features/momentum.h"
#include "engine/features/movingaverages.h"
#include "engine/features/range.h"
#include "engine/features/rollingextrema.h"
#include "engine/features/rollingstats.h"
#include "strategies/builtinstrategies.h"

#include <benchmark/benchmark.h>
#include <random>
#include <vector>

using namespace meridian::engine;

namespace {

constexpr std::size_t kPoints = 1 << 16;

const std::vector<double> &walk()
{
    static const std::vector<double> values = [] {
        std::mt19937_64 random(7);
        std::normal_distribution<double> step(0.0, 1.0);
        std::vector<double> xs(kPoints);
        double x = 100;
        for (double &v : xs)
            v = x = std::max(1.0, x + step(random));
        return xs;
    }();
    return values;
}

template<class Kernel>
void runCloses(benchmark::State &state, Kernel kernel)
{
    const std::vector<double> &xs = walk();
    for (auto _ : state) {
        for (const double x : xs) {
            benchmark::DoNotOptimize(kernel.update(x));
            benchmark::DoNotOptimize(kernel);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * xs.size()));
}

void BM_Sma(benchmark::State &state)
{
    runCloses(state, Sma(20));
}
void BM_Ema(benchmark::State &state)
{
    runCloses(state, Ema(20));
}
void BM_Wma(benchmark::State &state)
{
    runCloses(state, Wma(20));
}
void BM_RollingStdDev(benchmark::State &state)
{
    runCloses(state, RollingStdDev(20));
}
void BM_Rsi(benchmark::State &state)
{
    runCloses(state, Rsi(14));
}
void BM_Macd(benchmark::State &state)
{
    runCloses(state, Macd(12, 26, 9));
}
void BM_RollingMax(benchmark::State &state)
{
    runCloses(state, RollingMax(20));
}
BENCHMARK(BM_Sma);
BENCHMARK(BM_Ema);
BENCHMARK(BM_Wma);
BENCHMARK(BM_RollingStdDev);
BENCHMARK(BM_Rsi);
BENCHMARK(BM_Macd);
BENCHMARK(BM_RollingMax);

void BM_Atr(benchmark::State &state)
{
    const std::vector<double> &xs = walk();
    Atr atr(14);
    for (auto _ : state) {
        for (const double x : xs) {
            benchmark::DoNotOptimize(atr.update(x + 0.5, x - 0.5, x));
            benchmark::DoNotOptimize(atr);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * xs.size()));
}
BENCHMARK(BM_Atr);

void BM_RegistryIndicator(benchmark::State &state)
{
    const IndicatorRegistry registry = IndicatorRegistry::builtin();
    auto indicator = registry.create("sma", {{"period", 20}});
    std::vector<IndicatorBar> bars;
    for (const double x : walk())
        bars.push_back(IndicatorBar{Timestamp(), x, x, x, x, 1000, 0});
    for (auto _ : state) {
        for (const IndicatorBar &bar : bars)
            benchmark::DoNotOptimize((*indicator)->update(bar));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
}
BENCHMARK(BM_RegistryIndicator);

std::vector<BarData> barsOf(InstrumentId instrument)
{
    std::vector<BarData> bars;
    for (const double x : walk()) {
        const Price p = Price::fromDouble(x);
        bars.push_back(BarData{instrument, p, p, p, p, Quantity::fromUnits(1000)});
    }
    return bars;
}

// What the engine adds per bar for a strategy reading ema(20), ema(50) and atr(14).
void BM_FeatureStoreOnBar(benchmark::State &state)
{
    const FeatureRegistry registry = FeatureRegistry::builtin();
    FeatureStore store(registry);
    const InstrumentId spy(1);
    store.setInstruments(std::span(&spy, 1));
    (void)store.subscribe("ema", {{"period", 20}});
    (void)store.subscribe("ema", {{"period", 50}});
    (void)store.subscribe("atr", {{"period", 14}});
    const std::vector<BarData> bars = barsOf(spy);
    Timestamp time = dailyBarTimestamp(Date{2000, 1, 3});
    for (auto _ : state) {
        for (const BarData &bar : bars) {
            time += Duration::minutes(1);
            store.onBar(time, bar);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
}
BENCHMARK(BM_FeatureStoreOnBar);

void BM_FeatureValueByHandle(benchmark::State &state)
{
    const FeatureRegistry registry = FeatureRegistry::builtin();
    FeatureStore store(registry);
    const InstrumentId spy(1);
    store.setInstruments(std::span(&spy, 1));
    const FeatureHandle rsi = *store.subscribe("rsi", {{"period", 14}});
    Timestamp time = dailyBarTimestamp(Date{2000, 1, 3});
    for (const BarData &bar : barsOf(spy)) {
        time += Duration::minutes(1);
        store.onBar(time, bar);
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(store.value(rsi, spy));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FeatureValueByHandle);

// The whole loop with and without features: 20 instruments × 5,849 SPY bars from memory.
void runLoop(benchmark::State &state, const char *strategy, const char *params)
{
    static const std::vector<MemoryDataSource::Series> series = [] {
        auto store = BarStore::open(":memory:");
        ImportOptions options;
        options.symbol = "SPY";
        options.timeframe = *Timeframe::parse("1d");
        const auto report
            = importCsvFile(*store, MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv", options);
        std::vector<MemoryDataSource::Series> all;
        for (std::uint32_t i = 1; i <= 20; ++i)
            all.push_back(*loadBars(*store, report->dataset, InstrumentId(i), Timestamp::min(),
                                    Timestamp::max(), Adjustment::Raw));
        return all;
    }();
    StrategyRegistry registry;
    meridian::strategies::registerBuiltinStrategies(registry);
    std::string symbols;
    for (int i = 0; i < 20; ++i)
        symbols += (i ? ", S" : "S") + std::to_string(i);
    const auto config = ConfigLoader(registry).loadText(
        "mode: backtest\nclock: {type: historical, speed: max}\n"
        "data: {type: historical, source: sqlite, timeframe: 1d, symbols: ["
            + symbols
            + "]}\n"
              "execution: {type: simulated, commission: {model: none}, slippage: {model: none}}\n"
              "strategies:\n  - {name: "
            + std::string(strategy) + ", capital: 10000000, symbols: [" + symbols
            + "], params: " + params + "}\n",
        "bench.yaml");
    std::uint64_t events = 0;
    for (auto _ : state) {
        state.PauseTiming();
        MemoryDataSource source(series);
        BacktestOptions options;
        options.source = &source;
        options.retainOrderLog = false;
        state.ResumeTiming();
        const auto result = runBacktest(*config, registry, options);
        events += result->bars;
        benchmark::DoNotOptimize(result->finalEquity);
    }
    state.counters["bar_events_per_s"]
        = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_LoopSmaCrossoverNoFeatures(benchmark::State &state)
{
    runLoop(state, "sma_crossover", "{fast: 20, slow: 50, quantity: 100}");
}
void BM_LoopTrendFollowingFeatures(benchmark::State &state)
{
    runLoop(state, "trend_following", "{fast: 20, slow: 50, atr_period: 14, quantity: 100}");
}
BENCHMARK(BM_LoopSmaCrossoverNoFeatures)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoopTrendFollowingFeatures)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
