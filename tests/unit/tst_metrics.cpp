// Performance metrics: a buy-and-hold curve built from the bundled SPY file against the sample
// data's reference figures, and small hand-worked curves and trade lists for the rest.

#include "engine/analytics/performance.h"
#include "engine/core/civiltime.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <rapidcheck.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

using namespace meridian::engine;

namespace {

Money money(const char *text)
{
    return Money::parse(text).value();
}

Timestamp at(int year, int month, int day, int hour = 16, int minute = 0)
{
    return newYorkTime(Date{year, month, day}, TimeOfDay::hms(hour, minute, 0));
}

EquityPoint point(Timestamp time, const char *equity, const char *exposure = "0")
{
    return EquityPoint{time, money(equity), money(exposure)};
}

TradeRecord trade(const char *pnl, bool closed = true)
{
    TradeRecord record;
    record.symbol = "SPY";
    record.side = Side::Buy;
    record.quantity = Quantity::fromUnits(10);
    record.entryTime = at(2021, 3, 1);
    record.entryPrice = Price::parse("100").value();
    if (closed)
        record.exitTime = at(2021, 3, 2);
    record.exitPrice = Price::parse("101").value();
    record.pnl = money(pnl);
    return record;
}

bool relativelyClose(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance * std::abs(expected);
}

#define COMPARE_REL(actual, expected, tolerance)                                                   \
    QVERIFY2(relativelyClose((actual), (expected), (tolerance)),                                   \
             qPrintable(QStringLiteral("%1 = %2, expected %3")                                     \
                            .arg(QLatin1String(#actual))                                           \
                            .arg(actual, 0, 'g', 17)                                               \
                            .arg(expected, 0, 'g', 17)))

bool allFinite(const PerformanceMetrics &m)
{
    const double values[] = {m.totalReturn,
                             m.cagr,
                             m.volatility,
                             m.sharpe,
                             m.sortino,
                             m.maxDrawdown,
                             m.maxDrawdownDurationDays,
                             m.winRate,
                             m.exposure,
                             m.profitFactor.value_or(0.0)};
    for (const double v : values) {
        if (!std::isfinite(v))
            return false;
    }
    return true;
}

struct SpyRow
{
    Date date;
    Price close;
    Price adjClose;
};

// resources/data/daily/SPY.csv: timestamp,open,high,low,close,volume,adj_close.
std::vector<SpyRow> readSpy()
{
    const std::string path = MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv";
    std::ifstream in(path);
    if (!in)
        qFatal("cannot open %s", path.c_str());
    std::vector<SpyRow> rows;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t comma = line.find(','); comma != std::string::npos;
             comma = line.find(',', start)) {
            fields.push_back(line.substr(start, comma - start));
            start = comma + 1;
        }
        fields.push_back(line.substr(start));
        if (fields.size() != 7)
            qFatal("%s: expected 7 fields in '%s'", path.c_str(), line.c_str());
        rows.push_back(SpyRow{Date::parse(fields[0]).value(),
                              Price::parse(fields[4]).value(),
                              Price::parse(fields[6]).value()});
    }
    return rows;
}

QJsonObject spyReference()
{
    QFile file(
        QStringLiteral(MERIDIAN_SOURCE_DIR "/tests/fixtures/metrics/spy_reference_figures.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open the SPY reference figures");
    return QJsonDocument::fromJson(file.readAll()).object().value("figures").toObject();
}

// A 100%-invested buy-and-hold of 1000 shares, marked at each daily close (16:00 New York).
std::vector<EquityPoint> buyAndHold(const std::vector<SpyRow> &rows, bool adjusted)
{
    const Quantity shares = Quantity::fromUnits(1000);
    std::vector<EquityPoint> curve;
    for (const SpyRow &row : rows) {
        const Money value = (adjusted ? row.adjClose : row.close) * shares;
        curve.push_back(EquityPoint{dailyBarTimestamp(row.date), value, value});
    }
    return curve;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void spyBuyAndHoldClose();
    void spyBuyAndHoldAdjClose();
    void handWorkedReturns();
    void handWorkedRiskFreeRate();
    void drawdownDurations();
    void drawdownPeakAndTroughAreFirstDates();
    void drawdownDaysFollowTheNewYorkCalendar();
    void tradeStatistics();
    void profitFactorWithoutLosses();
    void exposure();
    void edgeCases();
    void constantGrowthHasNoRisk();
    void periodsPerYear_data();
    void periodsPerYear();
    void neverNaN();
};

// shared/data/README.md, "Reference figures": total return, max drawdown and volatility on
// closes (the reference uses the same definitions: log-return sample stdev × sqrt(252), first
// dates attaining peak and trough).
void TestMetrics::spyBuyAndHoldClose()
{
    const std::vector<SpyRow> rows = readSpy();
    const QJsonObject ref = spyReference();
    QCOMPARE(rows.size(), std::size_t(ref.value("rows").toInt()));
    const std::vector<EquityPoint> curve = buyAndHold(rows, false);

    const PerformanceMetrics m = computeMetrics(curve, {}, curve.front().equity, 252.0, 0.0);
    COMPARE_REL(m.totalReturn, ref.value("total_return_close").toDouble(), 1e-9);
    COMPARE_REL(m.maxDrawdown, ref.value("max_drawdown_close").toDouble(), 1e-9);
    COMPARE_REL(m.volatility, ref.value("ann_vol_close").toDouble(), 1e-9);
    QCOMPARE(m.maxDrawdownPeak, dailyBarTimestamp(Date{2007, 10, 9}));
    QCOMPARE(m.maxDrawdownTrough, dailyBarTimestamp(Date{2009, 3, 9}));
    QCOMPARE(QString::fromStdString(formatNewYork(m.maxDrawdownPeak).substr(0, 10)),
             ref.value("mdd_close_peak").toString());
    // Longest time under water, checked with a separate script over the same file: the
    // 2000-03-24 close (153.56) was first regained on 2007-05-30, 2623 calendar days later.
    QCOMPARE(m.maxDrawdownDurationDays, 2623.0);
    // CAGR on closes (not a reference figure, but the definition's): Y = 8489 days / 365.25.
    COMPARE_REL(m.cagr, std::pow(396.33 / 97.36, 365.25 / 8489.0) - 1.0, 1e-12);
    QCOMPARE(m.exposure, 1.0);
    QCOMPARE(m.trades, std::size_t{0});
    QVERIFY(!m.profitFactor.has_value());
    QCOMPARE(m.periodsPerYear, 252.0);
}

void TestMetrics::spyBuyAndHoldAdjClose()
{
    const std::vector<SpyRow> rows = readSpy();
    const QJsonObject ref = spyReference();
    const std::vector<EquityPoint> curve = buyAndHold(rows, true);

    const PerformanceMetrics m = computeMetrics(curve, {}, curve.front().equity, 252.0, 0.0);
    COMPARE_REL(m.totalReturn, ref.value("total_return_adj").toDouble(), 1e-9);
    COMPARE_REL(m.cagr, ref.value("cagr_adj").toDouble(), 1e-9);
    COMPARE_REL(m.volatility, ref.value("ann_vol_adj").toDouble(), 1e-9);
    COMPARE_REL(m.maxDrawdown, ref.value("max_drawdown_adj").toDouble(), 1e-9);
    QCOMPARE(QString::fromStdString(formatNewYork(m.maxDrawdownPeak).substr(0, 10)),
             ref.value("mdd_adj_peak").toString());
    QCOMPARE(QString::fromStdString(formatNewYork(m.maxDrawdownTrough).substr(0, 10)),
             ref.value("mdd_adj_trough").toString());
    // Separate script: under water from 2000-03-24 until 2006-10-26 on adjusted closes.
    QCOMPARE(m.maxDrawdownDurationDays, 2407.0);
}

// Equity 100 -> 110 -> 99 -> 118.8: simple returns r = +0.10, -0.10, +0.20.
//   mean r = 0.2 / 3 = 1/15
//   sample variance = ((1/30)^2 + (-1/6)^2 + (2/15)^2) / 2 = (0.0011111 + 0.0277778 + 0.0177778) /
//   2
//                   = 7/300, stdev = 0.15275252
//   Sharpe (rf 0, 252/yr) = (1/15) / sqrt(7/300) * sqrt(252) = sqrt(48) = 4 sqrt(3) = 6.92820323
//   downside deviation = sqrt((0 + 0.01 + 0) / 3) = sqrt(1/300) = 0.05773503
//   Sortino = (1/15) / sqrt(1/300) * sqrt(252) = sqrt(336) = 18.33030278
//   log returns ln 1.1 = 0.09531018, ln 0.9 = -0.10536052, ln 1.2 = 0.18232156; mean 0.05742374;
//   squared deviations 0.00143538 + 0.02649873 + 0.01559946 = 0.04353357; / 2 -> stdev
//   0.14753592; x sqrt(252) = 2.34205650
//   total return = 118.8 / 100 - 1 = 0.188; the points span 730.5 days = 2 years of 365.25,
//   so CAGR = sqrt(1.188) - 1 = 0.08995413
//   max drawdown = 1 - 99 / 110 = 0.1, peak at the 110 point, trough at the 99 point; under water
//   from 2020-03-02 00:00 to 2021-12-31 12:00 = 669.5 days.
void TestMetrics::handWorkedReturns()
{
    const std::vector<EquityPoint> curve{
        point(at(2020, 1, 1, 0), "100", "100"),
        point(at(2020, 3, 2, 0), "110", "110"),
        point(at(2020, 7, 1, 12), "99", "99"),
        point(at(2021, 12, 31, 12), "118.8", "0"),
    };
    const PerformanceMetrics m = computeMetrics(curve, {}, money("100"), 252.0, 0.0);
    COMPARE_REL(m.totalReturn, 0.188, 1e-12);
    COMPARE_REL(m.cagr, std::sqrt(1.188) - 1.0, 1e-12);
    COMPARE_REL(m.sharpe, 4.0 * std::sqrt(3.0), 1e-12);
    COMPARE_REL(m.sortino, std::sqrt(336.0), 1e-12);
    COMPARE_REL(m.volatility, 2.3420565038504, 1e-11);
    COMPARE_REL(m.maxDrawdown, 0.1, 1e-12);
    QCOMPARE(m.maxDrawdownPeak, at(2020, 3, 2, 0));
    QCOMPARE(m.maxDrawdownTrough, at(2020, 7, 1, 12));
    QCOMPARE(m.maxDrawdownDurationDays, 669.5);
    QCOMPARE(m.exposure, 0.75);
}

// Same returns, 4 periods a year and rf = 1.01^4 - 1 = 4.060401 % a year, so rf_p = 0.01 exactly
// in theory (pow gives it to within an ulp):
//   excess = 0.09, -0.11, 0.19; mean 0.17 / 3 = 0.05666667; stdev of r as before 0.15275252
//   Sharpe = 0.05666667 / 0.15275252 * sqrt(4) = 0.74194083
//   downside deviation = sqrt(0.11^2 / 3) = 0.06350853; Sortino = 0.05666667 / 0.06350853 * 2
//   = 1.78453720
void TestMetrics::handWorkedRiskFreeRate()
{
    const std::vector<EquityPoint> curve{
        point(at(2020, 3, 31), "100"),
        point(at(2020, 6, 30), "110"),
        point(at(2020, 9, 30), "99"),
        point(at(2020, 12, 31), "118.8"),
    };
    const double riskFree = 1.01 * 1.01 * 1.01 * 1.01 - 1.0;
    const PerformanceMetrics m = computeMetrics(curve, {}, money("100"), 4.0, riskFree);
    COMPARE_REL(m.sharpe, (0.17 / 3.0) / std::sqrt(7.0 / 300.0) * 2.0, 1e-12);
    COMPARE_REL(m.sharpe, 0.741940826802374, 1e-12);
    COMPARE_REL(m.sortino, (0.17 / 3.0) / std::sqrt(0.0121 / 3.0) * 2.0, 1e-12);
    COMPARE_REL(m.sortino, 1.7845371956770253, 1e-12);
    // Volatility does not depend on the risk-free rate.
    COMPARE_REL(m.volatility, 2.3420565038504 / std::sqrt(63.0), 1e-11);
}

// 100 (day 0), 120 (1), 90 (3), 120 (6: back to the peak, 5 days under water), 130 (7),
// 125 (8), 100 (20, never regained: 13 days) -> longest 13 days.
// Depth: 1 - 90/120 = 0.25 (from the 120 peak) beats 1 - 100/130 = 0.2308.
void TestMetrics::drawdownDurations()
{
    const std::vector<EquityPoint> curve{
        point(at(2021, 1, 4), "100"),
        point(at(2021, 1, 5), "120"),
        point(at(2021, 1, 7), "90"),
        point(at(2021, 1, 10), "120"),
        point(at(2021, 1, 11), "130"),
        point(at(2021, 1, 12), "125"),
        point(at(2021, 1, 24), "100"),
    };
    const PerformanceMetrics m = computeMetrics(curve, {}, money("100"), 252.0, 0.0);
    QCOMPARE(m.maxDrawdownDurationDays, 13.0);
    QCOMPARE(m.maxDrawdown, 0.25);
    QCOMPARE(m.maxDrawdownPeak, at(2021, 1, 5));
    QCOMPARE(m.maxDrawdownTrough, at(2021, 1, 7));

    // Time spent flat at the peak is not under water: 100, 100, 100 (day 2), 90, 100 (day 4) ->
    // 2 days, not 4.
    const std::vector<EquityPoint> flat{
        point(at(2021, 2, 1), "100"),
        point(at(2021, 2, 2), "100"),
        point(at(2021, 2, 3), "100"),
        point(at(2021, 2, 4), "90"),
        point(at(2021, 2, 5), "100"),
    };
    QCOMPARE(computeMetrics(flat, {}, money("100"), 252.0, 0.0).maxDrawdownDurationDays, 2.0);

    // Intraday: a peak at 10:00 regained at 15:30 the next day is 1.229166.. days (29.5 h).
    const std::vector<EquityPoint> intraday{
        point(at(2021, 2, 1, 10), "100"),
        point(at(2021, 2, 1, 11), "99"),
        point(at(2021, 2, 2, 15, 30), "100.5"),
    };
    COMPARE_REL(computeMetrics(intraday, {}, money("100"), 98280.0, 0.0).maxDrawdownDurationDays,
                29.5 / 24.0,
                1e-15);
}

// 100, 80, 100, 80: the depth 0.2 is first reached at the second point, from the first peak
// (the later 100 only equals it).
void TestMetrics::drawdownPeakAndTroughAreFirstDates()
{
    const std::vector<EquityPoint> curve{
        point(at(2021, 1, 4), "100"),
        point(at(2021, 1, 5), "80"),
        point(at(2021, 1, 6), "100"),
        point(at(2021, 1, 7), "80"),
    };
    const PerformanceMetrics m = computeMetrics(curve, {}, money("100"), 252.0, 0.0);
    QCOMPARE(m.maxDrawdown, 0.2);
    QCOMPARE(m.maxDrawdownPeak, at(2021, 1, 4));
    QCOMPARE(m.maxDrawdownTrough, at(2021, 1, 5));
    QCOMPARE(m.maxDrawdownDurationDays, 2.0); // days 4 -> 6, then 6 -> 7 (1 day)
}

// Daily points at 16:00 New York are whole calendar days apart even across the switch to
// daylight time (2021-03-14): Friday 12th to Monday 15th is 3 days, although only 71 hours.
void TestMetrics::drawdownDaysFollowTheNewYorkCalendar()
{
    const std::vector<EquityPoint> curve{point(at(2021, 3, 12), "100"),
                                         point(at(2021, 3, 15), "90")};
    QCOMPARE(at(2021, 3, 15) - at(2021, 3, 12), Duration::hours(71));
    const PerformanceMetrics m = computeMetrics(curve, {}, money("100"), 252.0, 0.0);
    QCOMPARE(m.maxDrawdownDurationDays, 3.0);
    // CAGR over Y = 3 / 365.25 years: 0.9^(121.75) - 1.
    COMPARE_REL(m.cagr, std::pow(0.9, 365.25 / 3.0) - 1.0, 1e-12);
}

// Closed trades +300, -100, +50, 0, -50 and one open trade at +1000 (not counted):
//   trades 5, winners 2 (a break-even trade is not a winner) -> win rate 0.4
//   gross profit 350, gross loss 150 -> profit factor 2.3333..
void TestMetrics::tradeStatistics()
{
    const std::vector<TradeRecord> trades{
        trade("300"), trade("-100"), trade("50"), trade("0"), trade("-50"), trade("1000", false)};
    const PerformanceMetrics m = computeMetrics({}, trades, money("100000"), 252.0, 0.0);
    QCOMPARE(m.trades, std::size_t{5});
    QCOMPARE(m.winRate, 0.4);
    QVERIFY(m.profitFactor.has_value());
    COMPARE_REL(*m.profitFactor, 350.0 / 150.0, 1e-15);
}

void TestMetrics::profitFactorWithoutLosses()
{
    // Only a winner and a break-even trade: gross loss 0, the ratio would be infinite -> empty.
    const std::vector<TradeRecord> noLoss{trade("10"), trade("0")};
    const PerformanceMetrics m = computeMetrics({}, noLoss, money("100"), 252.0, 0.0);
    QCOMPARE(m.trades, std::size_t{2});
    QCOMPARE(m.winRate, 0.5);
    QVERIFY(!m.profitFactor.has_value());

    // Only losers: profit factor 0 / 30 = 0, win rate 0.
    const std::vector<TradeRecord> losers{trade("-10"), trade("-20")};
    const PerformanceMetrics l = computeMetrics({}, losers, money("100"), 252.0, 0.0);
    QCOMPARE(l.profitFactor.value_or(-1.0), 0.0);
    QCOMPARE(l.winRate, 0.0);

    // Only an open trade: nothing closed.
    const std::vector<TradeRecord> open{trade("-500", false)};
    const PerformanceMetrics o = computeMetrics({}, open, money("100"), 252.0, 0.0);
    QCOMPARE(o.trades, std::size_t{0});
    QCOMPARE(o.winRate, 0.0);
    QVERIFY(!o.profitFactor.has_value());
}

// 5 points, 2 holding a position (one of them short, whose gross exposure is still positive):
// exposure 2 / 5 = 0.4.
void TestMetrics::exposure()
{
    const std::vector<EquityPoint> curve{
        point(at(2021, 1, 4), "100", "0"),
        point(at(2021, 1, 5), "100", "50"),
        point(at(2021, 1, 6), "101", "0.01"),
        point(at(2021, 1, 7), "101", "0"),
        point(at(2021, 1, 8), "101", "0"),
    };
    QCOMPARE(computeMetrics(curve, {}, money("100"), 252.0, 0.0).exposure, 0.4);
}

void TestMetrics::edgeCases()
{
    // No points: every figure 0.
    const PerformanceMetrics none = computeMetrics({}, {}, money("100"), 252.0, 0.02);
    QCOMPARE(none.totalReturn, 0.0);
    QCOMPARE(none.cagr, 0.0);
    QCOMPARE(none.volatility, 0.0);
    QCOMPARE(none.sharpe, 0.0);
    QCOMPARE(none.sortino, 0.0);
    QCOMPARE(none.maxDrawdown, 0.0);
    QCOMPARE(none.exposure, 0.0);
    QCOMPARE(none.periodsPerYear, 252.0);

    // One point: total return against the initial equity, nothing else (no time, no returns).
    const std::vector<EquityPoint> one{point(at(2021, 1, 4), "105", "105")};
    const PerformanceMetrics single = computeMetrics(one, {}, money("100"), 252.0, 0.0);
    COMPARE_REL(single.totalReturn, 0.05, 1e-15);
    QCOMPARE(single.cagr, 0.0);
    QCOMPARE(single.volatility, 0.0);
    QCOMPARE(single.sharpe, 0.0);
    QCOMPARE(single.maxDrawdown, 0.0);
    QCOMPARE(single.maxDrawdownDurationDays, 0.0);
    QCOMPARE(single.maxDrawdownPeak, at(2021, 1, 4));
    QCOMPARE(single.exposure, 1.0);

    // Two points: one return; a sample stdev needs two, so volatility and Sharpe are 0; no
    // downside, so Sortino is 0 too.
    const std::vector<EquityPoint> two{point(at(2021, 1, 4), "100"), point(at(2021, 1, 5), "110")};
    const PerformanceMetrics pair = computeMetrics(two, {}, money("100"), 252.0, 0.0);
    QCOMPARE(pair.volatility, 0.0);
    QCOMPARE(pair.sharpe, 0.0);
    QCOMPARE(pair.sortino, 0.0);

    // Flat equity: all returns 0.
    const std::vector<EquityPoint> flat{
        point(at(2021, 1, 4), "100"), point(at(2021, 1, 5), "100"), point(at(2021, 1, 6), "100")};
    const PerformanceMetrics still = computeMetrics(flat, {}, money("100"), 252.0, 0.05);
    QCOMPARE(still.volatility, 0.0);
    QCOMPARE(still.sharpe, 0.0);
    QCOMPARE(still.maxDrawdown, 0.0);
    QVERIFY(still.sortino < 0.0); // below the 5 % risk-free rate every period
    QVERIFY(allFinite(still));

    // Wiped out: 100, 50, 0, 0. Returns -0.5 and -1; the step from 0 has none; one log return.
    const std::vector<EquityPoint> ruin{point(at(2021, 1, 4), "100"),
                                        point(at(2021, 1, 5), "50"),
                                        point(at(2021, 1, 6), "0"),
                                        point(at(2021, 1, 7), "0")};
    const PerformanceMetrics wiped = computeMetrics(ruin, {}, money("100"), 252.0, 0.0);
    QCOMPARE(wiped.totalReturn, -1.0);
    QCOMPARE(wiped.cagr, -1.0);
    QCOMPARE(wiped.maxDrawdown, 1.0);
    QCOMPARE(wiped.volatility, 0.0);
    // Sharpe: mean -0.75, sample stdev of (-0.5, -1) = sqrt(0.125) -> -0.75 / 0.35355339 *
    // sqrt(252)
    COMPARE_REL(wiped.sharpe, -0.75 / std::sqrt(0.125) * std::sqrt(252.0), 1e-12);
    // Sortino: downside sqrt((0.25 + 1) / 2) = 0.79056942 -> -0.75 / 0.79056942 * sqrt(252)
    COMPARE_REL(wiped.sortino, -0.75 / std::sqrt(0.625) * std::sqrt(252.0), 1e-12);
    QVERIFY(allFinite(wiped));

    // Below zero (a short squeeze): 100 -> -20: total return -1.2, drawdown 1.2.
    const std::vector<EquityPoint> negative{point(at(2021, 1, 4), "100"),
                                            point(at(2021, 1, 5), "-20")};
    const PerformanceMetrics under = computeMetrics(negative, {}, money("100"), 252.0, 0.0);
    COMPARE_REL(under.totalReturn, -1.2, 1e-15);
    QCOMPARE(under.cagr, -1.0);
    COMPARE_REL(under.maxDrawdown, 1.2, 1e-15);
    QVERIFY(allFinite(under));

    // No initial capital: no return can be computed.
    const PerformanceMetrics broke = computeMetrics(two, {}, Money(), 252.0, 0.0);
    QCOMPARE(broke.totalReturn, 0.0);
    QCOMPARE(broke.cagr, 0.0);

    // Growth over two minutes extrapolated to a year overflows: reported as 0, never inf.
    const std::vector<EquityPoint> blink{point(at(2021, 1, 4, 10, 0), "100"),
                                         point(at(2021, 1, 4, 10, 2), "200")};
    const PerformanceMetrics fast = computeMetrics(blink, {}, money("100"), 98280.0, 0.0);
    QCOMPARE(fast.cagr, 0.0);
    QVERIFY(allFinite(fast));

    // No annualisation factor: annualised figures are 0.
    const PerformanceMetrics unscaled = computeMetrics(flat, {}, money("100"), 0.0, 0.02);
    QCOMPARE(unscaled.sharpe, 0.0);
    QCOMPARE(unscaled.sortino, 0.0);
    QVERIFY(allFinite(unscaled));
}

// +10 % every period (100, 110, 121, 133.1): the returns are equal up to rounding, so the
// dispersion is rounding noise: volatility and Sharpe 0 rather than ~1e15.
void TestMetrics::constantGrowthHasNoRisk()
{
    const std::vector<EquityPoint> curve{point(at(2021, 1, 4), "100"),
                                         point(at(2021, 1, 5), "110"),
                                         point(at(2021, 1, 6), "121"),
                                         point(at(2021, 1, 7), "133.1")};
    const PerformanceMetrics m = computeMetrics(curve, {}, money("100"), 252.0, 0.0);
    QCOMPARE(m.volatility, 0.0);
    QCOMPARE(m.sharpe, 0.0);
    QCOMPARE(m.sortino, 0.0);
    COMPARE_REL(m.totalReturn, 0.331, 1e-14);
}

void TestMetrics::periodsPerYear_data()
{
    QTest::addColumn<qint64>("minutes");
    QTest::addColumn<bool>("daily");
    QTest::addColumn<double>("expected");

    QTest::newRow("1d") << qint64(24 * 60) << true << 252.0;
    QTest::newRow("1m: 390 bars a session") << qint64(1) << false << 98280.0;
    QTest::newRow("5m: 78") << qint64(5) << false << 19656.0;
    QTest::newRow("7m: ceil(390/7) = 56") << qint64(7) << false << 14112.0;
    QTest::newRow("15m: 26") << qint64(15) << false << 6552.0;
    QTest::newRow("30m: 13") << qint64(30) << false << 3276.0;
    QTest::newRow("1h: 7 (six and a half)") << qint64(60) << false << 1764.0;
    QTest::newRow("4h: 2") << qint64(240) << false << 504.0;
    QTest::newRow("6.5h: 1") << qint64(390) << false << 252.0;
    QTest::newRow("24h, not flagged daily: 1") << qint64(24 * 60) << false << 252.0;
    QTest::newRow("zero length") << qint64(0) << false << 0.0;
}

void TestMetrics::periodsPerYear()
{
    QFETCH(qint64, minutes);
    QFETCH(bool, daily);
    QFETCH(double, expected);
    QCOMPARE(meridian::engine::periodsPerYear(Duration::minutes(minutes), daily), expected);
}

void TestMetrics::neverNaN()
{
    QVERIFY(rc::check("metrics of any curve are finite", [] {
        const auto values = *rc::gen::container<std::vector<std::int64_t>>(
            rc::gen::inRange<std::int64_t>(-1'000'000, 10'000'000));
        const auto initial = *rc::gen::inRange<std::int64_t>(-10, 1'000'000);
        const auto gapMinutes = *rc::gen::inRange<std::int64_t>(0, 3 * 24 * 60);
        const auto riskFree = *rc::gen::element(0.0, 0.02, -0.5, 3.0);
        std::vector<EquityPoint> curve;
        Timestamp time = at(2020, 1, 2);
        for (const std::int64_t cents : values) {
            const Money equity = Money::fromUnits(cents).scaled(1, 100);
            curve.push_back(EquityPoint{time, equity, cents % 3 == 0 ? Money() : equity.abs()});
            time += Duration::minutes(gapMinutes);
        }
        std::vector<TradeRecord> trades;
        for (std::size_t i = 0; i < values.size() && i < 5; ++i) {
            TradeRecord t;
            t.pnl = Money::fromUnits(values[i] % 1000);
            if (i % 2 == 0)
                t.exitTime = time;
            trades.push_back(t);
        }
        const PerformanceMetrics m
            = computeMetrics(curve, trades, Money::fromUnits(initial), 252.0, riskFree);
        RC_ASSERT(allFinite(m));
        RC_ASSERT(m.maxDrawdown >= 0.0);
        RC_ASSERT(m.maxDrawdownDurationDays >= 0.0);
        RC_ASSERT(m.exposure >= 0.0 && m.exposure <= 1.0);
        RC_ASSERT(m.winRate >= 0.0 && m.winRate <= 1.0);
        RC_ASSERT(m.volatility >= 0.0);
        RC_ASSERT(!m.profitFactor || *m.profitFactor >= 0.0);
        RC_ASSERT(curve.empty() || m.maxDrawdownPeak <= m.maxDrawdownTrough);
    }));
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
