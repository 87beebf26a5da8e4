#pragma once

// A backtest report for people: the equity and drawdown charts, every figure of the JSON report
// (engine/control/backtestreport.h) formatted, the strategies, the trade list, the config it ran
// with and the versions of the data (and features) it used. HTML with the chart images embedded,
// or PDF laid out from the same HTML.
//
//     ReportExporter report(result, configYamlText);
//     QString error;
//     if (!report.writePdf(path, &error))
//         showError(error);

#include "engine/control/backtestrunner.h"

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

#include <vector>

namespace meridian::ui {

// One line of a metrics table: a top-level key of backtestJson() with its readable label and
// value. Fractions are percentages with two decimals, ratios have three, money keeps every
// decimal of the JSON with the locale's group separators, counts are grouped integers, times
// are the JSON's ISO text. `sign` is −1, 0 or +1 for values a trader reads as bad or good (a
// loss, a drawdown, a gain), 0 for everything else.
struct MetricRow
{
    QString key;
    QString label;
    QString text;
    int sign = 0;
};

// Every top-level key of backtestJson(result) except the lists shown as tables of their own
// (trade_list, strategies, dataset_versions), in the order of docs/metrics.md; a key the engine
// adds later that this list does not know yet comes last, formatted as it is in the JSON.
QList<MetricRow> metricRows(const engine::BacktestResult &result);

// Groups the integer part of an exact decimal ("-1234567.891" → "-1,234,567.891" in English)
// with the default locale's separators, keeping every digit.
QString groupedDecimal(const QString &decimal);

struct FeatureVersion
{
    QString name;
    QString version;
};

class ReportExporter
{
public:
    // `result` must outlive the exporter. `configYaml` is the config text the run was made with.
    explicit ReportExporter(const engine::BacktestResult &result, QString configYaml);

    // Listed in the report when not empty (the features a run computed and their versions).
    void setFeatureVersions(std::vector<FeatureVersion> versions);

    // The whole report as one self-contained HTML page (chart images as data: URIs).
    QString html() const;
    bool writeHtml(const QString &path, QString *error) const;
    // A4 portrait PDF of the same content.
    bool writePdf(const QString &path, QString *error) const;

    // The charts in the report: equity in account currency, and the drawdown below 0 %. `size`
    // is the logical size; the image has twice the pixels in each direction, for print.
    QImage equityChart(QSize size) const;
    QImage drawdownChart(QSize size) const;

private:
    const engine::BacktestResult &m_result;
    QString m_configYaml;
    std::vector<FeatureVersion> m_featureVersions;
};

} // namespace meridian::ui
