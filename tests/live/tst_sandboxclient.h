#pragma once

// Test-side helpers for the sandbox tests: a bar store built from the bundled CSV, blocking
// HTTP requests with QNetworkAccessManager, and a trading-stream client that records frames.
// Expected numbers come from the CSV rows read here, never from the sandbox's own output.

#include "engine/core/civiltime.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/live/sandbox/sandboxserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>
#include <QWebSocket>
#include <map>
#include <memory>

namespace sandboxtest {

inline const char *keyId = "PKSANDBOXTEST01";
inline const char *secret = "made-up-secret-for-tests";

// New York wall-clock time on 2013-10-04, the first day of the bundled SPY minute bars.
inline meridian::engine::Timestamp nyTime(int h, int m)
{
    using namespace meridian::engine;
    return newYorkTime(Date{2013, 10, 4}, TimeOfDay::hms(h, m, 0));
}

// SPY minute replay from `store` over [from, to] (bar event times) with the test key pair.
inline meridian::live::SandboxConfig
spyConfig(const QString &store, meridian::engine::Timestamp from, meridian::engine::Timestamp to)
{
    meridian::live::SandboxConfig c;
    c.keyId = QString::fromLatin1(keyId);
    c.secret = QString::fromLatin1(secret);
    c.storePath = store;
    c.symbols = {QStringLiteral("SPY")};
    c.timeframe = QStringLiteral("1Min");
    c.from = from;
    c.to = to;
    return c;
}

struct CsvBar
{
    QString open, high, low, close;
};

// Rows of resources/data/minute/<symbol>.csv keyed by their New York start time text.
inline std::map<QString, CsvBar> minuteRows(const QString &symbol)
{
    std::map<QString, CsvBar> rows;
    QFile file(QStringLiteral(MERIDIAN_SOURCE_DIR "/resources/data/minute/%1.csv").arg(symbol));
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    file.readLine();
    while (!file.atEnd()) {
        const QStringList cells
            = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
        if (cells.size() >= 5)
            rows[cells[0]] = CsvBar{cells[1], cells[2], cells[3], cells[4]};
    }
    return rows;
}

// Imports the bundled minute CSVs of `symbols` into a fresh store at `path`.
inline bool makeMinuteStore(const QString &path, const QStringList &symbols)
{
    using namespace meridian::engine;
    auto store = BarStore::open(path.toStdString());
    if (!store)
        return false;
    for (const QString &symbol : symbols) {
        ImportOptions options{symbol.toStdString(), *Timeframe::parse("1m"), std::nullopt};
        const auto report
            = importCsvFile(*store,
                            QStringLiteral(MERIDIAN_SOURCE_DIR "/resources/data/minute/%1.csv")
                                .arg(symbol)
                                .toStdString(),
                            options);
        if (!report)
            return false;
    }
    return true;
}

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonValue json;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QHash<QByteArray, QByteArray> headers;
};

class Client
{
public:
    explicit Client(QUrl base, QByteArray key = keyId, QByteArray secretKey = secret)
        : m_base(std::move(base))
        , m_key(std::move(key))
        , m_secret(std::move(secretKey))
    {}

    Reply request(const QByteArray &method,
                  const QString &pathAndQuery,
                  const QJsonValue &body = QJsonValue::Undefined)
    {
        QUrl url = m_base;
        const qsizetype question = pathAndQuery.indexOf(QLatin1Char('?'));
        // setPath keeps "/v2/orders:by_client_order_id" a path (PROTOCOL.md §5.6).
        url.setPath(question < 0 ? pathAndQuery : pathAndQuery.left(question));
        if (question >= 0)
            url.setQuery(pathAndQuery.mid(question + 1));
        QNetworkRequest request(url);
        if (!m_key.isEmpty())
            request.setRawHeader("APCA-API-KEY-ID", m_key);
        if (!m_secret.isEmpty())
            request.setRawHeader("APCA-API-SECRET-KEY", m_secret);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QByteArray payload;
        if (body.isObject())
            payload = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        QNetworkReply *reply = m_manager.sendCustomRequest(request, method, payload);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10'000);
        Reply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.error = reply->error();
        for (const auto &pair : reply->rawHeaderPairs())
            result.headers.insert(pair.first.toLower(), pair.second);
        const QJsonDocument document = QJsonDocument::fromJson(result.body);
        result.json = document.isArray()
                          ? QJsonValue(document.array())
                          : (document.isObject() ? QJsonValue(document.object()) : QJsonValue());
        reply->deleteLater();
        return result;
    }

private:
    QNetworkAccessManager m_manager;
    QUrl m_base;
    QByteArray m_key;
    QByteArray m_secret;
};

// A trading-stream client that keeps every frame it receives (text or binary) as JSON.
class StreamClient
{
public:
    QWebSocket socket;
    QList<QJsonObject> frames;
    int binaryFrames = 0;

    StreamClient()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &text) {
                             frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
                         });
        QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &socket,
                         [this](const QByteArray &bytes) {
                             ++binaryFrames;
                             frames.append(QJsonDocument::fromJson(bytes).object());
                         });
    }

    bool open(const QUrl &url)
    {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(url);
        return connected.wait(5000);
    }

    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

    // Waits until `count` frames have arrived in total.
    bool waitFor(int count)
    {
        return QTest::qWaitFor([&] { return frames.size() >= count; }, 5000);
    }

    bool authenticateAndListen(const QString &key = QString::fromLatin1(keyId),
                               const QString &secretKey = QString::fromLatin1(secret))
    {
        const int before = int(frames.size());
        send(QJsonObject{{"action", "auth"}, {"key", key}, {"secret", secretKey}});
        send(QJsonObject{{"action", "listen"},
                         {"data", QJsonObject{{"streams", QJsonArray{"trade_updates"}}}}});
        return waitFor(before + 2);
    }

    // trade_updates events in arrival order.
    QStringList events() const
    {
        QStringList names;
        for (const QJsonObject &frame : frames) {
            if (frame.value("stream").toString() == QLatin1String("trade_updates"))
                names << frame.value("data").toObject().value("event").toString();
        }
        return names;
    }

    QList<QJsonObject> updates(const QString &event) const
    {
        QList<QJsonObject> found;
        for (const QJsonObject &frame : frames) {
            const QJsonObject data = frame.value("data").toObject();
            if (frame.value("stream").toString() == QLatin1String("trade_updates")
                && data.value("event").toString() == event)
                found << data;
        }
        return found;
    }
};

// A started sandbox with a REST client and a trading-stream client that is authorized and
// listening to trade_updates.
struct Session
{
    meridian::live::SandboxServer server;
    std::unique_ptr<Client> client;
    StreamClient stream;

    explicit Session(meridian::live::SandboxConfig config)
        : server(std::move(config))
    {}

    bool start()
    {
        if (!server.start())
            return false;
        client = std::make_unique<Client>(server.tradingBaseUrl());
        return stream.open(server.tradingStreamUrl()) && stream.authenticateAndListen();
    }
};

} // namespace sandboxtest
