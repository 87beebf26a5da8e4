#pragma once

// PriceChart: the candlestick chart of one symbol with its volume in a pane below, buy and sell
// markers at the fills (tooltips: time, side, quantity, price, order id), a crosshair with an
// OHLCV readout, mouse zoom and pan along time, and indicator overlays (lines on the price pane,
// or a pane of their own for oscillators).
//
// Level of detail: the bars are kept at several resolutions (each level merges pairs of the
// level below into one OHLCV bar), and only the visible stretch of the coarsest level that still
// shows about one candle per two pixels is handed to QCustomPlot — so years of minute bars pan
// and zoom as smoothly as a few hundred daily bars.

#include "ui/chartbarseries.h"
#include "ui/runsnapshot.h"
#include "ui/timepanechart.h"
#include "ui/theme.h"

#include <qcustomplot.h>

#include <memory>
#include <span>
#include <vector>

namespace meridian::ui {

class PriceChart : public TimePaneChart
{
    Q_OBJECT

public:
    explicit PriceChart(QWidget *parent = nullptr);

    void setBars(const QString &symbol, std::span<const ChartBar> bars);
    // A live run's bars since the last call (after the bars already held); the coarser levels
    // grow with them, and the whole run stays in view until the user zooms or pans.
    void appendBars(std::span<const ChartBar> bars);
    // The fills of `instrument` become markers (other instruments' fills are ignored).
    void setFills(const std::vector<engine::FillRecord> &fills, engine::InstrumentId instrument);
    void appendFills(std::span<const engine::FillRecord> fills, engine::InstrumentId instrument);
    void clear();
    void setTheme(ThemeKind kind);

    // An indicator line over the price (`pane` empty) or in its own pane below the volume
    // (`pane` names it; lines with the same pane name share it). Values are aligned with the
    // bars given to setBars; NaN leaves a gap.
    void addOverlay(const QString &name, const QString &pane, const std::vector<double> &values);
    void clearOverlays();
    QStringList overlayNames() const;

    std::size_t barCount() const { return m_levels.empty() ? 0 : m_levels.front().size(); }
    int markerCount() const;
    // The resolution level drawn now (0: every bar) and the number of candles drawn.
    int detailLevel() const { return m_level; }
    int drawnCandles() const;
    QString symbol() const { return m_symbol; }

    // The whole data range.
    void fitAll();

protected:
    bool hasData() const override;
    QString readoutAt(double x) const override;
    void timeRangeUpdated() override;
    void hovered(QMouseEvent *event, QCPAxisRect *pane) override;

private:
    void refreshDetail();
    void thinMarkers();
    double typicalSpacing(const ChartBarSeries &bars);
    void extendLevels();
    const ChartBar *barAt(double x) const;
    QString markerToolTip(const QPoint &position) const;
    QCPAxisRect *paneFor(const QString &name);

    QString m_symbol;
    std::vector<ChartBarSeries> m_levels;        // [0] = the bars, [k] = pairs of [k-1] merged
    double m_spacing = 86400.0;                  // typical bar spacing at level 0, seconds
    int m_level = 0;
    QCPAxisRect *m_priceRect;
    QCPAxisRect *m_volumeRect;
    QCPFinancial *m_candles;
    QCPBars *m_volume;
    QCPGraph *m_buys;
    QCPGraph *m_sells;
    std::vector<engine::FillRecord> m_fills;
    struct Overlay
    {
        QString name;
        QCPGraph *graph;
    };
    std::vector<Overlay> m_overlays;
    std::vector<std::pair<QString, QCPAxisRect *>> m_overlayPanes; // by name, below the volume
    ThemeKind m_theme = ThemeKind::Dark;
};

} // namespace meridian::ui
