// The sandbox server on loopback: HTTP parsing, auth, rate limits, the simulated clock and the
// trading REST/stream behaviour against the bundled SPY minute bars of 2013-10-04.
//
// Hand-worked figures (resources/data/minute/SPY.csv, New York bar starts):
//   09:30 o 167.74 h 167.82 l 167.67 c 167.77     09:31 o 167.76 h 167.83 l 167.73 c 167.75
//   09:32 o 167.75 h 167.77 l 167.57 c 167.61
// Market buy 10 submitted at 09:30 fills at the 09:30 bar's open 167.74:
//   cash = 100000 - 10 x 167.74 = 98322.6; equity = 98322.6 + 10 x 167.77 = 100000.3.

#include "engine/core/civiltime.h"
#include "engine/live/sandbox/httpserver.h"
#include "tst_sandboxclient.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace meridian;
using namespace meridian::live;
using namespace sandboxtest;

namespace {

QJsonObject marketOrder(const QString &side, const QString &qty)
{
    return QJsonObject{{"symbol", "SPY"},
                       {"qty", qty},
                       {"side", side},
                       {"type", "market"},
                       {"time_in_force", "day"}};
}

QJsonObject limitOrder(const QString &side,
                       const QString &qty,
                       const QString &limit,
                       const QString &tif = QStringLiteral("day"))
{
    return QJsonObject{{"symbol", "SPY"}, {"qty", qty},           {"side", side},
                       {"type", "limit"}, {"limit_price", limit}, {"time_in_force", tif}};
}

} // namespace

class TestSandbox : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_store;

    // Event times 09:31 (the 09:30 bar) .. 16:10 of 2013-10-04 unless told otherwise.
    SandboxConfig config(engine::Timestamp from = nyTime(9, 31),
                         engine::Timestamp to = nyTime(16, 10)) const
    {
        SandboxConfig c = spyConfig(m_store, from, to);
        c.partialFillP = 0.0;
        return c;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = m_dir.filePath(QStringLiteral("market.db"));
        QVERIFY(makeMinuteStore(m_store, {QStringLiteral("SPY")}));
        auto store = engine::BarStore::open(m_store.toStdString());
        QVERIFY(store);
        const engine::ImportOptions daily{"SPY", *engine::Timeframe::parse("1d"), std::nullopt};
        QVERIFY(engine::importCsvFile(*store, MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv",
                                      daily));
        const auto rows = minuteRows(QStringLiteral("SPY"));
        // The hand-worked figures above are the CSV's.
        QCOMPARE(rows.at("2013-10-04T09:30:00").open, QStringLiteral("167.74"));
        QCOMPARE(rows.at("2013-10-04T09:30:00").close, QStringLiteral("167.77"));
        QCOMPARE(rows.at("2013-10-04T09:31:00").open, QStringLiteral("167.76"));
        QCOMPARE(rows.at("2013-10-04T09:32:00").low, QStringLiteral("167.57"));
    }

    void parsesRequests()
    {
        const QByteArray text = "POST /v2/orders?status=all HTTP/1.1\r\nHost: x\r\n"
                                "Content-Length: 4\r\nX-Thing:  v \r\n\r\nbodyGET";
        const ParsedRequest parsed = parseRequest(text);
        QVERIFY(parsed.state == ParsedRequest::State::Complete);
        QCOMPARE(parsed.request.method, QByteArray("POST"));
        QCOMPARE(parsed.request.path, QStringLiteral("/v2/orders"));
        QCOMPARE(parsed.request.query.queryItemValue("status"), QStringLiteral("all"));
        QCOMPARE(parsed.request.header("x-thing"), QByteArray("v"));
        QCOMPARE(parsed.request.body, QByteArray("body"));
        QCOMPARE(parsed.consumed, text.size() - 3);
        QVERIFY(parsed.keepAlive);

        QVERIFY(parseRequest("GET / HTTP/1.1\r\nHost: x\r\n").state
                == ParsedRequest::State::Incomplete);
        QVERIFY(parseRequest("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc").state
                == ParsedRequest::State::Incomplete);
        for (const QByteArray &bad :
             {QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET / HTTP/2.0\r\n\r\n"),
              QByteArray("GET x HTTP/1.1\r\n\r\n"),
              QByteArray("GET / HTTP/1.1\r\nno colon here\r\n\r\n"),
              QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
              QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")}) {
            const ParsedRequest refused = parseRequest(bad);
            QVERIFY2(refused.state == ParsedRequest::State::Malformed, bad.constData());
            QVERIFY(!refused.error.isEmpty());
        }
        QVERIFY(!parseRequest("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive);
        QVERIFY(!parseRequest("GET / HTTP/1.0\r\n\r\n").keepAlive);
    }

    void routesWithParameters()
    {
        HttpServer http;
        http.route("GET", "/v2/orders/{id}", [](const HttpRequest &request) {
            return HttpResponse::json(200, request.params.value("id").toUtf8());
        });
        HttpRequest request;
        request.method = "GET";
        request.path = "/v2/orders/abc";
        QCOMPARE(http.dispatch(request).body, QByteArray("abc"));
        request.method = "PUT";
        QCOMPARE(http.dispatch(request).status, 405);
        request.path = "/v2/nothing/here/at/all";
        QCOMPARE(http.dispatch(request).status, 404);
    }

    void malformedAndKeepAliveOnRawSocket()
    {
        SandboxServer sandbox(config());
        const auto started = sandbox.start();
        QVERIFY2(started, started ? "" : started.error().message().c_str());

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, sandbox.port());
        QVERIFY(socket.waitForConnected(5000));
        // Two pipelined requests on one connection: both answered, in order.
        const QByteArray auth = QByteArray("APCA-API-KEY-ID: ") + keyId
                                + "\r\nAPCA-API-SECRET-KEY: " + secret + "\r\n";
        socket.write("GET /v2/clock HTTP/1.1\r\nHost: x\r\n" + auth
                     + "\r\n"
                       "GET /v2/assets/SPY HTTP/1.1\r\nHost: x\r\n"
                     + auth + "\r\n");
        QByteArray received;
        QVERIFY(QTest::qWaitFor(
            [&] {
                received += socket.readAll();
                return received.count("HTTP/1.1 200 OK") == 2
                       && received.contains("\"symbol\":\"SPY\"");
            },
            5000));
        QVERIFY(received.indexOf("is_open") < received.indexOf("\"symbol\":\"SPY\""));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

        QTcpSocket garbage;
        garbage.connectToHost(QHostAddress::LocalHost, sandbox.port());
        QVERIFY(garbage.waitForConnected(5000));
        garbage.write("THIS IS NOT HTTP\r\n\r\n");
        QByteArray answer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += garbage.readAll();
                return answer.contains("\r\n\r\n") && answer.contains("}");
            },
            5000));
        QVERIFY(answer.startsWith("HTTP/1.1 400 Bad Request"));
        QVERIFY(answer.contains("request line"));
        sandbox.stop();
    }

    void refusesWrongKeys()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        for (const QByteArray &wrong : {QByteArray(), QByteArray("wrong")}) {
            Client client(sandbox.tradingBaseUrl(),
                          wrong.isEmpty() ? QByteArray() : QByteArray(keyId), wrong);
            const Reply reply = client.request("GET", "/v2/account");
            QCOMPARE(reply.status, 403);
            QCOMPARE(reply.json.toObject(), QJsonObject({{"message", "forbidden."}}));
        }
    }

    void rateLimitHeadersAnd429()
    {
        SandboxConfig c = config();
        c.rateLimitPerMinute = 3;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        Reply reply = client.request("GET", "/v2/account");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.headers.value("x-ratelimit-limit"), QByteArray("3"));
        QCOMPARE(reply.headers.value("x-ratelimit-remaining"), QByteArray("2"));
        QVERIFY(reply.headers.value("x-ratelimit-reset").toLongLong()
                > QDateTime::currentSecsSinceEpoch());
        client.request("GET", "/v2/account");
        client.request("GET", "/v2/account");
        reply = client.request("GET", "/v2/account");
        QCOMPARE(reply.status, 429);
        QCOMPARE(reply.headers.value("x-ratelimit-remaining"), QByteArray("0"));
        QVERIFY(reply.headers.contains("x-ratelimit-reset"));
    }

    void clockAndCalendar()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        QJsonObject clock = client.request("GET", "/v2/clock").json.toObject();
        // Before the first step the clock is the first bar's start, 09:30 EDT.
        QCOMPARE(clock.value("timestamp").toString(), QStringLiteral("2013-10-04T09:30:00-04:00"));
        QCOMPARE(clock.value("is_open").toBool(), true);
        QCOMPARE(clock.value("next_close").toString(), QStringLiteral("2013-10-04T16:00:00-04:00"));
        // 2013-10-04 is a Friday: the next open is Monday.
        QCOMPARE(clock.value("next_open").toString(), QStringLiteral("2013-10-07T09:30:00-04:00"));
        QVERIFY(sandbox.step());
        clock = client.request("GET", "/v2/clock").json.toObject();
        QCOMPARE(clock.value("timestamp").toString(), QStringLiteral("2013-10-04T09:31:00-04:00"));

        // Thanksgiving 2013 (Thu 28th) is closed and Friday the 29th closes at 13:00.
        const QJsonArray days
            = client.request("GET", "/v2/calendar?start=2013-11-27&end=2013-12-02").json.toArray();
        QCOMPARE(days.size(), 3);
        QCOMPARE(days[0].toObject().value("date").toString(), QStringLiteral("2013-11-27"));
        QCOMPARE(days[1].toObject().value("date").toString(), QStringLiteral("2013-11-29"));
        QCOMPARE(days[1].toObject().value("close").toString(), QStringLiteral("13:00"));
        QCOMPARE(days[1].toObject().value("session_open").toString(), QStringLiteral("0400"));
        QCOMPARE(days[2].toObject().value("date").toString(), QStringLiteral("2013-12-02"));
        QCOMPARE(days[2].toObject().value("open").toString(), QStringLiteral("09:30"));
        QCOMPARE(client.request("GET", "/v2/calendar?start=nope").status, 400);
    }

    void marketBuyFillsAtNextOpen()
    {
        Session session(config());
        QVERIFY(session.start());
        SandboxServer &sandbox = session.server;
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        QCOMPARE(stream.frames[0].value("data").toObject().value("status").toString(),
                 QStringLiteral("authorized"));
        QCOMPARE(stream.frames[1].value("stream").toString(), QStringLiteral("listening"));

        QJsonObject request = marketOrder("buy", "10");
        request.insert("client_order_id", "meridian-test-0001");
        const Reply submitted = client.request("POST", "/v2/orders", request);
        QCOMPARE(submitted.status, 200);
        const QJsonObject order = submitted.json.toObject();
        QCOMPARE(order.value("status").toString(), QStringLiteral("pending_new"));
        QCOMPARE(order.value("qty").toString(), QStringLiteral("10"));
        QCOMPARE(order.value("filled_qty").toString(), QStringLiteral("0"));
        QVERIFY(order.value("filled_avg_price").isNull());
        QCOMPARE(order.value("client_order_id").toString(), QStringLiteral("meridian-test-0001"));
        QCOMPARE(order.value("id").toString().size(), 36);
        QTRY_COMPARE_WITH_TIMEOUT(stream.events(), QStringList({"pending_new", "new"}), 5000);

        QVERIFY(sandbox.step()); // publishes the 09:30 bar
        QTRY_COMPARE_WITH_TIMEOUT(stream.events().size(), 3, 5000);
        const QJsonObject fill = stream.updates("fill").value(0);
        QCOMPARE(fill.value("price").toString(), QStringLiteral("167.74"));
        QCOMPARE(fill.value("qty").toString(), QStringLiteral("10"));
        QCOMPARE(fill.value("position_qty").toString(), QStringLiteral("10"));
        QCOMPARE(fill.value("execution_id").toString().size(), 36);
        QCOMPARE(fill.value("order").toObject().value("status").toString(),
                 QStringLiteral("filled"));
        QCOMPARE(fill.value("order").toObject().value("filled_avg_price").toString(),
                 QStringLiteral("167.74"));
        QCOMPARE(fill.value("timestamp").toString(), QStringLiteral("2013-10-04T13:31:00Z"));

        const QJsonObject account = client.request("GET", "/v2/account").json.toObject();
        QCOMPARE(account.value("cash").toString(), QStringLiteral("98322.6"));
        QCOMPARE(account.value("long_market_value").toString(), QStringLiteral("1677.7"));
        QCOMPARE(account.value("equity").toString(), QStringLiteral("100000.3"));
        QCOMPARE(account.value("last_equity").toString(), QStringLiteral("100000"));

        const QJsonObject position = client.request("GET", "/v2/positions/SPY").json.toObject();
        QCOMPARE(position.value("qty").toString(), QStringLiteral("10"));
        QCOMPARE(position.value("avg_entry_price").toString(), QStringLiteral("167.74"));
        QCOMPARE(position.value("cost_basis").toString(), QStringLiteral("1677.4"));
        QCOMPARE(position.value("market_value").toString(), QStringLiteral("1677.7"));
        QCOMPARE(position.value("unrealized_pl").toString(), QStringLiteral("0.3"));
        QCOMPARE(position.value("side").toString(), QStringLiteral("long"));
        QCOMPARE(client.request("GET", "/v2/positions/AAPL").status, 404);

        const Reply byClient = client.request(
            "GET", "/v2/orders:by_client_order_id?client_order_id=meridian-test-0001");
        QCOMPARE(byClient.status, 200);
        QCOMPARE(byClient.json.toObject().value("id"), order.value("id"));
        QCOMPARE(client.request("GET", "/v2/orders:by_client_order_id?client_order_id=nope").status,
                 404);
        const Reply duplicate = client.request("POST", "/v2/orders", request);
        QCOMPARE(duplicate.status, 422);
        QCOMPARE(duplicate.json.toObject().value("message").toString(),
                 QStringLiteral("client_order_id must be unique"));

        // Closing sells 10 at the 09:31 open 167.76: cash 98322.6 + 1677.6 = 100000.2.
        const Reply closing = client.request("DELETE", "/v2/positions/SPY");
        QCOMPARE(closing.status, 200);
        QCOMPARE(closing.json.toObject().value("side").toString(), QStringLiteral("sell"));
        QVERIFY(sandbox.step());
        QTRY_COMPARE_WITH_TIMEOUT(stream.updates("fill").size(), 2, 5000);
        QCOMPARE(stream.updates("fill")[1].value("position_qty").toString(), QStringLiteral("0"));
        const QJsonObject flat = client.request("GET", "/v2/account").json.toObject();
        QCOMPARE(flat.value("cash").toString(), QStringLiteral("100000.2"));
        QCOMPARE(flat.value("equity").toString(), QStringLiteral("100000.2"));
        QCOMPARE(client.request("GET", "/v2/positions").json.toArray().size(), 0);
        QCOMPARE(client.request("GET", "/v2/orders?status=closed").json.toArray().size(), 2);
        QCOMPARE(client.request("GET", "/v2/orders").json.toArray().size(), 0);
    }

    void partialFillsCarryPerExecutionAndCumulative()
    {
        SandboxConfig c = config();
        c.partialFillP = 1.0;
        Session session(c);
        QVERIFY(session.start());
        SandboxServer &sandbox = session.server;
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        QCOMPARE(client.request("POST", "/v2/orders", marketOrder("buy", "2")).status, 200);
        QVERIFY(sandbox.step());
        QVERIFY(sandbox.step());
        QTRY_COMPARE_WITH_TIMEOUT(
            stream.events(), QStringList({"pending_new", "new", "partial_fill", "fill"}), 5000);
        // Half (1 share) at the 09:30 open, the rest at the 09:31 open; average (167.74+167.76)/2.
        const QJsonObject partial = stream.updates("partial_fill")[0];
        QCOMPARE(partial.value("qty").toString(), QStringLiteral("1"));
        QCOMPARE(partial.value("price").toString(), QStringLiteral("167.74"));
        QCOMPARE(partial.value("position_qty").toString(), QStringLiteral("1"));
        QCOMPARE(partial.value("order").toObject().value("status").toString(),
                 QStringLiteral("partially_filled"));
        QCOMPARE(partial.value("order").toObject().value("filled_qty").toString(),
                 QStringLiteral("1"));
        const QJsonObject fill = stream.updates("fill")[0];
        QCOMPARE(fill.value("qty").toString(), QStringLiteral("1"));
        QCOMPARE(fill.value("price").toString(), QStringLiteral("167.76"));
        QCOMPARE(fill.value("position_qty").toString(), QStringLiteral("2"));
        QCOMPARE(fill.value("order").toObject().value("filled_qty").toString(),
                 QStringLiteral("2"));
        QCOMPARE(fill.value("order").toObject().value("filled_avg_price").toString(),
                 QStringLiteral("167.75"));
        QVERIFY(partial.value("execution_id") != fill.value("execution_id"));
    }

    void limitAndStopFillWhenCrossed()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        const QString limitId
            = client.request("POST", "/v2/orders", limitOrder("buy", "5", "167.60"))
                  .json.toObject()
                  .value("id")
                  .toString();
        // Stop buy 167.80: the 09:30 bar trades up to 167.82 and fills at the stop.
        QJsonObject stop{{"symbol", "SPY"},        {"qty", "3"},
                         {"side", "buy"},          {"type", "stop"},
                         {"stop_price", "167.80"}, {"time_in_force", "day"}};
        const QString stopId
            = client.request("POST", "/v2/orders", stop).json.toObject().value("id").toString();
        QVERIFY(sandbox.step());
        QJsonObject stopped = client.request("GET", "/v2/orders/" + stopId).json.toObject();
        QCOMPARE(stopped.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(stopped.value("filled_avg_price").toString(), QStringLiteral("167.8"));
        QVERIFY(sandbox.step());
        QCOMPARE(client.request("GET", "/v2/orders/" + limitId)
                     .json.toObject()
                     .value("status")
                     .toString(),
                 QStringLiteral("new"));
        // 09:32: low 167.57 <= 167.60, open 167.75 above the limit: fills at the limit.
        QVERIFY(sandbox.step());
        const QJsonObject limit = client.request("GET", "/v2/orders/" + limitId).json.toObject();
        QCOMPARE(limit.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(limit.value("filled_avg_price").toString(), QStringLiteral("167.6"));
        // 8 shares held: 3 x 167.80 + 5 x 167.60 = 1341.4 cost basis.
        QCOMPARE(client.request("GET", "/v2/positions/SPY")
                     .json.toObject()
                     .value("cost_basis")
                     .toString(),
                 QStringLiteral("1341.4"));
    }

    void trailingStopFollowsTheHigh()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        client.request("POST", "/v2/orders", marketOrder("buy", "1"));
        QVERIFY(sandbox.step()); // bought at the 09:30 open
        const QJsonObject trailing{{"symbol", "SPY"},       {"qty", "1"},
                                   {"side", "sell"},        {"type", "trailing_stop"},
                                   {"trail_price", "0.10"}, {"time_in_force", "day"}};
        const Reply submitted = client.request("POST", "/v2/orders", trailing);
        QCOMPARE(submitted.status, 200);
        const QString id = submitted.json.toObject().value("id").toString();
        QCOMPARE(submitted.json.toObject().value("trail_price").toString(), QStringLiteral("0.1"));
        // 09:31: hwm starts at the open 167.76 (stop 167.66); low 167.73 does not reach it; the
        // high 167.83 moves hwm, stop 167.73.
        QVERIFY(sandbox.step());
        QJsonObject order = client.request("GET", "/v2/orders/" + id).json.toObject();
        QCOMPARE(order.value("status").toString(), QStringLiteral("new"));
        QCOMPARE(order.value("hwm").toString(), QStringLiteral("167.83"));
        QCOMPARE(order.value("stop_price").toString(), QStringLiteral("167.73"));
        // 09:32: low 167.57 crosses 167.73; open 167.75 is above it: fills at the stop.
        QVERIFY(sandbox.step());
        order = client.request("GET", "/v2/orders/" + id).json.toObject();
        QCOMPARE(order.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(order.value("filled_avg_price").toString(), QStringLiteral("167.73"));
        QJsonObject both = trailing;
        both.insert("trail_percent", "1");
        QCOMPARE(
            client.request("POST", "/v2/orders", both).json.toObject().value("message").toString(),
            QStringLiteral("exactly one of trail_price or trail_percent is required"));
    }

    void iocCanceledWhenNotMarketable()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        const QString ioc
            = client.request("POST", "/v2/orders", limitOrder("buy", "1", "160", "ioc"))
                  .json.toObject()
                  .value("id")
                  .toString();
        const QString fok
            = client.request("POST", "/v2/orders", limitOrder("buy", "1", "168", "fok"))
                  .json.toObject()
                  .value("id")
                  .toString();
        QVERIFY(sandbox.step());
        QCOMPARE(
            client.request("GET", "/v2/orders/" + ioc).json.toObject().value("status").toString(),
            QStringLiteral("canceled"));
        // 168 >= the 09:30 open 167.74: the fok fills whole at the open.
        const QJsonObject filled = client.request("GET", "/v2/orders/" + fok).json.toObject();
        QCOMPARE(filled.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(filled.value("filled_avg_price").toString(), QStringLiteral("167.74"));
    }

    void dayOrderExpiresAtClose_data()
    {
        QTest::addColumn<bool>("cancels");
        QTest::newRow("expired") << false;
        QTest::newRow("canceled") << true;
    }

    void dayOrderExpiresAtClose()
    {
        QFETCH(bool, cancels);
        SandboxConfig c = config(nyTime(15, 59), nyTime(16, 5));
        c.dayExpiryCancels = cancels;
        Session session(c);
        QVERIFY(session.start());
        SandboxServer &sandbox = session.server;
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        const QString id = client.request("POST", "/v2/orders", limitOrder("buy", "1", "100"))
                               .json.toObject()
                               .value("id")
                               .toString();
        QVERIFY(sandbox.step()); // 15:58 bar
        QVERIFY(sandbox.step()); // 15:59 bar, ends 16:00
        const QString final = cancels ? QStringLiteral("canceled") : QStringLiteral("expired");
        QTRY_COMPARE_WITH_TIMEOUT(stream.events(), QStringList({"pending_new", "new", final}),
                                  5000);
        const QJsonObject order = client.request("GET", "/v2/orders/" + id).json.toObject();
        QCOMPARE(order.value("status").toString(), final);
        QCOMPARE(order.value(cancels ? "canceled_at" : "expired_at").toString(),
                 QStringLiteral("2013-10-04T20:00:00Z"));
    }

    void closedMarketAcceptsAndRoutesLater()
    {
        SandboxServer sandbox(config(nyTime(16, 5), nyTime(16, 10)));
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        QCOMPARE(client.request("GET", "/v2/clock").json.toObject().value("is_open").toBool(),
                 false);
        const QJsonObject order
            = client.request("POST", "/v2/orders", limitOrder("buy", "1", "150")).json.toObject();
        QCOMPARE(order.value("status").toString(), QStringLiteral("accepted"));
        const Reply replace = client.request("PATCH", "/v2/orders/" + order.value("id").toString(),
                                             QJsonObject{{"limit_price", "151"}});
        QCOMPARE(replace.status, 422);
        QCOMPARE(replace.json.toObject().value("message").toString(),
                 QStringLiteral("unable to replace order, order isn't sent to exchange yet"));
        // After-hours bars do not fill a regular-hours order.
        QVERIFY(sandbox.step());
        QCOMPARE(client.request("GET", "/v2/orders/" + order.value("id").toString())
                     .json.toObject()
                     .value("status")
                     .toString(),
                 QStringLiteral("accepted"));
    }

    void cancelAndReplace()
    {
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        StreamClient &stream = session.stream;
        const QString id = client.request("POST", "/v2/orders", limitOrder("buy", "2", "150"))
                               .json.toObject()
                               .value("id")
                               .toString();
        QTRY_COMPARE_WITH_TIMEOUT(stream.events().size(), 2, 5000);

        const Reply unchanged
            = client.request("PATCH", "/v2/orders/" + id, QJsonObject{{"limit_price", "150"}});
        QCOMPARE(unchanged.status, 403);
        QCOMPARE(
            unchanged.json.toObject(),
            QJsonObject({{"code", 40310000}, {"message", "order parameters are not changed"}}));
        const Reply fractional
            = client.request("PATCH", "/v2/orders/" + id, QJsonObject{{"qty", "1.5"}});
        QCOMPARE(fractional.status, 422);
        QCOMPARE(fractional.json.toObject().value("message").toString(),
                 QStringLiteral("qty must be integer"));

        const Reply replaced = client.request("PATCH", "/v2/orders/" + id,
                                              QJsonObject{{"limit_price", "151"}, {"qty", "3"}});
        QCOMPARE(replaced.status, 200);
        const QJsonObject fresh = replaced.json.toObject();
        QVERIFY(fresh.value("id").toString() != id);
        QCOMPARE(fresh.value("replaces").toString(), id);
        QCOMPARE(fresh.value("limit_price").toString(), QStringLiteral("151"));
        QCOMPARE(fresh.value("qty").toString(), QStringLiteral("3"));
        const QJsonObject old = client.request("GET", "/v2/orders/" + id).json.toObject();
        QCOMPARE(old.value("status").toString(), QStringLiteral("replaced"));
        QCOMPARE(old.value("replaced_by"), fresh.value("id"));
        QTRY_COMPARE_WITH_TIMEOUT(stream.events(),
                                  QStringList({"pending_new", "new", "pending_replace", "replaced",
                                               "pending_new", "new"}),
                                  5000);
        QCOMPARE(
            stream.updates("replaced")[0].value("order").toObject().value("limit_price").toString(),
            QStringLiteral("150"));

        const QString freshId = fresh.value("id").toString();
        const Reply canceled = client.request("DELETE", "/v2/orders/" + freshId);
        QCOMPARE(canceled.status, 204);
        QVERIFY(canceled.body.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(stream.events().last(), QStringLiteral("canceled"), 5000);
        QVERIFY(
            !stream.updates("canceled")[0].value("order").toObject().value("canceled_at").isNull());
        const Reply again = client.request("DELETE", "/v2/orders/" + freshId);
        QCOMPARE(again.status, 422);
        QCOMPARE(again.json.toObject(),
                 QJsonObject(
                     {{"code", 42210000}, {"message", "order is already in \"canceled\" state"}}));
        const Reply unknown
            = client.request("DELETE", "/v2/orders/00000000-0000-4000-8000-000000000000");
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json.toObject(),
                 QJsonObject({{"code", 40410000}, {"message", "order not found"}}));
        const Reply notUuid = client.request("GET", "/v2/orders/not-a-uuid");
        QCOMPARE(notUuid.status, 422);
        QCOMPARE(notUuid.json.toObject().value("message").toString(),
                 QStringLiteral("order_id is missing"));

        client.request("POST", "/v2/orders", limitOrder("buy", "1", "150"));
        client.request("POST", "/v2/orders", limitOrder("buy", "1", "149"));
        const Reply all = client.request("DELETE", "/v2/orders");
        QCOMPARE(all.status, 207);
        QCOMPARE(all.json.toArray().size(), 2);
        QCOMPARE(all.json.toArray()[0].toObject().value("status").toInt(), 200);
        QCOMPARE(client.request("GET", "/v2/orders?status=open").json.toArray().size(), 0);
        QCOMPARE(client.request("GET", "/v2/orders?status=all&limit=2").json.toArray().size(), 2);
    }

    void validationErrors()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        struct Case
        {
            QJsonObject body;
            int status;
            QString message;
        };
        QJsonObject noQty = marketOrder("buy", "1");
        noQty.remove("qty");
        QJsonObject both = marketOrder("buy", "1");
        both.insert("notional", "100");
        QJsonObject unknown = marketOrder("buy", "1");
        unknown.insert("symbol", "NOPE");
        QJsonObject longId = marketOrder("buy", "1");
        longId.insert("client_order_id", QString(49, QLatin1Char('x')));
        QJsonObject extended = marketOrder("buy", "1");
        extended.insert("extended_hours", true);
        const QList<Case> cases{
            {noQty, 422, "qty or notional is required"},
            {both, 422, "only one of qty or notional is accepted"},
            {limitOrder("buy", "1", "290.123"), 422,
             "invalid limit_price 290.123. sub-penny increment does not fulfill minimum pricing "
             "criteria"},
            {unknown, 422, "asset \"NOPE\" not found"},
            {longId, 422, "client_order_id must be no more than 48 characters"},
            {extended, 422, "extended hours order must be DAY limit orders"},
            {marketOrder("buy", "1000000"), 403, "insufficient buying power"},
            {marketOrder("sell", "1"), 403, "account is not allowed to short"},
        };
        for (const Case &c : cases) {
            const Reply reply = client.request("POST", "/v2/orders", c.body);
            QCOMPARE(reply.status, c.status);
            QCOMPARE(reply.json.toObject().value("message").toString(), c.message);
            QVERIFY(reply.json.toObject().value("code").isDouble());
        }
        // Sub-dollar prices may carry 4 decimals.
        QCOMPARE(client.request("POST", "/v2/orders", limitOrder("buy", "1", "0.5123")).status,
                 200);
        // The open limit buy of 1 x 0.5123 holds that much buying power.
        const QJsonObject bp
            = client.request("POST", "/v2/orders", limitOrder("buy", "1000", "200"))
                  .json.toObject();
        QCOMPARE(bp.value("cost_basis").toString(), QStringLiteral("200000"));
        QCOMPARE(bp.value("buying_power").toString(), QStringLiteral("99999.4877"));
        QCOMPARE(client.request("POST", "/v2/orders", QJsonObject()).status, 422);
        Reply badJson;
        {
            QTcpSocket raw;
            raw.connectToHost(QHostAddress::LocalHost, sandbox.port());
            QVERIFY(raw.waitForConnected(5000));
            raw.write(QByteArray("POST /v2/orders HTTP/1.1\r\nAPCA-API-KEY-ID: ") + keyId
                      + "\r\nAPCA-API-SECRET-KEY: " + secret
                      + "\r\nContent-Length: 5\r\n\r\n{oops");
            QByteArray answer;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    answer += raw.readAll();
                    return answer.contains("}");
                },
                5000));
            QVERIFY(answer.startsWith("HTTP/1.1 400"));
        }
    }

    void sellBeyondPositionIsInsufficientQty()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        client.request("POST", "/v2/orders", marketOrder("buy", "10"));
        QVERIFY(sandbox.step());
        QCOMPARE(client.request("POST", "/v2/orders", limitOrder("sell", "6", "200")).status, 200);
        const Reply refused = client.request("POST", "/v2/orders", limitOrder("sell", "5", "200"));
        QCOMPARE(refused.status, 403);
        const QJsonObject body = refused.json.toObject();
        QCOMPARE(
            body.value("message").toString(),
            QStringLiteral("insufficient qty available for order (requested: 5, available: 4)"));
        QCOMPARE(body.value("available").toString(), QStringLiteral("4"));
        QCOMPARE(body.value("existing_qty").toString(), QStringLiteral("10"));
        QCOMPARE(body.value("held_for_orders").toString(), QStringLiteral("6"));
        QCOMPARE(body.value("symbol").toString(), QStringLiteral("SPY"));
        QCOMPARE(client.request("GET", "/v2/positions/SPY")
                     .json.toObject()
                     .value("qty_available")
                     .toString(),
                 QStringLiteral("4"));
        const Reply closeAll = client.request("DELETE", "/v2/positions?cancel_orders=true");
        QCOMPARE(closeAll.status, 207);
        const QJsonObject entry = closeAll.json.toArray()[0].toObject();
        QCOMPARE(entry.value("symbol").toString(), QStringLiteral("SPY"));
        QCOMPARE(entry.value("status").toInt(), 200);
        QCOMPARE(entry.value("body").toObject().value("qty").toString(), QStringLiteral("10"));
    }

    void legacyAuthAndBinaryFrames()
    {
        SandboxConfig c = config();
        c.binaryFrames = true;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        StreamClient stream;
        QVERIFY(stream.open(sandbox.tradingStreamUrl()));
        stream.send(QJsonObject{{"action", "listen"},
                                {"data", QJsonObject{{"streams", QJsonArray{"trade_updates"}}}}});
        QVERIFY(stream.waitFor(1));
        QCOMPARE(
            stream.frames[0],
            QJsonObject({{"stream", "authorization"},
                         {"data", QJsonObject{{"status", "unauthorized"}, {"action", "listen"}}}}));
        stream.send(QJsonObject{{"action", "authenticate"},
                                {"data", QJsonObject{{"key_id", keyId}, {"secret_key", "bad"}}}});
        QVERIFY(stream.waitFor(2));
        QCOMPARE(stream.frames[1].value("data").toObject().value("status").toString(),
                 QStringLiteral("unauthorized"));
        stream.send(QJsonObject{{"action", "authenticate"},
                                {"data", QJsonObject{{"key_id", keyId}, {"secret_key", secret}}}});
        QVERIFY(stream.waitFor(3));
        const QJsonObject ok = stream.frames[2].value("data").toObject();
        QCOMPARE(ok.value("status").toString(), QStringLiteral("authorized"));
        QVERIFY(ok.value("message").toString().contains("deprecated"));
        QCOMPARE(stream.binaryFrames, 3);
    }

    void speedAdvancesOnATimer()
    {
        SandboxConfig c = config(nyTime(9, 31), nyTime(9, 35)); // five bars
        c.speed = 60'000;                                       // one minute bar per millisecond
        SandboxServer sandbox(c);
        QSignalSpy stepped(&sandbox, &SandboxServer::stepped);
        QSignalSpy finished(&sandbox, &SandboxServer::finished);
        QVERIFY(sandbox.start());
        QVERIFY(finished.wait(5000));
        QCOMPARE(stepped.count(), 5);
        QCOMPARE(stepped.last().at(0).toLongLong(), nyTime(9, 35).unixNanos());
    }

    void controlEndpointsStepAndReset()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        Client control(sandbox.tradingBaseUrl(), "", "");
        QCOMPARE(client.request("POST", "/v2/orders", marketOrder("buy", "10")).status, 200);
        const Reply step = control.request("POST", "/_sandbox/step", QJsonObject());
        QCOMPARE(step.json.toObject(), QJsonObject({{"stepped", true}}));
        QCOMPARE(client.request("GET", "/v2/account").json.toObject().value("cash").toString(),
                 QStringLiteral("98322.6"));
        QCOMPARE(control.request("POST", "/_sandbox/reset", QJsonObject()).status, 204);
        QCOMPARE(client.request("GET", "/v2/account").json.toObject().value("cash").toString(),
                 QStringLiteral("100000"));
        QCOMPARE(client.request("GET", "/v2/clock").json.toObject().value("timestamp").toString(),
                 QStringLiteral("2013-10-04T09:30:00-04:00"));
        QCOMPARE(client.request("GET", "/v2/orders?status=all").json.toArray().size(), 0);
    }

    void journalHasEveryExchangeAndNoSecret()
    {
        SandboxConfig c = config();
        c.journalPath = m_dir.filePath(QStringLiteral("journal.jsonl"));
        Session session(c);
        QVERIFY(session.start());
        QCOMPARE(session.client->request("POST", "/v2/orders", marketOrder("buy", "1")).status,
                 200);
        QVERIFY(session.server.step());
        QTRY_VERIFY_WITH_TIMEOUT(session.stream.events().contains("fill"), 5000);
        session.server.stop();
        QFile file(c.journalPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains(secret));
        QStringList kinds;
        for (const QByteArray &line : text.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject entry = QJsonDocument::fromJson(line).object();
            QVERIFY2(!entry.isEmpty(), line.constData());
            kinds << entry.value("kind").toString();
        }
        // auth + listen in, their two answers out, the POST, pending_new/new/fill out.
        QCOMPARE(kinds.count("stream_in"), 2);
        QCOMPARE(kinds.count("http"), 1);
        QCOMPARE(kinds.count("stream_out"), 5);
        QVERIFY(text.contains("<redacted>"));
    }

    void reorderedEvents()
    {
        SandboxConfig c = config();
        c.partialFillP = 1.0;
        Session session(c);
        QVERIFY(session.start());
        Client control(session.server.tradingBaseUrl(), "", "");
        QCOMPARE(control.request("POST", "/_sandbox/faults", QJsonObject{{"reorder_events", true}})
                     .status,
                 204);
        QCOMPARE(session.client->request("POST", "/v2/orders", marketOrder("buy", "2")).status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(session.stream.events().size(), 2, 5000);
        // Two executions in a row without the event loop in between: the fill overtakes the
        // partial fill.
        QVERIFY(session.server.step());
        QVERIFY(session.server.step());
        QTRY_COMPARE_WITH_TIMEOUT(session.stream.events(),
                                  QStringList({"pending_new", "new", "fill", "partial_fill"}),
                                  5000);
    }

    void participationCapsExecutions()
    {
        SandboxConfig c = config();
        // 09:30 volume 633958 x 2e-6 = 1.27 -> 1 share; 09:31 641236 -> 1; 09:32 545042 -> 1.
        c.maxParticipation = 0.000002;
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        const QString id = client.request("POST", "/v2/orders", marketOrder("buy", "3"))
                               .json.toObject()
                               .value("id")
                               .toString();
        const QString fok
            = client.request("POST", "/v2/orders", limitOrder("buy", "2", "168", "fok"))
                  .json.toObject()
                  .value("id")
                  .toString();
        Client control(sandbox.tradingBaseUrl(), "", "");
        // /_sandbox/clock steps through 09:31, 09:32 and 09:33 (bar ends).
        const Reply advanced = control.request("POST", "/_sandbox/clock",
                                               QJsonObject{{"advance_to", "2013-10-04T13:33:00Z"}});
        QCOMPARE(advanced.json.toObject(),
                 QJsonObject({{"steps", 3}, {"timestamp", "2013-10-04T09:33:00-04:00"}}));
        const QJsonObject order = client.request("GET", "/v2/orders/" + id).json.toObject();
        QCOMPARE(order.value("status").toString(), QStringLiteral("filled"));
        // (167.74 + 167.76 + 167.75) / 3 = 167.75
        QCOMPARE(order.value("filled_avg_price").toString(), QStringLiteral("167.75"));
        QCOMPARE(
            client.request("GET", "/v2/orders/" + fok).json.toObject().value("status").toString(),
            QStringLiteral("canceled"));
        QCOMPARE(
            control.request("POST", "/_sandbox/clock", QJsonObject{{"advance_to", "soon"}}).status,
            400);
    }

    void dailyReplayTradesAtTheOpen()
    {
        // resources/data/daily/SPY.csv: 2021-03-01 o 385.65 c 389.58; 2021-03-02 o 389.87.
        using engine::Date;
        SandboxConfig c
            = config(engine::newYorkTime(Date{2021, 3, 1}, engine::TimeOfDay{}),
                     engine::newYorkTime(Date{2021, 3, 3}, engine::TimeOfDay::hms(17, 0, 0)));
        c.timeframe = QStringLiteral("1Day");
        Session session(c);
        QVERIFY(session.start());
        Client &client = *session.client;
        QJsonObject clock = client.request("GET", "/v2/clock").json.toObject();
        QCOMPARE(clock.value("timestamp").toString(), QStringLiteral("2021-03-01T00:00:00-05:00"));
        QCOMPARE(clock.value("is_open").toBool(), false);
        QCOMPARE(clock.value("next_open").toString(), QStringLiteral("2021-03-01T09:30:00-05:00"));
        QCOMPARE(client.request("POST", "/v2/orders", marketOrder("buy", "10"))
                     .json.toObject()
                     .value("status")
                     .toString(),
                 QStringLiteral("accepted"));
        const QString limit = client.request("POST", "/v2/orders", limitOrder("buy", "1", "300"))
                                  .json.toObject()
                                  .value("id")
                                  .toString();
        QVERIFY(session.server.step());
        QTRY_COMPARE_WITH_TIMEOUT(
            session.stream.events(),
            QStringList({"pending_new", "new", "pending_new", "new", "fill", "expired"}), 5000);
        QCOMPARE(session.stream.updates("fill")[0].value("price").toString(),
                 QStringLiteral("385.65"));
        QCOMPARE(client.request("GET", "/v2/orders/" + limit)
                     .json.toObject()
                     .value("expired_at")
                     .toString(),
                 QStringLiteral("2021-03-01T21:00:00Z"));
        clock = client.request("GET", "/v2/clock").json.toObject();
        QCOMPARE(clock.value("timestamp").toString(), QStringLiteral("2021-03-01T16:00:00-05:00"));
        QCOMPARE(clock.value("is_open").toBool(), false);
        // cash 100000 - 3856.5 = 96143.5; equity 96143.5 + 10 x 389.58 = 100039.3, also the
        // equity at this close.
        QJsonObject account = client.request("GET", "/v2/account").json.toObject();
        QCOMPARE(account.value("cash").toString(), QStringLiteral("96143.5"));
        QCOMPARE(account.value("equity").toString(), QStringLiteral("100039.3"));
        QCOMPARE(account.value("last_equity").toString(), QStringLiteral("100039.3"));
        QCOMPARE(client.request("POST", "/v2/orders", marketOrder("sell", "10")).status, 200);
        QVERIFY(session.server.step());
        account = client.request("GET", "/v2/account").json.toObject();
        QCOMPARE(account.value("cash").toString(), QStringLiteral("100042.2")); // + 10 x 389.87
    }

    void replaceLosesTheRace()
    {
        Session session(config());
        QVERIFY(session.start());
        Client &client = *session.client;
        Client control(session.server.tradingBaseUrl(), "", "");
        const QString id = client.request("POST", "/v2/orders", limitOrder("buy", "2", "150"))
                               .json.toObject()
                               .value("id")
                               .toString();
        QVERIFY(session.server.step()); // 09:30 published: last price 167.77, above the limit
        control.request("POST", "/_sandbox/faults", QJsonObject{{"replace_race", true}});
        const Reply replaced
            = client.request("PATCH", "/v2/orders/" + id, QJsonObject{{"limit_price", "151"}});
        QCOMPARE(replaced.status, 200);
        const QString freshId = replaced.json.toObject().value("id").toString();
        QTRY_COMPARE_WITH_TIMEOUT(session.stream.events(),
                                  QStringList({"pending_new", "new", "pending_replace", "fill",
                                               "pending_new", "rejected"}),
                                  5000);
        const QJsonObject old = client.request("GET", "/v2/orders/" + id).json.toObject();
        QCOMPARE(old.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(old.value("filled_avg_price").toString(), QStringLiteral("150"));
        QVERIFY(old.value("replaced_by").isNull());
        QCOMPARE(client.request("GET", "/v2/orders/" + freshId)
                     .json.toObject()
                     .value("status")
                     .toString(),
                 QStringLiteral("rejected"));
    }

    void slippageAndForcedClose()
    {
        SandboxConfig c = config();
        c.slippageBps = 10; // buys: 167.74 x 1.001 = 167.90774, rounded up to 167.91
        SandboxServer sandbox(c);
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        Client control(sandbox.tradingBaseUrl(), "", "");
        const QString buy = client.request("POST", "/v2/orders", marketOrder("buy", "1"))
                                .json.toObject()
                                .value("id")
                                .toString();
        QVERIFY(sandbox.step());
        QCOMPARE(client.request("GET", "/v2/orders/" + buy)
                     .json.toObject()
                     .value("filled_avg_price")
                     .toString(),
                 QStringLiteral("167.91"));

        QCOMPARE(control.request("POST", "/_sandbox/faults", QJsonObject{{"market_closed", true}})
                     .status,
                 204);
        QCOMPARE(client.request("GET", "/v2/clock").json.toObject().value("is_open").toBool(),
                 false);
        const QJsonObject held
            = client.request("POST", "/v2/orders", marketOrder("sell", "1")).json.toObject();
        QCOMPARE(held.value("status").toString(), QStringLiteral("accepted"));
        QVERIFY(sandbox.step()); // the 09:31 bar passes while closed
        QCOMPARE(client.request("GET", "/v2/orders/" + held.value("id").toString())
                     .json.toObject()
                     .value("status")
                     .toString(),
                 QStringLiteral("accepted"));
        control.request("POST", "/_sandbox/faults", QJsonObject{{"market_closed", false}});
        // Sells: the 09:32 open 167.75 less 10 bps = 167.582250, rounded down to 167.58.
        QVERIFY(sandbox.step());
        const QJsonObject sold
            = client.request("GET", "/v2/orders/" + held.value("id").toString()).json.toObject();
        QCOMPARE(sold.value("status").toString(), QStringLiteral("filled"));
        QCOMPARE(sold.value("filled_avg_price").toString(), QStringLiteral("167.58"));
    }

    void tradingStreamAuthFaults()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client control(sandbox.tradingBaseUrl(), "", "");
        StreamClient stream;
        QVERIFY(stream.open(sandbox.tradingStreamUrl()));
        const QJsonObject auth{{"action", "auth"}, {"key", keyId}, {"secret", secret}};
        control.request("POST", "/_sandbox/faults", QJsonObject{{"ws_auth", "fail"}});
        stream.send(auth);
        QVERIFY(stream.waitFor(1));
        QCOMPARE(stream.frames[0].value("data").toObject().value("status").toString(),
                 QStringLiteral("unauthorized"));
        control.request("POST", "/_sandbox/faults", QJsonObject{{"ws_auth", "timeout"}});
        stream.send(auth); // never answered
        stream.send(auth);
        QVERIFY(stream.waitFor(2));
        QCOMPARE(stream.frames.size(), 2);
        QCOMPARE(stream.frames[1].value("data").toObject().value("status").toString(),
                 QStringLiteral("authorized"));
    }

    void faultInjection()
    {
        SandboxServer sandbox(config());
        QVERIFY(sandbox.start());
        Client client(sandbox.tradingBaseUrl());
        Client control(sandbox.tradingBaseUrl(), "", "");
        QCOMPARE(control.request("POST", "/_sandbox/faults", QJsonObject{{"bogus", 1}}).status,
                 400);

        QCOMPARE(
            control
                .request("POST", "/_sandbox/faults",
                         QJsonObject{{"http_status", 500}, {"count", 1}, {"path", "/v2/account"}})
                .status,
            204);
        QCOMPARE(client.request("GET", "/v2/clock").status, 200);
        QCOMPARE(client.request("GET", "/v2/account").status, 500);
        QCOMPARE(client.request("GET", "/v2/account").status, 200);

        control.request("POST", "/_sandbox/faults",
                        QJsonObject{{"http_status", 429}, {"count", 2}});
        Reply limited = client.request("GET", "/v2/account");
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.headers.value("x-ratelimit-remaining"), QByteArray("0"));
        QCOMPARE(client.request("GET", "/v2/account").status, 429);

        control.request("POST", "/_sandbox/reset", QJsonObject());
        control.request("POST", "/_sandbox/faults", QJsonObject{{"reject_next_order", "403_bp"}});
        const Reply refused = client.request("POST", "/v2/orders", marketOrder("buy", "1"));
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json.toObject().value("message").toString(),
                 QStringLiteral("insufficient buying power"));
        QCOMPARE(client.request("POST", "/v2/orders", marketOrder("buy", "1")).status, 200);

        StreamClient stream;
        QVERIFY(stream.open(sandbox.tradingStreamUrl()));
        QVERIFY(stream.authenticateAndListen());
        control.request("POST", "/_sandbox/faults",
                        QJsonObject{{"reject_next_order", "post_accept"}});
        const Reply accepted = client.request("POST", "/v2/orders", marketOrder("buy", "1"));
        QCOMPARE(accepted.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(stream.events().contains("rejected"), 5000);

        // commit_then_drop: the order exists although the client never saw the response.
        control.request("POST", "/_sandbox/faults", QJsonObject{{"commit_then_drop", true}});
        QJsonObject request = marketOrder("buy", "1");
        request.insert("client_order_id", "dropped-0001");
        const Reply dropped = client.request("POST", "/v2/orders", request);
        QVERIFY(dropped.error != QNetworkReply::NoError);
        QCOMPARE(client.request("GET", "/v2/orders:by_client_order_id?client_order_id=dropped-0001")
                     .status,
                 200);

        control.request("POST", "/_sandbox/faults", QJsonObject{{"duplicate_events", true}});
        const int before = int(stream.updates("fill").size());
        QVERIFY(sandbox.step());
        QTRY_VERIFY_WITH_TIMEOUT(stream.updates("fill").size() >= before + 2, 5000);
        const auto fills = stream.updates("fill");
        QCOMPARE(fills[before].value("execution_id"), fills[before + 1].value("execution_id"));

        control.request("POST", "/_sandbox/faults",
                        QJsonObject{{"delay_ms", 300}, {"path", "/v2/clock"}});
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(client.request("GET", "/v2/clock").status, 200);
        QVERIFY(timer.elapsed() >= 250);
        control.request("POST", "/_sandbox/faults", QJsonObject{{"delay_ms", 0}});

        control.request("POST", "/_sandbox/faults", QJsonObject{{"handshake_429", 1}});
        QWebSocket refusedSocket;
        QSignalSpy errors(&refusedSocket,
                          QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error));
        refusedSocket.open(sandbox.tradingStreamUrl());
        QVERIFY(errors.wait(5000));

        QSignalSpy closed(&stream.socket, &QWebSocket::disconnected);
        control.request("POST", "/_sandbox/faults",
                        QJsonObject{{"ws_drop", "trading"}, {"mode", "close"}});
        // The close may already have arrived while the control request was waiting.
        QVERIFY(closed.count() > 0 || closed.wait(5000));
    }
};

QTEST_MAIN(TestSandbox)
#include "tst_sandbox.moc"
