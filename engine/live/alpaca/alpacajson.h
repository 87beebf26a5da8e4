#pragma once

// The Alpaca wire format (shared/alpaca/PROTOCOL.md) as plain structs, and the parsers and
// serialisers between them and JSON bytes. Lenient where the broker varies (PROTOCOL.md §2):
// decimals may be strings or numbers and land in fixed point without passing through double,
// unknown fields are ignored, missing or null optional fields are tolerated, timestamps are
// RFC 3339 with 0-9 fraction digits and any offset. A required field that is missing or
// malformed is an Error naming the field: "order.qty: 'ten' is not a number".
//
//     Result<AlpacaOrder> order = parseOrder(reply->readAll());
//     if (order && order->status == engine::OrderStatus::Filled) ...

#include "engine/core/civiltime.h"
#include "engine/core/event.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/result.h"
#include "engine/core/timestamp.h"
#include "engine/execution/order.h"

#include <QByteArray>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace meridian::live {

// The broker's names for the engine's enums, read by matching the engine's own toString.
std::optional<engine::Side> parseSide(std::string_view text);
std::optional<engine::OrderType> parseOrderType(std::string_view text);
std::optional<engine::TimeInForce> parseTimeInForce(std::string_view text);
// "" and "simple" both mean a plain order (both occur, PROTOCOL.md §5.2.1).
std::optional<engine::OrderClass> parseOrderClass(std::string_view text);
// The engine has no separate state for the broker's `accepted` (received, not yet routed) and
// `held` (a bracket leg waiting for its entry): both are the engine's pending_new. The rare
// statuses (stopped, suspended, calculated, ...) have no engine counterpart: nothing.
std::optional<engine::OrderStatus> parseOrderStatus(std::string_view text);
// trade_updates event name -> engine order event ("new" -> OrderAccepted, "fill" -> OrderFilled,
// ...; the inverse of engine::brokerEventName). Events without an engine counterpart
// (accepted, held, stopped, calculated, suspended, restated) give nothing.
std::optional<engine::EventType> parseOrderEvent(std::string_view text);

// The system clock as an engine Timestamp (the adapters' default time source).
engine::Timestamp wallClockNow();

// An RFC 3339 timestamp ("2022-05-16T16:32:24.14373588-04:00") to UTC nanoseconds.
engine::Result<engine::Timestamp> parseRfc3339(std::string_view text);

struct AlpacaAccount
{
    std::string id;
    std::string accountNumber;
    std::string status; // ACTIVE, ...: only ACTIVE trades
    std::string currency;
    engine::Money cash;
    engine::Money equity;
    engine::Money lastEquity;
    engine::Money buyingPower;
    engine::Money longMarketValue;
    engine::Money shortMarketValue;
    engine::Money initialMargin;
    engine::Money maintenanceMargin;
    std::int64_t multiplier = 1;
    std::int64_t daytradeCount = 0;
    bool patternDayTrader = false;
    bool tradingBlocked = false;
    bool accountBlocked = false;
    bool shortingEnabled = false;
    std::optional<engine::Timestamp> createdAt;
};

struct AlpacaOrder
{
    std::string id;
    std::string clientOrderId;
    std::string symbol;
    std::string assetClass;
    engine::Side side = engine::Side::Buy;
    engine::OrderType type = engine::OrderType::Market;
    engine::TimeInForce timeInForce = engine::TimeInForce::Day;
    engine::OrderClass orderClass = engine::OrderClass::Simple;
    std::optional<engine::Quantity> qty;    // exactly one of qty and notional is set
    std::optional<engine::Money> notional;
    engine::Quantity filledQty;             // cumulative
    std::optional<engine::Price> filledAvgPrice;
    std::optional<engine::Price> limitPrice;
    std::optional<engine::Price> stopPrice;
    std::optional<engine::Price> trailPrice;
    std::optional<engine::Price> trailPercent; // a percentage, "1.5" = 1.5 %
    std::optional<engine::Price> highWaterMark;
    std::string statusText;                     // as sent
    std::optional<engine::OrderStatus> status;  // see parseOrderStatus
    bool extendedHours = false;
    std::optional<engine::Timestamp> createdAt;
    std::optional<engine::Timestamp> updatedAt;
    std::optional<engine::Timestamp> submittedAt;
    std::optional<engine::Timestamp> filledAt;
    std::optional<engine::Timestamp> canceledAt;
    std::optional<engine::Timestamp> expiredAt;
    std::optional<engine::Timestamp> replacedAt;
    std::optional<engine::Timestamp> failedAt;
    std::string replacedBy; // empty when null
    std::string replaces;
    std::vector<AlpacaOrder> legs;
};

struct AlpacaPosition
{
    std::string assetId;
    std::string symbol;
    std::string exchange;
    std::string assetClass;
    engine::Quantity qty; // negative for shorts
    std::optional<engine::Quantity> qtyAvailable;
    std::string side; // long | short
    engine::Price avgEntryPrice;
    engine::Money costBasis;
    std::optional<engine::Money> marketValue;
    std::optional<engine::Price> currentPrice;
    std::optional<engine::Price> lastdayPrice;
    std::optional<engine::Money> unrealizedPl;
    // Fractions (0.2 = 20 %) for display; they carry more than 8 decimals, so not fixed point.
    double unrealizedPlpc = 0.0;
    double changeToday = 0.0;
};

struct AlpacaClock
{
    engine::Timestamp timestamp;
    bool isOpen = false;
    engine::Timestamp nextOpen;
    engine::Timestamp nextClose;
};

// One trading day; times converted from New York wall clock to UTC.
struct AlpacaCalendarDay
{
    engine::Date date;
    engine::Timestamp open;
    engine::Timestamp close;
    engine::Timestamp sessionOpen;
    engine::Timestamp sessionClose;
};

struct AlpacaAsset
{
    std::string id;
    std::string assetClass;
    std::string exchange;
    std::string symbol;
    std::string name;
    std::string status;
    bool tradable = false;
    bool marginable = false;
    bool shortable = false;
    bool easyToBorrow = false;
    bool fractionable = false;
};

// An HTTP error as the broker answers it. The body may be JSON with `code`/`message` (and extra
// keys that explain the refusal), JSON with only `message`, or plain text / HTML.
struct AlpacaError
{
    int httpStatus = 0;
    std::optional<std::int64_t> code;
    std::string message; // verbatim; the raw body when it is not JSON
    std::string body;    // the raw body, for the journal
    // 401, or 403 without a code: the key pair was refused (PROTOCOL.md §1).
    bool credentialsRejected() const;
    // What the message means for a retry (PROTOCOL.md §3): 429 and 5xx only.
    bool retryable() const { return httpStatus == 429 || httpStatus >= 500; }
    std::string describe() const; // "HTTP 403 (40310000): insufficient buying power"
};
AlpacaError parseError(int httpStatus, const QByteArray &body);

// One entry of a 207 Multi-Status answer (DELETE /v2/orders, DELETE /v2/positions).
struct AlpacaMultiStatusEntry
{
    std::string id;     // cancel-all: the order id
    std::string symbol; // close-all: the symbol
    int status = 0;
    std::optional<AlpacaOrder> order; // close-all success: the closing order
    std::optional<AlpacaError> error; // failures
};

// One trade_updates event (PROTOCOL.md §7.3).
struct AlpacaTradeUpdate
{
    std::string event;
    std::optional<engine::EventType> eventType; // see parseOrderEvent
    AlpacaOrder order;                          // the order after the event
    std::optional<engine::Timestamp> timestamp;
    std::string executionId;
    std::string eventId;
    std::optional<engine::Price> price;       // this execution (fills)
    std::optional<engine::Quantity> qty;      // this execution (fills)
    std::optional<engine::Quantity> positionQty;
};

// One trading-stream frame: an authorization answer, a listening confirmation or a trade update.
struct AlpacaStreamMessage
{
    enum class Kind { Authorization, Listening, TradeUpdate, Other };
    Kind kind = Kind::Other;
    std::string stream;
    bool authorized = false; // Authorization
    std::string action;      // Authorization: which request it answers
    std::string message;     // Authorization: e.g. the deprecation notice
    std::vector<std::string> streams; // Listening
    std::optional<AlpacaTradeUpdate> update;
};
engine::Result<AlpacaStreamMessage> parseStreamMessage(const QByteArray &frame);

struct AlpacaBar
{
    std::string symbol;
    engine::Timestamp start; // bars are left-labelled: [start, start + interval)
    engine::Price open;
    engine::Price high;
    engine::Price low;
    engine::Price close;
    engine::Quantity volume;
    std::optional<std::int64_t> tradeCount;
    std::optional<engine::Price> vwap;
};

// One bars page. The single-symbol shape ({"bars": [...], "symbol": ...}) and the multi-symbol
// one ({"bars": {"AAPL": [...]}}) both land here; `bars` may be [], {} or null when empty.
struct AlpacaBarsPage
{
    std::map<std::string, std::vector<AlpacaBar>> bars;
    std::optional<std::string> nextPageToken;
};
engine::Result<AlpacaBarsPage> parseBarsPage(const QByteArray &body);

// One market-data stream message (PROTOCOL.md §9).
struct AlpacaDataMessage
{
    enum class Kind { Success, Error, Subscription, Bar, UpdatedBar, DailyBar, Trade, Quote,
                      Status, Other };
    Kind kind = Kind::Other;
    std::string type; // the `T` field as sent
    std::string symbol;
    std::string text; // success/error: msg; status: sm
    std::int64_t code = 0; // error
    std::map<std::string, std::vector<std::string>> subscription; // channel -> symbols
    AlpacaBar bar; // b, u, d
    engine::Timestamp timestamp; // t, q, s
    // trade
    std::int64_t tradeId = 0;
    engine::Price price;
    engine::Quantity size;
    // quote
    engine::Price bidPrice;
    engine::Quantity bidSize;
    engine::Price askPrice;
    engine::Quantity askSize;
    // trade/quote exchange codes, status code
    std::string exchange;
    std::string askExchange;
    std::string statusCode;
};
// Every data-stream frame is an array of messages.
engine::Result<std::vector<AlpacaDataMessage>> parseDataFrame(const QByteArray &frame);

engine::Result<AlpacaAccount> parseAccount(const QByteArray &body);
engine::Result<AlpacaOrder> parseOrder(const QByteArray &body);
engine::Result<std::vector<AlpacaOrder>> parseOrders(const QByteArray &body);
engine::Result<AlpacaPosition> parsePosition(const QByteArray &body);
engine::Result<std::vector<AlpacaPosition>> parsePositions(const QByteArray &body);
engine::Result<AlpacaClock> parseClock(const QByteArray &body);
engine::Result<std::vector<AlpacaCalendarDay>> parseCalendar(const QByteArray &body);
engine::Result<AlpacaAsset> parseAsset(const QByteArray &body);
engine::Result<std::vector<AlpacaMultiStatusEntry>> parseMultiStatus(const QByteArray &body);

// POST /v2/orders body. Decimals are sent as strings; absent optionals are left out.
struct AlpacaOrderRequest
{
    std::string symbol;
    std::optional<engine::Quantity> qty;
    std::optional<engine::Money> notional;
    engine::Side side = engine::Side::Buy;
    engine::OrderType type = engine::OrderType::Market;
    engine::TimeInForce timeInForce = engine::TimeInForce::Day;
    std::optional<engine::Price> limitPrice;
    std::optional<engine::Price> stopPrice;
    std::optional<engine::Price> trailPrice;
    std::optional<engine::Price> trailPercent;
    bool extendedHours = false;
    std::string clientOrderId;
    engine::OrderClass orderClass = engine::OrderClass::Simple;
    std::optional<engine::Price> takeProfitLimit;
    std::optional<engine::Price> stopLossStop;
    std::optional<engine::Price> stopLossLimit;
};
QByteArray serializeOrderRequest(const AlpacaOrderRequest &request);

// PATCH /v2/orders/{id} body: only what changes.
struct AlpacaReplaceRequest
{
    std::optional<engine::Quantity> qty;
    std::optional<engine::TimeInForce> timeInForce;
    std::optional<engine::Price> limitPrice;
    std::optional<engine::Price> stopPrice;
    std::optional<engine::Price> trail;
    std::string clientOrderId; // for the new order; empty = let the broker pick
};
QByteArray serializeReplaceRequest(const AlpacaReplaceRequest &request);

// Stream requests. Both streams take {"action":"auth","key":...,"secret":...} (PROTOCOL.md §7.1,
// §9.1); the trading stream then listens to trade_updates, the data stream subscribes channels
// ("bars", "updatedBars", "dailyBars", "trades", "quotes") to symbols.
QByteArray serializeAuth(const std::string &keyId, const std::string &secret);
QByteArray serializeListen(const std::vector<std::string> &streams);
QByteArray serializeSubscription(const char *action,
                                 const std::map<std::string, std::vector<std::string>> &channels);

} // namespace meridian::live
