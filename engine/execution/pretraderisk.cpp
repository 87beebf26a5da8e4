#include "engine/execution/pretraderisk.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace meridian::engine {

namespace {

std::string percentText(Money part, Money whole)
{
    std::ostringstream out;
    out.precision(1);
    out << std::fixed << (whole.isZero() ? 0.0 : 100.0 * part.toDouble() / whole.toDouble()) << "%";
    return out.str();
}

std::string limitText(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

Money fractionOf(Money amount, double fraction)
{
    constexpr std::int64_t scale = 1'000'000'000'000;
    return amount.scaled(std::llround(fraction * static_cast<double>(scale)), scale);
}

std::optional<Rejection> checkPreTradeRisk(const RiskLimits &limits, Side side, Quantity quantity,
                                           const RiskCheckInput &input)
{
    const std::string what = "order to " + std::string(toString(side)) + " " + quantity.toString()
                             + " " + std::string(input.symbol);
    if (!quantity.isPositive())
        return Rejection{"invalid_quantity", what + ": quantity must be positive"};
    if (!input.referencePrice.isPositive())
        return Rejection{"no_price", what + ": no price for " + std::string(input.symbol) + " yet"};

    const Quantity signedQuantity = side == Side::Buy ? quantity : -quantity;
    const Quantity newPosition = input.projectedPosition + signedQuantity;
    if (!limits.allowShort && side == Side::Sell && newPosition.isNegative())
        return Rejection{"short_not_allowed",
                         what + " would leave a short position (allow_short is false)"};
    if (newPosition.abs() <= input.projectedPosition.abs())
        return std::nullopt; // reduces the position and the exposure

    if (limits.maxOrderQuantity && quantity > *limits.maxOrderQuantity)
        return Rejection{"max_order_quantity", what + " is above max_order_quantity "
                                                   + limits.maxOrderQuantity->toString()};
    const Money notional = quantity * (input.orderPrice.isPositive() ? input.orderPrice
                                                                     : input.referencePrice);
    if (limits.maxOrderNotional && notional > *limits.maxOrderNotional)
        return Rejection{"max_order_notional", what + " is worth " + notional.toString(2)
                                                   + ", above max_order_notional "
                                                   + limits.maxOrderNotional->toString(2)};
    if (limits.priceCollar && input.orderPrice.isPositive()) {
        const Money distance = (input.orderPrice - input.referencePrice).abs() * Quantity::fromUnits(1);
        const Money collar = fractionOf(input.referencePrice * Quantity::fromUnits(1), *limits.priceCollar);
        if (distance > collar)
            return Rejection{"price_collar", what + " at " + input.orderPrice.toString()
                                                 + " is more than price_collar "
                                                 + limitText(*limits.priceCollar) + " from the last price "
                                                 + input.referencePrice.toString()};
    }
    if (limits.maxOrdersPerDay && input.ordersToday >= *limits.maxOrdersPerDay)
        return Rejection{"max_orders_per_day", what + ": max_orders_per_day "
                                                   + std::to_string(*limits.maxOrdersPerDay)
                                                   + " already sent today"};

    const auto listed = [&](const std::vector<std::string> &list) {
        return std::find(list.begin(), list.end(), input.symbol) != list.end();
    };
    if (listed(limits.deniedSymbols))
        return Rejection{"symbol_denied", what + ": " + std::string(input.symbol) + " is on denied_symbols"};
    if (!limits.allowedSymbols.empty() && !listed(limits.allowedSymbols))
        return Rejection{"symbol_not_allowed",
                         what + ": " + std::string(input.symbol) + " is not on allowed_symbols"};
    if (limits.maxPositionQuantity && newPosition.abs() > *limits.maxPositionQuantity)
        return Rejection{"max_position_quantity", what + " would make the position "
                                                      + newPosition.toString() + ", above max_position_quantity "
                                                      + limits.maxPositionQuantity->toString()};

    if (!input.equity.isPositive())
        return Rejection{"buying_power", what + ": the strategy's equity " + input.equity.toString(2)
                                             + " leaves no buying power"};
    const Money positionValue = (newPosition.abs() * input.referencePrice);
    const Money maxPosition = fractionOf(input.equity, limits.maxPositionSize);
    if (positionValue > maxPosition)
        return Rejection{"max_position_size",
                         what + " would make the position worth " + positionValue.toString(2) + " ("
                             + percentText(positionValue, input.equity) + " of equity "
                             + input.equity.toString(2) + "), above max_position_size "
                             + limitText(limits.maxPositionSize)};
    const Money gross = input.projectedGrossExposure
                        - input.projectedPosition.abs() * input.referencePrice + positionValue;
    const Money maxGross = fractionOf(input.equity, limits.maxLeverage);
    if (gross > maxGross)
        return Rejection{"max_leverage",
                         what + " would raise gross exposure to " + gross.toString(2) + " ("
                             + percentText(gross, input.equity) + " of equity "
                             + input.equity.toString(2) + "), above max_leverage "
                             + limitText(limits.maxLeverage)};
    return std::nullopt;
}

} // namespace meridian::engine
