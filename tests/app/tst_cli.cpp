// The meridian binary as a user runs it: the headless workstation, backtest with its report
// files, import (good, refused, quarantined), data list, strategies and lint-strategy.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/meridianprocess.h"

using meridian::testing::Run;

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    Run meridian(const QStringList &arguments)
    {
        return meridian::testing::runMeridian(m_home.path(), arguments);
    }

    QString path(const QString &name) const { return m_home.path() + "/" + name; }

    static void writeFile(const QString &path, const QByteArray &content)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }

private slots:
    void headlessWorkstationRunsTheDefaultBacktest()
    {
        const Run run = meridian({});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("no display"), qPrintable(run.out));
        QVERIFY(run.out.contains("running headless"));
        QVERIFY(run.out.contains("sma_crossover"));
        QVERIFY(run.out.contains("Final equity"));
        // The bundled sample data was imported into the default store on first run.
        QVERIFY(QFile::exists(m_home.path() + "/data/meridian/market.db"));
    }

    void backtestWritesJsonEquityAndTrades()
    {
        const QString config = QStringLiteral(MERIDIAN_SOURCE_DIR "/config/environments/backtest.yaml");
        const Run run = meridian({"backtest", "--config", config, "--from", "2010-01-01", "--to", "2012-12-31",
                                  "--json", path("r.json"), "--equity-csv", path("e.csv"), "--trades-csv",
                                  path("t.csv")});
        QCOMPARE(run.exitCode, 0);
        QFile json(path("r.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(report["strategy"].toString(), QString("sma_crossover"));
        QCOMPARE(report["start"].toString(), QString("2010-01-04T21:00:00Z")); // first session of 2010
        QCOMPARE(report["end"].toString(), QString("2012-12-31T21:00:00Z"));
        QCOMPARE(report["bars"].toInt(), 754); // NYSE sessions 2010-2012
        QFile equity(path("e.csv"));
        QVERIFY(equity.open(QIODevice::ReadOnly));
        QCOMPARE(equity.readAll().count('\n'), 755); // header + one row per bar
        QFile trades(path("t.csv"));
        QVERIFY(trades.open(QIODevice::ReadOnly));
        QVERIFY(trades.readLine().startsWith("symbol,side,qty,entry_time"));
    }

    void backtestRejectsABadConfigWithItsLocation()
    {
        writeFile(path("bad.yaml"), "mode: backtest\n"
                                    "data: {symbols: [SPY]}\n"
                                    "strategies:\n"
                                    "  - {name: sma_crossover, capital: abc, symbols: [SPY]}\n");
        const Run run = meridian({"backtest", "--config", path("bad.yaml")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("bad.yaml:4:") && run.err.contains("strategies[0].capital"), qPrintable(run.err));
    }

    void importRefusesABadFileAndLeavesTheStoreUnchanged()
    {
        const QString store = path("import.db");
        writeFile(path("good.csv"), "timestamp,open,high,low,close,volume\n"
                                    "2020-01-02,10,11,9,10.5,100\n"
                                    "2020-01-03,10.5,12,10,11,200\n");
        writeFile(path("bad.csv"), "timestamp,open,high,low,close,volume\n"
                                   "2020-01-02,10,11,9,10.5,100\n"
                                   "2020-01-03,10.5,nan,10,11,200\n"
                                   "2020-01-03,10.5,12,10,11,200\n");
        QCOMPARE(meridian({"import", "--csv", path("good.csv"), "--symbol", "ABC", "--timeframe", "1d", "--store", store})
                     .exitCode,
                 0);
        const Run refused = meridian({"import", "--csv", path("bad.csv"), "--symbol", "ABC", "--timeframe", "1d",
                                      "--store", store});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("bad.csv:3: high"), qPrintable(refused.err));
        QVERIFY(refused.err.contains("bad.csv:4: timestamp"));
        const Run list = meridian({"data", "list", "--store", store});
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(list.out.count("ABC"), 1); // still only version 1
        QVERIFY(list.out.contains("2020-01-03T21:00:00Z"));

        const Run quarantined = meridian({"import", "--csv", path("bad.csv"), "--symbol", "ABC", "--timeframe", "1d",
                                          "--store", store, "--quarantine", path("q.csv")});
        QCOMPARE(quarantined.exitCode, 0);
        QVERIFY(quarantined.out.contains("version 2"));
        QVERIFY(quarantined.out.contains("2 bad rows"));
        QVERIFY(QFile::exists(path("q.csv")));
    }

    void strategiesAndLint()
    {
        const Run strategies = meridian({"strategies"});
        QCOMPARE(strategies.exitCode, 0);
        for (const char *name : {"buy_and_hold", "sma_crossover", "sixty_forty"})
            QVERIFY2(strategies.out.contains(name), name);
        const Run clean = meridian({"lint-strategy", MERIDIAN_SOURCE_DIR "/strategies/smacrossover.cpp"});
        QCOMPARE(clean.exitCode, 0);
        writeFile(path("bad_strategy.cpp"), "#include <fstream>\nint counter = 0;\n");
        const Run dirty = meridian({"lint-strategy", path("bad_strategy.cpp")});
        QCOMPARE(dirty.exitCode, 1);
        QVERIFY(dirty.out.contains("bad_strategy.cpp:1:"));
    }

    void featuresListAndCompute()
    {
        const Run list = meridian({"features", "list"});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.contains("rsi — relative strength index, Wilder smoothing (version 1, own pane)"));
        QVERIFY(list.out.contains("bollinger -> middle,upper,lower"));
        QVERIFY(list.out.contains("beta -> beta (needs --benchmark SYM)"));

        // RSI(14) on the bundled SPY history: the first value is on the 15th bar
        // (1998-01-23, stamped at its 16:00 EST close); 5849 − 14 rows.
        const Run rsi = meridian({"features", "compute", "--symbol", "SPY", "--feature", "rsi",
                                  "--param", "period=14", "--csv", path("rsi.csv")});
        QCOMPARE(rsi.exitCode, 0);
        QVERIFY2(rsi.out.contains("wrote 5835 rows of rsi on SPY 1d v1"), qPrintable(rsi.out));
        QFile csv(path("rsi.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readLine(), QByteArray("timestamp,rsi\n"));
        QVERIFY(csv.readLine().startsWith("1998-01-23T21:00:00Z,"));
        const Run again = meridian({"features", "compute", "--symbol", "SPY", "--feature", "rsi",
                                    "--csv", path("rsi.csv")});
        QVERIFY(again.out.contains("(from the feature cache)"));

        const Run bands = meridian({"features", "compute", "--symbol", "SPY", "--feature", "bollinger",
                                    "--from", "2021-01-01", "--to", "2021-03-31"});
        QCOMPARE(bands.exitCode, 0);
        QVERIFY(bands.out.startsWith("timestamp,middle,upper,lower\n2021-02-01T21:00:00Z,"));

        const Run bad = meridian({"features", "compute", "--symbol", "SPY", "--feature", "rsi",
                                  "--param", "period=0"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("parameter 'period' must be an integer in [1, 100000], got 0"));
        QCOMPARE(meridian({"features", "compute", "--feature", "rsi"}).exitCode, 2);

        const Run drift = meridian({"features", "compute", "--symbol", "SPY", "--feature",
                                    "return_volatility", "--drift", "250,60"});
        QCOMPARE(drift.exitCode, 0);
        QVERIFY2(drift.out.contains("drift in return_volatility@1(period=20,sample=0)"
                                    "<-log_return@1(period=1) on SPY at "),
                 qPrintable(drift.out));
        QVERIFY(drift.out.contains("drift alert(s); last PSI "));
        QCOMPARE(meridian({"features", "compute", "--symbol", "SPY", "--feature", "rsi", "--drift", "5"})
                     .exitCode,
                 2);
    }

    void dataCheckAndCorporateActions()
    {
        QCOMPARE(meridian({"features", "compute", "--symbol", "QQQ", "--feature", "sma"}).exitCode, 0);
        const Run check = meridian({"data", "check", "--symbol", "QQQ"});
        QCOMPARE(check.exitCode, 0);
        QVERIFY2(check.out.contains("QQQ 1d: 3964 bars; missing_bars 0, missing_sessions 1588"),
                 qPrintable(check.out));
        QVERIFY(check.out.contains("1588 session(s) without a bar: 2004-12-01 .. 2011-03-22"));
        const Run actions = meridian({"import", "--corporate-actions",
                                      MERIDIAN_SOURCE_DIR "/tests/fixtures/corporate_actions/AAPL.csv",
                                      "--symbol", "AAPL"});
        QCOMPARE(actions.exitCode, 0);
        QVERIFY(actions.out.contains("imported 39 corporate actions of AAPL (4 splits, 35 dividends)"));
    }

    void unknownCommandIsAUsageError()
    {
        const Run run = meridian({"frobnicate"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("unknown command 'frobnicate'"));
    }

    void helpNamesTheCommandNotTheBinaryPath()
    {
        const Run help = meridian({"backtest", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: meridian backtest [options]\n"), qPrintable(help.out));
        const Run usage = meridian({"data"});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains("Usage: meridian data [options] list|check"), qPrintable(usage.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
