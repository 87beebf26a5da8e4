// Bar events per second through the full event loop (data source → simulated broker → strategy
// → sizing/risk → portfolio → equity) with sma_crossover, from memory and from the SQLite store.
// Data: the bundled real daily SPY bars, replayed under 20 symbol names (20 × 5849 = 116,980 bar
// events per run). Results go to docs/performance.md.

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/memorydatasource.h"
#include "strategies/builtinstrategies.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace meridian::engine;

namespace {

constexpr int kSymbols = 20;

std::string symbolName(int i)
{
    return std::string("S").append(std::to_string(i));
}

std::string readFile(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string configText(const std::string &storePath)
{
    std::string symbols;
    for (int i = 0; i < kSymbols; ++i)
        symbols += (i ? ", " : "") + symbolName(i);
    return "mode: backtest\n"
           "clock: {type: historical, speed: max}\n"
           "data: {type: historical, source: sqlite, path: " + storePath + ", timeframe: 1d, symbols: [" + symbols + "]}\n"
           "execution: {type: simulated, commission: {model: none}, slippage: {model: none}}\n"
           "strategies:\n"
           "  - {name: sma_crossover, capital: 10000000, symbols: [" + symbols + "],\n"
           "     params: {fast: 10, slow: 30, quantity: 100}, risk_limits: {max_position_size: 1.0, max_leverage: 1.0}}\n";
}

struct Fixture
{
    std::string storePath;
    StrategyRegistry registry;
    EngineConfig config;
    std::vector<MemoryDataSource::Series> series;

    Fixture()
    {
        storePath = (std::filesystem::temp_directory_path() / "meridian_bench_backtest.db").string();
        std::filesystem::remove(storePath);
        std::filesystem::remove(storePath + "-wal");
        std::filesystem::remove(storePath + "-shm");
        meridian::strategies::registerBuiltinStrategies(registry);
        auto store = BarStore::open(storePath);
        const std::string spy = readFile(MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv");
        for (int i = 0; i < kSymbols; ++i) {
            ImportOptions options;
            options.symbol = symbolName(i);
            options.timeframe = *Timeframe::parse("1d");
            const auto report = importCsvText(*store, spy, "SPY.csv", options);
            const auto bars = loadBars(*store, report->dataset, InstrumentId(static_cast<std::uint32_t>(i + 1)),
                                       Timestamp::min(), Timestamp::max(), Adjustment::Raw);
            series.push_back(*bars);
        }
        config = *ConfigLoader(registry).loadText(configText(storePath), "bench.yaml");
    }
};

Fixture &fixture()
{
    static Fixture instance;
    return instance;
}

void report(benchmark::State &state, std::uint64_t events)
{
    state.counters["bar_events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_BacktestFromMemory(benchmark::State &state)
{
    Fixture &f = fixture();
    std::uint64_t events = 0;
    for (auto _ : state) {
        state.PauseTiming();
        MemoryDataSource source(f.series);
        BacktestOptions options;
        options.source = &source;
        state.ResumeTiming();
        const auto result = runBacktest(f.config, f.registry, options);
        events += result->bars;
        benchmark::DoNotOptimize(result->finalEquity);
    }
    report(state, events);
}
BENCHMARK(BM_BacktestFromMemory)->Unit(benchmark::kMillisecond);

void BM_BacktestFromSqlite(benchmark::State &state)
{
    Fixture &f = fixture();
    std::uint64_t events = 0;
    for (auto _ : state) {
        const auto result = runBacktest(f.config, f.registry, BacktestOptions{});
        events += result->bars;
        benchmark::DoNotOptimize(result->finalEquity);
    }
    report(state, events);
}
BENCHMARK(BM_BacktestFromSqlite)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
