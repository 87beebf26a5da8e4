// Tick-to-order latency in a paper/live-shaped run: a producer thread posts a bar into the
// EventInbox; the loop's thread (RealtimeClock at real time, InboxDataSource) hands it to
// the TradingEngine, a strategy decides at the end of the bar's instant and the order reaches the
// broker adapter's submit(). Measured from just before post() to the first line of submit(),
// wall clock (steady), one bar in flight at a time; reports the median, p99 and max in µs
// (target from issue #7: p99 < 20 µs). BM_TickToOrder has the producer and the loop on two
// threads (the loop wakes from the inbox's condition variable); BM_TickToOrderSameThread posts
// and steps the loop on one thread, the engine's own path. The adapter passes the order on to a
// SimulatedBroker, so that orders fill and the book stays small. Results: docs/performance.md.

#include "engine/control/tradingengine.h"
#include "engine/core/civiltime.h"
#include "engine/core/eventinbox.h"
#include "engine/core/realtimeclock.h"
#include "engine/execution/simulatedbroker.h"
#include "engine/sdk/strategy.h"

#include <algorithm>
#include <atomic>
#include <benchmark/benchmark.h>
#include <chrono>
#include <thread>
#include <vector>

using namespace meridian::engine;

namespace {

using Steady = std::chrono::steady_clock;

// Trades one share on every bar, alternating buy and sell, so that every instant sends an order.
class EveryBar final : public Strategy
{
public:
    void onMarketEvent(Context &, const Event &event) override
    {
        m_instrument = event.bar().instrument;
    }
    void generateOrders(Context &, OrderList &orders) override
    {
        orders.push_back(OrderIntent::market(m_instrument, m_buy ? Side::Buy : Side::Sell,
                                             Quantity::fromUnits(1)));
        m_buy = !m_buy;
    }

private:
    InstrumentId m_instrument{1};
    bool m_buy = true;
};

// Notes when an order reaches the adapter, then lets the simulated venue fill it.
class TimingBroker final : public BrokerAdapter
{
public:
    explicit TimingBroker(BrokerAdapter &venue)
        : m_venue(venue)
    {}
    void submit(const Order &order, Timestamp now) override
    {
        m_submittedAt.store(Steady::now().time_since_epoch().count(), std::memory_order_relaxed);
        m_submitted.fetch_add(1, std::memory_order_release);
        m_venue.submit(order, now);
    }
    void cancel(OrderId order, Timestamp now, std::string_view reason) override
    {
        m_venue.cancel(order, now, reason);
    }
    void replace(OrderId old, const Order &replacement, Timestamp now) override
    {
        m_venue.replace(old, replacement, now);
    }
    void onMarketData(const Event &event) override { m_venue.onMarketData(event); }

    std::uint64_t submitted() const { return m_submitted.load(std::memory_order_acquire); }
    Steady::rep submittedAt() const { return m_submittedAt.load(std::memory_order_relaxed); }

private:
    BrokerAdapter &m_venue;
    std::atomic<std::uint64_t> m_submitted{0};
    std::atomic<Steady::rep> m_submittedAt{0};
};

// The run a live session has: wall clock, inbox, engine with one strategy, adapter.
struct LiveShapedRun
{
    LiveShapedRun()
        : market(newYorkTime(Date{2021, 3, 31}, TimeOfDay::hms(10, 0, 0)), 1.0)
        , clock(&market)
        , inbox(clock.source())
        , source(inbox)
        , engine(instruments(), calendar, clock, false)
        , venue(engine, calendar, SimulatedBrokerConfig{})
        , broker(venue)
        , loop(clock, engine, &source)
    {
        StrategySetup setup;
        setup.name = "every_bar";
        setup.className = "every_bar";
        setup.strategy = std::make_unique<EveryBar>();
        setup.capital = Money::fromUnits(1'000'000'000);
        setup.instruments = {InstrumentId(1)};
        engine.addStrategy(std::move(setup));
        engine.setBroker(broker);
        engine.attach(loop);
        engine.start();
        bar.instrument = InstrumentId(1);
        bar.volume = Quantity::fromUnits(1'000'000);
    }

    static const InstrumentTable &instruments()
    {
        static const InstrumentTable table = [] {
            InstrumentTable made;
            made.add(*Symbol::parse("SPY"));
            return made;
        }();
        return table;
    }

    // The next bar: prices zig-zag so that the strategy's orders fill at changing prices.
    Event nextBar()
    {
        cents += (posted % 2 == 0) ? 7 : -5;
        ++posted;
        bar.open = bar.high = bar.low = bar.close = Price::fromRaw(cents * (Price::scale / 100));
        return Event::makeBar(Timestamp(), bar);
    }

    const NyseCalendar calendar{};
    // Real time, but starting inside a session: market orders fill at the next bar's open (after
    // hours they would wait for the next session and pile up).
    SimulatedTimeSource market;
    RealtimeClock clock;
    EventInbox inbox;
    InboxDataSource source;
    TradingEngine engine;
    SimulatedBroker venue;
    TimingBroker broker;
    EventLoop loop;
    BarData bar;
    std::int64_t cents = 40000;
    std::uint64_t posted = 0;
};

double microsBetween(Steady::rep from, Steady::rep to)
{
    return static_cast<double>(to - from) * Steady::period::num * 1e6 / Steady::period::den;
}

void reportPercentiles(benchmark::State &state, std::vector<double> &micros)
{
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) {
        return micros.empty() ? 0.0 : micros[static_cast<std::size_t>(q * (micros.size() - 1))];
    };
    state.counters["p50_us"] = at(0.50);
    state.counters["p99_us"] = at(0.99);
    state.counters["max_us"] = micros.empty() ? 0.0 : micros.back();
}

// The feed on its own thread, the loop on another: includes waking the loop's thread.
void BM_TickToOrder(benchmark::State &state)
{
    LiveShapedRun run;
    std::thread loopThread([&] { run.loop.run(); });
    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(state.max_iterations));
    for (auto _ : state) {
        const Event bar = run.nextBar();
        const Steady::rep posted = Steady::now().time_since_epoch().count();
        run.inbox.post(bar);
        const Steady::time_point giveUp = Steady::now() + std::chrono::seconds(1);
        while (run.broker.submitted() < run.posted && Steady::now() < giveUp) {
        }
        if (run.broker.submitted() < run.posted) {
            state.SkipWithError("no order reached the adapter within a second");
            break;
        }
        micros.push_back(microsBetween(posted, run.broker.submittedAt()));
    }
    run.source.stop();
    loopThread.join();
    run.engine.finish();
    reportPercentiles(state, micros);
}

// Post and process on one thread: the engine's own path from the inbox to the adapter, without
// the operating system's thread wake-up.
void BM_TickToOrderSameThread(benchmark::State &state)
{
    LiveShapedRun run;
    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(state.max_iterations));
    for (auto _ : state) {
        const Event bar = run.nextBar();
        const Steady::rep posted = Steady::now().time_since_epoch().count();
        run.inbox.post(bar); // posted before stepping: the source never waits
        while (run.broker.submitted() < run.posted && run.loop.step()) {
        }
        if (run.broker.submitted() < run.posted) {
            state.SkipWithError("no order reached the adapter");
            break;
        }
        micros.push_back(microsBetween(posted, run.broker.submittedAt()));
    }
    run.engine.finish();
    reportPercentiles(state, micros);
}

BENCHMARK(BM_TickToOrder)->Iterations(20000)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_TickToOrderSameThread)->Iterations(100000)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
