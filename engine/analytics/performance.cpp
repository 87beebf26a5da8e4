#include "engine/analytics/performance.h"

#include "engine/core/civiltime.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace meridian::engine {

namespace {

constexpr double nanosPerDay = 86'400e9;
constexpr double daysPerYear = 365.25;

// Calendar days between two instants on the New York wall clock, so that daily bars stamped at
// 16:00 are whole days apart even across a daylight-saving change.
double newYorkCalendarDays(Timestamp from, Timestamp to)
{
    const Duration elapsed = to - from;
    const Duration offsetChange = newYorkUtcOffset(to) - newYorkUtcOffset(from);
    return static_cast<double>((elapsed + offsetChange).count()) / nanosPerDay;
}

// a / b of two exact amounts; both raw counts share the scale, so it cancels.
double ratio(Money a, Money b)
{
    return static_cast<double>(a.raw()) / static_cast<double>(b.raw());
}

double mean(const std::vector<double> &values)
{
    double sum = 0.0;
    for (const double v : values)
        sum += v;
    return sum / static_cast<double>(values.size());
}

// Sample standard deviation (divisor n − 1), two-pass for accuracy; needs n ≥ 2.
double sampleStdev(const std::vector<double> &values, double average)
{
    double squares = 0.0;
    for (const double v : values)
        squares += (v - average) * (v - average);
    return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

// A dispersion this small next to the mean is rounding noise of a constant series, not risk:
// dividing by it would report an absurd ratio.
bool isNegligible(double dispersion, double average)
{
    return dispersion <= 1e-14 * std::abs(average);
}

struct Drawdown
{
    double depth = 0.0;
    Timestamp peak;
    Timestamp trough;
    double longestDays = 0.0;
};

Drawdown drawdownOf(std::span<const EquityPoint> equity)
{
    Drawdown result;
    result.peak = equity.front().time;
    result.trough = equity.front().time;

    // Depth: the running peak only moves on a strictly higher value, so it and the trough are
    // the first times that attain them.
    Money peakValue = equity.front().equity;
    Timestamp peakTime = equity.front().time;
    for (const EquityPoint &point : equity) {
        if (point.equity > peakValue) {
            peakValue = point.equity;
            peakTime = point.time;
        }
        if (!peakValue.isPositive())
            continue;
        const double depth = 1.0 - ratio(point.equity, peakValue);
        if (depth > result.depth) {
            result.depth = depth;
            result.peak = peakTime;
            result.trough = point.time;
        }
    }

    // Duration: from the last point at the running peak until equity first gets back to it
    // (or the last point if it never does). Time at a flat peak is not under water.
    Money level = equity.front().equity;
    Timestamp since = equity.front().time;
    bool underWater = false;
    for (const EquityPoint &point : equity) {
        if (point.equity >= level) {
            if (underWater)
                result.longestDays
                    = std::max(result.longestDays, newYorkCalendarDays(since, point.time));
            underWater = false;
            level = point.equity;
            since = point.time;
        } else {
            underWater = true;
        }
    }
    if (underWater)
        result.longestDays
            = std::max(result.longestDays, newYorkCalendarDays(since, equity.back().time));
    return result;
}

void addTradeStatistics(PerformanceMetrics &metrics, std::span<const TradeRecord> trades)
{
    std::size_t winners = 0;
    Money grossProfit;
    Money grossLoss;
    for (const TradeRecord &trade : trades) {
        if (!trade.isClosed())
            continue;
        ++metrics.trades;
        if (trade.pnl.isPositive()) {
            ++winners;
            grossProfit += trade.pnl;
        } else if (trade.pnl.isNegative()) {
            grossLoss -= trade.pnl;
        }
    }
    if (metrics.trades > 0)
        metrics.winRate = static_cast<double>(winners) / static_cast<double>(metrics.trades);
    if (grossLoss.isPositive())
        metrics.profitFactor = ratio(grossProfit, grossLoss);
}

} // namespace

double periodsPerYear(Duration barLength, bool daily)
{
    if (daily)
        return sessionsPerYear;
    if (barLength <= Duration::zero())
        return 0.0;
    const Duration session = Duration::hours(6) + Duration::minutes(30);
    // Bars are aligned to the clock or to the open, so a session holds ceil(session / bar) of
    // them, one possibly short (hour/SPY.csv has seven a day: 09:30-10:00, then 10:00..15:00).
    const std::int64_t barsPerSession
        = (session.count() + barLength.count() - 1) / barLength.count();
    return sessionsPerYear * static_cast<double>(barsPerSession);
}

PerformanceMetrics computeMetrics(std::span<const EquityPoint> equity,
                                  std::span<const TradeRecord> trades,
                                  Money initialEquity,
                                  double annualPeriods,
                                  double riskFreeRate)
{
    PerformanceMetrics metrics;
    metrics.periodsPerYear = annualPeriods;
    addTradeStatistics(metrics, trades);
    if (equity.empty())
        return metrics;

    const bool annualise = annualPeriods > 0.0 && std::isfinite(annualPeriods);
    const double sqrtPeriods = annualise ? std::sqrt(annualPeriods) : 0.0;
    const Money finalEquity = equity.back().equity;

    if (initialEquity.isPositive()) {
        metrics.totalReturn = ratio(finalEquity, initialEquity) - 1.0;
        const double years
            = newYorkCalendarDays(equity.front().time, equity.back().time) / daysPerYear;
        if (!finalEquity.isPositive()) {
            metrics.cagr = -1.0;
        } else if (years > 0.0) {
            const double cagr = std::pow(ratio(finalEquity, initialEquity), 1.0 / years) - 1.0;
            // Growth over minutes extrapolated to a year can overflow: no meaningful figure.
            metrics.cagr = std::isfinite(cagr) ? cagr : 0.0;
        }
    }

    // Periodic returns between consecutive points; a step from a non-positive equity has no
    // return and is left out (as is a log return to a non-positive equity).
    std::vector<double> simpleReturns;
    std::vector<double> logReturns;
    simpleReturns.reserve(equity.size());
    logReturns.reserve(equity.size());
    for (std::size_t i = 1; i < equity.size(); ++i) {
        const Money previous = equity[i - 1].equity;
        const Money current = equity[i].equity;
        if (!previous.isPositive())
            continue;
        const double growth = ratio(current, previous);
        simpleReturns.push_back(growth - 1.0);
        if (current.isPositive())
            logReturns.push_back(std::log(growth));
    }

    if (logReturns.size() >= 2) {
        const double average = mean(logReturns);
        const double stdev = sampleStdev(logReturns, average);
        metrics.volatility = isNegligible(stdev, average) ? 0.0 : stdev * sqrtPeriods;
    }

    const double periodicRiskFree = annualise && riskFreeRate > -1.0
                                        ? std::pow(1.0 + riskFreeRate, 1.0 / annualPeriods) - 1.0
                                        : 0.0;
    if (!simpleReturns.empty()) {
        const double average = mean(simpleReturns);
        const double excess = average - periodicRiskFree;
        if (simpleReturns.size() >= 2) {
            const double stdev = sampleStdev(simpleReturns, average);
            if (!isNegligible(stdev, average))
                metrics.sharpe = excess / stdev * sqrtPeriods;
        }
        double downsideSquares = 0.0;
        for (const double r : simpleReturns) {
            const double shortfall = std::min(0.0, r - periodicRiskFree);
            downsideSquares += shortfall * shortfall;
        }
        const double downside
            = std::sqrt(downsideSquares / static_cast<double>(simpleReturns.size()));
        if (downside > 0.0 && !isNegligible(downside, excess))
            metrics.sortino = excess / downside * sqrtPeriods;
    }

    const Drawdown drawdown = drawdownOf(equity);
    metrics.maxDrawdown = drawdown.depth;
    metrics.maxDrawdownPeak = drawdown.peak;
    metrics.maxDrawdownTrough = drawdown.trough;
    metrics.maxDrawdownDurationDays = drawdown.longestDays;

    std::size_t exposed = 0;
    for (const EquityPoint &point : equity)
        exposed += point.grossExposure.isZero() ? 0 : 1;
    metrics.exposure = static_cast<double>(exposed) / static_cast<double>(equity.size());
    return metrics;
}

} // namespace meridian::engine
