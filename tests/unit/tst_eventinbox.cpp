// EventInbox and InboxDataSource: arrival stamps in order, a full inbox blocks producers (never
// drops an order event or a bar) and conflates only quotes, close/interrupt wake waiters, the
// data source's heartbeats; a property test with several producer threads checks that whatever
// is posted comes out exactly once, per producer in posting order, stamps never decreasing.

// QtTest first: moc (Qt 6.4) cannot parse <concepts> reached through <compare> (ids.h).
#include "engine/core/eventinbox.h"

#include <QtTest>
#include <atomic>
#include <map>
#include <rapidcheck.h>
#include <thread>
#include <vector>

using namespace meridian::engine;

namespace {

const Timestamp t0 = Timestamp::fromUnixNanos(1'600'000'000'000'000'000);

// Hands out 1, 2, 3, ... nanoseconds after t0, one step per reading: every stamp is distinct, so
// the arrival order can be read back from the stamps.
class CountingTimeSource final : public TimeSource
{
public:
    Timestamp now() const override { return t0 + Duration::nanoseconds(++m_count); }
    std::chrono::nanoseconds wallTimeFor(Duration) const override
    {
        return std::chrono::nanoseconds(0);
    }

private:
    mutable std::atomic<std::int64_t> m_count{0};
};

// A source that can be moved backwards (a wall clock stepped back by NTP).
class SettableTimeSource final : public TimeSource
{
public:
    Timestamp now() const override { return Timestamp::fromUnixNanos(m_now.load()); }
    std::chrono::nanoseconds wallTimeFor(Duration) const override
    {
        return std::chrono::milliseconds(1);
    }
    void set(Timestamp time) { m_now.store(time.unixNanos()); }

private:
    std::atomic<std::int64_t> m_now{t0.unixNanos()};
};

Event orderEvent(std::uint64_t id, EventType type = EventType::OrderFilled)
{
    OrderEventData data;
    data.orderId = OrderId(id);
    return Event::makeOrder(Timestamp(), type, data);
}

Event bar(std::uint32_t instrument, std::int64_t closeCents)
{
    BarData data;
    data.instrument = InstrumentId(instrument);
    data.close = Price::fromUnits(closeCents);
    return Event::makeBar(Timestamp(), data);
}

Event quote(std::uint32_t instrument, std::int64_t bid)
{
    QuoteData data;
    data.instrument = InstrumentId(instrument);
    data.bid = Price::fromUnits(bid);
    data.ask = Price::fromUnits(bid + 1);
    return Event{Timestamp(), 0, EventType::Quote, data};
}

auto soon()
{
    return std::chrono::steady_clock::now() + std::chrono::seconds(5);
}

} // namespace

class TestEventInbox : public QObject
{
    Q_OBJECT

private slots:
    void stampsArrivalsWithTheSourceTime()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 8);
        Event withOwnTime = orderEvent(1);
        withOwnTime.timestamp = t0 - Duration::hours(5);
        QVERIFY(inbox.post(withOwnTime));
        time.set(t0 + Duration::seconds(2));
        QVERIFY(inbox.post(orderEvent(2)));
        time.set(t0 + Duration::seconds(1)); // stepped back: stamps must not follow
        QVERIFY(inbox.post(orderEvent(3)));

        Event event;
        QVERIFY(inbox.pop(event, soon()) == EventInbox::PopStatus::Popped);
        QCOMPARE(event.timestamp.unixNanos(), t0.unixNanos());
        QCOMPARE(event.order().orderId.value(), 1u);
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.timestamp.unixNanos(), (t0 + Duration::seconds(2)).unixNanos());
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.timestamp.unixNanos(), (t0 + Duration::seconds(2)).unixNanos());
        QCOMPARE(event.order().orderId.value(), 3u);
        QVERIFY(!inbox.tryPop(event));
    }

    // clock.source: broker. The market clock stands still (speed 0) between events here, so every
    // stamp is exactly the time the feed gave the bar, or the time already reached.
    void marketTimeFollowsTheMarketData()
    {
        SimulatedTimeSource market(t0);
        EventInbox inbox(market, 8);
        inbox.followMarketTime(market);
        Event first = bar(1, 100);
        first.timestamp = t0 + Duration::minutes(2); // a bar ending 2 minutes after t0
        QVERIFY(inbox.post(first));
        Event order = orderEvent(1);
        order.timestamp = t0 + Duration::hours(1); // an order event's own time is not followed
        QVERIFY(inbox.post(order));
        Event late = bar(2, 100);
        late.timestamp = t0 + Duration::minutes(1); // older than the time reached
        QVERIFY(inbox.post(late));

        Event event;
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.timestamp.unixNanos(), (t0 + Duration::minutes(2)).unixNanos());
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.timestamp.unixNanos(), (t0 + Duration::minutes(2)).unixNanos());
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.timestamp.unixNanos(), (t0 + Duration::minutes(2)).unixNanos());
        QCOMPARE(market.now().unixNanos(), (t0 + Duration::minutes(2)).unixNanos());
    }

    void fullInboxBlocksTheProducerAndDropsNothing()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 2);
        QVERIFY(inbox.post(orderEvent(1)));
        QVERIFY(inbox.post(bar(1, 100)));
        std::atomic<bool> posted{false};
        std::thread producer(
            [&] { posted = inbox.post(orderEvent(3, EventType::OrderCancelled)); });
        QTRY_COMPARE_WITH_TIMEOUT(inbox.blockedPosts(), std::uint64_t(1), 5000);
        QVERIFY(!posted.load());
        QCOMPARE(inbox.size(), std::size_t(2));

        Event event;
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.order().orderId.value(), 1u);
        producer.join();
        QVERIFY(posted.load());
        QVERIFY(inbox.tryPop(event));
        QVERIFY(event.type == EventType::Bar);
        QVERIFY(inbox.tryPop(event));
        QVERIFY(event.type == EventType::OrderCancelled);
        QCOMPARE(event.order().orderId.value(), 3u);
    }

    void theConsumersOwnPostsNeverBlock()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 2);
        QVERIFY(inbox.post(orderEvent(1)));
        Event event;
        QVERIFY(inbox.tryPop(event)); // this thread is the consumer now
        QVERIFY(inbox.post(orderEvent(2)));
        QVERIFY(inbox.post(orderEvent(3)));
        // Full; a broker answering on the loop's thread: grows instead of waiting for itself.
        QVERIFY(inbox.post(orderEvent(4)));
        QVERIFY(inbox.post(orderEvent(5)));
        QCOMPARE(inbox.size(), std::size_t(4));
        QCOMPARE(inbox.blockedPosts(), std::uint64_t(0));
        // Another producer waits until the overflow has drained, and its event comes last.
        std::atomic<bool> posted{false};
        std::thread producer([&] { posted = inbox.post(orderEvent(6)); });
        QTRY_COMPARE_WITH_TIMEOUT(inbox.blockedPosts(), std::uint64_t(1), 5000);
        for (std::uint64_t id = 2; id <= 5; ++id) {
            QVERIFY(inbox.tryPop(event));
            QCOMPARE(event.order().orderId.value(), id);
        }
        producer.join();
        QVERIFY(posted.load());
        QVERIFY(inbox.pop(event, soon()) == EventInbox::PopStatus::Popped);
        QCOMPARE(event.order().orderId.value(), 6u);
        QVERIFY(!inbox.tryPop(event));
    }

    void fullInboxConflatesQuotesOfTheSameInstrumentOnly()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 3);
        QVERIFY(inbox.post(quote(1, 10)));
        time.set(t0 + Duration::seconds(1));
        QVERIFY(inbox.post(orderEvent(7)));
        QVERIFY(inbox.post(quote(2, 20)));
        time.set(t0 + Duration::seconds(2));
        // Full: the newer quote of instrument 1 takes the waiting one's place and stamp.
        QVERIFY(inbox.post(quote(1, 11)));
        QCOMPARE(inbox.size(), std::size_t(3));
        QCOMPARE(inbox.conflatedQuotes(), std::uint64_t(1));
        QCOMPARE(inbox.blockedPosts(), std::uint64_t(0));

        Event event;
        QVERIFY(inbox.tryPop(event));
        QVERIFY(event.type == EventType::Quote);
        QCOMPARE(std::get<QuoteData>(event.data).bid.raw(), Price::fromUnits(11).raw());
        QCOMPARE(event.timestamp.unixNanos(), t0.unixNanos());
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.order().orderId.value(), 7u);
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(std::get<QuoteData>(event.data).bid.raw(), Price::fromUnits(20).raw());
    }

    void closeWakesBlockedProducersAndRefusesPosts()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 1);
        QVERIFY(inbox.post(orderEvent(1)));
        std::atomic<int> result{-1};
        std::thread producer([&] { result = inbox.post(orderEvent(2)) ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(inbox.blockedPosts(), std::uint64_t(1), 5000);
        inbox.close();
        producer.join();
        QCOMPARE(result.load(), 0);
        QVERIFY(!inbox.post(orderEvent(3)));
        Event event;
        QVERIFY(inbox.pop(event, soon()) == EventInbox::PopStatus::Popped); // queued before close
        QVERIFY(inbox.pop(event, soon()) == EventInbox::PopStatus::Closed);
    }

    void stopMarketDataUnblocksFeedsAndKeepsOrderEvents()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 3);
        QVERIFY(inbox.post(bar(1, 100)));
        QVERIFY(inbox.post(orderEvent(5)));
        QVERIFY(inbox.post(bar(1, 101)));
        std::atomic<int> result{-1};
        std::thread feed([&] { result = inbox.post(bar(1, 102)) ? 1 : 0; });
        QTRY_COMPARE_WITH_TIMEOUT(inbox.blockedPosts(), std::uint64_t(1), 5000);
        inbox.stopMarketData();
        feed.join();
        QCOMPARE(result.load(), 0);
        QVERIFY(!inbox.post(bar(1, 103)));
        QVERIFY(inbox.post(orderEvent(6)));
        Event event;
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.order().orderId.value(), 5u);
        QVERIFY(inbox.tryPop(event));
        QCOMPARE(event.order().orderId.value(), 6u);
        QVERIFY(!inbox.tryPop(event));
    }

    void popTimesOutAndIsInterrupted()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 4);
        Event event;
        const auto shortly = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
        QVERIFY(inbox.pop(event, shortly) == EventInbox::PopStatus::TimedOut);
        std::atomic<bool> interrupted{false};
        std::thread waiter(
            [&] { interrupted = inbox.pop(event, soon()) == EventInbox::PopStatus::Interrupted; });
        inbox.interrupt();
        waiter.join();
        QVERIFY(interrupted.load());
    }

    void sourceAnswersWithAHeartbeatWhenIdle()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 4);
        InboxDataSource source(inbox, std::chrono::milliseconds(2));
        QVERIFY(inbox.post(bar(1, 100)));
        Event event;
        QVERIFY(source.next(event));
        QVERIFY(event.type == EventType::Bar);
        // Right after an event, an empty inbox answers at once: the instant can end.
        QVERIFY(source.next(event));
        QVERIFY(InboxDataSource::isHeartbeat(event));
        QCOMPARE(event.timestamp.unixNanos(), t0.unixNanos());
        // Then the source waits, for at most the heartbeat period.
        time.set(t0 + Duration::seconds(3));
        QVERIFY(source.next(event));
        QVERIFY(InboxDataSource::isHeartbeat(event));
        QCOMPARE(event.timestamp.unixNanos(), (t0 + Duration::seconds(3)).unixNanos());
        QCOMPARE(source.heartbeats(), std::uint64_t(2));
    }

    void stopEndsAWaitingSource()
    {
        SettableTimeSource time;
        EventInbox inbox(time, 4);
        InboxDataSource source(inbox, std::chrono::seconds(30));
        std::atomic<int> result{-1};
        std::thread loop([&] {
            Event event;
            result = source.next(event) ? 1 : 0;
        });
        source.stop();
        loop.join();
        QCOMPARE(result.load(), 0);
        QVERIFY(!inbox.isClosed()); // order events may still arrive for the shutdown
        QVERIFY(inbox.post(orderEvent(1)));
        Event event;
        QVERIFY(!source.next(event));
    }

    void manyProducersLoseNothingAndKeepTheirOrder()
    {
        QVERIFY(rc::check("several producers, a small inbox: exactly once, in order", [] {
            const int producers = *rc::gen::inRange(2, 5);
            const auto capacity = static_cast<std::size_t>(*rc::gen::inRange(1, 6));
            std::vector<std::vector<bool>> isBar;
            for (int p = 0; p < producers; ++p)
                isBar.push_back(*rc::gen::container<std::vector<bool>>(
                    static_cast<std::size_t>(*rc::gen::inRange(0, 60)),
                    rc::gen::arbitrary<bool>()));

            CountingTimeSource time;
            EventInbox inbox(time, capacity);
            std::vector<std::thread> threads;
            for (int p = 0; p < producers; ++p) {
                threads.emplace_back([&, p] {
                    const auto &kinds = isBar[static_cast<std::size_t>(p)];
                    for (std::size_t i = 0; i < kinds.size(); ++i) {
                        // Producer p, item i: instrument p + 1 and close i (bars), or order id
                        // p * 1000 + i.
                        if (kinds[i])
                            inbox.post(bar(static_cast<std::uint32_t>(p + 1),
                                           static_cast<std::int64_t>(i)));
                        else
                            inbox.post(orderEvent(static_cast<std::uint64_t>(p) * 1000 + i));
                    }
                });
            }
            std::size_t expected = 0;
            for (const auto &kinds : isBar)
                expected += kinds.size();
            std::vector<std::size_t> nextIndex(static_cast<std::size_t>(producers), 0);
            Timestamp last = Timestamp::min();
            for (std::size_t received = 0; received < expected; ++received) {
                Event event;
                RC_ASSERT(inbox.pop(event, soon()) == EventInbox::PopStatus::Popped);
                RC_ASSERT(event.timestamp > last);
                last = event.timestamp;
                std::size_t producer = 0;
                std::size_t index = 0;
                if (event.type == EventType::Bar) {
                    producer = event.bar().instrument.value() - 1;
                    index = static_cast<std::size_t>(event.bar().close.raw()
                                                     / Price::fromUnits(1).raw());
                } else {
                    producer = static_cast<std::size_t>(event.order().orderId.value() / 1000);
                    index = static_cast<std::size_t>(event.order().orderId.value() % 1000);
                }
                RC_ASSERT(producer < nextIndex.size());
                RC_ASSERT(index == nextIndex[producer]);
                RC_ASSERT(isBar[producer][index] == (event.type == EventType::Bar));
                ++nextIndex[producer];
            }
            for (auto &thread : threads)
                thread.join();
            Event extra;
            RC_ASSERT(!inbox.tryPop(extra));
        }));
    }
};

QTEST_GUILESS_MAIN(TestEventInbox)
#include "tst_eventinbox.moc"
