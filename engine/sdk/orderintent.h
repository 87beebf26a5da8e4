#pragma once

// What a strategy asks for. The engine validates it (pre-trade risk), turns target sizes into
// order quantities, and hands it to the execution side.
//
//     orders.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(100)));
//     orders.push_back(OrderIntent::targetPercent(tlt, 0.4));         // 40% of equity
//     orders.push_back(OrderIntent::limit(spy, Side::Sell, qty, *Price::parse("420.50"))
//                          .withTimeInForce(TimeInForce::Gtc));
//     orders.push_back(OrderIntent::market(spy, Side::Buy, qty)             // bracket: entry +
//                          .withTakeProfit(*Price::parse("110"))            // take-profit and
//                          .withStopLoss(*Price::parse("95")));             // stop-loss, OCO
//     orders.push_back(OrderIntent::cancel(orderId));                      // ids arrive in
//     orders.push_back(OrderIntent::replace(orderId, qty, newLimit));      // onOrderUpdate

#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"

namespace meridian::engine {

struct OrderIntent
{
    enum class Action : std::uint8_t {
        Submit,  // a new order
        Cancel,  // cancel order `target`
        Replace, // replace order `target` with a new order (new id) of `quantity` / prices
    };
    enum class Sizing : std::uint8_t {
        Quantity,       // trade `quantity` (> 0) on `side`
        TargetQuantity, // end with a position of `quantity` (signed; 0 = flat)
        TargetPercent,  // end with a position worth `targetFraction` of the strategy's equity
    };

    Action action = Action::Submit;
    OrderId target; // Cancel, Replace
    InstrumentId instrument;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    Sizing sizing = Sizing::Quantity;
    Quantity quantity;
    double targetFraction = 0.0; // of equity, signed: 0.6 = 60% long
    Price limitPrice;
    Price stopPrice;
    TimeInForce timeInForce = TimeInForce::Day;
    bool wholeUnits = false; // round target sizes down to whole shares
    Price trailPrice;            // trailing_stop by amount
    double trailPercent = 0.0;   // trailing_stop by percent (2.5 = 2.5%)
    OrderClass orderClass = OrderClass::Simple;
    Price takeProfitLimit;       // bracket / oto / oco exit: a limit order
    Price stopLossStop;          // bracket / oto / oco exit: a stop (stop_limit with stopLossLimit)
    Price stopLossLimit;

    static OrderIntent market(InstrumentId instrument, Side side, Quantity quantity)
    {
        OrderIntent intent;
        intent.instrument = instrument;
        intent.side = side;
        intent.quantity = quantity;
        return intent;
    }
    static OrderIntent limit(InstrumentId instrument, Side side, Quantity quantity, Price limitPrice)
    {
        OrderIntent intent = market(instrument, side, quantity);
        intent.type = OrderType::Limit;
        intent.limitPrice = limitPrice;
        return intent;
    }
    static OrderIntent stop(InstrumentId instrument, Side side, Quantity quantity, Price stopPrice)
    {
        OrderIntent intent = market(instrument, side, quantity);
        intent.type = OrderType::Stop;
        intent.stopPrice = stopPrice;
        return intent;
    }
    static OrderIntent stopLimit(InstrumentId instrument, Side side, Quantity quantity, Price stopPrice,
                                 Price limitPrice)
    {
        OrderIntent intent = stop(instrument, side, quantity, stopPrice);
        intent.type = OrderType::StopLimit;
        intent.limitPrice = limitPrice;
        return intent;
    }
    // A stop `trail` below the highest price seen (sell) or above the lowest (buy).
    static OrderIntent trailingStop(InstrumentId instrument, Side side, Quantity quantity, Price trail)
    {
        OrderIntent intent = market(instrument, side, quantity);
        intent.type = OrderType::TrailingStop;
        intent.trailPrice = trail;
        return intent;
    }
    static OrderIntent trailingStopPercent(InstrumentId instrument, Side side, Quantity quantity,
                                           double percent)
    {
        OrderIntent intent = market(instrument, side, quantity);
        intent.type = OrderType::TrailingStop;
        intent.trailPercent = percent;
        return intent;
    }
    // Two exits of an existing position, one cancels the other: a limit at `takeProfit` and a
    // stop at `stopLoss` (a stop_limit when stopLossLimit is set).
    static OrderIntent oco(InstrumentId instrument, Side side, Quantity quantity, Price takeProfit,
                           Price stopLoss, Price stopLossLimit = Price())
    {
        OrderIntent intent = limit(instrument, side, quantity, takeProfit);
        intent.orderClass = OrderClass::Oco;
        intent.takeProfitLimit = takeProfit;
        intent.stopLossStop = stopLoss;
        intent.stopLossLimit = stopLossLimit;
        return intent;
    }
    static OrderIntent cancel(OrderId order)
    {
        OrderIntent intent;
        intent.action = Action::Cancel;
        intent.target = order;
        return intent;
    }
    // The replacement trades `quantity` (0 = the old order's open quantity) at `limitPrice` /
    // `stopPrice` (0 = the old order's).
    static OrderIntent replace(OrderId order, Quantity quantity, Price limitPrice = Price(),
                               Price stopPrice = Price())
    {
        OrderIntent intent;
        intent.action = Action::Replace;
        intent.target = order;
        intent.quantity = quantity;
        intent.limitPrice = limitPrice;
        intent.stopPrice = stopPrice;
        return intent;
    }
    static OrderIntent targetQuantity(InstrumentId instrument, Quantity target)
    {
        OrderIntent intent;
        intent.instrument = instrument;
        intent.sizing = Sizing::TargetQuantity;
        intent.quantity = target;
        return intent;
    }
    static OrderIntent targetPercent(InstrumentId instrument, double fraction)
    {
        OrderIntent intent;
        intent.instrument = instrument;
        intent.sizing = Sizing::TargetPercent;
        intent.targetFraction = fraction;
        return intent;
    }
    OrderIntent &withTimeInForce(TimeInForce tif)
    {
        timeInForce = tif;
        return *this;
    }
    // Adds a take-profit exit: oto alone, bracket together with a stop-loss.
    OrderIntent &withTakeProfit(Price limitPrice)
    {
        takeProfitLimit = limitPrice;
        orderClass = stopLossStop.isPositive() ? OrderClass::Bracket : OrderClass::Oto;
        return *this;
    }
    // Adds a stop-loss exit (a stop_limit when `limitPrice` is set).
    OrderIntent &withStopLoss(Price stopPrice, Price limitPrice = Price())
    {
        stopLossStop = stopPrice;
        stopLossLimit = limitPrice;
        orderClass = takeProfitLimit.isPositive() ? OrderClass::Bracket : OrderClass::Oto;
        return *this;
    }
    OrderIntent &inWholeUnits()
    {
        wholeUnits = true;
        return *this;
    }
};

} // namespace meridian::engine
