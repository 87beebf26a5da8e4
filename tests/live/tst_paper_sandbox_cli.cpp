// `meridian run` in paper mode against `meridian sandbox`, both as processes, as a trader would
// try it without an Alpaca account: the sandbox replays the bundled SPY minute bars of 2013-10-04
// (09:31-11:30); paper.yaml points data.url / data.stream_url / execution.trading_url at it, with
// execution.type: broker and made-up keys in the environment only. The run prints the PAPER
// banner, its feed subscribes, the bars reach the strategy (sma_crossover 5/20 sends orders to
// the sandbox), SIGINT stops it cleanly (working orders canceled at the sandbox, summary printed,
// exit 0), and the secret appears in no output and in no file under the test's directory.

#include "tst_sandboxclient.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace sandboxtest;

class TestPaperSandboxCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_binary = QStringLiteral(MERIDIAN_BINARY_DIR "/app/meridian");

    static bool waitForText(QProcess &process, QByteArray &seen, const QByteArray &text,
                            bool fromStderr, int timeoutMs)
    {
        return QTest::qWaitFor(
            [&] {
                seen += fromStderr ? process.readAllStandardError()
                                   : process.readAllStandardOutput();
                return seen.contains(text);
            },
            timeoutMs);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(m_binary), "build the meridian target first");
        QVERIFY(m_dir.isValid());
        QVERIFY(makeMinuteStore(m_dir.filePath("market.db"), {"SPY"}));
    }

    void paperRunAgainstTheSandboxStopsCleanlyOnSigint()
    {
        QProcess sandbox;
        sandbox.start(m_binary, {"sandbox", "--store", m_dir.filePath("market.db"), "--symbols",
                                 "SPY", "--timeframe", "1Min", "--from", "2013-10-04T09:31",
                                 "--to", "2013-10-04T11:30", "--speed", "max", "--port", "0",
                                 "--partial-fill-p", "0", "--rate-limit", "100000", "--key-id",
                                 keyId, "--secret", secret});
        QVERIFY(sandbox.waitForStarted(5000));
        QByteArray sandboxOut;
        QVERIFY(waitForText(sandbox, sandboxOut, "control:", false, 10'000));
        const QString printed = QString::fromUtf8(sandboxOut);
        const auto trading
            = QRegularExpression("trading: (http://127\\.0\\.0\\.1:\\d+)\n").match(printed);
        const auto dataStream
            = QRegularExpression("data stream: (ws://127\\.0\\.0\\.1:\\d+/v2/iex)\n")
                  .match(printed);
        QVERIFY2(trading.hasMatch() && dataStream.hasMatch(), sandboxOut.constData());
        const QString base = trading.captured(1);

        const QString configPath = m_dir.filePath("paper.yaml");
        {
            QFile file(configPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            // The run lives in the replay's time (clock.source: broker), 2013-10-04.
            file.write(QStringLiteral(
                           "mode: paper\n"
                           "clock: {type: realtime, source: broker, speed: 60x,\n"
                           "        market_hours_only: false}\n"
                           "data: {type: realtime, source: alpaca, feed: iex, timeframe: 1m,\n"
                           "       url: '%1', stream_url: '%2'}\n"
                           "execution: {type: broker, broker: alpaca, endpoint: paper,\n"
                           "            trading_url: '%1'}\n"
                           "strategies:\n"
                           "  - name: sma_crossover\n"
                           "    capital: 100000\n"
                           "    symbols: [SPY]\n"
                           "    params: {fast: 5, slow: 20, quantity: 10}\n")
                           .arg(base, dataStream.captured(1))
                           .toUtf8());
        }

        QProcess run;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("HOME", m_dir.path());
        environment.insert("XDG_DATA_HOME", m_dir.filePath("data"));
        environment.insert("APCA_API_KEY_ID", keyId);
        environment.insert("APCA_API_SECRET_KEY", secret);
        environment.remove("DISPLAY");
        environment.remove("WAYLAND_DISPLAY");
        run.setProcessEnvironment(environment);
        run.setWorkingDirectory(m_dir.path());
        run.start(m_binary, {"run", "--config", configPath});
        QVERIFY(run.waitForStarted(5000));
        QByteArray out;
        QByteArray err;
        QVERIFY(waitForText(run, out, "Running; Ctrl+C stops.", false, 10'000));
        QVERIFY2(out.contains("  PAPER  (orders go to alpaca, paper endpoint)"), out.constData());
        // The start check read the sandbox's fresh account (brokerstartcheck.h).
        QVERIFY2(out.contains("Broker account:\n  account "), out.constData());
        QVERIFY2(out.contains("  no positions, no open orders\n"), out.constData());
        QVERIFY2(waitForText(run, err, "alpaca data: subscribed", true, 10'000), err.constData());

        // Publish every bar, then wait for the strategy's first order at the sandbox: the bars
        // went through the feed and the engine, and the decision through the broker adapter.
        Client client{QUrl(base)};
        const Reply advanced = client.request(
            "POST", "/_sandbox/clock", QJsonObject{{"advance_to", "2013-10-04T11:30:00-04:00"}});
        QCOMPARE(advanced.status, 200);
        QCOMPARE(advanced.json.toObject().value("steps").toInt(), 120);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !client.request("GET", "/v2/orders?status=all").json.toArray().isEmpty();
            },
            30'000));

        ::kill(run.processId(), SIGINT);
        QVERIFY(run.waitForFinished(30'000));
        out += run.readAllStandardOutput();
        err += run.readAllStandardError();
        QCOMPARE(run.exitStatus(), QProcess::NormalExit);
        QVERIFY2(run.exitCode() == 0, err.constData());
        QVERIFY2(err.contains("interrupted: stopping"), err.constData());
        QVERIFY2(out.contains("PAPER run stopped."), out.constData());
        // The blotter showed the order flow as it happened (runblotter.h), in the replay's time:
        // the strategy's buy of 10 working at the sandbox, then canceled by the stop.
        QVERIFY2(QRegularExpression("\\n2013-10-04 \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  #1 SPY buy  accepted, 10 working\\n")
                     .match(QString::fromUtf8(out))
                     .hasMatch(),
                 out.constData());
        QVERIFY2(out.contains("  #1 SPY buy  canceled"), out.constData());
        const auto bars = QRegularExpression("Bars\\s+(\\d+)").match(QString::fromUtf8(out));
        QVERIFY2(bars.hasMatch(), out.constData());
        // The crossover needs the slow average (20 bars) before its first order.
        QVERIFY(bars.captured(1).toInt() >= 20);
        // The stop canceled what was still working: nothing is open at the sandbox.
        QVERIFY(client.request("GET", "/v2/orders?status=open").json.toArray().isEmpty());

        sandbox.terminate();
        QVERIFY(sandbox.waitForFinished(10'000));
        sandboxOut += sandbox.readAllStandardOutput();

        // The secret: in no output of either process, in no file under the directory.
        for (const QByteArray *text : {&out, &err, &sandboxOut})
            QVERIFY(!text->contains(secret));
        QDirIterator files(m_dir.path(), QDir::Files | QDir::Hidden,
                           QDirIterator::Subdirectories);
        int checked = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(secret), qPrintable(file.fileName()));
            ++checked;
        }
        QVERIFY(checked >= 2); // the store and paper.yaml at least
    }
};

QTEST_GUILESS_MAIN(TestPaperSandboxCli)
#include "tst_paper_sandbox_cli.moc"
