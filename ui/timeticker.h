#pragma once

// TimeTicker: ticks for the charts' time axes at calendar boundaries of New York wall-clock
// time — minutes and hours within a day, days, months, years — labelled to match the step
// ("2021", "2021-03", "03-31", "03-31 10:30"). Chart x values are New York wall-clock seconds
// counted as if they were UTC (format::chartTime), so neither the tick placement nor the
// labels depend on the computer's own time zone.

#include <qcustomplot.h>

namespace meridian::ui {

class TimeTicker : public QCPAxisTicker
{
public:
    TimeTicker();

protected:
    double getTickStep(const QCPRange &range) override;
    int getSubTickCount(double tickStep) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override;

private:
    enum class Unit { Seconds, Months };
    Unit m_unit = Unit::Seconds;
    double m_seconds = 86400.0; // the step when m_unit is Seconds
    int m_months = 12;          // the step when m_unit is Months
};

} // namespace meridian::ui
