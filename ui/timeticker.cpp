#include "ui/timeticker.h"

#include <QDateTime>
#include <QTimeZone>

#include <cmath>

namespace meridian::ui {

namespace {

constexpr double day = 86400.0;
constexpr double secondSteps[] = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
                                  day, 2 * day, 7 * day, 14 * day};
constexpr int monthSteps[] = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600};

QDateTime utcDateTime(double seconds)
{
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::llround(seconds * 1000.0)), QTimeZone::utc());
}

double secondsOf(const QDate &date)
{
    return static_cast<double>(QDateTime(date, QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch());
}

} // namespace

TimeTicker::TimeTicker()
{
    setTickCount(6);
}

double TimeTicker::getTickStep(const QCPRange &range)
{
    const double wanted = range.size() / std::max(1, tickCount());
    for (const double step : secondSteps) {
        if (step >= wanted) {
            m_unit = Unit::Seconds;
            m_seconds = step;
            return step;
        }
    }
    m_unit = Unit::Months;
    m_months = monthSteps[std::size(monthSteps) - 1];
    for (const int months : monthSteps) {
        if (months * 30.44 * day >= wanted) {
            m_months = months;
            break;
        }
    }
    return m_months * 30.44 * day;
}

int TimeTicker::getSubTickCount(double)
{
    return 0;
}

QVector<double> TimeTicker::createTickVector(double tickStep, const QCPRange &range)
{
    QVector<double> ticks;
    if (m_unit == Unit::Seconds) {
        const double step = tickStep > 0.0 ? m_seconds : day;
        for (double tick = std::floor(range.lower / step) * step; tick <= range.upper + step; tick += step)
            ticks << tick;
        return ticks;
    }
    const QDate first = utcDateTime(range.lower).date();
    // Months counted from year 0 keep "every 3 months" on Jan/Apr/Jul/Oct and years on round years.
    int index = first.year() * 12 + (first.month() - 1);
    index -= index % m_months;
    for (int guard = 0; guard < 10000; ++guard, index += m_months) {
        const double tick = secondsOf(QDate(index / 12, index % 12 + 1, 1));
        ticks << tick;
        if (tick > range.upper)
            break;
    }
    return ticks;
}

QString TimeTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    const QDateTime time = utcDateTime(tick);
    if (m_unit == Unit::Months)
        return time.toString(m_months >= 12 ? QStringLiteral("yyyy") : QStringLiteral("yyyy-MM"));
    if (m_seconds >= day)
        return time.toString(QStringLiteral("yyyy-MM-dd"));
    return time.toString(time.time() == QTime(0, 0) ? QStringLiteral("MM-dd") : QStringLiteral("MM-dd hh:mm"));
}

} // namespace meridian::ui
