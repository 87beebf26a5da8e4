#include "ui/timepanechart.h"

#include "ui/chartstyle.h"

#include <cmath>
#include <limits>

namespace meridian::ui {

TimePaneChart::TimePaneChart(QWidget *parent)
    : QCustomPlot(parent)
    , m_margins(new QCPMarginGroup(this))
{
    plotLayout()->clear();
    plotLayout()->setRowSpacing(0);
    connect(this, &QCustomPlot::mousePress, this, [this] { m_followLive = false; });
    connect(this, &QCustomPlot::mouseWheel, this, [this] { m_followLive = false; });
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setNoAntialiasingOnDrag(true);
    setPlottingHint(QCP::phCacheLabels, true);
    setMouseTracking(true);
}

TimePaneChart::~TimePaneChart() = default;

QCPAxisRect *TimePaneChart::addPane(double stretch, bool crosshair)
{
    auto *rect = new QCPAxisRect(this);
    const int row = static_cast<int>(m_panes.size());
    plotLayout()->addElement(row, 0, rect);
    plotLayout()->setRowStretchFactor(row, stretch);
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, m_margins);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    rect->axis(QCPAxis::atRight)->setVisible(true);
    rect->axis(QCPAxis::atLeft)->setVisible(false);
    rect->axis(QCPAxis::atRight)->setPadding(4);
    useDateTicker(rect->axis(QCPAxis::atBottom));
    // The date labels go under the lowest pane only.
    for (const Pane &pane : m_panes)
        pane.rect->axis(QCPAxis::atBottom)->setTickLabels(false);
    if (!m_panes.empty())
        rect->axis(QCPAxis::atBottom)->setRange(timeRange());
    connect(rect->axis(QCPAxis::atBottom), qOverload<const QCPRange &>(&QCPAxis::rangeChanged),
            this, &TimePaneChart::onRangeChanged);
    m_panes.push_back({rect, crosshair ? std::make_unique<Crosshair>(this, rect) : nullptr});
    return rect;
}

void TimePaneChart::removePanesAfter(std::size_t keep)
{
    if (keep >= m_panes.size())
        return;
    for (std::size_t i = keep; i < m_panes.size(); ++i)
        plotLayout()->remove(m_panes[i].rect);
    plotLayout()->simplify();
    m_panes.resize(keep);
    if (!m_panes.empty())
        m_panes.back().rect->axis(QCPAxis::atBottom)->setTickLabels(true);
}

void TimePaneChart::setCrosshairColors(const QColor &line,
                                       const QColor &text,
                                       const QColor &background)
{
    for (const Pane &pane : m_panes) {
        if (pane.crosshair)
            pane.crosshair->setColors(line, text, background);
    }
}

void TimePaneChart::hideCrosshairs()
{
    for (const Pane &pane : m_panes) {
        if (pane.crosshair)
            pane.crosshair->hide();
    }
}

void TimePaneChart::requestReplot()
{
    if (!m_schedule) {
        replot(rpQueuedReplot);
        return;
    }
    if (!m_replotPending) {
        m_replotPending = true;
        m_schedule();
    }
}

void TimePaneChart::replotIfPending()
{
    if (!m_replotPending)
        return;
    m_replotPending = false;
    replot(rpRefreshHint);
}

void TimePaneChart::setTimeRange(const QCPRange &range)
{
    if (!m_panes.empty())
        m_panes.front().rect->axis(QCPAxis::atBottom)->setRange(range);
}

QCPRange TimePaneChart::timeRange() const
{
    return m_panes.empty() ? QCPRange() : m_panes.front().rect->axis(QCPAxis::atBottom)->range();
}

void TimePaneChart::onRangeChanged(const QCPRange &range)
{
    if (m_updatingRange)
        return;
    m_updatingRange = true;
    // Every pane follows the one that moved.
    for (const Pane &pane : m_panes) {
        if (pane.rect->axis(QCPAxis::atBottom)->range() != range)
            pane.rect->axis(QCPAxis::atBottom)->setRange(range);
    }
    timeRangeUpdated();
    m_updatingRange = false;
    emit timeRangeChanged(range);
    requestReplot();
}

void TimePaneChart::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    const QPointF position = event->position();
    QCPAxisRect *rect = axisRectAt(position);
    if (rect == nullptr || m_panes.empty() || !hasData()) {
        hideCrosshairs();
        requestReplot();
        return;
    }
    const double x = m_panes.front().rect->axis(QCPAxis::atBottom)->pixelToCoord(position.x());
    const double y = rect->axis(QCPAxis::atRight)->pixelToCoord(position.y());
    for (const Pane &pane : m_panes) {
        if (pane.crosshair)
            pane.crosshair->show(x, y, rect == pane.rect,
                                 &pane == &m_panes.front() ? readoutAt(x) : QString());
    }
    hovered(event, rect);
    emit crosshairMoved(x);
    requestReplot();
}

void TimePaneChart::leaveEvent(QEvent *event)
{
    QCustomPlot::leaveEvent(event);
    hideCrosshairs();
    emit crosshairMoved(std::numeric_limits<double>::quiet_NaN());
    requestReplot();
}

void TimePaneChart::showCrosshairAt(double x)
{
    if (std::isnan(x) || m_panes.empty() || !hasData()) {
        hideCrosshairs();
    } else {
        for (const Pane &pane : m_panes) {
            if (pane.crosshair)
                pane.crosshair->show(x, 0.0, false,
                                     &pane == &m_panes.front() ? readoutAt(x) : QString());
        }
    }
    requestReplot();
}

} // namespace meridian::ui
