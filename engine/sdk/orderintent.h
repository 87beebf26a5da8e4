#pragma once

// What a strategy asks for. The engine validates it (pre-trade risk), turns target sizes into
// order quantities, and hands it to the execution side.
//
//     orders.push_back(OrderIntent::market(spy, Side::Buy, Quantity::fromUnits(100)));
//     orders.push_back(OrderIntent::targetPercent(tlt, 0.4));         // 40% of equity
//     orders.push_back(OrderIntent::limit(spy, Side::Sell, qty, *Price::parse("420.50"))
//                          .withTimeInForce(TimeInForce::Gtc));

#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"

namespace meridian::engine {

struct OrderIntent
{
    enum class Sizing : std::uint8_t {
        Quantity,       // trade `quantity` (> 0) on `side`
        TargetQuantity, // end with a position of `quantity` (signed; 0 = flat)
        TargetPercent,  // end with a position worth `targetFraction` of the strategy's equity
    };

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
    OrderIntent &inWholeUnits()
    {
        wholeUnits = true;
        return *this;
    }
};

} // namespace meridian::engine
