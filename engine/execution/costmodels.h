#pragma once

// Slippage and commission for simulated fills. Prices and money stay exact: a slippage of b basis
// points multiplies a buy price by (1 + b/10⁴) and a sell price by (1 − b/10⁴), rounded half-even
// once; commissions are computed in Money. docs/execution.md has a worked example of each model.

#include "engine/core/money.h"
#include "engine/core/ordertypes.h"

#include <optional>

namespace meridian::engine {

// What the market_impact model needs to know about the instrument: the standard deviation of
// its bar-to-bar close returns and its average bar volume, over the model's window (on daily
// bars: σ_daily and ADV).
struct MarketImpactInputs
{
    double sigma = 0.0;
    double averageVolume = 0.0;
};

struct SlippageModel
{
    enum class Kind { None, Fixed, VolumeBased, MarketImpact, Spread };
    Kind kind = Kind::None;
    double bps = 0.0;          // Fixed
    double baseBps = 0.0;      // VolumeBased: base_bps / 10⁴ + volume_factor × participation
    double volumeFactor = 0.0;
    double impactK = 1.0;      // MarketImpact: k · σ · sqrt(quantity / ADV)
    int impactWindow = 20;     // MarketImpact: bars in σ and ADV
    double spreadBps = 0.0;    // Spread: half of this spread is paid on bar data

    // The price a fill of `quantity` gets when the reference price is `price` and the bar traded
    // `barVolume` (participation = quantity / barVolume).
    Price apply(Price price,
                Side side,
                Quantity quantity,
                Quantity barVolume,
                MarketImpactInputs impact = {}) const;
    // The slippage as a fraction of the price (before rounding), ≥ 0.
    double fraction(Quantity quantity, Quantity barVolume, MarketImpactInputs impact) const;
};

struct CommissionModel
{
    enum class Kind { None, PerShare, PerOrder, Percent, Alpaca };
    Kind kind = Kind::None;
    Money perShare;               // PerShare: per unit traded
    Money perOrder;               // PerOrder: flat, once per order
    double percent = 0.0;         // Percent: fraction of notional (0.001 = 0.1%)
    Money minPerOrder;            // floor for PerShare and Percent
    std::optional<double> maxPercent; // cap as a fraction of notional (PerShare)
    // Alpaca: no commission; regulatory fees on sells, each rounded up to the cent per order.
    double secFeePerMillion = 27.80;   // SEC Section 31 fee, $ per $1,000,000 of sell notional
    double finraTafPerShare = 0.000166; // FINRA Trading Activity Fee, $ per share sold
    Money finraTafMax = Money::fromRaw(830'000'000); // $8.30 per order

    // The whole order's commission once it has filled `quantity` for `notional` in total.
    // Per-order minimums, caps and roundings apply to the order, not to each partial fill: a
    // fill's commission is the difference of this before and after it.
    Money orderCommission(Side side, Quantity quantity, Money notional) const;
    // One order filled at once (a buy for the Alpaca model).
    Money commission(Quantity quantity, Price price) const
    {
        return orderCommission(Side::Buy, quantity, (price * quantity).abs());
    }
};

} // namespace meridian::engine
