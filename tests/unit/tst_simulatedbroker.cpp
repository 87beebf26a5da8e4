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
};

QTEST_APPLESS_MAIN(TestSimulatedBroker)
#include "tst_simulatedbroker.moc"
