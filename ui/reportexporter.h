#pragma once

// A backtest report for people: the equity and drawdown charts, every figure of the JSON report
// (engine/control/backtestreport.h) formatted exactly as the workstation's metrics table shows
// it (MetricsModel), the trade list, the config it ran with, the versions of the data and of
// the features it used, feature values withheld by validation and corporate actions applied. HTML
// with the chart images embedded, or PDF laid out from the same HTML.
//
//     ReportExporter report(result, configYamlText);
//     QString error;
//     if (!report.writePdf(path, &error))
//         showError(error);

#include "engine/control/backtestrunner.h"

#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>

namespace meridian::ui {

class ReportExporter
{
    Q_DECLARE_TR_FUNCTIONS(meridian::ui::ReportExporter)

public:
    // `result` must outlive the exporter. `configYaml` is the config text the run was made with.
    explicit ReportExporter(const engine::BacktestResult &result, QString configYaml);

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
};

} // namespace meridian::ui
