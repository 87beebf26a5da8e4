// The sandbox's market-data side: bars REST (aggregation, no look-ahead, pagination, sort,
// errors) and the data stream (connected -> auth -> subscribe -> bars, `u` corrections, the
// FAKEPACA walk, errors 401/402/405/406/407/409/410/411, the journal of data frames).
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

namespace {

// A data-stream client keeping every frame as text, in arrival order.
struct DataStream
{
    QWebSocket socket;
    QStringList raw;

    DataStream()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &text) { raw << text; });
    }
    // Connects and waits for the "connected" frame.
    bool open(const QUrl &url)
    {
        socket.open(url);
        return QTest::qWaitFor([&] { return !raw.isEmpty(); }, 5000);
    }
    // Sends a message and returns the next frame that arrives (empty after 5 s).
    QString exchange(const QJsonObject &message)
    {
        const qsizetype before = raw.size();
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
        if (!QTest::qWaitFor([&] { return raw.size() > before; }, 5000))
            return {};
        return raw[before];
    }
    bool openAuthenticated(const QUrl &url) { return open(url) && authenticate(); }
    bool authenticate()
    {
        return exchange(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", secret}})
               == QStringLiteral(R"([{"T":"success","msg":"authenticated"}])");
    }
    bool waitFrames(qsizetype count)
    {
        return QTest::qWaitFor([&] { return raw.size() >= count; }, 5000);
    }
    QJsonArray frame(qsizetype index) const
    {
        return QJsonDocument::fromJson(raw.value(index).toUtf8()).array();
    }
};

QString errorFrame(int code, const char *message)
{
    return QStringLiteral(R"([{"T":"error","code":%1,"msg":"%2"}])")
        .arg(code)
        .arg(QLatin1String(message));
}

} // namespace

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
        // No bars subscribed: SPY's quote and trade, and FAKEPACA's quote ("*" on the test feed).
        QCOMPARE(frame.size(), 3);
        QCOMPARE(frame[2].toObject().value("S").toString(), QStringLiteral("FAKEPACA"));
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
        DataStream stream;
        QSignalSpy closed(&stream.socket, &QWebSocket::disconnected);
        stream.socket.open(sandbox.dataStreamUrl("iex"));
        QVERIFY(closed.wait(5000));
        QCOMPARE(stream.raw, QStringList({R"([{"T":"success","msg":"connected"}])",
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

    void updatedBarsCorrectPublishedBars()
    {
        // Every 2nd bar, 30 s of market time later: the 09:31 bar (2nd) ends 09:32:00, so its
        // correction is due 09:32:30 and goes out with the step at 09:33:00, before the 09:32
        // bar. From the CSV: 09:31 o 167.76 h 167.83 l 167.73 c 167.75 v 641236 ->
        // c 167.76, h stays 167.83, v 641237.
        SandboxConfig c = config();
        c.correctionEvery = 2;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        DataStream stream;
        DataStream bare; // bars only: never sees `u`
        QVERIFY(stream.openAuthenticated(sandbox.dataStreamUrl("iex")));
        QVERIFY(bare.openAuthenticated(sandbox.dataStreamUrl("sip")));
        const QJsonObject echo
            = QJsonDocument::fromJson(stream
                                          .exchange(QJsonObject{{"action", "subscribe"},
                                                                {"bars", QJsonArray{"SPY"}},
                                                                {"updatedBars", QJsonArray{"SPY"}}})
                                          .toUtf8())
                  .array()[0]
                  .toObject();
        QCOMPARE(echo.value("updatedBars").toArray(), QJsonArray{"SPY"});
        QVERIFY(!bare.exchange(QJsonObject{{"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}})
                     .isEmpty());
        for (int i = 0; i < 3; ++i)
            QVERIFY(sandbox.step());
        QVERIFY(stream.waitFrames(6));
        QVERIFY(bare.waitFrames(6));
        QCOMPARE(stream.frame(3).size(), 1);
        QCOMPARE(stream.frame(4).size(), 1);
        const QJsonArray third = stream.frame(5);
        QCOMPARE(third.size(), 2);
        const QJsonObject u = third[0].toObject();
        QCOMPARE(u.value("T").toString(), QStringLiteral("u"));
        QCOMPARE(u.value("S").toString(), QStringLiteral("SPY"));
        QCOMPARE(u.value("t").toString(), QStringLiteral("2013-10-04T13:31:00Z"));
        QCOMPARE(u.value("o").toDouble(), 167.76);
        QCOMPARE(u.value("h").toDouble(), 167.83);
        QCOMPARE(u.value("l").toDouble(), 167.73);
        QCOMPARE(u.value("c").toDouble(), 167.76);
        QCOMPARE(u.value("v").toDouble(), 641237.0);
        QCOMPARE(third[1].toObject().value("T").toString(), QStringLiteral("b"));
        QCOMPARE(third[1].toObject().value("t").toString(), QStringLiteral("2013-10-04T13:32:00Z"));
        QCOMPARE(bare.frame(5).size(), 1);
        QVERIFY(!bare.raw.join("").contains(QLatin1String("\"T\":\"u\"")));

        // Set at run time, every bar: 04:06 o=h=l=c 167.65 v 20000 is due 04:07:30 and goes
        // out with the next bar (04:09, published at 04:10): c and h 167.66, v 20001. The 04:09
        // bar (167.62, v 300) follows at 04:11 as c/h 167.63, v 301.
        SandboxServer early(spyConfig(m_dir.filePath("market.db"), nyTime(4, 7), nyTime(4, 20)));
        QVERIFY(early.start());
        QVERIFY(early.applyFaults(
            QJsonObject{{"corrections", QJsonObject{{"every", 1}, {"after_ms", 30000}}}}));
        QVERIFY(!early.applyFaults(QJsonObject{{"corrections", QJsonObject{{"every", -1}}}}));
        DataStream second;
        QVERIFY(second.openAuthenticated(early.dataStreamUrl("iex")));
        QVERIFY(
            !second
                 .exchange(QJsonObject{{"action", "subscribe"}, {"updatedBars", QJsonArray{"SPY"}}})
                 .isEmpty());
        for (int i = 0; i < 3; ++i)
            QVERIFY(early.step());
        QVERIFY(second.waitFrames(5));
        const QJsonObject first = second.frame(3)[0].toObject();
        QCOMPARE(first.value("T").toString(), QStringLiteral("u"));
        QCOMPARE(first.value("t").toString(), QStringLiteral("2013-10-04T08:06:00Z"));
        QCOMPARE(first.value("o").toDouble(), 167.65);
        QCOMPARE(first.value("h").toDouble(), 167.66);
        QCOMPARE(first.value("l").toDouble(), 167.65);
        QCOMPARE(first.value("c").toDouble(), 167.66);
        QCOMPARE(first.value("v").toDouble(), 20001.0);
        const QJsonObject next = second.frame(4)[0].toObject();
        QCOMPARE(next.value("t").toString(), QStringLiteral("2013-10-04T08:09:00Z"));
        QCOMPARE(next.value("c").toDouble(), 167.63);
        QCOMPARE(next.value("h").toDouble(), 167.63);
        QCOMPARE(next.value("v").toDouble(), 301.0);
    }

    void symbolLimitKeepsThePreviousSet()
    {
        SandboxConfig c = config();
        c.maxSymbolsPerSubscription = 2;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        DataStream stream;
        QVERIFY(stream.openAuthenticated(sandbox.dataStreamUrl("iex")));
        QVERIFY(stream
                    .exchange(QJsonObject{{"action", "subscribe"},
                                          {"bars", QJsonArray{"SPY", "AAPL"}},
                                          {"trades", QJsonArray{"SPY"}}})
                    .contains("subscription"));
        QCOMPARE(
            stream.exchange(QJsonObject{{"action", "subscribe"}, {"quotes", QJsonArray{"QQQ"}}}),
            errorFrame(405, "symbol limit exceeded"));
        const QJsonObject echo
            = QJsonDocument::fromJson(
                  stream
                      .exchange(QJsonObject{{"action", "subscribe"}, {"quotes", QJsonArray{"SPY"}}})
                      .toUtf8())
                  .array()[0]
                  .toObject();
        QCOMPARE(echo.value("bars").toArray(), QJsonArray({"SPY", "AAPL"}));
        QCOMPARE(echo.value("quotes").toArray(), QJsonArray{"SPY"});
        // Injected: the next subscribe is refused whatever it asks.
        QVERIFY(sandbox.applyFaults(QJsonObject{{"data_error", 405}}));
        QCOMPARE(
            stream.exchange(QJsonObject{{"action", "unsubscribe"}, {"quotes", QJsonArray{"SPY"}}}),
            errorFrame(405, "symbol limit exceeded"));
    }

    void sipOnlyChannelsAndInjected410()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        DataStream iex;
        DataStream sip;
        QVERIFY(iex.openAuthenticated(sandbox.dataStreamUrl("iex")));
        QVERIFY(sip.openAuthenticated(sandbox.dataStreamUrl("sip")));
        const QString invalid = errorFrame(410, "invalid subscribe action for this feed");
        QCOMPARE(iex.exchange(QJsonObject{{"action", "subscribe"}, {"lulds", QJsonArray{"SPY"}}}),
                 invalid);
        QCOMPARE(
            iex.exchange(QJsonObject{{"action", "subscribe"}, {"imbalances", QJsonArray{"SPY"}}}),
            invalid);
        QVERIFY(sip.exchange(QJsonObject{{"action", "subscribe"}, {"lulds", QJsonArray{"SPY"}}})
                    .contains("subscription"));
        QVERIFY(sandbox.applyFaults(QJsonObject{{"data_error", 410}}));
        QCOMPARE(iex.exchange(QJsonObject{{"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}}),
                 invalid);
        QVERIFY(iex.exchange(QJsonObject{{"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}})
                    .contains("subscription"));
        QVERIFY(!sandbox.applyFaults(QJsonObject{{"data_error", 499}}));
    }

    void feedOutsideThePlanAndInsufficientScope()
    {
        SandboxConfig c = config();
        c.dataFeeds = {QStringLiteral("iex")};
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        DataStream sip;
        QVERIFY(sip.open(sandbox.dataStreamUrl("sip")));
        QSignalSpy sipClosed(&sip.socket, &QWebSocket::disconnected);
        QCOMPARE(sip.exchange(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", secret}}),
                 errorFrame(409, "insufficient subscription"));
        QVERIFY(sipClosed.count() > 0 || sipClosed.wait(5000));

        QVERIFY(sandbox.applyFaults(QJsonObject{{"data_error", 411}}));
        DataStream scoped;
        QVERIFY(scoped.open(sandbox.dataStreamUrl("iex")));
        QSignalSpy scopedClosed(&scoped.socket, &QWebSocket::disconnected);
        QCOMPARE(
            scoped.exchange(QJsonObject{{"action", "auth"}, {"key", keyId}, {"secret", secret}}),
            errorFrame(411, "insufficient scope"));
        QVERIFY(scopedClosed.count() > 0 || scopedClosed.wait(5000));

        DataStream iex;
        QVERIFY(iex.openAuthenticated(sandbox.dataStreamUrl("iex")));
    }

    void slowClientIsCut()
    {
        // Ten steps without returning to the event loop: nothing reaches the socket, so the
        // unsent bytes pile up (each step's frame of q, t and b is about 355 bytes) past 1000.
        SandboxConfig c = config();
        c.slowClientBytes = 1000;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        DataStream stream;
        QVERIFY(stream.openAuthenticated(sandbox.dataStreamUrl("iex")));
        QVERIFY(!stream
                     .exchange(QJsonObject{{"action", "subscribe"},
                                           {"bars", QJsonArray{"SPY"}},
                                           {"trades", QJsonArray{"SPY"}},
                                           {"quotes", QJsonArray{"SPY"}}})
                     .isEmpty());
        QSignalSpy closed(&stream.socket, &QWebSocket::disconnected);
        for (int i = 0; i < 10; ++i)
            QVERIFY(sandbox.step());
        QVERIFY(closed.wait(5000));
        QCOMPARE(stream.raw.last(), errorFrame(407, "slow client"));
        // connected, authenticated, subscription, some bar frames, then 407. The count of frames
        // sent before the cut depends on what the socket reports written (the handshake and
        // frame headers count there too), so only bounds: three frames are more than 1000
        // bytes, so the cut comes after three to five of them, well before the tenth.
        qsizetype bytes = 0;
        for (qsizetype i = 3; i + 1 < stream.raw.size(); ++i)
            bytes += stream.raw[i].toUtf8().size();
        QVERIFY(stream.raw.size() - 4 >= 3);
        QVERIFY(stream.raw.size() - 4 <= 5);
        QVERIFY(bytes > 1000);

        // Injected: the next step cuts every client, however fast.
        DataStream fast;
        QVERIFY(fast.openAuthenticated(sandbox.dataStreamUrl("iex")));
        QVERIFY(!fast.exchange(QJsonObject{{"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}})
                     .isEmpty());
        QVERIFY(sandbox.applyFaults(QJsonObject{{"data_error", 407}}));
        QSignalSpy fastClosed(&fast.socket, &QWebSocket::disconnected);
        QVERIFY(sandbox.step());
        QVERIFY(fastClosed.wait(5000));
        QCOMPARE(fast.raw.size(), 5);
        QCOMPARE(fast.raw.last(), errorFrame(407, "slow client"));
    }

    void fakepacaWalkIsSeeded()
    {
        // The FAKEPACA bars of the test feed over five steps; the walk depends only on the seed.
        auto walk = [&](std::uint64_t seed, const char *feed) {
            SandboxConfig c = config();
            c.seed = seed;
            SandboxServer sandbox(c);
            QJsonArray bars;
            if (!sandbox.start())
                return bars;
            DataStream stream;
            if (!stream.openAuthenticated(sandbox.dataStreamUrl(QString::fromLatin1(feed)))
                || stream
                       .exchange(QJsonObject{{"action", "subscribe"},
                                             {"bars", QJsonArray{"FAKEPACA", "SPY"}}})
                       .isEmpty())
                return bars;
            for (int i = 0; i < 5; ++i)
                sandbox.step();
            if (!stream.waitFrames(3 + 5)) // one frame per step: SPY's bar at least
                return bars;
            for (qsizetype i = 3; i < stream.raw.size(); ++i) {
                for (const QJsonValue &message : stream.frame(i)) {
                    if (message.toObject().value("S").toString() == QLatin1String("FAKEPACA"))
                        bars.append(message);
                }
            }
            return bars;
        };
        const QJsonArray first = walk(7, "test");
        QCOMPARE(first.size(), 5);
        QCOMPARE(walk(7, "test"), first);
        QVERIFY(walk(8, "test") != first);
        QCOMPARE(walk(7, "iex").size(), 0); // FAKEPACA lives on the test feed only
        double previousClose = 100.0;
        // Bar starts: the replay's instants 09:31 ... 09:35 New York minus one minute.
        const QStringList starts{"13:30", "13:31", "13:32", "13:33", "13:34"};
        for (qsizetype i = 0; i < first.size(); ++i) {
            const QJsonObject bar = first[i].toObject();
            QCOMPARE(bar.value("T").toString(), QStringLiteral("b"));
            QCOMPARE(bar.value("S").toString(), QStringLiteral("FAKEPACA"));
            QCOMPARE(bar.value("t").toString(), QStringLiteral("2013-10-04T%1:00Z").arg(starts[i]));
            const double o = bar.value("o").toDouble();
            const double c = bar.value("c").toDouble();
            QCOMPARE(o, previousClose);
            QVERIFY(std::abs(c - o) <= 0.10 + 1e-9);
            QVERIFY(bar.value("h").toDouble() >= std::max(o, c));
            QVERIFY(bar.value("h").toDouble() <= std::max(o, c) + 0.05 + 1e-9);
            QVERIFY(bar.value("l").toDouble() <= std::min(o, c));
            QVERIFY(bar.value("l").toDouble() >= std::min(o, c) - 0.05 - 1e-9);
            QVERIFY(bar.value("v").toDouble() >= 100 && bar.value("v").toDouble() <= 1000);
            previousClose = c;
        }
    }

    void journalRecordsDataFrames()
    {
        SandboxConfig c = config();
        c.journalPath = m_dir.filePath(QStringLiteral("data-journal.jsonl"));
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        DataStream stream;
        QVERIFY(stream.openAuthenticated(sandbox.dataStreamUrl("iex")));
        QVERIFY(!stream.exchange(QJsonObject{{"action", "subscribe"}, {"bars", QJsonArray{"SPY"}}})
                     .isEmpty());
        QVERIFY(sandbox.step());
        QVERIFY(stream.waitFrames(4));
        sandbox.stop();
        QFile file(c.journalPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains(secret));
        QList<QJsonObject> entries;
        for (const QByteArray &line : text.split('\n')) {
            if (!line.isEmpty())
                entries << QJsonDocument::fromJson(line).object();
        }
        // In: auth (redacted), subscribe. Out: connected, authenticated, subscription, the bar.
        QCOMPARE(entries.size(), 6);
        QStringList kinds;
        for (const QJsonObject &entry : entries)
            kinds << entry.value("kind").toString();
        QCOMPARE(kinds, QStringList({"data_out", "data_in", "data_out", "data_in", "data_out",
                                     "data_out"}));
        QCOMPARE(entries[1].value("frame").toObject().value("secret").toString(),
                 QStringLiteral("<redacted>"));
        const QJsonObject bar = entries[5].value("frame").toArray()[0].toObject();
        QCOMPARE(bar.value("T").toString(), QStringLiteral("b"));
        QCOMPARE(bar.value("c").toDouble(), row("09:30").close.toDouble());
        QCOMPARE(entries[5].value("market_time").toString(),
                 QStringLiteral("2013-10-04T13:31:00Z"));
    }
};

QTEST_MAIN(TestSandboxData)
#include "tst_sandbox_data.moc"
