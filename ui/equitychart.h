#pragma once

// EquityChart: the run's equity curve with its underwater chart (drawdown from the running
// peak, in percent) below, a crosshair with equity and drawdown readout, mouse zoom and pan.
// Points arrive live from snapshots (appendEquity, a thinned preview of at most 8192 points) or
// all at once from a finished run (setEquity, every point); a second run's curve can be overlaid
// for comparison. QCustomPlot's adaptive sampling keeps long curves fast.

#include "ui/equitysampling.h"
#include "ui/theme.h"
#include "ui/timepanechart.h"

#include "engine/analytics/performance.h"

#include <qcustomplot.h>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace meridian::ui {

class EquityChart : public TimePaneChart
{
    Q_OBJECT

public:
    explicit EquityChart(QWidget *parent = nullptr);

    void setEquity(const QString &name, const std::vector<engine::EquityPoint> &points);
    // A finished run's series built off the GUI thread: shared, not copied.
    void setEquity(const QString &name, const EquitySeries &series);
    void appendEquity(std::span<const engine::EquityPoint> points);
    // Another run's curve drawn over this one (empty points remove it).
    void setComparison(const QString &name, const std::vector<engine::EquityPoint> &points);
    void setComparison(const QString &name, const EquitySeries &series);
    void clear();
    void setTheme(ThemeKind kind);

    int pointCount() const;
    int comparisonPointCount() const;
    int drawdownPointCount() const;

    void fitAll();

protected:
    bool hasData() const override;
    QString readoutAt(double x) const override;
    void timeRangeUpdated() override;

private:
    void rescaleValues();
    void refreshDetail();

    QCPAxisRect *m_equityRect;
    QCPAxisRect *m_drawdownRect;
    QCPGraph *m_equity;
    QCPGraph *m_comparison;
    QCPGraph *m_drawdown;
    double m_peak = 0.0;
    // The finished curves shown, with their levels of detail (empty for a live preview).
    EquitySeries m_series;
    EquitySeries m_comparisonSeries;
    // Whole value ranges of shared finished-run series (none for a live preview).
    std::optional<QCPRange> m_equityValues;
    std::optional<QCPRange> m_drawdownValues;
    std::optional<QCPRange> m_comparisonValues;
    int m_liveStride = 0;         // live preview: keep every m_liveStride-th point; 0: not live
    std::uint64_t m_liveCount = 0; // live points seen
};

} // namespace meridian::ui
