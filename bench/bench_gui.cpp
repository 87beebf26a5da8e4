// Responsiveness of the workstation while a large backtest runs on the worker thread: the
// longest stalls of the GUI event loop (p99 and max of the gaps between ticks of a 2 ms timer
// on the GUI thread, minus the 2 ms), the rate of snapshots the window receives (target
// ≤ 30/s), and how long a cancel takes to end the run. Data: a synthetic random walk of
// 1,000,000 one-minute SPY bars (≈ 10 years of regular sessions), from memory, traded by
// sma_crossover (fast 10, slow 30) — about 30,000 round trips streaming into the tables and
// one equity point per bar into the chart. Offscreen platform. Also the GUI thread's CPU time in
// each gap (a loaded machine lengthens gaps with time spent waiting for a core), where that time
// goes (every handler and slice, and the handlers of the longest gaps, printed after each run),
// and one redraw of each chart with the million minutes in view. Results: docs/performance.md.

#include "ui/enginecontroller.h"
#include "ui/equitychart.h"
#include "ui/equitysampling.h"
#include "ui/pricechart.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"

#include "engine/core/civiltime.h"
#include "engine/data/memorydatasource.h"
#include "strategies/builtinstrategies.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QMetaEnum>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace meridian;

namespace {

constexpr std::size_t kBars = 1'000'000;

// Where the GUI thread's time goes: every event it dispatches (by receiver class and event
// type, outermost dispatch only, so nothing is counted twice), every widget paint (nested in
// the window's update request) and every slice of view building the window runs (nested in its
// slice timer), each with its count, total and longest time. Printed after each run.
class ProbedApplication : public QApplication
{
public:
    using QApplication::QApplication;

    struct Stat
    {
        int count = 0;
        int over8ms = 0;
        double totalMs = 0.0;
        double maxMs = 0.0;
        void add(double ms)
        {
            ++count;
            over8ms += ms > 8.0 ? 1 : 0;
            totalMs += ms;
            maxMs = std::max(maxMs, ms);
        }
    };

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_probing || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const bool paint = event->type() == QEvent::Paint;
        if (m_depth > 0 && !paint) {
            ++m_depth;
            const bool done = QApplication::notify(receiver, event);
            --m_depth;
            return done;
        }
        // The receiver may be gone once the event is handled (deleteLater).
        const char *receiverClass = receiver->metaObject()->className();
        QElapsedTimer timer;
        timer.start();
        ++m_depth;
        const bool done = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = static_cast<double>(timer.nsecsElapsed()) * 1e-6;
        std::string key = paint ? "paint " : "event ";
        key.append(receiverClass);
        if (!paint) {
            const char *type = QMetaEnum::fromType<QEvent::Type>().valueToKey(event->type());
            key.append(" ").append(type != nullptr ? type : "?");
        }
        m_stats[key].add(ms);
        if (ms >= 0.5)
            m_gap.emplace_back(key, ms);
        return done;
    }

    // The ticker saw a gap of `stallMs`: remember the handlers that ran in it if it is one of the
    // longest.
    void endGap(double stallMs)
    {
        constexpr std::size_t kept = 4;
        if (m_worst.size() < kept || stallMs > m_worst.back().first) {
            m_worst.emplace_back(stallMs, std::move(m_gap));
            std::sort(m_worst.begin(), m_worst.end(),
                      [](const auto &a, const auto &b) { return a.first > b.first; });
            if (m_worst.size() > kept)
                m_worst.pop_back();
        }
        m_gap.clear();
    }

    void addSlice(const char *label, qint64 nanoseconds)
    {
        const double ms = static_cast<double>(nanoseconds) * 1e-6;
        m_stats[std::string("slice ").append(label)].add(ms);
        if (ms >= 0.5)
            m_gap.emplace_back(std::string("  slice ").append(label), ms);
    }

    void start()
    {
        m_stats.clear();
        m_gap.clear();
        m_worst.clear();
        m_probing = true;
    }

    void stop() { m_probing = false; }

    // The entries whose longest time exceeds 2 ms, longest first.
    void print() const
    {
        std::vector<std::pair<std::string, Stat>> rows(m_stats.begin(), m_stats.end());
        std::sort(rows.begin(), rows.end(),
                  [](const auto &a, const auto &b) { return a.second.maxMs > b.second.maxMs; });
        std::fprintf(stderr, "%-58s %7s %6s %9s %8s\n", "GUI thread: handler", "count", ">8ms",
                     "total ms", "max ms");
        for (const auto &[key, stat] : rows) {
            if (stat.maxMs > 2.0)
                std::fprintf(stderr, "%-58s %7d %6d %9.1f %8.1f\n", key.c_str(), stat.count,
                             stat.over8ms, stat.totalMs, stat.maxMs);
        }
        for (const auto &[stall, handlers] : m_worst) {
            std::fprintf(stderr, "stall of %.1f ms:", stall);
            for (const auto &[key, ms] : handlers)
                std::fprintf(stderr, " [%s %.1f]", key.c_str(), ms);
            std::fprintf(stderr, "\n");
        }
    }

private:
    bool m_probing = false;
    int m_depth = 0;
    std::map<std::string, Stat> m_stats;
    std::vector<std::pair<std::string, double>> m_gap; // handlers of ≥ 0.5 ms since the last tick
    std::vector<std::pair<double, std::vector<std::pair<std::string, double>>>> m_worst;
};

ProbedApplication &probe()
{
    return *static_cast<ProbedApplication *>(QCoreApplication::instance());
}

engine::MemoryDataSource::Series randomWalk(std::size_t count)
{
    engine::MemoryDataSource::Series bars;
    bars.reserve(count);
    std::uint64_t state = 42;
    const auto uniform = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
    };
    double price = 100.0;
    engine::Date date{2010, 1, 4};
    while (bars.size() < count) {
        if (date.weekday() != engine::Weekday::Saturday && date.weekday() != engine::Weekday::Sunday) {
            for (int minute = 0; minute < 390 && bars.size() < count; ++minute) {
                const double open = price;
                price = std::max(1.0, price * (1.0 + (uniform() - 0.5) * 0.002));
                const double high = std::max(open, price) * (1.0 + uniform() * 0.0005);
                const double low = std::min(open, price) * (1.0 - uniform() * 0.0005);
                engine::BarData bar;
                bar.instrument = engine::InstrumentId(1);
                bar.open = engine::Price::fromDouble(open);
                bar.high = engine::Price::fromDouble(high);
                bar.low = engine::Price::fromDouble(low);
                bar.close = engine::Price::fromDouble(price);
                bar.volume = engine::Quantity::fromUnits(1000 + static_cast<std::int64_t>(uniform() * 50000));
                bars.emplace_back(engine::newYorkTime(date, engine::TimeOfDay::hms(9, 30 + minute, 0)), bar);
            }
        }
        date = date.addDays(1);
    }
    return bars;
}

struct Fixture
{
    QTemporaryDir dir;
    engine::StrategyRegistry registry;
    std::unique_ptr<engine::MemoryDataSource> source;
    std::unique_ptr<ui::LanguageManager> languages;
    std::unique_ptr<ui::MainWindow> window;

    Fixture()
    {
        strategies::registerBuiltinStrategies(registry);
        std::vector<engine::MemoryDataSource::Series> series;
        series.push_back(randomWalk(kBars));
        source = std::make_unique<engine::MemoryDataSource>(std::move(series));
        const QString config = dir.filePath(QStringLiteral("minute.yaml"));
        QFile file(config);
        file.open(QIODevice::WriteOnly);
        file.write("mode: backtest\n"
                   "data: {timeframe: 1m, symbols: [SPY]}\n"
                   "execution: {type: simulated, fill_at: next_open}\n"
                   "strategies:\n"
                   "  - name: sma_crossover\n"
                   "    capital: 100000\n"
                   "    symbols: [SPY]\n"
                   "    params: {fast: 10, slow: 30, quantity: 100}\n");
        file.close();
        languages = std::make_unique<ui::LanguageManager>();
        ui::WorkstationOptions options;
        options.configDir = dir.path();
        options.defaultConfig = config;
        options.restoreLayout = false;
        options.source = source.get();
        window = std::make_unique<ui::MainWindow>(registry, *languages, options);
        window->resize(1600, 1000);
        window->show();
        window->setSliceProbe(
            [](const char *label, qint64 nanoseconds) { probe().addSlice(label, nanoseconds); });
    }
};

// Built by the first benchmark, destroyed by main() while the application still exists.
std::unique_ptr<Fixture> &fixtureSlot()
{
    static std::unique_ptr<Fixture> instance;
    return instance;
}

Fixture &fixture()
{
    if (!fixtureSlot())
        fixtureSlot() = std::make_unique<Fixture>();
    return *fixtureSlot();
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) * 1e-6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

// One full run of the million bars with the window live; the GUI thread's stalls and the
// snapshot rate.
void BM_GuiStallDuringBacktest(benchmark::State &state)
{
    Fixture &f = fixture();
    // Over every run of the benchmark together.
    std::vector<double> stalls;
    std::vector<double> busy;
    stalls.reserve(100000);
    busy.reserve(100000);
    double totalSeconds = 0.0;
    double totalSnapshots = 0.0;
    for (auto _ : state) {
        f.source->rewind();
        QElapsedTimer clock;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(2);
        // Also the GUI thread's CPU time between ticks: on a loaded machine a gap also holds the
        // time the thread waited for a core, which the CPU time leaves out.
        qint64 last = 0;
        double lastCpu = threadCpuMs();
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            const double cpu = threadCpuMs();
            const double stall = std::max(0.0, static_cast<double>(now - last) * 1e-6 - 2.0);
            stalls.push_back(stall);
            probe().endGap(stall);
            busy.push_back(std::min(stall, cpu - lastCpu));
            last = now;
            lastCpu = cpu;
        });
        const std::uint64_t snapshotsBefore = f.window->controller().snapshotCount();
        QEventLoop loop;
        QObject::connect(f.window.get(), &ui::MainWindow::runFinished, &loop, &QEventLoop::quit);
        clock.start();
        lastCpu = threadCpuMs();
        ticker.start();
        probe().start();
        if (!f.window->startRun()) {
            state.SkipWithError("the run did not start");
            return;
        }
        loop.exec();
        const double seconds = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
        ticker.stop();
        probe().stop();
        probe().print();
        const double snapshots = static_cast<double>(f.window->controller().snapshotCount() - snapshotsBefore);
        state.SetIterationTime(seconds);
        totalSeconds += seconds;
        totalSnapshots += snapshots;
    }
    state.counters["stall_p99_ms"] = percentile(stalls, 0.99);
    state.counters["stall_max_ms"] = percentile(stalls, 1.0);
    state.counters["stall_cpu_p99_ms"] = percentile(busy, 0.99);
    state.counters["snapshots_per_s"] = totalSnapshots / totalSeconds;
    state.counters["bars_per_s"]
        = static_cast<double>(kBars) * static_cast<double>(state.iterations()) / totalSeconds;
}
BENCHMARK(BM_GuiStallDuringBacktest)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);

// Cancel 300 ms into the run: the time from cancel() until the window has shown the outcome
// (the time measured), and engine_stop_ms: from the cancel command to the end of the last instant
// the engine processed (the run has stopped; the rest is the result, its report and the views).
void BM_CancelLatency(benchmark::State &state)
{
    Fixture &f = fixture();
    for (auto _ : state) {
        f.source->rewind();
        QEventLoop loop;
        QElapsedTimer sinceCancel;
        double engineStop = 0.0;
        QObject::connect(f.window.get(), &ui::MainWindow::runFinished, &loop, &QEventLoop::quit);
        const auto finished = QObject::connect(&f.window->controller(), &ui::EngineController::finished,
                                               [&](const ui::OutcomePtr &outcome) {
                                                   engineStop = outcome->cancelToStopSeconds;
                                               });
        QTimer::singleShot(300, [&] {
            sinceCancel.start();
            f.window->cancelRun();
        });
        if (!f.window->startRun()) {
            state.SkipWithError("the run did not start");
            return;
        }
        loop.exec();
        QObject::disconnect(finished);
        state.SetIterationTime(static_cast<double>(sinceCancel.nsecsElapsed()) * 1e-9);
        state.counters["engine_stop_ms"] = engineStop * 1e3;
    }
}
BENCHMARK(BM_CancelLatency)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);

// One redraw of each chart with the random walk's million minutes in view, as the window draws
// it (1600 px wide): the price chart with a fill marker every 16 bars, the equity chart as a
// live run's preview (arg 0) and as the finished curve with its levels of detail (arg 1).
void BM_PriceChartRedraw(benchmark::State &state)
{
    const engine::MemoryDataSource::Series walk = randomWalk(kBars);
    std::vector<ui::ChartBar> bars;
    std::vector<engine::FillRecord> fills;
    bars.reserve(walk.size());
    ui::ChartClock clock;
    for (std::size_t i = 0; i < walk.size(); ++i) {
        const auto &[time, bar] = walk[i];
        bars.push_back({clock.chartTime(time), bar.open.toDouble(), bar.high.toDouble(),
                        bar.low.toDouble(), bar.close.toDouble(), bar.volume.toDouble()});
        if (i % 16 == 0) {
            engine::FillRecord fill;
            fill.instrument = bar.instrument;
            fill.side = (i / 16) % 2 == 0 ? engine::Side::Buy : engine::Side::Sell;
            fill.price = bar.close;
            fill.time = time;
            fills.push_back(fill);
        }
    }
    ui::PriceChart chart;
    chart.resize(1600, 560);
    chart.show();
    chart.setBars(QStringLiteral("SPY"), bars);
    chart.setFills(fills, engine::InstrumentId(1));
    for (auto _ : state)
        chart.replot(QCustomPlot::rpImmediateRefresh);
    state.counters["candles"] = chart.drawnCandles();
}
BENCHMARK(BM_PriceChartRedraw)->Unit(benchmark::kMillisecond);

void BM_EquityChartRedraw(benchmark::State &state)
{
    const engine::MemoryDataSource::Series walk = randomWalk(kBars);
    std::vector<engine::EquityPoint> curve;
    curve.reserve(walk.size());
    for (const auto &[time, bar] : walk)
        curve.push_back({time, engine::Money::fromDouble(1000.0 * bar.close.toDouble()), {}});
    ui::EquityChart chart;
    chart.resize(1600, 420);
    chart.show();
    if (state.range(0) == 0) {
        for (std::size_t from = 0; from < curve.size(); from += 50000) // as the window's slices do
            chart.appendEquity(
                std::span(curve).subspan(from, std::min<std::size_t>(50000, curve.size() - from)));
    } else
        chart.setEquity(QStringLiteral("Run"), ui::equitySeries(curve));
    for (auto _ : state)
        chart.replot(QCustomPlot::rpImmediateRefresh);
}
BENCHMARK(BM_EquityChartRedraw)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    ProbedApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MeridianBench"));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    fixtureSlot().reset();
    return 0;
}
