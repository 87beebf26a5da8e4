#pragma once

// The market-data side of the sandbox (PROTOCOL.md §8–§9): the bars REST endpoints
// (/v2/stocks/{symbol}/bars, /v2/stocks/bars) with aggregation and opaque page tokens, and the
// data stream /v2/{iex,sip,delayed_sip,test} (connected -> auth -> subscribe -> subscription,
// then `b`/`d` arrays as the replay publishes bars, optional `u` corrections, and the FAKEPACA
// random walk on /v2/test). No look-ahead: REST serves only bars whose interval has ended on the
// replay clock.
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
#include <deque>
#include <functional>
#include <random>
#include <utility>
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
    // Fault injection: answer the next authentication (402, 406, 409, 411) or the next
    // subscribe (405, 410) with this error, or (407) treat every client as slow at the next
    // publish.
    void injectError(int code);
    // Forgets scheduled corrections and restarts the FAKEPACA walk (with the replay's rewind).
    void reset();
    void closeAll();
    // Sees every data-stream frame in ("data_in", auth secrets redacted) and out ("data_out").
    using Journal = std::function<void(const QString &kind, const QJsonValue &frame)>;
    void setJournal(Journal journal) { m_journal = std::move(journal); }

    HttpResponse bars(const HttpRequest &request, const QStringList &symbols, bool multi) const;

private:
    struct Client
    {
        QPointer<QWebSocket> socket;
        QString feed;
        bool authenticated = false;
        bool stalled = false;
        QMap<QString, QStringList> subscription; // channel -> symbols
        qint64 sentBytes = 0;                    // payload handed to the socket
        qint64 writtenBytes = 0;                 // what the socket reports written (bytesWritten)
    };

    void onMessage(Client &client, const QByteArray &message);
    void authenticate(Client &client, const QString &key, const QString &secret);
    void send(Client &client, const QJsonArray &messages);
    void sendError(Client &client, int code);
    Client *find(QWebSocket *socket);
    QJsonObject subscriptionMessage(const Client &client) const;
    std::optional<int> subscriptionError(const Client &client,
                                         const QMap<QString, QStringList> &next);
    // The next FAKEPACA bar of the walk, ending at the replay's current instant.
    ReplayBar nextFakeBar();
    void closeSlowClients();

    const SandboxConfig &m_config;
    const ReplayCursor &m_cursor;
    std::vector<Client> m_clients;
    // Feeds whose authenticated session dropped, and when it is reaped (ms since epoch).
    QHash<QString, qint64> m_lingering;
    std::int64_t m_tradeId = 0;
    int m_failNextAuth = 0;
    int m_failNextSubscribe = 0;
    bool m_forceSlow = false;
    // Corrected bars waiting for the market time they are due at.
    std::deque<std::pair<engine::Timestamp, ReplayBar>> m_corrections;
    std::int64_t m_published = 0;
    std::mt19937_64 m_fakeWalk;
    engine::Price m_fakeClose;
    Journal m_journal;
};

// "close" (clean close) or "reset" (TCP abort) each socket still alive.
void dropWebSockets(const QList<QPointer<QWebSocket>> &sockets, const QString &mode);

// The test feed's synthetic symbol (PROTOCOL.md §1): a seeded random walk of minute bars.
inline constexpr const char *fakeSymbol = "FAKEPACA";

// One bar of the data API (t, o, h, l, c, v, n, vw) from an aggregate of stored bars.
QJsonObject dataBarJson(const ReplayBar &bar, int count, engine::Price vwap);

} // namespace meridian::live
