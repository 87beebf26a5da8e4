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

    // Starts the sandbox and reads what it prints up to the control URL (empty on failure).
    QByteArray start(QProcess &process, const QStringList &arguments) const
    {
        process.start(m_binary, arguments);
        if (!process.waitForStarted(5000))
            return {};
        QByteArray out;
        if (!QTest::qWaitFor(
                [&] {
                    out += process.readAllStandardOutput();
                    return out.contains("control:");
                },
                10'000))
            return {};
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(m_binary), "build the meridian target first");
        QVERIFY(makeMinuteStore(m_dir.filePath("market.db"), {"SPY"}));
    }

    void servesPrintsUrlsAndStopsOnSigterm()
    {
        QProcess process;
        const QByteArray out = start(process, {"sandbox",
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

    // --corrections and --data-feeds reach the data stream: the first bar's correction (due at
    // once) goes out with the second instant; sip is outside the plan.
    void dataStreamFlags()
    {
        QProcess process;
        const QByteArray out
            = start(process, {"sandbox", "--store", m_dir.filePath("market.db"), "--symbols", "SPY",
                              "--from", "2013-10-04T09:31", "--to", "2013-10-04", "--key-id", keyId,
                              "--secret", secret, "--corrections", "1", "--corrections-after-ms",
                              "0", "--data-feeds", "iex"});
        const auto match = QRegularExpression("trading: (http://127\\.0\\.0\\.1:(\\d+))\n")
                               .match(QString::fromUtf8(out));
        QVERIFY2(match.hasMatch(), out.constData());
        auto stream = [&](const char *feed) {
            return QUrl(QStringLiteral("ws://127.0.0.1:%1/v2/%2")
                            .arg(match.captured(2), QLatin1String(feed)));
        };
        QStringList refused;
        QWebSocket sip;
        QObject::connect(&sip, &QWebSocket::textMessageReceived, &sip,
                         [&](const QString &text) { refused << text; });
        QNetworkRequest request(stream("sip"));
        request.setRawHeader("APCA-API-KEY-ID", keyId);
        request.setRawHeader("APCA-API-SECRET-KEY", secret);
        sip.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 2, 5000);
        QCOMPARE(refused[1],
                 QStringLiteral(R"([{"T":"error","code":409,"msg":"insufficient subscription"}])"));

        QStringList frames;
        QWebSocket iex;
        QObject::connect(&iex, &QWebSocket::textMessageReceived, &iex,
                         [&](const QString &text) { frames << text; });
        request.setUrl(stream("iex"));
        iex.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(frames.size(), 2, 5000);
        iex.sendTextMessage(R"({"action":"subscribe","updatedBars":["SPY"]})");
        QTRY_COMPARE_WITH_TIMEOUT(frames.size(), 3, 5000);
        Client control(QUrl(match.captured(1)), "", "");
        QCOMPARE(control.request("POST", "/_sandbox/step", QJsonObject()).status, 200);
        QCOMPARE(control.request("POST", "/_sandbox/step", QJsonObject()).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(frames.size(), 4, 5000);
        // The 09:30 bar (CSV: c 167.77, v 633958) one cent and one share more.
        const QJsonObject u = QJsonDocument::fromJson(frames[3].toUtf8()).array()[0].toObject();
        QCOMPARE(u.value("T").toString(), QStringLiteral("u"));
        QCOMPARE(u.value("t").toString(), QStringLiteral("2013-10-04T13:30:00Z"));
        QCOMPARE(u.value("c").toDouble(), 167.78);
        QCOMPARE(u.value("v").toDouble(), 633959.0);
        process.terminate();
        QVERIFY(process.waitForFinished(10'000));
        QCOMPARE(process.exitCode(), 0);
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
