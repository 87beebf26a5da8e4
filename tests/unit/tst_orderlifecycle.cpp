// The order lifecycle: the transition table against the broker protocol's state machine
// (shared/alpaca/PROTOCOL.md §6, rows written out here by hand from that table), fill
// accounting, and illegal transitions that are reported and leave the order unchanged.

#include <QtTest>

#include "engine/execution/order.h"

#include <optional>
#include <string>

using namespace meridian::engine;

namespace {

using S = OrderStatus;
using E = EventType;

Event orderEvent(E type, const char *lastQuantity = "0", const char *lastPrice = "0")
{
    OrderEventData data;
    data.orderId = OrderId(7);
    data.lastQuantity = *Quantity::parse(lastQuantity);
    data.lastPrice = *Price::parse(lastPrice);
    return Event::makeOrder(Timestamp::fromUnixNanos(1'000), type, data);
}

Order order(S status, const char *quantity = "10", const char *filled = "0")
{
    Order o;
    o.id = OrderId(7);
    o.status = status;
    o.quantity = *Quantity::parse(quantity);
    o.filledQuantity = *Quantity::parse(filled);
    return o;
}

} // namespace

class TestOrderLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void protocolTransitions_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("event");
        QTest::addColumn<bool>("hasFills");
        QTest::addColumn<int>("to"); // -1 = illegal
        const auto row = [](const char *name, S from, E event, bool fills, std::optional<S> to) {
            QTest::newRow(name) << int(from) << int(event) << fills << (to ? int(*to) : -1);
        };
        // PROTOCOL.md §6, row by row.
        row("pending_new -> new", S::PendingNew, E::OrderAccepted, false, S::New);
        row("pending_new -> rejected", S::PendingNew, E::OrderRejected, false, S::Rejected);
        row("new -> rejected", S::New, E::OrderRejected, false, S::Rejected);
        row("new -> partially_filled", S::New, E::OrderPartiallyFilled, false, S::PartiallyFilled);
        row("partially_filled -> partially_filled", S::PartiallyFilled, E::OrderPartiallyFilled, true,
            S::PartiallyFilled);
        row("new -> filled", S::New, E::OrderFilled, false, S::Filled);
        row("partially_filled -> filled", S::PartiallyFilled, E::OrderFilled, true, S::Filled);
        row("new -> pending_cancel", S::New, E::OrderPendingCancel, false, S::PendingCancel);
        row("done_for_day -> pending_cancel", S::DoneForDay, E::OrderPendingCancel, false, S::PendingCancel);
        row("new -> canceled", S::New, E::OrderCancelled, false, S::Canceled);
        row("partially_filled -> canceled", S::PartiallyFilled, E::OrderCancelled, true, S::Canceled);
        row("pending_cancel -> canceled", S::PendingCancel, E::OrderCancelled, false, S::Canceled);
        row("pending_cancel refused, no fills -> new", S::PendingCancel, E::OrderCancelRejected, false, S::New);
        row("pending_cancel refused, fills -> partially_filled", S::PendingCancel, E::OrderCancelRejected, true,
            S::PartiallyFilled);
        row("pending_cancel fill wins -> filled", S::PendingCancel, E::OrderFilled, true, S::Filled);
        row("new -> pending_replace", S::New, E::OrderPendingReplace, false, S::PendingReplace);
        row("partially_filled -> pending_replace", S::PartiallyFilled, E::OrderPendingReplace, true,
            S::PendingReplace);
        row("pending_replace -> replaced", S::PendingReplace, E::OrderReplaced, false, S::Replaced);
        row("pending_replace refused -> new", S::PendingReplace, E::OrderReplaceRejected, false, S::New);
        row("pending_replace fill wins -> filled", S::PendingReplace, E::OrderFilled, false, S::Filled);
        row("new -> done_for_day", S::New, E::OrderDoneForDay, false, S::DoneForDay);
        row("done_for_day -> next session", S::DoneForDay, E::OrderAccepted, true, S::PartiallyFilled);
        row("new -> expired", S::New, E::OrderExpired, false, S::Expired);
        row("done_for_day -> expired", S::DoneForDay, E::OrderExpired, false, S::Expired);
        // Refused requests about finished orders change nothing.
        row("filled, cancel refused", S::Filled, E::OrderCancelRejected, true, S::Filled);
        row("canceled, replace refused", S::Canceled, E::OrderReplaceRejected, false, S::Canceled);
        // Illegal: pending_replace refuses cancels; terminal states take nothing else; a new
        // order is not re-accepted; nothing fills before it is accepted.
        row("pending_replace -/-> canceled", S::PendingReplace, E::OrderCancelled, false, std::nullopt);
        row("filled -/-> canceled", S::Filled, E::OrderCancelled, true, std::nullopt);
        row("canceled -/-> filled", S::Canceled, E::OrderFilled, false, std::nullopt);
        row("replaced -/-> filled", S::Replaced, E::OrderFilled, false, std::nullopt);
        row("expired -/-> new", S::Expired, E::OrderAccepted, false, std::nullopt);
        row("rejected -/-> pending_cancel", S::Rejected, E::OrderPendingCancel, false, std::nullopt);
        row("new -/-> new", S::New, E::OrderAccepted, false, std::nullopt);
        row("pending_new -/-> filled", S::PendingNew, E::OrderFilled, false, std::nullopt);
        row("partially_filled -/-> rejected", S::PartiallyFilled, E::OrderRejected, true, std::nullopt);
        row("new -/-> replaced", S::New, E::OrderReplaced, false, std::nullopt);
        row("bar is no order event", S::New, E::Bar, false, std::nullopt);
    }

    void protocolTransitions()
    {
        QFETCH(int, from);
        QFETCH(int, event);
        QFETCH(bool, hasFills);
        QFETCH(int, to);
        const auto next = nextStatus(S(from), E(event), hasFills);
        if (to < 0)
            QVERIFY(!next);
        else
            QVERIFY(next && *next == S(to));
    }

    void terminalStatesAcceptOnlyRefusedRequests()
    {
        for (const S terminal : {S::Filled, S::Canceled, S::Expired, S::Rejected, S::Replaced}) {
            QVERIFY(isFinal(terminal));
            for (int e = 0; e <= int(E::OrderReplaceRejected); ++e) {
                const auto next = nextStatus(terminal, E(e), false);
                const bool refusal = E(e) == E::OrderCancelRejected || E(e) == E::OrderReplaceRejected;
                QVERIFY2(bool(next) == refusal, qPrintable(QString::number(e)));
            }
        }
    }

    void namesFollowTheBrokerProtocol()
    {
        QCOMPARE(toString(S::PendingNew), std::string_view("pending_new"));
        QCOMPARE(toString(S::PendingCancel), std::string_view("pending_cancel"));
        QCOMPARE(toString(S::PendingReplace), std::string_view("pending_replace"));
        QCOMPARE(toString(S::DoneForDay), std::string_view("done_for_day"));
        QCOMPARE(toString(S::Replaced), std::string_view("replaced"));
        QCOMPARE(brokerEventName(E::OrderPartiallyFilled), std::string_view("partial_fill"));
        QCOMPARE(brokerEventName(E::OrderFilled), std::string_view("fill"));
        QCOMPARE(brokerEventName(E::OrderAccepted), std::string_view("new"));
        QCOMPARE(brokerEventName(E::OrderCancelRejected), std::string_view("order_cancel_rejected"));
        QCOMPARE(toString(OrderType::TrailingStop), std::string_view("trailing_stop"));
        QCOMPARE(toString(TimeInForce::Cls), std::string_view("cls"));
        QCOMPARE(toString(OrderClass::Bracket), std::string_view("bracket"));
    }

    void fillsAccumulateExactly()
    {
        // 3 + 3 + 4 of 10 at 100, 101, 102: notional 300 + 303 + 408 = 1011, average 101.1.
        Order o = order(S::New);
        QVERIFY(applyOrderEvent(o, orderEvent(E::OrderPartiallyFilled, "3", "100")));
        QVERIFY(applyOrderEvent(o, orderEvent(E::OrderPartiallyFilled, "3", "101")));
        QVERIFY(o.status == S::PartiallyFilled);
        QVERIFY(applyOrderEvent(o, orderEvent(E::OrderFilled, "4", "102")));
        QVERIFY(o.status == S::Filled);
        QCOMPARE(o.filledQuantity, Quantity::fromUnits(10));
        QCOMPARE(o.filledNotional, Money::fromUnits(1011));
        QCOMPARE(o.averageFillPrice(), *Price::parse("101.1"));
        QCOMPARE(o.closedAt, Timestamp::fromUnixNanos(1'000));
    }

    void illegalEventsAreReportedAndNotApplied()
    {
        Order canceled = order(S::Canceled);
        const auto late = applyOrderEvent(canceled, orderEvent(E::OrderFilled, "10", "100"));
        QVERIFY(!late);
        QCOMPARE(QString::fromStdString(late.error().message()),
                 QStringLiteral("order 7: fill is illegal in state canceled"));
        QVERIFY(canceled.status == S::Canceled);
        QVERIFY(canceled.filledQuantity.isZero());

        Order o = order(S::PartiallyFilled, "10", "8");
        const auto over = applyOrderEvent(o, orderEvent(E::OrderFilled, "3", "100"));
        QVERIFY(!over);
        QCOMPARE(QString::fromStdString(over.error().message()),
                 QStringLiteral("order 7: a fill of 3 would overfill it (8 of 10 filled)"));
        const auto mislabeled = applyOrderEvent(o, orderEvent(E::OrderFilled, "1", "100"));
        QVERIFY(!mislabeled);
        QCOMPARE(QString::fromStdString(mislabeled.error().message()),
                 QStringLiteral("order 7: fill of 1 leaves 1 open"));
        QVERIFY(o.status == S::PartiallyFilled);
        QCOMPARE(o.filledQuantity, Quantity::fromUnits(8));
    }

    void replacedRecordsTheReplacement()
    {
        Order o = order(S::PendingReplace);
        Event replaced = orderEvent(E::OrderReplaced);
        std::get<OrderEventData>(replaced.data).linkedOrder = OrderId(9);
        QVERIFY(applyOrderEvent(o, replaced));
        QVERIFY(o.status == S::Replaced);
        QCOMPARE(o.replacedBy, OrderId(9));
        QVERIFY(!o.isOpen());
    }
};

QTEST_APPLESS_MAIN(TestOrderLifecycle)
#include "tst_orderlifecycle.moc"
