#include "ui/pricechart.h"

#include "ui/chartstyle.h"
#include "ui/equitysampling.h"
#include "ui/formatting.h"

#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace meridian::ui {

namespace {

constexpr std::size_t coarsestLevelBars = 512;

ChartBar merged(const ChartBar &a, const ChartBar &b)
{
    return {a.time, a.open, std::max(a.high, b.high), std::min(a.low, b.low), b.close, a.volume + b.volume};
}

} // namespace

PriceChart::PriceChart(QWidget *parent)
    : TimePaneChart(parent)
    , m_priceRect(addPane(3.0, true))
    , m_volumeRect(addPane(1.0, true))
{
    m_priceRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);
    m_priceRect->setMargins(QMargins(0, 0, 0, 2));
    m_volumeRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    m_volumeRect->setMargins(QMargins(0, 2, 0, 0));
    useValueTicker(m_priceRect->axis(QCPAxis::atRight), false);
    useValueTicker(m_volumeRect->axis(QCPAxis::atRight), true);
    m_volumeRect->axis(QCPAxis::atRight)->ticker()->setTickCount(2);

    // Plottables live on the right (price) axes.
    QCPAxis *priceX = m_priceRect->axis(QCPAxis::atBottom);
    QCPAxis *priceY = m_priceRect->axis(QCPAxis::atRight);
    m_candles = new QCPFinancial(priceX, priceY);
    m_candles->setChartStyle(QCPFinancial::csCandlestick);
    m_candles->setTwoColored(true);
    m_candles->setName(tr("Price"));
    m_volume = new QCPBars(m_volumeRect->axis(QCPAxis::atBottom), m_volumeRect->axis(QCPAxis::atRight));
    m_volume->setName(tr("Volume"));
    m_buys = new QCPGraph(priceX, priceY);
    m_sells = new QCPGraph(priceX, priceY);
    for (QCPGraph *markers : {m_buys, m_sells}) {
        markers->setLineStyle(QCPGraph::lsNone);
        // Tens of thousands of fills over years: QCustomPlot draws about one marker per
        // pixel cell when they crowd (zoomed in, every one), instead of every triangle on
        // every redraw.
        markers->setAdaptiveSampling(true);
    }
    m_buys->setName(tr("Buys"));
    // Markers stay on top of indicator lines added later.
    addLayer(QStringLiteral("markers"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    m_buys->setLayer(QStringLiteral("markers"));
    m_sells->setLayer(QStringLiteral("markers"));
    m_sells->setName(tr("Sells"));

    setMinimumSize(320, 220);
    setToolTip(QString());
    setTheme(ThemeKind::Dark);
}

void PriceChart::setTheme(ThemeKind kind)
{
    m_theme = kind;
    const ThemeColors &c = themeColors(kind);
    stylePlot(this, c);
    m_candles->setBrushPositive(c.candleUp);
    m_candles->setBrushNegative(c.candleDown);
    m_candles->setPenPositive(QPen(c.candleUp));
    m_candles->setPenNegative(QPen(c.candleDown));
    QColor volume = c.volume;
    m_volume->setBrush(volume);
    m_volume->setPen(Qt::NoPen);
    m_buys->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, c.buyMarker, c.buyMarker, 9));
    m_sells->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, c.sellMarker, c.sellMarker, 9));
    setCrosshairColors(c.crosshair, c.text, c.panel);
    requestReplot();
}

void PriceChart::setBars(const QString &symbol, std::span<const ChartBar> bars)
{
    m_symbol = symbol;
    m_levels.clear();
    m_levels.emplace_back(bars);
    m_spacing = typicalSpacing(m_levels.front());
    extendLevels();
    m_priceRect->axis(QCPAxis::atRight)->setLabel(symbol);
    setFollowLive(true);
    fitAll();
}

void PriceChart::appendBars(std::span<const ChartBar> bars)
{
    if (bars.empty())
        return;
    if (m_levels.empty())
        m_levels.emplace_back();
    ChartBarSeries &raw = m_levels.front();
    const bool measuring = raw.size() <= 1000;
    raw.append(bars);
    if (measuring)
        m_spacing = typicalSpacing(raw);
    extendLevels();
    if (followsLive()) {
        fitAll();
    } else if (bars.front().time <= timeRange().upper) { // new bars in view: redraw them
        refreshDetail();
        requestReplot();
    }
}

double PriceChart::typicalSpacing(const ChartBarSeries &bars)
{
    // The median gap of the first bars (weekends and nights do not widen it).
    std::vector<double> gaps;
    for (std::size_t i = 1; i < bars.size() && i <= 1000; ++i)
        gaps.push_back(bars[i].time - bars[i - 1].time);
    if (gaps.empty())
        return m_spacing;
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
    return std::max(1.0, gaps[gaps.size() / 2]);
}

void PriceChart::extendLevels()
{
    // Level k merges pairs of level k-1; its last bar may stand alone (odd count below), so it is
    // rebuilt with the new bars. Appending costs as much as the bars appended, whatever the total.
    for (std::size_t k = 1;; ++k) {
        if (k == m_levels.size()) {
            if (m_levels.back().size() <= coarsestLevelBars)
                break;
            m_levels.emplace_back();
        }
        const ChartBarSeries &finer = m_levels[k - 1];
        ChartBarSeries &coarser = m_levels[k];
        if (!coarser.empty())
            coarser.pop_back();
        for (std::size_t i = 2 * coarser.size(); i < finer.size(); i += 2)
            coarser.push_back(i + 1 < finer.size() ? merged(finer[i], finer[i + 1]) : finer[i]);
    }
}

void PriceChart::setFills(const std::vector<engine::FillRecord> &fills, engine::InstrumentId instrument)
{
    m_fills.clear();
    m_buys->setData(QVector<double>(), QVector<double>(), true);
    m_sells->setData(QVector<double>(), QVector<double>(), true);
    appendFills(fills, instrument);
}

void PriceChart::appendFills(std::span<const engine::FillRecord> fills, engine::InstrumentId instrument)
{
    QVector<double> buyTimes, buyPrices, sellTimes, sellPrices;
    const std::size_t before = m_fills.size();
    ChartClock clock;
    for (const engine::FillRecord &fill : fills) {
        if (fill.instrument != instrument)
            continue;
        m_fills.push_back(fill);
        const double time = clock.chartTime(fill.time);
        if (fill.side == engine::Side::Buy) {
            buyTimes << time;
            buyPrices << fill.price.toDouble();
        } else {
            sellTimes << time;
            sellPrices << fill.price.toDouble();
        }
    }
    if (m_fills.size() == before)
        return;
    const auto byTime = [](const engine::FillRecord &a, const engine::FillRecord &b) { return a.time < b.time; };
    std::sort(m_fills.begin() + static_cast<std::ptrdiff_t>(before), m_fills.end(), byTime);
    std::inplace_merge(m_fills.begin(), m_fills.begin() + static_cast<std::ptrdiff_t>(before), m_fills.end(), byTime);
    m_buys->addData(buyTimes, buyPrices, true);
    m_sells->addData(sellTimes, sellPrices, true);
    thinMarkers();
    requestReplot();
}

int PriceChart::markerCount() const
{
    return m_buys->dataCount() + m_sells->dataCount();
}

int PriceChart::drawnCandles() const
{
    return m_candles->dataCount();
}

void PriceChart::clear()
{
    m_levels.clear();
    setFollowLive(true);
    m_fills.clear();
    m_candles->data()->clear();
    m_volume->data()->clear();
    m_buys->data()->clear();
    m_sells->data()->clear();
    clearOverlays();
    hideCrosshairs();
    requestReplot();
}

void PriceChart::fitAll()
{
    if (m_levels.empty() || m_levels.front().empty()) {
        requestReplot();
        return;
    }
    const auto &bars = m_levels.front();
    const double margin = m_spacing * 2.0;
    setTimeRange(QCPRange(bars.front().time - margin, bars.back().time + margin));
}

void PriceChart::timeRangeUpdated()
{
    refreshDetail();
}

void PriceChart::refreshDetail()
{
    if (m_levels.empty() || m_levels.front().empty())
        return;
    const QCPRange range = timeRange();
    const auto &raw = m_levels.front();
    const std::size_t first = raw.lowerIndex(range.lower);
    const std::size_t last = raw.lowerIndex(range.upper);
    const double visible = static_cast<double>(std::max<std::size_t>(last - first, 1));
    const double target = std::max(50.0, m_priceRect->width() / 2.0);
    int level = 0;
    while (level + 1 < static_cast<int>(m_levels.size()) && visible / std::pow(2.0, level) > target)
        ++level;
    m_level = level;
    const auto &bars = m_levels[static_cast<std::size_t>(level)];
    // The visible stretch plus one screen on each side, so a short drag needs no new data.
    const double span = range.size();
    const std::size_t from = bars.lowerIndex(range.lower - span);
    const std::size_t to = std::min(bars.size(), bars.lowerIndex(range.upper + span) + 1);
    QVector<QCPFinancialData> candles;
    QVector<QCPBarsData> volumes;
    candles.reserve(static_cast<qsizetype>(to - from));
    volumes.reserve(static_cast<qsizetype>(to - from));
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    double maxVolume = 0.0;
    for (std::size_t i = from; i < to; ++i) {
        const ChartBar &bar = bars[i];
        candles.push_back(QCPFinancialData(bar.time, bar.open, bar.high, bar.low, bar.close));
        volumes.push_back(QCPBarsData(bar.time, bar.volume));
        if (bar.time >= range.lower && bar.time <= range.upper) {
            low = std::min(low, bar.low);
            high = std::max(high, bar.high);
            maxVolume = std::max(maxVolume, bar.volume);
        }
    }
    m_candles->data()->set(candles, true);
    m_volume->data()->set(volumes, true);
    const double width = m_spacing * std::pow(2.0, level) * 0.7;
    m_candles->setWidth(width);
    m_volume->setWidth(width);
    if (low <= high) {
        const double pad = std::max((high - low) * 0.06, high * 1e-4);
        m_priceRect->axis(QCPAxis::atRight)->setRange(low - pad, high + pad);
        m_volumeRect->axis(QCPAxis::atRight)->setRange(0.0, maxVolume * 1.1 + 1.0);
    }
    for (const auto &pane : m_overlayPanes) {
        for (QCPGraph *graph : pane.second->graphs())
            graph->rescaleValueAxis(false, true);
    }
    thinMarkers();
}

void PriceChart::thinMarkers()
{
    // Years of fills zoomed out are tens of thousands of triangles, each an antialiased polygon:
    // draw about one per markerSpacing pixels (QCustomPlot skips the rest when drawing), every
    // one once zoomed in. The data, and so the tooltips and markerCount(), keep them all.
    constexpr double markerSpacing = 4.0;
    const QCPRange range = timeRange();
    const double cells = std::max(1.0, m_priceRect->width() / markerSpacing);
    for (QCPGraph *markers : {m_buys, m_sells}) {
        const auto &data = *markers->data();
        const auto visible
            = static_cast<double>(data.findEnd(range.upper) - data.findBegin(range.lower));
        markers->setScatterSkip(static_cast<int>(visible / cells));
    }
}

const ChartBar *PriceChart::barAt(double x) const
{
    if (m_levels.empty() || m_levels.front().empty())
        return nullptr;
    const auto &bars = m_levels.front();
    std::size_t i = bars.lowerIndex(x);
    if (i == bars.size())
        i = bars.size() - 1;
    if (i > 0 && std::abs(bars[i - 1].time - x) < std::abs(bars[i].time - x))
        --i;
    return &bars[i];
}

QString PriceChart::readoutAt(double x) const
{
    const ChartBar *bar = barAt(x);
    if (bar == nullptr)
        return {};
    return tr("%1  %2   O %3  H %4  L %5  C %6   V %7")
        .arg(m_symbol, format::chartTimeText(bar->time), format::number(bar->open), format::number(bar->high),
             format::number(bar->low), format::number(bar->close),
             format::integer(static_cast<qint64>(bar->volume)));
}

QString PriceChart::markerToolTip(const QPoint &position) const
{
    QCPAxis *x = m_priceRect->axis(QCPAxis::atBottom);
    QCPAxis *y = m_priceRect->axis(QCPAxis::atRight);
    const double slack = std::abs(x->pixelToCoord(position.x() + 8) - x->pixelToCoord(position.x()));
    const double time = x->pixelToCoord(position.x());
    const auto begin = std::lower_bound(m_fills.begin(), m_fills.end(), time - slack,
                                        [](const engine::FillRecord &fill, double t) {
                                            return format::chartTime(fill.time) < t;
                                        });
    QStringList lines;
    for (auto it = begin; it != m_fills.end() && format::chartTime(it->time) <= time + slack; ++it) {
        const double py = y->coordToPixel(it->price.toDouble());
        if (std::abs(py - position.y()) > 10.0)
            continue;
        lines << tr("%1 %2 %3 @ %4\n%5 · order #%6 · fill #%7")
                     .arg(it->side == engine::Side::Buy ? tr("Buy") : tr("Sell"), format::quantity(it->quantity),
                          m_symbol, format::price(it->price), format::time(it->time))
                     .arg(it->order.value())
                     .arg(it->id.value());
    }
    return lines.join(QStringLiteral("\n\n"));
}

bool PriceChart::hasData() const
{
    return !m_levels.empty();
}

void PriceChart::hovered(QMouseEvent *event, QCPAxisRect *pane)
{
    const QString tip
        = pane == m_priceRect ? markerToolTip(event->position().toPoint()) : QString();
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
}

QCPAxisRect *PriceChart::paneFor(const QString &name)
{
    if (name.isEmpty())
        return m_priceRect;
    for (const auto &pane : m_overlayPanes) {
        if (pane.first == name)
            return pane.second;
    }
    QCPAxisRect *rect = addPane(1.0, false);
    rect->axis(QCPAxis::atRight)->setPadding(0);
    rect->axis(QCPAxis::atRight)->setLabel(name);
    useValueTicker(rect->axis(QCPAxis::atRight), false);
    rect->axis(QCPAxis::atRight)->ticker()->setTickCount(3);
    styleAxisRect(rect, themeColors(m_theme));
    m_overlayPanes.emplace_back(name, rect);
    return rect;
}

void PriceChart::addOverlay(const QString &name, const QString &pane, const std::vector<double> &values)
{
    if (m_levels.empty())
        return;
    const auto &bars = m_levels.front();
    QCPAxisRect *rect = paneFor(pane);
    auto *graph = new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
    QVector<double> keys, data;
    const std::size_t n = std::min(bars.size(), values.size());
    keys.reserve(static_cast<qsizetype>(n));
    data.reserve(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i) {
        keys << bars[i].time;
        data << values[i];
    }
    graph->setData(keys, data, true);
    graph->setName(name);
    static const QColor palette[] = {QColor("#ffb74d"), QColor("#4fc3f7"), QColor("#ba68c8"),
                                     QColor("#aed581"), QColor("#f06292"), QColor("#90a4ae")};
    graph->setPen(QPen(palette[m_overlays.size() % std::size(palette)], 1.4));
    m_overlays.push_back({name, graph});
    refreshDetail();
    requestReplot();
}

void PriceChart::clearOverlays()
{
    for (const Overlay &overlay : m_overlays)
        removePlottable(overlay.graph);
    m_overlays.clear();
    m_overlayPanes.clear();
    removePanesAfter(2); // the price and the volume stay
}

QStringList PriceChart::overlayNames() const
{
    QStringList names;
    for (const Overlay &overlay : m_overlays)
        names << overlay.name;
    return names;
}

} // namespace meridian::ui
