#include "ui/chartstyle.h"

#include <qcustomplot.h>

#include <QTimeZone>

namespace meridian::ui {

void styleAxisRect(QCPAxisRect *rect, const ThemeColors &colors)
{
    rect->setBackground(colors.panel);
    for (QCPAxis *axis : rect->axes()) {
        axis->setBasePen(QPen(colors.grid));
        axis->setTickPen(QPen(colors.grid));
        axis->setSubTickPen(QPen(colors.grid));
        axis->setTickLabelColor(colors.mutedText);
        axis->setLabelColor(colors.mutedText);
        axis->grid()->setPen(QPen(colors.grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(colors.grid));
    }
}

void stylePlot(QCustomPlot *plot, const ThemeColors &colors)
{
    plot->setBackground(colors.panel);
    for (QCPAxisRect *rect : plot->axisRects())
        styleAxisRect(rect, colors);
    if (plot->legend != nullptr) {
        plot->legend->setBrush(QColor(colors.panel.red(), colors.panel.green(), colors.panel.blue(), 220));
        plot->legend->setBorderPen(QPen(colors.grid));
        plot->legend->setTextColor(colors.text);
    }
}

void useDateTicker(QCPAxis *axis)
{
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setTimeZone(QTimeZone("America/New_York"));
    ticker->setDateTimeFormat(QStringLiteral("yyyy-MM-dd"));
    ticker->setTickCount(6);
    axis->setTicker(ticker);
}

void adaptDateFormat(QCPAxis *axis)
{
    auto ticker = axis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (ticker.isNull())
        return;
    const bool intraday = axis->range().size() < 10.0 * 86400.0;
    ticker->setDateTimeFormat(intraday ? QStringLiteral("MM-dd hh:mm") : QStringLiteral("yyyy-MM-dd"));
}

} // namespace meridian::ui
