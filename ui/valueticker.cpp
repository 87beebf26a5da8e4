#include "ui/valueticker.h"

#include "ui/formatting.h"

#include <cmath>

namespace meridian::ui {

ValueTicker::ValueTicker(Style style)
    : m_style(style)
{}

double ValueTicker::getTickStep(const QCPRange &range)
{
    m_step = QCPAxisTicker::getTickStep(range);
    return m_step;
}

QString ValueTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    if (std::abs(tick) < m_step * 1e-6)
        tick = 0.0;
    const int decimals = m_step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(m_step)));
    if (m_style == Style::Grouped)
        return format::number(tick, decimals);
    const double magnitude = std::abs(tick);
    if (magnitude >= 1e9)
        return QString::number(tick / 1e9, 'g', 3) + QStringLiteral("B");
    if (magnitude >= 1e6)
        return QString::number(tick / 1e6, 'g', 3) + QStringLiteral("M");
    if (magnitude >= 1e3)
        return QString::number(tick / 1e3, 'g', 3) + QStringLiteral("K");
    return QString::number(tick, 'g', 3);
}

} // namespace meridian::ui
