// The order flow through the whole engine (TradingEngine + SimulatedBroker + event queue): a
// scripted strategy sends orders, cancels and replaces on five hand-written daily bars and
// must see every lifecycle event, with the broker's semantics. Expected fills are worked out
// by hand from the rules in docs/execution.md, in the comments.

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/memorydatasource.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <functional>
#include <map>
#include <span>

using namespace meridian::engine;

namespace {

// What the strategy does at the close of bar n (0-based), given the order ids it has seen.
// `orders`: every order id it has seen; `open`: Context::openOrders().
using Script = std::function<void(int bar, const std::vector<OrderId> &orders, std::span<const OrderId> open,
                                  InstrumentId spy, OrderList &)>;

struct Seen
{
    EventType type;
    OrderId order;
    std::string reason;
};

class ScriptedStrategy final : public Strategy
{
public:
    ScriptedStrategy(const Script &script, std::vector<Seen> &seen)
        : m_script(script)
        , m_seen(seen)
    {}
    void onMarketEvent(Context &, const Event &) override { ++m_bar; }
    void generateOrders(Context &ctx, OrderList &orders) override
    {
        m_script(m_bar - 1, m_orders, ctx.openOrders(), ctx.instruments().front(), orders);
    }
    void onOrderUpdate(Context &, const Event &event) override
    {
        const OrderEventData &data = event.order();
        m_seen.push_back(Seen{event.type, data.orderId, std::string(data.reason.view())});
        if (std::find(m_orders.begin(), m_orders.end(), data.orderId) == m_orders.end())
            m_orders.push_back(data.orderId);
    }

private:
    const Script &m_script;
    std::vector<Seen> &m_seen;
    std::vector<OrderId> m_orders;
    int m_bar = 0;
};

Price px(const char *text)
{
    return *Price::parse(text);
}

// 2021-03-01 .. 03-05, one bar a day (open, high, low, close), 1,000,000 shares each.
MemoryDataSource::Series bars()
{
    const char *rows[][4] = {{"100", "101", "99.5", "100"},
                             {"100", "101", "99.5", "100.5"},
                             {"100.5", "102", "98", "101"},
                             {"101", "103.5", "100", "102"},
                             {"102", "104", "101", "103"}};
    MemoryDataSource::Series series;
    for (int i = 0; i < 5; ++i)
        series.emplace_back(dailyBarTimestamp(Date{2021, 3, 1 + i}),
                            BarData{InstrumentId(1), px(rows[i][0]), px(rows[i][1]), px(rows[i][2]),
                                    px(rows[i][3]), Quantity::fromUnits(1'000'000)});
    return series;
}

// Bar 0: market buy 10 with take-profit 103.5 and stop-loss 98.5.
void bracketAtBarZero(int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out)
{
    if (bar == 0)
        out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(10))
                          .withTakeProfit(px("103.5"))
                          .withStopLoss(px("98.5")));
}

std::vector<EventType> typesFor(const std::vector<Seen> &seen, OrderId order)
{
    std::vector<EventType> types;
    for (const Seen &event : seen) {
        if (event.order == order)
            types.push_back(event.type);
    }
    return types;
}

// Keeps the risk alerts among the events the loop hands the recorder, and the position of each
// in the whole stream.
class AlertRecorder final : public EventRecorder
{
public:
    void record(const Event &event) override
    {
        if (event.type == EventType::RiskAlert) {
            alerts.push_back(event);
            positions.push_back(count);
        }
        if (event.type == EventType::OrderCancelled && firstCancel == 0)
            firstCancel = count;
        ++count;
    }
    std::vector<Event> alerts;
    std::vector<std::size_t> positions;
    std::size_t firstCancel = 0;
    std::size_t count = 0;
};

} // namespace

class TestOrderFlow : public QObject
{
    Q_OBJECT

private:
    Script m_script;
    std::vector<Seen> m_seen;
    StrategyRegistry m_registry;
    EventRecorder *m_recorder = nullptr;

    BacktestResult run(const std::string &extra = {}, const std::string &account = {})
    {
        m_seen.clear();
        const auto config = ConfigLoader(m_registry).loadText(
            "mode: backtest\n"
            "data: {symbols: [SPY]}\n"
            "execution: {fill_at: next_open}\n"
            + account +
            "strategies:\n"
            "  - {name: scripted, capital: 100000, symbols: [SPY]" + extra + "}\n", "flow.yaml");
        if (!config)
            qFatal("%s", config.error().message().c_str());
        MemoryDataSource source({bars()});
        BacktestOptions options;
        options.source = &source;
        options.recorder = m_recorder;
        auto result = runBacktest(*config, m_registry, options);
        if (!result)
            qFatal("%s", result.error().message().c_str());
        return std::move(*result);
    }

    static const Order &orderById(const BacktestResult &result, std::uint64_t id)
    {
        return result.orders.at(id - 1);
    }

private slots:
    void initTestCase()
    {
        StrategyInfo info;
        info.name = "scripted";
        info.description = "test script";
        info.create = [this](const Parameters &) {
            return std::make_unique<ScriptedStrategy>(m_script, m_seen);
        };
        QVERIFY(m_registry.add(std::move(info)));
    }

    void cancelGoesThroughPendingCancel()
    {
        // Bar 0: a gtc buy limit at 90 (never reached). Bar 1: cancel it, found among the
        // strategy's open orders.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId> open, InstrumentId spy,
                      OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(10), px("90"))
                                  .withTimeInForce(TimeInForce::Gtc));
            if (bar == 1) {
                QCOMPARE(open.size(), std::size_t(1));
                out.push_back(OrderIntent::cancel(open.front()));
            }
        };
        const BacktestResult result = run();
        QVERIFY(typesFor(m_seen, OrderId(1))
                == (std::vector<EventType>{EventType::OrderAccepted, EventType::OrderPendingCancel,
                                           EventType::OrderCancelled}));
        QVERIFY(orderById(result, 1).status == OrderStatus::Canceled);
        QCOMPARE(QString::fromStdString(orderById(result, 1).reason), QStringLiteral("canceled by the strategy"));
        QCOMPARE(orderById(result, 1).closedAt, dailyBarTimestamp(Date{2021, 3, 2}));
    }

    void cancelOfAFilledOrderSaysSo()
    {
        // Bar 0: market buy 10 -> filled at bar 1's open, 100. Bar 2: cancel it.
        m_script = [](int bar, const std::vector<OrderId> &orders, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(10)));
            if (bar == 2)
                out.push_back(OrderIntent::cancel(orders.at(0)));
        };
        const BacktestResult result = run();
        QCOMPARE(m_seen.back().reason, std::string("cannot cancel order 1: it is already filled"));
        QVERIFY(m_seen.back().type == EventType::OrderCancelRejected);
        QVERIFY(orderById(result, 1).status == OrderStatus::Filled);
        QCOMPARE(orderById(result, 1).averageFillPrice(), px("100"));
        bool alerted = false;
        for (const Alert &alert : result.alerts)
            alerted |= alert.message == "cannot cancel order 1: it is already filled";
        QVERIFY(alerted);
    }

    void targetCancelsAWorkingOrderOnTheOtherSide()
    {
        // Bar 0: market buy 10 -> filled at bar 1's open, 100. Bar 1: gtc sell limit 10 at 110
        // (no high reaches it). Bar 2: target 20. The working sell opposes the move from 10 to
        // 20, so it is cancelled and one buy of 10 goes out (filled at bar 3's open, 101);
        // counting the sell as if it had filled would have bought 20 and ended long 30.
        // Final equity: 100000 + 10 x (103 - 100) + 10 x (103 - 101) = 100050.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>,
                      InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(10)));
            if (bar == 1)
                out.push_back(OrderIntent::limit(spy, Side::Sell, Quantity::fromUnits(10), px("110"))
                                  .withTimeInForce(TimeInForce::Gtc));
            if (bar == 2)
                out.push_back(OrderIntent::targetQuantity(spy, Quantity::fromUnits(20)));
        };
        const BacktestResult result = run();
        QCOMPARE(result.orders.size(), std::size_t(3));
        const Order &sell = orderById(result, 2);
        QVERIFY(sell.status == OrderStatus::Canceled);
        QCOMPARE(QString::fromStdString(sell.reason), QStringLiteral("superseded by a target order"));
        QCOMPARE(sell.closedAt, dailyBarTimestamp(Date{2021, 3, 3}));
        const Order &buy = orderById(result, 3);
        QVERIFY(buy.side == Side::Buy);
        QCOMPARE(buy.filledQuantity, Quantity::fromUnits(10));
        QCOMPARE(buy.averageFillPrice(), px("101"));
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(100'050));
    }

    void targetKeepsWorkingOrdersOnTheWayAndCancelsOnesPastIt()
    {
        // Bar 0: gtc buy limit 5 at 90 (no low reaches it). Bar 1: target 10: the working 5 are
        // on the way, so only a market buy of 5 goes out (bar 2's open, 100.5). Bar 2: target 3
        // from a position of 5: the working buy now goes the wrong way and is cancelled, and a
        // sell of 2 goes out (bar 3's open, 101); counting the buy would have sold 7 and ended
        // short 2 with the buy still working.
        // Final equity: 100000 + 2 x (101 - 100.5) + 3 x (103 - 100.5) = 100008.5.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>,
                      InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(5), px("90"))
                                  .withTimeInForce(TimeInForce::Gtc));
            if (bar == 1)
                out.push_back(OrderIntent::targetQuantity(spy, Quantity::fromUnits(10)));
            if (bar == 2)
                out.push_back(OrderIntent::targetQuantity(spy, Quantity::fromUnits(3)));
        };
        const BacktestResult result = run();
        QCOMPARE(result.orders.size(), std::size_t(3));
        const Order &limit = orderById(result, 1);
        QVERIFY(limit.status == OrderStatus::Canceled);
        QCOMPARE(limit.closedAt, dailyBarTimestamp(Date{2021, 3, 3}));
        const Order &buy = orderById(result, 2);
        QVERIFY(buy.side == Side::Buy);
        QCOMPARE(buy.filledQuantity, Quantity::fromUnits(5));
        QCOMPARE(buy.averageFillPrice(), px("100.5"));
        const Order &sell = orderById(result, 3);
        QVERIFY(sell.side == Side::Sell);
        QCOMPARE(sell.filledQuantity, Quantity::fromUnits(2));
        QCOMPARE(sell.averageFillPrice(), px("101"));
        QCOMPARE(result.strategies[0].finalEquity, *Money::parse("100008.5"));
    }

    void targetCancelsAWorkingOrderThatOvershoots()
    {
        // Bar 0: gtc buy limit 10 at 90. Bar 1: target 4: the working 10 would go past it, so
        // it is cancelled and a market buy of 4 goes out (bar 2's open, 100.5).
        // Final equity: 100000 + 4 x (103 - 100.5) = 100010.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>,
                      InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(10), px("90"))
                                  .withTimeInForce(TimeInForce::Gtc));
            if (bar == 1)
                out.push_back(OrderIntent::targetQuantity(spy, Quantity::fromUnits(4)));
        };
        const BacktestResult result = run();
        QCOMPARE(result.orders.size(), std::size_t(2));
        QVERIFY(orderById(result, 1).status == OrderStatus::Canceled);
        QCOMPARE(orderById(result, 2).filledQuantity, Quantity::fromUnits(4));
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(100'010));
    }

    void replaceMakesANewLinkedOrder()
    {
        // Bar 0: gtc buy limit 10 at 90. Bar 1: replace with 20 at 99 -> order 2, linked.
        // Bar 2 (O100.5 L98) trades down through 99 -> 20 filled at 99.
        m_script = [](int bar, const std::vector<OrderId> &orders, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(10), px("90"))
                                  .withTimeInForce(TimeInForce::Gtc));
            if (bar == 1)
                out.push_back(OrderIntent::replace(orders.at(0), Quantity::fromUnits(20), px("99")));
        };
        const BacktestResult result = run();
        QVERIFY(typesFor(m_seen, OrderId(1))
                == (std::vector<EventType>{EventType::OrderAccepted, EventType::OrderPendingReplace,
                                           EventType::OrderReplaced}));
        const Order &old = orderById(result, 1);
        const Order &replacement = orderById(result, 2);
        QVERIFY(old.status == OrderStatus::Replaced);
        QCOMPARE(old.replacedBy, OrderId(2));
        QCOMPARE(replacement.replaces, OrderId(1));
        QVERIFY(replacement.status == OrderStatus::Filled);
        QCOMPARE(replacement.filledQuantity, Quantity::fromUnits(20));
        QCOMPARE(replacement.averageFillPrice(), px("99"));
        QCOMPARE(result.strategies[0].finalEquity,
                 Money::fromUnits(100'000) + (px("103") - px("99")) * Quantity::fromUnits(20));
    }

    void replaceOfAFinishedOrderIsRefused()
    {
        m_script = [](int bar, const std::vector<OrderId> &orders, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(10)));
            if (bar == 2)
                out.push_back(OrderIntent::replace(orders.at(0), Quantity::fromUnits(5)));
        };
        run();
        QVERIFY(m_seen.back().type == EventType::OrderReplaceRejected);
        QCOMPARE(m_seen.back().reason, std::string("cannot replace order 1: it is filled"));
    }

    void bracketExitsWaitForTheEntryThenOneCancelsTheOther()
    {
        // Bar 0: market buy 10 with take-profit 103.5 and stop-loss 98.5 -> orders 1 (entry),
        // 2 (sell limit 103.5), 3 (sell stop 98.5); the exits wait in pending_new.
        // Bar 1 open 100: the entry fills; the exits start working from bar 2.
        // Bar 2 (O100.5 H102 L98): the stop triggers at 98.5; the take-profit is canceled.
        // Realized: (98.5 − 100) × 10 = −15.
        m_script = bracketAtBarZero;
        const BacktestResult result = run();
        QCOMPARE(result.orders.size(), std::size_t(3));
        QVERIFY(orderById(result, 1).orderClass == OrderClass::Bracket);
        QCOMPARE(orderById(result, 2).parent, OrderId(1));
        QCOMPARE(orderById(result, 2).sibling, OrderId(3));
        QVERIFY(orderById(result, 3).status == OrderStatus::Filled);
        QCOMPARE(orderById(result, 3).averageFillPrice(), px("98.5"));
        QCOMPARE(orderById(result, 3).firstFillAt, dailyBarTimestamp(Date{2021, 3, 3}));
        QVERIFY(orderById(result, 2).status == OrderStatus::Canceled);
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(100'000 - 15));
    }

    void executionAnalyticsInTheJsonAndTheOrdersCsv()
    {
        // The bracket above: the entry buys at 100 with arrival price 100 (bar 0's close):
        // 0 bps. The stop-loss sells at 98.5 against an arrival price of 100 (the last close
        // when it was activated, bar 0's, since fills come before bar 1's close):
        // (100 − 98.5) / 100 × 10⁴ = 150 bps. The take-profit is canceled without fills.
        // Fill rate 2 filled / 3 finished; average (0 + 150) / 2 = 75 bps; p95 by nearest rank
        // (ceil(0.95 × 2) = 2nd smallest) = 150 bps.
        m_script = bracketAtBarZero;
        const BacktestResult result = run();
        const ExecutionSummary &e = result.execution;
        QCOMPARE(e.orders, std::uint64_t(3));
        QCOMPARE(e.filled, std::uint64_t(2));
        QCOMPARE(e.canceled, std::uint64_t(1));
        QCOMPARE(e.fillRate, 2.0 / 3.0);
        QCOMPARE(e.averageSlippageBps, 75.0);
        QCOMPARE(e.p95SlippageBps, 150.0);
        QCOMPARE(e.averageLatencyMs, 0.0);

        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(backtestJson(result))).object();
        const QJsonObject execution = json.value("execution").toObject();
        QCOMPARE(execution.value("fill_rate").toDouble(), 2.0 / 3.0);
        QCOMPARE(execution.value("p95_slippage_bps").toDouble(), 150.0);
        QCOMPARE(execution.value("canceled").toInt(), 1);

        const QStringList lines = QString::fromStdString(ordersCsv(result)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("order_id,strategy,symbol,side,type,time_in_force,order_class,quantity"));
        const QStringList stop = lines[3].split(',');
        QCOMPARE(stop[0], QStringLiteral("3"));
        QCOMPARE(stop[4], QStringLiteral("stop"));
        QCOMPARE(stop[10], QStringLiteral("filled"));
        QCOMPARE(stop[15], QStringLiteral("98.5"));     // avg_fill_price
        QCOMPARE(stop[17], QStringLiteral("150.0000")); // slippage_bps
        QCOMPARE(stop[23], QStringLiteral("1"));        // parent
    }

    void bracketExitsAreCanceledWhenTheEntryNeverFills()
    {
        // A day buy limit at 90 never fills and expires at bar 1's close: both exits canceled.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(10), px("90"))
                                  .withTakeProfit(px("95"))
                                  .withStopLoss(px("85")));
        };
        const BacktestResult result = run();
        QVERIFY(orderById(result, 1).status == OrderStatus::Expired);
        QVERIFY(orderById(result, 2).status == OrderStatus::Canceled);
        QVERIFY(orderById(result, 3).status == OrderStatus::Canceled);
        QCOMPARE(QString::fromStdString(orderById(result, 2).reason),
                 QStringLiteral("entry order 1 ended without a fill"));
    }

    void workingOrdersAreCanceledAtTheEndOfTheRun()
    {
        // Bar 0: a gtc buy limit at 90; no bar trades below 98, so it never fills and is still
        // working when the data ends after bar 4: the engine cancels it there.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy,
                      OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(10), px("90"))
                                  .withTimeInForce(TimeInForce::Gtc));
        };
        const BacktestResult result = run();
        QVERIFY(typesFor(m_seen, OrderId(1))
                == (std::vector<EventType>{EventType::OrderAccepted, EventType::OrderCancelled}));
        QCOMPARE(m_seen.back().reason, std::string("end of run"));
        const Order &order = orderById(result, 1);
        QVERIFY(order.status == OrderStatus::Canceled);
        QCOMPARE(QString::fromStdString(order.reason), QStringLiteral("end of run"));
        QCOMPARE(order.closedAt, dailyBarTimestamp(Date{2021, 3, 5}));
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(100'000));

        // One order, finished without a fill: fill rate 0 / 1.
        const ExecutionSummary &e = result.execution;
        QCOMPARE(e.orders, std::uint64_t(1));
        QCOMPARE(e.filled, std::uint64_t(0));
        QCOMPARE(e.canceled, std::uint64_t(1));
        QCOMPARE(e.fillRate, 0.0);
        const QJsonObject json
            = QJsonDocument::fromJson(QByteArray::fromStdString(backtestJson(result))).object();
        const QJsonObject execution = json.value("execution").toObject();
        QCOMPARE(execution.value("orders_finished").toInt(), 1);
        QCOMPARE(execution.value("canceled").toInt(), 1);
        QCOMPARE(execution.value("fill_rate").toDouble(), 0.0);
    }

    void openBracketExitsAreCanceledAtTheEndOfTheRun()
    {
        // Bar 0: market buy 10 with take-profit 110 and stop-loss 90; the entry fills at bar 1's
        // open, 100, and no later bar reaches 110 (high 104) or 90 (low 98). Both exits are
        // working when the data ends; the position stays: 100000 + (103 − 100) × 10 = 100030.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy,
                      OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(10))
                                  .withTakeProfit(px("110"))
                                  .withStopLoss(px("90")));
        };
        const BacktestResult result = run();
        QCOMPARE(result.orders.size(), std::size_t(3));
        QVERIFY(orderById(result, 1).status == OrderStatus::Filled);
        for (const std::uint64_t exit : {2, 3}) {
            QVERIFY(orderById(result, exit).status == OrderStatus::Canceled);
            QCOMPARE(QString::fromStdString(orderById(result, exit).reason), QStringLiteral("end of run"));
        }
        for (const Order &order : result.orders)
            QVERIFY(isFinal(order.status));
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(100'030));
        QCOMPARE(result.execution.canceled, std::uint64_t(2));
    }

    void rejectionsCarryACodeAndText()
    {
        // max_order_quantity 5: an order of 10 is refused; a stop_limit without a limit price
        // is malformed.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0) {
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(10)));
                out.push_back(OrderIntent::stopLimit(spy, Side::Buy, Quantity::fromUnits(1), px("101"), Price()));
            }
        };
        const BacktestResult result = run(", risk_limits: {max_order_quantity: 5}");
        QCOMPARE(result.ordersRejected, std::uint64_t(2));
        QCOMPARE(orderById(result, 1).rejectCode, std::string("max_order_quantity"));
        QCOMPARE(QString::fromStdString(orderById(result, 1).reason),
                 QStringLiteral("order to buy 10 SPY is above max_order_quantity 5"));
        QCOMPARE(orderById(result, 2).rejectCode, std::string("invalid_order"));
        QCOMPARE(result.execution.rejectionsByReason.at("max_order_quantity"), std::uint64_t(1));
        QCOMPARE(result.execution.rejectionsByReason.at("invalid_order"), std::uint64_t(1));
    }

    void accountLimits()
    {
        // Account max_leverage 0.5 of equity 100000: a buy of 600 at bar 0's close 100 (60000)
        // is refused; 400 at bar 1's close 100.5 (40200) passes.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(600)));
            if (bar == 1)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(400)));
        };
        BacktestResult result = run({}, "account_risk_limits: {max_leverage: 0.5}\n");
        QCOMPARE(orderById(result, 1).rejectCode, std::string("account_max_leverage"));
        QVERIFY(orderById(result, 2).status == OrderStatus::Filled);

        // Account max_drawdown 0.5%: the short of the test below, halted by the account.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Sell, Quantity::fromUnits(1000)));
        };
        result = run({}, "account_risk_limits: {max_drawdown: 0.005, flatten_on_breach: true}\n");
        QVERIFY(result.strategies[0].state == StrategyState::Stopped);
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(99'000));
        bool alerted = false;
        for (const Alert &alert : result.alerts)
            alerted |= alert.message.find("kill switch: account max_drawdown breached") != std::string::npos;
        QVERIFY(alerted);

        // Account max_position_size 0.15 over two strategies of 100000 each: limit 0.15 × 200000
        // = 30000. At bar 0 (close 100) both buy 200: the first makes the account's net SPY 200
        // (20000) and passes; the second would make it 400 (40000) and is refused, although its
        // own position would be only 200.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(200)));
        };
        const std::string secondStrategy = "}\n  - {name: second, strategy: scripted, capital: 100000, symbols: [SPY]";
        result = run(secondStrategy, "account_risk_limits: {max_position_size: 0.15}\n");
        QCOMPARE(result.orders.size(), std::size_t(2));
        QVERIFY(orderById(result, 1).status == OrderStatus::Filled);
        QCOMPARE(orderById(result, 2).rejectCode, std::string("account_max_position_size"));

        // Account max_daily_loss 0.5%, the same two strategies each short 900 at bar 1's open
        // 100 (ordered at bar 0). Day Mar 2 starts from the 200000 recorded at bar 0 (floor
        // 199000); bar 1 closes at 100.5: 200000 − 2 × 450 = 199100, above. Mar 3 starts from
        // 199100 (floor 199100 − 995.5 = 198104.5); bar 2 closes at 101: 198200, above. Mar 4
        // starts from 198200 (floor 197209); bar 3 closes at 102: 196400 -> both paused there.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Sell, Quantity::fromUnits(900)));
        };
        result = run(secondStrategy, "account_risk_limits: {max_daily_loss: 0.005}\n");
        QVERIFY(result.strategies[0].state == StrategyState::Paused);
        QVERIFY(result.strategies[1].state == StrategyState::Paused);
        alerted = false;
        for (const Alert &alert : result.alerts) {
            if (alert.message.starts_with("account max_daily_loss breached")) {
                alerted = true;
                QCOMPARE(alert.time, dailyBarTimestamp(Date{2021, 3, 4}));
                QVERIFY(alert.message.find("equity 196400.00 against 198200.00") != std::string::npos);
            }
        }
        QVERIFY(alerted);
    }

    void drawdownKillSwitchHaltsAndFlattens()
    {
        // Short 1000 at bar 1's open, 100 (max_position_size 1.0 allows 100000). Bar 1 closes
        // at 100.5: equity 99500, a drawdown of 0.5% from the 100000 peak — not more than
        // max_drawdown 0.5%. Bar 2 closes at 101: equity 99000, 1% -> halted at bar 2's close,
        // flattened at bar 3's open, 101: final equity 100000 − 1000 × (101 − 100) = 99000.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Sell, Quantity::fromUnits(1000)));
        };
        const BacktestResult result = run(", risk_limits: {max_drawdown: 0.005, flatten_on_breach: true}");
        QVERIFY(result.strategies[0].state == StrategyState::Stopped);
        QCOMPARE(result.fills.size(), std::size_t(2));
        QCOMPARE(result.fills[1].price, px("101"));
        QCOMPARE(result.fills[1].time, dailyBarTimestamp(Date{2021, 3, 4}));
        QCOMPARE(result.strategies[0].finalEquity, Money::fromUnits(99'000));
        bool alerted = false;
        for (const Alert &alert : result.alerts)
            alerted |= alert.message.find("kill switch: max_drawdown breached") != std::string::npos;
        QVERIFY(alerted);
    }

    void killSwitchAlertsAreEventsTheRecorderSees()
    {
        // The short of the test above with max_drawdown 0.5%: halted at bar 2's close with
        // equity 100000 − 1000 × (101 − 100) = 99000, flattening.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0)
                out.push_back(OrderIntent::market(spy, Side::Sell, Quantity::fromUnits(1000)));
        };
        AlertRecorder recorder;
        m_recorder = &recorder;
        BacktestResult result = run(", risk_limits: {max_drawdown: 0.005, flatten_on_breach: true}");
        QCOMPARE(recorder.alerts.size(), std::size_t(1));
        const Event &drawdown = recorder.alerts[0];
        QCOMPARE(drawdown.timestamp, dailyBarTimestamp(Date{2021, 3, 3}));
        QVERIFY(drawdown.riskAlert().limit == RiskLimit::MaxDrawdown);
        QCOMPARE(drawdown.riskAlert().strategy, StrategyId(1));
        QCOMPARE(drawdown.riskAlert().equity, Money::fromUnits(99'000));
        QVERIFY(drawdown.riskAlert().flattened);
        QVERIFY(std::string(drawdown.riskAlert().message.view()).starts_with("kill switch: max_drawdown breached"));
        // The report keeps the Alert record too.
        bool alerted = false;
        for (const Alert &alert : result.alerts)
            alerted |= alert.message.starts_with("kill switch: max_drawdown breached");
        QVERIFY(alerted);

        // max_daily_loss 0.4%: bar 1 closes at 100.5, equity 99500, below the floor
        // 100000 − 400 = 99600 of the day that started at 100000 -> paused at bar 1's close.
        recorder = AlertRecorder();
        result = run(", risk_limits: {max_daily_loss: 0.004}");
        QVERIFY(result.strategies[0].state == StrategyState::Paused);
        QCOMPARE(recorder.alerts.size(), std::size_t(1));
        QCOMPARE(recorder.alerts[0].timestamp, dailyBarTimestamp(Date{2021, 3, 2}));
        QVERIFY(recorder.alerts[0].riskAlert().limit == RiskLimit::MaxDailyLoss);
        QCOMPARE(recorder.alerts[0].riskAlert().equity, Money::fromUnits(99'500));
        QVERIFY(!recorder.alerts[0].riskAlert().flattened);

        // The account's kill switch: no strategy named, the account's equity; its alert comes
        // before the cancellation of the working order it causes.
        m_script = [](int bar, const std::vector<OrderId> &, std::span<const OrderId>, InstrumentId spy, OrderList &out) {
            if (bar == 0) {
                out.push_back(OrderIntent::market(spy, Side::Sell, Quantity::fromUnits(1000)));
                out.push_back(OrderIntent::limit(spy, Side::Buy, Quantity::fromUnits(1), px("50"))
                                  .withTimeInForce(TimeInForce::Gtc));
            }
        };
        recorder = AlertRecorder();
        result = run({}, "account_risk_limits: {max_drawdown: 0.005}\n");
        m_recorder = nullptr;
        QCOMPARE(recorder.alerts.size(), std::size_t(1));
        const RiskAlertData &account = recorder.alerts[0].riskAlert();
        QVERIFY(account.limit == RiskLimit::AccountMaxDrawdown);
        QVERIFY(!account.strategy.isValid());
        QCOMPARE(account.equity, Money::fromUnits(99'000));
        QCOMPARE(recorder.alerts[0].timestamp, dailyBarTimestamp(Date{2021, 3, 3}));
        QVERIFY(recorder.firstCancel > recorder.positions[0]);
        QCOMPARE(QString::fromStdString(orderById(result, 2).reason),
                 QStringLiteral("kill switch: account max_drawdown breached"));
    }
};

QTEST_APPLESS_MAIN(TestOrderFlow)
#include "tst_orderflow.moc"
