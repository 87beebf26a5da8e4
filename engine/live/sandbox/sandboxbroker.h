#pragma once

// The sandbox's order handling under Alpaca's paper rules (SANDBOX.md §3) against the replayed
// bars; cash and positions are booked in its SandboxAccount (sandboxaccount.h). Every REST
// operation returns the status and JSON body the broker would send; stream events go to the
// trade-update sink as the `data` object of a `trade_updates` message.
//
// Fills: an order is matched against the next bar of its symbol published after it was routed
// (never the bar current at submission). Market: that bar's open. Limit buy: low <= limit, at
// min(limit, open); limit sell: high >= limit, at max(limit, open). Stop: triggered when the bar
// trades through the stop, then fills like a market order at max(stop, open) for buys /
// min(stop, open) for sells; stop-limit then behaves as a limit in the same bar.

#include "engine/core/civiltime.h"
#include "engine/core/money.h"
#include "engine/core/nysecalendar.h"
#include "engine/core/ordertypes.h"
#include "engine/execution/order.h"
#include "engine/live/sandbox/replaycursor.h"
#include "engine/live/sandbox/sandboxaccount.h"
#include "engine/live/sandbox/sandboxconfig.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrlQuery>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <vector>

namespace meridian::live {

struct BrokerReply
{
    int status = 200;
    QJsonValue body; // Undefined for an empty body (204)
};

// One-shot refusals armed by fault injection (SANDBOX.md §5 reject_next_order).
enum class RejectMode { None, BuyingPower, Qty, Validation, PostAccept };

struct SandboxOrder
{
    QString id;
    QString clientOrderId;
    QString symbol;
    engine::Side side = engine::Side::Buy;
    engine::OrderType type = engine::OrderType::Market;
    engine::TimeInForce timeInForce = engine::TimeInForce::Day;
    std::optional<engine::Quantity> qty;
    std::optional<engine::Money> notional;
    std::optional<engine::Price> limitPrice;
    std::optional<engine::Price> stopPrice; // for trailing stops: derived from hwm and the trail
    std::optional<engine::Price> trailPrice;
    std::optional<engine::Price> trailPercent;
    // Trailing stops: the best price since routing (highest for sells, lowest for buys).
    std::optional<engine::Price> hwm;
    bool extendedHours = false;
    engine::Quantity filledQty;
    engine::Money filledNotional;
    engine::OrderStatus status = engine::OrderStatus::PendingNew;
    bool accepted = false; // taken while the market was closed, not yet routed
    bool routed = false;   // the venue knows it: it may fill from the next bar on
    bool triggered = false;
    std::optional<engine::Date> session; // the session a day order lives in
    engine::Timestamp createdAt;
    engine::Timestamp updatedAt;
    std::optional<engine::Timestamp> filledAt, expiredAt, canceledAt, failedAt, replacedAt;
    QString replacedBy;
    QString replaces;
    std::size_t sequence = 0;
    // Advanced orders (PROTOCOL.md §5.2): "" for simple, else bracket, oco or oto; legs carry
    // their group's class. The entry (or, for oco, the take-profit limit) is the parent.
    QString orderClass;
    std::optional<std::size_t> parent; // index into the broker's orders
    std::vector<std::size_t> legs;     // take-profit first, then stop-loss
    bool held = false;       // status "held": a leg waiting for its entry, or a stop-loss exit
    bool waiting = false;    // a leg whose entry has not filled: not routed, reserves nothing
    bool pairedStop = false; // the stop-loss of an exit pair: its sibling holds the shares

    engine::Quantity remaining() const;
    QString statusName() const;
};

class SandboxBroker
{
public:
    using TradeUpdateSink = std::function<void(const QJsonObject &data)>;

    SandboxBroker(const SandboxConfig &config, const ReplayCursor &cursor);

    void setTradeUpdateSink(TradeUpdateSink sink) { m_sink = std::move(sink); }
    void armReject(RejectMode mode) { m_reject = mode; }
    // Re-send every trade update once (same execution_id).
    void setDuplicateEvents(bool on) { m_duplicateEvents = on; }
    // The next cancel loses the race: the order fills (whole, at the last price) first.
    void armCancelRace() { m_cancelRace = true; }
    // The next replace loses the race: the old order fills first, the replacement is rejected.
    void armReplaceRace() { m_replaceRace = true; }
    // Session control: while forced closed, orders are only accepted and nothing fills.
    void setMarketClosed(bool closed) { m_forceClosed = closed; }
    void reset();

    bool isOpen() const;
    engine::Timestamp now() const { return m_cursor.now(); }

    BrokerReply account() const;
    BrokerReply submit(const QJsonObject &body);
    BrokerReply listOrders(const QUrlQuery &query) const;
    // nested: legs inside the parent's `legs` (PROTOCOL.md §5.5).
    BrokerReply order(const QString &id, bool nested = false) const;
    BrokerReply orderByClientId(const QString &clientOrderId) const;
    BrokerReply cancel(const QString &id);
    BrokerReply cancelAll();
    BrokerReply replace(const QString &id, const QJsonObject &body);
    BrokerReply positions() const;
    BrokerReply position(const QString &symbol) const;
    BrokerReply closePosition(const QString &symbol, const QUrlQuery &query);
    BrokerReply closeAll(const QUrlQuery &query);
    BrokerReply asset(const QString &symbol) const;
    BrokerReply assets() const;

    // Routes orders taken while closed or still pending_new (pending_new -> new events).
    void routePending();
    // After the cursor published `batch`: expiry, routing, fills, account marks.
    void onBars(const std::vector<ReplayBar> &batch);

    QJsonObject orderJson(const SandboxOrder &order, bool nested = false) const;
    const SandboxOrder *findOrder(const QString &id) const;

private:
    BrokerReply validateAndCreate(const QJsonObject &body, SandboxOrder &order) const;
    BrokerReply validateLegs(const QJsonObject &body,
                             const SandboxOrder &entry,
                             std::vector<SandboxOrder> &legs) const;
    BrokerReply checkFunds(const SandboxOrder &order) const;
    // The other exit of a bracket or oco pair, if it is still working.
    SandboxOrder *workingSibling(const SandboxOrder &order);
    // Legs of entries that filled since the last call start to work (from the next bar on).
    void activateLegs();
    SandboxOrder &store(SandboxOrder order);
    void emitEvent(const SandboxOrder &order, const QString &event, const QJsonObject &extra = {});
    void route(SandboxOrder &order, engine::Timestamp sessionTime);
    // The session an order routed at `time` lives in (the next one after the close).
    std::optional<engine::Date> sessionAt(engine::Timestamp time) const;
    void finish(SandboxOrder &order, engine::OrderStatus status, const QString &event);
    void tryFill(SandboxOrder &order, const ReplayBar &bar);
    void execute(SandboxOrder &order, engine::Quantity qty, engine::Price price);
    void expireDayOrders(engine::Timestamp instant);
    static engine::Price trailingStop(const SandboxOrder &order);
    bool fillBeforeCancel(SandboxOrder &order);
    engine::Money reservedBuyingPower() const;
    engine::Money reservationOf(const SandboxOrder &order) const;
    // What an order is valued at: its limit, else its stop, else the symbol's current price.
    std::optional<engine::Price> basePrice(const SandboxOrder &order) const;
    engine::Quantity heldForOrders(const QString &symbol) const;
    // Indices of the orders that may still be working, ascending (finished ones are dropped
    // lazily, on the next call).
    const std::vector<std::size_t> &openOrders() const;
    SandboxOrder *findMutable(const QString &id);
    // Something that the reservations depend on changed (a fill, a final state, the marks).
    void invalidateReservations();
    engine::Money buyingPower() const;
    QJsonObject positionJson(const QString &symbol, const SandboxPosition &position) const;
    QString newUuid();
    QString newEventId();
    QString assetId(const QString &symbol) const;
    bool knownSymbol(const QString &symbol) const;

    const SandboxConfig &m_config;
    const ReplayCursor &m_cursor;
    engine::NyseCalendar m_calendar;
    TradeUpdateSink m_sink;
    std::mt19937_64 m_rng;
    std::vector<SandboxOrder> m_orders; // in submission order
    // Indexes so that a submit costs the same with 20 orders as with 20,000: by id, by
    // client_order_id (unique forever), the working ones, and the reservations of the working
    // orders (buying power; shares per symbol held by sells), kept until something they depend
    // on changes and then recomputed once.
    QHash<QString, std::size_t> m_byId;
    QHash<QString, std::size_t> m_byClientId;
    mutable std::vector<std::size_t> m_open;
    mutable std::optional<engine::Money> m_reserved;
    mutable std::optional<std::map<QString, engine::Quantity>> m_heldBySymbol;
    SandboxAccount m_account;
    RejectMode m_reject = RejectMode::None;
    bool m_duplicateEvents = false;
    bool m_cancelRace = false;
    bool m_replaceRace = false;
    bool m_forceClosed = false;
    std::vector<std::size_t> m_filledEntries; // entries whose legs activateLegs() starts
    QString m_accountId;
};

// Fixed-point decimal as Alpaca's JSON string ("400", "174.98", "-23140.2").
QString decimalString(std::int64_t raw);
template<class Tag>
QString decimalString(engine::FixedPoint<Tag> value)
{
    return decimalString(value.raw());
}
// RFC 3339 UTC with "Z" and the fraction digits needed.
QString rfc3339(engine::Timestamp time);
// RFC 3339 with the New York offset ("2022-04-28T14:07:04-04:00").
QString rfc3339NewYork(engine::Timestamp time);
QJsonObject errorBody(qint64 code, const QString &message);

} // namespace meridian::live
