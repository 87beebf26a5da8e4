#pragma once

// An order as the engine tracks it, from submission to a final state, and the one transition
// table (state × event → state) every order event goes through. The table follows the broker
// protocol (shared/alpaca/PROTOCOL.md §6): the live adapter maps the broker's statuses and
// trade_updates events one to one onto OrderStatus and EventType.
//
//     if (const Result<void> applied = applyOrderEvent(order, event); !applied)
//         alert(applied.error().message()); // "order 7: fill is illegal in state canceled"

#include "engine/core/civiltime.h"
#include "engine/core/event.h"
#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace meridian::engine {

// Names (toString) are the broker's status names.
enum class OrderStatus : std::uint8_t {
    PendingNew, // submitted, not yet acknowledged (bracket legs wait here for their entry)
    New,        // accepted by the venue, working
    PartiallyFilled,
    Filled,
    Canceled,
    Expired,
    Rejected,
    PendingCancel,  // cancel requested, not yet confirmed; may still fill
    PendingReplace, // replace requested; refuses cancel requests
    Replaced,       // superseded by a replacement order with a new id
    DoneForDay,     // no more executions this session; resumes at the next one
};
inline constexpr std::size_t orderStatusCount = 11;
std::string_view toString(OrderStatus status);
constexpr bool isFinal(OrderStatus status)
{
    return status == OrderStatus::Filled || status == OrderStatus::Canceled
           || status == OrderStatus::Expired || status == OrderStatus::Rejected
           || status == OrderStatus::Replaced;
}

// True for the event types that carry an order (OrderEventData).
constexpr bool isOrderEvent(EventType type)
{
    return classOf(type) == EventClass::Order;
}
// The trade_updates event name of an order event ("new", "fill", "partial_fill", ...).
std::string_view brokerEventName(EventType type);

// The state an order in `from` moves to on `event`, or nothing when the transition is illegal.
// Fills move to filled or partially_filled whatever the table says about the quantity: the
// quantity rules are checked by applyOrderEvent.
// `hasFills`: whether the order has filled anything (a refused cancel or replace returns the
// order to new or partially_filled).
std::optional<OrderStatus> nextStatus(OrderStatus from, EventType event, bool hasFills);

struct Order
{
    OrderId id;
    StrategyId strategy;
    InstrumentId instrument;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    TimeInForce timeInForce = TimeInForce::Day;
    OrderClass orderClass = OrderClass::Simple;
    Quantity quantity;
    Price limitPrice;
    Price stopPrice;  // stop, stop_limit; trailing_stop: the current (moving) stop
    Price trailPrice; // trailing_stop by amount
    double trailPercent = 0.0; // trailing_stop by percent (1.5 = 1.5%)
    Price waterMark;  // trailing_stop: highest (sell) / lowest (buy) price seen since it works
    bool triggered = false; // stop_limit: the stop was reached, it now works as a limit
    bool queueKnown = false; // tick data, queue_position: queueAhead is known
    Quantity queueAhead;     // size ahead of a resting limit at its price
    Timestamp submittedAt; // the decision instant
    Timestamp arrivesAt;   // when it reaches the venue (submittedAt + latency)
    Price arrivalPrice;    // last price at the decision (implementation shortfall reference)
    OrderStatus status = OrderStatus::PendingNew;
    Quantity filledQuantity;
    Money filledNotional; // Σ fill quantity × price, for the average fill price
    Money commission;
    Timestamp firstFillAt;
    std::optional<Date> session; // for day/opg/cls orders: the session the order works in
    Timestamp sessionOpen;       // that session's open and close, when `session` is set
    Timestamp sessionClose;
    Timestamp closedAt;          // when it reached a final state
    std::string reason;          // why it was rejected, cancelled or expired
    std::string rejectCode;      // a stable code for rejections ("max_position_size", ...)
    OrderId replaces;            // the order this one replaced
    OrderId replacedBy;          // the replacement, once replaced
    OrderId parent;              // bracket/oto legs: the entry they wait for
    OrderId sibling;             // bracket/oco exits: the other exit (one cancels the other)

    Quantity leavesQuantity() const { return quantity - filledQuantity; }
    bool isOpen() const { return !isFinal(status); }
    Price averageFillPrice() const
    {
        return filledQuantity.isZero() ? Price() : averagePrice(filledNotional, filledQuantity);
    }
    // Signed working quantity: buys positive, sells negative.
    Quantity signedLeaves() const { return side == Side::Buy ? leavesQuantity() : -leavesQuantity(); }
};

// The order's identity and quantities as an event carries them (leaves are 0 once final).
OrderEventData eventDataFor(const Order &order);

// Applies an order event (accepted, fill, cancel, ...) to the order through the transition
// table. Fills accumulate quantity, notional and commission. An illegal transition, or a fill
// that would overfill or mislabel the order, is reported and leaves the order unchanged.
[[nodiscard]] Result<void> applyOrderEvent(Order &order, const Event &event);

} // namespace meridian::engine
