// CSV import: hand-checked stored values and timestamps, every validation error with its exact
// message and an unchanged store, quarantine, versions, Yahoo layouts, the bundled files.

#include "engine/data/barstore.h"
#include "engine/data/bundleddata.h"
#include "engine/data/csvimport.h"
#include "engine/data/sqlitestatement.h"
#include "engine/data/timeframe.h"

#include "engine/core/civiltime.h"
#include "engine/core/money.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <map>
#include <memory>
#include <optional>

using namespace meridian::engine;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

const std::string sourceDir = MERIDIAN_SOURCE_DIR;

std::int64_t rawPrice(const char *text)
{
    return Price::parse(text)->raw();
}

ImportOptions options(const std::string &symbol, const char *timeframe)
{
    ImportOptions result;
    result.symbol = symbol;
    result.timeframe = *Timeframe::parse(timeframe);
    return result;
}

using BarRow = std::array<std::int64_t, 9>; // dataset, ts, o, h, l, c, v, adj, adj-is-null

std::vector<BarRow> allBars(const BarStore &store)
{
    auto stmt = SqliteStatement::prepare(store.handle(),
                                         "SELECT dataset_id, ts, open, high, low, close, volume,"
                                         " adj_close, adj_close IS NULL FROM bars"
                                         " ORDER BY dataset_id, ts");
    std::vector<BarRow> rows;
    while (*stmt->step()) {
        BarRow row{};
        for (int i = 0; i < 9; ++i)
            row[static_cast<std::size_t>(i)] = stmt->columnInt64(i);
        rows.push_back(row);
    }
    return rows;
}

struct Snapshot
{
    std::vector<DatasetInfo> datasets;
    std::vector<BarRow> bars;
    bool operator==(const Snapshot &) const = default;
};

Snapshot snapshot(const BarStore &store)
{
    return {*store.datasets(), allBars(store)};
}

const char *threeRows = "timestamp,open,high,low,close,volume,adj_close\n"
                        "2013-10-04,167.74,169.06,167.53,168.89,84960871,146.026786\n"
                        "2013-10-07,167.43,168.45,167.25,167.42,81489219,144.755785\n"
                        "2013-12-02,181.13,181.43,180.25,180.54,76545928,156.099686\n";

} // namespace

class TestCsvImport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void timeframeParses_data();
    void timeframeParses();
    void timeframeRejects_data();
    void timeframeRejects();

    void importsHandCheckedDailyRows();
    void stampsIntradayBarsAtTheirEnd();
    void stampsHourBarsAtTheirEnd();
    void importsWithoutAdjCloseAndDecimalVolume();
    void toleratesCrLfBomAndMissingFinalNewline();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void listsEveryProblemOfAFile();
    void quarantinesBadRows();
    void quarantineWithNoGoodRowIsRefused();
    void unwritableQuarantineLeavesStoreUnchanged();
    void reimportCreatesNewVersion();
    void importsYahooOldLayoutNewestFirst();
    void importsYahooCurrentLayout();
    void importsBackTraderYahooCopy();
    void refusesMixedOrder();
    void refusesUnknownFileAndSymbol();
    void importsBundledSpy();
    void importsEveryBundledFile();
    void importsBundledDataOnlyOnce();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<BarStore> m_store;
    std::string path(const char *name) const { return m_dir->filePath(name).toStdString(); }
    // Imports `csv` as "spy.csv" into a store already holding data and expects it to be refused
    // with exactly `message`, leaving the store as it was.
    void expectRefusal(const std::string &csv, const char *timeframe, const QString &message);
};

void TestCsvImport::expectRefusal(const std::string &csv,
                                  const char *timeframe,
                                  const QString &message)
{
    QVERIFY(importCsvText(*m_store, threeRows, "base.csv", options("SPY", "1d")).has_value());
    QVERIFY(importCsvText(*m_store, threeRows, "base.csv", options("TLT", "1d")).has_value());
    const Snapshot before = snapshot(*m_store);
    const auto report = importCsvText(*m_store, csv, "spy.csv", options("SPY", timeframe));
    QVERIFY(!report.has_value());
    QCOMPARE(qs(report.error().message()), message);
    QVERIFY(snapshot(*m_store) == before);
    QCOMPARE(m_store->latestDataset("SPY", "1d")->value().version, 1);
}

void TestCsvImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto store = BarStore::open(path("market.db"));
    QVERIFY2(store.has_value(), store ? "" : store.error().message().c_str());
    m_store.emplace(std::move(*store));
}

void TestCsvImport::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestCsvImport::timeframeParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<bool>("daily");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("1d") << "1d" << qint64(86400) << true << "1d";
    QTest::newRow("1h") << "1h" << qint64(3600) << false << "1h";
    QTest::newRow("1m") << "1m" << qint64(60) << false << "1m";
    QTest::newRow("5m") << "5m" << qint64(300) << false << "5m";
    QTest::newRow("15m") << "15m" << qint64(900) << false << "15m";
    QTest::newRow("30s") << "30s" << qint64(30) << false << "30s";
    QTest::newRow("leading zero") << "05m" << qint64(300) << false << "5m";
    QTest::newRow("23h") << "23h" << qint64(82800) << false << "23h";
}

void TestCsvImport::timeframeParses()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    QFETCH(bool, daily);
    QFETCH(QString, canonical);
    const auto timeframe = Timeframe::parse(text.toStdString());
    QVERIFY2(timeframe.has_value(), timeframe ? "" : timeframe.error().message().c_str());
    QCOMPARE(timeframe->length.count(), seconds * 1'000'000'000);
    QCOMPARE(timeframe->daily, daily);
    QCOMPARE(qs(timeframe->text), canonical);
    QVERIFY(timeframe->isValid());
}

void TestCsvImport::timeframeRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString expected = "expected <n>s, <n>m, <n>h or 1d (e.g. 1d, 1h, 15m, 1m, 30s)";
    QTest::newRow("0m") << "0m"
                        << "timeframe '0m': the length must be positive";
    QTest::newRow("2d") << "2d"
                        << "timeframe '2d': only 1d is supported for daily bars";
    QTest::newRow("garbage") << "abc"
                             << "timeframe 'abc': " + expected;
    QTest::newRow("empty") << ""
                           << "timeframe '': " + expected;
    QTest::newRow("unit only") << "m"
                               << "timeframe 'm': " + expected;
    QTest::newRow("no unit") << "5"
                             << "timeframe '5': " + expected;
    QTest::newRow("negative") << "-1m"
                              << "timeframe '-1m': " + expected;
    QTest::newRow("upper case") << "1M"
                                << "timeframe '1M': " + expected;
    QTest::newRow("week") << "1w"
                          << "timeframe '1w': " + expected;
    QTest::newRow("24h")
        << "24h"
        << "timeframe '24h': intraday bars must be shorter than a day; use 1d for daily bars";
    QTest::newRow("1440m") << "1440m"
                           << "timeframe '1440m': intraday bars must be shorter than a day; use 1d "
                              "for daily bars";
    QTest::newRow("huge") << "99999999999m"
                          << "timeframe '99999999999m': longer than one day; use 1d for daily bars";
}

void TestCsvImport::timeframeRejects()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto timeframe = Timeframe::parse(text.toStdString());
    QVERIFY(!timeframe.has_value());
    QCOMPARE(qs(timeframe.error().message()), message);
}

void TestCsvImport::importsHandCheckedDailyRows()
{
    const auto report = importCsvText(*m_store, threeRows, "spy.csv", options("SPY", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    QCOMPARE(report->rowsRead, std::size_t(3));
    QCOMPARE(report->rowsImported, std::size_t(3));
    QCOMPARE(report->rowsQuarantined, std::size_t(0));
    QVERIFY(!report->reversed);
    QVERIFY(report->problems.empty());

    const DatasetInfo &info = report->dataset;
    QCOMPARE(qs(info.symbol), QString("SPY"));
    QCOMPARE(qs(info.timeframe), QString("1d"));
    QCOMPARE(info.version, 1);
    QCOMPARE(info.rows, std::int64_t(3));
    QVERIFY(info.hasAdjClose);
    QCOMPARE(qs(info.source), QString("spy.csv"));
    QVERIFY(QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")
                .match(qs(info.importedAt))
                .hasMatch());
    // 16:00 New York: EDT (UTC-4) in October, EST (UTC-5) in December.
    QCOMPARE(formatIso(info.first), std::string("2013-10-04T20:00:00Z"));
    QCOMPARE(info.first.unixNanos(), std::int64_t(1380916800000000000));
    QCOMPARE(info.last.unixNanos(), std::int64_t(1386018000000000000));
    QCOMPARE(formatIso(info.last), std::string("2013-12-02T21:00:00Z"));

    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(3));
    const BarRow expected0{info.id,          1380916800000000000, 16774000000,
                           16906000000,      16753000000,         16889000000,
                           8496087100000000, 14602678600,         0};
    const BarRow expected1{info.id,          1381176000000000000, 16743000000,
                           16845000000,      16725000000,         16742000000,
                           8148921900000000, 14475578500,         0};
    const BarRow expected2{info.id,          1386018000000000000, 18113000000,
                           18143000000,      18025000000,         18054000000,
                           7654592800000000, 15609968600,         0};
    QVERIFY(bars[0] == expected0);
    QVERIFY(bars[1] == expected1);
    QVERIFY(bars[2] == expected2);

    // Stored as SQLite integers, not reals or text.
    auto types = SqliteStatement::prepare(m_store->handle(),
                                          "SELECT DISTINCT typeof(ts) || typeof(open) ||"
                                          " typeof(volume) || typeof(adj_close) FROM bars");
    QVERIFY(*types->step());
    QCOMPARE(qs(types->columnText(0)), QString("integerintegerintegerinteger"));
    QVERIFY(!*types->step());
}

void TestCsvImport::stampsIntradayBarsAtTheirEnd()
{
    const char *csv = "timestamp,open,high,low,close,volume\n"
                      "2013-10-07T09:30:00,167.43,167.52,167.41,167.44,816453\n"
                      "2013-10-07T13:32:00Z,167.47,167.47,167.31,167.37,876364\n"
                      "2013-10-07T09:33:00-04:00,167.4,167.5,167.3,167.35,1000\n"
                      "2013-12-02T09:30:00,181.13,181.2,181.1,181.15,2000\n";
    const auto report = importCsvText(*m_store, csv, "spy-1m.csv", options("SPY", "1m"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(4));
    // 09:30 EDT start -> 09:31 EDT = 13:31Z.
    QCOMPARE(bars[0][1], std::int64_t(1381152660000000000));
    QCOMPARE(formatIso(Timestamp::fromUnixNanos(bars[0][1])), std::string("2013-10-07T13:31:00Z"));
    QCOMPARE(formatIso(Timestamp::fromUnixNanos(bars[1][1])), std::string("2013-10-07T13:33:00Z"));
    QCOMPARE(formatIso(Timestamp::fromUnixNanos(bars[2][1])), std::string("2013-10-07T13:34:00Z"));
    // EST in December: 09:30 start -> 09:31 = 14:31Z.
    QCOMPARE(bars[3][1], std::int64_t(1385994660000000000));
    QCOMPARE(bars[0][8], std::int64_t(1)); // no adj_close column: NULL
    QVERIFY(!report->dataset.hasAdjClose);
    QCOMPARE(qs(report->dataset.timeframe), QString("1m"));
}

void TestCsvImport::stampsHourBarsAtTheirEnd()
{
    const char *csv = "timestamp,open,high,low,close,volume\n"
                      "2013-10-07T09:00:00,167.43,167.52,167.41,167.44,816453\n";
    const auto report = importCsvText(*m_store, csv, "spy-1h.csv", options("SPY", "1h"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    QCOMPARE(report->dataset.first.unixNanos(), std::int64_t(1381154400000000000));
    QCOMPARE(formatNewYork(report->dataset.first), std::string("2013-10-07 10:00:00"));
}

void TestCsvImport::importsWithoutAdjCloseAndDecimalVolume()
{
    // Columns in another order, mixed case, spaces around values.
    const char *csv = "Close, Volume ,TIMESTAMP,open,High,low\n"
                      "10.5,1.5,2020-01-02, 10 ,11,9.75\n";
    const auto report = importCsvText(*m_store, csv, "x.csv", options("ABC", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(1));
    QCOMPARE(bars[0][2], rawPrice("10"));
    QCOMPARE(bars[0][3], rawPrice("11"));
    QCOMPARE(bars[0][4], rawPrice("9.75"));
    QCOMPARE(bars[0][5], rawPrice("10.5"));
    QCOMPARE(bars[0][6], std::int64_t(150000000)); // 1.5 shares
    QCOMPARE(bars[0][8], std::int64_t(1));
}

void TestCsvImport::toleratesCrLfBomAndMissingFinalNewline()
{
    const char *csv = "\xEF\xBB\xBFtimestamp,open,high,low,close,volume\r\n"
                      "2020-01-02,10,11,9,10.5,100\r\n"
                      "\r\n"
                      "2020-01-03,10.5,12,10,11,200";
    const auto report = importCsvText(*m_store, csv, "crlf.csv", options("ABC", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    QCOMPARE(report->rowsRead, std::size_t(2));
    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(2));
    QCOMPARE(bars[1][5], rawPrice("11"));
    QCOMPARE(bars[1][6], std::int64_t(200) * Quantity::scale);
}

void TestCsvImport::refusesBadFiles_data()
{
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("timeframe");
    QTest::addColumn<QString>("message");

    const QString header = "timestamp,open,high,low,close,volume,adj_close\n";
    const QString good = "2020-01-02,100,101,99,100.5,1000,90\n";
    const QString refused1of2 = "spy.csv: refused: 1 problem in 1 of 2 rows; nothing was imported";

    QTest::newRow("nan") << header + good + "2020-01-03,100,101,99,nan,1000,90\n"
                         << "1d"
                         << "spy.csv:3: close: 'nan' is not a number\n" + refused1of2;
    QTest::newRow("NaN upper") << header + good + "2020-01-03,NaN,101,99,100,1000,90\n"
                               << "1d"
                               << "spy.csv:3: open: 'NaN' is not a number\n" + refused1of2;
    QTest::newRow("inf") << header + good + "2020-01-03,100,inf,99,100,1000,90\n"
                         << "1d"
                         << "spy.csv:3: high: 'inf' is not a number\n" + refused1of2;
    QTest::newRow("-Infinity") << header + good + "2020-01-03,100,101,-Infinity,100,1000,90\n"
                               << "1d"
                               << "spy.csv:3: low: '-Infinity' is not a number\n" + refused1of2;
    QTest::newRow("null") << header + good + "2020-01-03,100,101,99,100,1000,null\n"
                          << "1d"
                          << "spy.csv:3: adj_close: 'null' is not a number\n" + refused1of2;
    QTest::newRow("empty field") << header + good + "2020-01-03,100,101,99,,1000,90\n"
                                 << "1d"
                                 << "spy.csv:3: close: empty value is not a number\n" + refused1of2;
    QTest::newRow("high below") << header + good + "2020-01-03,100,101.5,99,102,1000,90\n"
                                << "1d"
                                << "spy.csv:3: high: 101.5 is below max(open, close) 102\n"
                                       + refused1of2;
    QTest::newRow("low above") << header + good + "2020-01-03,102,104,103,102.50,1000,90\n"
                               << "1d"
                               << "spy.csv:3: low: 103 is above min(open, close) 102\n"
                                      + refused1of2;
    QTest::newRow("negative") << header + good + "2020-01-03,-3,101,99,100,1000,90\n"
                              << "1d"
                              << "spy.csv:3: open: -3 is negative\n" + refused1of2;
    QTest::newRow("zero") << header + good + "2020-01-03,100,101,99,0,1000,90\n"
                          << "1d"
                          << "spy.csv:3: close: 0 is not a positive price\n" + refused1of2;
    QTest::newRow("negative volume") << header + good + "2020-01-03,100,101,99,100,-5,90\n"
                                     << "1d"
                                     << "spy.csv:3: volume: -5 is negative\n" + refused1of2;
    QTest::newRow("too many decimals")
        << header + good + "2020-01-03,100,101,99,100.123456789,1000,90\n"
        << "1d"
        << "spy.csv:3: close: '100.123456789' has more than 8 decimal places\n" + refused1of2;
    QTest::newRow("duplicate")
        << header + good + "2020-01-02,100,101,99,100,1000,90\n"
        << "1d"
        << "spy.csv:3: timestamp: 2020-01-02 is not after the previous row's 2020-01-02\n"
               + refused1of2;
    QTest::newRow("decreasing")
        << header
               + "2020-01-02,100,101,99,100,1000,90\n2020-01-06,100,101,99,100,1000,90\n"
                 "2020-01-03,100,101,99,100,1000,90\n2020-01-07,100,101,99,100,1000,90\n"
        << "1d"
        << "spy.csv:4: timestamp: 2020-01-03 is not after the previous row's 2020-01-06\n"
           "spy.csv: refused: 1 problem in 1 of 4 rows; nothing was imported";
    QTest::newRow("too few fields") << header + good + "2020-01-03,100,101,99,100,1000\n"
                                    << "1d"
                                    << "spy.csv:3: row: expected 7 fields, got 6\n" + refused1of2;
    QTest::newRow("too many fields") << header + good + "2020-01-03,100,101,99,100,1000,90,7,8,9\n"
                                     << "1d"
                                     << "spy.csv:3: row: expected 7 fields, got 10\n" + refused1of2;
    QTest::newRow("missing close")
        << "timestamp,open,high,low,volume,adj_close\n2020-01-02,100,101,99,1000,90\n"
        << "1d"
        << "spy.csv:1: header: missing column 'close'\n"
           "spy.csv: refused: the header is not usable; nothing was imported";
    QTest::newRow("missing two columns")
        << "date,open,high,low\n2020-01-02,100,101,99\n"
        << "1d"
        << "spy.csv:1: header: missing column 'close'\n"
           "spy.csv:1: header: missing column 'volume'\n"
           "spy.csv: refused: the header is not usable; nothing was imported";
    QTest::newRow("unknown column")
        << "timestamp,open,high,low,close,volume,vwap\n2020-01-02,100,101,99,100,1000,100\n"
        << "1d"
        << "spy.csv:1: header: unknown column 'vwap' (expected timestamp, open, high, low, "
           "close, volume and optionally adj_close)\n"
           "spy.csv: refused: the header is not usable; nothing was imported";
    QTest::newRow("duplicate column")
        << "timestamp,open,high,low,close,Close,volume\n2020-01-02,100,101,99,100,100,1000\n"
        << "1d"
        << "spy.csv:1: header: column 'close' appears twice\n"
           "spy.csv: refused: the header is not usable; nothing was imported";
    QTest::newRow("no header row")
        << "2020-01-02,100,101,99,100.5,1000\n2020-01-03,100,101,99,100.5,1000\n"
        << "1d"
        << "spy.csv:1: header: missing header row (this line looks like data); expected "
           "timestamp,open,high,low,close,volume[,adj_close]\n"
           "spy.csv: refused: the header is not usable; nothing was imported";
    QTest::newRow("empty file") << ""
                                << "1d"
                                << "spy.csv: file is empty";
    QTest::newRow("blank lines only") << "\n\r\n\n"
                                      << "1d"
                                      << "spy.csv: file is empty";
    QTest::newRow("header only") << header << "1d"
                                 << "spy.csv: no data rows after the header";
    QTest::newRow("date for intraday")
        << "timestamp,open,high,low,close,volume\n2013-10-07,100,101,99,100,1000\n"
        << "1m"
        << "spy.csv:2: timestamp: '2013-10-07' is a date without a time of day, but timeframe 1m "
           "needs YYYY-MM-DDTHH:MM:SS (the bar's start, New York time)\n"
           "spy.csv: refused: 1 problem in 1 of 1 rows; nothing was imported";
    QTest::newRow("time for daily")
        << "timestamp,open,high,low,close,volume\n2013-10-07T09:30:00,100,101,99,100,1000\n"
        << "1d"
        << "spy.csv:2: timestamp: '2013-10-07T09:30:00' has a time of day, but timeframe 1d "
           "takes dates (YYYY-MM-DD)\n"
           "spy.csv: refused: 1 problem in 1 of 1 rows; nothing was imported";
    QTest::newRow("invalid date")
        << header + good + "2020-02-30,100,101,99,100,1000,90\n"
        << "1d"
        << "spy.csv:3: timestamp: '2020-02-30' is not a valid calendar date\n" + refused1of2;
    QTest::newRow("garbage date")
        << header + good + "Jan 3 2020,100,101,99,100,1000,90\n"
        << "1d"
        << "spy.csv:3: timestamp: 'Jan 3 2020' is not a date (expected YYYY-MM-DD)\n" + refused1of2;
    QTest::newRow("garbage time")
        << "timestamp,open,high,low,close,volume\n2013-10-07T9:30,100,101,99,100,1000\n"
        << "1m"
        << "spy.csv:2: timestamp: '2013-10-07T9:30' is not an ISO-8601 time: expected HH:MM\n"
           "spy.csv: refused: 1 problem in 1 of 1 rows; nothing was imported";
}

void TestCsvImport::refusesBadFiles()
{
    QFETCH(QString, csv);
    QFETCH(QString, timeframe);
    QFETCH(QString, message);
    expectRefusal(csv.toStdString(), timeframe.toLatin1().constData(), message);
}

void TestCsvImport::listsEveryProblemOfAFile()
{
    expectRefusal("timestamp,open,high,low,close,volume,adj_close\n"
                  "2020-01-02,100,101,99,100.5,1000,90\n"
                  "2020-01-03,nan,101,99,100,1000,90\n"
                  "2020-01-03,100,99,101,100,-1,90\n"
                  "2020-01-06,100,101,99,100,1000\n"
                  "2020-01-07,100,101,99,100,1000,90\n",
                  "1d",
                  "spy.csv:3: open: 'nan' is not a number\n"
                  "spy.csv:4: volume: -1 is negative\n"
                  "spy.csv:4: high: 99 is below max(open, close) 100\n"
                  "spy.csv:4: low: 101 is above min(open, close) 100\n"
                  "spy.csv:4: timestamp: 2020-01-03 is not after the previous row's 2020-01-03\n"
                  "spy.csv:5: row: expected 7 fields, got 6\n"
                  "spy.csv: refused: 6 problems in 3 of 5 rows; nothing was imported");
}

void TestCsvImport::quarantinesBadRows()
{
    const char *csv = "timestamp,open,high,low,close,volume\n"
                      "2020-01-02,100,101,99,100.5,1000\n"
                      "2020-01-03,100,101,99,nan,1000\n"
                      "2020-01-06,100,101,99,100,1000\n"
                      "2020-01-07,102,101,99,100,1000\n"
                      "2020-01-08,100,101,99,100,1000\n";
    ImportOptions opts = options("SPY", "1d");
    opts.quarantinePath = path("quarantine.csv");
    const auto report = importCsvText(*m_store, csv, "spy.csv", opts);
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    QCOMPARE(report->rowsRead, std::size_t(5));
    QCOMPARE(report->rowsImported, std::size_t(3));
    QCOMPARE(report->rowsQuarantined, std::size_t(2));
    QCOMPARE(report->dataset.rows, std::int64_t(3));
    QCOMPARE(report->problems.size(), std::size_t(2));
    QCOMPARE(qs(report->problems[0]), QString("spy.csv:3: close: 'nan' is not a number"));
    QCOMPARE(qs(report->problems[1]),
             QString("spy.csv:5: high: 101 is below max(open, close) 102"));

    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(3));
    QCOMPARE(bars[0][1], dailyBarTimestamp({2020, 1, 2}).unixNanos());
    QCOMPARE(bars[1][1], dailyBarTimestamp({2020, 1, 6}).unixNanos());
    QCOMPARE(bars[2][1], dailyBarTimestamp({2020, 1, 8}).unixNanos());

    QFile file(m_dir->filePath("quarantine.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
             QString("line,reason,row\n"
                     "3,\"close: 'nan' is not a number\",\"2020-01-03,100,101,99,nan,1000\"\n"
                     "5,\"high: 101 is below max(open, close) 102\","
                     "\"2020-01-07,102,101,99,100,1000\"\n"));
}

void TestCsvImport::quarantineWithNoGoodRowIsRefused()
{
    const Snapshot before = snapshot(*m_store);
    ImportOptions opts = options("SPY", "1d");
    opts.quarantinePath = path("quarantine.csv");
    const auto report = importCsvText(*m_store,
                                      "timestamp,open,high,low,close,volume\n"
                                      "2020-01-02,100,101,99,\"100\",1000\n",
                                      "spy.csv", opts);
    QVERIFY(!report.has_value());
    QCOMPARE(qs(report.error().message()),
             QString("spy.csv:2: close: '\"100\"' is not a number\n"
                     "spy.csv: refused: 1 problem in 1 of 1 rows; no valid row to import"));
    QVERIFY(snapshot(*m_store) == before);
    QVERIFY(!QFile::exists(m_dir->filePath("quarantine.csv")));
}

void TestCsvImport::unwritableQuarantineLeavesStoreUnchanged()
{
    QVERIFY(importCsvText(*m_store, threeRows, "base.csv", options("SPY", "1d")).has_value());
    const Snapshot before = snapshot(*m_store);
    ImportOptions opts = options("SPY", "1d");
    opts.quarantinePath = path("no-such-dir/quarantine.csv");
    const auto report = importCsvText(*m_store,
                                      "timestamp,open,high,low,close,volume\n"
                                      "2020-01-02,100,101,99,100,1000\n"
                                      "2020-01-03,100,101,99,nan,1000\n",
                                      "spy.csv", opts);
    QVERIFY(!report.has_value());
    QCOMPARE(
        qs(report.error().message()),
        qs(*opts.quarantinePath + ": cannot write the quarantine file: No such file or directory"));
    QVERIFY(snapshot(*m_store) == before);
}

void TestCsvImport::reimportCreatesNewVersion()
{
    const auto first = importCsvText(*m_store, threeRows, "a.csv", options("SPY", "1d"));
    QVERIFY(first.has_value());
    const char *second = "timestamp,open,high,low,close,volume\n"
                         "2020-01-02,100,101,99,100.5,1000\n";
    const auto again = importCsvText(*m_store, second, "b.csv", options("SPY", "1d"));
    QVERIFY2(again.has_value(), again ? "" : again.error().message().c_str());
    QCOMPARE(again->dataset.version, 2);
    QVERIFY(again->dataset.id != first->dataset.id);

    const auto latest = m_store->latestDataset("SPY", "1d");
    QVERIFY(latest.has_value() && latest->has_value());
    QVERIFY(**latest == again->dataset);
    const auto v1 = m_store->dataset("SPY", "1d", 1);
    QVERIFY(v1.has_value() && v1->has_value());
    QVERIFY(**v1 == first->dataset);
    QCOMPARE((*v1)->rows, std::int64_t(3));
    QCOMPARE(qs((*v1)->source), QString("a.csv"));
    QCOMPARE((*latest)->rows, std::int64_t(1));
    QVERIFY(!(*latest)->hasAdjClose);
    // Version 1's bars are untouched.
    QCOMPARE(allBars(*m_store).size(), std::size_t(4));
    // Another timeframe starts its own versions.
    const auto minute = importCsvText(*m_store,
                                      "timestamp,open,high,low,close,volume\n"
                                      "2020-01-02T09:30:00,100,101,99,100.5,1000\n",
                                      "c.csv", options("SPY", "1m"));
    QVERIFY(minute.has_value());
    QCOMPARE(minute->dataset.version, 1);
}

void TestCsvImport::importsYahooOldLayoutNewestFirst()
{
    const std::string file = sourceDir + "/tests/fixtures/csv/yahoo-SPY-qstrader-2016-head30.csv";
    const auto report = importCsvFile(*m_store, file, options("SPY", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    QVERIFY(report->reversed);
    QCOMPARE(report->rowsImported, std::size_t(29));
    QCOMPARE(qs(report->dataset.source), qs(file));
    QVERIFY(report->dataset.hasAdjClose);
    QCOMPARE(report->dataset.first.unixNanos(), std::int64_t(1448053200000000000)); // 2015-11-20
    QCOMPARE(report->dataset.last.unixNanos(), std::int64_t(1451941200000000000));  // 2016-01-04
    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(29));
    // Oldest row (the file's last line): 2015-11-20,209.449997,210.119995,208.860001,
    // 209.309998,94011500,203.69745 -- Volume before Adj Close in this layout.
    QCOMPARE(bars[0][2], rawPrice("209.449997"));
    QCOMPARE(bars[0][3], rawPrice("210.119995"));
    QCOMPARE(bars[0][4], rawPrice("208.860001"));
    QCOMPARE(bars[0][5], rawPrice("209.309998"));
    QCOMPARE(bars[0][6], std::int64_t(94011500) * Quantity::scale);
    QCOMPARE(bars[0][7], rawPrice("203.69745"));
    // Newest row (the file's first data line).
    QCOMPARE(bars[28][5], rawPrice("201.020004"));
    QCOMPARE(bars[28][6], std::int64_t(222353500) * Quantity::scale);
    QCOMPARE(bars[28][7], rawPrice("196.794026"));
    for (std::size_t i = 1; i < bars.size(); ++i)
        QVERIFY(bars[i][1] > bars[i - 1][1]);
}

void TestCsvImport::importsYahooCurrentLayout()
{
    const std::string file = sourceDir + "/tests/fixtures/csv/yahoo-TLT-qstrader1-2019-head30.csv";
    const auto report = importCsvFile(*m_store, file, options("TLT", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    QVERIFY(!report->reversed);
    QCOMPARE(report->rowsImported, std::size_t(29));
    QCOMPARE(report->dataset.first.unixNanos(), std::int64_t(1028059200000000000)); // 2002-07-30
    QCOMPARE(report->dataset.last.unixNanos(), std::int64_t(1031601600000000000));  // 2002-09-09
    const auto bars = allBars(*m_store);
    // 2002-07-30,81.750000,81.900002,81.519997,81.519997,43.791851,6100: Adj Close before Volume.
    // Same values as the first row of daily/TLT.csv.
    QCOMPARE(bars[0][2], rawPrice("81.75"));
    QCOMPARE(bars[0][5], rawPrice("81.519997"));
    QCOMPARE(bars[0][6], std::int64_t(6100) * Quantity::scale);
    QCOMPARE(bars[0][7], rawPrice("43.791851"));
}

void TestCsvImport::importsBackTraderYahooCopy()
{
    const std::string file = sourceDir + "/tests/fixtures/csv/yahoo-nvda-1999-2014-head30.csv";
    const auto report = importCsvFile(*m_store, file, options("NVDA", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(29));
    // Reference figures: NVDA first close 1.640625, first adj_close 1.518424.
    QCOMPARE(bars[0][5], rawPrice("1.640625"));
    QCOMPARE(bars[0][7], rawPrice("1.518424"));
    QCOMPARE(bars[0][6], std::int64_t(67867200) * Quantity::scale);
}

void TestCsvImport::refusesMixedOrder()
{
    // Newest-first, with one row out of place.
    const char *csv = "Date,Open,High,Low,Close,Volume,Adj Close\n"
                      "2016-01-06,100,101,99,100,1000,90\n"
                      "2016-01-05,100,101,99,100,1000,90\n"
                      "2016-01-07,100,101,99,100,1000,90\n"
                      "2016-01-04,100,101,99,100,1000,90\n";
    expectRefusal(csv, "1d",
                  "spy.csv:4: timestamp: 2016-01-07 is not before the previous row's "
                  "2016-01-05 (the file is newest-first)\n"
                  "spy.csv: refused: 1 problem in 1 of 4 rows; nothing was imported");

    // With a quarantine file the misplaced row is set aside and the rest imported reversed.
    ImportOptions opts = options("SPY", "1d");
    opts.quarantinePath = path("q.csv");
    const auto quarantined = importCsvText(*m_store, csv, "spy.csv", opts);
    QVERIFY(quarantined.has_value());
    QVERIFY(quarantined->reversed);
    QCOMPARE(quarantined->rowsImported, std::size_t(3));
    QCOMPARE(quarantined->dataset.first, dailyBarTimestamp({2016, 1, 4}));
    QCOMPARE(quarantined->dataset.last, dailyBarTimestamp({2016, 1, 6}));
}

void TestCsvImport::refusesUnknownFileAndSymbol()
{
    const Snapshot before = snapshot(*m_store);
    const std::string missing = path("missing.csv");
    const auto noFile = importCsvFile(*m_store, missing, options("SPY", "1d"));
    QVERIFY(!noFile.has_value());
    QCOMPARE(qs(noFile.error().message()),
             qs(missing + ": cannot open: No such file or directory"));

    const auto badSymbol = importCsvText(*m_store, threeRows, "spy.csv", options("spy!", "1d"));
    QVERIFY(!badSymbol.has_value());
    QVERIFY2(badSymbol.error().message().rfind("spy.csv: symbol: ", 0) == 0,
             badSymbol.error().message().c_str());

    ImportOptions noTimeframe;
    noTimeframe.symbol = "SPY";
    const auto noTf = importCsvText(*m_store, threeRows, "spy.csv", noTimeframe);
    QVERIFY(!noTf.has_value());
    QCOMPARE(qs(noTf.error().message()), QString("spy.csv: no timeframe given"));
    QVERIFY(snapshot(*m_store) == before);
}

void TestCsvImport::importsBundledSpy()
{
    const auto report = importCsvFile(*m_store, sourceDir + "/resources/data/daily/SPY.csv",
                                      options("SPY", "1d"));
    QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
    // Reference figures (shared/data/README.md): 5849 rows, first close 97.36, last 396.33,
    // first adj_close 63.932476, 1998-01-02 .. 2021-03-31.
    QCOMPARE(report->dataset.rows, std::int64_t(5849));
    QCOMPARE(report->dataset.first.unixNanos(), std::int64_t(883774800000000000));
    QCOMPARE(report->dataset.last.unixNanos(), std::int64_t(1617220800000000000));
    const auto bars = allBars(*m_store);
    QCOMPARE(bars.size(), std::size_t(5849));
    QCOMPARE(bars.front()[5], rawPrice("97.36"));
    QCOMPARE(bars.front()[7], rawPrice("63.932476"));
    QCOMPARE(bars.back()[5], rawPrice("396.33"));
    QCOMPARE(bars.back()[7], rawPrice("396.33"));
}

void TestCsvImport::importsEveryBundledFile()
{
    // Row counts from resources/data/README.md.
    const std::map<std::string, std::int64_t> expectedRows{
        {"daily/SPY.csv", 5849},  {"daily/TLT.csv", 4306},  {"daily/AGG.csv", 2505},
        {"daily/QQQ.csv", 3964},  {"daily/AAPL.csv", 5849}, {"daily/IBM.csv", 5849},
        {"minute/SPY.csv", 4839}, {"minute/AAPL.csv", 2303}};
    const auto files = bundledFiles();
    QCOMPARE(files.size(), expectedRows.size());
    for (const BundledFile &file : files) {
        const auto report
            = importCsvFile(*m_store, sourceDir + "/resources/data/" + file.relativePath,
                            options(file.symbol, file.timeframe.c_str()));
        QVERIFY2(report.has_value(), report ? "" : report.error().message().c_str());
        QCOMPARE(report->dataset.rows, expectedRows.at(file.relativePath));
        QCOMPARE(report->dataset.hasAdjClose, file.timeframe == "1d");
    }
    // The minute SPY file starts with a 04:06 bar on 2013-10-04 (EDT): stamped 04:07 = 08:07Z.
    const auto minute = m_store->latestDataset("SPY", "1m");
    QCOMPARE(formatIso((*minute)->first), std::string("2013-10-04T08:07:00Z"));
}

void TestCsvImport::importsBundledDataOnlyOnce()
{
    const std::string dir = sourceDir + "/resources/data";
    const auto first = importBundledData(*m_store, dir, {"SPY", "TLT", "XYZ"}, "1d");
    QVERIFY2(first.has_value(), first ? "" : first.error().message().c_str());
    QCOMPARE(first->size(), std::size_t(2));
    QCOMPARE(qs((*first)[0].dataset.symbol), QString("SPY"));
    QCOMPARE(qs((*first)[1].dataset.symbol), QString("TLT"));
    QCOMPARE((*first)[1].dataset.rows, std::int64_t(4306));

    const Snapshot before = snapshot(*m_store);
    const auto second = importBundledData(*m_store, dir, {"SPY", "TLT"}, "1d");
    QVERIFY(second.has_value());
    QVERIFY(second->empty());
    QVERIFY(snapshot(*m_store) == before);

    // An empty list means every bundled symbol of the timeframe.
    const auto minute = importBundledData(*m_store, dir, {}, "1m");
    QVERIFY(minute.has_value());
    QCOMPARE(minute->size(), std::size_t(2));
    QCOMPARE((*m_store->datasets()).size(), std::size_t(4));

    const auto badTimeframe = importBundledData(*m_store, dir, {}, "2d");
    QVERIFY(!badTimeframe.has_value());

    // A missing resource directory is an error naming the file.
    const auto missing = importBundledData(*m_store, path("nowhere"), {"AGG"}, "1d");
    QVERIFY(!missing.has_value());
    QCOMPARE(qs(missing.error().message()),
             qs(path("nowhere") + "/daily/AGG.csv: cannot open: No such file or directory"));
}

QTEST_APPLESS_MAIN(TestCsvImport)

#include "tst_csvimport.moc"
