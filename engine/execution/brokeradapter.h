#pragma once

// BrokerAdapter: the execution side as the engine sees it, the same in every mode. The engine
// submits and cancels orders; the adapter answers only with order events (accepted, rejected,
// fills, cancelled, expired, replaced) through the OrderEventSink, which puts them on the event queue —
// so strategies, the portfolio, the journal and the recorder all see the same stream.
// SimulatedBroker matches against market data; the Alpaca adapter (engine/live) talks to a
// broker and ignores onMarketData.

#include "engine/core/event.h"
#include "engine/execution/order.h"

namespace meridian::engine {

class OrderEventSink
{
public:
    virtual ~OrderEventSink() = default;
    virtual void onOrderEvent(const Event &event) = 0;
};

class BrokerAdapter
{
public:
    virtual ~BrokerAdapter() = default;
    // The order has passed pre-trade validation and carries its id.
    virtual void submit(const Order &order, Timestamp now) = 0;
    // Answers canceled, or order_cancel_rejected when the order no longer works at the venue.
    virtual void cancel(OrderId order, Timestamp now, std::string_view reason) = 0;
    // Broker replace semantics: the old order goes replaced (linked to the replacement's id) and
    // the replacement, with its own id, starts working; if the old order no longer works, the
    // old order gets order_replace_rejected and the replacement is rejected.
    virtual void replace(OrderId old, const Order &replacement, Timestamp now) = 0;
    // Every market event, before strategies see it.
    virtual void onMarketData(const Event &event) = 0;
};

} // namespace meridian::engine
