// EventQueue order on hand-built events: timestamp first, then class (control < order < timer <
// market data), then push order; plus the event records themselves.

// QtTest first: moc (Qt 6.4) cannot parse <concepts> when it is reached through <compare>
// before any other standard header, as engine/core/ids.h does.
#include <QtTest>

#include "engine/core/eventqueue.h"
#include "tests/support/allocationcounter.h" // replaces operator new: include once

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

using namespace meridian::engine;


namespace {

Timestamp at(std::int64_t seconds)
{
    return Timestamp::fromUnixNanos(seconds * 1'000'000'000);
}

Event bar(std::int64_t seconds, std::uint32_t instrument)
{
    BarData data;
    data.instrument = InstrumentId(instrument);
    return Event::makeBar(at(seconds), data);
}

Event order(std::int64_t seconds, EventType type, std::uint64_t orderId)
{
    OrderEventData data;
    data.orderId = OrderId(orderId);
    return Event::makeOrder(at(seconds), type, data);
}

Event fill(std::int64_t seconds, std::uint64_t orderId)
{
    return order(seconds, EventType::OrderFilled, orderId);
}

Event timer(std::int64_t seconds, std::uint64_t id)
{
    return Event{at(seconds), 0, EventType::Timer, TimerData{id, StrategyId(1)}};
}

Event trade(std::int64_t seconds, std::uint32_t instrument)
{
    TradeData data;
    data.instrument = InstrumentId(instrument);
    return Event{at(seconds), 0, EventType::Trade, data};
}

Event quote(std::int64_t seconds, std::uint32_t instrument)
{
    QuoteData data;
    data.instrument = InstrumentId(instrument);
    return Event{at(seconds), 0, EventType::Quote, data};
}

// "bar#1@10": type, the id inside, and the second.
std::string describe(const Event &event)
{
    std::string id;
    switch (event.eventClass()) {
    case EventClass::MarketData:
        id = std::to_string(std::visit(
            [](const auto &data) -> std::uint32_t {
                using T = std::decay_t<decltype(data)>;
                if constexpr (
                    std::is_same_v<
                        T, BarData> || std::is_same_v<T, TradeData> || std::is_same_v<T, QuoteData>)
                    return data.instrument.value();
                return 0;
            },
            event.data));
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
    return std::string(toString(event.type)) + "#" + id + "@"
           + std::to_string(event.timestamp.unixNanos() / 1'000'000'000);
}

QStringList drain(EventQueue &queue)
{
    QStringList order;
    while (!queue.empty())
        order << QString::fromStdString(describe(queue.pop()));
    return order;
}

} // namespace

class TestEventQueue : public QObject
{
    Q_OBJECT

private slots:
    void classOfEveryType();
    void timestampComesFirst();
    void classOrderAtEqualTimestamps();
    void pushOrderBreaksTies();
    void sequenceNumbers();
    void processedBeforeIsAStrictOrder();
    void streamedSlotTakesItsPlaceInTheOrder();
    void interleavedPushAndPop();
    void growsPastItsCapacity();
    void warmQueueDoesNotAllocate();
    void eventRecords();
    void shortTextTruncates();
    void names();
};

void TestEventQueue::classOfEveryType()
{
    QCOMPARE(classOf(EventType::Control), EventClass::Control);
    QCOMPARE(classOf(EventType::RiskAlert), EventClass::Control);
    QCOMPARE(classOf(EventType::FeatureDrift), EventClass::Control);
    for (const EventType type :
         {EventType::OrderAccepted, EventType::OrderRejected, EventType::OrderPartiallyFilled,
          EventType::OrderFilled, EventType::OrderCancelled, EventType::OrderExpired})
        QCOMPARE(classOf(type), EventClass::Order);
    QCOMPARE(classOf(EventType::Timer), EventClass::Timer);
    for (const EventType type : {EventType::Bar, EventType::Trade, EventType::Quote})
        QCOMPARE(classOf(type), EventClass::MarketData);
    QVERIFY(EventClass::Control < EventClass::Order);
    QVERIFY(EventClass::Order < EventClass::Timer);
    QVERIFY(EventClass::Timer < EventClass::MarketData);
}

void TestEventQueue::timestampComesFirst()
{
    EventQueue queue;
    queue.push(bar(30, 1));
    queue.push(Event::makeControl(at(40), ControlCommand::Kill));
    queue.push(order(20, EventType::OrderFilled, 7));
    queue.push(timer(10, 3));
    queue.push(bar(-5, 2)); // before 1970
    queue.push(Event::makeControl(at(25), ControlCommand::Pause));
    QCOMPARE(drain(queue), QStringList({
                               "bar#2@-5",
                               "timer#3@10",
                               "order_filled#7@20",
                               "control#pause@25",
                               "bar#1@30",
                               "control#kill@40",
                           }));
}

void TestEventQueue::classOrderAtEqualTimestamps()
{
    // Pushed in the reverse of processing order, all stamped 100.
    EventQueue queue;
    queue.push(quote(100, 3));
    queue.push(trade(100, 2));
    queue.push(bar(100, 1));
    queue.push(timer(100, 9));
    queue.push(order(100, EventType::OrderAccepted, 5));
    queue.push(order(100, EventType::OrderFilled, 4));
    queue.push(Event::makeControl(at(100), ControlCommand::Flatten));
    queue.push(Event::makeControl(at(99), ControlCommand::Resume)); // earlier beats any class
    QCOMPARE(drain(queue), QStringList({
                               "control#resume@99",
                               "control#flatten@100",
                               "order_accepted#5@100",
                               "order_filled#4@100",
                               "timer#9@100",
                               "quote#3@100",
                               "trade#2@100",
                               "bar#1@100",
                           }));
}

void TestEventQueue::pushOrderBreaksTies()
{
    EventQueue queue;
    for (std::uint32_t instrument = 1; instrument <= 20; ++instrument)
        queue.push(bar(50, instrument));
    queue.push(order(50, EventType::OrderCancelled, 1));
    queue.push(order(50, EventType::OrderFilled, 2));
    QStringList expected{"order_cancelled#1@50", "order_filled#2@50"};
    for (int instrument = 1; instrument <= 20; ++instrument)
        expected << QStringLiteral("bar#%1@50").arg(instrument);
    QCOMPARE(drain(queue), expected);
}

void TestEventQueue::sequenceNumbers()
{
    EventQueue queue(4);
    Event withSequence = bar(1, 1);
    withSequence.sequence = 999; // overwritten: the queue owns the numbering
    QCOMPARE(queue.push(withSequence), std::uint64_t(1));
    QCOMPARE(queue.push(bar(0, 2)), std::uint64_t(2));
    QCOMPARE(queue.push(bar(2, 3)), std::uint64_t(3));
    QCOMPARE(queue.size(), std::size_t(3));
    QCOMPARE(queue.top().sequence, std::uint64_t(2));
    QCOMPARE(queue.pop().sequence, std::uint64_t(2));
    QCOMPARE(queue.pop().sequence, std::uint64_t(1));
    QCOMPARE(queue.size(), std::size_t(1));
    queue.clear();
    QVERIFY(queue.empty());
    // Numbering continues after clear(): sequences stay unique for the queue's lifetime.
    QCOMPARE(queue.push(bar(0, 4)), std::uint64_t(4));
}

void TestEventQueue::processedBeforeIsAStrictOrder()
{
    Event a = bar(10, 1);
    Event b = order(10, EventType::OrderFilled, 1);
    a.sequence = 1;
    b.sequence = 2;
    QVERIFY(processedBefore(b, a)); // class beats sequence
    QVERIFY(!processedBefore(a, b));
    QVERIFY(!processedBefore(a, a)); // irreflexive
    Event c = bar(10, 2);
    c.sequence = 3;
    QVERIFY(processedBefore(a, c));
    Event d = Event::makeControl(at(11), ControlCommand::Stop);
    d.sequence = 0;
    QVERIFY(processedBefore(c, d)); // timestamp beats class and sequence
}

void TestEventQueue::streamedSlotTakesItsPlaceInTheOrder()
{
    // The data stream's next event waits in a slot beside the heap; it still comes out in the
    // one order (timestamp, class, sequence).
    EventQueue queue;
    QVERIFY(!queue.hasStreamed());
    QCOMPARE(queue.push(bar(10, 1)), std::uint64_t(1));         // heap, earlier sequence
    QCOMPARE(queue.pushStreamed(bar(10, 2)), std::uint64_t(2)); // slot
    QCOMPARE(queue.push(bar(10, 3)), std::uint64_t(3));         // heap, later sequence
    QCOMPARE(queue.push(fill(10, 4)), std::uint64_t(4));        // heap, earlier class
    QVERIFY(queue.hasStreamed());
    QCOMPARE(queue.size(), std::size_t(4));
    QCOMPARE(QString::fromStdString(describe(queue.top())), QStringLiteral("order_filled#4@10"));
    QCOMPARE(QString::fromStdString(describe(queue.pop())), QStringLiteral("order_filled#4@10"));
    QCOMPARE(QString::fromStdString(describe(queue.pop())), QStringLiteral("bar#1@10"));
    QCOMPARE(queue.top().sequence, std::uint64_t(2));
    QCOMPARE(QString::fromStdString(describe(queue.pop())), QStringLiteral("bar#2@10"));
    QVERIFY(!queue.hasStreamed()); // the slot is free again
    QCOMPARE(QString::fromStdString(describe(queue.pop())), QStringLiteral("bar#3@10"));
    QVERIFY(queue.empty());

    // A streamed event alone; one earlier than everything in the heap; an order event in the
    // slot ahead of market data of the same time.
    queue.pushStreamed(bar(5, 7));
    QVERIFY(!queue.empty());
    QCOMPARE(queue.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(describe(queue.pop())), QStringLiteral("bar#7@5"));
    QVERIFY(queue.empty());
    queue.push(bar(20, 1));
    queue.push(timer(30, 1));
    queue.pushStreamed(fill(20, 9));
    QCOMPARE(drain(queue), QStringList({"order_filled#9@20", "bar#1@20", "timer#1@30"}));

    queue.push(bar(40, 1));
    queue.pushStreamed(bar(50, 2));
    queue.clear();
    QVERIFY(queue.empty());
    QVERIFY(!queue.hasStreamed());
    QCOMPARE(queue.size(), std::size_t(0));
}

void TestEventQueue::interleavedPushAndPop()
{
    EventQueue queue;
    queue.push(bar(10, 1));
    queue.push(bar(20, 2));
    QCOMPARE(QString::fromStdString(describe(queue.pop())), QStringLiteral("bar#1@10"));
    // A fill produced at 10 while handling bar 1 comes before the bar at 20.
    queue.push(order(10, EventType::OrderFilled, 1));
    queue.push(timer(15, 1));
    QCOMPARE(drain(queue), QStringList({"order_filled#1@10", "timer#1@15", "bar#2@20"}));
}

void TestEventQueue::growsPastItsCapacity()
{
    EventQueue queue(2);
    for (std::int64_t second = 1000; second > 0; --second)
        queue.push(bar(second, static_cast<std::uint32_t>(second)));
    QCOMPARE(queue.size(), std::size_t(1000));
    for (std::int64_t second = 1; second <= 1000; ++second)
        QCOMPARE(queue.pop().timestamp, at(second));
}

void TestEventQueue::warmQueueDoesNotAllocate()
{
    {
        // The counter sees allocations at all.
        const long start = allocationCount.load();
        const auto probe = std::make_unique<int>(1);
        QVERIFY(allocationCount.load() > start);
    }
    EventQueue queue(64);
    const long before = allocationCount.load();
    for (int round = 0; round < 100; ++round) {
        queue.pushStreamed(bar(round * 100 + 30, 99));
        for (std::uint32_t i = 0; i < 64; ++i)
            queue.push(bar(round * 100 + (i * 37) % 64, i));
        while (!queue.empty())
            (void)queue.pop();
    }
    QCOMPARE(allocationCount.load() - before, 0L);
}

void TestEventQueue::eventRecords()
{
    BarData data;
    data.instrument = InstrumentId(3);
    data.open = *Price::parse("10.5");
    data.close = *Price::parse("11");
    const Event barEvent = Event::makeBar(at(7), data);
    QVERIFY(barEvent.type == EventType::Bar);
    QCOMPARE(barEvent.eventClass(), EventClass::MarketData);
    QCOMPARE(barEvent.timestamp, at(7));
    QCOMPARE(barEvent.bar().instrument, InstrumentId(3));
    QCOMPARE(barEvent.bar().close, *Price::parse("11"));

    OrderEventData fill;
    fill.orderId = OrderId(12);
    fill.lastQuantity = Quantity::fromUnits(5);
    const Event fillEvent = Event::makeOrder(at(8), EventType::OrderPartiallyFilled, fill);
    QCOMPARE(fillEvent.eventClass(), EventClass::Order);
    QCOMPARE(fillEvent.order().orderId, OrderId(12));
    QCOMPARE(fillEvent.order().lastQuantity, Quantity::fromUnits(5));

    const Event kill = Event::makeControl(at(9), ControlCommand::Kill, StrategyId(2));
    QCOMPARE(kill.eventClass(), EventClass::Control);
    QVERIFY(kill.control().command == ControlCommand::Kill);
    QCOMPARE(kill.control().strategy, StrategyId(2));
    const Event stopAll = Event::makeControl(at(9), ControlCommand::Stop);
    QVERIFY(!stopAll.control().strategy.isValid()); // every strategy

    QVERIFY_THROWS_EXCEPTION(std::bad_variant_access, (void)kill.bar());
    static_assert(std::is_trivially_copyable_v<Event>);
}

void TestEventQueue::shortTextTruncates()
{
    QCOMPARE(ShortText().view(), std::string_view());
    QCOMPARE(ShortText("insufficient buying power").view(),
             std::string_view("insufficient buying power"));
    const std::string exact(ShortText::capacity, 'x');
    QCOMPARE(ShortText(exact).view(), std::string_view(exact));
    const std::string longer(ShortText::capacity + 10, 'y');
    QCOMPARE(ShortText(longer).view().size(), ShortText::capacity);
    QCOMPARE(ShortText(longer).view(), std::string_view(longer).substr(0, ShortText::capacity));
}

void TestEventQueue::names()
{
    QCOMPARE(toString(EventType::Bar), std::string_view("bar"));
    QCOMPARE(toString(EventType::Trade), std::string_view("trade"));
    QCOMPARE(toString(EventType::Quote), std::string_view("quote"));
    QCOMPARE(toString(EventType::OrderAccepted), std::string_view("order_accepted"));
    QCOMPARE(toString(EventType::OrderRejected), std::string_view("order_rejected"));
    QCOMPARE(toString(EventType::OrderPartiallyFilled), std::string_view("order_partially_filled"));
    QCOMPARE(toString(EventType::OrderFilled), std::string_view("order_filled"));
    QCOMPARE(toString(EventType::OrderCancelled), std::string_view("order_cancelled"));
    QCOMPARE(toString(EventType::OrderExpired), std::string_view("order_expired"));
    QCOMPARE(toString(EventType::Timer), std::string_view("timer"));
    QCOMPARE(toString(EventType::Control), std::string_view("control"));
    QCOMPARE(toString(ControlCommand::Pause), std::string_view("pause"));
    QCOMPARE(toString(ControlCommand::Resume), std::string_view("resume"));
    QCOMPARE(toString(ControlCommand::Flatten), std::string_view("flatten"));
    QCOMPARE(toString(ControlCommand::Kill), std::string_view("kill"));
    QCOMPARE(toString(ControlCommand::Stop), std::string_view("stop"));
}

QTEST_APPLESS_MAIN(TestEventQueue)

#include "tst_eventqueue.moc"
