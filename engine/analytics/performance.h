#pragma once

// Performance metrics of an equity curve and a trade list. Every formula, its units and its
// annualisation are written out in docs/metrics.md; the tests check them against the reference
// figures of the bundled data and against hand-worked examples.
//
//     const double ppy = periodsPerYear(Duration::hours(24), true);   // 252
//     PerformanceMetrics m = computeMetrics(curve, trades, Money::fromUnits(100000), ppy, 0.02);
//     m.sharpe;        // annualised, on simple periodic returns in excess of the risk-free rate
//     m.profitFactor;  // empty when no closed trade lost money (the ratio would be infinite)
//
// Analytics work in double: the inputs are exact Money values, and only the ratios are floating.

#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/timestamp.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace meridian::engine {

// One mark of an account: its equity and the gross market value of its positions
// (Σ |quantity × price|), at a bar close.
struct EquityPoint
{
    Timestamp time;
    Money equity;
    Money grossExposure;
};

// One line of a trade list, as reported: a round trip from flat back to flat.
struct TradeRecord
{
    std::string symbol;
    Side side = Side::Buy; // Buy: a long trade; Sell: a short trade
    Quantity quantity;
    Timestamp entryTime;
    Price entryPrice;
    std::optional<Timestamp> exitTime; // empty while the trade is still open
    Price exitPrice;                   // the last close while the trade is still open
    Money pnl;                         // net of commission
    Money commission;

    bool isClosed() const { return exitTime.has_value(); }
};

struct PerformanceMetrics
{
    double totalReturn = 0.0; // final / initial − 1
    double cagr = 0.0;        // compound annual growth over calendar time
    double volatility = 0.0;  // annualised sample stdev of periodic log returns
    double sharpe = 0.0;      // annualised, simple returns, excess of the risk-free rate
    double sortino = 0.0;     // annualised, downside deviation below the risk-free rate
    double maxDrawdown = 0.0; // fraction of the running peak, 0..1 (above 1 if equity < 0)
    double maxDrawdownDurationDays = 0.0; // longest time under a previous peak, New York days
    Timestamp maxDrawdownPeak;            // first time the peak before the deepest trough was hit
    Timestamp maxDrawdownTrough;          // first time the deepest drawdown was reached
    std::size_t trades = 0;               // closed round trips
    double winRate = 0.0;                 // winners / closed trades; 0 with no closed trade
    // Gross profit / gross loss of the closed trades; empty when no closed trade lost money
    // (infinite or 0/0), written as null in JSON.
    std::optional<double> profitFactor;
    double exposure = 0.0;       // fraction of equity points holding any position
    double periodsPerYear = 0.0; // the annualisation factor used
};

// Trading sessions per year used for annualisation.
inline constexpr double sessionsPerYear = 252.0;

// Bars per year for a bar length: 252 for daily bars (one per session, whatever `barLength`
// says); for intraday bars 252 × the number of bars that cover a 6.5-hour regular session,
// ceil(6.5 h / barLength): 1 m → 98 280, 5 m → 19 656, 30 m → 3 276, 1 h → 1 764 (seven bars a
// session, the last or first one a half hour), anything from 6.5 h up → 252. A non-positive
// length gives 0, and then no figure is annualised.
double periodsPerYear(Duration barLength, bool daily);

// The metrics of `equity` (points in time order, one per bar close) and `trades` (closed and
// still-open round trips; only closed ones count). `initialEquity` is the capital at the start;
// `annualPeriods` comes from periodsPerYear(); `riskFreeRate` is annual (0.02 = 2 %, > −1). Never
// NaN or infinite: undefined ratios are 0 (or an empty profit factor), as docs/metrics.md lists.
PerformanceMetrics computeMetrics(std::span<const EquityPoint> equity,
                                  std::span<const TradeRecord> trades,
                                  Money initialEquity,
                                  double annualPeriods,
                                  double riskFreeRate);

} // namespace meridian::engine
