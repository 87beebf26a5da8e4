// Data-quality checks on real data with independently documented anomalies
// (../shared/data/README.md, "Known anomalies"): QQQ's 1588-session hole, IBM's two missing
// regular-session minutes, AAPL's raw 7-for-1 split day; SPY's clean daily file; and hand-made
// duplicates, out-of-order bars, zero volume and stale closes.

#include "engine/core/civiltime.h"
#include "engine/data/csvimport.h"
#include "engine/data/dataquality.h"
#include "engine/data/historicaldatasource.h"

#include <QtTest>

using namespace meridian::engine;

namespace {

const std::string source = MERIDIAN_SOURCE_DIR;

std::vector<std::pair<Timestamp, BarData>>
importAndLoad(BarStore &store, const std::string &path, const char *symbol, const char *timeframe)
{
    ImportOptions options;
    options.symbol = symbol;
    options.timeframe = *Timeframe::parse(timeframe);
    const auto report = importCsvFile(store, path, options);
    if (!report)
        qFatal("%s", report.error().message().c_str());
    return *loadBars(store, report->dataset, InstrumentId(1), Timestamp::min(), Timestamp::max(),
                     Adjustment::Raw);
}

BarData bar(double close, double volume)
{
    const Price p = Price::fromDouble(close);
    return BarData{InstrumentId(1), p, p, p, p, Quantity::fromDouble(volume)};
}

} // namespace

class TestDataQuality : public QObject
{
    Q_OBJECT

private slots:
    void realDailyFiles()
    {
        auto store = BarStore::open(":memory:");
        const NyseCalendar calendar;
        const Timeframe daily = *Timeframe::parse("1d");

        const auto spy
            = importAndLoad(*store, source + "/resources/data/daily/SPY.csv", "SPY", "1d");
        const QualityReport spyReport = checkBars("SPY", daily, spy, calendar, {});
        QCOMPARE(spyReport.bars, std::size_t(5849));
        for (const QualityIssueKind kind :
             {QualityIssueKind::MissingSessions, QualityIssueKind::OffCalendar,
              QualityIssueKind::ZeroVolume, QualityIssueKind::Duplicate,
              QualityIssueKind::OutOfOrder})
            QCOMPARE(spyReport.total(kind), std::size_t(0));

        // QQQ jumps from 2004-11-30 to 2011-03-23: 1588 NYSE sessions missing.
        const auto qqq
            = importAndLoad(*store, source + "/resources/data/daily/QQQ.csv", "QQQ", "1d");
        const QualityReport qqqReport = checkBars("QQQ", daily, qqq, calendar, {});
        QCOMPARE(qqqReport.total(QualityIssueKind::MissingSessions), std::size_t(1588));
        std::vector<QualityIssue> holes;
        for (const QualityIssue &issue : qqqReport.issues)
            if (issue.kind == QualityIssueKind::MissingSessions)
                holes.push_back(issue);
        QCOMPARE(holes.size(), std::size_t(1));
        QCOMPARE(holes[0].detail,
                 std::string("1588 session(s) without a bar: 2004-12-01 .. 2011-03-22"));
        QCOMPARE(holes[0].time, dailyBarTimestamp(Date{2011, 3, 23}));

        // AAPL raw: the 2014-06-09 split day (−85.5%) is an outlier, explained by the split.
        const auto aapl
            = importAndLoad(*store, source + "/resources/data/daily/AAPL.csv", "AAPL", "1d");
        CorporateAction split;
        split.symbol = "AAPL";
        split.type = CorporateActionType::Split;
        split.exDate = Date{2014, 6, 9};
        split.newShares = 7;
        const QualityReport aaplReport = checkBars("AAPL", daily, aapl, calendar, {}, {split});
        bool found = false;
        for (const QualityIssue &issue : aaplReport.issues)
            if (issue.kind == QualityIssueKind::Outlier
                && issue.time == dailyBarTimestamp(Date{2014, 6, 9})) {
                found = true;
                QVERIFY(issue.detail.find("explained by the 7-for-1 split") != std::string::npos);
            }
        QVERIFY(found);
        const std::string text = formatQualityReport(spyReport, 3);
        QCOMPARE(text.substr(0, 32), std::string("SPY 1d: 5849 bars; missing_bars "));
    }

    void realMinuteFiles()
    {
        auto store = BarStore::open(":memory:");
        const NyseCalendar calendar;
        const Timeframe minute = *Timeframe::parse("1m");
        // IBM 2013-10-04 and 2013-10-11 each miss one regular-session minute (389/390).
        const auto ibm
            = importAndLoad(*store, source + "/tests/fixtures/quality/IBM-minute.csv", "IBM", "1m");
        const QualityReport report = checkBars("IBM", minute, ibm, calendar, {});
        QCOMPARE(report.total(QualityIssueKind::MissingBars), std::size_t(2));
        QCOMPARE(report.total(QualityIssueKind::MissingSessions), std::size_t(0));
        std::vector<std::string> details;
        for (const QualityIssue &issue : report.issues)
            if (issue.kind == QualityIssueKind::MissingBars)
                details.push_back(issue.detail);
        QCOMPARE(details, (std::vector<std::string>{
                              "2013-10-04: 1 regular-session bar(s) missing (389/390)",
                              "2013-10-11: 1 regular-session bar(s) missing (389/390)"}));
        // SPY's six days are complete.
        const auto spy
            = importAndLoad(*store, source + "/resources/data/minute/SPY.csv", "SPY", "1m");
        QCOMPARE(checkBars("SPY", minute, spy, calendar, {}).total(QualityIssueKind::MissingBars),
                 std::size_t(0));
    }

    void handMadeProblems()
    {
        const NyseCalendar calendar;
        QualitySettings settings;
        settings.staleBars = 3;
        QualityMonitor monitor("X", *Timeframe::parse("1d"), calendar, settings);
        std::vector<QualityIssue> issues;
        const Timestamp mon = dailyBarTimestamp(Date{2021, 3, 1});
        const Timestamp tue = dailyBarTimestamp(Date{2021, 3, 2});
        const Timestamp wed = dailyBarTimestamp(Date{2021, 3, 3});
        const Timestamp thu = dailyBarTimestamp(Date{2021, 3, 4});
        const Timestamp sat = dailyBarTimestamp(Date{2021, 3, 6});
        monitor.observe(mon, bar(10, 100), issues);
        monitor.observe(mon, bar(10, 100), issues); // duplicate
        monitor.observe(tue, bar(10, 0), issues);   // zero volume, close unchanged (2)
        monitor.observe(mon, bar(11, 100), issues); // out of order
        monitor.observe(thu, bar(10, 100), issues); // Wednesday missing; 3rd equal close: stale
        monitor.observe(sat, bar(12, 100), issues); // a Saturday, after a Friday without a bar
        monitor.finish(issues);
        std::vector<std::string> kinds;
        for (const QualityIssue &issue : issues)
            kinds.emplace_back(toString(issue.kind));
        QCOMPARE(kinds, (std::vector<std::string>{"duplicate", "zero_volume", "out_of_order",
                                                  "missing_sessions", "stale_price", "off_calendar",
                                                  "missing_sessions"}));
        QCOMPARE(issues[3].detail,
                 std::string("1 session(s) without a bar: 2021-03-03 .. 2021-03-03"));
        (void)wed;
        QCOMPARE(issues[4].detail,
                 std::string("close 10 unchanged on 3 bars since 2021-03-01T21:00:00Z"));
    }

    void importRunsTheChecksWhenAsked()
    {
        auto store = BarStore::open(":memory:");
        ImportOptions options;
        options.symbol = "QQQ";
        options.timeframe = *Timeframe::parse("1d");
        options.checkQuality = true;
        const auto report
            = importCsvFile(*store, source + "/resources/data/daily/QQQ.csv", options);
        QVERIFY(report->quality.has_value());
        QCOMPARE(report->quality->total(QualityIssueKind::MissingSessions), std::size_t(1588));
    }
};

QTEST_APPLESS_MAIN(TestDataQuality)
#include "tst_dataquality.moc"
