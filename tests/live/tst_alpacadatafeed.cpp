// AlpacaDataFeed against a loopback stand-in defined here: a QWebSocketServer that speaks the
// data stream with the real payload frames, and an HTTP responder for the bars endpoint that
// answers with bars_multi_page1.json then bars_multi_last_page.json. Expected values are read
// off those files; bars are stamped at their end (start + 1 minute, the feed's bar interval).

#include "engine/live/alpaca/alpacadatafeed.h"

#include "alpacapayloads.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <mutex>

using namespace meridian;
using namespace meridian::live;
using engine::Duration;
using engine::EventType;
using engine::Price;
using engine::Quantity;

namespace {

const char *const testKey = "PKMADEUPDATAKEY00001";
const char *const testSecret = "made-up-data-secret-for-tests-1a2b3c";

QByteArray payload(const char *name)
{
    return alpacaPayload(QLatin1String(name));
}

engine::Timestamp at(const char *rfc3339)
{
    return *parseRfc3339(rfc3339);
}

// The data stream: connected on open, then auth and subscribe answered from the payloads.
class FakeDataStream : public QObject
{
public:
    int connections = 0;
    bool limitFirstConnection = false; // answer the first auth with 406
    bool acceptKeys = true;
    std::vector<QJsonObject> clientMessages;

    FakeDataStream()
        : m_server(QStringLiteral("fake-data"), QWebSocketServer::NonSecureMode)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                socket->setParent(this);
                m_socket = socket;
                const int number = connections;
                connect(socket, &QWebSocket::textMessageReceived, this,
                        [this, socket, number](const QString &text) {
                            onMessage(socket, number, text.toUtf8());
                        });
                socket->sendTextMessage(QString::fromUtf8(payload("data_stream_connected.json")));
            }
        });
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/v2/iex").arg(m_server.serverPort()));
    }
    void push(const QByteArray &frame)
    {
        if (m_socket)
            m_socket->sendTextMessage(QString::fromUtf8(frame));
    }

private:
    void onMessage(QWebSocket *socket, int number, const QByteArray &text)
    {
        const QJsonObject message = QJsonDocument::fromJson(text).object();
        clientMessages.push_back(message);
        const QString action = message.value("action").toString();
        if (action == QLatin1String("auth")) {
            const bool ok = acceptKeys && message.value("key").toString() == QLatin1String(testKey)
                            && message.value("secret").toString() == QLatin1String(testSecret);
            const char *answer = !ok ? "data_stream_auth_failed.json"
                                 : limitFirstConnection && number == 1
                                     ? "data_stream_connection_limit.json"
                                     : "data_stream_authenticated.json";
            socket->sendTextMessage(QString::fromUtf8(payload(answer)));
        } else if (action == QLatin1String("subscribe")) {
            socket->sendTextMessage(QString::fromUtf8(payload("data_stream_subscription.json")));
        }
    }

    QWebSocketServer m_server;
    QWebSocket *m_socket = nullptr;
};

// The bars endpoint: page 1, then (for page_token) the last page.
class FakeBars : public QObject
{
public:
    std::vector<QUrlQuery> queries;
    std::vector<QByteArray> keyHeaders;

    FakeBars()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffer[socket] += socket->readAll();
                    const QByteArray &request = m_buffer[socket];
                    if (!request.contains("\r\n\r\n"))
                        return;
                    const QByteArray target = request.split(' ').value(1);
                    const QUrl url(QString::fromUtf8(target));
                    queries.emplace_back(url.query());
                    for (const QByteArray &line : request.split('\n')) {
                        if (line.toLower().startsWith("apca-api-key-id:"))
                            keyHeaders.push_back(line.mid(16).trimmed());
                    }
                    const QByteArray body = payload(queries.back().hasQueryItem("page_token")
                                                        ? "bars_multi_last_page.json"
                                                        : "bars_multi_page1.json");
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Connection: close\r\nContent-Length: "
                                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
            }
        });
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }

private:
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffer;
};

class CollectingSink : public MarketDataSink
{
public:
    std::vector<engine::Event> events;
    void onMarketEvent(const engine::Event &event) override { events.push_back(event); }
};

} // namespace

class TestAlpacaDataFeed : public QObject
{
    Q_OBJECT

    engine::InstrumentTable m_instruments;
    std::vector<std::string> m_log;
    std::unique_ptr<FakeDataStream> m_stream;
    std::unique_ptr<FakeBars> m_bars;
    std::unique_ptr<CollectingSink> m_sink;

    std::unique_ptr<AlpacaDataFeed> makeFeed()
    {
        return std::make_unique<AlpacaDataFeed>(
            options(), *Credentials::fromValues(testKey, testSecret), m_instruments, *m_sink);
    }

    AlpacaDataFeedOptions options()
    {
        AlpacaDataFeedOptions o;
        o.streamUrl = m_stream->url();
        o.restUrl = m_bars->url();
        o.bars = {"AAPL", "TSLA"};
        o.trades = {"AAPL"};
        o.quotes = {"AMD"};
        o.staleAfter = std::chrono::milliseconds(300);
        o.staleOnlyWhileOpen = false; // silence on the wall clock, whatever the market does
        o.reconnectInitial = std::chrono::milliseconds(20);
        o.connectionLimitRetry = std::chrono::milliseconds(50);
        o.log = [this](std::string_view line) { m_log.emplace_back(line); };
        return o;
    }

private slots:
    void initTestCase()
    {
        for (const char *symbol : {"AAPL", "TSLA", "AMD"})
            m_instruments.add(*engine::Symbol::parse(symbol));
    }

    void init()
    {
        m_stream = std::make_unique<FakeDataStream>();
        m_bars = std::make_unique<FakeBars>();
        m_sink = std::make_unique<CollectingSink>();
    }

    void cleanup()
    {
        QVERIFY(!m_log.empty());
        for (const std::string &line : m_log)
            QVERIFY2(line.find(testSecret) == std::string::npos, line.c_str());
        m_log.clear();
        m_stream.reset();
        m_bars.reset();
        m_sink.reset();
    }

    void streamsBarsTradesAndQuotes()
    {
        FakeDataStream &stream = *m_stream;
        CollectingSink &sink = *m_sink;
        const std::unique_ptr<AlpacaDataFeed> owned = makeFeed();
        AlpacaDataFeed &feed = *owned;
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        feed.start();
        QVERIFY(subscribed.wait(5000));
        // auth, then one subscribe with our three channels.
        QCOMPARE(stream.clientMessages.size(), std::size_t(2));
        QCOMPARE(stream.clientMessages[0].value("key").toString(), QLatin1String(testKey));
        const QJsonObject subscribe = stream.clientMessages[1];
        QCOMPARE(subscribe.value("action").toString(), QStringLiteral("subscribe"));
        QCOMPARE(subscribe.value("bars").toArray(), (QJsonArray{"AAPL", "TSLA"}));
        QCOMPARE(subscribe.value("trades").toArray(), QJsonArray{"AAPL"});
        QCOMPARE(subscribe.value("quotes").toArray(), QJsonArray{"AMD"});

        stream.push(payload("data_stream_bar.json"));   // SPY: not an instrument of this run
        stream.push(payload("data_stream_trade.json"));
        stream.push(payload("data_stream_quote.json")); // three quotes in one frame
        QTRY_COMPARE_WITH_TIMEOUT(sink.events.size(), std::size_t(4), 5000);
        QVERIFY(sink.events[0].type == EventType::Trade);
        const auto &trade = std::get<engine::TradeData>(sink.events[0].data);
        QVERIFY(trade.instrument == *m_instruments.find("AAPL"));
        QVERIFY(trade.price == *Price::parse("126.55"));
        QVERIFY(trade.size == Quantity::fromUnits(1));
        QVERIFY(sink.events[0].timestamp == at("2021-02-22T15:51:44.208Z"));
        QVERIFY(sink.events[2].type == EventType::Quote);
        const auto &quote = std::get<engine::QuoteData>(sink.events[2].data);
        QVERIFY(quote.bid == *Price::parse("87.66"));
        QVERIFY(quote.ask == *Price::parse("87.68"));
        QVERIFY(quote.askSize == Quantity::fromUnits(4));
    }

    void silentStreamReconnectsAndBackfills()
    {
        FakeDataStream &stream = *m_stream;
        FakeBars &bars = *m_bars;
        CollectingSink &sink = *m_sink;
        const std::unique_ptr<AlpacaDataFeed> owned = makeFeed();
        AlpacaDataFeed &feed = *owned;
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        QSignalSpy stale(&feed, &AlpacaDataFeed::stale);
        QSignalSpy backfilled(&feed, &AlpacaDataFeed::backfilled);
        feed.start();
        QVERIFY(subscribed.wait(5000));
        // A live AAPL bar starting 2022-01-31T05:00Z (data_stream_bar.json's prices).
        QByteArray live = payload("data_stream_bar.json");
        live.replace("\"SPY\"", "\"AAPL\"").replace("2021-02-22T19:15:00Z", "2022-01-31T05:00:00Z");
        stream.push(live);
        QTRY_COMPARE_WITH_TIMEOUT(sink.events.size(), std::size_t(1), 5000);
        QVERIFY(sink.events[0].timestamp == at("2022-01-31T05:01:00Z"));
        QVERIFY(sink.events[0].bar().open == *Price::parse("388.985"));

        // Then silence: the watchdog closes the socket, the feed reconnects and backfills.
        QVERIFY(stale.wait(5000));
        QVERIFY(backfilled.wait(5000));
        QCOMPARE(stream.connections, 2);
        QCOMPARE(backfilled.first().first().toInt(), 4);
        QCOMPARE(bars.queries.size(), std::size_t(2));
        const QUrlQuery &first = bars.queries[0];
        QCOMPARE(first.queryItemValue("symbols"), QStringLiteral("AAPL,TSLA"));
        QCOMPARE(first.queryItemValue("timeframe"), QStringLiteral("1Min"));
        QCOMPARE(first.queryItemValue("start"), QStringLiteral("2022-01-31T05:01:00Z"));
        QVERIFY(!first.hasQueryItem("page_token"));
        QCOMPARE(bars.queries[1].queryItemValue("page_token"),
                 QStringLiteral("QUFQTHxEfDIwMjItMDItMDJUMDU6MDA6MDAuMDAwMDAwMDAwWg=="));
        QCOMPARE(bars.keyHeaders, (std::vector<QByteArray>{testKey, testKey}));

        // Time order across pages and symbols: AAPL 02-01, AAPL 02-02, AAPL 03-09, TSLA 03-09.
        QCOMPARE(sink.events.size(), std::size_t(5));
        const auto &e = sink.events;
        QVERIFY(e[1].timestamp == at("2022-02-01T05:01:00Z"));
        QVERIFY(e[1].bar().open == *Price::parse("174"));
        QVERIFY(e[1].bar().high == *Price::parse("174.84"));
        QVERIFY(e[1].bar().low == *Price::parse("172.31"));
        QVERIFY(e[1].bar().close == *Price::parse("174.61"));
        QVERIFY(e[1].bar().volume == Quantity::fromUnits(85998033));
        QVERIFY(e[2].timestamp == at("2022-02-02T05:01:00Z"));
        QVERIFY(e[2].bar().close == *Price::parse("175.84"));
        QVERIFY(e[3].timestamp == at("2022-03-09T05:01:00Z"));
        QVERIFY(e[3].bar().instrument == *m_instruments.find("AAPL"));
        QVERIFY(e[4].bar().instrument == *m_instruments.find("TSLA"));
        QVERIFY(e[4].bar().open == *Price::parse("839"));
        QVERIFY(e[4].bar().close == *Price::parse("858.97"));

        // The live bar again (a replay after the reconnect): already handed over.
        stream.push(live);
        QTest::qWait(50);
        QCOMPARE(sink.events.size(), std::size_t(5));
        feed.stop();
    }

    void connectionLimitWaitsAndRetries()
    {
        FakeDataStream &stream = *m_stream;
        stream.limitFirstConnection = true;
        const std::unique_ptr<AlpacaDataFeed> owned = makeFeed();
        AlpacaDataFeed &feed = *owned;
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        feed.start();
        QVERIFY(subscribed.wait(5000));
        QCOMPARE(stream.connections, 2);
        QVERIFY(feed.streaming());
        feed.stop();
    }

    void runsOnItsOwnThread()
    {
        // The sink is called on the feed's thread: this one locks.
        struct LockedSink : MarketDataSink
        {
            std::mutex mutex;
            std::vector<engine::Event> events;
            void onMarketEvent(const engine::Event &event) override
            {
                std::lock_guard lock(mutex);
                events.push_back(event);
            }
            std::size_t size()
            {
                std::lock_guard lock(mutex);
                return events.size();
            }
        } sink;
        QThread thread;
        auto *feed = new AlpacaDataFeed(options(), *Credentials::fromValues(testKey, testSecret),
                                        m_instruments, sink);
        feed->moveToThread(&thread); // m_log is only read after the thread ends
        bool subscribed = false;
        connect(feed, &AlpacaDataFeed::subscribed, this, [&subscribed] { subscribed = true; });
        thread.start();
        feed->start();
        QVERIFY(QTest::qWaitFor([&subscribed] { return subscribed; }, 5000));
        m_stream->push(payload("data_stream_trade.json"));
        QTRY_COMPARE_WITH_TIMEOUT(sink.size(), std::size_t(1), 5000);
        QVERIFY(sink.events[0].type == EventType::Trade);
        feed->stop();
        connect(&thread, &QThread::finished, feed, &QObject::deleteLater);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

    void unreachableServerIsRetried()
    {
        // A port nothing listens on: every failed handshake schedules the next attempt.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        AlpacaDataFeedOptions o = options();
        o.streamUrl = QUrl(QStringLiteral("ws://127.0.0.1:%1/v2/iex").arg(closed.serverPort()));
        closed.close();
        AlpacaDataFeed feed(o, *Credentials::fromValues(testKey, testSecret), m_instruments,
                            *m_sink);
        feed.start();
        const auto attempts = [this] {
            return std::count_if(m_log.begin(), m_log.end(), [](const std::string &line) {
                return line.find("connecting ws://") != std::string::npos;
            });
        };
        // 20 ms, 40 ms, 80 ms between attempts: the fourth comes after 140 ms.
        QTRY_VERIFY_WITH_TIMEOUT(attempts() >= 4, 5000);
        QCOMPARE(feed.connects(), 0);
        feed.stop();
    }

    void badKeysAreFatal()
    {
        FakeDataStream &stream = *m_stream;
        stream.acceptKeys = false;
        const std::unique_ptr<AlpacaDataFeed> owned = makeFeed();
        AlpacaDataFeed &feed = *owned;
        QSignalSpy refused(&feed, &AlpacaDataFeed::refused);
        feed.start();
        QVERIFY(refused.wait(5000));
        QCOMPARE(refused.first().first().toString(), QStringLiteral("402 auth failed"));
        QTest::qWait(150); // a reconnect would come after 20 ms
        QCOMPARE(stream.connections, 1);
    }

    // `u` (updated bars, subscribed with the bars): the engine keeps the bar as first published;
    // a correction that changes it is signalled with what changed, once. The frames are
    // data_stream_bar.json's bar for AAPL (t 19:15Z = 14:15 New York in February) and hand-made
    // corrections of it.
    void updatedBarsAreNoticedNotApplied()
    {
        FakeDataStream &stream = *m_stream;
        CollectingSink &sink = *m_sink;
        const std::unique_ptr<AlpacaDataFeed> owned = makeFeed();
        AlpacaDataFeed &feed = *owned;
        QSignalSpy subscribed(&feed, &AlpacaDataFeed::subscribed);
        QSignalSpy corrected(&feed, &AlpacaDataFeed::barCorrected);
        feed.start();
        QVERIFY(subscribed.wait(5000));
        QCOMPARE(stream.clientMessages[1].value("updatedBars").toArray(),
                 (QJsonArray{"AAPL", "TSLA"}));

        const auto bar = [](const char *type, const char *close, int volume,
                            const char *start = "2021-02-22T19:15:00Z") {
            // Numbers as the text the server sends (the parser reads their shortest form).
            return QByteArray("[{\"T\":\"") + type
                   + "\",\"S\":\"AAPL\",\"o\":388.985,\"h\":389.13,\"l\":388.975,\"c\":"
                   + close + ",\"v\":" + QByteArray::number(volume) + ",\"t\":\"" + start
                   + "\"}]";
        };
        stream.push(bar("b", "389.12", 49378));
        QTRY_COMPARE_WITH_TIMEOUT(sink.events.size(), std::size_t(1), 5000);
        stream.push(bar("u", "389.12", 49378)); // no change: nothing to say
        stream.push(bar("u", "389.1", 49500));  // close and volume changed
        QVERIFY(corrected.wait(5000));
        QCOMPARE(corrected.size(), 1);
        QCOMPARE(corrected.first().at(0).toString(),
                 QStringLiteral("bar correction: AAPL 2021-02-22T14:15 close 389.12 \u2192 389.10, "
                                "volume 49378 \u2192 49500"));
        QCOMPARE(corrected.first().at(1).toLongLong(), at("2021-02-22T19:16:00Z").unixNanos());
        // A second correction is compared with the first; one of a bar never handed over (a
        // minute earlier) is ignored.
        stream.push(bar("u", "389.11", 49500, "2021-02-22T19:14:00Z"));
        stream.push(bar("u", "389.11", 49500));
        QVERIFY(corrected.wait(5000));
        QCOMPARE(corrected.size(), 2);
        QCOMPARE(corrected.last().at(0).toString(),
                 QStringLiteral("bar correction: AAPL 2021-02-22T14:15 close 389.10 \u2192 389.11"));
        QCOMPARE(feed.corrections(), 2);
        // The engine's bar is the one first published.
        QCOMPARE(sink.events.size(), std::size_t(1));
        QVERIFY(std::get<engine::BarData>(sink.events[0].data).close == *Price::parse("389.12"));
        QVERIFY(std::get<engine::BarData>(sink.events[0].data).volume == Quantity::fromUnits(49378));
        QVERIFY(std::any_of(m_log.begin(), m_log.end(), [](const std::string &line) {
            return line.find("correction of a bar not handed over: AAPL 2021-02-22T19:14:00Z")
                   != std::string::npos;
        }));
        feed.stop();
    }
};

QTEST_GUILESS_MAIN(TestAlpacaDataFeed)
#include "tst_alpacadatafeed.moc"
