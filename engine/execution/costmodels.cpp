#include "engine/execution/costmodels.h"

#include <cmath>

namespace meridian::engine {

namespace {

// A fraction as an exact ratio of 10⁻¹² units: enough digits for any basis-point setting.
constexpr std::int64_t kRatioScale = 1'000'000'000'000;

std::int64_t ratioUnits(double fraction)
{
    return static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(kRatioScale)));
}

} // namespace

Price SlippageModel::apply(Price price, Side side, Quantity quantity, Quantity barVolume) const
{
    double fraction = 0.0;
    switch (kind) {
    case Kind::None:
        return price;
    case Kind::Fixed:
        fraction = bps / 10'000.0;
        break;
    case Kind::VolumeBased: {
        const double participation = barVolume.isPositive()
                                         ? quantity.toDouble() / barVolume.toDouble()
                                         : 1.0;
        fraction = baseBps / 10'000.0 + volumeFactor * participation;
        break;
    }
    }
    const std::int64_t delta = ratioUnits(fraction);
    const std::int64_t factor = side == Side::Buy ? kRatioScale + delta : kRatioScale - delta;
    return price.scaled(factor, kRatioScale);
}

Money CommissionModel::commission(Quantity quantity, Price price) const
{
    const Money notional = (price * quantity).abs();
    Money fee;
    switch (kind) {
    case Kind::None:
        return Money();
    case Kind::PerOrder:
        return perOrder;
    case Kind::PerShare:
        fee = Money::fromRaw(detail::mulDiv(perShare.raw(), quantity.abs().raw(), Quantity::scale,
                                            detail::Rounding::HalfEven));
        break;
    case Kind::Percent:
        fee = notional.scaled(ratioUnits(percent), kRatioScale);
        break;
    }
    if (fee < minPerOrder)
        fee = minPerOrder;
    if (maxPercent) {
        const Money cap = notional.scaled(ratioUnits(*maxPercent), kRatioScale);
        if (fee > cap)
            fee = cap;
    }
    return fee;
}

} // namespace meridian::engine
