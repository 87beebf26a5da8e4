#pragma once

// The three accounting types and the few mixed operations that mean something.
//
//     Money notional = price * quantity;                 // half-even, once
//     Price average = averagePrice(costBasis, quantity); // half-even
//     Quantity shares = quantityFor(budget, price);       // toward zero: never over budget

#include "engine/core/fixedpoint.h"

namespace meridian::engine {

using Price = FixedPoint<struct PriceTag>;
using Quantity = FixedPoint<struct QuantityTag>;
using Money = FixedPoint<struct MoneyTag>;

inline Money operator*(Price price, Quantity quantity)
{
    return Money::fromRaw(detail::mulDiv(price.raw(),
                                         quantity.raw(),
                                         Money::scale,
                                         detail::Rounding::HalfEven));
}
inline Money operator*(Quantity quantity, Price price)
{
    return price * quantity;
}

// Money per unit of quantity; quantity must not be zero.
inline Price averagePrice(Money amount, Quantity quantity)
{
    if (quantity.isZero())
        throw ArithmeticOverflow("averagePrice: zero quantity");
    return Price::fromRaw(
        detail::mulDiv(amount.raw(), Price::scale, quantity.raw(), detail::Rounding::HalfEven));
}

// How many units `amount` buys at `price`, rounded toward zero (never more than the amount).
inline Quantity quantityFor(Money amount, Price price)
{
    if (price.isZero())
        throw ArithmeticOverflow("quantityFor: zero price");
    return Quantity::fromRaw(
        detail::mulDiv(amount.raw(), Quantity::scale, price.raw(), detail::Rounding::TowardZero));
}

// Rounds a quantity toward zero to a whole number of units (for assets that do not trade
// fractionally).
inline Quantity wholeUnits(Quantity quantity)
{
    return Quantity::fromRaw(quantity.raw() / Quantity::scale * Quantity::scale);
}

// Price scaled by ratio numerator/denominator (two prices): used for total-return adjustment,
// where every OHLC field is multiplied by adj_close / close.
inline Price scaledBy(Price price, Price numerator, Price denominator)
{
    return Price::fromRaw(detail::mulDiv(price.raw(),
                                         numerator.raw(),
                                         denominator.raw(),
                                         detail::Rounding::HalfEven));
}

} // namespace meridian::engine
