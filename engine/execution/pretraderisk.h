#pragma once

// Pre-trade risk: the checks an order must pass before it leaves for the venue. Orders that only
// reduce a position or exposure always pass: a strategy must always be able to get out.

#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/result.h"
#include "engine/sdk/context.h"

#include <string_view>

namespace meridian::engine {

struct RiskCheckInput
{
    std::string_view symbol;
    Money equity;                  // the strategy's equity now
    Money projectedGrossExposure;  // Σ |position + working orders| × price over its instruments
    Quantity projectedPosition;    // position + working orders in this instrument (signed)
    Price referencePrice;          // the latest price of the instrument
};

// Ok, or an error saying which limit the order breaks and by how much.
Result<void> checkPreTradeRisk(const RiskLimits &limits, Side side, Quantity quantity,
                               const RiskCheckInput &input);

// `fraction` of `amount`, exact to 10⁻¹² of the fraction (fractions come from configuration).
Money fractionOf(Money amount, double fraction);

} // namespace meridian::engine
