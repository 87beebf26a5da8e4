// The event loop with a logging handler, a tiny in-memory DataSource and a recorder: the order in
// which data and scheduled events are handled, when instants end, processPendingBefore, clamping
// to now, stop / cancel / interrupt and data errors. Also HistoricalClock.

// QtTest first: moc (Qt 6.4) cannot parse <concepts> when it is reached through <compare>
// before any other standard header, as engine/core/ids.h does.
#include <QtTest>

#include "engine/core/eventloop.h"
#include "tests/support/allocationcounter.h" // replaces operator new: include once

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace meridian::engine;


namespace {

constexpr std::int64_t nanosPerSecond = 1'000'000'000;

Timestamp at(std::int64_t seconds)
{
    return Timestamp::fromUnixNanos(seconds * nanosPerSecond);
}

Event bar(std::int64_t seconds, std::uint32_t instrument)
{
    BarData data;
    data.instrument = InstrumentId(instrument);
    return Event::makeBar(at(seconds), data);
}

Event fill(std::int64_t seconds, std::uint64_t orderId)
{
    OrderEventData data;
    data.orderId = OrderId(orderId);
    return Event::makeOrder(at(seconds), EventType::OrderFilled, data);
}

Event accepted(std::int64_t seconds, std::uint64_t orderId)
{
    OrderEventData data;
    data.orderId = OrderId(orderId);
    return Event::makeOrder(at(seconds), EventType::OrderAccepted, data);
}

Event timer(std::int64_t seconds, std::uint64_t id)
{
    return Event{at(seconds), 0, EventType::Timer, TimerData{id, StrategyId(1)}};
}

Event control(std::int64_t seconds, ControlCommand command)
{
    return Event::makeControl(at(seconds), command);
}

std::string seconds(Timestamp time)
{
    return std::to_string(time.unixNanos() / nanosPerSecond);
}

// "bar#1@10", "order_filled#3@10", "timer#2@15", "control#kill@20".
std::string describe(const Event &event)
{
    std::string id;
    switch (event.eventClass()) {
    case EventClass::MarketData:
        id = std::to_string(event.bar().instrument.value());
        break;
    case EventClass::Order:
        id = std::to_string(event.order().orderId.value());
        break;
    case EventClass::Timer:
        id = std::to_string(std::get<TimerData>(event.data).timerId);
        break;
    case EventClass::Control:
        id = std::string(toString(event.control().command));
        break;
    }
    return std::string(toString(event.type)) + "#" + id + "@" + seconds(event.timestamp);
}

// Logs what it sees ("bar#1@10", "end@10") and runs the test's reactions.
class LoggingHandler : public EventHandler
{
public:
    void handle(const Event &event) override
    {
        log << QString::fromStdString(describe(event));
        if (onHandle)
            onHandle(event);
    }
    void onInstantEnd(Timestamp time) override
    {
        // An instant ends only when no event of that instant is left.
        if (loop != nullptr && loop->hasEventAt(time))
            endedEarly = true;
        log << QString::fromStdString("end@" + seconds(time));
        if (onEnd)
            onEnd(time);
    }

    QStringList log;
    EventLoop *loop = nullptr;
    bool endedEarly = false;
    std::function<void(const Event &)> onHandle;
    std::function<void(Timestamp)> onEnd;
};

// A DataSource over a vector; optionally fails after the last event.
class VectorSource : public DataSource
{
public:
    explicit VectorSource(std::vector<Event> events, std::optional<std::string> failure = {})
        : m_events(std::move(events))
    {
        if (failure)
            m_failure = Error(*failure);
    }

    bool next(Event &event) override
    {
        if (m_position == m_events.size()) {
            m_failed = m_failure.has_value();
            return false;
        }
        event = m_events[m_position++];
        return true;
    }
    const Error *error() const override { return m_failed ? &*m_failure : nullptr; }
    std::size_t delivered() const { return m_position; }

private:
    std::vector<Event> m_events;
    std::size_t m_position = 0;
    std::optional<Error> m_failure;
    bool m_failed = false;
};

// Bars for `instruments` symbols every minute, generated on the fly (no storage).
class GeneratedSource : public DataSource
{
public:
    GeneratedSource(std::uint32_t instruments, std::int64_t count)
        : m_instruments(instruments)
        , m_count(count)
    {}
    bool next(Event &event) override
    {
        if (m_index == m_count)
            return false;
        event = bar(60 * (m_index / m_instruments),
                    static_cast<std::uint32_t>(m_index % m_instruments) + 1);
        ++m_index;
        return true;
    }

private:
    std::int64_t m_instruments;
    std::int64_t m_count;
    std::int64_t m_index = 0;
};

// Counts, and like a simulated venue answers some bars with a fill at the same instant.
class CountingHandler : public EventHandler
{
public:
    void handle(const Event &event) override
    {
        ++handled;
        if (event.eventClass() == EventClass::MarketData && event.bar().instrument.value() == 1) {
            loop->schedule(fill(event.timestamp.unixNanos() / nanosPerSecond, handled));
            loop->processPendingBefore(event);
        }
    }
    void onInstantEnd(Timestamp time) override
    {
        ++instants;
        const std::int64_t second = time.unixNanos() / nanosPerSecond;
        if (second % 60 == 0) // a bar instant: a timer half a minute later
            loop->schedule(timer(second + 30, instants));
    }
    EventLoop *loop = nullptr;
    std::uint64_t handled = 0;
    std::uint64_t instants = 0;
};

class LoggingRecorder : public EventRecorder
{
public:
    void record(const Event &event) override { log << QString::fromStdString(describe(event)); }
    QStringList log;
};

// The handler's log without the instant ends and the test's own markers: what was processed.
QStringList processed(const QStringList &log)
{
    QStringList events;
    for (const QString &line : log) {
        if (!line.startsWith(QLatin1String("end@")) && line.contains(QLatin1Char('#')))
            events << line;
    }
    return events;
}

} // namespace

class TestEventLoop : public QObject
{
    Q_OBJECT

private slots:
    void dataOnly();
    void scheduledEventsInterleaveWithData();
    void handlerSchedulesAtTheSameInstant();
    void instantEndSchedulesMore();
    void processPendingBeforeAppliesEarlierEvents();
    void sourceOrderEventAfterBarIsNotLost();
    void schedulingInThePastClampsToNow();
    void stopEndsRun();
    void stopAtTheLastEventOfAnInstant();
    void cancelFlagEndsRun();
    void cancelledBeforeStart();
    void clockInterruptCancelsAndRunResumes();
    void dataErrorOutcome();
    void runsWithoutSource();
    void stepByStep();
    void noAllocationPerEvent();
    void clockStartsUnsetAndNeverGoesBack();
    void clockAtSpeedZeroDoesNotWait();
    void pacedClockAdvances();
    void interruptStopsPacedWait();
};

void TestEventLoop::dataOnly()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    LoggingRecorder recorder;
    loop.setRecorder(&recorder);

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({"bar#1@10", "bar#2@10", "end@10", "bar#3@20", "end@20"}));
    QCOMPARE(recorder.log, processed(handler.log));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(3));
    QCOMPARE(loop.now(), at(20));
    QCOMPARE(clock.now(), at(20));
    QVERIFY(!handler.endedEarly);
    QVERIFY(loop.dataError() == nullptr);
}

void TestEventLoop::scheduledEventsInterleaveWithData()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    LoggingRecorder recorder;
    loop.setRecorder(&recorder);

    // Scheduled before the source is read: the scheduled bar has the lower sequence.
    loop.schedule(bar(10, 9));
    loop.schedule(timer(10, 1));
    loop.schedule(fill(10, 1));
    loop.schedule(control(10, ControlCommand::Pause));
    loop.schedule(accepted(15, 2));
    loop.schedule(timer(20, 4));
    loop.schedule(control(30, ControlCommand::Kill)); // after the data ends

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({
                              "control#pause@10",
                              "order_filled#1@10",
                              "timer#1@10",
                              "bar#9@10",
                              "bar#1@10",
                              "bar#2@10",
                              "end@10",
                              "order_accepted#2@15",
                              "end@15",
                              "timer#4@20",
                              "bar#3@20",
                              "end@20",
                              "control#kill@30",
                              "end@30",
                          }));
    QCOMPARE(recorder.log, processed(handler.log));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(10));
    QVERIFY(!handler.endedEarly);
}

void TestEventLoop::handlerSchedulesAtTheSameInstant()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    LoggingRecorder recorder;
    loop.setRecorder(&recorder);
    handler.onHandle = [&loop](const Event &event) {
        if (describe(event) == "bar#1@10") {
            loop.schedule(fill(10, 1));  // an order event: before the next bar of this instant
            loop.schedule(bar(10, 7));   // market data: after the source's bar 2
            loop.schedule(timer(20, 5)); // a later instant: before that instant's bar
        }
    };

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({
                              "bar#1@10",
                              "order_filled#1@10",
                              "bar#2@10",
                              "bar#7@10",
                              "end@10",
                              "timer#5@20",
                              "bar#3@20",
                              "end@20",
                          }));
    QCOMPARE(handler.log.count(QStringLiteral("end@10")), 1);
    QCOMPARE(handler.log.count(QStringLiteral("end@20")), 1);
    QCOMPARE(recorder.log, processed(handler.log));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(6));
    QVERIFY(!handler.endedEarly);
}

void TestEventLoop::instantEndSchedulesMore()
{
    // What the trading engine does: decide at the end of an instant, which may produce orders
    // and fills stamped at that same instant. They are processed before the next instant, and
    // the instant ends again after them (and only then).
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    LoggingRecorder recorder;
    loop.setRecorder(&recorder);
    int endsAt10 = 0;
    handler.onEnd = [&](Timestamp time) {
        if (time == at(10) && ++endsAt10 == 1) {
            loop.schedule(accepted(10, 1));
            loop.schedule(fill(10, 1));
            loop.schedule(timer(10, 2));
            QVERIFY(loop.hasEventAt(at(10)));
        }
    };

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({
                              "bar#1@10",
                              "end@10",
                              "order_accepted#1@10",
                              "order_filled#1@10",
                              "timer#2@10",
                              "end@10",
                              "bar#3@20",
                              "end@20",
                          }));
    QCOMPARE(endsAt10, 2);
    QCOMPARE(recorder.log, processed(handler.log));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(5));
    QVERIFY(!handler.endedEarly);
}

void TestEventLoop::processPendingBeforeAppliesEarlierEvents()
{
    // A simulated venue sees bar 1, produces a fill stamped at the same time, and the engine
    // applies it before strategies see bar 1: processPendingBefore handles, nested, exactly the
    // queued events that sort before bar 1.
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    LoggingRecorder recorder;
    loop.setRecorder(&recorder);
    handler.onHandle = [&](const Event &event) {
        if (describe(event) != "bar#1@10")
            return;
        loop.schedule(fill(10, 1));
        loop.schedule(timer(10, 1));
        loop.schedule(bar(10, 8));  // sorts after bar 1: stays queued
        loop.schedule(fill(15, 2)); // later: stays queued
        loop.processPendingBefore(event);
        handler.log << QStringLiteral("after pending");
    };

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({
                              "bar#1@10",
                              "order_filled#1@10",
                              "timer#1@10",
                              "after pending",
                              "bar#2@10",
                              "bar#8@10",
                              "end@10",
                              "order_filled#2@15",
                              "end@15",
                          }));
    // The recorder sees the nested events where they were processed.
    QCOMPARE(recorder.log, processed(handler.log));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(6));
    QVERIFY(!handler.endedEarly);
}

void TestEventLoop::sourceOrderEventAfterBarIsNotLost()
{
    // A source may deliver an order event right after a bar of the same time (a broker feed).
    // processPendingBefore on the bar then takes the source's pending event; the source must
    // go on afterwards.
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), fill(10, 1), bar(20, 2), bar(30, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    handler.onHandle = [&loop](const Event &event) {
        if (event.eventClass() == EventClass::MarketData)
            loop.processPendingBefore(event);
    };

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({
                              "bar#1@10",
                              "order_filled#1@10",
                              "end@10",
                              "bar#2@20",
                              "end@20",
                              "bar#3@30",
                              "end@30",
                          }));
    QCOMPARE(source.delivered(), std::size_t(4));
}

void TestEventLoop::schedulingInThePastClampsToNow()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(20, 2)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    // Before the first event the clock is unset: nothing is in the past yet.
    loop.schedule(fill(-100, 9));
    handler.onHandle = [&loop](const Event &event) {
        if (describe(event) == "bar#2@20") {
            loop.schedule(fill(5, 1));   // in the past: moved to now
            loop.schedule(timer(20, 2)); // now stays now
            loop.schedule(timer(25, 3)); // the future stays
        }
    };

    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({
                              "order_filled#9@-100",
                              "end@-100",
                              "bar#1@10",
                              "end@10",
                              "bar#2@20",
                              "order_filled#1@20",
                              "timer#2@20",
                              "end@20",
                              "timer#3@25",
                              "end@25",
                          }));
    QCOMPARE(loop.now(), at(25));
}

void TestEventLoop::stopEndsRun()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    handler.onHandle = [&loop](const Event &event) {
        if (describe(event) == "bar#1@10")
            loop.stop();
    };

    QVERIFY(!loop.isStopped());
    QCOMPARE(loop.run(), EventLoop::Outcome::Stopped);
    // Stopped after the current event: bar 2 of the same instant was not processed, so the
    // instant did not end.
    QCOMPARE(handler.log, QStringList({"bar#1@10"}));
    QVERIFY(loop.isStopped());
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(1));
    QVERIFY(!loop.step());
    QCOMPARE(loop.run(), EventLoop::Outcome::Stopped);
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(1));
}

void TestEventLoop::stopAtTheLastEventOfAnInstant()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    handler.onHandle = [&loop](const Event &event) {
        if (describe(event) == "bar#2@10")
            loop.stop();
    };
    QCOMPARE(loop.run(), EventLoop::Outcome::Stopped);
    // The instant is complete, so it ends (equity is recorded) before the loop stops.
    QCOMPARE(handler.log, QStringList({"bar#1@10", "bar#2@10", "end@10"}));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(2));
}

void TestEventLoop::cancelFlagEndsRun()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    std::atomic<bool> cancel{false};
    handler.onHandle = [&cancel](const Event &event) {
        if (describe(event) == "bar#2@10")
            cancel.store(true);
    };

    QCOMPARE(loop.run(&cancel), EventLoop::Outcome::Cancelled);
    QCOMPARE(handler.log, QStringList({"bar#1@10", "bar#2@10", "end@10"}));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(2));
    QVERIFY(!loop.isStopped());

    // Cancelling is not stopping: a later run continues where this one left off.
    cancel.store(false);
    handler.onHandle = nullptr;
    QCOMPARE(loop.run(&cancel), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({"bar#1@10", "bar#2@10", "end@10", "bar#3@20", "end@20"}));
}

void TestEventLoop::cancelledBeforeStart()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(20, 2)});
    EventLoop loop(clock, handler, &source);
    const std::atomic<bool> cancel{true};
    QCOMPARE(loop.run(&cancel), EventLoop::Outcome::Cancelled);
    QVERIFY(handler.log.isEmpty());
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(0));
}

void TestEventLoop::clockInterruptCancelsAndRunResumes()
{
    // Paced replay at 1x: the 10 s gap to bar 2 would take a (capped) wall second. Interrupting
    // the clock ends the run as cancelled without advancing time.
    HistoricalClock clock(1.0);
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(20, 2)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    handler.onHandle = [&clock](const Event &event) {
        if (describe(event) == "bar#1@10")
            clock.interrupt();
    };

    QCOMPARE(loop.run(), EventLoop::Outcome::Cancelled);
    QCOMPARE(handler.log, QStringList({"bar#1@10", "end@10"}));
    QCOMPARE(loop.now(), at(10));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(1));

    // Resumed at full speed, the run completes and says so.
    handler.onHandle = nullptr;
    clock.setSpeed(0.0);
    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({"bar#1@10", "end@10", "bar#2@20", "end@20"}));
}

void TestEventLoop::dataErrorOutcome()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(20, 2)}, std::string("market.db: disk I/O error"));
    EventLoop loop(clock, handler, &source);
    QVERIFY(loop.dataError() == nullptr);
    QCOMPARE(loop.run(), EventLoop::Outcome::DataError);
    QCOMPARE(handler.log, QStringList({"bar#1@10", "end@10", "bar#2@20", "end@20"}));
    QVERIFY(loop.dataError() != nullptr);
    QCOMPARE(loop.dataError()->message(), std::string("market.db: disk I/O error"));
}

void TestEventLoop::runsWithoutSource()
{
    HistoricalClock clock;
    LoggingHandler handler;
    EventLoop loop(clock, handler, nullptr);
    handler.loop = &loop;
    loop.schedule(timer(5, 1));
    loop.schedule(control(5, ControlCommand::Resume));
    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    QCOMPARE(handler.log, QStringList({"control#resume@5", "timer#1@5", "end@5"}));
    QVERIFY(loop.dataError() == nullptr);
}

void TestEventLoop::stepByStep()
{
    HistoricalClock clock;
    LoggingHandler handler;
    VectorSource source({bar(10, 1), bar(10, 2), bar(20, 3)});
    EventLoop loop(clock, handler, &source);
    handler.loop = &loop;
    QVERIFY(loop.step());
    QCOMPARE(handler.log, QStringList({"bar#1@10"}));
    QVERIFY(loop.hasEventAt(at(10)));
    QVERIFY(loop.step());
    QCOMPARE(handler.log, QStringList({"bar#1@10", "bar#2@10", "end@10"}));
    QVERIFY(!loop.hasEventAt(at(10)));
    QVERIFY(loop.hasEventAt(at(20)));
    QVERIFY(loop.step());
    QVERIFY(!loop.step());
    QVERIFY(!loop.step());
    QCOMPARE(handler.log, QStringList({"bar#1@10", "bar#2@10", "end@10", "bar#3@20", "end@20"}));
    QCOMPARE(loop.eventsProcessed(), std::uint64_t(3));
}

void TestEventLoop::noAllocationPerEvent()
{
    {
        // The counter sees allocations at all.
        const long start = allocationCount.load();
        const auto probe = std::make_unique<int>(1);
        QVERIFY(allocationCount.load() > start);
    }
    HistoricalClock clock;
    CountingHandler handler;
    GeneratedSource source(5, 50'000); // 10,000 minutes of 5 symbols
    EventLoop loop(clock, handler, &source, 64);
    handler.loop = &loop;
    const long before = allocationCount.load();
    QCOMPARE(loop.run(), EventLoop::Outcome::Completed);
    const long allocations = allocationCount.load() - before;
    // 50,000 bars, a fill for each bar of symbol 1, and a timer 30 s after each bar instant
    // (an instant of its own).
    QCOMPARE(handler.handled, std::uint64_t(50'000 + 10'000 + 10'000));
    QCOMPARE(handler.instants, std::uint64_t(10'000 + 10'000));
    QCOMPARE(loop.eventsProcessed(), handler.handled);
    QCOMPARE(allocations, 0L);
}

void TestEventLoop::clockStartsUnsetAndNeverGoesBack()
{
    HistoricalClock clock;
    QCOMPARE(clock.now(), Timestamp::min());
    QCOMPARE(clock.speed(), 0.0);
    QVERIFY(clock.advanceTo(at(100)));
    QCOMPARE(clock.now(), at(100));
    QVERIFY(clock.advanceTo(at(50))); // never backwards, and not an interruption
    QCOMPARE(clock.now(), at(100));
    QVERIFY(clock.advanceTo(at(100)));
    QCOMPARE(clock.now(), at(100));
    clock.setSpeed(10.0);
    QCOMPARE(clock.speed(), 10.0);
}

void TestEventLoop::clockAtSpeedZeroDoesNotWait()
{
    HistoricalClock clock(0.0);
    QVERIFY(clock.advanceTo(at(0)));
    // A pending interrupt is only seen by a wait; at speed 0 there is none, so every advance
    // succeeds at once.
    clock.interrupt();
    QElapsedTimer elapsed;
    elapsed.start();
    for (std::int64_t hour = 1; hour <= 100; ++hour) {
        QVERIFY(clock.advanceTo(at(hour * 3600)));
        QCOMPARE(clock.now(), at(hour * 3600));
    }
    // Paced at 1x, these hundred one-hour gaps would take at least 100 s (each capped at 1 s).
    QVERIFY(elapsed.elapsed() < 50'000);
    // Years at once.
    QVERIFY(clock.advanceTo(at(100LL * 365 * 86400)));
    QCOMPARE(clock.now(), at(100LL * 365 * 86400));
}

void TestEventLoop::pacedClockAdvances()
{
    // One simulated second at a million times real time is a microsecond of wall time.
    HistoricalClock clock(1e6);
    QVERIFY(clock.advanceTo(at(0))); // the first advance is never paced
    for (std::int64_t second = 1; second <= 10; ++second) {
        QVERIFY(clock.advanceTo(at(second)));
        QCOMPARE(clock.now(), at(second));
    }
}

void TestEventLoop::interruptStopsPacedWait()
{
    HistoricalClock clock(1.0);
    QVERIFY(clock.advanceTo(at(0)));

    // An interrupt that arrives before the wait is not lost.
    clock.interrupt();
    QVERIFY(!clock.advanceTo(at(3600)));
    QCOMPARE(clock.now(), at(0)); // time did not advance

    // From another thread, during the wait (an hour at 1x, capped to one wall second).
    using WallClock = std::chrono::steady_clock;
    WallClock::time_point interruptedAt;
    std::thread interrupter([&clock, &interruptedAt] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        interruptedAt = WallClock::now();
        clock.interrupt();
    });
    const bool advanced = clock.advanceTo(at(3600));
    const WallClock::time_point returnedAt = WallClock::now();
    interrupter.join();
    if (advanced && interruptedAt >= returnedAt)
        QSKIP("the interrupting thread was not scheduled within the one-second wait");
    QVERIFY(!advanced);
    QCOMPARE(clock.now(), at(0));

    // The interrupt is consumed: the next advance goes through.
    clock.setSpeed(1e9);
    QVERIFY(clock.advanceTo(at(3600)));
    QCOMPARE(clock.now(), at(3600));
}

QTEST_APPLESS_MAIN(TestEventLoop)

#include "tst_eventloop.moc"
