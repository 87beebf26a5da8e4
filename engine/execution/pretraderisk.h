#pragma once

// Pre-trade risk: the checks an order must pass before it leaves for the venue. Orders that only
// reduce a position or exposure always pass: a strategy must always be able to get out.

#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/result.h"
#include "engine/sdk/context.h"

#include <optional>
#include <string>
#include <string_view>

namespace meridian::engine {

struct RiskCheckInput
{
    std::string_view symbol;
    Money equity;                  // the strategy's equity now
    Money projectedGrossExposure;  // Σ |position + working orders| × price over its instruments
    Quantity projectedPosition;    // position + working orders in this instrument (signed)
    Price referencePrice;          // the latest price of the instrument
    Price orderPrice;              // the limit (or stop) price; 0 for market orders
    std::uint32_t ordersToday = 0; // orders the strategy sent earlier this day
};

// Why an order was refused: a stable code (the JSON, the orders CSV and the UI group by it) and
// a text that says which limit the order breaks and by how much.
struct Rejection
{
    std::string code; // "max_position_size", "max_leverage", "no_price", ...
    std::string text;
};

// Nothing, or the first limit the order breaks.
std::optional<Rejection> checkPreTradeRisk(const RiskLimits &limits, Side side, Quantity quantity,
                                           const RiskCheckInput &input);

// `fraction` of `amount`, exact to 10⁻¹² of the fraction (fractions come from configuration).
Money fractionOf(Money amount, double fraction);

} // namespace meridian::engine
