#include "ui/analyticscharts.h"

#include "engine/core/civiltime.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <tuple>

namespace meridian::ui {

using engine::EquityPoint;
using engine::TradeRecord;

std::vector<MonthlyReturn> monthlyReturns(std::span<const EquityPoint> equity)
{
    std::vector<MonthlyReturn> months;
    if (equity.empty())
        return months;
    double base = equity.front().equity.toDouble();
    std::size_t i = 0;
    while (i < equity.size()) {
        const engine::Date date = engine::toNewYork(equity[i].time).date;
        // The month runs while the New York date stays in it; its close is its last point.
        std::size_t last = i;
        while (last + 1 < equity.size()) {
            const engine::Date next = engine::toNewYork(equity[last + 1].time).date;
            if (next.year != date.year || next.month != date.month)
                break;
            ++last;
        }
        const double close = equity[last].equity.toDouble();
        if (base > 0.0)
            months.push_back({date.year, date.month, close / base - 1.0});
        base = close;
        i = last + 1;
    }
    return months;
}

std::vector<double> tradeReturns(std::span<const TradeRecord> trades)
{
    std::vector<double> returns;
    for (const TradeRecord &trade : trades) {
        if (!trade.isClosed())
            continue;
        const double notional = std::abs(trade.entryPrice.toDouble() * trade.quantity.toDouble());
        if (notional > 0.0)
            returns.push_back(trade.pnl.toDouble() / notional);
    }
    return returns;
}

std::vector<HistogramBin> returnHistogram(std::span<const double> values)
{
    if (values.empty())
        return {};
    const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
    const double minimum = *lowest;
    const double maximum = *highest;
    const int n = static_cast<int>(values.size());
    const double k = std::ceil(std::log2(static_cast<double>(n))) + 1.0;
    const double width = (maximum - minimum) / k;
    if (!(width > 0.0) || !std::isfinite(width) || !std::isfinite(minimum / width)
        || !std::isfinite(maximum / width))
        return {{minimum, maximum, n}};
    const double first = std::floor(minimum / width);
    // Rounding can move the maximum's bin by one; never more than k + 2 bins.
    const int count = std::clamp(static_cast<int>(std::floor(maximum / width) - first) + 1, 1,
                                 static_cast<int>(k) + 2);
    std::vector<HistogramBin> bins(static_cast<std::size_t>(count));
    for (int j = 0; j < count; ++j) {
        bins[static_cast<std::size_t>(j)].lower = (first + j) * width;
        bins[static_cast<std::size_t>(j)].upper = (first + j + 1) * width;
    }
    for (const double value : values) {
        const int index
            = std::clamp(static_cast<int>(std::floor(value / width) - first), 0, count - 1);
        ++bins[static_cast<std::size_t>(index)].count;
    }
    return bins;
}

std::vector<TimeValue> exposureSeries(std::span<const EquityPoint> equity)
{
    std::vector<TimeValue> series;
    series.reserve(equity.size());
    for (const EquityPoint &point : equity) {
        const double value = point.equity.toDouble();
        if (value > 0.0)
            series.push_back({point.time, point.grossExposure.toDouble() / value});
    }
    return series;
}

std::vector<TimeValue> drawdownSeries(std::span<const EquityPoint> equity)
{
    std::vector<TimeValue> series;
    series.reserve(equity.size());
    engine::Money peak;
    for (std::size_t i = 0; i < equity.size(); ++i) {
        if (i == 0 || equity[i].equity > peak)
            peak = equity[i].equity;
        const double drawdown
            = peak.isPositive() ? 1.0 - equity[i].equity.toDouble() / peak.toDouble() : 0.0;
        series.push_back({equity[i].time, drawdown});
    }
    return series;
}

namespace {

qint64 chartMsecs(engine::Timestamp time)
{
    return time.unixNanos() / 1'000'000;
}

QString percentText(double fraction, int decimals)
{
    return QLocale().toString(fraction * 100.0, 'f', decimals) + QStringLiteral(" %");
}

} // namespace

AnalyticsChart::AnalyticsChart(QWidget *parent)
    : QWidget(parent)
    , m_view(new QChartView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->chart()->setMargins(QMargins(4, 4, 4, 4));
    m_view->chart()->setBackgroundRoundness(0);
    setMinimumSize(320, 200);
}

void AnalyticsChart::setTheme(ThemeKind kind)
{
    m_theme = kind;
    rebuild();
}

QChart *AnalyticsChart::chart() const
{
    return m_view->chart();
}

void AnalyticsChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QWidget::changeEvent(event);
}

void AnalyticsChart::resetChart(const QString &title)
{
    const ThemeColors &colors = themeColors(m_theme);
    QChart *c = chart();
    c->removeAllSeries();
    // removeAllSeries() deletes the series, but removeAxis() hands the axis back to us.
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    c->setTitle(title);
    c->setTitleBrush(colors.text);
    QFont titleFont = font();
    titleFont.setBold(true);
    c->setTitleFont(titleFont);
    c->setBackgroundBrush(colors.panel);
    c->setBackgroundPen(Qt::NoPen);
    c->setPlotAreaBackgroundVisible(false);
    c->legend()->setLabelColor(colors.mutedText);
    c->legend()->setAlignment(Qt::AlignTop);
    m_view->setBackgroundBrush(colors.panel);
}

void AnalyticsChart::addAxis(QAbstractAxis *axis,
                             Qt::Alignment alignment,
                             QAbstractSeries *series,
                             const QString &title)
{
    const ThemeColors &colors = themeColors(m_theme);
    axis->setTitleText(title);
    axis->setTitleBrush(colors.mutedText);
    axis->setLabelsColor(colors.mutedText);
    axis->setGridLineColor(colors.grid);
    axis->setLinePenColor(colors.border);
    axis->setMinorGridLineVisible(false);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1.0));
    axis->setLabelsFont(small);
    chart()->addAxis(axis, alignment);
    series->attachAxis(axis);
}

QStackedBarSeries *AnalyticsChart::addSignedBars(const QString &negativeName,
                                                 const QList<double> &negative,
                                                 const QString &positiveName,
                                                 const QList<double> &positive,
                                                 double barWidth,
                                                 const std::function<QString(int)> &tipText)
{
    // Two stacked sets, one of them zero in every category, colour each bar by its sign.
    const ThemeColors &colors = themeColors(m_theme);
    auto *series = new QStackedBarSeries;
    series->setBarWidth(barWidth);
    const int count = static_cast<int>(positive.size());
    for (const auto &[name, values, color] :
         {std::tuple(negativeName, negative, colors.negative),
          std::tuple(positiveName, positive, colors.positive)}) {
        auto *set = new QBarSet(name);
        set->append(values);
        set->setColor(color);
        set->setBorderColor(color);
        connect(set, &QBarSet::hovered, this, [this, tipText, count](bool entered, int index) {
            if (entered && index >= 0 && index < count)
                QToolTip::showText(QCursor::pos(), tipText(index), this);
            else
                QToolTip::hideText();
        });
        series->append(set);
    }
    chart()->addSeries(series);
    return series;
}

MonthlyReturnsChart::MonthlyReturnsChart(QWidget *parent)
    : AnalyticsChart(parent)
{
    rebuild();
}

void MonthlyReturnsChart::setEquity(const std::vector<EquityPoint> &equity)
{
    m_values = monthlyReturns(equity);
    rebuild();
}

void MonthlyReturnsChart::rebuild()
{
    resetChart(m_values.empty() ? tr("Monthly returns (no equity curve yet)")
                                : tr("Monthly returns"));

    QList<double> gains;
    QList<double> losses;
    double low = 0.0;
    double high = 0.0;
    for (const MonthlyReturn &month : m_values) {
        const double percent = month.value * 100.0;
        gains.append(percent > 0.0 ? percent : 0.0);
        losses.append(percent < 0.0 ? percent : 0.0);
        low = std::min(low, percent);
        high = std::max(high, percent);
    }
    const std::vector<MonthlyReturn> values = m_values;
    QStackedBarSeries *series
        = addSignedBars(tr("Down month"), losses, tr("Up month"), gains, 0.8, [values](int index) {
              const MonthlyReturn &month = values[static_cast<std::size_t>(index)];
              return tr("%1 %2: %3")
                  .arg(QLocale().monthName(month.month, QLocale::LongFormat))
                  .arg(month.year)
                  .arg(percentText(month.value, 2));
          });

    // One label per month for up to two years of them; beyond, one per year, or per group of
    // years so that no more than about eight labels share the axis.
    auto *x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    x->setMin(-0.5);
    x->setMax(std::max<double>(0.5, static_cast<double>(m_values.size()) - 0.5));
    const bool byMonth = m_values.size() <= 24;
    const int years = m_values.empty() ? 0 : m_values.back().year - m_values.front().year + 1;
    const int yearsPerLabel = std::max(1, (years + 7) / 8);
    auto group = [&](std::size_t i) {
        return byMonth ? static_cast<int>(i)
                       : (m_values[i].year - m_values.front().year) / yearsPerLabel;
    };
    std::size_t groupStart = 0;
    for (std::size_t i = 0; i < m_values.size(); ++i) {
        if (i + 1 < m_values.size() && group(i + 1) == group(i))
            continue;
        const QString year = QString::number(m_values[groupStart].year);
        const QString label = byMonth ? QLocale().monthName(m_values[i].month, QLocale::ShortFormat)
                                            + QLatin1Char(' ') + year.right(2)
                                      : year;
        x->append(label, static_cast<double>(i) + 0.5);
        groupStart = i + 1;
    }
    x->setGridLineVisible(false);
    addAxis(x, Qt::AlignBottom, series, QString());

    auto *y = new QValueAxis;
    y->setRange(low, std::max(high, low + 1.0));
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.0f%%"));
    addAxis(y, Qt::AlignLeft, series, tr("Return"));
}

TradeReturnsHistogram::TradeReturnsHistogram(QWidget *parent)
    : AnalyticsChart(parent)
{
    rebuild();
}

void TradeReturnsHistogram::setTrades(const std::vector<TradeRecord> &trades)
{
    const std::vector<double> returns = tradeReturns(trades);
    m_tradeCount = returns.size();
    m_bins = returnHistogram(returns);
    rebuild();
}

void TradeReturnsHistogram::rebuild()
{
    resetChart(m_bins.empty() ? tr("Trade returns (no closed trade yet)")
                              : tr("Trade returns (closed trades: %1)").arg(m_tradeCount));
    QList<double> losing;
    QList<double> winning;
    QStringList labels;
    int highest = 0;
    for (const HistogramBin &bin : m_bins) {
        // 0 is an edge, so a bin lies wholly on one side of it.
        const bool loss = bin.upper <= 0.0 && bin.lower < bin.upper;
        losing.append(loss ? bin.count : 0);
        winning.append(loss ? 0 : bin.count);
        highest = std::max(highest, bin.count);
        const int decimals = bin.upper - bin.lower >= 0.01 ? 0 : 1;
        labels << QLocale().toString(bin.lower * 100.0, 'f', decimals + 1);
    }
    const std::vector<HistogramBin> bins = m_bins;
    QStackedBarSeries *series = addSignedBars(
        tr("Losing trades"), losing, tr("Winning trades"), winning, 0.95, [bins](int index) {
            const HistogramBin &bin = bins[static_cast<std::size_t>(index)];
            return tr("%1 to %2: %3 trades")
                .arg(percentText(bin.lower, 2), percentText(bin.upper, 2))
                .arg(bin.count);
        });

    auto *x = new QBarCategoryAxis;
    x->append(labels);
    x->setGridLineVisible(false);
    addAxis(x, Qt::AlignBottom, series,
            tr("Return per trade, % of entry notional (bin lower edge)"));

    auto *y = new QValueAxis;
    y->setRange(0, std::max(1, highest));
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%d"));
    addAxis(y, Qt::AlignLeft, series, tr("Trades"));
}

ExposureChart::ExposureChart(QWidget *parent)
    : AnalyticsChart(parent)
{
    rebuild();
}

void ExposureChart::setEquity(const std::vector<EquityPoint> &equity)
{
    m_values = exposureSeries(equity);
    rebuild();
}

void ExposureChart::rebuild()
{
    QChart *c = chart();
    resetChart(m_values.empty() ? tr("Exposure (no equity curve yet)")
                                : tr("Exposure (gross exposure / equity)"));
    const ThemeColors &colors = themeColors(theme());
    auto *line = new QLineSeries;
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(m_values.size()));
    double highest = 0.0;
    for (const TimeValue &value : m_values) {
        points.append(QPointF(static_cast<double>(chartMsecs(value.time)), value.value * 100.0));
        highest = std::max(highest, value.value * 100.0);
    }
    line->replace(points);
    auto *area = new QAreaSeries(line);
    line->setParent(area); // an area series does not own its boundary lines
    area->setName(tr("Gross exposure"));
    QColor fill = colors.exposure;
    fill.setAlphaF(0.35);
    area->setBrush(fill);
    area->setPen(QPen(colors.exposure, 1.2));
    c->addSeries(area);
    c->legend()->setVisible(false);

    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("yyyy-MM"));
    x->setTickCount(6);
    if (!m_values.empty()) {
        x->setRange(QDateTime::fromMSecsSinceEpoch(chartMsecs(m_values.front().time), Qt::UTC),
                    QDateTime::fromMSecsSinceEpoch(chartMsecs(m_values.back().time), Qt::UTC));
    }
    addAxis(x, Qt::AlignBottom, area, QString());

    auto *y = new QValueAxis;
    y->setRange(0.0, std::max(100.0, highest));
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%.0f%%"));
    addAxis(y, Qt::AlignLeft, area, tr("Exposure"));
}

} // namespace meridian::ui
