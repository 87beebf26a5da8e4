#pragma once

// AlpacaBroker: the engine's BrokerAdapter for Alpaca's trading API (PROTOCOL.md §5-§7), REST on
// a QNetworkAccessManager and the trade_updates stream on a QWebSocket, both owned by a worker
// (AlpacaTradingClient) that lives on its own QThread.
//
// - submit/cancel/replace are called on the engine's thread and queued to the worker.
// - Order events are handed to the engine::OrderEventSink ON THE WORKER THREAD: the sink must be
//   thread-safe (the live runner's sink pushes them into the engine's inbox under its own lock).
// - Every order gets client_order_id = "<runPrefix>-<OrderId>" (≤ 48 characters, unique per run
//   prefix). A submit is never blindly retried: on a timeout, a transport error, 429 or 5xx the
//   order is looked up by client_order_id first and adopted when it exists; only a 404 lets the
//   same id be sent again (the broker refuses a second order with it anyway).
// - trade_updates map one to one onto the engine's order events; each event is checked against
//   a local copy of the order with engine::applyOrderEvent, so duplicates and stale events are
//   dropped; fills count once per execution_id and never beyond the cumulative filled_qty.
// - After the trading stream reconnects (exponential backoff), orders are reconciled by REST
//   (GET /v2/orders?status=all since the oldest open order) so no fill is lost or applied twice.
// - Order classes: a bracket/oto entry goes out as a simple order (the engine submits its exits
//   later, sized to the fill); two exits linked by `sibling` (a bracket's, or an oco) go out as
//   ONE native `order_class: oco` order, so the broker keeps them one-cancels-other: the
//   take-profit limit is the broker's order, the stop-loss its leg; a lone exit is simple.
// - Whatever it logs goes through Credentials::scrub.

#include "engine/core/symbol.h"
#include "engine/execution/brokeradapter.h"
#include "engine/live/alpaca/alpacajson.h"
#include "engine/live/alpaca/credentials.h"

#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

class QThread;

namespace meridian::live {

class AlpacaTradingClient;

struct AlpacaBrokerOptions
{
    QUrl tradingUrl;        // REST base, e.g. https://paper-api.alpaca.markets
    QUrl streamUrl;         // trade_updates WebSocket, e.g. wss://paper-api.alpaca.markets/stream
    std::string runPrefix;  // client_order_id prefix: letters, digits, '-', '_'; ≤ 26 characters
    std::chrono::milliseconds requestTimeout{10'000};
    std::chrono::milliseconds reconnectInitial{1'000};
    std::chrono::milliseconds reconnectMax{60'000};
    std::chrono::milliseconds lookupRetryDelay{1'000};
    // WebSocket ping on the trading stream: no trade_updates for hours is normal, so silence is
    // detected by pongs (PROTOCOL.md §7.4). No pong within pongTimeout drops the socket.
    std::chrono::milliseconds pingInterval{10'000};
    std::chrono::milliseconds pongTimeout{30'000};
    // Two exits linked by `sibling` go out as one native oco; the engine submits them in the
    // same instant, so the first waits at most this long for the second, then goes alone.
    std::chrono::milliseconds siblingWait{1'000};
    // After a leg of a native oco filled, its sibling is read back by REST if the stream has
    // not reported its cancel by then (the stream has been seen not to: PROTOCOL.md §6).
    std::chrono::milliseconds siblingCheckDelay{2'000};
    int maxSubmitAttempts = 3;    // sends of one client_order_id after lookups answered 404
    int maxLookupAttempts = 5;    // by-client-order-id lookups that fail at transport level
    bool ownThread = true;        // false: the worker lives on the constructing thread (tests)
    std::function<engine::Timestamp()> now;            // default: the system clock
    std::function<void(std::string_view line)> log;    // default: nothing

    // Alpaca's hosts (PROTOCOL.md §1).
    static AlpacaBrokerOptions paper(std::string runPrefix);
    static AlpacaBrokerOptions live(std::string runPrefix);
};

class AlpacaBroker : public engine::BrokerAdapter
{
public:
    // `instruments` maps the engine's InstrumentIds to symbols and must outlive the broker and
    // not change while it runs (it is read from the worker thread). Fails on invalid options.
    static engine::Result<std::unique_ptr<AlpacaBroker>> create(
        AlpacaBrokerOptions options, Credentials credentials,
        const engine::InstrumentTable &instruments, engine::OrderEventSink &sink);
    ~AlpacaBroker() override;

    // Connects the trading stream (auth, listen) and keeps it connected until destruction.
    void start();

    void submit(const engine::Order &order, engine::Timestamp now) override;
    void cancel(engine::OrderId order, engine::Timestamp now, std::string_view reason) override;
    void replace(engine::OrderId old, const engine::Order &replacement,
                 engine::Timestamp now) override;
    void onMarketData(const engine::Event &event) override;

    // Snapshots; the callback runs on the worker thread.
    void requestAccount(std::function<void(engine::Result<AlpacaAccount>)> done);
    void requestPositions(std::function<void(engine::Result<std::vector<AlpacaPosition>>)> done);

    // The client_order_id of an engine order under this run prefix.
    static std::string clientOrderId(std::string_view runPrefix, engine::OrderId order);

    AlpacaTradingClient *client() const { return m_client; }

private:
    AlpacaBroker() = default;

    QThread *m_thread = nullptr;
    AlpacaTradingClient *m_client = nullptr;
};

} // namespace meridian::live
