#pragma once

// Strategy: the one interface a trading strategy implements; the same code runs in backtest,
// paper and live mode. The engine calls, per run:
//   onStart(ctx)                          once, before the first event
//   onMarketEvent(ctx, event)             for each bar/trade/quote of its instruments
//   generateOrders(ctx, orders)           once per instant (all bars stamped t are delivered)
//   onOrderUpdate(ctx, event)             for each accepted/rejected/fill/cancel/expiry
//   onStop(ctx)                           once, at the end
// A strategy knows nothing about brokers, clocks or files: no wall-clock reads, no I/O, no
// mutable globals (`meridian lint-strategy` enforces this). An exception thrown from any of
// these marks the strategy faulted and cancels its open orders; the others keep running.

#include "engine/core/event.h"
#include "engine/sdk/context.h"
#include "engine/sdk/orderintent.h"

#include <vector>

namespace meridian::engine {

using OrderList = std::vector<OrderIntent>;

class Strategy
{
public:
    virtual ~Strategy() = default;

    virtual void onStart(Context &) {}
    virtual void onMarketEvent(Context &ctx, const Event &event) = 0;
    virtual void generateOrders(Context &ctx, OrderList &orders) = 0;
    virtual void onOrderUpdate(Context &, const Event &) {}
    virtual void onStop(Context &) {}
};

} // namespace meridian::engine
