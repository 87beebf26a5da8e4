// The analytics charts: the series they plot, checked against returns, bins and ratios worked out
// by hand from their definitions (ui/analyticscharts.h), then the widgets on those series and on a
// real backtest of the bundled SPY data.

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/core/civiltime.h"
#include "strategies/builtinstrategies.h"
#include "ui/analyticscharts.h"

#include <QBarSet>
#include <QChart>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace meridian::engine;
using namespace meridian::ui;

namespace {

EquityPoint point(Timestamp time, double equity, double gross = 0.0)
{
    return EquityPoint{time, Money::fromDouble(equity), Money::fromDouble(gross)};
}

Timestamp close(int year, int month, int day)
{
    return dailyBarTimestamp(Date{year, month, day});
}

Timestamp utc(const char *text)
{
    return *parseTimestamp(text, LocalZone::Utc);
}

TradeRecord trade(Side side, double quantity, double entryPrice, double pnl, bool closed = true)
{
    TradeRecord record;
    record.symbol = "SPY";
    record.side = side;
    record.quantity = Quantity::fromDouble(quantity);
    record.entryTime = close(2021, 1, 4);
    record.entryPrice = Price::fromDouble(entryPrice);
    if (closed)
        record.exitTime = close(2021, 1, 5);
    record.exitPrice = Price::fromDouble(entryPrice);
    record.pnl = Money::fromDouble(pnl);
    return record;
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-12;
}

QStackedBarSeries *barSeries(const AnalyticsChart &chart)
{
    const QList<QAbstractSeries *> series = chart.chart()->series();
    return series.size() == 1 ? qobject_cast<QStackedBarSeries *>(series.front()) : nullptr;
}

QList<double> setValues(const QBarSet *set)
{
    QList<double> values;
    for (int i = 0; i < set->count(); ++i)
        values << set->at(i);
    return values;
}

} // namespace

class TestAnalyticsCharts : public QObject
{
    Q_OBJECT

private:
    // Jan: 110 000 / 100 000 − 1 = +10 % (the last January point is 23:30 New York on the 31st,
    // already February in UTC); Feb: 104 500 / 110 000 − 1 = −5 % (its last point 22:00 New York
    // on the 28th, 1 March UTC); no March point; Apr: 95 000 / 104 500 − 1 = −1/11.
    static std::vector<EquityPoint> threeMonths()
    {
        return {point(close(2021, 1, 4), 100000),           point(close(2021, 1, 29), 104000),
                point(utc("2021-02-01T04:30:00Z"), 110000), point(close(2021, 2, 26), 99000),
                point(utc("2021-03-01T03:00:00Z"), 104500), point(close(2021, 4, 30), 95000)};
    }

    // Closed-trade returns pnl / |entry notional|: −0.04, −0.035, −0.01, 0.005, 0.025, 0.05,
    // 0.055, 0.08 (plus an open trade and a zero-quantity one, both left out).
    static std::vector<TradeRecord> eightTrades()
    {
        return {trade(Side::Buy, 10, 100, 50),        trade(Side::Sell, 20, 50, -40),
                trade(Side::Buy, 3, 100, 999, false), trade(Side::Buy, 0, 100, 5),
                trade(Side::Buy, 4, 250, 25),         trade(Side::Buy, 5, 200, -10),
                trade(Side::Buy, 1, 1000, 80),        trade(Side::Sell, 2, 500, -35),
                trade(Side::Buy, 10, 10, 0.5),        trade(Side::Sell, 100, 10, 55)};
    }

private slots:
    void monthlyReturnsPerNewYorkMonth()
    {
        const std::vector<MonthlyReturn> months = monthlyReturns(threeMonths());
        QCOMPARE(months.size(), std::size_t(3));
        QCOMPARE(months[0].year, 2021);
        QCOMPARE(months[0].month, 1);
        QVERIFY(near(months[0].value, 0.10));
        QCOMPARE(months[1].month, 2);
        QVERIFY(near(months[1].value, -0.05));
        QCOMPARE(months[2].month, 4);
        QVERIFY(near(months[2].value, -1.0 / 11.0));
        QVERIFY(monthlyReturns({}).empty());
    }

    void monthlyReturnsSkipANonPositiveBase()
    {
        // Jan: its only point is the base, 0 %; Feb ends at 0: −100 %; Mar from 0 has no
        // return; Apr: 60 / 50 − 1 = +20 %.
        const std::vector<MonthlyReturn> months = monthlyReturns(
            std::vector<EquityPoint>{point(close(2020, 1, 31), 100), point(close(2020, 2, 28), 0),
                                     point(close(2020, 3, 31), 50), point(close(2020, 4, 30), 60)});
        QCOMPARE(months.size(), std::size_t(3));
        QVERIFY(near(months[0].value, 0.0));
        QVERIFY(near(months[1].value, -1.0));
        QCOMPARE(months[2].month, 4);
        QVERIFY(near(months[2].value, 0.2));
    }

    void tradeReturnsOfClosedTrades()
    {
        const std::vector<double> returns = tradeReturns(eightTrades());
        const std::vector<double> expected{0.05, -0.04, 0.025, -0.01, 0.08, -0.035, 0.005, 0.055};
        QCOMPARE(returns.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(near(returns[i], expected[i]), qPrintable(QString::number(returns[i])));
    }

    void histogramFollowsSturgesWithZeroAsAnEdge()
    {
        // n = 8: k = ⌈log₂ 8⌉ + 1 = 4, w = (0.08 − (−0.04)) / 4 = 0.03; bins ⌊x / 0.03⌋ from −2
        // to 2: [−0.06, −0.03) {−0.04, −0.035}, [−0.03, 0) {−0.01}, [0, 0.03) {0.005, 0.025},
        // [0.03, 0.06) {0.05, 0.055}, [0.06, 0.09) {0.08}.
        const std::vector<double> returns = tradeReturns(eightTrades());
        const std::vector<HistogramBin> bins = returnHistogram(returns);
        QCOMPARE(bins.size(), std::size_t(5));
        const double lower[] = {-0.06, -0.03, 0.0, 0.03, 0.06};
        const int counts[] = {2, 1, 2, 2, 1};
        for (std::size_t i = 0; i < bins.size(); ++i) {
            QVERIFY2(near(bins[i].lower, lower[i]), qPrintable(QString::number(bins[i].lower)));
            QVERIFY(near(bins[i].upper, lower[i] + 0.03));
            QCOMPARE(bins[i].count, counts[i]);
        }
    }

    void histogramEdgeCases()
    {
        QVERIFY(returnHistogram({}).empty());
        // One value, or all equal: a single bin [v, v].
        const std::vector<double> same{0.02, 0.02, 0.02};
        const std::vector<HistogramBin> one = returnHistogram(same);
        QCOMPARE(one.size(), std::size_t(1));
        QCOMPARE(one[0].count, 3);
        QCOMPARE(one[0].lower, 0.02);
        QCOMPARE(one[0].upper, 0.02);
        // n = 2: k = 2, w = 0.5; −0.5 in bin −1, 0.5 in bin 1, an empty bin [0, 0.5) between:
        // k + 1 bins because the edges sit on multiples of w.
        const std::vector<double> two{-0.5, 0.5};
        const std::vector<HistogramBin> three = returnHistogram(two);
        QCOMPARE(three.size(), std::size_t(3));
        QCOMPARE(three[0].lower, -0.5);
        QCOMPARE(three[1].lower, 0.0);
        QCOMPARE(three[2].upper, 1.0);
        QCOMPARE(three[0].count, 1);
        QCOMPARE(three[1].count, 0);
        QCOMPARE(three[2].count, 1);
    }

    void exposureAndDrawdownSeries()
    {
        // 50 000 / 100 000 = 0.5; 120 000 / 80 000 = 1.5 (leveraged); equity 0 and −10 have no
        // ratio; nothing held = 0.
        const std::vector<EquityPoint> curve{
            point(close(2021, 1, 4), 100000, 50000), point(close(2021, 1, 5), 80000, 120000),
            point(close(2021, 1, 6), 0, 0), point(close(2021, 1, 7), -10, 5),
            point(close(2021, 1, 8), 50000, 0)};
        const std::vector<TimeValue> exposure = exposureSeries(curve);
        QCOMPARE(exposure.size(), std::size_t(3));
        QVERIFY(near(exposure[0].value, 0.5));
        QVERIFY(near(exposure[1].value, 1.5));
        QVERIFY(exposure[2].time == close(2021, 1, 8));
        QVERIFY(near(exposure[2].value, 0.0));

        // Peaks 100, 120, 120, 130, 130: 0, 0, 1 − 90/120 = 0.25, 0, 1 − 65/130 = 0.5.
        const std::vector<TimeValue> drawdown = drawdownSeries(
            std::vector<EquityPoint>{point(close(2021, 1, 4), 100), point(close(2021, 1, 5), 120),
                                     point(close(2021, 1, 6), 90), point(close(2021, 1, 7), 130),
                                     point(close(2021, 1, 8), 65)});
        const double expected[] = {0.0, 0.0, 0.25, 0.0, 0.5};
        QCOMPARE(drawdown.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i)
            QVERIFY(near(drawdown[i].value, expected[i]));
    }

    void monthlyChartDrawsOneSignedBarPerMonth()
    {
        MonthlyReturnsChart chart;
        chart.setEquity(threeMonths());
        QStackedBarSeries *series = barSeries(chart);
        QVERIFY(series);
        QCOMPARE(series->count(), 2);
        const QList<double> losses = setValues(series->barSets().at(0));
        const QList<double> gains = setValues(series->barSets().at(1));
        QCOMPARE(gains.size(), 3);
        QVERIFY(near(gains[0], 10.0) && gains[1] == 0.0 && gains[2] == 0.0);
        QVERIFY(losses[0] == 0.0 && near(losses[1], -5.0) && near(losses[2], -100.0 / 11.0));
        QCOMPARE(series->barSets().at(1)->color(), themeColors(ThemeKind::Dark).positive);
        chart.setTheme(ThemeKind::Light);
        QCOMPARE(barSeries(chart)->barSets().at(0)->color(),
                 themeColors(ThemeKind::Light).negative);
        QCOMPARE(chart.chart()->backgroundBrush().color(), themeColors(ThemeKind::Light).panel);
    }

    void histogramChartSplitsLosersAndWinners()
    {
        TradeReturnsHistogram chart;
        chart.setTrades(eightTrades());
        QStackedBarSeries *series = barSeries(chart);
        QVERIFY(series);
        QCOMPARE(setValues(series->barSets().at(0)), (QList<double>{2, 1, 0, 0, 0}));
        QCOMPARE(setValues(series->barSets().at(1)), (QList<double>{0, 0, 2, 2, 1}));
        QVERIFY(chart.chart()->title().contains(QLatin1String("8")));
        chart.setTrades({});
        QVERIFY(chart.bins().empty());
    }

    void exposureChartPlotsPercentages()
    {
        ExposureChart chart;
        chart.setEquity(
            {point(close(2021, 1, 4), 100000, 50000), point(close(2021, 1, 5), 80000, 120000)});
        QCOMPARE(chart.values().size(), std::size_t(2));
        QCOMPARE(chart.chart()->series().size(), 1);
    }

    void realBacktestHasOneBarPerMonthOfData()
    {
        // One bar for every calendar month from the first bar's to the last (the config runs
        // 2003-01 to 2021-03: 18 × 12 + 3 = 219); chaining the monthly returns gives back the
        // whole curve's return.
        QTemporaryDir dir;
        StrategyRegistry registry;
        meridian::strategies::registerBuiltinStrategies(registry);
        const ConfigLoader loader(registry);
        const auto config
            = loader.loadFile(MERIDIAN_SOURCE_DIR "/config/environments/backtest.yaml");
        QVERIFY2(config, config ? "" : config.error().message().c_str());
        BacktestOptions options;
        options.storePath = (dir.path() + "/market.db").toStdString();
        options.bundledDataDir = MERIDIAN_SOURCE_DIR "/resources/data";
        const auto result = runBacktest(*config, registry, options);
        QVERIFY2(result, result ? "" : result.error().message().c_str());

        MonthlyReturnsChart monthly;
        monthly.setEquity(result->equity);
        const Date first = toNewYork(result->equity.front().time).date;
        const Date last = toNewYork(result->equity.back().time).date;
        const int months = (last.year - first.year) * 12 + (last.month - first.month) + 1;
        QVERIFY(months > 200);
        QCOMPARE(monthly.values().size(), static_cast<std::size_t>(months));
        double growth = 1.0;
        for (const MonthlyReturn &month : monthly.values())
            growth *= 1.0 + month.value;
        const double whole
            = result->equity.back().equity.toDouble() / result->equity.front().equity.toDouble();
        QVERIFY(std::abs(growth - whole) < 1e-9);

        TradeReturnsHistogram histogram;
        histogram.setTrades(result->trades);
        int binned = 0;
        for (const HistogramBin &bin : histogram.bins())
            binned += bin.count;
        QCOMPARE(static_cast<std::size_t>(binned), result->metrics.trades);

        ExposureChart exposure;
        exposure.setEquity(result->equity);
        QCOMPARE(exposure.values().size(), result->equity.size());
    }
};

QTEST_MAIN(TestAnalyticsCharts)
#include "tst_analyticscharts.moc"
