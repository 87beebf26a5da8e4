#include "ui/equitychart.h"

#include "ui/equitysampling.h"

#include "ui/chartstyle.h"
#include "ui/formatting.h"

#include <cmath>

namespace meridian::ui {

EquityChart::EquityChart(QWidget *parent)
    : TimePaneChart(parent)
    , m_equityRect(addPane(2.0, true))
    , m_drawdownRect(addPane(1.0, true))
{
    m_equityRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);
    m_drawdownRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    m_equityRect->axis(QCPAxis::atRight)->setLabel(tr("Equity"));
    m_drawdownRect->axis(QCPAxis::atRight)->setLabel(tr("DD %"));
    useValueTicker(m_equityRect->axis(QCPAxis::atRight), false);
    useValueTicker(m_drawdownRect->axis(QCPAxis::atRight), false);
    m_drawdownRect->axis(QCPAxis::atRight)->ticker()->setTickCount(3);

    m_equity = new QCPGraph(m_equityRect->axis(QCPAxis::atBottom), m_equityRect->axis(QCPAxis::atRight));
    m_comparison = new QCPGraph(m_equityRect->axis(QCPAxis::atBottom), m_equityRect->axis(QCPAxis::atRight));
    m_drawdown = new QCPGraph(m_drawdownRect->axis(QCPAxis::atBottom), m_drawdownRect->axis(QCPAxis::atRight));
    m_equity->setName(tr("Equity"));
    m_drawdown->setName(tr("Drawdown"));
    // The underwater area sits under its own line: an antialiased edge would not show, and
    // filling a long curve's polygon without it takes a fraction of the time.
    m_drawdown->setAntialiasedFill(false);

    legend = new QCPLegend;
    m_equityRect->insetLayout()->addElement(legend, Qt::AlignLeft | Qt::AlignBottom);
    legend->setLayer(QStringLiteral("legend"));
    legend->setVisible(false);
    m_equity->addToLegend(legend);
    m_comparison->addToLegend(legend);

    setMinimumSize(320, 200);
    setTheme(ThemeKind::Dark);
}

void EquityChart::setTheme(ThemeKind kind)
{
    const ThemeColors &c = themeColors(kind);
    stylePlot(this, c);
    // One-pixel pens: the raster engine draws them with its fast cosmetic stroker, while a wider
    // antialiased pen is stroked as a path and filled — 10 to 20 ms per redraw of a long curve.
    m_equity->setPen(QPen(c.equity, 1.0));
    m_comparison->setPen(QPen(c.accent.lighter(130), 1.0, Qt::DashLine));
    m_drawdown->setPen(QPen(c.drawdown, 1.0));
    QColor area = c.drawdown;
    area.setAlpha(90);
    m_drawdown->setBrush(area);
    setCrosshairColors(c.crosshair, c.text, c.panel);
    requestReplot();
}

void EquityChart::setEquity(const QString &name, const std::vector<engine::EquityPoint> &points)
{
    setEquity(name, equitySeries(points));
}

void EquityChart::setEquity(const QString &name, const EquitySeries &series)
{
    m_equity->setName(name.isEmpty() ? tr("Equity") : name);
    setFollowLive(true);
    m_liveStride = 0; // every point: this is the finished curve
    // Shared, never modified here: clear() and a live preview start from fresh containers.
    m_series = series;
    m_equity->setData(series.equity);
    m_drawdown->setData(series.drawdown);
    refreshDetail();
    m_equityValues = series.equity ? std::optional(series.equityValues) : std::nullopt;
    m_drawdownValues = series.drawdown ? std::optional(series.drawdownValues) : std::nullopt;
    m_peak = 0.0;
    fitAll();
}

void EquityChart::appendEquity(std::span<const engine::EquityPoint> points)
{
    if (points.empty())
        return;
    if (m_liveStride == 0) { // the first live points: start a preview in containers of its own
        m_liveStride = 1;
        m_liveCount = 0;
        m_peak = 0.0;
        m_equityValues.reset();
        m_drawdownValues.reset();
        m_series = {};
        m_equity->setData(QSharedPointer<QCPGraphDataContainer>::create());
        m_drawdown->setData(QSharedPointer<QCPGraphDataContainer>::create());
    }
    // A live run keeps every stride-th point, at most liveLimit of them: when the preview fills
    // up, every second point goes and the stride doubles. Appending and redrawing stay cheap
    // however long the run; the finished run's curve (setEquity) has every point.
    constexpr int liveLimit = 8192;
    QVector<double> times, equity, drawdown;
    ChartClock clock;
    for (const engine::EquityPoint &point : points) {
        const double value = point.equity.toDouble();
        m_peak = std::max(m_peak, value);
        if (m_liveCount++ % m_liveStride != 0)
            continue;
        times << clock.chartTime(point.time);
        equity << value;
        drawdown << (m_peak > 0.0 ? (value / m_peak - 1.0) * 100.0 : 0.0);
    }
    m_equity->addData(times, equity, true);
    m_drawdown->addData(times, drawdown, true);
    while (m_equity->dataCount() > liveLimit) { // more than one halving after a long first batch
        for (QCPGraph *graph : {m_equity, m_drawdown}) {
            QVector<QCPGraphData> kept;
            kept.reserve(liveLimit / 2 + 1);
            const auto &data = *graph->data();
            for (int i = 0; i < data.size(); i += 2)
                kept << *(data.constBegin() + i);
            graph->data()->set(kept, true);
        }
        m_liveStride *= 2;
    }
    if (followsLive())
        fitAll();
    else
        requestReplot();
}

void EquityChart::setComparison(const QString &name, const std::vector<engine::EquityPoint> &points)
{
    setComparison(name, equitySeries(points));
}

void EquityChart::setComparison(const QString &name, const EquitySeries &series)
{
    const bool shown = series.equity && !series.equity->isEmpty();
    m_comparisonSeries = shown ? series : EquitySeries{};
    m_comparison->setData(shown ? series.equity : QSharedPointer<QCPGraphDataContainer>::create());
    refreshDetail();
    m_comparisonValues = shown ? std::optional(series.equityValues) : std::nullopt;
    m_comparison->setName(name);
    legend->setVisible(shown);
    rescaleValues();
    requestReplot();
}

void EquityChart::clear()
{
    // Fresh containers: the old ones may be a finished run's, shared with its record.
    for (QCPGraph *graph : {m_equity, m_comparison, m_drawdown})
        graph->setData(QSharedPointer<QCPGraphDataContainer>::create());
    m_equityValues.reset();
    m_drawdownValues.reset();
    m_comparisonValues.reset();
    m_series = {};
    m_comparisonSeries = {};
    legend->setVisible(false);
    m_peak = 0.0;
    setFollowLive(true);
    m_liveStride = 0;
    requestReplot();
}

int EquityChart::pointCount() const
{
    return m_series.equity ? m_series.equity->size() : m_equity->dataCount();
}

int EquityChart::comparisonPointCount() const
{
    return m_comparisonSeries.equity ? m_comparisonSeries.equity->size()
                                     : m_comparison->dataCount();
}

int EquityChart::drawdownPointCount() const
{
    return m_series.drawdown ? m_series.drawdown->size() : m_drawdown->dataCount();
}

void EquityChart::refreshDetail()
{
    // The coarsest level that still has about four points per pixel in view: QCustomPlot's own
    // sampling then draws it exactly as it would every point, without a pass over a million of
    // them on each redraw (the first and last points, and so the key range, are in every level).
    const QCPRange keys = timeRange();
    const double wanted = 4.0 * std::max(1, m_equityRect->width());
    const auto show = [&](const EquitySeries &series, QCPGraph *equity, QCPGraph *drawdown) {
        if (!series.equity)
            return;
        const QCPGraphDataContainer &full = *series.equity;
        double visible = static_cast<double>(full.findEnd(keys.upper) - full.findBegin(keys.lower));
        QSharedPointer<QCPGraphDataContainer> equityData = series.equity;
        QSharedPointer<QCPGraphDataContainer> drawdownData = series.drawdown;
        for (const EquitySeries::Level &level : series.levels) {
            visible /= equityLevelFactor / 2.0;
            if (visible < wanted)
                break;
            equityData = level.equity;
            drawdownData = level.drawdown;
        }
        if (equity->data() != equityData)
            equity->setData(equityData);
        if (drawdown != nullptr && drawdown->data() != drawdownData)
            drawdown->setData(drawdownData);
    };
    show(m_series, m_equity, m_drawdown);
    show(m_comparisonSeries, m_comparison, nullptr);
}

void EquityChart::fitAll()
{
    bool found = false;
    QCPRange keys = m_equity->getKeyRange(found);
    bool foundComparison = false;
    const QCPRange other = m_comparison->getKeyRange(foundComparison);
    if (foundComparison)
        keys = found ? QCPRange(std::min(keys.lower, other.lower), std::max(keys.upper, other.upper)) : other;
    if (found || foundComparison) {
        const double pad = std::max(keys.size() * 0.01, 3600.0);
        setTimeRange(QCPRange(keys.lower - pad, keys.upper + pad));
    }
    rescaleValues();
    requestReplot();
}

void EquityChart::timeRangeUpdated()
{
    refreshDetail();
    rescaleValues();
}

void EquityChart::rescaleValues()
{
    // With the whole curve in view, the range known from building the series.
    const QCPRange keys = timeRange();
    const auto rangeOf = [&keys](QCPGraph *graph, const std::optional<QCPRange> &whole, bool &found) {
        const auto &data = *graph->data();
        if (whole && !data.isEmpty() && keys.lower <= data.constBegin()->key
            && keys.upper >= (data.constEnd() - 1)->key) {
            found = true;
            return *whole;
        }
        return graph->getValueRange(found, QCP::sdBoth, keys);
    };
    bool found = false;
    QCPRange values = rangeOf(m_equity, m_equityValues, found);
    bool foundComparison = false;
    const QCPRange other = rangeOf(m_comparison, m_comparisonValues, foundComparison);
    if (foundComparison)
        values = found ? QCPRange(std::min(values.lower, other.lower), std::max(values.upper, other.upper)) : other;
    if (found || foundComparison) {
        const double pad = std::max(values.size() * 0.06, std::abs(values.upper) * 1e-4 + 1.0);
        m_equityRect->axis(QCPAxis::atRight)->setRange(values.lower - pad, values.upper + pad);
    }
    bool foundDrawdown = false;
    const QCPRange drawdown = rangeOf(m_drawdown, m_drawdownValues, foundDrawdown);
    if (foundDrawdown)
        m_drawdownRect->axis(QCPAxis::atRight)->setRange(std::min(drawdown.lower * 1.1, -0.5), 0.5);
}

QString EquityChart::readoutAt(double x) const
{
    // Every point (the levels drawn thin the curves, each its own way).
    const QCPGraphDataContainer &equity = m_series.equity ? *m_series.equity : *m_equity->data();
    const QCPGraphDataContainer &drawdowns
        = m_series.drawdown ? *m_series.drawdown : *m_drawdown->data();
    if (equity.isEmpty())
        return {};
    auto it = equity.findBegin(x, false);
    if (it == equity.constEnd())
        return {};
    const int index = static_cast<int>(it - equity.constBegin());
    const double drawdown = drawdowns.at(index)->value;
    return tr("%1   equity %2   drawdown %3")
        .arg(format::chartTimeText(it->key), format::number(it->value), format::number(drawdown) + QStringLiteral(" %"));
}

bool EquityChart::hasData() const
{
    return m_equity->dataCount() > 0;
}

} // namespace meridian::ui
