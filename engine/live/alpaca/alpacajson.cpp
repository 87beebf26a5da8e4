#include "engine/live/alpaca/alpacajson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>
#include <QString>

#include <array>
#include <chrono>
#include <cmath>

namespace meridian::live {

using engine::Error;
using engine::Result;
using engine::quoted;

namespace {

template<class Enum, std::size_t N>
std::optional<Enum> matchName(std::string_view text, const std::array<Enum, N> &values)
{
    for (const Enum value : values) {
        if (toString(value) == text)
            return value;
    }
    return std::nullopt;
}

QLatin1String latin1(std::string_view text)
{
    return QLatin1String(text.data(), static_cast<qsizetype>(text.size()));
}

std::string toStd(const QString &text)
{
    return text.toStdString();
}

// The decimal text of a JSON value that may be a string or a number. Numbers are rewritten as
// their shortest round-trip decimal text, so 174.64 reads as "174.64" and never as the binary
// double's expansion (PROTOCOL.md §2).
std::optional<std::string> decimalText(const QJsonValue &value)
{
    if (value.isString())
        return toStd(value.toString().trimmed());
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (number == static_cast<double>(static_cast<std::int64_t>(number))
            && std::abs(number) < 9.0e15)
            return std::to_string(static_cast<std::int64_t>(number));
        return toStd(QString::number(number, 'f', QLocale::FloatingPointShortest));
    }
    return std::nullopt;
}

// Reads fields of one JSON object, remembering the first failure with the field's path.
class Reader
{
public:
    Reader(const QJsonObject &object, std::string context)
        : m_object(object)
        , m_context(std::move(context))
    {}

    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }
    const QJsonObject &object() const { return m_object; }
    const std::string &context() const { return m_context; }
    std::string path(const char *key) const
    {
        std::string result = m_context;
        result += '.';
        result += key;
        return result;
    }

    void fail(const char *key, const std::string &message)
    {
        if (!m_error)
            m_error = Error(message).withContext(path(key));
    }
    void fail(const Error &error)
    {
        if (!m_error)
            m_error = error;
    }

    bool present(const char *key) const
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        return !value.isUndefined() && !value.isNull();
    }

    std::string text(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isString())
            return toStd(value.toString());
        if (value.isDouble())
            return *decimalText(value);
        if (required)
            fail(key, value.isUndefined() || value.isNull() ? "missing" : "is not a string");
        return {};
    }

    bool boolean(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isBool())
            return value.toBool();
        if (value.isString()) {
            const QString text = value.toString();
            if (text == QLatin1String("true"))
                return true;
            if (text == QLatin1String("false"))
                return false;
            fail(key, quoted(toStd(text)) + " is not a boolean");
        }
        return false;
    }

    template<class Fixed>
    std::optional<Fixed> decimal(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(key, "missing");
            return std::nullopt;
        }
        const std::optional<std::string> text = decimalText(value);
        if (!text) {
            fail(key, "is not a number");
            return std::nullopt;
        }
        Result<Fixed> parsed = Fixed::parse(*text);
        if (!parsed) {
            fail(key, parsed.error().message());
            return std::nullopt;
        }
        return *parsed;
    }
    template<class Fixed>
    Fixed requiredDecimal(const char *key)
    {
        return decimal<Fixed>(key, true).value_or(Fixed());
    }

    std::optional<std::int64_t> integer(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(key, "missing");
            return std::nullopt;
        }
        if (value.isDouble()) {
            const double number = value.toDouble();
            if (number == static_cast<double>(static_cast<std::int64_t>(number)))
                return static_cast<std::int64_t>(number);
        } else if (value.isString()) {
            bool ok = false;
            const qlonglong number = value.toString().trimmed().toLongLong(&ok);
            if (ok)
                return number;
        }
        fail(key, "is not an integer");
        return std::nullopt;
    }

    double ratio(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isDouble())
            return value.toDouble();
        if (value.isString()) {
            bool ok = false;
            const double number = value.toString().toDouble(&ok);
            if (ok)
                return number;
            fail(key, quoted(toStd(value.toString())) + " is not a number");
        }
        return 0.0;
    }

    std::optional<engine::Timestamp> timestamp(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull()) {
            if (required)
                fail(key, "missing");
            return std::nullopt;
        }
        if (!value.isString()) {
            fail(key, "is not a timestamp string");
            return std::nullopt;
        }
        Result<engine::Timestamp> parsed = parseRfc3339(toStd(value.toString()));
        if (!parsed) {
            fail(key, parsed.error().message());
            return std::nullopt;
        }
        return *parsed;
    }

    template<class Enum>
    Enum enumeration(const char *key, std::optional<Enum> (*parse)(std::string_view), Enum fallback)
    {
        const std::string name = text(key, true);
        if (!ok())
            return fallback;
        const std::optional<Enum> value = parse(name);
        if (!value) {
            fail(key, quoted(name) + " is not a known value");
            return fallback;
        }
        return *value;
    }

    std::vector<std::string> strings(const char *key)
    {
        std::vector<std::string> result;
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isArray())
            return result;
        for (const QJsonValue &item : value.toArray())
            result.push_back(toStd(item.toString()));
        return result;
    }

private:
    QJsonObject m_object;
    std::string m_context;
    std::optional<Error> m_error;
};

Result<QJsonDocument> parseDocument(const QByteArray &bytes, const char *what)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error(std::string(what) + ": invalid JSON at byte "
                     + std::to_string(parseError.offset) + ": "
                     + toStd(parseError.errorString()));
    }
    return document;
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const char *what)
{
    Result<QJsonDocument> document = parseDocument(bytes, what);
    if (!document)
        return document.error();
    if (!document->isObject())
        return Error(std::string(what) + ": expected a JSON object");
    return document->object();
}

Result<QJsonArray> parseArray(const QByteArray &bytes, const char *what)
{
    Result<QJsonDocument> document = parseDocument(bytes, what);
    if (!document)
        return document.error();
    if (!document->isArray())
        return Error(std::string(what) + ": expected a JSON array");
    return document->array();
}

Result<AlpacaOrder> readOrder(const QJsonObject &object, const std::string &context)
{
    Reader r(object, context);
    AlpacaOrder order;
    order.id = r.text("id", true);
    order.clientOrderId = r.text("client_order_id");
    order.symbol = r.text("symbol", true);
    order.assetClass = r.text("asset_class");
    order.side = r.enumeration("side", &parseSide, engine::Side::Buy);
    // `type` is current; `order_type` its deprecated duplicate, read when `type` is absent.
    order.type = r.enumeration(r.present("type") ? "type" : "order_type", &parseOrderType,
                               engine::OrderType::Market);
    order.timeInForce = r.enumeration("time_in_force", &parseTimeInForce, engine::TimeInForce::Day);
    if (r.present("order_class"))
        order.orderClass = r.enumeration("order_class", &parseOrderClass,
                                         engine::OrderClass::Simple);
    order.qty = r.decimal<engine::Quantity>("qty");
    order.notional = r.decimal<engine::Money>("notional");
    order.filledQty = r.decimal<engine::Quantity>("filled_qty").value_or(engine::Quantity());
    order.filledAvgPrice = r.decimal<engine::Price>("filled_avg_price");
    order.limitPrice = r.decimal<engine::Price>("limit_price");
    order.stopPrice = r.decimal<engine::Price>("stop_price");
    order.trailPrice = r.decimal<engine::Price>("trail_price");
    order.trailPercent = r.decimal<engine::Price>("trail_percent");
    order.highWaterMark = r.decimal<engine::Price>("hwm");
    order.statusText = r.text("status", true);
    order.status = parseOrderStatus(order.statusText);
    order.extendedHours = r.boolean("extended_hours");
    order.createdAt = r.timestamp("created_at");
    order.updatedAt = r.timestamp("updated_at");
    order.submittedAt = r.timestamp("submitted_at");
    order.filledAt = r.timestamp("filled_at");
    order.canceledAt = r.timestamp("canceled_at");
    order.expiredAt = r.timestamp("expired_at");
    order.replacedAt = r.timestamp("replaced_at");
    order.failedAt = r.timestamp("failed_at");
    order.replacedBy = r.text("replaced_by");
    order.replaces = r.text("replaces");
    if (!r.ok())
        return r.error();
    const QJsonValue legs = object.value(QLatin1String("legs"));
    if (legs.isArray()) {
        int index = 0;
        for (const QJsonValue &leg : legs.toArray()) {
            Result<AlpacaOrder> parsed = readOrder(
                leg.toObject(), context + ".legs[" + std::to_string(index++) + "]");
            if (!parsed)
                return parsed.error();
            order.legs.push_back(std::move(*parsed));
        }
    }
    return order;
}

Result<AlpacaPosition> readPosition(const QJsonObject &object, const std::string &context)
{
    Reader r(object, context);
    AlpacaPosition position;
    position.assetId = r.text("asset_id");
    position.symbol = r.text("symbol", true);
    position.exchange = r.text("exchange");
    position.assetClass = r.text("asset_class");
    position.qty = r.requiredDecimal<engine::Quantity>("qty");
    position.qtyAvailable = r.decimal<engine::Quantity>("qty_available");
    position.side = r.text("side");
    position.avgEntryPrice = r.requiredDecimal<engine::Price>("avg_entry_price");
    position.costBasis = r.decimal<engine::Money>("cost_basis").value_or(engine::Money());
    position.marketValue = r.decimal<engine::Money>("market_value");
    position.currentPrice = r.decimal<engine::Price>("current_price");
    position.lastdayPrice = r.decimal<engine::Price>("lastday_price");
    position.unrealizedPl = r.decimal<engine::Money>("unrealized_pl");
    position.unrealizedPlpc = r.ratio("unrealized_plpc");
    position.changeToday = r.ratio("change_today");
    if (!r.ok())
        return r.error();
    return position;
}

// A JSON array of entities, each read by `read` with its index in the error context.
template<class T>
Result<std::vector<T>> parseList(const QByteArray &body, const char *what,
                                 Result<T> (*read)(const QJsonObject &, const std::string &))
{
    Result<QJsonArray> array = parseArray(body, what);
    if (!array)
        return array.error();
    std::vector<T> items;
    int index = 0;
    for (const QJsonValue &item : *array) {
        Result<T> parsed = read(item.toObject(), what + ("[" + std::to_string(index++) + "]"));
        if (!parsed)
            return parsed.error();
        items.push_back(std::move(*parsed));
    }
    return items;
}

// A New York wall-clock time "HH:MM" or "HHMM" on `date`, in UTC.
Result<engine::Timestamp> newYorkClock(engine::Date date, const std::string &text)
{
    std::string digits;
    for (const char c : text) {
        if (c != ':')
            digits += c;
    }
    if (digits.size() != 4 || digits.find_first_not_of("0123456789") != std::string::npos)
        return Error(quoted(text) + " is not a time HH:MM or HHMM");
    const int hours = std::stoi(digits.substr(0, 2));
    const int minutes = std::stoi(digits.substr(2, 2));
    if (hours > 23 || minutes > 59)
        return Error(quoted(text) + " is not a time of day");
    return engine::newYorkTime(date, engine::TimeOfDay::hms(hours, minutes, 0));
}

Result<AlpacaBar> readBar(const QJsonObject &object, const std::string &context,
                          std::string symbol)
{
    Reader r(object, context);
    AlpacaBar bar;
    bar.symbol = std::move(symbol);
    if (bar.symbol.empty())
        bar.symbol = r.text("S");
    bar.start = r.timestamp("t", true).value_or(engine::Timestamp());
    bar.open = r.requiredDecimal<engine::Price>("o");
    bar.high = r.requiredDecimal<engine::Price>("h");
    bar.low = r.requiredDecimal<engine::Price>("l");
    bar.close = r.requiredDecimal<engine::Price>("c");
    bar.volume = r.requiredDecimal<engine::Quantity>("v");
    bar.tradeCount = r.integer("n");
    bar.vwap = r.decimal<engine::Price>("vw");
    if (!r.ok())
        return r.error();
    return bar;
}

Result<AlpacaTradeUpdate> readTradeUpdate(const QJsonObject &data)
{
    Reader r(data, "trade_updates");
    AlpacaTradeUpdate update;
    update.event = r.text("event", true);
    if (!r.ok())
        return r.error();
    update.eventType = parseOrderEvent(update.event);
    const QJsonValue order = data.value(QLatin1String("order"));
    if (!order.isObject())
        return Error("trade_updates.order: missing");
    Result<AlpacaOrder> parsed = readOrder(order.toObject(), "trade_updates.order");
    if (!parsed)
        return parsed.error();
    update.order = std::move(*parsed);
    update.timestamp = r.timestamp("timestamp");
    update.executionId = r.text("execution_id");
    update.eventId = r.text("event_id");
    update.price = r.decimal<engine::Price>("price");
    update.qty = r.decimal<engine::Quantity>("qty");
    update.positionQty = r.decimal<engine::Quantity>("position_qty");
    if (!r.ok())
        return r.error();
    return update;
}

void insertDecimal(QJsonObject &object, const char *key, const std::string &text)
{
    object.insert(QLatin1String(key), QString::fromStdString(text));
}

template<class Fixed>
void insertOptional(QJsonObject &object, const char *key, const std::optional<Fixed> &value)
{
    if (value)
        insertDecimal(object, key, value->toString());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

std::optional<engine::Side> parseSide(std::string_view text)
{
    return matchName(text, std::array{engine::Side::Buy, engine::Side::Sell});
}

std::optional<engine::OrderType> parseOrderType(std::string_view text)
{
    using engine::OrderType;
    return matchName(text, std::array{OrderType::Market, OrderType::Limit, OrderType::Stop,
                                      OrderType::StopLimit, OrderType::TrailingStop});
}

std::optional<engine::TimeInForce> parseTimeInForce(std::string_view text)
{
    using engine::TimeInForce;
    return matchName(text, std::array{TimeInForce::Day, TimeInForce::Gtc, TimeInForce::Opg,
                                      TimeInForce::Cls, TimeInForce::Ioc, TimeInForce::Fok});
}

std::optional<engine::OrderClass> parseOrderClass(std::string_view text)
{
    using engine::OrderClass;
    if (text.empty())
        return OrderClass::Simple;
    return matchName(text, std::array{OrderClass::Simple, OrderClass::Bracket, OrderClass::Oco,
                                      OrderClass::Oto});
}

std::optional<engine::OrderStatus> parseOrderStatus(std::string_view text)
{
    using engine::OrderStatus;
    if (text == "accepted" || text == "held")
        return OrderStatus::PendingNew;
    return matchName(text, std::array{OrderStatus::PendingNew, OrderStatus::New,
                                      OrderStatus::PartiallyFilled, OrderStatus::Filled,
                                      OrderStatus::Canceled, OrderStatus::Expired,
                                      OrderStatus::Rejected, OrderStatus::PendingCancel,
                                      OrderStatus::PendingReplace, OrderStatus::Replaced,
                                      OrderStatus::DoneForDay});
}

std::optional<engine::EventType> parseOrderEvent(std::string_view text)
{
    using engine::EventType;
    for (const EventType type :
         {EventType::OrderPendingNew, EventType::OrderAccepted, EventType::OrderRejected,
          EventType::OrderPartiallyFilled, EventType::OrderFilled, EventType::OrderCancelled,
          EventType::OrderExpired, EventType::OrderPendingCancel, EventType::OrderPendingReplace,
          EventType::OrderReplaced, EventType::OrderDoneForDay, EventType::OrderCancelRejected,
          EventType::OrderReplaceRejected}) {
        if (engine::brokerEventName(type) == text)
            return type;
    }
    return std::nullopt;
}

engine::Timestamp wallClockNow()
{
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return engine::Timestamp::fromUnixNanos(
        std::chrono::duration_cast<std::chrono::nanoseconds>(since).count());
}

Result<engine::Timestamp> parseRfc3339(std::string_view text)
{
    // RFC 3339 always carries a date, a time and an offset; a bare local time is not one.
    const std::size_t tee = text.find_first_of("Tt");
    const bool hasOffset = !text.empty()
                           && (text.back() == 'Z' || text.back() == 'z'
                               || (tee != std::string_view::npos
                                   && text.find_first_of("+-", tee) != std::string_view::npos));
    if (tee == std::string_view::npos || !hasOffset)
        return Error(quoted(text) + " is not an RFC 3339 timestamp with an offset");
    std::string normalised(text);
    if (normalised.back() == 'z')
        normalised.back() = 'Z';
    normalised[tee] = 'T';
    return engine::parseTimestamp(normalised, engine::LocalZone::Utc);
}

bool AlpacaError::credentialsRejected() const
{
    return httpStatus == 401 || (httpStatus == 403 && !code.has_value());
}

std::string AlpacaError::describe() const
{
    std::string result = "HTTP " + std::to_string(httpStatus);
    if (code) {
        result += " (";
        result += std::to_string(*code);
        result += ')';
    }
    if (!message.empty()) {
        result += ": ";
        result += message;
    }
    return result;
}

AlpacaError parseError(int httpStatus, const QByteArray &body)
{
    AlpacaError error;
    error.httpStatus = httpStatus;
    error.body = body.toStdString();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        Reader r(document.object(), "error");
        error.message = r.text("message");
        error.code = r.integer("code");
    } else {
        error.message = body.trimmed().toStdString();
    }
    return error;
}

Result<AlpacaAccount> parseAccount(const QByteArray &body)
{
    Result<QJsonObject> object = parseObject(body, "account");
    if (!object)
        return object.error();
    Reader r(*object, "account");
    AlpacaAccount account;
    account.id = r.text("id", true);
    account.accountNumber = r.text("account_number");
    account.status = r.text("status", true);
    account.currency = r.text("currency");
    account.cash = r.requiredDecimal<engine::Money>("cash");
    account.equity = r.requiredDecimal<engine::Money>("equity");
    account.lastEquity = r.decimal<engine::Money>("last_equity").value_or(engine::Money());
    account.buyingPower = r.requiredDecimal<engine::Money>("buying_power");
    account.longMarketValue = r.decimal<engine::Money>("long_market_value").value_or(engine::Money());
    account.shortMarketValue
        = r.decimal<engine::Money>("short_market_value").value_or(engine::Money());
    account.initialMargin = r.decimal<engine::Money>("initial_margin").value_or(engine::Money());
    account.maintenanceMargin
        = r.decimal<engine::Money>("maintenance_margin").value_or(engine::Money());
    account.multiplier = r.integer("multiplier").value_or(1);
    account.daytradeCount = r.integer("daytrade_count").value_or(0);
    account.patternDayTrader = r.boolean("pattern_day_trader");
    account.tradingBlocked = r.boolean("trading_blocked");
    account.accountBlocked = r.boolean("account_blocked");
    account.shortingEnabled = r.boolean("shorting_enabled");
    account.createdAt = r.timestamp("created_at");
    if (!r.ok())
        return r.error();
    return account;
}

Result<AlpacaOrder> parseOrder(const QByteArray &body)
{
    Result<QJsonObject> object = parseObject(body, "order");
    if (!object)
        return object.error();
    return readOrder(*object, "order");
}

Result<std::vector<AlpacaOrder>> parseOrders(const QByteArray &body)
{
    return parseList(body, "orders", &readOrder);
}

Result<AlpacaPosition> parsePosition(const QByteArray &body)
{
    Result<QJsonObject> object = parseObject(body, "position");
    if (!object)
        return object.error();
    return readPosition(*object, "position");
}

Result<std::vector<AlpacaPosition>> parsePositions(const QByteArray &body)
{
    return parseList(body, "positions", &readPosition);
}

Result<AlpacaClock> parseClock(const QByteArray &body)
{
    Result<QJsonObject> object = parseObject(body, "clock");
    if (!object)
        return object.error();
    Reader r(*object, "clock");
    AlpacaClock clock;
    clock.timestamp = r.timestamp("timestamp", true).value_or(engine::Timestamp());
    clock.isOpen = r.boolean("is_open");
    clock.nextOpen = r.timestamp("next_open", true).value_or(engine::Timestamp());
    clock.nextClose = r.timestamp("next_close", true).value_or(engine::Timestamp());
    if (!r.ok())
        return r.error();
    return clock;
}

Result<std::vector<AlpacaCalendarDay>> parseCalendar(const QByteArray &body)
{
    Result<QJsonArray> array = parseArray(body, "calendar");
    if (!array)
        return array.error();
    std::vector<AlpacaCalendarDay> days;
    int index = 0;
    for (const QJsonValue &item : *array) {
        const std::string context = "calendar[" + std::to_string(index++) + "]";
        Reader r(item.toObject(), context);
        const std::string dateText = r.text("date", true);
        if (!r.ok())
            return r.error();
        Result<engine::Date> date = engine::Date::parse(dateText);
        if (!date)
            return date.error().withContext(context + ".date");
        AlpacaCalendarDay day;
        day.date = *date;
        const std::pair<const char *, engine::Timestamp *> times[] = {
            {"open", &day.open},
            {"close", &day.close},
            {"session_open", &day.sessionOpen},
            {"session_close", &day.sessionClose},
        };
        for (const auto &[key, target] : times) {
            const std::string text = r.text(key, true);
            if (!r.ok())
                return r.error();
            Result<engine::Timestamp> time = newYorkClock(*date, text);
            if (!time)
                return time.error().withContext(r.path(key));
            *target = *time;
        }
        days.push_back(day);
    }
    return days;
}

Result<AlpacaAsset> parseAsset(const QByteArray &body)
{
    Result<QJsonObject> object = parseObject(body, "asset");
    if (!object)
        return object.error();
    Reader r(*object, "asset");
    AlpacaAsset asset;
    asset.id = r.text("id", true);
    asset.assetClass = r.text("class");
    asset.exchange = r.text("exchange");
    asset.symbol = r.text("symbol", true);
    asset.name = r.text("name");
    asset.status = r.text("status");
    asset.tradable = r.boolean("tradable");
    asset.marginable = r.boolean("marginable");
    asset.shortable = r.boolean("shortable");
    asset.easyToBorrow = r.boolean("easy_to_borrow");
    asset.fractionable = r.boolean("fractionable");
    if (!r.ok())
        return r.error();
    return asset;
}

Result<std::vector<AlpacaMultiStatusEntry>> parseMultiStatus(const QByteArray &body)
{
    Result<QJsonArray> array = parseArray(body, "multi-status");
    if (!array)
        return array.error();
    std::vector<AlpacaMultiStatusEntry> entries;
    int index = 0;
    for (const QJsonValue &item : *array) {
        const std::string context = "multi-status[" + std::to_string(index++) + "]";
        Reader r(item.toObject(), context);
        AlpacaMultiStatusEntry entry;
        entry.id = r.text("id");
        entry.symbol = r.text("symbol");
        entry.status = static_cast<int>(r.integer("status", true).value_or(0));
        if (!r.ok())
            return r.error();
        const QJsonValue entryBody = item.toObject().value(QLatin1String("body"));
        if (entryBody.isObject()) {
            const QJsonObject bodyObject = entryBody.toObject();
            if (entry.status >= 200 && entry.status < 300) {
                Result<AlpacaOrder> order = readOrder(bodyObject, context + ".body");
                if (!order)
                    return order.error();
                entry.order = std::move(*order);
            } else {
                entry.error = parseError(entry.status, compact(bodyObject));
            }
        } else if (entry.status >= 300) {
            entry.error = parseError(entry.status, QByteArray());
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

Result<AlpacaStreamMessage> parseStreamMessage(const QByteArray &frame)
{
    Result<QJsonObject> object = parseObject(frame, "trading stream");
    if (!object)
        return object.error();
    AlpacaStreamMessage message;
    message.stream = toStd(object->value(QLatin1String("stream")).toString());
    const QJsonObject data = object->value(QLatin1String("data")).toObject();
    Reader r(data, "trading stream." + message.stream);
    if (message.stream == "authorization") {
        message.kind = AlpacaStreamMessage::Kind::Authorization;
        message.authorized = r.text("status") == "authorized";
        message.action = r.text("action");
        message.message = r.text("message");
    } else if (message.stream == "listening") {
        message.kind = AlpacaStreamMessage::Kind::Listening;
        message.streams = r.strings("streams");
    } else if (message.stream == "trade_updates") {
        message.kind = AlpacaStreamMessage::Kind::TradeUpdate;
        Result<AlpacaTradeUpdate> update = readTradeUpdate(data);
        if (!update)
            return update.error();
        message.update = std::move(*update);
    }
    if (!r.ok())
        return r.error();
    return message;
}

Result<AlpacaBarsPage> parseBarsPage(const QByteArray &body)
{
    Result<QJsonObject> object = parseObject(body, "bars");
    if (!object)
        return object.error();
    AlpacaBarsPage page;
    const QJsonValue token = object->value(QLatin1String("next_page_token"));
    if (token.isString() && !token.toString().isEmpty())
        page.nextPageToken = toStd(token.toString());
    const QJsonValue bars = object->value(QLatin1String("bars"));
    const auto readList = [&page](const QJsonArray &list, const std::string &symbol,
                                  const std::string &context) -> std::optional<Error> {
        std::vector<AlpacaBar> &target = page.bars[symbol];
        int index = 0;
        for (const QJsonValue &item : list) {
            Result<AlpacaBar> bar = readBar(item.toObject(),
                                            context + "[" + std::to_string(index++) + "]", symbol);
            if (!bar)
                return bar.error();
            target.push_back(std::move(*bar));
        }
        return std::nullopt;
    };
    if (bars.isArray()) {
        const QJsonArray list = bars.toArray();
        if (!list.isEmpty()) {
            const std::string symbol = toStd(object->value(QLatin1String("symbol")).toString());
            if (symbol.empty())
                return Error("bars: a bar list without `symbol`");
            if (auto error = readList(list, symbol, "bars"))
                return *error;
        }
    } else if (bars.isObject()) {
        const QJsonObject bySymbol = bars.toObject();
        for (auto it = bySymbol.begin(); it != bySymbol.end(); ++it) {
            const std::string symbol = toStd(it.key());
            if (auto error = readList(it.value().toArray(), symbol, "bars." + symbol))
                return *error;
        }
    } else if (!bars.isNull() && !bars.isUndefined()) {
        return Error("bars.bars: expected an array, an object or null");
    }
    return page;
}

Result<std::vector<AlpacaDataMessage>> parseDataFrame(const QByteArray &frame)
{
    Result<QJsonArray> array = parseArray(frame, "data stream");
    if (!array)
        return array.error();
    std::vector<AlpacaDataMessage> messages;
    messages.reserve(static_cast<std::size_t>(array->size()));
    int index = 0;
    for (const QJsonValue &item : *array) {
        const std::string context = "data stream[" + std::to_string(index++) + "]";
        const QJsonObject object = item.toObject();
        Reader r(object, context);
        AlpacaDataMessage message;
        message.type = r.text("T", true);
        if (!r.ok())
            return r.error();
        const std::string &type = message.type;
        using Kind = AlpacaDataMessage::Kind;
        if (type == "success") {
            message.kind = Kind::Success;
            message.text = r.text("msg");
        } else if (type == "error") {
            message.kind = Kind::Error;
            message.code = r.integer("code").value_or(0);
            message.text = r.text("msg");
        } else if (type == "subscription") {
            message.kind = Kind::Subscription;
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (it.value().isArray())
                    message.subscription[toStd(it.key())] = r.strings(it.key().toUtf8().constData());
            }
        } else if (type == "b" || type == "u" || type == "d") {
            message.kind = type == "b" ? Kind::Bar : type == "u" ? Kind::UpdatedBar : Kind::DailyBar;
            Result<AlpacaBar> bar = readBar(object, context, std::string());
            if (!bar)
                return bar.error();
            message.bar = std::move(*bar);
            message.symbol = message.bar.symbol;
            message.timestamp = message.bar.start;
        } else if (type == "t") {
            message.kind = Kind::Trade;
            message.symbol = r.text("S", true);
            message.tradeId = r.integer("i").value_or(0);
            message.exchange = r.text("x");
            message.price = r.requiredDecimal<engine::Price>("p");
            message.size = r.requiredDecimal<engine::Quantity>("s");
            message.timestamp = r.timestamp("t", true).value_or(engine::Timestamp());
        } else if (type == "q") {
            message.kind = Kind::Quote;
            message.symbol = r.text("S", true);
            message.exchange = r.text("bx");
            message.bidPrice = r.requiredDecimal<engine::Price>("bp");
            message.bidSize = r.requiredDecimal<engine::Quantity>("bs");
            message.askExchange = r.text("ax");
            message.askPrice = r.requiredDecimal<engine::Price>("ap");
            message.askSize = r.requiredDecimal<engine::Quantity>("as");
            message.timestamp = r.timestamp("t", true).value_or(engine::Timestamp());
        } else if (type == "s") {
            message.kind = Kind::Status;
            message.symbol = r.text("S");
            message.statusCode = r.text("sc");
            message.text = r.text("sm");
            message.timestamp = r.timestamp("t").value_or(engine::Timestamp());
        } else {
            message.symbol = r.text("S");
        }
        if (!r.ok())
            return r.error();
        messages.push_back(std::move(message));
    }
    return messages;
}

QByteArray serializeOrderRequest(const AlpacaOrderRequest &request)
{
    QJsonObject object;
    object.insert(QLatin1String("symbol"), QString::fromStdString(request.symbol));
    insertOptional(object, "qty", request.qty);
    insertOptional(object, "notional", request.notional);
    object.insert(QLatin1String("side"), latin1(toString(request.side)));
    object.insert(QLatin1String("type"), latin1(toString(request.type)));
    object.insert(QLatin1String("time_in_force"),
                  latin1(toString(request.timeInForce)));
    insertOptional(object, "limit_price", request.limitPrice);
    insertOptional(object, "stop_price", request.stopPrice);
    insertOptional(object, "trail_price", request.trailPrice);
    insertOptional(object, "trail_percent", request.trailPercent);
    if (request.extendedHours)
        object.insert(QLatin1String("extended_hours"), true);
    if (!request.clientOrderId.empty())
        object.insert(QLatin1String("client_order_id"),
                      QString::fromStdString(request.clientOrderId));
    if (request.orderClass != engine::OrderClass::Simple) {
        object.insert(QLatin1String("order_class"),
                      latin1(toString(request.orderClass)));
        if (request.takeProfitLimit) {
            QJsonObject takeProfit;
            insertOptional(takeProfit, "limit_price", request.takeProfitLimit);
            object.insert(QLatin1String("take_profit"), takeProfit);
        }
        if (request.stopLossStop) {
            QJsonObject stopLoss;
            insertOptional(stopLoss, "stop_price", request.stopLossStop);
            insertOptional(stopLoss, "limit_price", request.stopLossLimit);
            object.insert(QLatin1String("stop_loss"), stopLoss);
        }
    }
    return compact(object);
}

QByteArray serializeReplaceRequest(const AlpacaReplaceRequest &request)
{
    QJsonObject object;
    insertOptional(object, "qty", request.qty);
    if (request.timeInForce)
        object.insert(QLatin1String("time_in_force"),
                      latin1(toString(*request.timeInForce)));
    insertOptional(object, "limit_price", request.limitPrice);
    insertOptional(object, "stop_price", request.stopPrice);
    insertOptional(object, "trail", request.trail);
    if (!request.clientOrderId.empty())
        object.insert(QLatin1String("client_order_id"),
                      QString::fromStdString(request.clientOrderId));
    return compact(object);
}

QByteArray serializeAuth(const std::string &keyId, const std::string &secret)
{
    QJsonObject object;
    object.insert(QLatin1String("action"), QLatin1String("auth"));
    object.insert(QLatin1String("key"), QString::fromStdString(keyId));
    object.insert(QLatin1String("secret"), QString::fromStdString(secret));
    return compact(object);
}

namespace {
QJsonArray stringArray(const std::vector<std::string> &items)
{
    QJsonArray array;
    for (const std::string &item : items)
        array.append(QString::fromStdString(item));
    return array;
}
} // namespace

QByteArray serializeListen(const std::vector<std::string> &streams)
{
    QJsonObject data;
    data.insert(QLatin1String("streams"), stringArray(streams));
    QJsonObject object;
    object.insert(QLatin1String("action"), QLatin1String("listen"));
    object.insert(QLatin1String("data"), data);
    return compact(object);
}

QByteArray serializeSubscription(const char *action,
                                 const std::map<std::string, std::vector<std::string>> &channels)
{
    QJsonObject object;
    object.insert(QLatin1String("action"), QLatin1String(action));
    for (const auto &[channel, symbols] : channels) {
        if (!symbols.empty())
            object.insert(QString::fromStdString(channel), stringArray(symbols));
    }
    return compact(object);
}

} // namespace meridian::live
