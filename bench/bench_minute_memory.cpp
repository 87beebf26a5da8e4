// Peak memory and throughput of a long multi-symbol minute-bar backtest read from the SQLite
// store: `--symbols` synthetic instruments (a seeded random walk, 390 regular-session minute bars
// per NYSE session) over `--years` years, sma_crossover on every symbol. The store is generated
// once into $TMPDIR and reused. Peak memory must not grow with the date range: the historical
// source reads fixed-size chunks and the engine keeps bounded history.
//
//   bench_minute_memory --benchmark_filter='/years:1/'    (then /years:10/ in a new process:
//                                                           peak RSS is per process)

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/core/nysecalendar.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "strategies/builtinstrategies.h"

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <random>

using namespace meridian::engine;

namespace {

constexpr int kSymbols = 100;
constexpr int kLastYear = 2020;

std::string symbolName(int i)
{
    return std::string("M").append(std::to_string(i));
}

std::string storePath()
{
    return (std::filesystem::temp_directory_path() / "meridian_bench_minutes.db").string();
}

// Ten years of regular-session minute bars per symbol, imported through the real CSV importer.
void generateStore()
{
    if (std::filesystem::exists(storePath()))
        return;
    auto store = BarStore::open(storePath());
    const NyseCalendar nyse;
    for (int s = 0; s < kSymbols; ++s) {
        std::mt19937_64 random(42 + static_cast<unsigned>(s));
        std::normal_distribution<double> step(0.0, 0.0005);
        double price = 50.0 + s;
        std::string csv = "timestamp,open,high,low,close,volume\n";
        csv.reserve(80u * 390u * 2600u);
        char row[160];
        for (Date day{kLastYear - 9, 1, 1}; day <= Date{kLastYear, 12, 31}; day = day.addDays(1)) {
            if (!nyse.isSession(day))
                continue;
            for (int minute = 0; minute < 390; ++minute) {
                const double open = price;
                price *= 1.0 + step(random);
                const double high = std::max(open, price) * 1.0002;
                const double low = std::min(open, price) * 0.9998;
                const int hh = 9 + (30 + minute) / 60;
                const int mm = (30 + minute) % 60;
                std::snprintf(row, sizeof row, "%sT%02d:%02d:00,%.4f,%.4f,%.4f,%.4f,%d\n", day.toString().c_str(), hh,
                              mm, open, high, low, price, 1000 + minute);
                csv += row;
            }
        }
        ImportOptions options;
        options.symbol = symbolName(s);
        options.timeframe = *Timeframe::parse("1m");
        const auto report = importCsvText(*store, csv, symbolName(s) + ".csv", options);
        if (!report) {
            std::fprintf(stderr, "%s\n", report.error().message().c_str());
            std::abort();
        }
    }
}

double peakRssMegabytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

void BM_MinuteBacktestMemory(benchmark::State &state)
{
    generateStore();
    const int years = static_cast<int>(state.range(0));
    StrategyRegistry registry;
    meridian::strategies::registerBuiltinStrategies(registry);
    std::string symbols;
    for (int i = 0; i < kSymbols; ++i)
        symbols += (i ? ", " : "") + symbolName(i);
    const std::string yaml = "mode: backtest\n"
                             "clock: {type: historical, start_date: " + std::to_string(kLastYear - years + 1)
                             + "-01-01, end_date: " + std::to_string(kLastYear) + "-12-31, speed: max}\n"
                             "data: {type: historical, source: sqlite, path: " + storePath()
                             + ", timeframe: 1m, symbols: [" + symbols + "]}\n"
                             "execution: {type: simulated, commission: {model: none}, slippage: {model: none}}\n"
                             "strategies:\n"
                             "  - {name: sma_crossover, capital: 100000000, symbols: [" + symbols + "],\n"
                             "     params: {fast: 10, slow: 30, quantity: 10},\n"
                             "     risk_limits: {max_position_size: 1.0, max_leverage: 1.0}}\n";
    const auto config = ConfigLoader(registry).loadText(yaml, "minute.yaml");
    if (!config) {
        state.SkipWithError(config.error().message().c_str());
        return;
    }
    std::uint64_t bars = 0;
    for (auto _ : state) {
        BacktestOptions options;
        options.retainOrderLog = false; // what `meridian backtest` does
        const auto result = runBacktest(*config, registry, options);
        if (!result) {
            state.SkipWithError(result.error().message().c_str());
            return;
        }
        bars += result->bars;
        benchmark::DoNotOptimize(result->finalEquity);
    }
    state.counters["bars"] = static_cast<double>(bars);
    state.counters["bar_events_per_s"] = benchmark::Counter(static_cast<double>(bars), benchmark::Counter::kIsRate);
    state.counters["peak_rss_mb"] = peakRssMegabytes();
}
BENCHMARK(BM_MinuteBacktestMemory)->ArgName("years")->Arg(1)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond);

} // namespace

BENCHMARK_MAIN();
