#pragma once

// The market-data side of the sandbox (PROTOCOL.md §8–§9): the bars REST endpoints
// (/v2/stocks/{symbol}/bars, /v2/stocks/bars) with aggregation and opaque page tokens, and the
// data stream /v2/{iex,sip,delayed_sip,test} (connected -> auth -> subscribe -> subscription,
// then `b`/`d` arrays as the replay publishes bars). No look-ahead: REST serves only bars whose
// interval has ended on the replay clock.
//
// The store keeps OHLCV only, so `n` and `vw` are sandbox approximations: n = number of stored
// bars aggregated, vw = volume-weighted mean of their (high + low + close) / 3.

#include "engine/live/sandbox/httpserver.h"
#include "engine/live/sandbox/replaycursor.h"
#include "engine/live/sandbox/sandboxconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QWebSocket>
#include <cstdint>
#include <vector>

namespace meridian::live {

class SandboxDataFeed
{
public:
    SandboxDataFeed(const SandboxConfig &config, const ReplayCursor &cursor);
    ~SandboxDataFeed();

    // Registers the two bars routes; `decorate` adds the rate-limit headers and delays.
    void installRoutes(HttpServer &http,
                       const std::function<HttpServer::Handler(HttpServer::Handler)> &decorate);
    // Takes a WebSocket whose path is /v2/<feed>; false when the path is not a data feed.
    bool accept(QWebSocket *socket);
    // Publishes one replay instant to the subscribed clients.
    void publish(const std::vector<ReplayBar> &batch);
    // "close", "reset" or "stall" every data-stream connection.
    void drop(const QString &mode);
    // The next authentication answers this error code (402, 406, 409) instead of success.
    void failNextAuth(int code) { m_failNextAuth = code; }
    void closeAll();

    HttpResponse bars(const HttpRequest &request, const QStringList &symbols, bool multi) const;

private:
    struct Client
    {
        QPointer<QWebSocket> socket;
        QString feed;
        bool authenticated = false;
        bool stalled = false;
        QMap<QString, QStringList> subscription; // channel -> symbols
    };

    void onMessage(Client &client, const QByteArray &message);
    void authenticate(Client &client, const QString &key, const QString &secret);
    void send(Client &client, const QJsonArray &messages);
    Client *find(QWebSocket *socket);
    QJsonObject subscriptionMessage(const Client &client) const;

    const SandboxConfig &m_config;
    const ReplayCursor &m_cursor;
    std::vector<Client> m_clients;
    // Feeds whose authenticated session dropped, and when it is reaped (ms since epoch).
    QHash<QString, qint64> m_lingering;
    std::int64_t m_tradeId = 0;
    int m_failNextAuth = 0;
};

// "close" (clean close) or "reset" (TCP abort) each socket still alive.
void dropWebSockets(const QList<QPointer<QWebSocket>> &sockets, const QString &mode);

// One bar of the data API (t, o, h, l, c, v, n, vw) from an aggregate of stored bars.
QJsonObject dataBarJson(const ReplayBar &bar, int count, engine::Price vwap);

} // namespace meridian::live
