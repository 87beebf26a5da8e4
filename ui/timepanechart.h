#pragma once

// TimePaneChart: the common ground of the price and equity charts — panes stacked over one time
// axis (QCustomPlot axis rects, values on the right, dates below), kept on the same time range
// whichever pane the user drags or zooms, a crosshair across the panes with a readout in the
// first, and the two signals that keep several such charts in sync:
//
//     connect(price, &TimePaneChart::timeRangeChanged, equity, &TimePaneChart::setTimeRange);
//     connect(price, &TimePaneChart::crosshairMoved, equity, &TimePaneChart::showCrosshairAt);
//
// A subclass adds its panes with addPane(), says whether it has data and what the readout at a
// time is, and reacts to a new time range (level of detail, value axes) in timeRangeUpdated().

#include "ui/crosshair.h"

#include <qcustomplot.h>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace meridian::ui {

class TimePaneChart : public QCustomPlot
{
    Q_OBJECT

public:
    explicit TimePaneChart(QWidget *parent = nullptr);
    ~TimePaneChart() override;

    void setTimeRange(const QCPRange &range);
    QCPRange timeRange() const;
    // Shows the vertical crosshair line at time `x` (another chart's mouse); NaN hides it.
    void showCrosshairAt(double x);

    // Redraws go through `schedule` when set: the chart asks once (until the redraw), and the
    // owner calls replotIfPending() when it fits — the main window runs it as a slice of its own,
    // so a redraw never shares an event-loop pass with other work. Without one, each change
    // queues a QCustomPlot replot for the next pass.
    void setReplotScheduler(std::function<void()> schedule) { m_schedule = std::move(schedule); }
    void replotIfPending();
    // A redraw is asked for and has not run yet.
    bool isReplotPending() const { return m_replotPending; }

signals:
    void timeRangeChanged(const QCPRange &range);
    void crosshairMoved(double x);

protected:
    void requestReplot();
    // A new pane in the next row of the layout, `stretch` its share of the height, with a
    // crosshair when `crosshair`. The first pane's time axis is the chart's.
    QCPAxisRect *addPane(double stretch, bool crosshair);
    // Removes the panes added after the first `keep` ones.
    void removePanesAfter(std::size_t keep);
    std::size_t paneCount() const { return m_panes.size(); }
    void setCrosshairColors(const QColor &line, const QColor &text, const QColor &background);
    void hideCrosshairs();
    // A live run keeps all its data in view until the user presses or wheels the mouse.
    bool followsLive() const { return m_followLive; }
    void setFollowLive(bool follow) { m_followLive = follow; }

    virtual bool hasData() const = 0;
    virtual QString readoutAt(double x) const = 0;
    // After every pane took the new time range, before the redraw.
    virtual void timeRangeUpdated() {}
    // The mouse moved over `pane` at time `x` (the crosshair is placed already).
    virtual void hovered(QMouseEvent *event, QCPAxisRect *pane)
    {
        Q_UNUSED(event)
        Q_UNUSED(pane)
    }

    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void onRangeChanged(const QCPRange &range);

    struct Pane
    {
        QCPAxisRect *rect;
        std::unique_ptr<Crosshair> crosshair; // null: none
    };
    std::vector<Pane> m_panes;
    QCPMarginGroup *m_margins;
    bool m_updatingRange = false;
    bool m_followLive = true;
    bool m_replotPending = false;
    std::function<void()> m_schedule;
};

} // namespace meridian::ui
