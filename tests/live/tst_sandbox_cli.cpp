// `meridian sandbox` as a process: it prints its URLs, serves with the given keys and fault
// flags, and stops cleanly on SIGTERM. Uses the binary of this build tree (app/meridian).

#include "tst_sandboxclient.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace sandboxtest;

class TestSandboxCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_binary = QStringLiteral(MERIDIAN_BINARY_DIR "/app/meridian");

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(m_binary), "build the meridian target first");
        QVERIFY(makeMinuteStore(m_dir.filePath("market.db"), {"SPY"}));
    }

    void servesPrintsUrlsAndStopsOnSigterm()
    {
        QProcess process;
        process.start(m_binary, {"sandbox",
                                 "--store",
                                 m_dir.filePath("market.db"),
                                 "--symbols",
                                 "SPY",
                                 "--from",
                                 "2013-10-04T09:31",
                                 "--to",
                                 "2013-10-04",
                                 "--port",
                                 "0",
                                 "--key-id",
                                 keyId,
                                 "--secret",
                                 secret,
                                 "--http-status",
                                 "503",
                                 "--fault-path",
                                 "/v2/account",
                                 "--journal",
                                 m_dir.filePath("j.jsonl")});
        QVERIFY(process.waitForStarted(5000));
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                out += process.readAllStandardOutput();
                return out.contains("control:");
            },
            10'000));
        const auto match = QRegularExpression("trading: (http://127\\.0\\.0\\.1:\\d+)\n")
                               .match(QString::fromUtf8(out));
        QVERIFY2(match.hasMatch(), out.constData());
        QVERIFY(out.contains("trading stream: ws://127.0.0.1:"));
        QVERIFY(out.contains("data stream: ws://127.0.0.1:"));
        QVERIFY(!out.contains(secret));

        Client client{QUrl(match.captured(1))};
        QCOMPARE(client.request("GET", "/v2/account").status, 503); // --http-status, once
        QCOMPARE(client.request("GET", "/v2/account").status, 200);
        QCOMPARE(client.request("GET", "/v2/clock").json.toObject().value("timestamp").toString(),
                 QStringLiteral("2013-10-04T09:30:00-04:00"));

        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(10'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("sandbox stopped"));
        QFile journal(m_dir.filePath("j.jsonl"));
        QVERIFY(journal.open(QIODevice::ReadOnly));
        const QByteArray written = journal.readAll();
        QCOMPARE(written.count('\n'), 3);
        QVERIFY(!written.contains(secret));
    }

    void usageErrors()
    {
        for (const QStringList &arguments :
             {QStringList{"sandbox", "--symbols", "SPY"},
              QStringList{"sandbox", "--key-id", "k", "--secret", "s"},
              QStringList{"sandbox", "--symbols", "SPY", "--key-id", "k", "--secret", "s",
                          "--speed", "fast"},
              QStringList{"sandbox", "--symbols", "SPY", "--key-id", "k", "--secret", "s", "--port",
                          "70000"},
              QStringList{"sandbox", "--symbols", "SPY", "--key-id", "k", "--secret", "s",
                          "--corrections", "-1"},
              QStringList{"sandbox", "--symbols", "SPY", "--key-id", "k", "--secret", "s",
                          "--data-feeds", "iex,nasdaq"}}) {
            QProcess process;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.remove("APCA_API_KEY_ID");
            environment.remove("APCA_API_SECRET_KEY");
            process.setProcessEnvironment(environment);
            process.start(m_binary, arguments);
            QVERIFY(process.waitForFinished(10'000));
            QCOMPARE(process.exitCode(), 2);
            QVERIFY(process.readAllStandardError().startsWith("meridian: "));
        }
        QProcess missing;
        missing.start(m_binary, {"sandbox", "--symbols", "NOPE", "--key-id", "k", "--secret", "s",
                                 "--store", m_dir.filePath("market.db")});
        QVERIFY(missing.waitForFinished(10'000));
        QCOMPARE(missing.exitCode(), 1);
        QVERIFY(missing.readAllStandardError().contains("has no 1m bars for NOPE"));
    }
};

QTEST_MAIN(TestSandboxCli)
#include "tst_sandbox_cli.moc"
