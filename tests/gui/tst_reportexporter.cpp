// The backtest report: a result built by hand with known figures, whose formatted values are
// worked out here from the formatting rules (percent with two decimals, ratios with three, money
// with every decimal and group separators), checked in the metrics rows, the HTML and the PDF.

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/core/civiltime.h"
#include "strategies/builtinstrategies.h"
#include "ui/reportexporter.h"
#include "ui/metricsmodel.h"
#include "ui/theme.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace meridian::engine;
using namespace meridian::ui;

namespace {

Timestamp close(int year, int month, int day)
{
    return dailyBarTimestamp(Date{year, month, day});
}

Money money(const char *text)
{
    return *Money::parse(text);
}

BacktestResult handMadeResult()
{
    BacktestResult result;
    result.configPath = "config/environments/backtest.yaml";
    result.timeframe = "1d";
    result.adjustment = "raw";
    result.symbols = {"SPY", "QQQ"};
    result.initialEquity = money("100000");
    result.finalEquity = money("112345.67");
    result.commission = money("12.5");
    result.equity = {{close(2021, 1, 4), money("100000"), money("37025")},
                     {close(2021, 1, 5), money("95000"), money("53000")},
                     {close(2021, 1, 6), money("112345.67"), money("15255")}};
    result.bars = 3;
    result.eventsProcessed = 1234567;
    result.elapsedSeconds = 0.5;
    result.riskFreeRate = 0.02;
    result.ordersSubmitted = 3;
    result.ordersRejected = 1;
    result.fillCount = 2;
    result.datasets = {{"SPY", "1d", 3, 5849}, {"QQQ", "1d", 1, 5600}};

    PerformanceMetrics &m = result.metrics;
    m.totalReturn = 0.123456789;
    m.cagr = 0.5;
    m.volatility = 0.2;
    m.sharpe = 1.23456;
    m.sortino = -0.5;
    m.maxDrawdown = 0.05;
    m.maxDrawdownDurationDays = 1.0;
    m.maxDrawdownPeak = close(2021, 1, 4);
    m.maxDrawdownTrough = close(2021, 1, 5);
    m.trades = 1;
    m.winRate = 1.0;
    m.exposure = 2.0 / 3.0;
    m.periodsPerYear = 252.0;

    TradeRecord closed;
    closed.symbol = "SPY";
    closed.side = Side::Buy;
    closed.quantity = Quantity::fromUnits(100);
    closed.entryTime = close(2021, 1, 4);
    closed.entryPrice = *Price::parse("370.25");
    closed.exitTime = close(2021, 1, 5);
    closed.exitPrice = *Price::parse("380.5");
    closed.pnl = money("1025");
    TradeRecord open;
    open.symbol = "QQQ";
    open.side = Side::Sell;
    open.quantity = Quantity::fromUnits(50);
    open.entryTime = close(2021, 1, 5);
    open.entryPrice = *Price::parse("310");
    open.exitPrice = *Price::parse("305.1");
    open.pnl = money("-1234.5");
    open.commission = money("12.5");
    result.trades = {closed, open};

    StrategyResult strategy;
    strategy.name = "sma_fast";
    strategy.className = "sma_crossover";
    strategy.symbols = {"SPY", "QQQ"};
    strategy.initialEquity = result.initialEquity;
    strategy.finalEquity = result.finalEquity;
    strategy.metrics = m;
    result.strategies = {strategy};
    return result;
}

// "-1234567.5" → "-1,234,567.5" (English separators).
QString withThousands(const std::string &decimal)
{
    QString text = QString::fromStdString(decimal);
    const qsizetype digitsStart = text.startsWith('-') ? 1 : 0;
    for (qsizetype comma = text.indexOf('.') - 3; comma > digitsStart; comma -= 3)
        text.insert(comma, ',');
    return text;
}

const char *const configYaml = "mode: backtest\nstrategies: <sma & friends>\n";

} // namespace

class TestReportExporter : public QObject
{
    Q_OBJECT

private:
    BacktestResult m_result = handMadeResult();
    QTemporaryDir m_dir;

    // key → the text worked out by hand from the figures above, in the workstation's formats
    // (ui/formatting.h): percentages and ratios with two decimals, money with every decimal of
    // the exact value, New York times to the minute.
    static QList<QPair<QString, QString>> expectedTexts()
    {
        return {{"strategy", "sma_fast"},
                {"symbols", "SPY, QQQ"},
                {"start", "2021-01-04 16:00"},
                {"end", "2021-01-06 16:00"},
                {"bars", "3"},
                {"events_processed", "1,234,567"},
                {"initial_equity", "100,000.00"},
                {"final_equity", "112,345.67"},
                {"total_return", "12.35 %"},
                {"cagr", "50.00 %"},
                {"volatility", "20.00 %"},
                {"sharpe", "1.23"},
                {"sortino", "-0.50"},
                {"max_drawdown", "5.00 %"},
                {"max_drawdown_duration_days", "1 days"},
                {"max_drawdown_peak", "2021-01-04 16:00"},
                {"max_drawdown_trough", "2021-01-05 16:00"},
                {"trades", "1"},
                {"win_rate", "100.00 %"},
                {"exposure", "66.67 %"},
                {"commission", "12.50"},
                {"elapsed_s", "0.500 s"},
                {"events_per_s", "2,469,134 events/s"},
                {"dataset_versions[0]", "SPY 1d v3 (5,849 rows)"},
                {"dataset_versions[1]", "QQQ 1d v1 (5,600 rows)"},
                {"timeframe", "1d"},
                {"fill_at", "next_open"},
                {"adjustment", "raw"},
                {"risk_free_rate", "2.00 %"},
                {"periods_per_year", "252"},
                {"outcome", "completed"},
                {"orders", "3"},
                {"orders_rejected", "1"},
                {"fills", "2"}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void metricsTableHasEveryJsonKey()
    {
        const QString html = ReportExporter(m_result, configYaml).html();
        // Every row of the workstation's metrics table (MetricsModel, which covers the JSON
        // report's keys; its own tests check that) is a row of the report, named by its key.
        MetricsModel model;
        model.setReport(QString(), QByteArray::fromStdString(backtestJson(m_result)));
        QVERIFY(model.rowCount() > 30);
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString key = model.keyAt(row);
            QVERIFY2(html.contains(QStringLiteral("<td class=\"muted\">%1</td>").arg(key)),
                     qPrintable(key));
        }
        QVERIFY(html.contains(QLatin1String("<td class=\"muted\">strategies[0].sharpe</td>")));
        // Each value next to its key, with the sign colour where a trader reads one.
        for (const auto &[key, text] : expectedTexts()) {
            const QRegularExpression row(
                QStringLiteral("<td[^>]*>%1</td><td class=\"muted\">%2</td>")
                    .arg(QRegularExpression::escape(text.toHtmlEscaped()),
                         QRegularExpression::escape(key)));
            QVERIFY2(html.contains(row), qPrintable(key + ": " + text));
        }
        QVERIFY(html.contains(QLatin1String("<td align=\"right\" class=\"pos\">12.35 %</td>")));
        QVERIFY(html.contains(QLatin1String("<td align=\"right\" class=\"neg\">-0.50</td>")));
    }

    void htmlHoldsMetricsTradesConfigAndVersions()
    {
        ReportExporter exporter(m_result, configYaml);
        const QString html = exporter.html();
        // Both trades, each with its New York times, prices and P&L.
        for (const char *text :
             {"<td>2021-01-04 16:00</td>", "370.25", "<td>2021-01-05 16:00</td>", "380.50",
              "1,025.00", "310.00", "305.10", "-1,234.50", ">open<", ">Long<", ">Short<", ">QQQ<"})
            QVERIFY2(html.contains(QLatin1String(text)), text);
        QVERIFY(html.contains(QLatin1String("Trades (2)")));
        // Both charts as embedded PNG images.
        QCOMPARE(html.count(QLatin1String("<img src=\"data:image/png;base64,")), 2);
        // The config, escaped; the dataset versions.
        QVERIFY(html.contains(QLatin1String("strategies: &lt;sma &amp; friends&gt;")));
        QVERIFY(html.contains(QLatin1String("<tr><td>SPY</td><td>1d</td><td align=\"right\">3</td>"
                                            "<td align=\"right\">5,849</td></tr>")));
        // No feature, no withheld value, no corporate action: no such sections.
        QVERIFY(!html.contains(QLatin1String("Features used")));
        QVERIFY(!html.contains(QLatin1String("Feature values withheld")));
        QVERIFY(!html.contains(QLatin1String("Corporate actions")));
    }

    void listsFeatureVersionsIssuesAndCorporateActions()
    {
        BacktestResult result = handMadeResult();
        const InstrumentId spy = result.instruments.add(*Symbol::parse("SPY"));
        StrategyResult &strategy = result.strategies.front();
        strategy.featureVersions = {"rsi@1(period=14)", "sma@1(period=10)"};
        strategy.featureIssues = {{"rsi@1(period=14)", spy, close(2021, 1, 5), "value is NaN"}};
        strategy.corporateActions = {
            {close(2021, 1, 5), spy, "dividend 1.57/share on 100 shares", money("157")}};
        const QString html = ReportExporter(result, configYaml).html();
        QVERIFY(html.contains(QLatin1String("<tr><td>sma_fast</td><td>rsi@1(period=14)</td></tr>")));
        QVERIFY(html.contains(QLatin1String("<tr><td>sma_fast</td><td>sma@1(period=10)</td></tr>")));
        QVERIFY(html.contains(QLatin1String("<td>rsi@1(period=14)</td><td>SPY</td>"
                                            "<td>2021-01-05 16:00</td><td class=\"neg\">value is NaN</td>")));
        QVERIFY(html.contains(QLatin1String("<td>dividend 1.57/share on 100 shares</td>"
                                            "<td align=\"right\">157.00</td>")));
    }

    void chartImagesAreDrawn()
    {
        const ReportExporter exporter(m_result, configYaml);
        const QImage equity = exporter.equityChart(QSize(600, 200));
        QCOMPARE(equity.size(), QSize(1200, 400)); // twice the logical size
        // Not a blank canvas: the equity colour is somewhere on it.
        bool drawn = false;
        const QColor line = themeColors(ThemeKind::Light).equity;
        for (int y = 0; y < equity.height() && !drawn; ++y) {
            for (int x = 0; x < equity.width() && !drawn; ++x)
                drawn = equity.pixelColor(x, y) == line;
        }
        QVERIFY(drawn);
        QCOMPARE(exporter.drawdownChart(QSize(300, 100)).size(), QSize(600, 200));
    }

    void writesHtmlAndPdf()
    {
        const ReportExporter exporter(m_result, configYaml);
        QString error;
        const QString htmlPath = m_dir.filePath("report.html");
        QVERIFY2(exporter.writeHtml(htmlPath, &error), qPrintable(error));
        QFile html(htmlPath);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString written = QString::fromUtf8(html.readAll());
        QVERIFY(written.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(written.contains(QLatin1String("112,345.67")));

        const QString pdfPath = m_dir.filePath("report.pdf");
        QVERIFY2(exporter.writePdf(pdfPath, &error), qPrintable(error));
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.size() > 10000); // text, tables and two chart images
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    }

    void unwritablePathsSayWhere()
    {
        const ReportExporter exporter(m_result, configYaml);
        const QString path = m_dir.filePath("no/such/dir/report.pdf");
        QString error;
        QVERIFY(!exporter.writePdf(path, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        error.clear();
        QVERIFY(!exporter.writeHtml(m_dir.filePath("no/such/dir/report.html"), &error));
        QVERIFY2(error.contains(QLatin1String("no/such/dir/report.html")), qPrintable(error));
    }

    void realBacktestListsEveryTrade()
    {
        StrategyRegistry registry;
        meridian::strategies::registerBuiltinStrategies(registry);
        const ConfigLoader loader(registry);
        const auto config
            = loader.loadFile(MERIDIAN_SOURCE_DIR "/config/environments/backtest.yaml");
        QVERIFY2(config, config ? "" : config.error().message().c_str());
        BacktestOptions options;
        options.storePath = m_dir.filePath("market.db").toStdString();
        options.bundledDataDir = MERIDIAN_SOURCE_DIR "/resources/data";
        const auto result = runBacktest(*config, registry, options);
        QVERIFY2(result, result ? "" : result.error().message().c_str());
        QVERIFY(result->trades.size() > 10);

        const QString html = ReportExporter(*result, QString()).html();
        qsizetype from = 0;
        for (const TradeRecord &trade : result->trades) {
            // Every trade, in order, with its entry time and P&L.
            const QString entry = QString::fromStdString(formatNewYork(trade.entryTime)).left(16);
            from = html.indexOf(QStringLiteral("<td>%1</td>").arg(entry), from);
            QVERIFY2(from > 0, qPrintable(entry));
            // To the cent, as the trades table shows money.
            const std::string cents = QString::number(trade.pnl.toDouble(), 'f', 2).toStdString();
            QVERIFY(html.indexOf(withThousands(cents), from) > 0);
        }
        QVERIFY(html.contains(QLatin1String("<td class=\"muted\">strategies[0].state</td>")));
    }
};

QTEST_MAIN(TestReportExporter)
#include "tst_reportexporter.moc"
