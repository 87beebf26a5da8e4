#include "engine/live/realtime/liverunner.h"

#include "engine/core/nysecalendar.h"
#include "engine/data/qualitycheckedsource.h"
#include "engine/data/timeframe.h"
#include "engine/execution/simulatedbroker.h"

#include <chrono>

namespace meridian::live {

using namespace meridian::engine;

namespace {

// Working orders of the run, oldest first (ids are handed out 1, 2, ...).
std::vector<Order> workingOrders(const TradingEngine &engine)
{
    std::vector<Order> working;
    for (std::uint64_t id = 1; id <= engine.ordersSubmitted(); ++id) {
        const Order *order = engine.orders().find(OrderId(id));
        if (order != nullptr && order->isOpen())
            working.push_back(*order);
    }
    return working;
}

bool hasWorkingOrders(const TradingEngine &engine)
{
    for (std::uint64_t id = 1; id <= engine.ordersSubmitted(); ++id) {
        const Order *order = engine.orders().find(OrderId(id));
        if (order != nullptr && order->isOpen())
            return true;
    }
    return false;
}

} // namespace

// A broker adapter's answers, from its own threads, go through the inbox like market data.
class LiveRunner::InboxSink final : public OrderEventSink
{
public:
    explicit InboxSink(EventInbox &inbox)
        : m_inbox(inbox)
    {}
    void onOrderEvent(const Event &event) override { m_inbox.post(event); }

private:
    EventInbox &m_inbox;
};

std::string_view modeBanner(RunMode mode)
{
    switch (mode) {
    case RunMode::Backtest:
        return "BACKTEST";
    case RunMode::Paper:
        return "PAPER";
    case RunMode::Live:
        return "LIVE - REAL MONEY";
    }
    return "PAPER";
}

std::optional<Error> checkLiveSetup(const EngineConfig &config, const LiveOptions &options)
{
    const std::string &file = config.sourcePath;
    if (config.mode == RunMode::Backtest)
        return Error(file
                     + ": mode 'backtest' is run with `meridian backtest`; `meridian run` runs "
                       "mode 'paper' or 'live'");
    if (config.clock.type != ClockConfig::Type::Realtime)
        return Error(file + ": clock.type: a paper or live run needs a realtime clock");
    if (config.data.type != DataConfig::Type::Realtime)
        return Error(file + ": data.type: a paper or live run needs realtime data");
    if (config.mode == RunMode::Live) {
        if (config.execution.type != ExecutionConfig::Type::Broker
            || config.execution.endpoint != "live")
            return Error(file + ": mode 'live' needs execution: {type: broker, endpoint: live}");
        if (!config.execution.confirmLive)
            return Error(file
                         + ": mode 'live' trades real money: the file must also say "
                           "execution.confirm_live: true (and the command line --confirm-live)");
        if (!options.confirmLive)
            return Error(file
                         + ": mode 'live' trades real money: confirm it on the command line "
                           "with --confirm-live");
    }
    if (config.clock.source == ClockConfig::Source::Broker) {
        if (config.mode == RunMode::Live)
            return Error(file + ": clock.source: broker is for replays; mode 'live' runs on the "
                                "wall clock");
        if (!options.marketTime)
            return Error(file + ": clock.source: broker: this build cannot read the broker's "
                                "market clock");
    }
    if (config.execution.type == ExecutionConfig::Type::Broker && !options.broker)
        return Error(file + ": execution.type: broker (" + config.execution.broker + ", endpoint "
                     + config.execution.endpoint + "): this build has no adapter for that broker");
    if (!options.feed)
        return Error(file + ": data.source: " + config.data.source
                     + ": this build has no realtime feed for that source");
    return std::nullopt;
}

LiveRunner::LiveRunner(const EngineConfig &config,
                       const StrategyRegistry &registry,
                       LiveOptions options)
    : m_config(config)
    , m_registry(registry)
    , m_options(std::move(options))
{}

LiveRunner::~LiveRunner() = default;

void LiveRunner::requestStop()
{
    m_stopRequested.store(true, std::memory_order_release);
    const std::lock_guard lock(m_mutex);
    if (m_source != nullptr)
        m_source->stop();
    if (m_clock != nullptr)
        m_clock->interrupt(); // a wait for the next event (or the next open) ends now
}

bool LiveRunner::postControl(ControlCommand command, StrategyId strategy)
{
    if (command == ControlCommand::Stop) {
        // A Stop event would stop the loop for good, before the cancellations are processed.
        requestStop();
        return true;
    }
    const std::lock_guard lock(m_mutex);
    if (m_inbox == nullptr || m_stopRequested.load(std::memory_order_acquire))
        return false;
    return m_inbox->post(Event::makeControl(Timestamp(), command, strategy));
}

void LiveRunner::drainCancellations(EventLoop &loop, TradingEngine &engine, LiveResult &result)
{
    // A simulated venue answered at once (the events are queued); a broker answers through the
    // inbox, which the loop no longer reads: hand its order events over until every order is
    // final or the time is up. Market data arriving meanwhile is of no use any more.
    loop.run();
    const auto deadline = std::chrono::steady_clock::now() + m_options.stopTimeout;
    while (hasWorkingOrders(engine)) {
        Event event;
        const EventInbox::PopStatus status = m_inbox->pop(event, deadline);
        if (status == EventInbox::PopStatus::TimedOut || status == EventInbox::PopStatus::Closed) {
            result.cancellationsUnconfirmed = true;
            return;
        }
        if (status != EventInbox::PopStatus::Popped || event.eventClass() != EventClass::Order)
            continue;
        loop.schedule(event);
        loop.run();
    }
}

Result<LiveResult> LiveRunner::run()
{
    if (const std::optional<Error> refused = checkLiveSetup(m_config, m_options))
        return *refused;
    const EngineConfig &config = m_config;
    LiveResult result;
    result.mode = config.mode;
    BacktestResult &report = result.run;
    report.configPath = config.sourcePath;
    report.timeframe = config.data.timeframe;
    report.fillAtClose = config.execution.type == ExecutionConfig::Type::Simulated
                         && config.execution.fillAt == ExecutionConfig::FillAt::Close;
    report.adjustment = "raw"; // a feed delivers traded prices
    report.riskFreeRate = config.analytics.riskFreeRate;

    const auto timeframe = Timeframe::parse(config.data.timeframe);
    if (!timeframe)
        return timeframe.error().withContext(config.sourcePath + ": data.timeframe");
    if (const std::optional<Error> bad = addDataSymbols(config, report))
        return *bad;
    auto setups = strategySetups(config, m_registry, report.instruments);
    if (!setups)
        return setups.error();
    if (setups->empty())
        return Error(config.sourcePath + ": no enabled strategy to run");

    std::optional<SimulatedTimeSource> marketTime;
    const TimeSource *time = m_options.timeSource;
    if (config.clock.source == ClockConfig::Source::Broker) {
        const auto start = m_options.marketTime(config);
        if (!start)
            return start.error().withContext(config.sourcePath + ": clock.source: broker");
        marketTime.emplace(*start, config.clock.speed);
        time = &*marketTime;
    }
    const NyseCalendar calendar;
    RealtimeClock clock(time, config.clock.marketHoursOnly ? &calendar : nullptr);
    EventInbox inbox(clock.source(), m_options.inboxCapacity);
    if (marketTime)
        inbox.followMarketTime(*marketTime);
    InboxDataSource source(inbox, m_options.heartbeat);
    TradingEngine engine(report.instruments, calendar, clock, m_options.retainOrderLog);
    for (StrategySetup &setup : *setups)
        engine.addStrategy(std::move(setup));
    engine.setAccountLimits(config.accountRiskLimits);

    InboxSink sink(inbox);
    std::unique_ptr<BrokerAdapter> broker;
    if (config.execution.type == ExecutionConfig::Type::Simulated) {
        // On the loop's thread, answering through the engine exactly as in a backtest.
        broker = std::make_unique<SimulatedBroker>(engine, calendar,
                                                   simulatedBrokerConfig(config.execution));
    } else {
        auto made = m_options.broker(sink, config, report.instruments);
        if (!made)
            return made.error().withContext(config.sourcePath + ": execution");
        broker = std::move(*made);
    }
    engine.setBroker(*broker);
    auto feed = m_options.feed(config);
    if (!feed)
        return feed.error().withContext(config.sourcePath + ": data");

    // The import's data-quality checks on the feed: missing bars and sessions, outliers, zero
    // volume, stale prices (reported as warnings in the run's alerts).
    QualityCheckedSource checked(source, report.instruments, *timeframe, calendar);
    EventLoop loop(clock, engine, &checked);
    engine.attach(loop);
    engine.setInstantObserver(m_options.observer);
    loop.setRecorder(m_options.recorder);
    {
        const std::lock_guard lock(m_mutex);
        m_inbox = &inbox;
        m_source = &source;
        m_clock = &clock;
    }
    const auto started = std::chrono::steady_clock::now();
    engine.start();
    if (const std::optional<Error> failed = (*feed)->start(inbox, report.instruments)) {
        engine.finish();
        const std::lock_guard lock(m_mutex);
        m_inbox = nullptr;
        m_source = nullptr;
        m_clock = nullptr;
        return failed->withContext(config.sourcePath + ": data");
    }
    m_running.store(true, std::memory_order_release);
    if (m_stopRequested.load(std::memory_order_acquire))
        source.stop(); // asked before the source existed
    report.outcome = loop.run();
    clock.release();        // the shutdown below must not wait for the market to open
    inbox.stopMarketData(); // unblocks a feed waiting on a full inbox, so that it can stop
    (*feed)->stop();

    if (config.execution.onStop == ExecutionConfig::OnStop::Cancel) {
        engine.cancelAtEndOfRun(clock.now());
        drainCancellations(loop, engine, result);
    } else {
        loop.run(); // what the engine scheduled before the stop
    }
    result.leftWorking = workingOrders(engine);
    engine.finish();
    m_running.store(false, std::memory_order_release);
    {
        const std::lock_guard lock(m_mutex);
        m_inbox = nullptr;
        m_source = nullptr;
        m_clock = nullptr;
    }
    inbox.close();
    report.elapsedSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    collectRunResult(engine, loop, *timeframe, config.analytics.riskFreeRate,
                     m_options.retainOrderLog, report);
    checked.finish();
    for (const SymbolQualityIssue &found : checked.issues()) {
        std::string message = found.symbol;
        message.append(": ").append(toString(found.issue.kind));
        if (!found.issue.detail.empty())
            message.append(": ").append(found.issue.detail);
        report.alerts.push_back(Alert{found.issue.time, Alert::Severity::Warning, "data quality",
                                      std::move(message)});
    }
    // Corrections of bars already delivered: the same path as the checks' findings.
    for (const FeedNotice &notice : (*feed)->barCorrections()) {
        report.alerts.push_back(
            Alert{notice.time, Alert::Severity::Warning, "data quality", notice.message});
        ++result.barCorrections;
    }
    result.heartbeats = source.heartbeats();
    result.conflatedQuotes = inbox.conflatedQuotes();
    result.blockedPosts = inbox.blockedPosts();
    return result;
}

} // namespace meridian::live
