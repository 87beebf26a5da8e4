#pragma once

// The worker behind AlpacaBroker (alpacabroker.h has the contract): REST requests, the
// trade_updates stream and the per-order bookkeeping, all on one thread, so nothing here locks.

#include "engine/live/alpaca/alpacabroker.h"
#include "engine/live/alpaca/ratelimiter.h"

#include <QAbstractSocket>
#include <QNetworkReply>
#include <QObject>

#include <deque>
#include <map>
#include <set>
#include <unordered_map>

class QNetworkAccessManager;
class QTimer;
class QWebSocket;

namespace meridian::live {

class AlpacaTradingClient : public QObject
{
    Q_OBJECT

public:
    AlpacaTradingClient(AlpacaBrokerOptions options, Credentials credentials,
                        const engine::InstrumentTable &instruments,
                        engine::OrderEventSink &sink);
    ~AlpacaTradingClient() override;

    // All of these run on the worker's thread.
    void startStream();
    void submitOrder(const engine::Order &order);
    void cancelOrder(engine::OrderId id, const std::string &reason);
    void replaceOrder(engine::OrderId old, const engine::Order &replacement);
    void fetchAccount(std::function<void(engine::Result<AlpacaAccount>)> done);
    void fetchPositions(std::function<void(engine::Result<std::vector<AlpacaPosition>>)> done);
    // GET /v2/orders?status=all since the oldest open order, applied like stream events.
    void reconcile();

    // Observable state, for the UI and tests (read on the worker thread).
    bool streamAuthorized() const { return m_listening; }
    int streamConnects() const { return m_streamConnects; }
    int reconciliations() const { return m_reconciliations; }
    int pongs() const { return m_pongs; }

signals:
    void streamReady();        // authorized and listening to trade_updates
    void streamLost();         // disconnected; a reconnect is scheduled
    void streamRefused();      // credentials rejected: no reconnect
    void reconciled();         // a REST reconciliation was applied

private:
    struct Tracked
    {
        engine::Order order; // the local copy every event is checked against
        std::string clientOrderId;
        std::string brokerId;
        int sendAttempts = 0;
        int lookupAttempts = 0;
        bool cancelPending = false; // cancel requested before the broker id was known
        std::string cancelReason;
        engine::OrderId replacement; // a replace is in flight to this order
        engine::OrderId replaces;    // this order replaces that one
        // A native oco pair: the take-profit limit is the broker's order (it carries the
        // client_order_id), the stop-loss its leg (legs[0], named by the broker).
        engine::OrderId ocoStop;     // on the limit: its stop-loss leg
        engine::OrderId ocoLimit;    // on the stop-loss: the limit it is a leg of
    };
    struct Reply
    {
        int status = 0; // 0: no HTTP answer (timeout, transport error)
        QNetworkReply::NetworkError network = QNetworkReply::NoError;
        QByteArray body;
    };
    using ReplyHandler = std::function<void(const Reply &)>;

    void log(const std::string &line) const;
    engine::Timestamp now() const;
    QUrl restUrl(const QString &path) const;
    void send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
              RateLimiter::Priority priority, ReplyHandler done);

    void postOrder(engine::OrderId id);
    // Exits linked by `sibling` travel as one native oco: the first waits for the second.
    void holdForSibling(engine::OrderId id, engine::OrderId sibling);
    void postPair(engine::OrderId first, engine::OrderId second);
    void adoptLeg(engine::OrderId limit, const AlpacaOrder &parent, bool readIfMissing = true);
    void checkSiblingLater(engine::OrderId id);
    void refresh(engine::OrderId id);
    void onSubmitReply(engine::OrderId id, const Reply &reply);
    void lookupByClientId(engine::OrderId id);
    void adopt(engine::OrderId id, const AlpacaOrder &order);
    void rejectLocally(engine::OrderId id, const std::string &reason);
    void sendCancel(engine::OrderId id);

    // Applies a broker order snapshot (from REST or the stream) to the local copy, handing the
    // engine every event it implies, in lifecycle order.
    void applySnapshot(Tracked &tracked, const AlpacaOrder &order,
                       const AlpacaTradeUpdate *update, engine::Timestamp at);
    bool deliver(Tracked &tracked, engine::EventType type, engine::Timestamp at,
                 engine::Quantity lastQuantity = {}, engine::Price lastPrice = {},
                 std::string_view reason = {}, engine::OrderId linked = {});
    Tracked *findTracked(const AlpacaOrder &order);

    void connectStream();
    void onStreamConnected();
    void onStreamDisconnected();
    void onStreamFrame(const QByteArray &frame);
    void scheduleReconnect();
    void keepAlive();

    AlpacaBrokerOptions m_options;
    Credentials m_credentials;
    const engine::InstrumentTable &m_instruments;
    engine::OrderEventSink &m_sink;
    RateLimiter m_limiter;
    QNetworkAccessManager *m_network = nullptr;
    QWebSocket *m_socket = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_pingTimer = nullptr;
    engine::Timestamp m_lastPong;
    int m_pongs = 0;

    std::map<engine::OrderId, Tracked> m_orders;
    std::unordered_map<std::string, engine::OrderId> m_byClientId;
    std::unordered_map<std::string, engine::OrderId> m_byBrokerId;
    std::map<engine::OrderId, engine::OrderId> m_heldForSibling; // awaited sibling -> held exit
    // Trade updates of orders not known (yet): an oco's stop leg is known only once the answer
    // to its POST has been read, and the stream may be faster. Replayed when the leg is adopted.
    std::deque<AlpacaTradeUpdate> m_unclaimed;
    std::set<std::string> m_executions;
    std::uint64_t m_nextFillId = 1;

    bool m_streamWanted = false;
    bool m_listening = false;
    bool m_refused = false;
    bool m_everListened = false;
    int m_streamConnects = 0;
    int m_reconciliations = 0;
    std::chrono::milliseconds m_reconnectDelay{0};
};

} // namespace meridian::live
