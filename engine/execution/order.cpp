#include "engine/execution/order.h"

#include <array>

namespace meridian::engine {

namespace {

// One cell of the transition table.
enum class Target : std::uint8_t {
    Illegal,
    Same,   // the order is unchanged (a refused request about it)
    Resume, // back to new, or partially_filled when it has fills
    PendingNew,
    New,
    PartiallyFilled,
    Filled,
    Canceled,
    Expired,
    Rejected,
    PendingCancel,
    PendingReplace,
    Replaced,
    DoneForDay,
};

struct Row
{
    OrderStatus from;
    EventType event;
    Target to;
};

using S = OrderStatus;
using E = EventType;
using T = Target;

// The whole lifecycle (PROTOCOL.md §6). Anything not listed is illegal. Refused cancel and
// replace requests are legal in every state, because the refusal is how a request about a
// finished order ("it is already filled") reaches the strategy; they change nothing.
constexpr Row rows[] = {
    {S::PendingNew, E::OrderAccepted, T::New},
    {S::PendingNew, E::OrderRejected, T::Rejected},
    {S::PendingNew, E::OrderCancelled, T::Canceled},
    {S::PendingNew, E::OrderPendingCancel, T::PendingCancel},
    {S::PendingNew, E::OrderExpired, T::Expired},

    {S::New, E::OrderPartiallyFilled, T::PartiallyFilled},
    {S::New, E::OrderFilled, T::Filled},
    {S::New, E::OrderCancelled, T::Canceled}, // also ioc/fok/opg/cls leaving nothing to do
    {S::New, E::OrderExpired, T::Expired},
    {S::New, E::OrderRejected, T::Rejected}, // refused after acceptance
    {S::New, E::OrderPendingCancel, T::PendingCancel},
    {S::New, E::OrderPendingReplace, T::PendingReplace},
    {S::New, E::OrderDoneForDay, T::DoneForDay},

    {S::PartiallyFilled, E::OrderPartiallyFilled, T::PartiallyFilled},
    {S::PartiallyFilled, E::OrderFilled, T::Filled},
    {S::PartiallyFilled, E::OrderCancelled, T::Canceled}, // the remainder is removed
    {S::PartiallyFilled, E::OrderExpired, T::Expired},
    {S::PartiallyFilled, E::OrderPendingCancel, T::PendingCancel},
    {S::PartiallyFilled, E::OrderPendingReplace, T::PendingReplace},
    {S::PartiallyFilled, E::OrderDoneForDay, T::DoneForDay},

    // A fill may win the race against the cancel: a partial one keeps the cancel pending.
    {S::PendingCancel, E::OrderCancelled, T::Canceled},
    {S::PendingCancel, E::OrderPartiallyFilled, T::PendingCancel},
    {S::PendingCancel, E::OrderFilled, T::Filled},
    {S::PendingCancel, E::OrderExpired, T::Expired},
    {S::PendingCancel, E::OrderCancelRejected, T::Resume},

    // pending_replace refuses cancels (there is no canceled row); fills may still win the race.
    {S::PendingReplace, E::OrderReplaced, T::Replaced},
    {S::PendingReplace, E::OrderReplaceRejected, T::Resume},
    {S::PendingReplace, E::OrderPartiallyFilled, T::PendingReplace},
    {S::PendingReplace, E::OrderFilled, T::Filled},
    {S::PendingReplace, E::OrderExpired, T::Expired},

    // The next session re-accepts a gtc order that was done for the day.
    {S::DoneForDay, E::OrderAccepted, T::Resume},
    {S::DoneForDay, E::OrderCancelled, T::Canceled},
    {S::DoneForDay, E::OrderPendingCancel, T::PendingCancel},
    {S::DoneForDay, E::OrderExpired, T::Expired},
};

constexpr std::size_t eventTypeCount = static_cast<std::size_t>(E::OrderReplaceRejected) + 1;
using Table = std::array<std::array<Target, eventTypeCount>, orderStatusCount>;

constexpr Table buildTable()
{
    Table table{};
    for (auto &row : table)
        row.fill(T::Illegal);
    for (const Row &row : rows)
        table[static_cast<std::size_t>(row.from)][static_cast<std::size_t>(row.event)] = row.to;
    for (auto &row : table) {
        if (row[static_cast<std::size_t>(E::OrderCancelRejected)] == T::Illegal)
            row[static_cast<std::size_t>(E::OrderCancelRejected)] = T::Same;
        if (row[static_cast<std::size_t>(E::OrderReplaceRejected)] == T::Illegal)
            row[static_cast<std::size_t>(E::OrderReplaceRejected)] = T::Same;
    }
    return table;
}

constexpr Table table = buildTable();

std::string orderText(const Order &order)
{
    return "order " + std::to_string(order.id.value());
}

} // namespace

std::string_view toString(OrderStatus status)
{
    switch (status) {
    case OrderStatus::PendingNew:
        return "pending_new";
    case OrderStatus::New:
        return "new";
    case OrderStatus::PartiallyFilled:
        return "partially_filled";
    case OrderStatus::Filled:
        return "filled";
    case OrderStatus::Canceled:
        return "canceled";
    case OrderStatus::Expired:
        return "expired";
    case OrderStatus::Rejected:
        return "rejected";
    case OrderStatus::PendingCancel:
        return "pending_cancel";
    case OrderStatus::PendingReplace:
        return "pending_replace";
    case OrderStatus::Replaced:
        return "replaced";
    case OrderStatus::DoneForDay:
        return "done_for_day";
    }
    return "?";
}

std::string_view brokerEventName(EventType type)
{
    switch (type) {
    case EventType::OrderPendingNew:
        return "pending_new";
    case EventType::OrderAccepted:
        return "new";
    case EventType::OrderRejected:
        return "rejected";
    case EventType::OrderPartiallyFilled:
        return "partial_fill";
    case EventType::OrderFilled:
        return "fill";
    case EventType::OrderCancelled:
        return "canceled";
    case EventType::OrderExpired:
        return "expired";
    case EventType::OrderPendingCancel:
        return "pending_cancel";
    case EventType::OrderPendingReplace:
        return "pending_replace";
    case EventType::OrderReplaced:
        return "replaced";
    case EventType::OrderDoneForDay:
        return "done_for_day";
    case EventType::OrderCancelRejected:
        return "order_cancel_rejected";
    case EventType::OrderReplaceRejected:
        return "order_replace_rejected";
    default:
        return "?";
    }
}

std::optional<OrderStatus> nextStatus(OrderStatus from, EventType event, bool hasFills)
{
    const auto e = static_cast<std::size_t>(event);
    const auto f = static_cast<std::size_t>(from);
    if (e >= eventTypeCount || f >= orderStatusCount)
        return std::nullopt;
    switch (table[f][e]) {
    case T::Illegal:
        return std::nullopt;
    case T::Same:
        return from;
    case T::Resume:
        return hasFills ? S::PartiallyFilled : S::New;
    case T::PendingNew:
        return S::PendingNew;
    case T::New:
        return S::New;
    case T::PartiallyFilled:
        return S::PartiallyFilled;
    case T::Filled:
        return S::Filled;
    case T::Canceled:
        return S::Canceled;
    case T::Expired:
        return S::Expired;
    case T::Rejected:
        return S::Rejected;
    case T::PendingCancel:
        return S::PendingCancel;
    case T::PendingReplace:
        return S::PendingReplace;
    case T::Replaced:
        return S::Replaced;
    case T::DoneForDay:
        return S::DoneForDay;
    }
    return std::nullopt;
}

OrderEventData eventDataFor(const Order &order)
{
    OrderEventData data;
    data.orderId = order.id;
    data.strategy = order.strategy;
    data.instrument = order.instrument;
    data.side = order.side;
    data.filledQuantity = order.filledQuantity;
    data.leavesQuantity = isFinal(order.status) ? Quantity() : order.leavesQuantity();
    return data;
}

Result<void> applyOrderEvent(Order &order, const Event &event)
{
    if (!isOrderEvent(event.type))
        return Error(orderText(order) + ": " + std::string(toString(event.type))
                     + " is not an order event");
    const OrderEventData &data = event.order();
    const bool fill = event.type == EventType::OrderFilled
                      || event.type == EventType::OrderPartiallyFilled;
    const std::optional<OrderStatus> next
        = nextStatus(order.status, event.type, order.filledQuantity.isPositive());
    if (!next)
        return Error(orderText(order) + ": " + std::string(brokerEventName(event.type))
                     + " is illegal in state " + std::string(toString(order.status)));
    if (fill) {
        if (!data.lastQuantity.isPositive())
            return Error(orderText(order) + ": a fill must have a positive quantity, got "
                         + data.lastQuantity.toString());
        const Quantity total = order.filledQuantity + data.lastQuantity;
        if (total > order.quantity)
            return Error(orderText(order) + ": a fill of " + data.lastQuantity.toString()
                         + " would overfill it (" + order.filledQuantity.toString() + " of "
                         + order.quantity.toString() + " filled)");
        const bool complete = total == order.quantity;
        if (complete != (event.type == EventType::OrderFilled))
            return Error(orderText(order) + ": " + std::string(brokerEventName(event.type))
                         + " of " + data.lastQuantity.toString() + " leaves "
                         + (order.quantity - total).toString() + " open");
        if (order.filledQuantity.isZero())
            order.firstFillAt = event.timestamp;
        order.filledQuantity = total;
        order.filledNotional += data.lastPrice * data.lastQuantity;
        order.commission += data.commission;
    }
    const bool wasFinal = isFinal(order.status);
    order.status = *next;
    if (event.type == EventType::OrderReplaced)
        order.replacedBy = data.linkedOrder;
    // The event carries a bounded copy of the reason; a fuller text set when the order was
    // refused is kept.
    if (!data.reason.view().empty() && order.reason.empty()
        && event.type != EventType::OrderCancelRejected
        && event.type != EventType::OrderReplaceRejected)
        order.reason = std::string(data.reason.view());
    if (isFinal(order.status) && !wasFinal)
        order.closedAt = event.timestamp;
    return {};
}

} // namespace meridian::engine
