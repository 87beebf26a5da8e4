#include "engine/live/alpaca/alpacatradingclient.h"

#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

namespace meridian::live {

using engine::EventType;
using engine::OrderId;
using engine::OrderStatus;
using engine::Price;
using engine::Quantity;
using engine::Timestamp;

namespace {

// How many trade updates of unknown orders are kept for a leg adopted later.
constexpr std::size_t unclaimedLimit = 256;

// The engine event that a broker status reached by a REST snapshot implies (fills aside: those
// come from the cumulative filled quantity).
std::optional<EventType> eventForStatus(OrderStatus status)
{
    switch (status) {
    case OrderStatus::New:
        return EventType::OrderAccepted;
    case OrderStatus::Canceled:
        return EventType::OrderCancelled;
    case OrderStatus::Expired:
        return EventType::OrderExpired;
    case OrderStatus::Rejected:
        return EventType::OrderRejected;
    case OrderStatus::PendingCancel:
        return EventType::OrderPendingCancel;
    case OrderStatus::PendingReplace:
        return EventType::OrderPendingReplace;
    case OrderStatus::Replaced:
        return EventType::OrderReplaced;
    case OrderStatus::DoneForDay:
        return EventType::OrderDoneForDay;
    default:
        return std::nullopt;
    }
}

bool isFill(EventType type)
{
    return type == EventType::OrderFilled || type == EventType::OrderPartiallyFilled;
}

bool isStopType(engine::OrderType type)
{
    return type == engine::OrderType::Stop || type == engine::OrderType::StopLimit;
}

// Two exits that one native oco order can carry: a take-profit limit and a stop(-limit) for
// the same instrument, side, quantity and time in force.
bool formOcoPair(const engine::Order &limit, const engine::Order &stop)
{
    return limit.type == engine::OrderType::Limit && isStopType(stop.type)
           && limit.instrument == stop.instrument && limit.side == stop.side
           && limit.quantity == stop.quantity && limit.timeInForce == stop.timeInForce;
}

std::string idText(OrderId id)
{
    return std::to_string(id.value());
}

Price priceFromPercent(double percent)
{
    const QString text = QString::number(percent, 'f', QLocale::FloatingPointShortest);
    return Price::parse(text.toStdString()).value_or(Price());
}

} // namespace

AlpacaTradingClient::AlpacaTradingClient(AlpacaBrokerOptions options, Credentials credentials,
                                         const engine::InstrumentTable &instruments,
                                         engine::OrderEventSink &sink)
    : m_options(std::move(options))
    , m_credentials(std::move(credentials))
    , m_instruments(instruments)
    , m_sink(sink)
    , m_limiter([this] { return now(); })
    , m_network(new QNetworkAccessManager(this))
    , m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
    , m_reconnectTimer(new QTimer(this))
    , m_pingTimer(new QTimer(this))
    , m_reconnectDelay(m_options.reconnectInitial)
{
    m_reconnectTimer->setSingleShot(true);
    m_pingTimer->setInterval(m_options.pingInterval);
    connect(m_pingTimer, &QTimer::timeout, this, &AlpacaTradingClient::keepAlive);
    connect(m_socket, &QWebSocket::pong, this, [this] {
        ++m_pongs;
        m_lastPong = now();
    });
    connect(m_reconnectTimer, &QTimer::timeout, this, &AlpacaTradingClient::connectStream);
    connect(m_socket, &QWebSocket::connected, this, &AlpacaTradingClient::onStreamConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &AlpacaTradingClient::onStreamDisconnected);
    // A handshake that fails (refused, HTTP 429 instead of 101) reports an error and may never
    // have been connected: it counts as a drop all the same.
    connect(m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                // What went wrong ("Host not found", a handshake's HTTP status) for the operator.
                log("trading stream error: " + m_socket->errorString().toStdString());
                if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    onStreamDisconnected();
            });
    // The paper endpoint sends JSON in binary frames (PROTOCOL.md §7).
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onStreamFrame(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this,
            &AlpacaTradingClient::onStreamFrame);
}

AlpacaTradingClient::~AlpacaTradingClient()
{
    m_streamWanted = false;
    m_socket->disconnect(this);
    m_socket->abort();
}

void AlpacaTradingClient::log(const std::string &line) const
{
    if (m_options.log)
        m_options.log(m_credentials.scrub("alpaca: " + line));
}

Timestamp AlpacaTradingClient::now() const
{
    return m_options.now();
}

QUrl AlpacaTradingClient::restUrl(const QString &path) const
{
    // setPath keeps the literal colon of /v2/orders:by_client_order_id (PROTOCOL.md §5.6).
    QUrl url = m_options.tradingUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

void AlpacaTradingClient::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                               RateLimiter::Priority priority, ReplyHandler done)
{
    if (!m_limiter.tryAcquire(priority)) {
        // Not sent yet, so waiting is no retry: the request goes out once there is a token.
        const auto wait = m_limiter.delay(priority);
        const int ms = static_cast<int>(std::max<std::int64_t>(1, wait.count() / 1'000'000));
        QTimer::singleShot(ms, this, [=, this] { send(verb, url, body, priority, done); });
        return;
    }
    QNetworkRequest request(url);
    request.setRawHeader("APCA-API-KEY-ID", QByteArray::fromStdString(m_credentials.keyId()));
    request.setRawHeader("APCA-API-SECRET-KEY", QByteArray::fromStdString(m_credentials.secret()));
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(static_cast<int>(m_options.requestTimeout.count()));
    log(verb.toStdString() + " " + url.toString().toStdString());
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        Reply result;
        result.network = reply->error();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen())
            result.body = reply->readAll();
        m_limiter.onResponse(result.status,
                             RateLimitHeaders::parse(
                                 reply->rawHeader("X-Ratelimit-Remaining").toStdString(),
                                 reply->rawHeader("X-Ratelimit-Reset").toStdString(),
                                 reply->rawHeader("Retry-After").toStdString()));
        if (result.status == 0)
            log("no HTTP answer: " + reply->errorString().toStdString());
        done(result);
    });
}

// ---- orders --------------------------------------------------------------------------------

void AlpacaTradingClient::submitOrder(const engine::Order &order)
{
    Tracked tracked;
    tracked.order = order;
    tracked.order.status = OrderStatus::PendingNew;
    tracked.clientOrderId = AlpacaBroker::clientOrderId(m_options.runPrefix, order.id);
    m_byClientId[tracked.clientOrderId] = order.id;
    m_orders[order.id] = std::move(tracked);
    // A bracket/oto entry goes out simple: the engine sends its exits once it has ended, sized
    // to what filled (native legs would be sized to the whole order and duplicate them). A lone
    // exit (oto, a bracket with one exit) is simple too.
    if (order.sibling.isValid()) {
        if (const auto waiting = m_heldForSibling.find(order.id);
            waiting != m_heldForSibling.end()) {
            const OrderId first = waiting->second;
            m_heldForSibling.erase(waiting);
            postPair(first, order.id);
            return;
        }
        if (!m_orders.contains(order.sibling)) {
            holdForSibling(order.id, order.sibling);
            return;
        }
        log("order " + idText(order.id) + ": its sibling " + idText(order.sibling)
            + " went out already; sending it alone");
    }
    postOrder(order.id);
}

void AlpacaTradingClient::holdForSibling(OrderId id, OrderId sibling)
{
    m_heldForSibling[sibling] = id;
    QTimer::singleShot(m_options.siblingWait, this, [this, id, sibling] {
        const auto waiting = m_heldForSibling.find(sibling);
        if (waiting == m_heldForSibling.end() || waiting->second != id)
            return;
        m_heldForSibling.erase(waiting);
        log("order " + idText(id) + ": its sibling " + idText(sibling) + " did not come within "
            + std::to_string(m_options.siblingWait.count())
            + " ms; sending it alone (no one-cancels-other at the broker)");
        postOrder(id);
    });
}

void AlpacaTradingClient::postPair(OrderId first, OrderId second)
{
    Tracked &a = m_orders.at(first);
    Tracked &b = m_orders.at(second);
    Tracked *limit = &a;
    Tracked *stop = &b;
    if (!formOcoPair(limit->order, stop->order))
        std::swap(limit, stop);
    if (!formOcoPair(limit->order, stop->order)) {
        log("orders " + idText(first) + " and " + idText(second)
            + " are no take-profit/stop-loss pair; sending them apart");
        postOrder(first);
        postOrder(second);
        return;
    }
    limit->ocoStop = stop->order.id;
    stop->ocoLimit = limit->order.id;
    postOrder(limit->order.id);
}

void AlpacaTradingClient::postOrder(OrderId id)
{
    Tracked &tracked = m_orders.at(id);
    const engine::Order &order = tracked.order;
    AlpacaOrderRequest request;
    request.symbol = std::string(m_instruments.symbol(order.instrument).view());
    request.qty = order.quantity;
    request.side = order.side;
    request.type = order.type;
    request.timeInForce = order.timeInForce;
    if (order.type == engine::OrderType::Limit || order.type == engine::OrderType::StopLimit)
        request.limitPrice = order.limitPrice;
    if (order.type == engine::OrderType::Stop || order.type == engine::OrderType::StopLimit)
        request.stopPrice = order.stopPrice;
    if (order.type == engine::OrderType::TrailingStop) {
        if (order.trailPrice.isPositive())
            request.trailPrice = order.trailPrice;
        else
            request.trailPercent = priceFromPercent(order.trailPercent);
    }
    if (tracked.ocoStop.isValid()) {
        // One native oco: the order is the take-profit limit, its leg the stop-loss.
        const engine::Order &stop = m_orders.at(tracked.ocoStop).order;
        request.orderClass = engine::OrderClass::Oco;
        request.takeProfitLimit = order.limitPrice;
        request.stopLossStop = stop.stopPrice;
        if (stop.type == engine::OrderType::StopLimit)
            request.stopLossLimit = stop.limitPrice;
    }
    request.clientOrderId = tracked.clientOrderId;
    ++tracked.sendAttempts;
    send("POST", restUrl(QStringLiteral("/v2/orders")), serializeOrderRequest(request),
         RateLimiter::Priority::Normal,
         [this, id](const Reply &reply) { onSubmitReply(id, reply); });
}

void AlpacaTradingClient::onSubmitReply(OrderId id, const Reply &reply)
{
    if (reply.status == 200 || reply.status == 201) {
        const engine::Result<AlpacaOrder> order = parseOrder(reply.body);
        if (order) {
            adopt(id, *order);
            return;
        }
        log("order " + std::to_string(id.value()) + ": unreadable answer ("
            + order.error().message() + "), looking it up");
        lookupByClientId(id);
        return;
    }
    const AlpacaError error = parseError(reply.status, reply.body);
    const bool duplicate = reply.status == 422
                           && error.message.find("client_order_id must be unique")
                                  != std::string::npos;
    if (reply.status == 0 || error.retryable() || duplicate) {
        // Outcome unknown (or an earlier send landed): never send blindly, look it up.
        log("order " + std::to_string(id.value()) + ": " + error.describe()
            + "; looking up client_order_id " + m_orders.at(id).clientOrderId);
        lookupByClientId(id);
        return;
    }
    rejectLocally(id, error.message.empty() ? error.describe() : error.message);
}

void AlpacaTradingClient::lookupByClientId(OrderId id)
{
    Tracked &tracked = m_orders.at(id);
    QUrl url = restUrl(QStringLiteral("/v2/orders:by_client_order_id"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("client_order_id"),
                       QString::fromStdString(tracked.clientOrderId));
    if (tracked.ocoStop.isValid())
        query.addQueryItem(QStringLiteral("nested"), QStringLiteral("true")); // with its leg
    url.setQuery(query);
    ++tracked.lookupAttempts;
    send("GET", url, {}, RateLimiter::Priority::Normal, [this, id](const Reply &reply) {
        Tracked &t = m_orders.at(id);
        if (reply.status == 200) {
            if (const auto order = parseOrder(reply.body)) {
                log("order " + std::to_string(id.value()) + ": found by client_order_id, adopted");
                adopt(id, *order);
                return;
            }
        }
        if (reply.status == 404) {
            if (t.replaces.isValid()) {
                // The PATCH never landed: the replace is refused, the old order works on.
                Tracked &old = m_orders.at(t.replaces);
                old.replacement = OrderId();
                deliver(old, EventType::OrderReplaceRejected, now(), {}, {},
                        "replace not accepted by the broker");
                rejectLocally(id, "replace not accepted by the broker");
                return;
            }
            if (t.sendAttempts < m_options.maxSubmitAttempts) {
                log("order " + std::to_string(id.value())
                    + ": not at the broker, sending again with the same client_order_id");
                postOrder(id);
                return;
            }
            rejectLocally(id, "not accepted by the broker after "
                                  + std::to_string(t.sendAttempts) + " attempts");
            return;
        }
        if (t.lookupAttempts < m_options.maxLookupAttempts) {
            QTimer::singleShot(m_options.lookupRetryDelay, this,
                               [this, id] { lookupByClientId(id); });
            return;
        }
        // Still unknown: the order stays pending_new; the next reconciliation settles it.
        log("order " + std::to_string(id.value())
            + ": outcome unknown after lookups; left to reconciliation");
    });
}

void AlpacaTradingClient::adopt(OrderId id, const AlpacaOrder &order)
{
    Tracked &tracked = m_orders.at(id);
    tracked.brokerId = order.id;
    m_byBrokerId[order.id] = id;
    applySnapshot(tracked, order, nullptr, order.updatedAt.value_or(now()));
    if (tracked.ocoStop.isValid())
        adoptLeg(id, order);
    if (tracked.cancelPending && tracked.order.isOpen()) {
        tracked.cancelPending = false;
        sendCancel(id);
    }
}

void AlpacaTradingClient::adoptLeg(OrderId limitId, const AlpacaOrder &parent, bool readIfMissing)
{
    Tracked &stop = m_orders.at(m_orders.at(limitId).ocoStop);
    if (!stop.brokerId.empty())
        return;
    const auto leg = std::find_if(parent.legs.begin(), parent.legs.end(),
                                  [](const AlpacaOrder &o) { return isStopType(o.type); });
    if (leg == parent.legs.end()) {
        // An answer without nested legs: read the order again with them (once).
        log("order " + idText(limitId) + ": the broker's answer names no stop-loss leg"
            + (readIfMissing ? "; reading it" : "; left to reconciliation"));
        if (readIfMissing)
            refresh(limitId);
        return;
    }
    stop.brokerId = leg->id;
    m_byBrokerId[leg->id] = stop.order.id;
    applySnapshot(stop, *leg, nullptr, leg->updatedAt.value_or(now()));
    // What the stream said about the leg before the answer was read, in the order it came.
    for (auto it = m_unclaimed.begin(); it != m_unclaimed.end();) {
        if (it->order.id != leg->id) {
            ++it;
            continue;
        }
        applySnapshot(stop, it->order, &*it, it->timestamp.value_or(now()));
        it = m_unclaimed.erase(it);
    }
    if (stop.cancelPending && stop.order.isOpen()) {
        stop.cancelPending = false;
        sendCancel(stop.order.id);
    }
}

void AlpacaTradingClient::refresh(OrderId id)
{
    const Tracked &tracked = m_orders.at(id);
    if (tracked.brokerId.empty())
        return;
    QUrl url = restUrl(QStringLiteral("/v2/orders/") + QString::fromStdString(tracked.brokerId));
    url.setQuery(QStringLiteral("nested=true"));
    send("GET", url, {}, RateLimiter::Priority::Normal, [this, id](const Reply &reply) {
        const auto order = reply.status == 200
                               ? parseOrder(reply.body)
                               : engine::Result<AlpacaOrder>(engine::Error(
                                   parseError(reply.status, reply.body).describe()));
        if (!order) {
            log("order " + idText(id) + ": reading it failed (" + order.error().message()
                + "); left to reconciliation");
            return;
        }
        Tracked &t = m_orders.at(id);
        applySnapshot(t, *order, nullptr, order->updatedAt.value_or(now()));
        if (t.ocoStop.isValid())
            adoptLeg(id, *order, false);
    });
}

void AlpacaTradingClient::checkSiblingLater(OrderId id)
{
    QTimer::singleShot(m_options.siblingCheckDelay, this, [this, id] {
        const Tracked &sibling = m_orders.at(id);
        if (!sibling.order.isOpen())
            return; // its cancel (or fill) arrived
        log("order " + idText(id) + ": its oco sibling executed; reading its state");
        refresh(id);
    });
}

void AlpacaTradingClient::rejectLocally(OrderId id, const std::string &reason)
{
    Tracked &tracked = m_orders.at(id);
    tracked.order.reason = reason; // the full text; the event carries what fits
    log("order " + std::to_string(id.value()) + " rejected: " + reason);
    deliver(tracked, EventType::OrderRejected, now(), {}, {}, reason);
    if (tracked.ocoStop.isValid()) {
        // The stop-loss leg was part of the refused request.
        Tracked &stop = m_orders.at(tracked.ocoStop);
        if (stop.brokerId.empty() && stop.order.isOpen()) {
            stop.order.reason = reason;
            deliver(stop, EventType::OrderRejected, now(), {}, {}, reason);
        }
    }
}

void AlpacaTradingClient::cancelOrder(OrderId id, const std::string &reason)
{
    const auto it = m_orders.find(id);
    if (it == m_orders.end()) {
        log("cancel of unknown order " + std::to_string(id.value()));
        return;
    }
    Tracked &tracked = it->second;
    tracked.cancelReason = reason;
    if (const auto held = m_heldForSibling.find(tracked.order.sibling);
        held != m_heldForSibling.end() && held->second == id) {
        // Still waiting for its sibling here: nothing was sent, so it ends now.
        m_heldForSibling.erase(held);
        deliver(tracked, EventType::OrderCancelled, now(), {}, {}, reason);
        return;
    }
    if (tracked.brokerId.empty()) {
        tracked.cancelPending = true; // sent once the broker has named the order
        return;
    }
    tracked.lookupAttempts = 0;
    sendCancel(id);
}

void AlpacaTradingClient::sendCancel(OrderId id)
{
    Tracked &tracked = m_orders.at(id);
    const QUrl url = restUrl(QStringLiteral("/v2/orders/") + QString::fromStdString(tracked.brokerId));
    send("DELETE", url, {}, RateLimiter::Priority::Cancel, [this, id, url](const Reply &reply) {
        if (reply.status == 204 || reply.status == 200)
            return; // requested; canceled (or a fill that won the race) comes on the stream
        const AlpacaError error = parseError(reply.status, reply.body);
        // Whatever the answer, the order's real state decides what the engine hears.
        send("GET", url, {}, RateLimiter::Priority::Cancel, [this, id, error](const Reply &r) {
            Tracked &t = m_orders.at(id);
            if (r.status == 200) {
                if (const auto order = parseOrder(r.body))
                    applySnapshot(t, *order, nullptr, order->updatedAt.value_or(now()));
            }
            if (!t.order.isOpen())
                return;
            if ((error.httpStatus == 0 || error.retryable())
                && ++t.lookupAttempts < m_options.maxLookupAttempts) {
                QTimer::singleShot(m_options.lookupRetryDelay, this, [this, id] { sendCancel(id); });
                return;
            }
            deliver(t, EventType::OrderCancelRejected, now(), {}, {},
                    error.message.empty() ? error.describe() : error.message);
        });
    });
}

void AlpacaTradingClient::replaceOrder(OrderId oldId, const engine::Order &replacement)
{
    const auto it = m_orders.find(oldId);
    Tracked tracked;
    tracked.order = replacement;
    tracked.order.status = OrderStatus::PendingNew;
    tracked.clientOrderId = AlpacaBroker::clientOrderId(m_options.runPrefix, replacement.id);
    tracked.replaces = oldId;
    tracked.order.replaces = oldId;
    m_byClientId[tracked.clientOrderId] = replacement.id;
    m_orders[replacement.id] = std::move(tracked);
    if (it == m_orders.end() || it->second.brokerId.empty() || !it->second.order.isOpen()) {
        const std::string reason = "the order to replace is not working at the broker";
        if (it != m_orders.end())
            deliver(it->second, EventType::OrderReplaceRejected, now(), {}, {}, reason);
        rejectLocally(replacement.id, reason);
        return;
    }
    it->second.replacement = replacement.id;
    AlpacaReplaceRequest request;
    // Always the intended total: a replace has been seen to take the original qty otherwise.
    request.qty = replacement.quantity;
    if (replacement.timeInForce != it->second.order.timeInForce)
        request.timeInForce = replacement.timeInForce;
    if (replacement.type == engine::OrderType::Limit
        || replacement.type == engine::OrderType::StopLimit)
        request.limitPrice = replacement.limitPrice;
    if (replacement.type == engine::OrderType::Stop
        || replacement.type == engine::OrderType::StopLimit)
        request.stopPrice = replacement.stopPrice;
    if (replacement.type == engine::OrderType::TrailingStop)
        request.trail = replacement.trailPrice.isPositive()
                            ? replacement.trailPrice
                            : priceFromPercent(replacement.trailPercent);
    request.clientOrderId = m_orders.at(replacement.id).clientOrderId;
    const OrderId newId = replacement.id;
    const QUrl url = restUrl(QStringLiteral("/v2/orders/")
                             + QString::fromStdString(it->second.brokerId));
    // A PATCH is never retried: an unknown outcome is settled by looking the new id up.
    send("PATCH", url, serializeReplaceRequest(request), RateLimiter::Priority::Normal,
         [this, oldId, newId](const Reply &reply) {
             if (reply.status == 200) {
                 if (const auto order = parseOrder(reply.body)) {
                     adopt(newId, *order);
                     return;
                 }
             }
             const AlpacaError error = parseError(reply.status, reply.body);
             if (reply.status == 0 || reply.status == 200 || error.retryable()) {
                 lookupByClientId(newId);
                 return;
             }
             const std::string reason = error.message.empty() ? error.describe() : error.message;
             Tracked &old = m_orders.at(oldId);
             old.replacement = OrderId();
             deliver(old, EventType::OrderReplaceRejected, now(), {}, {}, reason);
             rejectLocally(newId, reason);
         });
}

AlpacaTradingClient::Tracked *AlpacaTradingClient::findTracked(const AlpacaOrder &order)
{
    // An oco's stop-loss leg is known by the id the broker gave it (its client_order_id too).
    if (const auto leg = m_byBrokerId.find(order.id); leg != m_byBrokerId.end())
        return &m_orders.at(leg->second);
    const auto it = m_byClientId.find(order.clientOrderId);
    if (it == m_byClientId.end())
        return nullptr;
    Tracked &tracked = m_orders.at(it->second);
    if (tracked.brokerId.empty()) {
        tracked.brokerId = order.id;
        m_byBrokerId[order.id] = it->second;
    }
    return &tracked;
}

void AlpacaTradingClient::applySnapshot(Tracked &tracked, const AlpacaOrder &order,
                                        const AlpacaTradeUpdate *update, Timestamp at)
{
    engine::Order &local = tracked.order;
    const std::optional<EventType> event = update ? update->eventType : std::nullopt;

    if (update && event && isFill(*event) && !update->executionId.empty()
        && !m_executions.insert(update->executionId).second)
        return; // this execution was applied already

    // Fills: the cumulative filled_qty is the truth; what exceeds the local total is new.
    if (order.filledQty > local.filledQuantity) {
        const Quantity last = order.filledQty - local.filledQuantity;
        Price price;
        if (update && update->qty == last && update->price)
            price = *update->price;
        else if (order.filledAvgPrice)
            price = engine::averagePrice(*order.filledAvgPrice * order.filledQty
                                             - local.filledNotional,
                                         last);
        else if (update && update->price)
            price = *update->price;
        if (local.status == OrderStatus::PendingNew)
            deliver(tracked, EventType::OrderAccepted, at);
        const EventType type = local.filledQuantity + last == local.quantity
                                   ? EventType::OrderFilled
                                   : EventType::OrderPartiallyFilled;
        deliver(tracked, type, at, last, price);
        // The broker cancels the other exit of a native oco; the stream may not say so.
        const OrderId partner = tracked.ocoStop.isValid() ? tracked.ocoStop : tracked.ocoLimit;
        if (partner.isValid())
            checkSiblingLater(partner);
    }
    if (event && isFill(*event))
        return; // nothing new (a duplicate), or delivered above

    std::optional<EventType> next = event;
    if (!update) {
        if (!order.status || *order.status == local.status
            || *order.status == OrderStatus::Filled || *order.status == OrderStatus::PartiallyFilled
            || *order.status == OrderStatus::PendingNew)
            return;
        next = eventForStatus(*order.status);
    }
    if (!next)
        return; // accepted, held, stopped, ...: nothing the engine tracks
    // Intermediate states are optional on the broker's side (a `new` missed while the stream
    // was down, `pending_replace` skipped): step through them when the event needs them.
    const auto legalFrom = [&](OrderStatus from) {
        return engine::nextStatus(from, *next, local.filledQuantity.isPositive()).has_value();
    };
    if (!legalFrom(local.status)) {
        if (local.status == OrderStatus::PendingNew
            && (legalFrom(OrderStatus::New) || *next == EventType::OrderReplaced))
            deliver(tracked, EventType::OrderAccepted, at);
        if (*next == EventType::OrderReplaced && local.status != OrderStatus::PendingReplace)
            deliver(tracked, EventType::OrderPendingReplace, at);
    }
    OrderId linked;
    if (*next == EventType::OrderReplaced)
        linked = tracked.replacement;
    std::string reason;
    if (*next == EventType::OrderCancelled || *next == EventType::OrderExpired
        || *next == EventType::OrderRejected)
        reason = "broker: " + (update ? update->event : order.statusText);
    deliver(tracked, *next, at, {}, {}, reason, linked);
}

bool AlpacaTradingClient::deliver(Tracked &tracked, EventType type, Timestamp at,
                                  Quantity lastQuantity, Price lastPrice, std::string_view reason,
                                  OrderId linked)
{
    engine::OrderEventData data = engine::eventDataFor(tracked.order);
    data.lastQuantity = lastQuantity;
    data.lastPrice = lastPrice;
    data.reason = engine::ShortText(reason);
    data.linkedOrder = linked.isValid() ? linked : tracked.replaces;
    if (isFill(type))
        data.fillId = engine::FillId(m_nextFillId);
    engine::Order next = tracked.order;
    const engine::Result<void> applied
        = engine::applyOrderEvent(next, engine::Event::makeOrder(at, type, data));
    if (!applied) {
        log("dropped " + std::string(engine::brokerEventName(type)) + ": "
            + applied.error().message());
        return false;
    }
    tracked.order = std::move(next);
    const engine::OrderEventData after = engine::eventDataFor(tracked.order);
    data.filledQuantity = after.filledQuantity;
    data.leavesQuantity = after.leavesQuantity;
    if (isFill(type))
        ++m_nextFillId;
    m_sink.onOrderEvent(engine::Event::makeOrder(at, type, data));
    return true;
}

// ---- account and positions -----------------------------------------------------------------

void AlpacaTradingClient::fetchAccount(std::function<void(engine::Result<AlpacaAccount>)> done)
{
    send("GET", restUrl(QStringLiteral("/v2/account")), {}, RateLimiter::Priority::Normal,
         [done = std::move(done)](const Reply &reply) {
             if (reply.status == 200)
                 done(parseAccount(reply.body));
             else
                 done(engine::Error("account: " + parseError(reply.status, reply.body).describe()));
         });
}

void AlpacaTradingClient::fetchPositions(
    std::function<void(engine::Result<std::vector<AlpacaPosition>>)> done)
{
    send("GET", restUrl(QStringLiteral("/v2/positions")), {}, RateLimiter::Priority::Normal,
         [done = std::move(done)](const Reply &reply) {
             if (reply.status == 200)
                 done(parsePositions(reply.body));
             else
                 done(engine::Error("positions: "
                                    + parseError(reply.status, reply.body).describe()));
         });
}

// ---- the trade_updates stream --------------------------------------------------------------

void AlpacaTradingClient::startStream()
{
    m_streamWanted = true;
    connectStream();
}

void AlpacaTradingClient::connectStream()
{
    if (!m_streamWanted || m_refused)
        return;
    log("connecting the trading stream " + m_options.streamUrl.toString().toStdString());
    m_socket->open(m_options.streamUrl);
}

void AlpacaTradingClient::onStreamConnected()
{
    ++m_streamConnects;
    m_lastPong = now();
    m_pingTimer->start();
    m_socket->sendTextMessage(
        QString::fromUtf8(serializeAuth(m_credentials.keyId(), m_credentials.secret())));
}

void AlpacaTradingClient::onStreamDisconnected()
{
    const bool wasListening = m_listening;
    m_listening = false;
    m_pingTimer->stop();
    if (wasListening)
        emit streamLost();
    if (m_streamWanted && !m_refused)
        scheduleReconnect();
}

void AlpacaTradingClient::keepAlive()
{
    if (now() - m_lastPong > engine::Duration::milliseconds(m_options.pongTimeout.count())) {
        log("no pong for " + std::to_string(m_options.pongTimeout.count())
            + " ms; dropping the trading stream");
        m_socket->abort(); // disconnected() follows: reconnect, then reconciliation
        return;
    }
    m_socket->ping();
}

void AlpacaTradingClient::scheduleReconnect()
{
    if (m_reconnectTimer->isActive())
        return;
    log("trading stream down; reconnecting in " + std::to_string(m_reconnectDelay.count()) + " ms");
    m_reconnectTimer->start(m_reconnectDelay);
    m_reconnectDelay = std::min(m_options.reconnectMax, m_reconnectDelay * 2);
}

void AlpacaTradingClient::onStreamFrame(const QByteArray &frame)
{
    const engine::Result<AlpacaStreamMessage> message = parseStreamMessage(frame);
    if (!message) {
        log("unreadable trading-stream frame: " + message.error().message());
        return;
    }
    switch (message->kind) {
    case AlpacaStreamMessage::Kind::Authorization:
        if (message->authorized) {
            m_socket->sendTextMessage(QString::fromUtf8(serializeListen({"trade_updates"})));
        } else {
            // Bad keys do not get better by retrying (PROTOCOL.md §7.1).
            log("trading stream refused the credentials (" + m_credentials.redacted() + ")");
            m_refused = true;
            emit streamRefused();
            m_socket->close();
        }
        break;
    case AlpacaStreamMessage::Kind::Listening:
        if (std::find(message->streams.begin(), message->streams.end(), "trade_updates")
            != message->streams.end()) {
            m_listening = true;
            m_reconnectDelay = m_options.reconnectInitial;
            const bool reconnect = m_everListened;
            m_everListened = true;
            emit streamReady();
            // The stream does not replay what happened while it was down.
            if (reconnect)
                reconcile();
        }
        break;
    case AlpacaStreamMessage::Kind::TradeUpdate: {
        const AlpacaTradeUpdate &update = *message->update;
        Tracked *tracked = findTracked(update.order);
        if (tracked == nullptr) {
            // Perhaps an oco leg whose POST answer has not been read yet (adoptLeg replays it).
            if (m_unclaimed.size() == unclaimedLimit)
                m_unclaimed.pop_front();
            m_unclaimed.push_back(update);
            log("trade update for an order not known (yet): " + update.order.clientOrderId);
            break;
        }
        applySnapshot(*tracked, update.order, &update, update.timestamp.value_or(now()));
        break;
    }
    case AlpacaStreamMessage::Kind::Other:
        break;
    }
}

void AlpacaTradingClient::reconcile()
{
    std::optional<Timestamp> oldest;
    for (const auto &[id, tracked] : m_orders) {
        if (tracked.order.isOpen())
            oldest = std::min(oldest.value_or(Timestamp::max()), tracked.order.submittedAt);
    }
    if (!oldest) {
        ++m_reconciliations;
        emit reconciled();
        return;
    }
    QUrl url = restUrl(QStringLiteral("/v2/orders"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("status"), QStringLiteral("all"));
    query.addQueryItem(QStringLiteral("after"),
                       QString::fromStdString(engine::formatIso(*oldest - engine::Duration::minutes(1))));
    query.addQueryItem(QStringLiteral("direction"), QStringLiteral("asc"));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    // Nested, an oco's stop-loss leg sits under its order even when its id is not known yet.
    query.addQueryItem(QStringLiteral("nested"), QStringLiteral("true"));
    url.setQuery(query);
    send("GET", url, {}, RateLimiter::Priority::Normal, [this](const Reply &reply) {
        const auto orders = reply.status == 200
                                ? parseOrders(reply.body)
                                : engine::Result<std::vector<AlpacaOrder>>(engine::Error(
                                    parseError(reply.status, reply.body).describe()));
        if (!orders) {
            log("reconciliation failed (" + orders.error().message() + "); retrying");
            QTimer::singleShot(m_options.lookupRetryDelay, this, [this] { reconcile(); });
            return;
        }
        for (const AlpacaOrder &order : *orders) {
            Tracked *tracked = findTracked(order);
            if (tracked == nullptr)
                continue;
            applySnapshot(*tracked, order, nullptr, order.updatedAt.value_or(now()));
            if (tracked->ocoStop.isValid() && !order.legs.empty())
                adoptLeg(tracked->order.id, order);
            for (const AlpacaOrder &leg : order.legs) {
                if (Tracked *known = findTracked(leg))
                    applySnapshot(*known, leg, nullptr, leg.updatedAt.value_or(now()));
            }
        }
        ++m_reconciliations;
        emit reconciled();
    });
}

} // namespace meridian::live
