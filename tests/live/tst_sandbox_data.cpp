// The sandbox's market-data side: bars REST (aggregation, no look-ahead, pagination, sort,
// errors) and the data stream (connected -> auth -> subscribe -> bars, 401/402/406 errors).
//
// Hand-worked figures (resources/data/minute/SPY.csv, New York bar starts on 2013-10-04):
//   09:30 o 167.74 h 167.82 l 167.67 c 167.77 v 633958
//   09:31 o 167.76 h 167.83 l 167.73 c 167.75 v 641236
//   09:32 o 167.75 h 167.77 l 167.57 c 167.61 v 545042
//   09:33 o 167.61 h 167.61 l 167.53 c 167.56 v 344621
//   09:34 o 167.56 h 167.67 l 167.53 c 167.61 v 297287
// 5Min bar 09:30 (13:30Z): o 167.74, h 167.83, l 167.53, c 167.61,
//   v = 633958 + 641236 + 545042 + 344621 + 297287 = 2462144.

#include "tst_sandboxclient.h"

#include <QTemporaryDir>
#include <QTest>

using namespace meridian;
using namespace meridian::live;
using namespace sandboxtest;

class TestSandboxData : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::map<QString, CsvBar> m_rows;

    SandboxConfig config() const
    {
        SandboxConfig c = spyConfig(m_dir.filePath("market.db"), nyTime(9, 31), nyTime(16, 0));
        return c;
    }

    const CsvBar &row(const char *hhmm) const
    {
        return m_rows.at(QStringLiteral("2013-10-04T%1:00").arg(QLatin1String(hhmm)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeMinuteStore(m_dir.filePath("market.db"), {"SPY"}));
        m_rows = minuteRows("SPY");
        QVERIFY(!m_rows.empty());
    }

    void barsHaveNoLookAheadAndAggregate()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.dataBaseUrl());
        Reply reply = client.request("GET", "/v2/stocks/SPY/bars?timeframe=1Min");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.toObject().value("bars").toArray().size(), 0);
        QVERIFY(reply.json.toObject().value("next_page_token").isNull());
        QCOMPARE(reply.json.toObject().value("symbol").toString(), QStringLiteral("SPY"));
        for (int i = 0; i < 5; ++i)
            QVERIFY(sandbox.step());
        reply = client.request("GET", "/v2/stocks/SPY/bars?timeframe=1Min");
        const QJsonArray minutes = reply.json.toObject().value("bars").toArray();
        QCOMPARE(minutes.size(), 5);
        const QJsonObject first = minutes[0].toObject();
        QCOMPARE(first.value("t").toString(), QStringLiteral("2013-10-04T13:30:00Z"));
        QCOMPARE(first.value("o").toDouble(), row("09:30").open.toDouble());
        QCOMPARE(first.value("h").toDouble(), row("09:30").high.toDouble());
        QCOMPARE(first.value("c").toDouble(), row("09:30").close.toDouble());
        QCOMPARE(first.value("v").toDouble(), 633958.0);
        QCOMPARE(first.value("n").toInt(), 1);
        QVERIFY(reply.body.contains("\"o\":167.74"));

        const QJsonArray five = client.request("GET", "/v2/stocks/SPY/bars?timeframe=5Min")
                                    .json.toObject()
                                    .value("bars")
                                    .toArray();
        QCOMPARE(five.size(), 1);
        const QJsonObject bar = five[0].toObject();
        QCOMPARE(bar.value("t").toString(), QStringLiteral("2013-10-04T13:30:00Z"));
        QCOMPARE(bar.value("o").toDouble(), 167.74);
        QCOMPARE(bar.value("h").toDouble(), 167.83);
        QCOMPARE(bar.value("l").toDouble(), 167.53);
        QCOMPARE(bar.value("c").toDouble(), 167.61);
        QCOMPARE(bar.value("v").toDouble(), 2462144.0);
        QCOMPARE(row("09:34").close, QStringLiteral("167.61"));
        QCOMPARE(bar.value("n").toInt(), 5);
        // 1Hour: the 13:00Z bucket has not ended at 09:35 New York.
        QCOMPARE(client.request("GET", "/v2/stocks/SPY/bars?timeframe=1Hour")
                     .json.toObject()
                     .value("bars")
                     .toArray()
                     .size(),
                 0);
    }

    void paginatesAndSorts()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.dataBaseUrl());
        for (int i = 0; i < 5; ++i)
            QVERIFY(sandbox.step());
        QStringList times;
        QString token;
        int pages = 0;
        do {
            QString path = "/v2/stocks/bars?symbols=SPY&timeframe=1Min&limit=2";
            if (!token.isEmpty())
                path += "&page_token=" + QString::fromLatin1(QUrl::toPercentEncoding(token));
            const QJsonObject page = client.request("GET", path).json.toObject();
            for (const QJsonValue &bar : page.value("bars").toObject().value("SPY").toArray())
                times << bar.toObject().value("t").toString();
            token = page.value("next_page_token").toString();
            ++pages;
        } while (!token.isEmpty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(times, QStringList({"2013-10-04T13:30:00Z", "2013-10-04T13:31:00Z",
                                     "2013-10-04T13:32:00Z", "2013-10-04T13:33:00Z",
                                     "2013-10-04T13:34:00Z"}));
        const QJsonArray desc
            = client.request("GET", "/v2/stocks/SPY/bars?timeframe=1Min&sort=desc&limit=1")
                  .json.toObject()
                  .value("bars")
                  .toArray();
        QCOMPARE(desc[0].toObject().value("t").toString(), QStringLiteral("2013-10-04T13:34:00Z"));
        const QJsonArray ranged
            = client
                  .request("GET", "/v2/stocks/SPY/bars?timeframe=1Min&start=2013-10-04T13:31:00Z"
                                  "&end=2013-10-04T13:32:00Z")
                  .json.toObject()
                  .value("bars")
                  .toArray();
        QCOMPARE(ranged.size(), 2);
        for (const QString bad : {"/v2/stocks/SPY/bars", "/v2/stocks/SPY/bars?timeframe=7Week",
                                  "/v2/stocks/SPY/bars?timeframe=1Min&limit=0",
                                  "/v2/stocks/SPY/bars?timeframe=1Min&page_token=bad",
                                  "/v2/stocks/SPY/bars?timeframe=1Min&start=yesterday",
                                  "/v2/stocks/bars?timeframe=1Min"}) {
            const Reply reply = client.request("GET", bad);
            QVERIFY2(reply.status == 400, qPrintable(bad));
            QVERIFY(!reply.json.toObject().value("message").toString().isEmpty());
        }
        QCOMPARE(Client(sandbox.dataBaseUrl(), "x", "y")
                     .request("GET", "/v2/stocks/SPY/bars?timeframe=1Min")
                     .status,
                 403);
    }

    void streamFlow()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        StreamClient stream;
        QVERIFY(stream.open(sandbox.dataStreamUrl("iex")));
        QVERIFY(stream.waitFor(1));
        // StreamClient keeps objects; the data stream sends arrays, so read the raw frames.
        QStringList raw;
        QObject::connect(&stream.socket, &QWebSocket::textMessageReceived, &stream.socket,
                         [&](const QString &text) { raw << text; });
        stream.send(QJsonObject{{"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}});
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 1, 5000);
        QCOMPARE(raw[0], QStringLiteral(R"([{"T":"error","code":401,"msg":"not authenticated"}])"));
        stream.send(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", secret}});
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 2, 5000);
        QCOMPARE(raw[1], QStringLiteral(R"([{"T":"success","msg":"authenticated"}])"));
        stream.send(QJsonObject{{"action", "subscribe"}});
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 3, 5000);
        QCOMPARE(raw[2], QStringLiteral(R"([{"T":"error","code":400,"msg":"invalid syntax"}])"));
        stream.send(QJsonObject{
            {"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}, {"trades", QJsonArray{"SPY"}}});
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 4, 5000);
        const QJsonObject subscription
            = QJsonDocument::fromJson(raw[3].toUtf8()).array()[0].toObject();
        QCOMPARE(subscription.value("T").toString(), QStringLiteral("subscription"));
        QCOMPARE(subscription.value("bars").toArray(), QJsonArray{"SPY"});
        QCOMPARE(subscription.value("corrections").toArray(), QJsonArray{"SPY"});
        QCOMPARE(subscription.value("quotes").toArray(), QJsonArray{});

        QVERIFY(sandbox.step());
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 5, 5000);
        // Trades are subscribed too: the frame is [t, b].
        const QJsonArray frame = QJsonDocument::fromJson(raw[4].toUtf8()).array();
        QCOMPARE(frame.size(), 2);
        QCOMPARE(frame[0].toObject().value("T").toString(), QStringLiteral("t"));
        const QJsonObject bar = frame[1].toObject();
        QCOMPARE(bar.value("T").toString(), QStringLiteral("b"));
        QCOMPARE(bar.value("S").toString(), QStringLiteral("SPY"));
        QCOMPARE(bar.value("t").toString(), QStringLiteral("2013-10-04T13:30:00Z"));
        QCOMPARE(bar.value("o").toDouble(), row("09:30").open.toDouble());
        QCOMPARE(bar.value("c").toDouble(), row("09:30").close.toDouble());

        // A second session with the same keys on the same feed: 406.
        StreamClient second;
        QStringList secondRaw;
        QObject::connect(&second.socket, &QWebSocket::textMessageReceived, &second.socket,
                         [&](const QString &text) { secondRaw << text; });
        QVERIFY(second.open(sandbox.dataStreamUrl("iex")));
        second.send(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", secret}});
        QTRY_COMPARE_WITH_TIMEOUT(secondRaw.size(), 2, 5000);
        QCOMPARE(secondRaw[1],
                 QStringLiteral(R"([{"T":"error","code":406,"msg":"connection limit exceeded"}])"));

        StreamClient wrong;
        QStringList wrongRaw;
        QObject::connect(&wrong.socket, &QWebSocket::textMessageReceived, &wrong.socket,
                         [&](const QString &text) { wrongRaw << text; });
        QVERIFY(wrong.open(sandbox.dataStreamUrl("sip")));
        QSignalSpy closed(&wrong.socket, &QWebSocket::disconnected);
        wrong.send(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", "nope"}});
        QTRY_COMPARE_WITH_TIMEOUT(wrongRaw.size(), 2, 5000);
        QCOMPARE(wrongRaw[1], QStringLiteral(R"([{"T":"error","code":402,"msg":"auth failed"}])"));
        QVERIFY(closed.count() > 0 || closed.wait(5000));

        // Stall: the socket stays open, no more bars arrive.
        Client control(sandbox.tradingBaseUrl(), "", "");
        QCOMPARE(control
                     .request("POST", "/_sandbox/faults",
                              QJsonObject{{"ws_drop", "data"}, {"mode", "stall"}})
                     .status,
                 204);
        QVERIFY(sandbox.step());
        QTest::qWait(100);
        QCOMPARE(raw.size(), 5);
        QCOMPARE(stream.socket.state(), QAbstractSocket::ConnectedState);
    }

    void headerAuthAndSyntheticTradesAndQuotes()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        QWebSocket socket;
        QStringList raw;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [&](const QString &text) { raw << text; });
        // Authentication by handshake headers (PROTOCOL.md §9.1), on the test feed.
        QNetworkRequest request(sandbox.dataStreamUrl("test"));
        request.setRawHeader("APCA-API-KEY-ID", keyId);
        request.setRawHeader("APCA-API-SECRET-KEY", secret);
        socket.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 2, 5000);
        QCOMPARE(raw[0], QStringLiteral(R"([{"T":"success","msg":"connected"}])"));
        QCOMPARE(raw[1], QStringLiteral(R"([{"T":"success","msg":"authenticated"}])"));
        socket.sendTextMessage(R"({"action":"subscribe","trades":["SPY"],"quotes":["*"]})");
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 3, 5000);
        QVERIFY(sandbox.step());
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 4, 5000);
        const QJsonArray frame = QJsonDocument::fromJson(raw[3].toUtf8()).array();
        QCOMPARE(frame.size(), 2); // no bars subscribed: a quote and a trade
        const QJsonObject quote = frame[0].toObject();
        QCOMPARE(quote.value("T").toString(), QStringLiteral("q"));
        // The 09:30 close 167.77 -/+ half a cent.
        QCOMPARE(quote.value("bp").toDouble(), 167.765);
        QCOMPARE(quote.value("ap").toDouble(), 167.775);
        const QJsonObject trade = frame[1].toObject();
        QCOMPARE(trade.value("T").toString(), QStringLiteral("t"));
        QCOMPARE(trade.value("p").toDouble(), 167.77);
        QCOMPARE(trade.value("s").toDouble(), 633958.0);
        QCOMPARE(trade.value("t").toString(), QStringLiteral("2013-10-04T13:30:59.999Z"));
    }

    void authTimeout()
    {
        SandboxConfig c = config();
        c.dataAuthTimeoutMs = 50;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        QWebSocket socket;
        QStringList raw;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [&](const QString &text) { raw << text; });
        QSignalSpy closed(&socket, &QWebSocket::disconnected);
        socket.open(sandbox.dataStreamUrl("iex"));
        QVERIFY(closed.wait(5000));
        QCOMPARE(raw, QStringList({R"([{"T":"success","msg":"connected"}])",
                                   R"([{"T":"error","code":404,"msg":"auth timeout"}])"}));
    }

    void droppedSessionLingersUntilReaped()
    {
        SandboxConfig c = config();
        c.dataSessionReapMs = 300;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        {
            StreamClient first;
            QVERIFY(first.open(sandbox.dataStreamUrl("iex")));
            first.send(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", secret}});
            QVERIFY(first.waitFor(2));
            QSignalSpy gone(&first.socket, &QWebSocket::disconnected);
            first.socket.abort();
        }
        QWebSocket socket;
        QStringList raw;
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [&](const QString &text) { raw << text; });
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(sandbox.dataStreamUrl("iex"));
        QVERIFY(connected.wait(5000));
        const QString auth = QStringLiteral(R"({"action":"auth","key":"%1","secret":"%2"})")
                                 .arg(QLatin1String(keyId), QLatin1String(secret));
        socket.sendTextMessage(auth);
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 2, 5000);
        QCOMPARE(raw[1],
                 QStringLiteral(R"([{"T":"error","code":406,"msg":"connection limit exceeded"}])"));
        // Retrying (as the Go SDK does) succeeds once the old session is reaped.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (raw.last().contains("406")) {
                    const qsizetype before = raw.size();
                    socket.sendTextMessage(auth);
                    if (!QTest::qWaitFor([&] { return raw.size() > before; }, 1000))
                        return false;
                }
                return raw.last() == QStringLiteral(R"([{"T":"success","msg":"authenticated"}])");
            }(),
            5000);
    }
};

QTEST_MAIN(TestSandboxData)
#include "tst_sandbox_data.moc"
