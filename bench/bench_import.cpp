// Data-layer throughput: CSV import (rows/s) and streaming bars back out of the store through
// HistoricalDataSource, and out of memory through MemoryDataSource (bars/s).
//
// Needs the bundled sample data: MERIDIAN_SOURCE_DIR (compile definition, or environment
// variable at run time) names the repository root.
//
//     bench_import --benchmark_counters_tabular=true

#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/memorydatasource.h"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace meridian::engine;

namespace {

std::string sourceDir()
{
    if (const char *env = std::getenv("MERIDIAN_SOURCE_DIR"))
        return env;
#ifdef MERIDIAN_SOURCE_DIR
    return MERIDIAN_SOURCE_DIR;
#else
    return ".";
#endif
}

std::string readResource(const std::string &relativePath)
{
    const std::string path = sourceDir() + "/resources/data/" + relativePath;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path + " (set MERIDIAN_SOURCE_DIR)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir
{
public:
    TempDir()
    {
        std::string pattern
            = (std::filesystem::temp_directory_path() / "meridian-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    std::string file(const char *name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

BarStore openStore(const TempDir &dir)
{
    auto store = BarStore::open(dir.file("market.db"));
    if (!store)
        throw std::runtime_error(store.error().message());
    return std::move(*store);
}

DatasetInfo importOrThrow(BarStore &store,
                          const std::string &text,
                          const std::string &symbol,
                          const char *timeframe)
{
    ImportOptions options;
    options.symbol = symbol;
    options.timeframe = *Timeframe::parse(timeframe);
    auto report = importCsvText(store, text, symbol + ".csv", options);
    if (!report)
        throw std::runtime_error(report.error().message());
    return report->dataset;
}

void importBenchmark(benchmark::State &state, const char *file, const char *timeframe)
{
    const std::string text = readResource(file);
    TempDir dir;
    BarStore store = openStore(dir);
    ImportOptions options;
    options.symbol = "SPY";
    options.timeframe = *Timeframe::parse(timeframe);
    std::int64_t rows = 0;
    for (auto _ : state) {
        // Each import is a new version of the dataset: the real cost, transaction included.
        auto report = importCsvText(store, text, file, options);
        if (!report) {
            state.SkipWithError(report.error().message().c_str());
            return;
        }
        rows += static_cast<std::int64_t>(report->rowsImported);
    }
    state.counters["rows/s"]
        = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}

void BM_ImportDailySpy(benchmark::State &state)
{
    importBenchmark(state, "daily/SPY.csv", "1d");
}
BENCHMARK(BM_ImportDailySpy)->Unit(benchmark::kMillisecond);

void BM_ImportMinuteSpy(benchmark::State &state)
{
    importBenchmark(state, "minute/SPY.csv", "1m");
}
BENCHMARK(BM_ImportMinuteSpy)->Unit(benchmark::kMillisecond);

// A store holding the bundled daily files; with symbols > 6 the SPY file is also imported
// under made-up tickers, so that the merge works over many cursors (the data stays real).
struct StreamFixture
{
    TempDir dir;
    BarStore store;
    std::vector<HistoricalDataSource::Subscription> subscriptions;
    std::size_t bars = 0;

    explicit StreamFixture(std::size_t symbols)
        : store(openStore(dir))
    {
        const char *bundled[] = {"SPY", "TLT", "AGG", "QQQ", "AAPL", "IBM"};
        const std::string spyText = readResource("daily/SPY.csv");
        for (std::size_t i = 0; i < symbols; ++i) {
            std::string symbol;
            std::string text;
            if (i < 6) {
                symbol = bundled[i];
                text = readResource("daily/" + symbol + ".csv");
            } else {
                symbol = "S";
                symbol += std::to_string(i); // operator+ trips a GCC 12 -Wrestrict false positive
                text = spyText;
            }
            const DatasetInfo info = importOrThrow(store, text, symbol, "1d");
            subscriptions.push_back({InstrumentId{static_cast<std::uint32_t>(i + 1)}, info});
            bars += static_cast<std::size_t>(info.rows);
        }
    }
};

void BM_HistoricalDataSource(benchmark::State &state)
{
    StreamFixture fixture(static_cast<std::size_t>(state.range(0)));
    const auto adjustment = state.range(1) != 0 ? Adjustment::TotalReturn : Adjustment::Raw;
    std::int64_t bars = 0;
    Event event;
    for (auto _ : state) {
        auto source = HistoricalDataSource::open(fixture.store, fixture.subscriptions,
                                                 Timestamp::min(), Timestamp::max(), adjustment);
        if (!source) {
            state.SkipWithError(source.error().message().c_str());
            return;
        }
        while ((*source)->next(event)) {
            benchmark::DoNotOptimize(event);
            ++bars;
        }
    }
    state.counters["bars/s"]
        = benchmark::Counter(static_cast<double>(bars), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HistoricalDataSource)
    ->ArgNames({"symbols", "total_return"})
    ->Args({6, 0})
    ->Args({6, 1})
    ->Args({50, 0})
    ->Unit(benchmark::kMillisecond);

void BM_MemoryDataSource(benchmark::State &state)
{
    StreamFixture fixture(static_cast<std::size_t>(state.range(0)));
    std::vector<MemoryDataSource::Series> series;
    for (const auto &subscription : fixture.subscriptions) {
        auto bars = loadBars(fixture.store, subscription.dataset, subscription.instrument,
                             Timestamp::min(), Timestamp::max(), Adjustment::Raw);
        if (!bars) {
            state.SkipWithError(bars.error().message().c_str());
            return;
        }
        series.push_back(std::move(*bars));
    }
    MemoryDataSource source(std::move(series));
    std::int64_t bars = 0;
    Event event;
    for (auto _ : state) {
        source.rewind();
        while (source.next(event)) {
            benchmark::DoNotOptimize(event);
            ++bars;
        }
    }
    state.counters["bars/s"]
        = benchmark::Counter(static_cast<double>(bars), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MemoryDataSource)->ArgName("symbols")->Arg(6)->Arg(50)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
