#include "engine/execution/order.h"

namespace meridian::engine {

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
    }
    return "?";
}

void applyOrderEvent(Order &order, const Event &event)
{
    const OrderEventData &data = event.order();
    switch (event.type) {
    case EventType::OrderAccepted:
        order.status = OrderStatus::New;
        break;
    case EventType::OrderPartiallyFilled:
    case EventType::OrderFilled:
        order.filledQuantity += data.lastQuantity;
        order.filledNotional += data.lastPrice * data.lastQuantity;
        order.commission += data.commission;
        order.status = event.type == EventType::OrderFilled ? OrderStatus::Filled
                                                            : OrderStatus::PartiallyFilled;
        break;
    case EventType::OrderCancelled:
        order.status = OrderStatus::Canceled;
        break;
    case EventType::OrderExpired:
        order.status = OrderStatus::Expired;
        break;
    case EventType::OrderRejected:
        order.status = OrderStatus::Rejected;
        break;
    default:
        return;
    }
    // The event carries a bounded copy of the reason; a fuller text set when the order was
    // refused is kept.
    if (!data.reason.view().empty() && order.reason.empty())
        order.reason = std::string(data.reason.view());
    if (isFinal(order.status))
        order.closedAt = event.timestamp;
}

} // namespace meridian::engine
