// The backtest report: a result built by hand with known figures, whose formatted values are
// worked out here from the formatting rules (percent with two decimals, ratios with three, money
// with every decimal and group separators), checked in the metrics rows, the HTML and the PDF.

#include "ui/reportexporter.h"

#include "ui/theme.h"

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/core/civiltime.h"
#include "strategies/builtinstrategies.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
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
    result.finalEquity = money("112345.6789");
    result.commission = money("12.5");
    result.equity = {{close(2021, 1, 4), money("100000"), money("37025")},
                     {close(2021, 1, 5), money("95000"), money("53000")},
                     {close(2021, 1, 6), money("112345.6789"), money("15255")}};
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

const char *const configYaml = "mode: backtest\nstrategies: <sma & friends>\n";

} // namespace

class TestReportExporter : public QObject
{
    Q_OBJECT

private:
    BacktestResult m_result = handMadeResult();
    QTemporaryDir m_dir;

    // key → the text worked out by hand from the figures above.
    static QList<QPair<QString, QString>> expectedTexts()
    {
        return {{"strategy", "sma_fast"},
                {"symbols", "SPY, QQQ"},
                {"start", "2021-01-04T21:00:00Z"},
                {"end", "2021-01-06T21:00:00Z"},
                {"bars", "3"},
                {"events_processed", "1,234,567"},
                {"initial_equity", "100,000.00"},
                {"final_equity", "112,345.6789"},
                {"total_return", "12.35 %"},
                {"cagr", "50.00 %"},
                {"volatility", "20.00 %"},
                {"sharpe", "1.235"},
                {"sortino", "-0.500"},
                {"max_drawdown", "5.00 %"},
                {"max_drawdown_duration_days", "1.0 days"},
                {"max_drawdown_peak", "2021-01-04T21:00:00Z"},
                {"max_drawdown_trough", "2021-01-05T21:00:00Z"},
                {"trades", "1"},
                {"win_rate", "100.00 %"},
                {"profit_factor", "n/a (no losing trade)"},
                {"exposure", "66.67 %"},
                {"commission", "12.50"},
                {"elapsed_s", "0.500 s"},
                {"events_per_s", "2,469,134"},
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

    void groupsExactDecimals()
    {
        QCOMPARE(groupedDecimal("-1234567.891"), QStringLiteral("-1,234,567.891"));
        QCOMPARE(groupedDecimal("123456"), QStringLiteral("123,456"));
        QCOMPARE(groupedDecimal("12.00"), QStringLiteral("12.00"));
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(groupedDecimal("1234567.891"), QStringLiteral("1.234.567,891"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void metricRowsFormatEveryJsonKey()
    {
        const QList<MetricRow> rows = metricRows(m_result);
        // Every top-level key of the JSON report but the three lists has a row.
        QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(backtestJson(m_result))).object();
        json.remove("trade_list");
        json.remove("strategies");
        json.remove("dataset_versions");
        QCOMPARE(rows.size(), json.size());
        const QList<QPair<QString, QString>> expected = expectedTexts();
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < rows.size(); ++i) {
            QVERIFY2(json.contains(rows[i].key), qPrintable(rows[i].key));
            QCOMPARE(rows[i].key, expected[i].first);
            QCOMPARE(rows[i].text, expected[i].second);
        }
        auto sign = [&](const char *key) {
            for (const MetricRow &row : rows) {
                if (row.key == QLatin1String(key))
                    return row.sign;
            }
            return 99;
        };
        QCOMPARE(sign("total_return"), 1);
        QCOMPARE(sign("final_equity"), 1);
        QCOMPARE(sign("sortino"), -1);
        QCOMPARE(sign("max_drawdown"), -1);
        QCOMPARE(sign("volatility"), 0);
    }

    void htmlHoldsMetricsTradesConfigAndVersions()
    {
        ReportExporter exporter(m_result, configYaml);
        const QString html = exporter.html();
        for (const auto &[key, text] : expectedTexts())
            QVERIFY2(html.contains(text.toHtmlEscaped()), qPrintable(key + ": " + text));
        // Both trades, each with its New York times, prices and P&L.
        for (const char *text : {"2021-01-04 16:00:00", "370.25", "2021-01-05 16:00:00", "380.50",
                                 "1,025.00", "310.00", "305.10", "-1,234.50", ">open<", ">Long<",
                                 ">Short<", ">QQQ<"})
            QVERIFY2(html.contains(QLatin1String(text)), text);
        QVERIFY(html.contains(QLatin1String("Trades (2)")));
        // Both charts as embedded PNG images.
        QCOMPARE(html.count(QLatin1String("<img src=\"data:image/png;base64,")), 2);
        // The config, escaped; the dataset versions.
        QVERIFY(html.contains(QLatin1String("strategies: &lt;sma &amp; friends&gt;")));
        QVERIFY(html.contains(QLatin1String("<td align=\"right\">3</td>")));
        QVERIFY(html.contains(QLatin1String("5,849")));
        QVERIFY(!html.contains(QLatin1String("Features used")));

        exporter.setFeatureVersions({{"sma(10)", "v2"}, {"rsi(14)", "v1"}});
        const QString withFeatures = exporter.html();
        QVERIFY(withFeatures.contains(QLatin1String("Features used")));
        QVERIFY(withFeatures.contains(QLatin1String("sma(10)")));
        QVERIFY(withFeatures.contains(QLatin1String("v2")));
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
        QVERIFY(written.contains(QLatin1String("112,345.6789")));

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
        const auto config = loader.loadFile(MERIDIAN_SOURCE_DIR "/config/environments/backtest.yaml");
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
            from = html.indexOf(QString::fromStdString(formatNewYork(trade.entryTime)), from);
            QVERIFY(from > 0);
            QVERIFY(html.indexOf(groupedDecimal(QString::fromStdString(trade.pnl.toString(2))), from) > 0);
        }
        QVERIFY(html.contains(QLatin1String("<td>sma_crossover</td>")));
    }
};

QTEST_MAIN(TestReportExporter)
#include "tst_reportexporter.moc"
