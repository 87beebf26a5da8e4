// `meridian run` as a user runs it: the mode is printed unmistakably before anything else, live
// is refused without --confirm-live and without execution.confirm_live, a backtest configuration
// is pointed to `meridian backtest`, and a missing --config is a usage error.

// QtTest first: moc (Qt 6.4) cannot parse <concepts> reached through <compare> (ids.h).
#include "tests/support/meridianprocess.h"

#include <QTemporaryDir>
#include <QtTest>

using meridian::testing::Run;

namespace {

const QByteArray strategies = "strategies:\n"
                              "  - name: sma_crossover\n"
                              "    capital: 100000\n"
                              "    symbols: [SPY]\n"
                              "    params: {fast: 10, slow: 30, quantity: 20}\n";

} // namespace

class TestLiveRunCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    Run meridian(const QStringList &arguments)
    {
        return meridian::testing::runMeridian(m_home.path(), arguments);
    }

    QString writeConfig(const QString &name, const QByteArray &head)
    {
        const QString path = m_home.path() + "/" + name;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write(head + strategies);
        return path;
    }

private slots:
    void liveWithoutTheFlagIsRefused()
    {
        const QString config = writeConfig(
            "live.yaml",
            "mode: live\nclock: {type: realtime, market_hours_only: true}\n"
            "data: {type: realtime, source: alpaca, feed: sip}\n"
            "execution: {type: broker, broker: alpaca, endpoint: live, confirm_live: true}\n");
        const Run run = meridian({"run", "--config", config});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("LIVE - REAL MONEY"), qPrintable(run.out));
        QVERIFY2(run.out.contains("orders go to alpaca, live endpoint"), qPrintable(run.out));
        QVERIFY2(run.err.contains("confirm it on the command line with --confirm-live"),
                 qPrintable(run.err));
    }

    void liveWithoutTheConfigKeyIsRefusedEvenWithTheFlag()
    {
        const QString config = writeConfig(
            "live-unconfirmed.yaml", "mode: live\nclock: {type: realtime}\n"
                                     "data: {type: realtime, source: alpaca}\n"
                                     "execution: {type: broker, broker: alpaca, endpoint: live}\n");
        const Run run = meridian({"run", "--config", config, "--confirm-live"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("LIVE - REAL MONEY"), qPrintable(run.out));
        QVERIFY2(run.err.contains("execution.confirm_live: true"), qPrintable(run.err));
    }

    void backtestConfigurationIsPointedToBacktest()
    {
        const QString config
            = writeConfig("backtest.yaml", "mode: backtest\ndata: {symbols: [SPY]}\n");
        const Run run = meridian({"run", "--config", config});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("BACKTEST"), qPrintable(run.out));
        QVERIFY2(run.err.contains("meridian backtest"), qPrintable(run.err));
    }

    void configIsRequired()
    {
        const Run run = meridian({"run"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("run needs --config FILE"), qPrintable(run.err));
        const Run help = meridian({"run", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--confirm-live"));
    }
};

QTEST_GUILESS_MAIN(TestLiveRunCli)
#include "tst_liveruncli.moc"
