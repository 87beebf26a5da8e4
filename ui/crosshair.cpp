#include "ui/crosshair.h"

#include <qcustomplot.h>

namespace meridian::ui {

Crosshair::Crosshair(QCustomPlot *plot, QCPAxisRect *rect)
    : m_rect(rect)
    , m_vertical(new QCPItemStraightLine(plot))
    , m_horizontal(new QCPItemStraightLine(plot))
    , m_readout(new QCPItemText(plot))
{
    for (QCPItemStraightLine *line : {m_vertical, m_horizontal}) {
        line->setClipAxisRect(rect);
        line->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        line->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        line->setSelectable(false);
        line->setVisible(false);
    }
    m_readout->setClipAxisRect(rect);
    m_readout->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_readout->position->setAxisRect(rect);
    m_readout->position->setCoords(0.0, 0.0);
    m_readout->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_readout->setTextAlignment(Qt::AlignLeft);
    m_readout->setPadding(QMargins(6, 3, 6, 3));
    m_readout->setSelectable(false);
    m_readout->setVisible(false);
}

void Crosshair::show(double x, double y, bool showHorizontal, const QString &readout)
{
    m_vertical->point1->setCoords(x, 0.0);
    m_vertical->point2->setCoords(x, 1.0);
    m_vertical->setVisible(true);
    m_horizontal->point1->setCoords(0.0, y);
    m_horizontal->point2->setCoords(1.0, y);
    m_horizontal->setVisible(showHorizontal);
    m_readout->setText(readout);
    m_readout->setVisible(!readout.isEmpty());
}

void Crosshair::hide()
{
    m_vertical->setVisible(false);
    m_horizontal->setVisible(false);
    m_readout->setVisible(false);
}

bool Crosshair::isVisible() const
{
    return m_vertical->visible();
}

void Crosshair::setColors(const QColor &line, const QColor &text, const QColor &background)
{
    QPen pen(line, 1.0, Qt::DashLine);
    m_vertical->setPen(pen);
    m_horizontal->setPen(pen);
    m_readout->setColor(text);
    QColor fill = background;
    fill.setAlpha(215);
    m_readout->setBrush(fill);
    m_readout->setPen(QPen(line));
}

} // namespace meridian::ui
