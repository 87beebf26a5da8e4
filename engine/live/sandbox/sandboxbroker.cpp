#include "engine/live/sandbox/sandboxbroker.h"

#include <QCryptographicHash>
#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <utility>

namespace meridian::live {

using namespace meridian::engine;

namespace {

constexpr qint64 codeValidation = 40010001;
constexpr qint64 codeRefused = 40310000;
constexpr qint64 codeNotFound = 40410000;
constexpr qint64 codeUnprocessable = 42210000;

BrokerReply reply(int status, QJsonValue body)
{
    return BrokerReply{status, std::move(body)};
}

BrokerReply refusal(int status, qint64 code, const QString &message)
{
    return reply(status, errorBody(code, message));
}

template<class T>
std::optional<T> enumFromName(const QString &name, std::initializer_list<T> values)
{
    for (const T value : values) {
        if (name == QLatin1String(toString(value).data(), qsizetype(toString(value).size())))
            return value;
    }
    return std::nullopt;
}

// Decimal field as a string (Alpaca's form) or a JSON number (lenient, via the shortest text).
enum class FieldState { Absent, Valid, Invalid };
template<class Fixed>
FieldState
decimalField(const QJsonObject &body, const QString &key, std::optional<Fixed> &out, QString &text)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull())
        return FieldState::Absent;
    if (value.isString())
        text = value.toString();
    else if (value.isDouble())
        text = QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    else
        return FieldState::Invalid;
    const auto parsed = Fixed::parse(text.toStdString());
    if (!parsed)
        return FieldState::Invalid;
    out = *parsed;
    return FieldState::Valid;
}

// Decimal places a value needs (0..8).
int decimalsOf(std::int64_t raw)
{
    int decimals = 8;
    raw = raw < 0 ? -raw : raw;
    while (decimals > 0 && raw % 10 == 0) {
        raw /= 10;
        --decimals;
    }
    return decimals;
}

bool isWhole(Quantity qty)
{
    return qty.raw() % Quantity::scale == 0;
}

bool isWorking(const SandboxOrder &order)
{
    return !isFinal(order.status);
}

// Shares a working order keeps from being sold again (SANDBOX.md §3: open sells reserve shares).
Quantity sharesHeldBy(const SandboxOrder &order)
{
    if (order.side != Side::Sell || order.waiting || order.pairedStop)
        return Quantity();
    return order.remaining();
}

const QString classBracket = QStringLiteral("bracket");
const QString classOco = QStringLiteral("oco");
const QString classOto = QStringLiteral("oto");

// A price field: `name` is what the error calls it ("limit_price", "take_profit.limit_price").
// Unused prices are only checked to be valid numbers, as the broker ignores them.
enum class Need { Required, Optional, Unused };
std::optional<BrokerReply> priceField(const QJsonObject &object,
                                      const QString &key,
                                      const QString &name,
                                      Need need,
                                      std::optional<Price> &out)
{
    QString text;
    const FieldState state = decimalField(object, key, out, text);
    if (state == FieldState::Invalid || (out && !out->isPositive()))
        return refusal(422, codeValidation, QStringLiteral("invalid %1").arg(name));
    if (state == FieldState::Absent) {
        if (need == Need::Required)
            return refusal(422, codeValidation, QStringLiteral("%1 is required").arg(name));
        return std::nullopt;
    }
    if (need == Need::Unused) {
        out.reset();
        return std::nullopt;
    }
    const int allowed = *out >= Price::fromUnits(1) ? 2 : 4;
    if (decimalsOf(out->raw()) > allowed) {
        return refusal(422, codeUnprocessable,
                       QStringLiteral("invalid %1 %2. sub-penny increment does not fulfill "
                                      "minimum pricing criteria")
                           .arg(name, text));
    }
    return std::nullopt;
}

} // namespace

QString decimalString(std::int64_t raw)
{
    return QString::fromStdString(detail::formatDecimal(raw, 0));
}

QString rfc3339(Timestamp time)
{
    return QString::fromStdString(formatIso(time));
}

QString rfc3339NewYork(Timestamp time)
{
    QString local = QString::fromStdString(formatNewYork(time));
    local.replace(QLatin1Char(' '), QLatin1Char('T'));
    const std::int64_t offsetMinutes = newYorkUtcOffset(time).count() / 60'000'000'000LL;
    const std::int64_t magnitude = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
    return local + (offsetMinutes < 0 ? QLatin1Char('-') : QLatin1Char('+'))
           + QStringLiteral("%1:%2")
                 .arg(magnitude / 60, 2, 10, QLatin1Char('0'))
                 .arg(magnitude % 60, 2, 10, QLatin1Char('0'));
}

QJsonObject errorBody(qint64 code, const QString &message)
{
    return QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
}

Quantity SandboxOrder::remaining() const
{
    return qty ? *qty - filledQty : Quantity();
}

QString SandboxOrder::statusName() const
{
    if (accepted)
        return QStringLiteral("accepted");
    if (held && !isFinal(status))
        return QStringLiteral("held");
    const auto name = toString(status);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

SandboxBroker::SandboxBroker(const SandboxConfig &config, const ReplayCursor &cursor)
    : m_config(config)
    , m_cursor(cursor)
    , m_account(config, cursor)
{
    reset();
}

void SandboxBroker::reset()
{
    m_rng.seed(m_config.seed);
    m_orders.clear();
    m_byId.clear();
    m_byClientId.clear();
    m_open.clear();
    invalidateReservations();
    m_account.reset();
    m_reject = RejectMode::None;
    m_filledEntries.clear();
    m_accountId = newUuid();
}

QString SandboxBroker::newUuid()
{
    const std::uint64_t high = m_rng();
    const std::uint64_t low = m_rng();
    // Version 4, variant 10xx.
    const std::uint64_t h = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    const std::uint64_t l = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    const QString hex
        = QStringLiteral("%1%2").arg(h, 16, 16, QLatin1Char('0')).arg(l, 16, 16, QLatin1Char('0'));
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4)
           + QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20, 12);
}

QString SandboxBroker::newEventId()
{
    // A ULID: 48 bits of milliseconds then 80 random bits, Crockford base32, so that ids sort
    // by market time like Alpaca's.
    static constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const std::uint64_t millis = std::uint64_t(now().unixNanos() / 1'000'000) & 0xFFFFFFFFFFFFULL;
    QString id(26, QLatin1Char('0'));
    for (int i = 9; i >= 0; --i)
        id[i] = QLatin1Char(alphabet[(millis >> (5 * (9 - i))) & 31]);
    std::uint64_t random = m_rng();
    for (int i = 10; i < 26; ++i) {
        if (i == 22)
            random = m_rng();
        id[i] = QLatin1Char(alphabet[random & 31]);
        random >>= 5;
    }
    return id;
}

QString SandboxBroker::assetId(const QString &symbol) const
{
    // Stable per symbol, independent of the RNG: a name-based id with v4 layout bits.
    QByteArray hash = QCryptographicHash::hash("meridian-sandbox-asset:" + symbol.toUtf8(),
                                               QCryptographicHash::Md5);
    hash[6] = char((hash[6] & 0x0F) | 0x40);
    hash[8] = char((hash[8] & 0x3F) | 0x80);
    const QString hex = QString::fromLatin1(hash.toHex());
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4)
           + QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20, 12);
}

bool SandboxBroker::knownSymbol(const QString &symbol) const
{
    const auto &symbols = m_cursor.symbols();
    return std::find(symbols.begin(), symbols.end(), symbol.toStdString()) != symbols.end();
}

bool SandboxBroker::isOpen() const
{
    if (m_forceClosed)
        return false;
    const NewYorkTime local = toNewYork(now());
    if (!m_calendar.isSession(local.date))
        return false;
    // Daily replays publish at the close: the market is closed between steps.
    return local.time >= m_calendar.openTime(local.date)
           && local.time < m_calendar.closeTime(local.date);
}

const std::vector<std::size_t> &SandboxBroker::openOrders() const
{
    std::erase_if(m_open, [this](std::size_t index) { return !isWorking(m_orders[index]); });
    return m_open;
}

void SandboxBroker::invalidateReservations()
{
    m_reserved.reset();
    m_heldBySymbol.reset();
}

Money SandboxBroker::reservationOf(const SandboxOrder &order) const
{
    // Legs waiting for their entry, and the second exit of a pair, reserve nothing: the exits
    // close the position the entry opens (a sandbox choice, PROTOCOL.md leaves it open).
    if (!isWorking(order) || order.waiting || order.pairedStop)
        return Money();
    const Quantity held = m_account.positionQty(order.symbol);
    const bool opening = order.side == Side::Buy ? !held.isNegative() : !held.isPositive();
    if (!opening)
        return Money();
    if (order.notional)
        return *order.notional - order.filledNotional;
    const auto price = basePrice(order);
    return price ? *price * order.remaining() : Money();
}

std::optional<Price> SandboxBroker::basePrice(const SandboxOrder &order) const
{
    return order.limitPrice
               ? order.limitPrice
               : (order.stopPrice ? order.stopPrice : m_account.markPrice(order.symbol));
}

Money SandboxBroker::reservedBuyingPower() const
{
    if (!m_reserved) {
        Money reserved;
        for (const std::size_t index : openOrders())
            reserved += reservationOf(m_orders[index]);
        m_reserved = reserved;
    }
    return *m_reserved;
}

Quantity SandboxBroker::heldForOrders(const QString &symbol) const
{
    if (!m_heldBySymbol) {
        std::map<QString, Quantity> held;
        for (const std::size_t index : openOrders()) {
            const SandboxOrder &order = m_orders[index];
            if (const Quantity shares = sharesHeldBy(order); shares.isPositive())
                held[order.symbol] += shares;
        }
        m_heldBySymbol = std::move(held);
    }
    const auto it = m_heldBySymbol->find(symbol);
    return it == m_heldBySymbol->end() ? Quantity() : it->second;
}

Money SandboxBroker::buyingPower() const
{
    return m_account.cashLessShorts() - reservedBuyingPower();
}

BrokerReply SandboxBroker::account() const
{
    return reply(200, m_account.json(m_accountId, buyingPower()));
}

QJsonObject SandboxBroker::orderJson(const SandboxOrder &order, bool nested) const
{
    auto optionalTime = [](const std::optional<Timestamp> &time) -> QJsonValue {
        return time ? QJsonValue(rfc3339(*time)) : QJsonValue(QJsonValue::Null);
    };
    auto optionalDecimal = [](const auto &value) -> QJsonValue {
        return value ? QJsonValue(decimalString(*value)) : QJsonValue(QJsonValue::Null);
    };
    auto name = [](auto value) {
        const auto text = toString(value);
        return QString::fromLatin1(text.data(), qsizetype(text.size()));
    };
    std::optional<Price> average;
    if (!order.filledQty.isZero())
        average = averagePrice(order.filledNotional, order.filledQty);
    std::optional<Timestamp> expiresAt;
    if (order.session && order.timeInForce == TimeInForce::Day && isWorking(order))
        expiresAt = m_calendar.sessionClose(*order.session);
    const bool buy = order.side == Side::Buy;
    QJsonValue legs(QJsonValue::Null);
    if (nested && !order.legs.empty()) {
        QJsonArray list;
        for (const std::size_t leg : order.legs)
            list.append(orderJson(m_orders[leg]));
        legs = list;
    }
    QString intent = buy ? QStringLiteral("buy_to_open") : QStringLiteral("sell_to_close");
    if (order.parent && order.orderClass != classOco)
        intent = buy ? QStringLiteral("buy_to_close") : QStringLiteral("sell_to_close");
    return QJsonObject{
        {QStringLiteral("id"), order.id},
        {QStringLiteral("client_order_id"), order.clientOrderId},
        {QStringLiteral("created_at"), rfc3339(order.createdAt)},
        {QStringLiteral("updated_at"), rfc3339(order.updatedAt)},
        {QStringLiteral("submitted_at"), rfc3339(order.createdAt)},
        {QStringLiteral("filled_at"), optionalTime(order.filledAt)},
        {QStringLiteral("expired_at"), optionalTime(order.expiredAt)},
        {QStringLiteral("cancel_requested_at"), QJsonValue::Null},
        {QStringLiteral("canceled_at"), optionalTime(order.canceledAt)},
        {QStringLiteral("failed_at"), optionalTime(order.failedAt)},
        {QStringLiteral("replaced_at"), optionalTime(order.replacedAt)},
        {QStringLiteral("replaced_by"),
         order.replacedBy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(order.replacedBy)},
        {QStringLiteral("replaces"),
         order.replaces.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(order.replaces)},
        {QStringLiteral("asset_id"), assetId(order.symbol)},
        {QStringLiteral("symbol"), order.symbol},
        {QStringLiteral("asset_class"), QStringLiteral("us_equity")},
        {QStringLiteral("notional"), optionalDecimal(order.notional)},
        {QStringLiteral("qty"), optionalDecimal(order.qty)},
        {QStringLiteral("filled_qty"), decimalString(order.filledQty)},
        {QStringLiteral("filled_avg_price"), optionalDecimal(average)},
        {QStringLiteral("order_class"), order.orderClass},
        {QStringLiteral("order_type"), name(order.type)},
        {QStringLiteral("type"), name(order.type)},
        {QStringLiteral("side"), name(order.side)},
        {QStringLiteral("position_intent"), intent},
        {QStringLiteral("time_in_force"), name(order.timeInForce)},
        {QStringLiteral("limit_price"), optionalDecimal(order.limitPrice)},
        {QStringLiteral("stop_price"), optionalDecimal(order.stopPrice)},
        {QStringLiteral("status"), order.statusName()},
        {QStringLiteral("extended_hours"), order.extendedHours},
        {QStringLiteral("legs"), legs},
        {QStringLiteral("trail_percent"), optionalDecimal(order.trailPercent)},
        {QStringLiteral("trail_price"), optionalDecimal(order.trailPrice)},
        {QStringLiteral("hwm"), optionalDecimal(order.hwm)},
        {QStringLiteral("expires_at"), optionalTime(expiresAt)},
        {QStringLiteral("subtag"), QJsonValue::Null},
        {QStringLiteral("source"), QJsonValue::Null},
    };
}

const SandboxOrder *SandboxBroker::findOrder(const QString &id) const
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.constEnd() ? nullptr : &m_orders[*it];
}

SandboxOrder *SandboxBroker::findMutable(const QString &id)
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.constEnd() ? nullptr : &m_orders[*it];
}

BrokerReply SandboxBroker::validateAndCreate(const QJsonObject &body, SandboxOrder &order) const
{
    auto invalid = [](const QString &message) { return refusal(422, codeValidation, message); };
    const QString symbol = body.value(QStringLiteral("symbol")).toString();
    if (symbol.isEmpty())
        return invalid(QStringLiteral("symbol is required"));
    if (!knownSymbol(symbol))
        return invalid(QStringLiteral("asset \"%1\" not found").arg(symbol));
    order.symbol = symbol;

    const auto side
        = enumFromName(body.value(QStringLiteral("side")).toString(), {Side::Buy, Side::Sell});
    if (!side)
        return invalid(QStringLiteral("invalid side"));
    order.side = *side;
    const auto type = enumFromName(body.value(QStringLiteral("type")).toString(),
                                   {OrderType::Market, OrderType::Limit, OrderType::Stop,
                                    OrderType::StopLimit, OrderType::TrailingStop});
    if (!type)
        return invalid(QStringLiteral("invalid order type"));
    order.type = *type;
    const auto tif = enumFromName(body.value(QStringLiteral("time_in_force")).toString(),
                                  {TimeInForce::Day, TimeInForce::Gtc, TimeInForce::Opg,
                                   TimeInForce::Cls, TimeInForce::Ioc, TimeInForce::Fok});
    if (!tif)
        return invalid(QStringLiteral("invalid time_in_force"));
    order.timeInForce = *tif;
    const QString orderClass = body.value(QStringLiteral("order_class")).toString();
    if (orderClass == classBracket || orderClass == classOco || orderClass == classOto)
        order.orderClass = orderClass;
    else if (!orderClass.isEmpty() && orderClass != QLatin1String("simple"))
        return invalid(
            QStringLiteral("order_class %1 is not supported by the sandbox").arg(orderClass));

    QString qtyText;
    QString notionalText;
    const FieldState qtyState = decimalField(body, QStringLiteral("qty"), order.qty, qtyText);
    const FieldState notionalState
        = decimalField(body, QStringLiteral("notional"), order.notional, notionalText);
    if (qtyState == FieldState::Invalid)
        return invalid(QStringLiteral("invalid qty"));
    if (notionalState == FieldState::Invalid)
        return invalid(QStringLiteral("invalid notional"));
    if (qtyState == FieldState::Absent && notionalState == FieldState::Absent)
        return invalid(QStringLiteral("qty or notional is required"));
    if (qtyState == FieldState::Valid && notionalState == FieldState::Valid)
        return invalid(QStringLiteral("only one of qty or notional is accepted"));
    if (order.qty && !order.qty->isPositive())
        return invalid(QStringLiteral("qty must be > 0"));
    if (order.notional && !order.notional->isPositive())
        return invalid(QStringLiteral("notional must be > 0"));
    const bool fractional = (order.qty && !isWhole(*order.qty)) || order.notional;
    if (fractional && !m_config.fractionable)
        return invalid(QStringLiteral("qty must be integer"));
    if (fractional && (order.type != OrderType::Market || order.timeInForce != TimeInForce::Day))
        return refusal(422, codeUnprocessable,
                       QStringLiteral("fractional orders must be market day orders"));

    for (const auto &[key, needed] :
         {std::pair{QStringLiteral("limit_price"),
                    order.type == OrderType::Limit || order.type == OrderType::StopLimit},
          std::pair{QStringLiteral("stop_price"),
                    order.type == OrderType::Stop || order.type == OrderType::StopLimit}}) {
        std::optional<Price> price;
        if (auto refused
            = priceField(body, key, key, needed ? Need::Required : Need::Unused, price))
            return *refused;
        if (needed)
            (key == QLatin1String("limit_price") ? order.limitPrice : order.stopPrice) = price;
    }

    if (order.type == OrderType::TrailingStop) {
        QString text;
        const FieldState byPrice
            = decimalField(body, QStringLiteral("trail_price"), order.trailPrice, text);
        const FieldState byPercent
            = decimalField(body, QStringLiteral("trail_percent"), order.trailPercent, text);
        if (byPrice == FieldState::Invalid || byPercent == FieldState::Invalid
            || (byPrice == FieldState::Valid) == (byPercent == FieldState::Valid))
            return invalid(
                QStringLiteral("exactly one of trail_price or trail_percent is required"));
        const Price trail = order.trailPrice ? *order.trailPrice : *order.trailPercent;
        if (!trail.isPositive()
            || (order.trailPercent && *order.trailPercent >= Price::fromUnits(100)))
            return invalid(QStringLiteral("invalid trail"));
        if (order.timeInForce != TimeInForce::Day && order.timeInForce != TimeInForce::Gtc)
            return invalid(QStringLiteral("trailing_stop orders must be day or gtc"));
    }

    order.extendedHours = body.value(QStringLiteral("extended_hours")).toBool(false);
    if (order.extendedHours
        && (order.type != OrderType::Limit || order.timeInForce != TimeInForce::Day)) {
        return refusal(422, codeUnprocessable,
                       QStringLiteral("extended hours order must be DAY limit orders"));
    }
    if (order.timeInForce == TimeInForce::Opg || order.timeInForce == TimeInForce::Cls) {
        return refusal(403, codeRefused,
                       QStringLiteral("%1 orders are not supported by the sandbox")
                           .arg(body.value(QStringLiteral("time_in_force")).toString()));
    }
    const QJsonValue clientId = body.value(QStringLiteral("client_order_id"));
    if (!clientId.isUndefined() && !clientId.isNull()) {
        if (!clientId.isString())
            return invalid(QStringLiteral("client_order_id must be a string"));
        order.clientOrderId = clientId.toString();
        if (order.clientOrderId.size() > 48)
            return invalid(QStringLiteral("client_order_id must be no more than 48 characters"));
        if (m_byClientId.contains(order.clientOrderId))
            return invalid(QStringLiteral("client_order_id must be unique"));
    }
    return reply(200, QJsonValue());
}

BrokerReply SandboxBroker::validateLegs(const QJsonObject &body,
                                        const SandboxOrder &entry,
                                        std::vector<SandboxOrder> &legs) const
{
    const QString &orderClass = entry.orderClass;
    auto invalid = [](const QString &message) { return refusal(422, codeValidation, message); };
    auto unprocessable
        = [](const QString &message) { return refusal(422, codeUnprocessable, message); };
    if (!entry.qty || !isWhole(*entry.qty))
        return unprocessable(QStringLiteral("%1 orders require a whole qty").arg(orderClass));
    if (entry.timeInForce != TimeInForce::Day && entry.timeInForce != TimeInForce::Gtc)
        return unprocessable(QStringLiteral("%1 orders must be day or gtc").arg(orderClass));
    if (entry.extendedHours)
        return unprocessable(
            QStringLiteral("%1 orders cannot be extended hours orders").arg(orderClass));
    if (entry.type == OrderType::TrailingStop)
        return unprocessable(
            QStringLiteral("trailing_stop is not a valid type for %1 orders").arg(orderClass));
    if (orderClass == classOco && entry.type != OrderType::Limit)
        return unprocessable(QStringLiteral("oco orders must be limit orders"));

    const QJsonValue takeProfit = body.value(QStringLiteral("take_profit"));
    const QJsonValue stopLoss = body.value(QStringLiteral("stop_loss"));
    const bool hasTakeProfit = !takeProfit.isUndefined() && !takeProfit.isNull();
    const bool hasStopLoss = !stopLoss.isUndefined() && !stopLoss.isNull();
    if (hasTakeProfit && !takeProfit.isObject())
        return invalid(QStringLiteral("take_profit must be an object"));
    if (hasStopLoss && !stopLoss.isObject())
        return invalid(QStringLiteral("stop_loss must be an object"));
    if (orderClass == classOto && hasTakeProfit == hasStopLoss)
        return invalid(
            QStringLiteral("oto orders require exactly one of take_profit or stop_loss"));
    std::optional<Price> profit;
    std::optional<Price> stop;
    std::optional<Price> stopLimit;
    const Need both = orderClass == classOto ? Need::Optional : Need::Required;
    if (auto refused = priceField(takeProfit.toObject(), QStringLiteral("limit_price"),
                                  QStringLiteral("take_profit.limit_price"), both, profit))
        return *refused;
    if (auto refused = priceField(stopLoss.toObject(), QStringLiteral("stop_price"),
                                  QStringLiteral("stop_loss.stop_price"), both, stop))
        return *refused;
    if (auto refused
        = priceField(stopLoss.toObject(), QStringLiteral("limit_price"),
                     QStringLiteral("stop_loss.limit_price"), Need::Optional, stopLimit))
        return *refused;

    // The exits close what the entry opens; an oco order is itself the pair of exits.
    const Side exitSide
        = orderClass == classOco ? entry.side : (entry.side == Side::Buy ? Side::Sell : Side::Buy);
    const bool sellExit = exitSide == Side::Sell;
    const Price cent = Price::fromRaw(Price::scale / 100);
    if (orderClass == classOco) {
        if (entry.limitPrice != profit)
            return invalid(QStringLiteral("limit_price must equal take_profit.limit_price"));
        if (sellExit ? *profit < *stop + cent : *profit > *stop - cent)
            return unprocessable(sellExit ? QStringLiteral("take_profit.limit_price must be >= "
                                                           "stop_loss.stop_price + 0.01")
                                          : QStringLiteral("take_profit.limit_price must be <= "
                                                           "stop_loss.stop_price - 0.01"));
    } else {
        // Alpaca's base price: the entry's limit (or stop), else the current price.
        const std::optional<Price> base = basePrice(entry);
        if (base && profit && (sellExit ? *profit < *base + cent : *profit > *base - cent))
            return unprocessable(
                sellExit ? QStringLiteral("take_profit.limit_price must be >= base_price + 0.01")
                         : QStringLiteral("take_profit.limit_price must be <= base_price - 0.01"));
        if (base && stop && (sellExit ? *stop > *base - cent : *stop < *base + cent))
            return unprocessable(
                sellExit ? QStringLiteral("stop_loss.stop_price must be <= base_price - 0.01")
                         : QStringLiteral("stop_loss.stop_price must be >= base_price + 0.01"));
    }
    if (stopLimit && (sellExit ? *stopLimit > *stop : *stopLimit < *stop))
        return unprocessable(sellExit
                                 ? QStringLiteral("stop_loss.limit_price must be <= stop_price")
                                 : QStringLiteral("stop_loss.limit_price must be >= stop_price"));

    SandboxOrder leg;
    leg.symbol = entry.symbol;
    leg.side = exitSide;
    leg.qty = entry.qty;
    leg.timeInForce = entry.timeInForce;
    leg.orderClass = orderClass;
    leg.held = true;
    leg.waiting = orderClass != classOco;
    if (profit && orderClass != classOco) {
        SandboxOrder &exit = legs.emplace_back(leg);
        exit.type = OrderType::Limit;
        exit.limitPrice = profit;
    }
    if (stop) {
        SandboxOrder &exit = legs.emplace_back(leg);
        exit.type = stopLimit ? OrderType::StopLimit : OrderType::Stop;
        exit.stopPrice = stop;
        exit.limitPrice = stopLimit;
        exit.pairedStop = profit.has_value();
    }
    return reply(200, QJsonValue());
}

BrokerReply SandboxBroker::checkFunds(const SandboxOrder &order) const
{
    const Quantity existing = m_account.positionQty(order.symbol);
    const auto mark = m_account.markPrice(order.symbol);
    const auto reference = basePrice(order);
    auto buyingPowerCheck = [&](Money cost) -> std::optional<BrokerReply> {
        const Money available = buyingPower();
        if (cost <= available)
            return std::nullopt;
        QJsonObject body = errorBody(codeRefused, QStringLiteral("insufficient buying power"));
        body.insert(QStringLiteral("buying_power"), decimalString(available));
        body.insert(QStringLiteral("cost_basis"), decimalString(cost));
        return reply(403, body);
    };
    if (order.side == Side::Buy) {
        if (existing.isNegative())
            return reply(200, QJsonValue()); // covering a short frees buying power
        const Money cost
            = order.notional ? *order.notional : (reference ? *reference * *order.qty : Money());
        if (auto refused = buyingPowerCheck(cost))
            return *refused;
        return reply(200, QJsonValue());
    }
    const Quantity held = heldForOrders(order.symbol);
    const Quantity wanted
        = order.qty ? *order.qty : (mark ? quantityFor(*order.notional, *mark) : Quantity());
    if (existing.isPositive() || !held.isZero()) {
        const Quantity available = existing.isPositive() ? existing - held : -held;
        if (wanted <= available)
            return reply(200, QJsonValue());
        const Quantity shownAvailable = available.isNegative() ? Quantity() : available;
        QJsonObject body = errorBody(
            codeRefused,
            QStringLiteral("insufficient qty available for order (requested: %1, available: %2)")
                .arg(decimalString(wanted), decimalString(shownAvailable)));
        body.insert(QStringLiteral("available"), decimalString(shownAvailable));
        body.insert(QStringLiteral("existing_qty"), decimalString(existing));
        body.insert(QStringLiteral("held_for_orders"), decimalString(held));
        body.insert(QStringLiteral("symbol"), order.symbol);
        return reply(403, body);
    }
    if (!m_config.shortingEnabled)
        return refusal(403, codeRefused, QStringLiteral("account is not allowed to short"));
    if (auto refused = buyingPowerCheck(reference ? *reference * wanted : Money()))
        return *refused;
    return reply(200, QJsonValue());
}

SandboxOrder &SandboxBroker::store(SandboxOrder order)
{
    order.sequence = m_orders.size();
    m_byId.insert(order.id, order.sequence);
    m_byClientId.insert(order.clientOrderId, order.sequence);
    m_open.push_back(order.sequence);
    m_orders.push_back(std::move(order));
    SandboxOrder &stored = m_orders.back();
    // A new order leaves the others' reservations as they were: add its own.
    if (m_reserved)
        *m_reserved += reservationOf(stored);
    if (const Quantity shares = sharesHeldBy(stored); m_heldBySymbol && shares.isPositive())
        (*m_heldBySymbol)[stored.symbol] += shares;
    return stored;
}

BrokerReply SandboxBroker::submit(const QJsonObject &body)
{
    const RejectMode reject = std::exchange(m_reject, RejectMode::None);
    switch (reject) {
    case RejectMode::BuyingPower: {
        QJsonObject refused = errorBody(codeRefused, QStringLiteral("insufficient buying power"));
        refused.insert(QStringLiteral("buying_power"), decimalString(buyingPower()));
        refused.insert(QStringLiteral("cost_basis"), QStringLiteral("0"));
        return reply(403, refused);
    }
    case RejectMode::Qty: {
        const QString symbol = body.value(QStringLiteral("symbol")).toString();
        QJsonObject refused = errorBody(
            codeRefused,
            QStringLiteral("insufficient qty available for order (requested: %1, available: 0)")
                .arg(body.value(QStringLiteral("qty")).toString()));
        refused.insert(QStringLiteral("available"), QStringLiteral("0"));
        refused.insert(QStringLiteral("existing_qty"), QStringLiteral("0"));
        refused.insert(QStringLiteral("held_for_orders"), QStringLiteral("0"));
        refused.insert(QStringLiteral("symbol"), symbol);
        return reply(403, refused);
    }
    case RejectMode::Validation:
        return refusal(422, codeValidation, QStringLiteral("qty or notional is required"));
    case RejectMode::None:
    case RejectMode::PostAccept:
        break;
    }

    SandboxOrder order;
    // An oco order is the take-profit limit; its limit_price may come from take_profit alone.
    QJsonObject entryBody = body;
    if (body.value(QStringLiteral("order_class")).toString() == classOco
        && !body.contains(QStringLiteral("limit_price")))
        entryBody.insert(QStringLiteral("limit_price"), body.value(QStringLiteral("take_profit"))
                                                            .toObject()
                                                            .value(QStringLiteral("limit_price")));
    if (BrokerReply invalid = validateAndCreate(entryBody, order); invalid.status != 200)
        return invalid;
    std::vector<SandboxOrder> legs;
    if (!order.orderClass.isEmpty()) {
        if (BrokerReply invalid = validateLegs(body, order, legs); invalid.status != 200)
            return invalid;
    }
    if (BrokerReply refused = checkFunds(order); refused.status != 200)
        return refused;
    order.id = newUuid();
    if (order.clientOrderId.isEmpty())
        order.clientOrderId = newUuid();
    order.createdAt = now();
    order.updatedAt = now();
    order.status = OrderStatus::PendingNew;
    order.accepted = !isOpen();
    const std::size_t entry = store(std::move(order)).sequence;
    for (SandboxOrder &leg : legs) {
        leg.id = newUuid();
        leg.clientOrderId = newUuid();
        leg.createdAt = now();
        leg.updatedAt = now();
        leg.parent = entry;
        // store() may reallocate: take the index before touching the entry.
        const std::size_t index = store(std::move(leg)).sequence;
        m_orders[entry].legs.push_back(index);
    }
    SandboxOrder &stored = m_orders[entry];
    // The POST answer nests the legs, so that the client learns their ids at once.
    const QJsonObject response = orderJson(stored, true);
    if (reject == RejectMode::PostAccept) {
        stored.accepted = false;
        stored.failedAt = now();
        finish(stored, OrderStatus::Rejected, QStringLiteral("rejected"));
    } else if (!stored.accepted) {
        emitEvent(stored, QStringLiteral("pending_new"));
    }
    return reply(200, response);
}

void SandboxBroker::emitEvent(const SandboxOrder &order,
                              const QString &event,
                              const QJsonObject &extra)
{
    if (!m_sink)
        return;
    QJsonObject data = extra;
    data.insert(QStringLiteral("event"), event);
    data.insert(QStringLiteral("order"), orderJson(order));
    data.insert(QStringLiteral("timestamp"), rfc3339(now()));
    data.insert(QStringLiteral("at"), rfc3339(now()));
    data.insert(QStringLiteral("event_id"), newEventId());
    // Fills bring their own; Alpaca also sends one on other events (new, canceled).
    if (!data.contains(QStringLiteral("execution_id")))
        data.insert(QStringLiteral("execution_id"), newUuid());
    m_sink(data);
    if (m_duplicateEvents)
        m_sink(data);
}

std::optional<Date> SandboxBroker::sessionAt(Timestamp time) const
{
    const NewYorkTime local = toNewYork(time);
    return m_calendar.isSession(local.date) && local.time < m_calendar.closeTime(local.date)
               ? local.date
               : m_calendar.nextSession(local.date);
}

void SandboxBroker::route(SandboxOrder &order, Timestamp sessionTime)
{
    // Legs never route by themselves: with their entry (oco) or when it fills (activateLegs).
    if (order.routed || !isWorking(order) || order.held)
        return;
    if (order.accepted) {
        order.accepted = false;
        order.updatedAt = now();
        emitEvent(order, QStringLiteral("pending_new"));
    }
    order.routed = true;
    order.status = OrderStatus::New;
    order.updatedAt = now();
    order.session = sessionAt(sessionTime);
    emitEvent(order, QStringLiteral("new"));
    if (order.orderClass != classOco)
        return;
    // The oco stop-loss works at once, beside the limit, and stays `held` until it triggers.
    for (const std::size_t index : order.legs) {
        SandboxOrder &leg = m_orders[index];
        leg.routed = true;
        leg.status = OrderStatus::New;
        leg.session = order.session;
        leg.updatedAt = now();
    }
}

void SandboxBroker::activateLegs()
{
    for (const std::size_t entry : std::exchange(m_filledEntries, {})) {
        for (const std::size_t index : m_orders[entry].legs) {
            SandboxOrder &leg = m_orders[index];
            if (!isWorking(leg))
                continue;
            leg.waiting = false;
            leg.routed = true;
            leg.status = OrderStatus::New;
            leg.session = sessionAt(now());
            leg.updatedAt = now();
            // PROTOCOL.md §6: the take-profit goes `new`, the stop-loss stays `held`.
            if (leg.type == OrderType::Limit) {
                leg.held = false;
                emitEvent(leg, QStringLiteral("new"));
            }
        }
    }
    invalidateReservations();
}

SandboxOrder *SandboxBroker::workingSibling(const SandboxOrder &order)
{
    std::optional<std::size_t> other;
    if (order.orderClass == classOco) {
        if (order.parent)
            other = order.parent;
        else if (!order.legs.empty())
            other = order.legs.front();
    } else if (order.orderClass == classBracket && order.parent) {
        for (const std::size_t index : m_orders[*order.parent].legs) {
            if (index != order.sequence)
                other = index;
        }
    }
    if (!other || !isWorking(m_orders[*other]))
        return nullptr;
    return &m_orders[*other];
}

void SandboxBroker::routePending()
{
    if (!isOpen())
        return;
    for (const std::size_t index : openOrders())
        route(m_orders[index], now());
}

void SandboxBroker::finish(SandboxOrder &order, OrderStatus status, const QString &event)
{
    invalidateReservations();
    order.status = status;
    order.accepted = false;
    order.updatedAt = now();
    if (status == OrderStatus::Canceled)
        order.canceledAt = now();
    else if (status == OrderStatus::Expired)
        order.expiredAt = now();
    else if (status == OrderStatus::Rejected && !order.failedAt)
        order.failedAt = now();
    emitEvent(order, event);
    // An entry that ends unfilled or partly filled takes its waiting legs with it; a canceled
    // oco limit its stop-loss (a sandbox choice for the partly filled entry).
    for (const std::size_t index : order.legs) {
        if (status != OrderStatus::Filled && isWorking(m_orders[index]))
            finish(m_orders[index], OrderStatus::Canceled, QStringLiteral("canceled"));
    }
}

void SandboxBroker::execute(SandboxOrder &order, Quantity qty, Price price)
{
    invalidateReservations();
    const Money value = price * qty;
    const Quantity position = m_account.book(order.symbol, order.side, qty, price);
    order.filledQty += qty;
    order.filledNotional += value;
    order.updatedAt = now();
    order.held = false;
    // A notional order fills in one execution: its quantity is what the notional buys.
    const bool complete = order.notional || order.filledQty >= *order.qty;
    order.status = complete ? OrderStatus::Filled : OrderStatus::PartiallyFilled;
    if (complete)
        order.filledAt = now();
    QJsonObject extra{
        {QStringLiteral("price"), decimalString(price)},
        {QStringLiteral("qty"), decimalString(qty)},
        {QStringLiteral("position_qty"), decimalString(position)},
        {QStringLiteral("execution_id"), newUuid()},
    };
    emitEvent(order, complete ? QStringLiteral("fill") : QStringLiteral("partial_fill"), extra);
    // Legs start once the whole entry has filled; one exit executing cancels the other.
    if (complete && !order.legs.empty() && order.orderClass != classOco)
        m_filledEntries.push_back(order.sequence);
    if (SandboxOrder *sibling = workingSibling(order))
        finish(*sibling, OrderStatus::Canceled, QStringLiteral("canceled"));
}

Price SandboxBroker::trailingStop(const SandboxOrder &order)
{
    const bool buy = order.side == Side::Buy;
    const Price offset = order.trailPrice
                             ? *order.trailPrice
                             : Price::fromRaw(detail::mulDiv(
                                 order.hwm->raw(), order.trailPercent->raw(),
                                 Price::fromUnits(100).raw(), detail::Rounding::HalfEven));
    const std::int64_t raw = (buy ? *order.hwm + offset : *order.hwm - offset).raw();
    // Stops are whole cents.
    const std::int64_t cent = Price::scale / 100;
    return Price::fromRaw(detail::mulDiv(raw, 1, cent, detail::Rounding::HalfEven) * cent);
}

void SandboxBroker::tryFill(SandboxOrder &order, const ReplayBar &bar)
{
    const bool buy = order.side == Side::Buy;
    std::optional<Price> price;
    const bool stopType = order.type == OrderType::Stop || order.type == OrderType::StopLimit;
    Price reference = bar.open;
    if (order.type == OrderType::TrailingStop && !order.triggered) {
        // The stop trails the best price seen; inside a bar the order of prices is unknown, so
        // the bar is first tested against the stop from before it, then moves the mark.
        if (!order.hwm) {
            order.hwm = bar.open;
            order.stopPrice = trailingStop(order);
        }
        const Price stop = *order.stopPrice;
        if (buy ? bar.high < stop : bar.low > stop) {
            order.hwm = buy ? std::min(*order.hwm, bar.low) : std::max(*order.hwm, bar.high);
            order.stopPrice = trailingStop(order);
            return;
        }
        order.triggered = true;
        reference = buy ? std::max(stop, bar.open) : std::min(stop, bar.open);
    }
    if (stopType && !order.triggered) {
        const Price stop = *order.stopPrice;
        const bool crossed = buy ? bar.high >= stop : bar.low <= stop;
        if (!crossed)
            return;
        order.triggered = true;
        // Gapping through the stop fills at the open; otherwise at the stop.
        reference = buy ? std::max(stop, bar.open) : std::min(stop, bar.open);
    }
    if (order.type == OrderType::Market || order.type == OrderType::Stop
        || order.type == OrderType::TrailingStop) {
        price = reference;
        if (m_config.slippageBps != 0) {
            // bps of the price, rounded to the cent against the trader.
            const std::int64_t cent = Price::scale / 100;
            const std::int64_t slip = detail::mulDiv(reference.raw(), m_config.slippageBps, 10'000,
                                                     detail::Rounding::TowardZero);
            std::int64_t raw = buy ? reference.raw() + slip : reference.raw() - slip;
            raw = buy ? (raw + cent - 1) / cent * cent : raw / cent * cent;
            price = Price::fromRaw(raw);
        }
    } else {
        const Price limit = *order.limitPrice;
        if (buy && bar.low <= limit)
            price = std::min(limit, reference);
        else if (!buy && bar.high >= limit)
            price = std::max(limit, reference);
    }
    if (!price)
        return;
    Quantity qty = order.notional ? quantityFor(*order.notional - order.filledNotional, *price)
                                  : order.remaining();
    if (order.timeInForce != TimeInForce::Fok && !order.notional) {
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        const Quantity half = wholeUnits(Quantity::fromRaw(qty.raw() / 2));
        if (uniform(m_rng) < m_config.partialFillP && half.isPositive())
            qty = half;
    }
    if (m_config.maxParticipation > 0 && !order.notional) {
        const Quantity cap = wholeUnits(Quantity::fromDouble(
            double(bar.volume.raw() / Quantity::scale) * m_config.maxParticipation));
        if (order.timeInForce == TimeInForce::Fok && cap < qty)
            return; // all or nothing: the caller cancels it
        qty = std::min(qty, cap);
    }
    if (qty.isPositive())
        execute(order, qty, *price);
}

void SandboxBroker::expireDayOrders(Timestamp instant)
{
    const NewYorkTime local = toNewYork(instant);
    const std::vector<std::size_t> open = openOrders();
    for (const std::size_t index : open) {
        SandboxOrder &order = m_orders[index];
        if (!isWorking(order) || !order.routed || order.timeInForce != TimeInForce::Day
            || !order.session) {
            continue;
        }
        const bool pastSession
            = *order.session < local.date
              || (*order.session == local.date && local.time >= m_calendar.closeTime(local.date));
        if (!pastSession)
            continue;
        if (m_config.dayExpiryCancels)
            finish(order, OrderStatus::Canceled, QStringLiteral("canceled"));
        else
            finish(order, OrderStatus::Expired, QStringLiteral("expired"));
    }
}

void SandboxBroker::onBars(const std::vector<ReplayBar> &batch)
{
    // The marks moved (and trailing stops may move below).
    invalidateReservations();
    if (batch.empty() || m_forceClosed)
        return;
    const Timestamp barStart = batch.front().start;
    const NewYorkTime startLocal = toNewYork(barStart);
    const bool regular = m_cursor.daily()
                         || (m_calendar.isSession(startLocal.date)
                             && startLocal.time >= m_calendar.openTime(startLocal.date)
                             && startLocal.time < m_calendar.closeTime(startLocal.date));
    // Orders of a finished session expire before the new bars can touch them.
    if (!m_cursor.daily())
        expireDayOrders(barStart);
    const std::vector<std::size_t> open = openOrders();
    if (regular) {
        for (const std::size_t index : open)
            route(m_orders[index], barStart);
    }
    for (const std::size_t index : open) {
        SandboxOrder &order = m_orders[index];
        if (!isWorking(order) || !order.routed || order.status == OrderStatus::PendingReplace)
            continue;
        if (!regular && !order.extendedHours)
            continue;
        for (const ReplayBar &bar : batch) {
            if (bar.symbol == order.symbol.toStdString())
                tryFill(order, bar);
        }
        if (isWorking(order)
            && (order.timeInForce == TimeInForce::Ioc || order.timeInForce == TimeInForce::Fok))
            finish(order, OrderStatus::Canceled, QStringLiteral("canceled"));
    }
    activateLegs();
    // Day orders end at the close; last_equity is equity at the close.
    const NewYorkTime endLocal = toNewYork(m_cursor.now());
    if (m_calendar.isSession(endLocal.date)
        && endLocal.time >= m_calendar.closeTime(endLocal.date)) {
        expireDayOrders(m_cursor.now());
        m_account.closeSession(endLocal.date);
    }
    invalidateReservations();
}

BrokerReply SandboxBroker::listOrders(const QUrlQuery &query) const
{
    const QString status = query.hasQueryItem(QStringLiteral("status"))
                               ? query.queryItemValue(QStringLiteral("status"))
                               : QStringLiteral("open");
    if (status != QLatin1String("open") && status != QLatin1String("closed")
        && status != QLatin1String("all")) {
        return refusal(422, codeValidation, QStringLiteral("invalid status %1").arg(status));
    }
    int limit = 50;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 500)
            return refusal(422, codeValidation, QStringLiteral("limit must be between 1 and 500"));
    }
    std::optional<Timestamp> after;
    std::optional<Timestamp> until;
    for (auto [key, bound] :
         {std::pair{QStringLiteral("after"), &after}, std::pair{QStringLiteral("until"), &until}}) {
        if (!query.hasQueryItem(key))
            continue;
        const auto parsed = parseTimestamp(
            query.queryItemValue(key, QUrl::FullyDecoded).toStdString(), LocalZone::Utc);
        if (!parsed)
            return refusal(422, codeValidation, QStringLiteral("invalid %1").arg(key));
        *bound = *parsed;
    }
    const bool ascending
        = query.queryItemValue(QStringLiteral("direction")) == QLatin1String("asc");
    QStringList symbols;
    if (query.hasQueryItem(QStringLiteral("symbols")))
        symbols = query.queryItemValue(QStringLiteral("symbols")).split(QLatin1Char(','));
    const QString side = query.queryItemValue(QStringLiteral("side"));
    const bool nested = query.queryItemValue(QStringLiteral("nested")) == QLatin1String("true");
    std::vector<const SandboxOrder *> selected;
    for (const SandboxOrder &order : m_orders) {
        if (nested && order.parent)
            continue; // inside its parent's legs
        // Nested, a group is open while any of its orders is (a sandbox choice).
        bool working = isWorking(order);
        for (const std::size_t leg : order.legs)
            working = working || (nested && isWorking(m_orders[leg]));
        if ((status == QLatin1String("open") && !working)
            || (status == QLatin1String("closed") && working))
            continue;
        if ((after && order.createdAt <= *after) || (until && order.createdAt >= *until))
            continue;
        if (!symbols.isEmpty() && !symbols.contains(order.symbol))
            continue;
        const auto sideName = toString(order.side);
        if (!side.isEmpty() && side != QLatin1String(sideName.data(), qsizetype(sideName.size())))
            continue;
        selected.push_back(&order);
    }
    if (!ascending)
        std::reverse(selected.begin(), selected.end());
    QJsonArray list;
    for (const SandboxOrder *order : selected) {
        if (list.size() >= limit)
            break;
        list.append(orderJson(*order, nested));
    }
    return reply(200, list);
}

namespace {

bool looksLikeUuid(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return pattern.match(text).hasMatch();
}

} // namespace

BrokerReply SandboxBroker::order(const QString &id, bool nested) const
{
    if (!looksLikeUuid(id))
        return refusal(422, codeValidation, QStringLiteral("order_id is missing"));
    if (const SandboxOrder *found = findOrder(id))
        return reply(200, orderJson(*found, nested));
    return refusal(404, codeNotFound, QStringLiteral("order not found"));
}

BrokerReply SandboxBroker::orderByClientId(const QString &clientOrderId) const
{
    if (const auto it = m_byClientId.constFind(clientOrderId); it != m_byClientId.constEnd())
        return reply(200, orderJson(m_orders[*it]));
    return refusal(404, codeNotFound, QStringLiteral("order not found"));
}

BrokerReply SandboxBroker::cancel(const QString &id)
{
    if (!looksLikeUuid(id))
        return refusal(422, codeValidation, QStringLiteral("order_id is missing"));
    SandboxOrder *it = findMutable(id);
    if (!it)
        return refusal(404, codeNotFound, QStringLiteral("order not found"));
    if (!isWorking(*it) || it->status == OrderStatus::PendingReplace) {
        return refusal(422, codeUnprocessable,
                       QStringLiteral("order is already in \"%1\" state").arg(it->statusName()));
    }
    if (std::exchange(m_cancelRace, false) && fillBeforeCancel(*it)) {
        activateLegs();
        return reply(204, QJsonValue(QJsonValue::Undefined)); // Alpaca's "never trust 204"
    }
    finish(*it, OrderStatus::Canceled, QStringLiteral("canceled"));
    // A take-profit canceled on its own leaves its stop-loss to hold the shares.
    if (SandboxOrder *sibling = workingSibling(*it); sibling && sibling->pairedStop) {
        sibling->pairedStop = false;
        invalidateReservations();
    }
    return reply(204, QJsonValue(QJsonValue::Undefined));
}

bool SandboxBroker::fillBeforeCancel(SandboxOrder &order)
{
    const auto mark = m_account.markPrice(order.symbol);
    if (!mark || order.notional || !order.qty)
        return false;
    // A limit order fills at its limit or better, as if the market had just touched it.
    Price price = *mark;
    if (order.limitPrice)
        price = order.side == Side::Buy ? std::min(price, *order.limitPrice)
                                        : std::max(price, *order.limitPrice);
    order.routed = true;
    order.accepted = false;
    execute(order, order.remaining(), price);
    return true;
}

BrokerReply SandboxBroker::cancelAll()
{
    QJsonArray results;
    const std::vector<std::size_t> open = openOrders();
    for (const std::size_t index : open) {
        SandboxOrder &order = m_orders[index];
        if (!isWorking(order))
            continue;
        if (order.status == OrderStatus::PendingReplace) {
            results.append(QJsonObject{
                {QStringLiteral("id"), order.id},
                {QStringLiteral("status"), 422},
                {QStringLiteral("body"),
                 errorBody(codeUnprocessable,
                           QStringLiteral("order is already in \"pending_replace\" state"))}});
            continue;
        }
        if (std::exchange(m_cancelRace, false) && fillBeforeCancel(order)) {
            results.append(
                QJsonObject{{QStringLiteral("id"), order.id},
                            {QStringLiteral("status"), 422},
                            {QStringLiteral("body"),
                             errorBody(codeUnprocessable,
                                       QStringLiteral("order is already in \"filled\" state"))}});
            continue;
        }
        finish(order, OrderStatus::Canceled, QStringLiteral("canceled"));
        results.append(
            QJsonObject{{QStringLiteral("id"), order.id}, {QStringLiteral("status"), 200}});
    }
    activateLegs();
    return reply(207, results);
}

BrokerReply SandboxBroker::replace(const QString &id, const QJsonObject &body)
{
    if (!looksLikeUuid(id))
        return refusal(422, codeValidation, QStringLiteral("order_id is missing"));
    SandboxOrder *it = findMutable(id);
    if (!it)
        return refusal(404, codeNotFound, QStringLiteral("order not found"));
    if (!it->orderClass.isEmpty()) {
        return refusal(
            422, codeUnprocessable,
            QStringLiteral("the sandbox does not replace %1 orders").arg(it->orderClass));
    }
    if (it->accepted) {
        return refusal(422, codeUnprocessable,
                       QStringLiteral("unable to replace order, order isn't sent to exchange yet"));
    }
    if (!isWorking(*it) || it->status == OrderStatus::PendingReplace) {
        return refusal(422, codeUnprocessable,
                       QStringLiteral("order is already in \"%1\" state").arg(it->statusName()));
    }
    SandboxOrder replacement = *it;
    QString text;
    std::optional<Quantity> qty;
    if (decimalField(body, QStringLiteral("qty"), qty, text) == FieldState::Invalid)
        return refusal(422, codeValidation, QStringLiteral("invalid qty"));
    if (qty) {
        if (!qty->isPositive())
            return refusal(422, codeValidation, QStringLiteral("qty must be > 0"));
        if (!isWhole(*qty))
            return refusal(422, codeValidation, QStringLiteral("qty must be integer"));
        replacement.qty = qty;
    }
    for (const QString &key : {QStringLiteral("limit_price"), QStringLiteral("stop_price")}) {
        std::optional<Price> price;
        const FieldState state = decimalField(body, key, price, text);
        if (state == FieldState::Absent)
            continue;
        if (state == FieldState::Invalid || !price->isPositive())
            return refusal(422, codeValidation, QStringLiteral("invalid %1").arg(key));
        const bool isLimit = key == QLatin1String("limit_price");
        if ((isLimit && !it->limitPrice) || (!isLimit && !it->stopPrice))
            return refusal(422, codeValidation, QStringLiteral("%1 is not applicable").arg(key));
        const int allowed = *price >= Price::fromUnits(1) ? 2 : 4;
        if (decimalsOf(price->raw()) > allowed) {
            return refusal(422, codeUnprocessable,
                           QStringLiteral("invalid %1 %2. sub-penny increment does not fulfill "
                                          "minimum pricing criteria")
                               .arg(key, text));
        }
        (isLimit ? replacement.limitPrice : replacement.stopPrice) = price;
    }
    if (body.contains(QStringLiteral("trail"))) {
        std::optional<Price> trail;
        if (it->type != OrderType::TrailingStop
            || decimalField(body, QStringLiteral("trail"), trail, text) != FieldState::Valid
            || !trail->isPositive())
            return refusal(422, codeValidation, QStringLiteral("invalid trail"));
        (it->trailPrice ? replacement.trailPrice : replacement.trailPercent) = trail;
        if (replacement.hwm)
            replacement.stopPrice = trailingStop(replacement);
    }
    if (body.contains(QStringLiteral("time_in_force"))) {
        const auto tif = enumFromName(
            body.value(QStringLiteral("time_in_force")).toString(),
            {TimeInForce::Day, TimeInForce::Gtc, TimeInForce::Ioc, TimeInForce::Fok});
        if (!tif)
            return refusal(422, codeValidation, QStringLiteral("invalid time_in_force"));
        replacement.timeInForce = *tif;
    }
    if (replacement.qty == it->qty && replacement.limitPrice == it->limitPrice
        && replacement.stopPrice == it->stopPrice && replacement.timeInForce == it->timeInForce
        && replacement.trailPrice == it->trailPrice
        && replacement.trailPercent == it->trailPercent) {
        return refusal(403, codeRefused, QStringLiteral("order parameters are not changed"));
    }
    if (replacement.qty && *replacement.qty <= it->filledQty)
        return refusal(422, codeValidation, QStringLiteral("qty must be greater than filled_qty"));
    const QJsonValue clientId = body.value(QStringLiteral("client_order_id"));
    replacement.clientOrderId.clear();
    if (clientId.isString()) {
        replacement.clientOrderId = clientId.toString();
        if (replacement.clientOrderId.size() > 48)
            return refusal(422, codeValidation,
                           QStringLiteral("client_order_id must be no more than 48 characters"));
        if (m_byClientId.contains(replacement.clientOrderId))
            return refusal(422, codeValidation, QStringLiteral("client_order_id must be unique"));
    }
    // The replacement carries the remainder: what the old order filled stays with it.
    if (replacement.qty)
        replacement.qty = *replacement.qty - it->filledQty;
    replacement.filledQty = Quantity();
    replacement.filledNotional = Money();
    replacement.id = newUuid();
    if (replacement.clientOrderId.isEmpty())
        replacement.clientOrderId = newUuid();
    replacement.replaces = it->id;
    replacement.replacedBy.clear();
    replacement.createdAt = now();
    replacement.updatedAt = now();
    replacement.filledAt.reset();
    replacement.routed = false;
    replacement.triggered = false;
    replacement.status = OrderStatus::PendingNew;
    const QString oldId = it->id;
    it->status = OrderStatus::PendingReplace;
    it->updatedAt = now();
    emitEvent(*it, QStringLiteral("pending_replace"));
    // store() may reallocate: find the old order again afterwards.
    SandboxOrder &stored = store(std::move(replacement));
    const QJsonObject response = orderJson(stored);
    const QString newId = stored.id;
    SandboxOrder *old = findMutable(oldId);
    if (std::exchange(m_replaceRace, false) && fillBeforeCancel(*old)) {
        // The old order filled before the replacement reached the venue: the replacement is
        // rejected, although the PATCH itself answered 200 (PROTOCOL.md §5.7).
        SandboxOrder &loser = m_orders.back();
        emitEvent(loser, QStringLiteral("pending_new"));
        finish(loser, OrderStatus::Rejected, QStringLiteral("rejected"));
        return reply(200, response);
    }
    old->replacedBy = newId;
    old->replacedAt = now();
    finish(*old, OrderStatus::Replaced, QStringLiteral("replaced"));
    SandboxOrder &fresh = m_orders.back();
    emitEvent(fresh, QStringLiteral("pending_new"));
    if (isOpen())
        route(fresh, now());
    return reply(200, response);
}

QJsonObject SandboxBroker::positionJson(const QString &symbol,
                                        const SandboxPosition &position) const
{
    const Quantity available
        = position.qty.isPositive() ? position.qty - heldForOrders(symbol) : position.qty;
    return m_account.positionJson(symbol, position, available, assetId(symbol));
}

BrokerReply SandboxBroker::positions() const
{
    QJsonArray list;
    for (const auto &[symbol, position] : m_account.positions())
        list.append(positionJson(symbol, position));
    return reply(200, list);
}

BrokerReply SandboxBroker::position(const QString &symbol) const
{
    const auto it = m_account.positions().find(symbol);
    if (it == m_account.positions().end())
        return refusal(404, codeNotFound, QStringLiteral("position does not exist"));
    return reply(200, positionJson(symbol, it->second));
}

BrokerReply SandboxBroker::closePosition(const QString &symbol, const QUrlQuery &query)
{
    const auto it = m_account.positions().find(symbol);
    if (it == m_account.positions().end())
        return refusal(404, codeNotFound, QStringLiteral("position does not exist"));
    const Quantity held = it->second.qty;
    Quantity qty = held.abs();
    if (query.hasQueryItem(QStringLiteral("qty"))) {
        const auto parsed
            = Quantity::parse(query.queryItemValue(QStringLiteral("qty")).toStdString());
        if (!parsed || !parsed->isPositive() || *parsed > qty)
            return refusal(422, codeValidation, QStringLiteral("invalid qty"));
        qty = *parsed;
    } else if (query.hasQueryItem(QStringLiteral("percentage"))) {
        const auto parsed
            = Quantity::parse(query.queryItemValue(QStringLiteral("percentage")).toStdString());
        if (!parsed || !parsed->isPositive() || *parsed > Quantity::fromUnits(100))
            return refusal(422, codeValidation, QStringLiteral("invalid percentage"));
        qty = Quantity::fromRaw(detail::mulDiv(qty.raw(), parsed->raw(),
                                               Quantity::fromUnits(100).raw(),
                                               detail::Rounding::TowardZero));
    }
    QJsonObject body{
        {QStringLiteral("symbol"), symbol},
        {QStringLiteral("qty"), decimalString(qty)},
        {QStringLiteral("side"),
         held.isNegative() ? QStringLiteral("buy") : QStringLiteral("sell")},
        {QStringLiteral("type"), QStringLiteral("market")},
        {QStringLiteral("time_in_force"), QStringLiteral("day")},
    };
    return submit(body);
}

BrokerReply SandboxBroker::closeAll(const QUrlQuery &query)
{
    if (query.queryItemValue(QStringLiteral("cancel_orders")) == QLatin1String("true"))
        cancelAll();
    QJsonArray results;
    std::vector<QString> symbols;
    for (const auto &[symbol, position] : m_account.positions())
        symbols.push_back(symbol);
    for (const QString &symbol : symbols) {
        const BrokerReply closed = closePosition(symbol, QUrlQuery());
        results.append(QJsonObject{{QStringLiteral("symbol"), symbol},
                                   {QStringLiteral("status"), closed.status},
                                   {QStringLiteral("body"), closed.body}});
    }
    return reply(207, results);
}

BrokerReply SandboxBroker::asset(const QString &symbol) const
{
    if (!knownSymbol(symbol))
        return refusal(404, codeNotFound, QStringLiteral("asset not found"));
    return reply(200, QJsonObject{
                          {QStringLiteral("id"), assetId(symbol)},
                          {QStringLiteral("class"), QStringLiteral("us_equity")},
                          {QStringLiteral("exchange"), QStringLiteral("ARCA")},
                          {QStringLiteral("symbol"), symbol},
                          {QStringLiteral("name"), symbol + QStringLiteral(" (sandbox replay)")},
                          {QStringLiteral("status"), QStringLiteral("active")},
                          {QStringLiteral("tradable"), true},
                          {QStringLiteral("marginable"), true},
                          {QStringLiteral("shortable"), m_config.shortingEnabled},
                          {QStringLiteral("easy_to_borrow"), m_config.shortingEnabled},
                          {QStringLiteral("fractionable"), m_config.fractionable},
                          {QStringLiteral("attributes"), QJsonArray{}},
                      });
}

BrokerReply SandboxBroker::assets() const
{
    QJsonArray list;
    for (const std::string &symbol : m_cursor.symbols())
        list.append(asset(QString::fromStdString(symbol)).body);
    return reply(200, list);
}

} // namespace meridian::live
