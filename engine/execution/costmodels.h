#pragma once

// Slippage and commission for simulated fills. Prices and money stay exact: a slippage of b basis
// points multiplies a buy price by (1 + b/10⁴) and a sell price by (1 − b/10⁴), rounded half-even
// once; commissions are computed in Money.

#include "engine/core/money.h"
#include "engine/core/ordertypes.h"

#include <optional>

namespace meridian::engine {

struct SlippageModel
{
    enum class Kind { None, Fixed, VolumeBased };
    Kind kind = Kind::None;
    double bps = 0.0;          // Fixed
    double baseBps = 0.0;      // VolumeBased: base_bps + volume_factor × participation × 10⁴
    double volumeFactor = 0.0;

    // The price a fill of `quantity` gets when the reference price is `price` and the bar traded
    // `barVolume` (participation = quantity / barVolume).
    Price apply(Price price, Side side, Quantity quantity, Quantity barVolume) const;
};

struct CommissionModel
{
    enum class Kind { None, PerShare, PerOrder, Percent };
    Kind kind = Kind::None;
    Money perShare;               // PerShare: per unit traded
    Money perOrder;               // PerOrder: flat
    double percent = 0.0;         // Percent: fraction of notional (0.001 = 0.1%)
    Money minPerOrder;            // floor for PerShare and Percent
    std::optional<double> maxPercent; // cap as a fraction of notional (PerShare)

    Money commission(Quantity quantity, Price price) const;
};

} // namespace meridian::engine
