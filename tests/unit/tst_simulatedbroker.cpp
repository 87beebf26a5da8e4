// SimulatedBroker fill rules with hand-worked prices (docs/engine.md, "Fills"): market at the next
// bar's open or at the deciding bar's close, limits with price improvement, stops with gaps,
// never on the bar of the decision, day-order expiry, slippage and commission exactly.

#include <QtTest>

#include "engine/execution/simulatedbroker.h"

#include <vector>

using namespace meridian::engine;

namespace {

class RecordingSink final : public OrderEventSink
{
public:
    void onOrderEvent(const Event &event) override { events.push_back(event); }
    std::vector<Event> fills() const
    {
        std::vector<Event> result;
        for (const Event &event : events) {
            if (event.type == EventType::OrderFilled)
                result.push_back(event);
        }
        return result;
    }
    std::vector<Event> events;
};

Price px(const char *text)
{
    return *Price::parse(text);
}

// A daily bar of instrument 1, stamped at the 16:00 New York close of 2021-03-<day>.
Event bar(int day, const char *open, const char *high, const char *low, const char *close)
{
    return Event::makeBar(dailyBarTimestamp(Date{2021, 3, day}),
                          BarData{InstrumentId(1), px(open), px(high), px(low), px(close), Quantity::fromUnits(1000)});
}

Event volumeBar(int day, const char *open, const char *high, const char *low, const char *close,
                std::int64_t volume)
{
    Event event = bar(day, open, high, low, close);
    std::get<BarData>(event.data).volume = Quantity::fromUnits(volume);
    return event;
}

// A one-minute bar of instrument 1 ending at hh:mm New York time on `date`.
Event minuteBar(Date date, int hour, int minute, const char *open, const char *high, const char *low,
                const char *close)
{
    return Event::makeBar(newYorkTime(date, TimeOfDay::hms(hour, minute, 0)),
                          BarData{InstrumentId(1), px(open), px(high), px(low), px(close), Quantity::fromUnits(1000)});
}

// Quotes and trades of instrument 1 at 2021-03-01 10:00:00 + `second` seconds.
Timestamp tickTime(int second)
{
    return newYorkTime(Date{2021, 3, 1}, TimeOfDay::hms(10, 0, 0)) + Duration::seconds(second);
}

Event quote(int second, const char *bid, std::int64_t bidSize, const char *ask, std::int64_t askSize)
{
    return Event{tickTime(second), 0, EventType::Quote,
                 QuoteData{InstrumentId(1), px(bid), px(ask), Quantity::fromUnits(bidSize), Quantity::fromUnits(askSize)}};
}

Event trade(int second, const char *price, std::int64_t size)
{
    return Event{tickTime(second), 0, EventType::Trade, TradeData{InstrumentId(1), px(price), Quantity::fromUnits(size)}};
}

std::vector<EventType> types(const std::vector<Event> &events)
{
    std::vector<EventType> result;
    for (const Event &event : events)
        result.push_back(event.type);
    return result;
}

Order order(std::uint64_t id, Side side, OrderType type, const char *quantity, TimeInForce tif = TimeInForce::Gtc)
{
    Order o;
    o.id = OrderId(id);
    o.strategy = StrategyId(1);
    o.instrument = InstrumentId(1);
    o.side = side;
    o.type = type;
    o.timeInForce = tif;
    o.quantity = *Quantity::parse(quantity);
    return o;
}

} // namespace

class TestSimulatedBroker : public QObject
{
    Q_OBJECT

private:
    NyseCalendar m_nyse;

private slots:
    void marketOrderFillsAtTheNextBarsOpenNeverTheDecidingBar()
    {
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        const Event decided = bar(1, "100", "101", "99", "100.5");
        broker.onMarketData(decided);
        broker.submit(order(1, Side::Buy, OrderType::Market, "10"), decided.timestamp);
        broker.onMarketData(decided); // the same bar again: it must not fill on it
        QVERIFY(sink.fills().empty());
        broker.onMarketData(bar(2, "102", "103", "101", "102.5"));
        const auto fills = sink.fills();
        QCOMPARE(fills.size(), std::size_t(1));
        QCOMPARE(fills[0].order().lastPrice, px("102"));
        QCOMPARE(fills[0].order().lastQuantity, Quantity::fromUnits(10));
        QCOMPARE(fills[0].timestamp, dailyBarTimestamp(Date{2021, 3, 2}));
        QVERIFY(sink.events.front().type == EventType::OrderAccepted);
    }

    void fillAtCloseUsesTheDecidingBarsClose()
    {
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {FillTiming::Close, {}, {}});
        const Event decided = bar(1, "100", "101", "99", "100.5");
        broker.onMarketData(decided);
        broker.submit(order(1, Side::Buy, OrderType::Market, "10"), decided.timestamp);
        QCOMPARE(sink.fills().size(), std::size_t(1));
        QCOMPARE(sink.fills()[0].order().lastPrice, px("100.5"));
    }

    void limitOrdersFillAtTheLimitOrBetter_data()
    {
        QTest::addColumn<int>("side");
        QTest::addColumn<QString>("limit");
        QTest::addColumn<QString>("open");
        QTest::addColumn<QString>("high");
        QTest::addColumn<QString>("low");
        QTest::addColumn<QString>("expected"); // "" = no fill
        // Buy 99.50: the bar trades down through it -> the limit.
        QTest::newRow("buy touched") << 0 << "99.5" << "100" << "100.5" << "99" << "99.5";
        // Buy 99.50: the bar opens at 98 (gap down through the limit) -> the better open.
        QTest::newRow("buy gap improves") << 0 << "99.5" << "98" << "99" << "97" << "98";
        // Buy 99.50: low 99.51 never reaches it.
        QTest::newRow("buy not touched") << 0 << "99.5" << "100" << "101" << "99.51" << "";
        // Sell 101: high reaches it -> the limit; a gap up to 102 -> the open.
        QTest::newRow("sell touched") << 1 << "101" << "100" << "101.2" << "99" << "101";
        QTest::newRow("sell gap improves") << 1 << "101" << "102" << "103" << "101.5" << "102";
        QTest::newRow("sell not touched") << 1 << "101" << "100" << "100.99" << "99" << "";
    }

    void limitOrdersFillAtTheLimitOrBetter()
    {
        QFETCH(int, side);
        QFETCH(QString, limit);
        QFETCH(QString, open);
        QFETCH(QString, high);
        QFETCH(QString, low);
        QFETCH(QString, expected);
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order o = order(1, side == 0 ? Side::Buy : Side::Sell, OrderType::Limit, "5");
        o.limitPrice = px(limit.toLatin1().constData());
        broker.submit(o, dailyBarTimestamp(Date{2021, 3, 1}));
        const QByteArray o1 = open.toLatin1(), h1 = high.toLatin1(), l1 = low.toLatin1();
        broker.onMarketData(bar(2, o1.constData(), h1.constData(), l1.constData(), o1.constData()));
        const auto fills = sink.fills();
        if (expected.isEmpty()) {
            QVERIFY(fills.empty());
            QCOMPARE(broker.workingOrderCount(), std::size_t(1)); // GTC: still working
        } else {
            QCOMPARE(fills.size(), std::size_t(1));
            QCOMPARE(fills[0].order().lastPrice, px(expected.toLatin1().constData()));
        }
    }

    void stopOrdersTriggerAndGapsFillAtTheWorseOpen()
    {
        // Sell stop 95: a bar opening at 93 (gap down through the stop) fills at 93, not 95.
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order sellStop = order(1, Side::Sell, OrderType::Stop, "10");
        sellStop.stopPrice = px("95");
        Order buyStop = order(2, Side::Buy, OrderType::Stop, "10");
        buyStop.stopPrice = px("105");
        broker.submit(sellStop, dailyBarTimestamp(Date{2021, 3, 1}));
        broker.submit(buyStop, dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(bar(2, "96", "104.99", "95.5", "100")); // neither triggers
        QVERIFY(sink.fills().empty());
        broker.onMarketData(bar(3, "93", "94", "92", "93.5")); // sell stop: gap -> 93
        broker.onMarketData(bar(4, "104", "106", "103", "105.5")); // buy stop: trades through -> 105
        const auto fills = sink.fills();
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(fills[0].order().orderId, OrderId(1));
        QCOMPARE(fills[0].order().lastPrice, px("93"));
        QCOMPARE(fills[1].order().orderId, OrderId(2));
        QCOMPARE(fills[1].order().lastPrice, px("105"));
    }

    void dayOrderExpiresAtTheCloseOfItsSession()
    {
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order o = order(1, Side::Buy, OrderType::Limit, "1", TimeInForce::Day);
        o.limitPrice = px("50");
        // Submitted after Friday 2021-03-05's close: it works in Monday 2021-03-08's session.
        broker.submit(o, dailyBarTimestamp(Date{2021, 3, 5}));
        broker.onMarketData(bar(8, "100", "101", "99", "100"));
        QVERIFY(sink.events.back().type == EventType::OrderExpired);
        QCOMPARE(sink.events.back().timestamp, dailyBarTimestamp(Date{2021, 3, 8}));
        QCOMPARE(std::string(sink.events.back().order().reason.view()),
                 std::string("day order expired at the close of 2021-03-08"));
        QCOMPARE(broker.workingOrderCount(), std::size_t(0));
    }

    void cancelEmitsCancelledWithTheReason()
    {
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order o = order(7, Side::Buy, OrderType::Limit, "1");
        o.limitPrice = px("1");
        broker.submit(o, dailyBarTimestamp(Date{2021, 3, 1}));
        broker.cancel(OrderId(7), dailyBarTimestamp(Date{2021, 3, 2}), "flatten");
        QVERIFY(sink.events.back().type == EventType::OrderCancelled);
        QCOMPARE(std::string(sink.events.back().order().reason.view()), std::string("flatten"));
        QCOMPARE(broker.workingOrderCount(), std::size_t(0));
    }

    void fixedSlippageAndCommissionAreExact()
    {
        // 10 bps: a buy at 100.00 pays 100 × 1.001 = 100.10; a sell at 100.00 gets 99.90.
        SimulatedBrokerConfig config;
        config.slippage.kind = SlippageModel::Kind::Fixed;
        config.slippage.bps = 10;
        // 0.005 per share, at least 1.00 per order: 10 shares -> 0.05 -> the 1.00 minimum;
        // 1000 shares -> 5.00.
        config.commission.kind = CommissionModel::Kind::PerShare;
        config.commission.perShare = *Money::parse("0.005");
        config.commission.minPerOrder = Money::fromUnits(1);
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        broker.submit(order(1, Side::Buy, OrderType::Market, "10"), dailyBarTimestamp(Date{2021, 3, 1}));
        broker.submit(order(2, Side::Sell, OrderType::Market, "1000"), dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(bar(2, "100", "101", "99", "100"));
        const auto fills = sink.fills();
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(fills[0].order().lastPrice, px("100.1"));
        QCOMPARE(fills[0].order().commission, Money::fromUnits(1));
        QCOMPARE(fills[1].order().lastPrice, px("99.9"));
        QCOMPARE(fills[1].order().commission, Money::fromUnits(5));
    }

    void slippageNeverMakesALimitFillWorseThanTheLimit()
    {
        SimulatedBrokerConfig config;
        config.slippage.kind = SlippageModel::Kind::Fixed;
        config.slippage.bps = 50;
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        Order o = order(1, Side::Buy, OrderType::Limit, "1");
        o.limitPrice = px("99.5");
        broker.submit(o, dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(bar(2, "100", "100", "99", "99.5")); // 99.5 × 1.005 = 99.9975 > limit
        QCOMPARE(sink.fills().at(0).order().lastPrice, px("99.5"));
    }

    void stopLimitTriggersThenWorksAsALimit()
    {
        // Buy stop 101 limit 101.5. Bar 2 (O100 H102 L99 C101, path open→high→low→close): the
        // rise to 102 passes 101, the stop triggers at 101, which is within the limit -> 101.
        // A second one on a gap: bar 2 opens at 103 (triggered at the open, 103 > 101.5: no
        // fill), the path 104, 102, 103.5 never comes back to 101.5; bar 3 (O101.8 H102 L101)
        // falls to 101 -> the limit 101.5.
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order first = order(1, Side::Buy, OrderType::StopLimit, "10");
        first.stopPrice = px("101");
        first.limitPrice = px("101.5");
        broker.submit(first, dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(bar(2, "100", "102", "99", "101"));
        QCOMPARE(sink.fills().size(), std::size_t(1));
        QCOMPARE(sink.fills()[0].order().lastPrice, px("101"));

        RecordingSink gapSink;
        SimulatedBroker gap(gapSink, m_nyse, {});
        gap.submit(first, dailyBarTimestamp(Date{2021, 3, 1}));
        gap.onMarketData(bar(2, "103", "104", "102", "103.5"));
        QVERIFY(gapSink.fills().empty());
        gap.onMarketData(bar(3, "101.8", "102", "101", "101.2"));
        QCOMPARE(gapSink.fills().size(), std::size_t(1));
        QCOMPARE(gapSink.fills()[0].order().lastPrice, px("101.5"));
    }

    void trailingStopFollowsTheBestPriceAlongThePath()
    {
        // Sell, trail 2.00, submitted after a close of 100: water mark 100, stop 98.
        // Bar 2 O101 H105 L102.5 C104.
        //   ohlc: open 101 -> mark 101 (stop 99); up to 105 -> mark 105 (stop 103); down to
        //         102.5 crosses 103 -> fills at 103.
        //   olhc: down to 102.5 (stop 99, no); up to 105 -> stop 103; down to close 104 (no).
        //         Bar 3 opens at 102, below the stop 103 -> fills at the open, 102.
        for (const IntrabarPath path : {IntrabarPath::OpenHighLowClose, IntrabarPath::OpenLowHighClose}) {
            SimulatedBrokerConfig config;
            config.path = path;
            RecordingSink sink;
            SimulatedBroker broker(sink, m_nyse, config);
            broker.onMarketData(bar(1, "99", "100.5", "98.5", "100"));
            Order o = order(1, Side::Sell, OrderType::TrailingStop, "10");
            o.trailPrice = px("2");
            broker.submit(o, dailyBarTimestamp(Date{2021, 3, 1}));
            broker.onMarketData(bar(2, "101", "105", "102.5", "104"));
            if (path == IntrabarPath::OpenHighLowClose) {
                QCOMPARE(sink.fills().size(), std::size_t(1));
                QCOMPARE(sink.fills()[0].order().lastPrice, px("103"));
                continue;
            }
            QVERIFY(sink.fills().empty());
            broker.onMarketData(bar(3, "102", "102.5", "101", "101.5"));
            QCOMPARE(sink.fills().size(), std::size_t(1));
            QCOMPARE(sink.fills()[0].order().lastPrice, px("102"));
        }
    }

    void trailingStopByPercent()
    {
        // Sell, trail 5%, after a close of 100: stop 95. Bar 2 O100 H110 L104 C105 (ohlc):
        // the high 110 moves the stop to 110 × 0.95 = 104.5; the fall to 104 crosses it -> 104.5.
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        broker.onMarketData(bar(1, "99", "100.5", "98.5", "100"));
        Order o = order(1, Side::Sell, OrderType::TrailingStop, "10");
        o.trailPercent = 5.0;
        broker.submit(o, dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(bar(2, "100", "110", "104", "105"));
        QCOMPARE(sink.fills().size(), std::size_t(1));
        QCOMPARE(sink.fills()[0].order().lastPrice, px("104.5"));
    }

    void volumeCapLeavesTheRestWorkingAcrossBars()
    {
        // max_participation 0.1 of a 1000-share bar: at most 100 shares per bar. A gtc market
        // buy of 250 fills 100 + 100 + 50 at the opens 100, 101, 102; the order is partially
        // filled until the last fill.
        SimulatedBrokerConfig config;
        config.maxParticipation = 0.1;
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        broker.submit(order(1, Side::Buy, OrderType::Market, "250"), dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(volumeBar(2, "100", "100", "100", "100", 1000));
        broker.onMarketData(volumeBar(3, "101", "101", "101", "101", 1000));
        broker.onMarketData(volumeBar(4, "102", "102", "102", "102", 1000));
        QVERIFY(types(sink.events)
                == (std::vector<EventType>{EventType::OrderAccepted, EventType::OrderPartiallyFilled,
                                           EventType::OrderPartiallyFilled, EventType::OrderFilled}));
        QCOMPARE(sink.events[1].order().lastQuantity, Quantity::fromUnits(100));
        QCOMPARE(sink.events[2].order().lastPrice, px("101"));
        QCOMPARE(sink.events[3].order().lastQuantity, Quantity::fromUnits(50));
        QCOMPARE(sink.events[3].order().filledQuantity, Quantity::fromUnits(250));
        QCOMPARE(broker.workingOrderCount(), std::size_t(0));
    }

    void iocAndFokNeverRest()
    {
        // Cap 100 shares per bar (0.1 × 1000). ioc buy 250: 100 fill, the 150 left are canceled.
        // fok buy 250: the bar cannot fill all of it -> canceled, nothing filled.
        SimulatedBrokerConfig config;
        config.maxParticipation = 0.1;
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        broker.submit(order(1, Side::Buy, OrderType::Market, "250", TimeInForce::Ioc), dailyBarTimestamp(Date{2021, 3, 1}));
        broker.submit(order(2, Side::Buy, OrderType::Market, "250", TimeInForce::Fok), dailyBarTimestamp(Date{2021, 3, 1}));
        broker.onMarketData(volumeBar(2, "100", "100", "100", "100", 1000));
        QVERIFY(types(sink.events)
                == (std::vector<EventType>{EventType::OrderAccepted, EventType::OrderAccepted,
                                           EventType::OrderPartiallyFilled, EventType::OrderCancelled,
                                           EventType::OrderCancelled}));
        QCOMPARE(sink.events[2].order().lastQuantity, Quantity::fromUnits(100));
        QCOMPARE(sink.events[3].order().orderId, OrderId(1));
        QCOMPARE(sink.events[4].order().orderId, OrderId(2));
        QCOMPARE(std::string(sink.events[4].order().reason.view()), std::string("fok: the bar allows 100 of 250"));
        // A limit ioc that the bar cannot reach is canceled on that first bar.
        Order limit = order(3, Side::Buy, OrderType::Limit, "10", TimeInForce::Ioc);
        limit.limitPrice = px("90");
        broker.submit(limit, dailyBarTimestamp(Date{2021, 3, 2}));
        broker.onMarketData(volumeBar(3, "100", "101", "99", "100", 1000));
        QVERIFY(sink.events.back().type == EventType::OrderCancelled);
        QCOMPARE(broker.workingOrderCount(), std::size_t(0));
    }

    void openingAndClosingAuctionOrders()
    {
        // Decided at Monday 2021-03-01's close. opg market -> Tuesday's open 100; opg limit buy
        // 99 with Tuesday opening at 100 -> canceled; cls market -> Tuesday's close 100.75.
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        const Timestamp decided = dailyBarTimestamp(Date{2021, 3, 1});
        broker.submit(order(1, Side::Buy, OrderType::Market, "10", TimeInForce::Opg), decided);
        Order limit = order(2, Side::Buy, OrderType::Limit, "10", TimeInForce::Opg);
        limit.limitPrice = px("99");
        broker.submit(limit, decided);
        broker.submit(order(3, Side::Buy, OrderType::Market, "10", TimeInForce::Cls), decided);
        broker.onMarketData(bar(2, "100", "101", "98", "100.75"));
        const auto fills = sink.fills();
        QCOMPARE(fills.size(), std::size_t(2));
        QCOMPARE(fills[0].order().orderId, OrderId(1));
        QCOMPARE(fills[0].order().lastPrice, px("100"));
        QCOMPARE(fills[1].order().orderId, OrderId(3));
        QCOMPARE(fills[1].order().lastPrice, px("100.75"));
        bool limitCanceled = false;
        for (const Event &event : sink.events)
            limitCanceled |= event.type == EventType::OrderCancelled && event.order().orderId == OrderId(2);
        QVERIFY(limitCanceled);
    }

    void dayOrderExpiresAtAnEarlyClose()
    {
        // 2021-11-26, the day after Thanksgiving, closes at 13:00. A day limit sent at 10:00
        // still works on the 12:59 bar and expires on the 13:00 bar (the close).
        const Date friday{2021, 11, 26};
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order o = order(1, Side::Buy, OrderType::Limit, "1", TimeInForce::Day);
        o.limitPrice = px("50");
        broker.submit(o, newYorkTime(friday, TimeOfDay::hms(10, 0, 0)));
        broker.onMarketData(minuteBar(friday, 12, 59, "100", "100", "100", "100"));
        QCOMPARE(broker.workingOrderCount(), std::size_t(1));
        broker.onMarketData(minuteBar(friday, 13, 0, "100", "100", "100", "100"));
        QVERIFY(sink.events.back().type == EventType::OrderExpired);
        QCOMPARE(sink.events.back().timestamp, newYorkTime(friday, TimeOfDay::hms(13, 0, 0)));
    }

    void latencyDelaysTheFirstPossibleFill()
    {
        // 60 000 ms latency, no jitter: decided at the 09:31 bar, the order reaches the venue at
        // 09:32:00; the bar ending 09:32 traded before that, so it fills at the 09:33 bar's open.
        SimulatedBrokerConfig config;
        config.latencyMeanMs = 60'000;
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        const Date day{2021, 3, 1};
        broker.submit(order(1, Side::Buy, OrderType::Market, "10"), newYorkTime(day, TimeOfDay::hms(9, 31, 0)));
        QCOMPARE(sink.events[0].order().venueTime, newYorkTime(day, TimeOfDay::hms(9, 32, 0)));
        broker.onMarketData(minuteBar(day, 9, 32, "100", "100", "100", "100"));
        QVERIFY(sink.fills().empty());
        broker.onMarketData(minuteBar(day, 9, 33, "100.25", "100.5", "100", "100.5"));
        QCOMPARE(sink.fills().at(0).order().lastPrice, px("100.25"));
    }

    void latencyDrawsAreSeeded()
    {
        SimulatedBrokerConfig config;
        config.latencyMeanMs = 10;
        config.latencyStdMs = 5;
        RecordingSink sink;
        SimulatedBroker first(sink, m_nyse, config);
        SimulatedBroker second(sink, m_nyse, config);
        config.seed = 7;
        SimulatedBroker other(sink, m_nyse, config);
        bool differs = false;
        for (int i = 0; i < 100; ++i) {
            const Duration a = first.drawLatency();
            QCOMPARE(a, second.drawLatency());
            QVERIFY(a >= Duration::zero());
            differs |= a != other.drawLatency();
        }
        QVERIFY(differs);
    }

    void bracketExitsAreOneCancelsOtherAlongThePath()
    {
        // Long 10 protected by a take-profit sell limit 103 and a stop-loss sell stop 98.5.
        // Bar 2 O100 H103.5 L98 C101 reaches both. ohlc: the high comes first -> the take-profit
        // fills at 103 and the stop is canceled; olhc: the low first -> the stop fills at 98.5.
        for (const IntrabarPath path : {IntrabarPath::OpenHighLowClose, IntrabarPath::OpenLowHighClose}) {
            SimulatedBrokerConfig config;
            config.path = path;
            RecordingSink sink;
            SimulatedBroker broker(sink, m_nyse, config);
            Order takeProfit = order(1, Side::Sell, OrderType::Limit, "10");
            takeProfit.limitPrice = px("103");
            takeProfit.sibling = OrderId(2);
            Order stopLoss = order(2, Side::Sell, OrderType::Stop, "10");
            stopLoss.stopPrice = px("98.5");
            stopLoss.sibling = OrderId(1);
            broker.submit(takeProfit, dailyBarTimestamp(Date{2021, 3, 1}));
            broker.submit(stopLoss, dailyBarTimestamp(Date{2021, 3, 1}));
            broker.onMarketData(bar(2, "100", "103.5", "98", "101"));
            const auto fills = sink.fills();
            QCOMPARE(fills.size(), std::size_t(1));
            const bool highFirst = path == IntrabarPath::OpenHighLowClose;
            QCOMPARE(fills[0].order().orderId, OrderId(highFirst ? 1 : 2));
            QCOMPARE(fills[0].order().lastPrice, px(highFirst ? "103" : "98.5"));
            QVERIFY(sink.events.back().type == EventType::OrderCancelled);
            QCOMPARE(sink.events.back().order().orderId, OrderId(highFirst ? 2 : 1));
            QCOMPARE(broker.workingOrderCount(), std::size_t(0));
        }
    }

    void replaceLinksTheNewOrderAndCancelOfAFilledOrderIsRefused()
    {
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order o = order(1, Side::Buy, OrderType::Limit, "10");
        o.limitPrice = px("90");
        broker.submit(o, dailyBarTimestamp(Date{2021, 3, 1}));
        Order replacement = o;
        replacement.id = OrderId(2);
        replacement.replaces = OrderId(1);
        replacement.limitPrice = px("99");
        broker.replace(OrderId(1), replacement, dailyBarTimestamp(Date{2021, 3, 1}));
        QVERIFY(sink.events[1].type == EventType::OrderReplaced);
        QCOMPARE(sink.events[1].order().orderId, OrderId(1));
        QCOMPARE(sink.events[1].order().linkedOrder, OrderId(2));
        QVERIFY(sink.events[2].type == EventType::OrderAccepted);
        QCOMPARE(sink.events[2].order().orderId, OrderId(2));
        // Bar 2 falls to 98: the replacement (limit 99) fills at 99; the old one is gone.
        broker.onMarketData(bar(2, "100", "100", "98", "99"));
        QCOMPARE(sink.fills().size(), std::size_t(1));
        QCOMPARE(sink.fills()[0].order().orderId, OrderId(2));
        QCOMPARE(sink.fills()[0].order().lastPrice, px("99"));
        broker.cancel(OrderId(2), dailyBarTimestamp(Date{2021, 3, 2}), "too late");
        QVERIFY(sink.events.back().type == EventType::OrderCancelRejected);
        broker.replace(OrderId(1), replacement, dailyBarTimestamp(Date{2021, 3, 2}));
        QVERIFY(sink.events[sink.events.size() - 2].type == EventType::OrderReplaceRejected);
        QVERIFY(sink.events.back().type == EventType::OrderRejected);
    }

    void alpacaRegulatoryFeesOnSellsOnly()
    {
        // Defaults: SEC $27.80 per $1M sold, FINRA TAF $0.000166 per share sold, max $8.30,
        // each rounded up to the cent per order.
        //   sell 1000 @ 150: SEC 150000 × 27.80 / 1e6 = 4.17; TAF 0.166 -> 0.17; total 4.34.
        //   sell 100000 @ 1: SEC 2.78; TAF 16.60 -> capped 8.30; total 11.08.
        //   buy: nothing.
        CommissionModel alpaca;
        alpaca.kind = CommissionModel::Kind::Alpaca;
        QCOMPARE(alpaca.orderCommission(Side::Sell, Quantity::fromUnits(1000), Money::fromUnits(150'000)),
                 *Money::parse("4.34"));
        QCOMPARE(alpaca.orderCommission(Side::Sell, Quantity::fromUnits(100'000), Money::fromUnits(100'000)),
                 *Money::parse("11.08"));
        QCOMPARE(alpaca.orderCommission(Side::Buy, Quantity::fromUnits(1000), Money::fromUnits(150'000)), Money());
    }

    void perOrderMinimumAppliesOncePerOrderAcrossPartialFills()
    {
        // 0.005 per share, min 1.00 per order; 300 shares filled 100 + 100 + 100 (cap 0.1 of
        // 1000): the order pays max(1.50, 1.00) = 1.50 in total: 1.00, then 0.00, then 0.50.
        SimulatedBrokerConfig config;
        config.maxParticipation = 0.1;
        config.commission.kind = CommissionModel::Kind::PerShare;
        config.commission.perShare = *Money::parse("0.005");
        config.commission.minPerOrder = Money::fromUnits(1);
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        broker.submit(order(1, Side::Buy, OrderType::Market, "300"), dailyBarTimestamp(Date{2021, 3, 1}));
        for (int day = 2; day <= 4; ++day)
            broker.onMarketData(volumeBar(day, "100", "100", "100", "100", 1000));
        std::vector<Money> commissions;
        for (const Event &event : sink.events) {
            if (event.type == EventType::OrderFilled || event.type == EventType::OrderPartiallyFilled)
                commissions.push_back(event.order().commission);
        }
        QVERIFY(commissions == (std::vector<Money>{Money::fromUnits(1), Money(), *Money::parse("0.5")}));
    }

    void marketImpactScalesWithVolatilityAndSize()
    {
        // k 1, window 2. Closes 100, 101, 99.99: returns +1%, −1% (99.99 / 101 = 0.99);
        // σ = sqrt((0.01² + 0.01²) / 1) = 0.0141421356; ADV = 1000 (the two bars with a
        // return). A buy of 10: 0.0141421356 × sqrt(10 / 1000) = 0.00141421356 -> at the open
        // 100: 100 × 1.00141421356 = 100.14142136 (8 decimals).
        SimulatedBrokerConfig config;
        config.slippage.kind = SlippageModel::Kind::MarketImpact;
        config.slippage.impactK = 1.0;
        config.slippage.impactWindow = 2;
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, config);
        broker.onMarketData(volumeBar(1, "100", "100", "100", "100", 1000));
        broker.onMarketData(volumeBar(2, "101", "101", "101", "101", 1000));
        broker.onMarketData(volumeBar(3, "99.99", "99.99", "99.99", "99.99", 1000));
        broker.submit(order(1, Side::Buy, OrderType::Market, "10"), dailyBarTimestamp(Date{2021, 3, 3}));
        broker.onMarketData(volumeBar(4, "100", "100", "100", "100", 1000));
        QCOMPARE(sink.fills().at(0).order().lastPrice, px("100.14142136"));
    }

    void spreadAndVolumeBasedSlippage()
    {
        // spread 20 bps: half, 10 bps, against the trader: buy at 100 -> 100.10.
        // volume_based 5 bps + 0.1 × participation; 100 of 1000 shares -> 0.0005 + 0.01 =
        // 0.0105: a sell at 100 -> 98.95.
        SlippageModel spread;
        spread.kind = SlippageModel::Kind::Spread;
        spread.spreadBps = 20;
        QCOMPARE(spread.apply(px("100"), Side::Buy, Quantity::fromUnits(1), Quantity::fromUnits(1000)), px("100.1"));
        SlippageModel volume;
        volume.kind = SlippageModel::Kind::VolumeBased;
        volume.baseBps = 5;
        volume.volumeFactor = 0.1;
        QCOMPARE(volume.apply(px("100"), Side::Sell, Quantity::fromUnits(100), Quantity::fromUnits(1000)),
                 px("98.95"));
    }

    void marketOrdersTakeTheOppositeQuoteUpToItsSize()
    {
        // Buy 500: the ask 100.02 × 200 fills 200; the next quote's ask 100.03 × 1000 fills the
        // other 300. Sell 50 after a one-sided quote (ask only): the bid 99.98 is unchanged.
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        broker.onMarketData(quote(0, "99.98", 300, "100.02", 200));
        broker.submit(order(1, Side::Buy, OrderType::Market, "500"), tickTime(0));
        broker.onMarketData(quote(1, "99.98", 300, "100.02", 200));
        broker.onMarketData(quote(2, "99.99", 300, "100.03", 1000));
        QVERIFY(types(sink.events)
                == (std::vector<EventType>{EventType::OrderAccepted, EventType::OrderPartiallyFilled,
                                           EventType::OrderFilled}));
        QCOMPARE(sink.events[1].order().lastPrice, px("100.02"));
        QCOMPARE(sink.events[1].order().lastQuantity, Quantity::fromUnits(200));
        QCOMPARE(sink.events[2].order().lastPrice, px("100.03"));
        QCOMPARE(sink.events[2].order().lastQuantity, Quantity::fromUnits(300));

        broker.submit(order(2, Side::Sell, OrderType::Market, "50"), tickTime(2));
        broker.onMarketData(quote(3, "0", 0, "100.01", 100)); // ask only
        QCOMPARE(sink.fills().back().order().lastPrice, px("99.99"));
    }

    void limitsFillWhenTheQuoteCrossesOrATradePrintsThrough()
    {
        // Buy limit 100.00 while the ask is 100.02: nothing. A trade at 99.99 prints through
        // the limit -> 40 (the trade's size) at 100.00. Then the ask drops to 99.97 × 500 -> the
        // other 60 at 99.97 (the quote crossed: price improvement).
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order limit = order(1, Side::Buy, OrderType::Limit, "100");
        limit.limitPrice = px("100");
        broker.submit(limit, tickTime(0));
        broker.onMarketData(quote(1, "99.98", 300, "100.02", 200));
        broker.onMarketData(trade(2, "100", 500)); // at the limit: no queue model, no fill
        QVERIFY(sink.fills().empty());
        broker.onMarketData(trade(3, "99.99", 40));
        broker.onMarketData(quote(4, "99.96", 300, "99.97", 500));
        const auto events = sink.events;
        QCOMPARE(events[1].order().lastPrice, px("100"));
        QCOMPARE(events[1].order().lastQuantity, Quantity::fromUnits(40));
        QVERIFY(events[2].type == EventType::OrderFilled);
        QCOMPARE(events[2].order().lastPrice, px("99.97"));
        QCOMPARE(events[2].order().lastQuantity, Quantity::fromUnits(60));
    }

    void queuePositionFillsAfterTheSizeAhead()
    {
        // Buy limit 99.98 joins the bid 99.98 × 300: 300 ahead. Trades at 99.98: 200 (100
        // left ahead), then 250 (100 to the queue ahead, 150 reach the order) -> 150 of 200 at
        // 99.98. Without queue_position neither trade fills it.
        for (const bool queue : {true, false}) {
            SimulatedBrokerConfig config;
            config.queuePosition = queue;
            RecordingSink sink;
            SimulatedBroker broker(sink, m_nyse, config);
            Order limit = order(1, Side::Buy, OrderType::Limit, "200");
            limit.limitPrice = px("99.98");
            broker.submit(limit, tickTime(0));
            broker.onMarketData(quote(1, "99.98", 300, "100.02", 200));
            broker.onMarketData(trade(2, "99.98", 200));
            QVERIFY(sink.fills().empty() && sink.events.size() == 1);
            broker.onMarketData(trade(3, "99.98", 250));
            if (!queue) {
                QCOMPARE(sink.events.size(), std::size_t(1));
                continue;
            }
            QVERIFY(sink.events.back().type == EventType::OrderPartiallyFilled);
            QCOMPARE(sink.events.back().order().lastQuantity, Quantity::fromUnits(150));
            QCOMPARE(sink.events.back().order().lastPrice, px("99.98"));
        }
    }

    void stopsTriggerOnTheQuote()
    {
        // Sell stop 99.90: the bid falls to 99.88 -> sold at the bid, 99.88.
        RecordingSink sink;
        SimulatedBroker broker(sink, m_nyse, {});
        Order stop = order(1, Side::Sell, OrderType::Stop, "10");
        stop.stopPrice = px("99.9");
        broker.submit(stop, tickTime(0));
        broker.onMarketData(quote(1, "99.95", 300, "99.97", 200));
        QVERIFY(sink.fills().empty());
        broker.onMarketData(quote(2, "99.88", 300, "99.9", 200));
        QCOMPARE(sink.fills().at(0).order().lastPrice, px("99.88"));
    }
};

QTEST_APPLESS_MAIN(TestSimulatedBroker)
#include "tst_simulatedbroker.moc"
