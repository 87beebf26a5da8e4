#pragma once

// LiveRunner: a paper or live run, built from an EngineConfig exactly as ARCHITECTURE.md's
// "Modes are configuration" table says — the same TradingEngine and EventLoop as a backtest, with
//
//   clock      RealtimeClock (wall clock; market hours only when clock.market_hours_only)
//   data       a MarketFeed posting into an EventInbox, read by the loop through InboxDataSource
//   execution  simulated: SimulatedBroker with the configured slippage, latency, commission and
//              seed, on the loop's thread (as in a backtest);
//              broker: a BrokerAdapter from LiveOptions::broker that answers from its own threads
//              through an OrderEventSink posting into the same inbox.
//
// The Alpaca adapter and feed live in engine/live/alpaca; they are plugged in through the two
// factories of LiveOptions (the caller — `meridian run`, a test — decides which exist).
//
// Time: with clock.source: wall, LiveOptions::timeSource (the wall clock when null). With
// clock.source: broker (a replay such as `meridian sandbox --speed 60x`), a SimulatedTimeSource
// the runner owns: it starts at LiveOptions::marketTime's answer, runs at clock.speed, and the
// inbox moves it to the time of every market event it receives (EventInbox::followMarketTime), so
// the engine lives in the replay's time — bars, orders, market hours and daily bars agree.
//
// Live mode needs two confirmations besides `mode: live` (which the loader already ties to
// `execution: {type: broker, endpoint: live}`): `execution.confirm_live: true` in the file and
// LiveOptions::confirmLive (`--confirm-live` on the command line). Without either, run() refuses.
//
// Stopping: requestStop() from any thread (a signal handler's thread, the workstation) ends the
// data stream; events already handed to the loop are processed, events still in the inbox are
// not. Then, with execution.on_stop: cancel (the default), every working order is canceled and
// the runner waits (at most LiveOptions::stopTimeout for a broker) for the answers; with keep they
// stay working and are listed in the result. Finally every strategy's onStop runs.
//
//     LiveOptions options;
//     options.feed = [](const EngineConfig &) { return makeAlpacaFeed(...); };
//     LiveRunner runner(config, registry, std::move(options));
//     std::thread stopper([&] { waitForSignal(); runner.requestStop(); });
//     Result<LiveResult> result = runner.run();

#include "engine/config/engineconfig.h"
#include "engine/control/backtestrunner.h"
#include "engine/core/eventinbox.h"
#include "engine/core/realtimeclock.h"
#include "engine/execution/brokeradapter.h"
#include "engine/sdk/strategyregistry.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::live {

// Something the feed learned that the engine's events cannot carry, for the run's alerts.
struct FeedNotice
{
    engine::Timestamp time; // of the bar concerned (its end)
    std::string message;
};

// Posts market events (bars, trades, quotes; engine conventions: bars stamped at their end,
// prices in fixed point) into the run's inbox from its own thread(s).
class MarketFeed
{
public:
    virtual ~MarketFeed() = default;
    // Starts posting. InstrumentIds follow `instruments` (data.symbols in order, from 1). An
    // error ends the run before the first event.
    virtual std::optional<engine::Error> start(engine::EventInbox &inbox,
                                               const engine::InstrumentTable &instruments)
        = 0;
    // Stops posting: once it returns, the feed posts nothing more. Called once, on stop.
    virtual void stop() = 0;
    // After stop(): corrections of bars already posted. The engine decided on each bar as first
    // published; the runner reports every correction as a data-quality warning.
    virtual std::vector<FeedNotice> barCorrections() const { return {}; }
};

// Makes the broker adapter of `execution.type: broker`; it reports every order event through
// `sink`, from any thread.
using BrokerFactory = std::function<engine::Result<std::unique_ptr<engine::BrokerAdapter>>(
    engine::OrderEventSink &sink,
    const engine::EngineConfig &config,
    const engine::InstrumentTable &instruments)>;
// Makes the realtime feed of `data.type: realtime`.
using FeedFactory = std::function<engine::Result<std::unique_ptr<MarketFeed>>(
    const engine::EngineConfig &config)>;
// clock.source: broker — the broker's market time now (Alpaca: GET /v2/clock).
using MarketTimeFactory
    = std::function<engine::Result<engine::Timestamp>(const engine::EngineConfig &config)>;

struct LiveOptions
{
    bool confirmLive = false; // --confirm-live: the operator's consent to real money, now
    FeedFactory feed;         // required
    BrokerFactory broker;     // required with execution.type: broker
    MarketTimeFactory marketTime; // required with clock.source: broker
    // Where time comes from; the wall clock when null (tests: a SimulatedTimeSource).
    const engine::TimeSource *timeSource = nullptr;
    // The loop cycles at least this often while no data arrives (InboxDataSource).
    std::chrono::milliseconds heartbeat{1000};
    // On stop with a broker: how long to wait for the answers to the cancellations.
    std::chrono::milliseconds stopTimeout{10000};
    std::size_t inboxCapacity = 4096;
    engine::InstantObserver *observer = nullptr;
    engine::EventRecorder *recorder = nullptr;
    bool retainOrderLog = true;
};

struct LiveResult
{
    engine::RunMode mode = engine::RunMode::Paper;
    // The same report as a backtest's (backtestreport.h prints it).
    engine::BacktestResult run;
    // execution.on_stop: keep — the orders still working when the run stopped.
    std::vector<engine::Order> leftWorking;
    std::uint64_t heartbeats = 0;
    std::uint64_t conflatedQuotes = 0;
    std::uint64_t blockedPosts = 0;
    // Bars the feed saw corrected after it had posted them (MarketFeed::barCorrections).
    std::uint64_t barCorrections = 0;
    // A broker did not confirm every cancellation within LiveOptions::stopTimeout.
    bool cancellationsUnconfirmed = false;
};

// "PAPER" or "LIVE - REAL MONEY": what the command line and the workstation show.
std::string_view modeBanner(engine::RunMode mode);

// Everything run() refuses before building anything: a backtest configuration, live without
// both confirmations, broker execution without a broker factory, no feed.
std::optional<engine::Error> checkLiveSetup(const engine::EngineConfig &config,
                                            const LiveOptions &options);

class LiveRunner
{
public:
    LiveRunner(const engine::EngineConfig &config,
               const engine::StrategyRegistry &registry,
               LiveOptions options);
    ~LiveRunner();
    LiveRunner(const LiveRunner &) = delete;
    LiveRunner &operator=(const LiveRunner &) = delete;

    // Builds the run and processes events until requestStop(); blocks. Call once.
    engine::Result<LiveResult> run();
    // From any thread, also before run() got going: stop cleanly (see above).
    void requestStop();
    // From any thread: pause, resume, flatten or kill (a strategy, or all with an invalid id),
    // in order with the data. Stop is requestStop(). False when the run is not accepting events.
    bool postControl(engine::ControlCommand command, engine::StrategyId strategy = {});
    // True from the moment the feed was started until the run stops.
    bool isRunning() const { return m_running.load(std::memory_order_acquire); }

private:
    class InboxSink;

    void
    drainCancellations(engine::EventLoop &loop, engine::TradingEngine &engine, LiveResult &result);

    const engine::EngineConfig &m_config;
    const engine::StrategyRegistry &m_registry;
    LiveOptions m_options;
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stopRequested{false};
    // Guards the pointers below, which live only while run() runs.
    std::mutex m_mutex;
    engine::EventInbox *m_inbox = nullptr;
    engine::InboxDataSource *m_source = nullptr;
    engine::RealtimeClock *m_clock = nullptr;
};

} // namespace meridian::live
