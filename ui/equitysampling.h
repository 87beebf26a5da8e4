#pragma once

// Thinning a long intraday equity curve for charts that read it per day or per month (monthly
// returns, exposure): the first point and the last point of each New York calendar day. Month
// ends, and so monthly returns, are exactly those of the full curve.

#include "engine/analytics/performance.h"

#include <span>
#include <vector>

namespace meridian::ui {

std::vector<engine::EquityPoint> lastPointPerDay(std::span<const engine::EquityPoint> points);

} // namespace meridian::ui
