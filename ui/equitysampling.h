#pragma once

// Thinning a long intraday equity curve for charts that read it per day or per month (monthly
// returns, exposure): the first point and the last point of each New York calendar day. Month
// ends, and so monthly returns, are exactly those of the full curve.

#include "engine/analytics/performance.h"

#include <qcustomplot.h>

#include <QSharedPointer>

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace meridian::ui {

std::vector<engine::EquityPoint> lastPointPerDay(std::span<const engine::EquityPoint> points);

// Chart time (format::chartTime: New York wall clock, seconds) of timestamps that mostly share
// a day: the New York offset is looked up once per UTC day instead of once per point.
class ChartClock
{
public:
    double chartTime(engine::Timestamp utc);

private:
    std::int64_t m_day = std::numeric_limits<std::int64_t>::min();
    std::int64_t m_offsetNanos = 0;
};

// A whole run's equity as the equity chart draws it: equity and drawdown from the running peak
// (percent) per point. Built once, off the GUI thread for a finished run; the chart shares the
// containers instead of copying a million points on the GUI thread.
struct EquitySeries
{
    QSharedPointer<QCPGraphDataContainer> equity;
    QSharedPointer<QCPGraphDataContainer> drawdown;
    // Their whole value ranges, so showing the whole run needs no pass over a million points.
    QCPRange equityValues;
    QCPRange drawdownValues;
    // Level of detail for long curves: level k keeps, of every equityLevelFactor points of level
    // k − 1 (level 0: every point), the lowest and the highest in time order (each curve its own;
    // the first and last point of the curve always), so it draws the same envelope and value
    // range with a quarter of the points. Levels stop once shorter than equityLevelMinimum.
    struct Level
    {
        QSharedPointer<QCPGraphDataContainer> equity;
        QSharedPointer<QCPGraphDataContainer> drawdown;
    };
    std::vector<Level> levels;
};

inline constexpr int equityLevelFactor = 8;
inline constexpr int equityLevelMinimum = 4096;

// `points` thinned as one level of EquitySeries::levels describes.
QVector<QCPGraphData> lowsAndHighs(const QVector<QCPGraphData> &points, int factor);

EquitySeries equitySeries(std::span<const engine::EquityPoint> points);

} // namespace meridian::ui
