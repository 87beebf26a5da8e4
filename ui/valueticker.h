#pragma once

// ValueTicker: value-axis labels the way the tables write numbers — grouped thousands
// ("112,500") or, for volumes, compact ("5.2M", "1.5B").

#include <qcustomplot.h>

namespace meridian::ui {

class ValueTicker : public QCPAxisTicker
{
public:
    enum class Style { Grouped, Compact };
    explicit ValueTicker(Style style);

protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override;

private:
    Style m_style;
    double m_step = 1.0;
};

} // namespace meridian::ui
