#include "ui/reportexporter.h"

#include "engine/control/backtestreport.h"
#include "ui/analyticscharts.h"
#include "ui/formatting.h"
#include "ui/metricsmodel.h"
#include "ui/theme.h"

#include <QAreaSeries>
#include <QBuffer>
#include <QChart>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsScene>
#include <QLineSeries>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QValueAxis>
#include <algorithm>

namespace meridian::ui {

namespace {

QString signClass(int sign)
{
    return sign > 0   ? QStringLiteral(" class=\"pos\"")
           : sign < 0 ? QStringLiteral(" class=\"neg\"")
                      : QString();
}

QString cell(const QString &text, int sign = 0, bool number = false)
{
    const QString align = number ? QStringLiteral(" align=\"right\"") : QString();
    return QStringLiteral("<td%1%2>%3</td>").arg(align, signClass(sign), text.toHtmlEscaped());
}

QString headerRow(const QStringList &titles)
{
    QString row = QStringLiteral("<tr>");
    for (const QString &title : titles)
        row += QStringLiteral("<th>%1</th>").arg(title.toHtmlEscaped());
    return row + QStringLiteral("</tr>\n");
}

QString row(const QStringList &cells)
{
    return QStringLiteral("<tr>") + cells.join(QString()) + QStringLiteral("</tr>\n");
}

// A titled table: `rows` are row() strings.
QString section(const QString &title,
                const QStringList &headers,
                const QString &rows,
                const QString &tableClass = {})
{
    const QString classAttribute
        = tableClass.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(tableClass);
    return QStringLiteral("<h2>%1</h2>\n<table%2>\n").arg(title.toHtmlEscaped(), classAttribute)
           + headerRow(headers) + rows + QStringLiteral("</table>\n");
}

QString symbolText(const engine::InstrumentTable &instruments, engine::InstrumentId id)
{
    return QString::fromStdString(instruments.symbol(id).toString());
}

// A time-series chart in the report's (light, printable) theme. `size` is in logical pixels; the
// image has twice as many for sharp print. An underwater chart
// (`fromZero`) is filled between 0 and the curve, anything else below the curve.
QImage renderChart(const std::vector<TimeValue> &values,
                   const QString &title,
                   const QColor &color,
                   double scale,
                   const QString &labelFormat,
                   bool fromZero,
                   QSize size)
{
    const ThemeColors &colors = themeColors(ThemeKind::Light);
    QChart chart;
    chart.setTitle(title);
    chart.setTitleBrush(colors.text);
    chart.setBackgroundBrush(colors.panel);
    chart.setBackgroundRoundness(0);
    chart.legend()->hide();
    chart.setMargins(QMargins(2, 2, 2, 2));
    auto *line = new QLineSeries;
    QLineSeries *zero = fromZero ? new QLineSeries : nullptr;
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(values.size()));
    double low = 0.0;
    double high = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double x = static_cast<double>(values[i].time.unixNanos() / 1'000'000);
        const double y = values[i].value * scale;
        points.append(QPointF(x, y));
        if (zero)
            zero->append(x, 0.0);
        low = i == 0 ? y : std::min(low, y);
        high = i == 0 ? y : std::max(high, y);
    }
    line->replace(points);
    if (zero)
        high = std::max(high, 0.0);
    auto *area = zero ? new QAreaSeries(zero, line) : new QAreaSeries(line);
    // An area series does not own its boundary lines.
    line->setParent(area);
    if (zero)
        zero->setParent(area);
    QColor fill = color;
    fill.setAlphaF(0.18);
    area->setBrush(fill);
    area->setPen(QPen(color, 1.5));
    chart.addSeries(area);

    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("yyyy-MM"));
    x->setTickCount(7);
    if (!values.empty()) {
        x->setRange(
            QDateTime::fromMSecsSinceEpoch(values.front().time.unixNanos() / 1'000'000, Qt::UTC),
            QDateTime::fromMSecsSinceEpoch(values.back().time.unixNanos() / 1'000'000, Qt::UTC));
    }
    auto *y = new QValueAxis;
    y->setRange(low, high > low ? high : low + 1.0);
    y->applyNiceNumbers();
    y->setLabelFormat(labelFormat);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(x), static_cast<QAbstractAxis *>(y)}) {
        axis->setLabelsColor(colors.mutedText);
        axis->setGridLineColor(colors.grid);
        axis->setLinePenColor(colors.border);
        chart.addAxis(axis, axis == x ? Qt::AlignBottom : Qt::AlignLeft);
        area->attachAxis(axis);
    }

    QGraphicsScene scene;
    scene.addItem(&chart);
    chart.setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.fill(colors.panel);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size * 2)), chart.geometry());
    }
    scene.removeItem(&chart);
    return image;
}

QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

const QSize chartSize(760, 230);

} // namespace

ReportExporter::ReportExporter(const engine::BacktestResult &result, QString configYaml)
    : m_result(result)
    , m_configYaml(std::move(configYaml))
{}

QImage ReportExporter::equityChart(QSize size) const
{
    std::vector<TimeValue> equity;
    equity.reserve(m_result.equity.size());
    for (const engine::EquityPoint &point : m_result.equity)
        equity.push_back({point.time, point.equity.toDouble()});
    return renderChart(equity, tr("Equity"), themeColors(ThemeKind::Light).equity, 1.0,
                       QStringLiteral("%.0f"), false, size);
}

QImage ReportExporter::drawdownChart(QSize size) const
{
    return renderChart(drawdownSeries(m_result.equity), tr("Drawdown"),
                       themeColors(ThemeKind::Light).drawdown, -100.0, QStringLiteral("%.1f%%"),
                       true, size);
}

QString ReportExporter::html() const
{
    const ThemeColors &colors = themeColors(ThemeKind::Light);
    QString html;
    html += QStringLiteral(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>%1</title>\n")
                .arg(tr("Meridian backtest report").toHtmlEscaped());
    html
        += QStringLiteral(
               "<style>\n"
               "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: %1; "
               "background: %2; }\n"
               "h1 { font-size: 16pt; margin-bottom: 2px; }\n"
               "h2 { font-size: 12pt; color: %3; border-bottom: 1px solid %4; margin-top: 14px; }\n"
               "table { border-collapse: collapse; }\n"
               "th { background: %5; color: %1; text-align: left; padding: 3px 6px; "
               "white-space: nowrap; }\n"
               "td { padding: 2px 6px; border-bottom: 1px solid %4; white-space: nowrap; }\n"
               "table.trades td { font-size: 8pt; }\n"
               ".pos { color: %6; }\n.neg { color: %7; }\n.muted { color: %8; }\n"
               "pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 8pt; "
               "background: %9; padding: 6px; }\n"
               "</style></head><body>\n")
               .arg(colors.text.name(), colors.panel.name(), colors.accent.name(),
                    colors.border.name(), colors.header.name(), colors.positive.name(),
                    colors.negative.name(), colors.mutedText.name(), colors.alternateRow.name());

    // Title and what was run.
    QStringList strategies;
    for (const engine::StrategyResult &strategy : m_result.strategies)
        strategies << QString::fromStdString(strategy.name);
    QStringList symbols;
    for (const std::string &symbol : m_result.symbols)
        symbols << QString::fromStdString(symbol);
    html += QStringLiteral("<h1>%1</h1>\n").arg(tr("Meridian backtest report").toHtmlEscaped());
    QString period;
    if (!m_result.equity.empty()) {
        period = tr("%1 to %2 (New York time)")
                     .arg(format::time(m_result.equity.front().time),
                          format::time(m_result.equity.back().time));
    }
    html
        += QStringLiteral("<p><b>%1</b> · %2 · %3<br><span class=\"muted\">%4 · %5 %6</span></p>\n")
               .arg(strategies.join(QStringLiteral(", ")).toHtmlEscaped(),
                    symbols.join(QStringLiteral(", ")).toHtmlEscaped(),
                    QString::fromStdString(m_result.timeframe).toHtmlEscaped(),
                    period.toHtmlEscaped(), tr("generated").toHtmlEscaped(),
                    QDateTime::currentDateTimeUtc().toString(Qt::ISODate));

    // Charts.
    // As data: URIs, which browsers and QTextDocument (the PDF) both read.
    for (const QImage &picture : {equityChart(chartSize), drawdownChart(chartSize)}) {
        html += QStringLiteral("<p><img src=\"data:image/png;base64,%1\" width=\"%2\"></p>\n")
                    .arg(QString::fromLatin1(pngBytes(picture).toBase64()))
                    .arg(chartSize.width());
    }

    // Metrics: every key of the JSON report, exactly as the workstation's metrics table shows
    // them (the same model), with the key for reference.
    MetricsModel metrics;
    metrics.setSignColors(colors.positive, colors.negative);
    metrics.setReport(QString(), QByteArray::fromStdString(engine::backtestJson(m_result)));
    QString metricRows;
    for (int r = 0; r < metrics.rowCount(); ++r) {
        const QModelIndex label = metrics.index(r, 0);
        const QModelIndex value = metrics.index(r, 1);
        const QVariant colour = value.data(Qt::ForegroundRole);
        const int sign = !colour.isValid() ? 0 : colour.value<QColor>() == colors.positive ? 1 : -1;
        metricRows
            += row({cell(label.data().toString()), cell(value.data().toString(), sign, true),
                    QStringLiteral("<td class=\"muted\">%1</td>")
                        .arg(label.data(RecordTableModel::RawRole).toString().toHtmlEscaped())});
    }
    html += section(tr("Metrics"), {tr("Metric"), tr("Value"), tr("JSON key")}, metricRows);

    // Data and feature versions, and what happened to them on the way.
    QString datasets;
    for (const engine::DatasetUsed &dataset : m_result.datasets) {
        datasets += row({cell(QString::fromStdString(dataset.symbol)),
                         cell(QString::fromStdString(dataset.timeframe)),
                         cell(QString::number(dataset.version), 0, true),
                         cell(format::integer(dataset.rows), 0, true)});
    }
    html += section(tr("Data used"),
                    {tr("Symbol"), tr("Timeframe"), tr("Dataset version"), tr("Rows")}, datasets);
    QString features;
    QString issues;
    QString actions;
    for (const engine::StrategyResult &strategy : m_result.strategies) {
        const QString name = QString::fromStdString(strategy.name);
        for (const std::string &version : strategy.featureVersions)
            features += row({cell(name), cell(QString::fromStdString(version))});
        for (const engine::FeatureIssue &issue : strategy.featureIssues) {
            issues += row({cell(name), cell(QString::fromStdString(issue.feature)),
                           cell(symbolText(m_result.instruments, issue.instrument)),
                           cell(format::time(issue.time)),
                           cell(QString::fromStdString(issue.message), -1)});
        }
        for (const engine::CorporateActionRecord &action : strategy.corporateActions) {
            actions += row({cell(name), cell(format::time(action.time)),
                            cell(symbolText(m_result.instruments, action.instrument)),
                            cell(QString::fromStdString(action.description)),
                            cell(format::money(action.cash), 0, true)});
        }
    }
    if (!features.isEmpty())
        html += section(tr("Features used"), {tr("Strategy"), tr("Feature version")}, features);
    if (!issues.isEmpty()) {
        html += section(
            tr("Feature values withheld"),
            {tr("Strategy"), tr("Feature"), tr("Symbol"), tr("Bar (New York)"), tr("Reason")},
            issues);
    }
    if (!actions.isEmpty()) {
        html += section(
            tr("Corporate actions"),
            {tr("Strategy"), tr("Time (New York)"), tr("Symbol"), tr("Action"), tr("Cash")},
            actions);
    }

    // Trades.
    const QString open = tr("open");
    const QString longSide = tr("Long");
    const QString shortSide = tr("Short");
    QString trades;
    for (std::size_t i = 0; i < m_result.trades.size(); ++i) {
        const engine::TradeRecord &trade = m_result.trades[i];
        trades += row(
            {cell(QString::number(i + 1), 0, true), cell(QString::fromStdString(trade.symbol)),
             cell(trade.side == engine::Side::Buy ? longSide : shortSide),
             cell(format::quantity(trade.quantity), 0, true), cell(format::time(trade.entryTime)),
             cell(format::price(trade.entryPrice), 0, true),
             cell(trade.exitTime ? format::time(*trade.exitTime) : open),
             cell(format::price(trade.exitPrice), 0, true),
             cell(format::money(trade.pnl), trade.pnl.sign(), true),
             cell(format::money(trade.commission), 0, true)});
    }
    html += section(tr("Trades (%1)").arg(m_result.trades.size()),
                    {QStringLiteral("#"), tr("Symbol"), tr("Side"), tr("Quantity"),
                     tr("Entry (New York)"), tr("Entry price"), tr("Exit (New York)"),
                     tr("Exit price"), tr("P&L"), tr("Commission")},
                    trades, QStringLiteral("trades"));

    // Config.
    html += QStringLiteral("<h2>%1</h2>\n<p class=\"muted\">%2</p>\n<pre>%3</pre>\n")
                .arg(tr("Configuration").toHtmlEscaped(),
                     QString::fromStdString(m_result.configPath).toHtmlEscaped(),
                     m_configYaml.toHtmlEscaped());
    html += QStringLiteral("</body></html>\n");
    return html;
}

bool ReportExporter::writeHtml(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write the report to %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(html().toUtf8());
    if (!file.commit()) {
        if (error)
            *error = tr("Cannot write the report to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ReportExporter::writePdf(const QString &path, QString *error) const
{
    QSaveFile file(path);
    auto fail = [&] {
        if (error)
            *error = tr("Cannot write the report to %1: %2").arg(path, file.errorString());
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail();
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
        writer.setResolution(150);
        writer.setTitle(tr("Meridian backtest report"));
        writer.setCreator(QStringLiteral("Meridian"));
        QTextDocument document;
        document.setHtml(html());
        document.print(&writer);
    }
    if (!file.commit())
        return fail();
    return true;
}

} // namespace meridian::ui
