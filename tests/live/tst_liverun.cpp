// Paper and live runs (LiveRunner): a paper run fed by a producer thread that posts the bundled
// SPY daily bars into the inbox as a feed would, filled by the SimulatedBroker, produces exactly
// the orders and fills of the backtest of the same strategy configuration over the same bars
// (both run here). There is no fill-model difference to allow for: paper with simulated execution
// uses the same SimulatedBroker with the same slippage, latency and seed on the same bars; only
// the loop's heartbeats (Timer events the engine ignores) differ. Live mode is refused without
// both confirmations; with them, a broker adapter's answers arrive through the inbox from its own
// thread and a stop cancels the working order (or keeps it with on_stop: keep).

// QtTest first: moc (Qt 6.4) cannot parse <concepts> reached through <compare> (ids.h).
#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/barstore.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/memorydatasource.h"
#include "engine/live/realtime/liverunner.h"
#include "strategies/builtinstrategies.h"
#include "tests/support/bundleddaily.h"

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <map>
#include <optional>
#include <thread>

using namespace meridian::engine;
using namespace meridian::live;

namespace {

using Series = MemoryDataSource::Series;

const char *const strategyYaml = R"(
strategies:
  - name: sma_crossover
    capital: 100000
    symbols: [SPY]
    params: {fast: 10, slow: 30, quantity: 20}
    risk_limits: {max_position_size: 0.1, max_leverage: 1.0, max_daily_loss: 0.02}
)";

const char *const executionYaml = R"(
execution:
  type: simulated
  slippage: {model: volume_based, base_bps: 5, volume_factor: 0.1}
  latency: {mean_ms: 50, std_ms: 20}
  commission: {model: alpaca}
  seed: 42
)";

// Posts bars into the inbox from its own thread, moving the simulated market clock (when given)
// to each bar's time first, as a feed replaying the market would.
class ReplayFeed final : public MarketFeed
{
public:
    ReplayFeed(Series bars, SimulatedTimeSource *market, std::vector<FeedNotice> corrections)
        : m_bars(std::move(bars))
        , m_market(market)
        , m_corrections(std::move(corrections))
    {}
    ~ReplayFeed() override { stop(); }

    std::optional<Error> start(EventInbox &inbox, const InstrumentTable &instruments) override
    {
        if (!instruments.find("SPY"))
            return Error("SPY is not subscribed");
        m_inbox = &inbox;
        m_thread = std::thread([this] {
            for (const auto &[time, bar] : m_bars) {
                if (m_stop.load())
                    break;
                if (m_market != nullptr)
                    m_market->set(time);
                if (!m_inbox->post(Event::makeBar(time, bar)))
                    break;
            }
            m_done.store(true);
        });
        return std::nullopt;
    }
    void stop() override
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }
    // As a feed that saw these bars corrected after posting them.
    std::vector<FeedNotice> barCorrections() const override { return m_corrections; }
    // Every bar posted and taken out of the inbox by the loop.
    bool delivered() const { return m_done.load() && m_inbox->size() == 0; }

private:
    Series m_bars;
    SimulatedTimeSource *m_market;
    std::vector<FeedNotice> m_corrections;
    EventInbox *m_inbox = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_done{false};
};

// A broker that accepts every order at once and never fills it, answering through the sink from
// its own thread as a real adapter does; cancellations are confirmed the same way.
class AcceptingBroker final : public BrokerAdapter
{
public:
    explicit AcceptingBroker(OrderEventSink &sink)
        : m_sink(sink)
    {}
    void submit(const Order &order, Timestamp now) override
    {
        m_orders[order.id] = order;
        answer(Event::makeOrder(now, EventType::OrderAccepted, eventDataFor(order)));
        ++m_answered;
    }
    void cancel(OrderId id, Timestamp now, std::string_view reason) override
    {
        OrderEventData data = eventDataFor(m_orders.at(id));
        data.reason = ShortText(reason);
        answer(Event::makeOrder(now, EventType::OrderCancelled, data));
    }
    void replace(OrderId old, const Order &, Timestamp now) override
    {
        answer(
            Event::makeOrder(now, EventType::OrderReplaceRejected, eventDataFor(m_orders.at(old))));
    }
    void onMarketData(const Event &) override {}
    // Orders accepted so far (read from the test's thread).
    int answered() const { return m_answered.load(); }

private:
    void answer(const Event &event)
    {
        std::thread([this, event] { m_sink.onOrderEvent(event); }).join();
    }

    OrderEventSink &m_sink;
    std::map<OrderId, Order> m_orders; // the loop's thread only
    std::atomic<int> m_answered{0};
};

Series spyBars(const std::string &storePath, Date from, Date to)
{
    auto store = BarStore::open(storePath);
    if (!store || !testing::importBundledDaily(*store, {"SPY"}))
        return {};
    const auto dataset = store->latestDataset("SPY", "1d");
    if (!dataset || !*dataset)
        return {};
    auto bars = loadBars(*store, **dataset, InstrumentId(1), newYorkTime(from, TimeOfDay{}),
                         newYorkTime(to, TimeOfDay::hms(23, 59, 59)), Adjustment::Raw);
    return bars ? std::move(*bars) : Series{};
}

// Runs `runner` on its own thread until `ready` says the run may be stopped, then stops it.
template<class Ready>
void runUntil(LiveRunner &runner, Ready ready, std::optional<Result<LiveResult>> &result)
{
    std::atomic<bool> finished{false};
    std::thread thread([&] {
        result.emplace(runner.run());
        finished = true;
    });
    // Wait without returning early: the thread must be joined whatever happens.
    const bool waited = QTest::qWaitFor(
        [&] { return finished.load() || (runner.isRunning() && ready()); }, 120000);
    runner.requestStop();
    thread.join();
    QVERIFY(waited);
}

// A paper run of `config` whose feed replays `bars` under a simulated market clock, stopped once
// the feed has delivered them all; the feed reports `corrections`. With clock.source: broker the
// runner keeps the market clock itself (from a broker clock reading a minute before the first
// bar); otherwise the test's feed moves a clock of its own.
void runPaper(const EngineConfig &config, const StrategyRegistry &registry, const Series &bars,
              std::size_t inboxCapacity, std::optional<Result<LiveResult>> &result,
              std::vector<FeedNotice> corrections = {})
{
    const Timestamp start = bars.front().first - Duration::minutes(1);
    SimulatedTimeSource market(start);
    const bool brokerClock = config.clock.source == ClockConfig::Source::Broker;
    ReplayFeed *feed = nullptr;
    LiveOptions options;
    if (brokerClock)
        options.marketTime = [start](const EngineConfig &) -> Result<Timestamp> { return start; };
    else
        options.timeSource = &market;
    options.heartbeat = std::chrono::milliseconds(5);
    options.inboxCapacity = inboxCapacity;
    options.feed = [&](const EngineConfig &) -> Result<std::unique_ptr<MarketFeed>> {
        auto made = std::make_unique<ReplayFeed>(bars, brokerClock ? nullptr : &market,
                                                 corrections);
        feed = made.get();
        return std::unique_ptr<MarketFeed>(std::move(made));
    };
    LiveRunner runner(config, registry, std::move(options));
    runUntil(
        runner, [&] { return feed != nullptr && feed->delivered(); }, result);
}

} // namespace

class TestLiveRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        meridian::strategies::registerBuiltinStrategies(m_registry);
        QVERIFY(m_dir.isValid());
        m_bars = spyBars(m_dir.filePath("market.db").toStdString(), Date{2019, 1, 1},
                         Date{2020, 12, 31});
        // 2019 and 2020 have 252 and 253 NYSE sessions.
        QCOMPARE(m_bars.size(), std::size_t(252 + 253));
    }

    void paperRunMatchesTheBacktest_data()
    {
        QTest::addColumn<QString>("clock");
        QTest::newRow("a market clock the feed moves")
            << "{type: realtime, market_hours_only: true}";
        // The runner follows the bars' times itself, at 1x in between: a decision on a daily bar
        // comes a few microseconds after the 16:00 close. Without market hours only it is taken
        // then and fills at the next bar's open, as in the backtest; with them it would wait for
        // the next session's open and miss that open (docs/live.md, "Daily bars").
        QTest::newRow("clock.source: broker")
            << "{type: realtime, source: broker, speed: 1x, market_hours_only: false}";
    }

    void paperRunMatchesTheBacktest()
    {
        QFETCH(QString, clock);
        const ConfigLoader loader(m_registry);
        const auto backtestConfig
            = loader.loadText(std::string("mode: backtest\ndata: {symbols: [SPY], timeframe: 1d}\n")
                                  .append(executionYaml)
                                  .append(strategyYaml),
                              "backtest.yaml");
        QVERIFY2(backtestConfig, backtestConfig ? "" : backtestConfig.error().message().c_str());
        const auto paperConfig = loader.loadText(
            ("mode: paper\nclock: " + clock.toStdString()
             + "\ndata: {type: realtime, source: alpaca, feed: iex, symbols: [SPY], "
               "timeframe: 1d}\n")
                .append(executionYaml)
                .append(strategyYaml),
            "paper.yaml");
        QVERIFY2(paperConfig, paperConfig ? "" : paperConfig.error().message().c_str());

        MemoryDataSource memory({m_bars});
        BacktestOptions backtestOptions;
        backtestOptions.source = &memory;
        const auto backtest = runBacktest(*backtestConfig, m_registry, backtestOptions);
        QVERIFY2(backtest, backtest ? "" : backtest.error().message().c_str());

        std::optional<Result<LiveResult>> paper;
        // An inbox of 16: the feed outruns the loop, and must block, not drop.
        runPaper(*paperConfig, m_registry, m_bars, 16, paper);
        QVERIFY(paper.has_value());
        QVERIFY2(*paper, *paper ? "" : paper->error().message().c_str());
        const BacktestResult &live = (*paper)->run;
        QVERIFY((*paper)->mode == RunMode::Paper);
        QCOMPARE(live.bars, std::uint64_t(m_bars.size()));

        // Times: exactly the backtest's when the feed holds the market clock still at each bar;
        // on the broker's clock, which runs at 1x between arrivals, up to a second of wall time
        // later (the arrival stamps), never earlier.
        const bool exactTimes = !clock.contains(QLatin1String("broker"));
        const auto sameTime = [&](Timestamp paperTime, Timestamp backtestTime) {
            const std::int64_t late = paperTime.unixNanos() - backtestTime.unixNanos();
            return exactTimes ? late == 0 : late >= 0 && late < 1'000'000'000;
        };
        // The same signals and orders...
        QVERIFY(backtest->orders.size() >= 4); // the crossover trades in both years
        QCOMPARE(live.orders.size(), backtest->orders.size());
        for (std::size_t i = 0; i < live.orders.size(); ++i) {
            const Order &a = live.orders[i];
            const Order &b = backtest->orders[i];
            QVERIFY(a.side == b.side);
            QVERIFY(a.type == b.type);
            QVERIFY(a.status == b.status);
            QCOMPARE(a.quantity.raw(), b.quantity.raw());
            QVERIFY(sameTime(a.submittedAt, b.submittedAt));
            // The same latency draws.
            QCOMPARE(a.arrivesAt.unixNanos() - a.submittedAt.unixNanos(),
                     b.arrivesAt.unixNanos() - b.submittedAt.unixNanos());
            QCOMPARE(a.reason, b.reason);
        }
        // ...and the same fills: time, price (slippage included), quantity, commission.
        QCOMPARE(live.fills.size(), backtest->fills.size());
        QVERIFY(!live.fills.empty());
        for (std::size_t i = 0; i < live.fills.size(); ++i) {
            const FillRecord &a = live.fills[i];
            const FillRecord &b = backtest->fills[i];
            QCOMPARE(a.order.value(), b.order.value());
            QVERIFY2(sameTime(a.time, b.time), (formatIso(a.time) + " vs " + formatIso(b.time)).c_str());
            QCOMPARE(a.price.raw(), b.price.raw());
            QCOMPARE(a.quantity.raw(), b.quantity.raw());
            QCOMPARE(a.commission.raw(), b.commission.raw());
        }
        QCOMPARE(live.finalEquity.raw(), backtest->finalEquity.raw());
        qInfo("paper = backtest: %zu orders, %zu fills, final equity %s; %llu heartbeats",
              live.orders.size(), live.fills.size(), live.finalEquity.toString(2).c_str(),
              static_cast<unsigned long long>((*paper)->heartbeats));
        QCOMPARE(live.equity.size(), backtest->equity.size());
        QCOMPARE((*paper)->leftWorking.size(), std::size_t(0));
        QVERIFY((*paper)->blockedPosts > 0); // the small inbox held the feed back
        // The feed's data-quality checks ran and found every session of 2019-2020 there.
        for (const Alert &alert : live.alerts)
            QVERIFY2(alert.source != "data quality", alert.message.c_str());
    }

    void feedQualityChecksReportAMissingSession()
    {
        // The feed skips the 11th session of 2019 (Wednesday 2019-01-16): the run's alerts say
        // so, as the import would, at the next bar (01-17). It also saw one bar corrected after
        // posting it (an Alpaca `u`): a data-quality warning too, counted in the result.
        Series bars = m_bars;
        const Timestamp after = bars[11].first;
        QCOMPARE(after, dailyBarTimestamp(Date{2019, 1, 17}));
        bars.erase(bars.begin() + 10);
        const ConfigLoader loader(m_registry);
        const auto config = loader.loadText(
            std::string("mode: paper\nclock: {type: realtime, market_hours_only: true}\n"
                        "data: {type: realtime, source: alpaca, symbols: [SPY], timeframe: 1d}\n")
                .append(executionYaml)
                .append(strategyYaml),
            "paper.yaml");
        QVERIFY2(config, config ? "" : config.error().message().c_str());
        std::optional<Result<LiveResult>> paper;
        const std::string correction = "bar correction: SPY 2019-01-18T15:59 close 260.05 \u2192 "
                                       "260.06";
        const Timestamp corrected = newYorkTime(Date{2019, 1, 18}, TimeOfDay::hms(16, 0, 0));
        runPaper(*config, m_registry, bars, 4096, paper, {FeedNotice{corrected, correction}});
        QVERIFY(paper.has_value() && *paper);
        std::vector<std::string> quality;
        for (const Alert &alert : (*paper)->run.alerts) {
            if (alert.source == "data quality") {
                quality.push_back(alert.message);
                QVERIFY(alert.severity == Alert::Severity::Warning);
                QCOMPARE(alert.time, quality.size() == 1 ? after : corrected);
            }
        }
        QCOMPARE(quality.size(), std::size_t(2));
        QVERIFY2(quality[0].starts_with("SPY: missing_sessions"), quality[0].c_str());
        QCOMPARE(quality[1], correction);
        QCOMPARE((*paper)->barCorrections, std::uint64_t(1));
    }

    // Realtime bars are aggregated from the feed's minute bars: whole minutes or 1d only.
    void realtimeTimeframesAreWholeMinutesOrDaily()
    {
        const ConfigLoader loader(m_registry);
        const auto load = [&](const char *timeframe) {
            return loader.loadText(std::string("mode: paper\nclock: {type: realtime}\n"
                                               "data: {type: realtime, symbols: [SPY], timeframe: ")
                                       .append(timeframe)
                                       .append("}\n")
                                       .append(strategyYaml),
                                   "paper.yaml");
        };
        for (const char *good : {"1m", "5m", "1h", "1d"}) {
            const auto config = load(good);
            QVERIFY2(config, config ? good : config.error().message().c_str());
        }
        const auto seconds = load("30s");
        QVERIFY(!seconds);
        QVERIFY2(seconds.error().message().find("paper.yaml:3:") != std::string::npos
                     && seconds.error().message().find("whole minutes") != std::string::npos,
                 seconds.error().message().c_str());
        const auto backtest = loader.loadText(
            std::string("mode: backtest\ndata: {symbols: [SPY], timeframe: 30s}\n")
                .append(strategyYaml),
            "backtest.yaml");
        QVERIFY2(backtest, backtest ? "" : backtest.error().message().c_str());
    }

    void liveNeedsBothConfirmations()
    {
        const ConfigLoader loader(m_registry);
        const std::string head = "mode: live\nclock: {type: realtime}\n"
                                 "data: {type: realtime, source: alpaca, symbols: [SPY]}\n";
        const auto unconfirmed = loader.loadText(
            std::string(head).append("execution: {type: broker, broker: alpaca, endpoint: live}\n").append(strategyYaml),
            "live.yaml");
        QVERIFY2(unconfirmed, unconfirmed ? "" : unconfirmed.error().message().c_str());
        QVERIFY(!unconfirmed->execution.confirmLive);
        const auto confirmed = loader.loadText(
            std::string(head)
                .append("execution: {type: broker, broker: alpaca, endpoint: live, confirm_live: true}\n")
                .append(strategyYaml),
            "live.yaml");
        QVERIFY2(confirmed, confirmed ? "" : confirmed.error().message().c_str());
        QVERIFY(confirmed->execution.confirmLive);

        LiveOptions options;
        options.feed = [](const EngineConfig &) -> Result<std::unique_ptr<MarketFeed>> {
            return Error("not reached");
        };
        options.broker = [](OrderEventSink &sink, const EngineConfig &,
                            const InstrumentTable &) -> Result<std::unique_ptr<BrokerAdapter>> {
            return std::unique_ptr<BrokerAdapter>(std::make_unique<AcceptingBroker>(sink));
        };
        options.confirmLive = true;
        auto refused = checkLiveSetup(*unconfirmed, options);
        QVERIFY(refused);
        QCOMPARE(refused->message(),
                 std::string("live.yaml: mode 'live' trades real money: the file must "
                             "also say execution.confirm_live: true (and the command "
                             "line --confirm-live)"));
        options.confirmLive = false;
        refused = checkLiveSetup(*confirmed, options);
        QVERIFY(refused);
        QCOMPARE(refused->message(),
                 std::string("live.yaml: mode 'live' trades real money: confirm it on "
                             "the command line with --confirm-live"));
        // run() refuses the same way before building anything.
        LiveRunner runner(*confirmed, m_registry, options);
        const auto result = runner.run();
        QVERIFY(!result);
        QVERIFY(result.error().message().find("--confirm-live") != std::string::npos);

        options.confirmLive = true;
        QVERIFY(!checkLiveSetup(*confirmed, options));
        options.broker = nullptr;
        refused = checkLiveSetup(*confirmed, options);
        QVERIFY(refused);
        QVERIFY(refused->message().find("no adapter") != std::string::npos);

        QCOMPARE(modeBanner(RunMode::Live), std::string_view("LIVE - REAL MONEY"));
        QCOMPARE(modeBanner(RunMode::Paper), std::string_view("PAPER"));
    }

    void liveStopCancelsWorkingOrdersThroughTheBroker()
    {
        std::optional<Result<LiveResult>> result;
        runLiveWithAcceptingBroker("cancel", false, result);
        QVERIFY(result.has_value());
        QVERIFY2(*result, *result ? "" : (*result).error().message().c_str());
        const LiveResult &live = **result;
        QVERIFY(live.mode == RunMode::Live);
        // buy_and_hold buys 10 shares once; the broker accepted and never filled it, the stop
        // canceled it and the broker's confirmation came back through the inbox.
        QCOMPARE(live.run.orders.size(), std::size_t(1));
        QVERIFY(live.run.orders[0].status == OrderStatus::Canceled);
        QCOMPARE(live.run.orders[0].quantity.raw(), Quantity::fromUnits(10).raw());
        QVERIFY(!live.cancellationsUnconfirmed);
        QVERIFY(live.leftWorking.empty());
        QCOMPARE(live.run.fillCount, std::uint64_t(0));
    }

    void liveStopKeepsWorkingOrdersWhenConfigured()
    {
        std::optional<Result<LiveResult>> result;
        runLiveWithAcceptingBroker("keep", true, result);
        QVERIFY(result.has_value());
        QVERIFY2(*result, *result ? "" : (*result).error().message().c_str());
        const LiveResult &live = **result;
        QCOMPARE(live.leftWorking.size(), std::size_t(1));
        QVERIFY(live.leftWorking[0].status == OrderStatus::New);
        QVERIFY(live.run.orders[0].status == OrderStatus::New);
        // The pause posted from the test's thread went through the inbox to the engine.
        bool paused = false;
        for (const Alert &alert : live.run.alerts)
            paused = paused || (alert.source == "buy_and_hold" && alert.message == "paused");
        QVERIFY(paused);
        QCOMPARE(live.run.strategies.size(), std::size_t(1));
        QVERIFY(live.run.strategies[0].state == StrategyState::Paused);
    }

private:
    // With `pause`, a Pause command is posted once the order is working, and the run stops
    // after the loop has taken it.
    void runLiveWithAcceptingBroker(const std::string &onStop, bool pause,
                                    std::optional<Result<LiveResult>> &result)
    {
        const ConfigLoader loader(m_registry);
        const auto config
            = loader.loadText("mode: live\nclock: {type: realtime, market_hours_only: true}\n"
                              "data: {type: realtime, source: alpaca, symbols: [SPY]}\n"
                              "execution: {type: broker, broker: alpaca, endpoint: live, "
                              "confirm_live: true, on_stop: "
                                  + onStop
                                  + std::string("}\nstrategies:\n  - name: buy_and_hold\n    capital: 100000\n"
                                                "    symbols: [SPY]\n"
                                                "    params: {quantity: 10}\n"),
                              "live.yaml");
        QVERIFY2(config, config ? "" : config.error().message().c_str());
        const Series bars(m_bars.begin(), m_bars.begin() + 5);
        SimulatedTimeSource market(bars.front().first - Duration::minutes(1));
        ReplayFeed *feed = nullptr;
        AcceptingBroker *broker = nullptr;
        LiveOptions options;
        options.confirmLive = true;
        options.timeSource = &market;
        options.heartbeat = std::chrono::milliseconds(5);
        options.stopTimeout = std::chrono::seconds(10);
        options.feed = [&](const EngineConfig &) -> Result<std::unique_ptr<MarketFeed>> {
            auto made = std::make_unique<ReplayFeed>(bars, &market, std::vector<FeedNotice>{});
            feed = made.get();
            return std::unique_ptr<MarketFeed>(std::move(made));
        };
        options.broker = [&](OrderEventSink &sink, const EngineConfig &,
                             const InstrumentTable &) -> Result<std::unique_ptr<BrokerAdapter>> {
            auto made = std::make_unique<AcceptingBroker>(sink);
            broker = made.get();
            return std::unique_ptr<BrokerAdapter>(std::move(made));
        };
        LiveRunner runner(*config, m_registry, std::move(options));
        // The accepted answer was posted, and the inbox is empty again: the loop has it.
        bool pausePosted = false;
        runUntil(
            runner,
            [&] {
                if (broker == nullptr || broker->answered() < 1 || feed == nullptr
                    || !feed->delivered())
                    return false;
                if (pause && !pausePosted) {
                    pausePosted = runner.postControl(ControlCommand::Pause);
                    return false;
                }
                return true;
            },
            result);
        QVERIFY(!runner.postControl(ControlCommand::Pause)); // the run is over
    }

    StrategyRegistry m_registry;
    QTemporaryDir m_dir;
    Series m_bars;
};

QTEST_GUILESS_MAIN(TestLiveRun)
#include "tst_liverun.moc"
