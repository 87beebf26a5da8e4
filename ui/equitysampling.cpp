#include "ui/equitysampling.h"

#include "engine/core/civiltime.h"

#include <algorithm>
#include <array>

namespace meridian::ui {

std::vector<engine::EquityPoint> lastPointPerDay(std::span<const engine::EquityPoint> points)
{
    std::vector<engine::EquityPoint> days;
    if (points.empty())
        return days;
    constexpr std::int64_t day = 86'400'000'000'000LL;
    const auto floorDiv = [](std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); };
    // The New York offset changes only twice a year: compute it once per UTC day.
    std::int64_t offsetDay = std::numeric_limits<std::int64_t>::min();
    std::int64_t offset = 0;
    const auto newYorkDay = [&](engine::Timestamp time) {
        const std::int64_t utcDay = floorDiv(time.unixNanos(), day);
        if (utcDay != offsetDay) {
            offsetDay = utcDay;
            offset = engine::newYorkUtcOffset(time).count();
        }
        return floorDiv(time.unixNanos() + offset, day);
    };
    days.push_back(points.front());
    std::int64_t current = newYorkDay(points.front().time);
    for (std::size_t i = 1; i < points.size(); ++i) {
        const std::int64_t d = newYorkDay(points[i].time);
        if (d != current) {
            if (days.back().time != points[i - 1].time)
                days.push_back(points[i - 1]);
            current = d;
        }
    }
    if (days.back().time != points.back().time)
        days.push_back(points.back());
    return days;
}

double ChartClock::chartTime(engine::Timestamp utc)
{
    constexpr std::int64_t day = 86'400'000'000'000LL;
    const std::int64_t nanos = utc.unixNanos();
    const std::int64_t utcDay = nanos / day - (nanos % day < 0 ? 1 : 0);
    if (utcDay != m_day) {
        m_day = utcDay;
        m_offsetNanos = engine::newYorkUtcOffset(utc).count();
    }
    return static_cast<double>(nanos + m_offsetNanos) * 1e-9;
}

EquitySeries equitySeries(std::span<const engine::EquityPoint> points)
{
    QVector<QCPGraphData> equity;
    QVector<QCPGraphData> drawdown;
    equity.reserve(static_cast<qsizetype>(points.size()));
    drawdown.reserve(static_cast<qsizetype>(points.size()));
    ChartClock clock;
    double peak = 0.0;
    QCPRange values(std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest());
    double deepest = 0.0;
    for (const engine::EquityPoint &point : points) {
        const double time = clock.chartTime(point.time);
        const double value = point.equity.toDouble();
        peak = std::max(peak, value);
        values.lower = std::min(values.lower, value);
        values.upper = std::max(values.upper, value);
        const double below = peak > 0.0 ? (value / peak - 1.0) * 100.0 : 0.0;
        deepest = std::min(deepest, below);
        equity.push_back(QCPGraphData(time, value));
        drawdown.push_back(QCPGraphData(time, below));
    }
    EquitySeries series{QSharedPointer<QCPGraphDataContainer>::create(),
                        QSharedPointer<QCPGraphDataContainer>::create(),
                        values,
                        QCPRange(deepest, 0.0),
                        {}};
    series.equity->set(equity, true);
    series.drawdown->set(drawdown, true);
    while (equity.size() > equityLevelMinimum) {
        equity = lowsAndHighs(equity, equityLevelFactor);
        drawdown = lowsAndHighs(drawdown, equityLevelFactor);
        EquitySeries::Level level{QSharedPointer<QCPGraphDataContainer>::create(),
                                  QSharedPointer<QCPGraphDataContainer>::create()};
        level.equity->set(equity, true);
        level.drawdown->set(drawdown, true);
        series.levels.push_back(std::move(level));
    }
    return series;
}

QVector<QCPGraphData> lowsAndHighs(const QVector<QCPGraphData> &points, int factor)
{
    QVector<QCPGraphData> kept;
    const qsizetype count = points.size();
    kept.reserve(2 * (count / factor + 2));
    if (count == 0)
        return kept;
    for (qsizetype from = 0; from < count; from += factor) {
        const qsizetype to = std::min(count, from + factor);
        qsizetype low = from;
        qsizetype high = from;
        for (qsizetype i = from + 1; i < to; ++i) {
            if (points[i].value < points[low].value)
                low = i;
            if (points[i].value > points[high].value)
                high = i;
        }
        // In time order (the curve also starts and ends where it does), each point once.
        const std::array<qsizetype, 4> picks{from == 0 ? 0 : -1, std::min(low, high),
                                             std::max(low, high), to == count ? count - 1 : -1};
        qsizetype previous = -1;
        for (const qsizetype pick : picks) {
            if (pick > previous) {
                kept.push_back(points[pick]);
                previous = pick;
            }
        }
    }
    return kept;
}

} // namespace meridian::ui
