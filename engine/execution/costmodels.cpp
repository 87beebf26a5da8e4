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

// Rounded up to the next cent (regulatory fees are).
Money centsUp(Money amount)
{
    constexpr std::int64_t cent = Money::scale / 100;
    const std::int64_t raw = amount.raw();
    const std::int64_t whole = raw / cent * cent;
    return Money::fromRaw(whole < raw ? whole + cent : whole);
}

} // namespace

double SlippageModel::fraction(Quantity quantity, Quantity barVolume, MarketImpactInputs impact) const
{
    switch (kind) {
    case Kind::None:
        return 0.0;
    case Kind::Fixed:
        return bps / 10'000.0;
    case Kind::VolumeBased: {
        const double participation = barVolume.isPositive()
                                         ? quantity.toDouble() / barVolume.toDouble()
                                         : 1.0;
        return baseBps / 10'000.0 + volumeFactor * participation;
    }
    case Kind::MarketImpact:
        if (impact.averageVolume <= 0.0)
            return 0.0; // no history yet: nothing to scale by
        return impactK * impact.sigma * std::sqrt(quantity.abs().toDouble() / impact.averageVolume);
    case Kind::Spread:
        return spreadBps / 2.0 / 10'000.0;
    }
    return 0.0;
}

Price SlippageModel::apply(Price price, Side side, Quantity quantity, Quantity barVolume,
                           MarketImpactInputs impact) const
{
    if (kind == Kind::None)
        return price;
    const std::int64_t delta = ratioUnits(fraction(quantity, barVolume, impact));
    const std::int64_t factor = side == Side::Buy ? kRatioScale + delta : kRatioScale - delta;
    return price.scaled(factor, kRatioScale);
}

Money CommissionModel::orderCommission(Side side, Quantity quantity, Money notional) const
{
    if (!quantity.isPositive())
        return Money();
    Money fee;
    switch (kind) {
    case Kind::None:
        return Money();
    case Kind::PerOrder:
        return perOrder;
    case Kind::Alpaca: {
        if (side == Side::Buy)
            return Money();
        const Money sec = centsUp(notional.scaled(ratioUnits(secFeePerMillion / 1'000'000.0), kRatioScale));
        Money taf = centsUp(Money::fromRaw(detail::mulDiv(
            ratioUnits(finraTafPerShare), quantity.raw(), kRatioScale, detail::Rounding::HalfEven)));
        if (taf > finraTafMax)
            taf = finraTafMax;
        return sec + taf;
    }
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
