#include "engine/execution/pretraderisk.h"

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

Result<void> checkPreTradeRisk(const RiskLimits &limits, Side side, Quantity quantity,
                               const RiskCheckInput &input)
{
    const std::string what = "order to " + std::string(toString(side)) + " " + quantity.toString()
                             + " " + std::string(input.symbol);
    if (!quantity.isPositive())
        return Error(what + ": quantity must be positive");
    if (!input.referencePrice.isPositive())
        return Error(what + ": no price for " + std::string(input.symbol) + " yet");

    const Quantity signedQuantity = side == Side::Buy ? quantity : -quantity;
    const Quantity newPosition = input.projectedPosition + signedQuantity;
    if (newPosition.abs() <= input.projectedPosition.abs())
        return {}; // reduces the position and the exposure

    if (!input.equity.isPositive())
        return Error(what + ": the strategy's equity " + input.equity.toString(2)
                     + " leaves no buying power");
    const Money positionValue = (newPosition.abs() * input.referencePrice);
    const Money maxPosition = fractionOf(input.equity, limits.maxPositionSize);
    if (positionValue > maxPosition)
        return Error(what + " would make the position worth " + positionValue.toString(2) + " ("
                     + percentText(positionValue, input.equity) + " of equity "
                     + input.equity.toString(2) + "), above max_position_size "
                     + limitText(limits.maxPositionSize));
    const Money gross = input.projectedGrossExposure
                        - input.projectedPosition.abs() * input.referencePrice + positionValue;
    const Money maxGross = fractionOf(input.equity, limits.maxLeverage);
    if (gross > maxGross)
        return Error(what + " would raise gross exposure to " + gross.toString(2) + " ("
                     + percentText(gross, input.equity) + " of equity " + input.equity.toString(2)
                     + "), above max_leverage " + limitText(limits.maxLeverage));
    return {};
}

} // namespace meridian::engine
