#include "ui/chartstyle.h"

#include "ui/timeticker.h"
#include "ui/valueticker.h"

#include <qcustomplot.h>


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
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new TimeTicker));
}

void useValueTicker(QCPAxis *axis, bool compact)
{
    axis->setTicker(QSharedPointer<QCPAxisTicker>(
        new ValueTicker(compact ? ValueTicker::Style::Compact : ValueTicker::Style::Grouped)));
}

} // namespace meridian::ui
