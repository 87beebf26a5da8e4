#pragma once

// The Qt Charts of the analytics dock: monthly returns, the distribution of trade returns and
// exposure over time. What they plot is computed by the free functions below, which the tests
// check against hand-worked numbers; the widgets only draw those results in the theme's colours.
//
//     auto *monthly = new MonthlyReturnsChart(this);
//     monthly->setTheme(ThemeKind::Dark);
//     monthly->setEquity(result.equity);   // one bar per New York calendar month

#include "engine/analytics/performance.h"
#include "ui/theme.h"

#include <QWidget>
#include <functional>
#include <span>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QChartView;
class QStackedBarSeries;

namespace meridian::ui {

// The return of one calendar month (New York dates): the month's last equity over the previous
// month's last equity, minus 1. The first month is measured from the curve's first point (never
// from the initial capital, as the periodic returns of docs/metrics.md). A month without points
// is not listed; one whose base equity is not positive has no return and is left out.
struct MonthlyReturn
{
    int year = 0;
    int month = 0; // 1..12
    double value = 0.0;
};
std::vector<MonthlyReturn> monthlyReturns(std::span<const engine::EquityPoint> equity);

// The return of every closed trade: pnl (net of commission) / |entry price × quantity|, the
// notional it entered with. Open trades and trades of zero notional are left out.
std::vector<double> tradeReturns(std::span<const engine::TradeRecord> trades);

// Equal-width bins [lower, upper). The width follows Sturges' rule, w = (max − min) / k with
// k = ⌈log₂ n⌉ + 1, and the edges are whole multiples of w, so 0 is always an edge and no bin
// mixes losing and winning trades: a value x falls in bin ⌊x / w⌋, and the bins run from the
// minimum's to the maximum's (k or k + 1 of them, empty ones included). All values equal: one
// bin [v, v] holding them all. No values: no bins.
struct HistogramBin
{
    double lower = 0.0;
    double upper = 0.0;
    int count = 0;
};
std::vector<HistogramBin> returnHistogram(std::span<const double> values);

struct TimeValue
{
    engine::Timestamp time;
    double value = 0.0;
};
// Gross exposure / equity at every point (1.0 = positions worth the whole equity; above 1 is
// leverage). Points with a non-positive equity have no ratio and are left out.
std::vector<TimeValue> exposureSeries(std::span<const engine::EquityPoint> equity);
// The underwater curve: 1 − equity / running peak at every point (0 at a new high), 0 while the
// peak is not positive — the drawdown column of the equity CSV.
std::vector<TimeValue> drawdownSeries(std::span<const engine::EquityPoint> equity);

// The common frame of the three charts: a QChartView, the theme, and a rebuild from the stored
// data whenever the data, the theme or the language changes.
class AnalyticsChart : public QWidget
{
    Q_OBJECT

public:
    explicit AnalyticsChart(QWidget *parent = nullptr);

    void setTheme(ThemeKind kind);
    ThemeKind theme() const { return m_theme; }
    QChart *chart() const;

protected:
    void changeEvent(QEvent *event) override;
    // Recreates every series and axis of chart() from the stored data.
    virtual void rebuild() = 0;
    // Removes every series and axis, then sets the title, background and legend in the theme's
    // colours.
    void resetChart(const QString &title);
    // Adds `axis` in the theme's colours and attaches `series` to it.
    void addAxis(QAbstractAxis *axis,
                 Qt::Alignment alignment,
                 QAbstractSeries *series,
                 const QString &title);
    // Adds a stacked series of two equally long sets, the first coloured negative and the second
    // positive: each category's value sits in one set, 0 in the other, so every bar shows its
    // sign. While the mouse is over bar i a tool tip shows tipText(i).
    QStackedBarSeries *addSignedBars(const QString &negativeName,
                                     const QList<double> &negative,
                                     const QString &positiveName,
                                     const QList<double> &positive,
                                     double barWidth,
                                     const std::function<QString(int)> &tipText);

private:
    QChartView *m_view = nullptr;
    ThemeKind m_theme = ThemeKind::Dark;
};

class MonthlyReturnsChart : public AnalyticsChart
{
    Q_OBJECT

public:
    explicit MonthlyReturnsChart(QWidget *parent = nullptr);

    void setEquity(const std::vector<engine::EquityPoint> &equity);
    const std::vector<MonthlyReturn> &values() const { return m_values; }

protected:
    void rebuild() override;

private:
    std::vector<MonthlyReturn> m_values;
};

class TradeReturnsHistogram : public AnalyticsChart
{
    Q_OBJECT

public:
    explicit TradeReturnsHistogram(QWidget *parent = nullptr);

    void setTrades(const std::vector<engine::TradeRecord> &trades);
    const std::vector<HistogramBin> &bins() const { return m_bins; }

protected:
    void rebuild() override;

private:
    std::vector<HistogramBin> m_bins;
    std::size_t m_tradeCount = 0;
};

class ExposureChart : public AnalyticsChart
{
    Q_OBJECT

public:
    explicit ExposureChart(QWidget *parent = nullptr);

    void setEquity(const std::vector<engine::EquityPoint> &equity);
    const std::vector<TimeValue> &values() const { return m_values; }

protected:
    void rebuild() override;

private:
    std::vector<TimeValue> m_values;
};

} // namespace meridian::ui
