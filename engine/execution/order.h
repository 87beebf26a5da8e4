#pragma once

// An order as the engine tracks it, from submission to a final state.

#include "engine/core/civiltime.h"
#include "engine/core/event.h"
#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"

#include <optional>
#include <string>
#include <string_view>

namespace meridian::engine {

// Names follow the broker protocol (shared/alpaca/PROTOCOL.md).
enum class OrderStatus : std::uint8_t {
    PendingNew, // submitted, not yet acknowledged
    New,        // accepted by the venue, working
    PartiallyFilled,
    Filled,
    Canceled,
    Expired,
    Rejected,
};
std::string_view toString(OrderStatus status);
constexpr bool isFinal(OrderStatus status)
{
    return status == OrderStatus::Filled || status == OrderStatus::Canceled
           || status == OrderStatus::Expired || status == OrderStatus::Rejected;
}

struct Order
{
    OrderId id;
    StrategyId strategy;
    InstrumentId instrument;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    TimeInForce timeInForce = TimeInForce::Day;
    Quantity quantity;
    Price limitPrice;
    Price stopPrice;
    Timestamp submittedAt;
    OrderStatus status = OrderStatus::PendingNew;
    Quantity filledQuantity;
    Money filledNotional; // Σ fill quantity × price, for the average fill price
    Money commission;
    std::optional<Date> session; // for day orders: the session the order works in
    Timestamp sessionOpen;       // that session's open and close, when `session` is set
    Timestamp sessionClose;
    Timestamp closedAt;          // when it reached a final state
    std::string reason;          // why it was rejected, cancelled or expired

    Quantity leavesQuantity() const { return quantity - filledQuantity; }
    bool isOpen() const { return !isFinal(status); }
    Price averageFillPrice() const
    {
        return filledQuantity.isZero() ? Price() : averagePrice(filledNotional, filledQuantity);
    }
    // Signed working quantity: buys positive, sells negative.
    Quantity signedLeaves() const { return side == Side::Buy ? leavesQuantity() : -leavesQuantity(); }
};

// Applies an order event (accepted, fill, cancel, ...) to the order's state. Fills accumulate
// quantity, notional and commission.
void applyOrderEvent(Order &order, const Event &event);

} // namespace meridian::engine
