// The Alpaca wire parsers against every real payload in tests/fixtures/alpaca/payloads (copied
// verbatim from shared/alpaca/payloads). Every expected value below was read off the file by
// hand; timestamps are rebuilt from their calendar fields (date, UTC hour, nanoseconds), a path
// independent of the RFC 3339 parser.

#include "engine/live/alpaca/alpacajson.h"

#include "alpacapayloads.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <set>

using namespace meridian;
using namespace meridian::live;
using engine::Money;
using engine::Price;
using engine::Quantity;
using engine::Timestamp;

namespace {

// UTC wall-clock fields -> Timestamp.
Timestamp utc(int y, int mo, int d, int h, int mi, int s, std::int64_t nanos = 0)
{
    const std::int64_t days = engine::Date{y, mo, d}.daysSinceEpoch();
    return Timestamp::fromUnixNanos(((days * 24 + h) * 3600 + mi * 60 + s) * 1'000'000'000LL
                                    + nanos);
}

Price px(const char *text)
{
    return *Price::parse(text);
}
Quantity qty(const char *text)
{
    return *Quantity::parse(text);
}
Money money(const char *text)
{
    return *Money::parse(text);
}

QJsonObject asObject(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

class TestAlpacaJson : public QObject
{
    Q_OBJECT

    std::set<QString> m_read;

    QByteArray load(const QString &name)
    {
        m_read.insert(name);
        return alpacaPayload(name);
    }

private slots:
    void enumsFollowTheBrokerNames()
    {
        QVERIFY(parseSide("sell") == engine::Side::Sell);
        QVERIFY(parseOrderType("stop_limit") == engine::OrderType::StopLimit);
        QVERIFY(parseOrderType("trailing_stop") == engine::OrderType::TrailingStop);
        QVERIFY(parseTimeInForce("fok") == engine::TimeInForce::Fok);
        QVERIFY(parseOrderClass("") == engine::OrderClass::Simple);
        QVERIFY(parseOrderClass("simple") == engine::OrderClass::Simple);
        QVERIFY(parseOrderClass("bracket") == engine::OrderClass::Bracket);
        QVERIFY(parseOrderStatus("accepted") == engine::OrderStatus::PendingNew);
        QVERIFY(parseOrderStatus("held") == engine::OrderStatus::PendingNew);
        QVERIFY(parseOrderStatus("partially_filled") == engine::OrderStatus::PartiallyFilled);
        QVERIFY(parseOrderStatus("done_for_day") == engine::OrderStatus::DoneForDay);
        QVERIFY(!parseOrderStatus("calculated"));
        QVERIFY(parseOrderEvent("new") == engine::EventType::OrderAccepted);
        QVERIFY(parseOrderEvent("partial_fill") == engine::EventType::OrderPartiallyFilled);
        QVERIFY(parseOrderEvent("fill") == engine::EventType::OrderFilled);
        QVERIFY(parseOrderEvent("canceled") == engine::EventType::OrderCancelled);
        QVERIFY(parseOrderEvent("order_replace_rejected") == engine::EventType::OrderReplaceRejected);
        QVERIFY(!parseOrderEvent("restated"));
        QVERIFY(!parseSide("BUY"));
    }

    void rfc3339()
    {
        QVERIFY(*parseRfc3339("2019-08-24T14:15:22Z") == utc(2019, 8, 24, 14, 15, 22));
        QVERIFY(*parseRfc3339("2021-03-16T18:38:01.942282Z")
                == utc(2021, 3, 16, 18, 38, 1, 942'282'000));
        QVERIFY(*parseRfc3339("2022-05-16T16:32:24.14373588-04:00")
                == utc(2022, 5, 16, 20, 32, 24, 143'735'880));
        QVERIFY(*parseRfc3339("2022-04-19T13:45:04.980944666-04:00")
                == utc(2022, 4, 19, 17, 45, 4, 980'944'666));
        QVERIFY(*parseRfc3339("2021-01-04T01:00:00.5+05:30") == utc(2021, 1, 3, 19, 30, 0, 500'000'000));
        QVERIFY(*parseRfc3339("2021-02-22T15:51:44.2Z") == utc(2021, 2, 22, 15, 51, 44, 200'000'000));
        QVERIFY(!parseRfc3339("2021-02-22T15:51:44"));    // no offset
        QVERIFY(!parseRfc3339("2021-02-22"));             // no time
        QVERIFY(!parseRfc3339("2021-02-22T15:51:44.1234567891Z")); // 10 digits
        QVERIFY(!parseRfc3339(""));
    }

    void accounts()
    {
        const auto a = parseAccount(load("account.json"));
        QVERIFY2(a, a ? "" : a.error().message().c_str());
        QCOMPARE(a->id, std::string("e6fe16f3-64a4-4921-8928-cadf02f92f98"));
        QCOMPARE(a->accountNumber, std::string("010203ABCD"));
        QCOMPARE(a->status, std::string("ACTIVE"));
        QCOMPARE(a->currency, std::string("USD"));
        QVERIFY(a->cash == money("-23140.2"));
        QVERIFY(a->equity == money("103820.56"));
        QVERIFY(a->lastEquity == money("103529.24"));
        QVERIFY(a->buyingPower == money("262113.632"));
        QVERIFY(a->longMarketValue == money("126960.76"));
        QVERIFY(a->shortMarketValue.isZero());
        QVERIFY(a->initialMargin == money("63480.38"));
        QVERIFY(a->maintenanceMargin == money("38088.228"));
        QCOMPARE(a->multiplier, std::int64_t(4));
        QCOMPARE(a->daytradeCount, std::int64_t(0));
        QVERIFY(!a->patternDayTrader && !a->tradingBlocked && !a->accountBlocked);
        QVERIFY(a->shortingEnabled);
        QVERIFY(*a->createdAt == utc(2019, 6, 12, 22, 47, 7, 996'580'000));

        // daytrade_count as a string, unknown nested objects.
        const auto b = parseAccount(load("account_ccxt_2024.json"));
        QVERIFY2(b, b ? "" : b.error().message().c_str());
        QCOMPARE(b->accountNumber, std::string("744863727"));
        QVERIFY(b->cash == money("5.92"));
        QVERIFY(b->equity == money("48.61"));
        QVERIFY(b->lastEquity == money("48.8014266"));
        QVERIFY(b->buyingPower == money("5.92"));
        QVERIFY(b->longMarketValue == money("42.69"));
        QCOMPARE(b->multiplier, std::int64_t(1));
        QCOMPARE(b->daytradeCount, std::int64_t(0));
        QVERIFY(!b->shortingEnabled);
        QVERIFY(*b->createdAt == utc(2022, 6, 13, 14, 59, 18, 318'096'000));
    }

    void accountErrorsNameTheField()
    {
        const auto bad = parseAccount(R"({"id":"x","status":"ACTIVE","cash":"12,5","equity":"1",
                                          "buying_power":"1"})");
        QVERIFY(!bad);
        QVERIFY2(bad.error().message().find("account.cash") != std::string::npos,
                 bad.error().message().c_str());
        const auto missing = parseAccount(R"({"id":"x","status":"ACTIVE","cash":"1"})");
        QVERIFY(!missing);
        QVERIFY(missing.error().message().find("account.equity: missing") != std::string::npos);
        QVERIFY(!parseAccount("not json"));
        QVERIFY(!parseAccount("[1]"));
    }

    void orders()
    {
        const auto accepted = parseOrder(load("order_accepted.json"));
        QVERIFY2(accepted, accepted ? "" : accepted.error().message().c_str());
        QCOMPARE(accepted->id, std::string("fb61d316-2179-4df2-8b28-eb026c0dd78e"));
        QCOMPARE(accepted->clientOrderId, std::string("6de7d1b2-f772-4a0d-8c15-bacea15eb29e"));
        QCOMPARE(accepted->symbol, std::string("SPY"));
        QCOMPARE(accepted->assetClass, std::string("us_equity"));
        QVERIFY(accepted->qty == qty("1"));
        QVERIFY(!accepted->notional);
        QVERIFY(accepted->filledQty.isZero());
        QVERIFY(!accepted->filledAvgPrice);
        QVERIFY(accepted->orderClass == engine::OrderClass::Simple);
        QVERIFY(accepted->type == engine::OrderType::Limit);
        QVERIFY(accepted->side == engine::Side::Buy);
        QVERIFY(accepted->timeInForce == engine::TimeInForce::Day);
        QVERIFY(accepted->limitPrice == px("400"));
        QVERIFY(!accepted->stopPrice);
        QCOMPARE(accepted->statusText, std::string("accepted"));
        QVERIFY(accepted->status == engine::OrderStatus::PendingNew);
        QVERIFY(*accepted->createdAt == utc(2021, 4, 7, 18, 25, 30, 812'371'000));
        QVERIFY(*accepted->submittedAt == utc(2021, 4, 7, 18, 25, 30, 803'178'000));
        QVERIFY(!accepted->filledAt && !accepted->canceledAt);
        QVERIFY(accepted->replaces.empty() && accepted->replacedBy.empty());
        QVERIFY(accepted->legs.empty());

        const auto notional = parseOrder(load("order_accepted_notional.json"));
        QVERIFY(notional);
        QVERIFY(!notional->qty);
        QVERIFY(notional->notional == money("500"));
        QVERIFY(notional->type == engine::OrderType::Market);
        QCOMPARE(notional->symbol, std::string("AAPL"));
        QVERIFY(*notional->createdAt == utc(2021, 3, 16, 18, 38, 1, 942'282'000));

        const auto filled = parseOrder(load("order_filled.json"));
        QVERIFY2(filled, filled ? "" : filled.error().message().c_str());
        QCOMPARE(filled->symbol, std::string("SOLUSD"));
        QVERIFY(filled->status == engine::OrderStatus::Filled);
        QVERIFY(filled->side == engine::Side::Sell);
        QVERIFY(filled->timeInForce == engine::TimeInForce::Gtc);
        QVERIFY(filled->qty == qty("1790.86"));
        QVERIFY(filled->filledQty == qty("1790.86"));
        QVERIFY(filled->filledAvgPrice == px("105.8988475"));
        // -04:00 offsets and Z in the same order.
        QVERIFY(*filled->createdAt == utc(2022, 4, 19, 17, 45, 4, 981'350'886));
        QVERIFY(*filled->filledAt == utc(2022, 4, 19, 17, 45, 5, 24'916'716));
        QVERIFY(*filled->updatedAt == utc(2022, 4, 19, 17, 45, 5, 27'690'731));

        const auto fresh = parseOrder(load("order_new.json"));
        QVERIFY(fresh);
        QVERIFY(fresh->status == engine::OrderStatus::New);
        QVERIFY(fresh->orderClass == engine::OrderClass::Simple); // "simple"
        QVERIFY(fresh->limitPrice == px("1"));

        const auto list = parseOrders(load("orders_list.json"));
        QVERIFY2(list, list ? "" : list.error().message().c_str());
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE((*list)[0].id, std::string("11111111-2222-3333-4444-555555555555"));
        QCOMPARE((*list)[1].id, std::string("fb61d316-2179-4df2-8b28-eb026c0dd78e"));
    }

    void orderToleranceAndLegs()
    {
        // Numbers instead of strings, order_type only, an unknown field, missing optionals, and
        // nested legs that link the replace chain.
        const auto order = parseOrder(R"({"id":"p","symbol":"SPY","side":"buy",
            "order_type":"limit","time_in_force":"gtc","qty":100,"limit_price":300.1,
            "status":"new","order_class":"bracket","brand_new_field":{"x":1},
            "replaces":"o","legs":[{"id":"tp","symbol":"SPY","side":"sell","type":"limit",
            "time_in_force":"gtc","qty":"100","limit_price":"301","status":"new"},
            {"id":"sl","symbol":"SPY","side":"sell","type":"stop","time_in_force":"gtc",
            "qty":"100","stop_price":"299","status":"held"}]})");
        QVERIFY2(order, order ? "" : order.error().message().c_str());
        QVERIFY(order->qty == qty("100"));
        QVERIFY(order->limitPrice == px("300.1"));
        QVERIFY(order->type == engine::OrderType::Limit);
        QVERIFY(order->orderClass == engine::OrderClass::Bracket);
        QCOMPARE(order->replaces, std::string("o"));
        QCOMPARE(order->legs.size(), std::size_t(2));
        QVERIFY(order->legs[0].limitPrice == px("301"));
        QVERIFY(order->legs[1].stopPrice == px("299"));
        QVERIFY(order->legs[1].status == engine::OrderStatus::PendingNew);
        QVERIFY(order->filledQty.isZero());

        const auto badLeg = parseOrder(R"({"id":"p","symbol":"SPY","side":"buy","type":"market",
            "time_in_force":"day","status":"new","legs":[{"id":"x","symbol":"SPY",
            "side":"sideways","type":"limit","time_in_force":"gtc","status":"new"}]})");
        QVERIFY(!badLeg);
        QVERIFY2(badLeg.error().message().find("order.legs[0].side") != std::string::npos,
                 badLeg.error().message().c_str());
    }

    void positions()
    {
        const auto p = parsePosition(load("position.json"));
        QVERIFY2(p, p ? "" : p.error().message().c_str());
        QCOMPARE(p->symbol, std::string("AAPL"));
        QCOMPARE(p->exchange, std::string("NASDAQ"));
        QVERIFY(p->qty == qty("2"));
        QVERIFY(p->qtyAvailable == qty("2"));
        QCOMPARE(p->side, std::string("long"));
        QVERIFY(p->avgEntryPrice == px("174.78"));
        QVERIFY(p->costBasis == money("349.56"));
        QVERIFY(p->marketValue == money("348.58"));
        QVERIFY(p->currentPrice == px("174.29"));
        QVERIFY(p->lastdayPrice == px("174.61"));
        QVERIFY(p->unrealizedPl == money("-0.98"));
        QCOMPARE(p->unrealizedPlpc, -0.0028035244307129);
        QCOMPARE(p->changeToday, -0.0018326556325525);

        const auto list = parsePositions(load("positions_list.json"));
        QVERIFY2(list, list ? "" : list.error().message().c_str());
        QCOMPARE(list->size(), std::size_t(1));
        QVERIFY((*list)[0].qty == qty("5"));
        QVERIFY((*list)[0].avgEntryPrice == px("100"));
        QVERIFY((*list)[0].marketValue == money("600"));
        QVERIFY(!(*list)[0].qtyAvailable);
        QCOMPARE((*list)[0].unrealizedPlpc, 0.20);
    }

    void clockCalendarAsset()
    {
        const auto open = parseClock(load("clock.json"));
        QVERIFY(open);
        QVERIFY(open->isOpen);
        QVERIFY(open->timestamp == utc(2022, 4, 28, 18, 7, 4, 451'420'928));
        QVERIFY(open->nextOpen == utc(2022, 4, 29, 13, 30, 0));
        QVERIFY(open->nextClose == utc(2022, 4, 28, 20, 0, 0));

        const auto closed = parseClock(load("clock_closed.json"));
        QVERIFY(closed);
        QVERIFY(!closed->isOpen);
        QVERIFY(closed->timestamp == utc(2022, 5, 16, 20, 32, 24, 143'735'880));
        QVERIFY(closed->nextOpen == utc(2022, 5, 17, 13, 30, 0));

        const auto days = parseCalendar(load("calendar.json"));
        QVERIFY2(days, days ? "" : days.error().message().c_str());
        QCOMPARE(days->size(), std::size_t(2));
        // May is EDT (UTC-4): 09:30 -> 13:30Z, 16:00 -> 20:00Z, 04:00 -> 08:00Z, 20:00 -> 00:00Z+1.
        QVERIFY((*days)[0].date == (engine::Date{2022, 5, 16}));
        QVERIFY((*days)[0].open == utc(2022, 5, 16, 13, 30, 0));
        QVERIFY((*days)[0].close == utc(2022, 5, 16, 20, 0, 0));
        QVERIFY((*days)[0].sessionOpen == utc(2022, 5, 16, 8, 0, 0));
        QVERIFY((*days)[0].sessionClose == utc(2022, 5, 17, 0, 0, 0));
        QVERIFY((*days)[1].date == (engine::Date{2022, 5, 17}));
        // January is EST (UTC-5); an early close.
        const auto winter = parseCalendar(
            R"([{"date":"2021-11-26","open":"09:30","close":"13:00","session_open":"0400",
                 "session_close":"1700","settlement_date":"2021-11-30"}])");
        QVERIFY(winter);
        QVERIFY((*winter)[0].open == utc(2021, 11, 26, 14, 30, 0));
        QVERIFY((*winter)[0].close == utc(2021, 11, 26, 18, 0, 0));
        const auto bad = parseCalendar(R"([{"date":"2021-11-26","open":"9h30","close":"13:00",
                                            "session_open":"0400","session_close":"1700"}])");
        QVERIFY(!bad);
        QVERIFY2(bad.error().message().find("calendar[0].open") != std::string::npos,
                 bad.error().message().c_str());

        const auto asset = parseAsset(load("asset.json"));
        QVERIFY(asset);
        QCOMPARE(asset->id, std::string("b0b6dd9d-8b9b-48a9-ba46-b9d54906e415"));
        QCOMPARE(asset->assetClass, std::string("us_equity"));
        QCOMPARE(asset->exchange, std::string("NASDAQ"));
        QCOMPARE(asset->name, std::string("Apple Inc. Common Stock"));
        QCOMPARE(asset->status, std::string("active"));
        QVERIFY(asset->tradable && asset->marginable && asset->shortable
                && asset->easyToBorrow && asset->fractionable);
    }

    void errorBodies()
    {
        struct Case
        {
            const char *file;
            int status;
            std::optional<std::int64_t> code;
            const char *message;
        };
        const Case cases[] = {
            {"error_403_buying_power.json", 403, 40310000, "insufficient buying power"},
            {"error_403_forbidden_bad_keys.json", 403, std::nullopt, "forbidden."},
            {"error_403_insufficient_qty.json", 403, 40310000,
             "insufficient qty available for order (requested: 1000, available: 0)"},
            {"error_403_no_shorting.json", 403, 40310000, "account is not allowed to short"},
            {"error_403_order_params_unchanged.json", 403, 40310000,
             "order parameters are not changed"},
            {"error_404_order_not_found.json", 404, 40410000, "order not found"},
            {"error_422.json", 422, 40010001, "qty or notional is required"},
            {"error_422_duplicate_client_order_id.json", 422, 40010001,
             "client_order_id must be unique"},
            {"error_422_invalid_order_id.json", 422, 40010001, "order_id is missing"},
            {"error_422_not_cancelable.json", 422, 42210000, "order is already in \"filled\" state"},
            {"error_422_qty_and_notional.json", 422, 40010001,
             "only one of qty or notional is accepted"},
            {"error_422_replace_qty_not_integer.json", 422, 40010001, "qty must be integer"},
            {"error_422_subpenny.json", 422, 42210000,
             "invalid limit_price 290.123. sub-penny increment does not fulfill minimum pricing "
             "criteria"},
            {"error_data_422_recent_data.json", 422, 42210000,
             "your subscription does not permit querying data from the past 15 minutes"},
        };
        for (const Case &c : cases) {
            const QByteArray body = load(QLatin1String(c.file));
            const AlpacaError error = parseError(c.status, body);
            QCOMPARE(error.httpStatus, c.status);
            QVERIFY2(error.code == c.code, c.file);
            QCOMPARE(error.message, std::string(c.message));
            QCOMPARE(error.body, body.toStdString()); // extra keys kept for the journal
            QCOMPARE(error.credentialsRejected(), !c.code.has_value());
            QVERIFY(!error.retryable());
        }
        const AlpacaError plain = parseError(429, "Too Many Requests\n");
        QVERIFY(!plain.code);
        QCOMPARE(plain.message, std::string("Too Many Requests"));
        QVERIFY(plain.retryable());
        QVERIFY(parseError(503, "<html>bad gateway</html>").retryable());
        QCOMPARE(parseError(403, R"({"code":40310000,"message":"insufficient buying power"})")
                     .describe(),
                 std::string("HTTP 403 (40310000): insufficient buying power"));
        QVERIFY(parseError(401, R"({"message":"unauthorized"})").credentialsRejected());
    }

    void multiStatus()
    {
        const auto cancels = parseMultiStatus(load("cancel_all_orders_207.json"));
        QVERIFY(cancels);
        QCOMPARE(cancels->size(), std::size_t(2));
        QCOMPARE((*cancels)[0].id, std::string("497f6eca-6276-4993-bfeb-53cbbbba6f08"));
        QCOMPARE((*cancels)[0].status, 200);
        QVERIFY(!(*cancels)[0].error);
        QCOMPARE((*cancels)[1].status, 404);
        QVERIFY((*cancels)[1].error->code == 40410000);
        QCOMPARE((*cancels)[1].error->message, std::string("order not found"));

        const auto closes = parseMultiStatus(load("close_all_positions_207.json"));
        QVERIFY2(closes, closes ? "" : closes.error().message().c_str());
        QCOMPARE(closes->size(), std::size_t(3));
        QCOMPARE((*closes)[0].symbol, std::string("BTCUSD"));
        QVERIFY((*closes)[0].order);
        QCOMPARE((*closes)[0].order->symbol, std::string("BTC/USD"));
        QVERIFY((*closes)[0].order->qty == qty("0.0283"));
        QVERIFY((*closes)[0].order->status == engine::OrderStatus::PendingNew);
        QVERIFY(*(*closes)[0].order->createdAt == utc(2022, 7, 27, 8, 12, 33, 668'977'670));
        QCOMPARE((*closes)[1].symbol, std::string("SQQQ"));
        QCOMPARE((*closes)[1].error->httpStatus, 403);
        QCOMPARE((*closes)[1].error->message,
                 std::string("insufficient qty available for order (requested: 1000, available: 0)"));
        QVERIFY((*closes)[1].error->body.find("\"held_for_orders\":\"1000\"") != std::string::npos);
        QCOMPARE((*closes)[2].error->message, std::string("account is not allowed to short"));
    }

    void tradingStreamControl()
    {
        const auto ok = parseStreamMessage(load("stream_auth_success.json"));
        QVERIFY(ok && ok->kind == AlpacaStreamMessage::Kind::Authorization && ok->authorized);
        QCOMPARE(ok->action, std::string("authenticate"));
        const auto legacy = parseStreamMessage(load("stream_auth_success_deprecation_notice.json"));
        QVERIFY(legacy && legacy->authorized);
        QVERIFY(legacy->message.find("being deprecated") != std::string::npos);
        const auto failed = parseStreamMessage(load("stream_auth_failed.json"));
        QVERIFY(failed && failed->kind == AlpacaStreamMessage::Kind::Authorization);
        QVERIFY(!failed->authorized);
        const auto listenRefused = parseStreamMessage(load("stream_listen_unauthorized.json"));
        QVERIFY(listenRefused && !listenRefused->authorized);
        QCOMPARE(listenRefused->action, std::string("listen"));
        const auto listening = parseStreamMessage(load("stream_listening.json"));
        QVERIFY(listening && listening->kind == AlpacaStreamMessage::Kind::Listening);
        QCOMPARE(listening->streams, std::vector<std::string>{"trade_updates"});
    }

    void tradingStreamRequests()
    {
        // The current auth format, key and secret from the file.
        QCOMPARE(asObject(serializeAuth("USER12345678", "justletmein")),
                 asObject(load("stream_auth_request_new_format.json")));
        QCOMPARE(asObject(serializeListen({"trade_updates"})),
                 asObject(load("stream_listen_request.json")));
        // The legacy format is documented but not sent: read it for its placeholders only.
        const QJsonObject legacy = asObject(load("stream_auth_request.json"));
        QCOMPARE(legacy.value("action").toString(), QStringLiteral("authenticate"));
        // The data stream's auth is the same message.
        QCOMPARE(asObject(serializeAuth("{KEY_ID}", "{SECRET}")),
                 asObject(load("data_stream_auth_request.json")));
        QCOMPARE(asObject(serializeSubscription(
                     "subscribe", {{"trades", {"AAPL"}}, {"quotes", {"AMD", "CLDR"}},
                                   {"bars", {"*"}}, {"updatedBars", {}}})),
                 asObject(load("data_stream_subscribe_request.json")));
        QCOMPARE(asObject(serializeSubscription("unsubscribe", {{"bars", {"*"}}})),
                 asObject(load("data_stream_unsubscribe_request.json")));
    }

    void tradeUpdates()
    {
        const auto pending = parseStreamMessage(load("trade_update_pending_new.json"));
        QVERIFY2(pending, pending ? "" : pending.error().message().c_str());
        QVERIFY(pending->kind == AlpacaStreamMessage::Kind::TradeUpdate);
        const AlpacaTradeUpdate &p = *pending->update;
        QCOMPARE(p.event, std::string("pending_new"));
        QVERIFY(p.eventType == engine::EventType::OrderPendingNew);
        QCOMPARE(p.order.symbol, std::string("DOGE/USD"));
        QVERIFY(p.order.qty == qty("129.7"));
        QVERIFY(*p.timestamp == utc(2026, 9, 18, 13, 24, 50, 19'303'395));
        QCOMPARE(p.eventId, std::string("01M2TB1W73G1WFCA460A7GTB33"));
        QVERIFY(p.executionId.empty() && !p.price && !p.qty);

        const auto fresh = parseStreamMessage(load("trade_update_new.json"));
        QVERIFY(fresh);
        QVERIFY(fresh->update->eventType == engine::EventType::OrderAccepted);
        QCOMPARE(fresh->update->executionId, std::string("11111111-2222-3333-4444-555555555555"));
        QVERIFY(*fresh->update->timestamp == utc(2021, 12, 9, 19, 48, 46, 182'987'144));

        const auto partial = parseStreamMessage(load("trade_update_partial_fill.json"));
        QVERIFY2(partial, partial ? "" : partial.error().message().c_str());
        const AlpacaTradeUpdate &pf = *partial->update;
        QVERIFY(pf.eventType == engine::EventType::OrderPartiallyFilled);
        QCOMPARE(pf.executionId, std::string("9c1d0e2f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"));
        QVERIFY(pf.price == px("174.98"));
        QVERIFY(pf.qty == qty("4"));
        QVERIFY(pf.positionQty == qty("4"));
        QVERIFY(pf.order.qty == qty("10"));
        QVERIFY(pf.order.filledQty == qty("4"));
        QVERIFY(pf.order.filledAvgPrice == px("174.98"));
        QVERIFY(pf.order.limitPrice == px("175"));
        QCOMPARE(pf.order.clientOrderId, std::string("meridian-0001"));
        QVERIFY(*pf.timestamp == utc(2026, 3, 2, 14, 31, 7, 201'544'107));

        const auto fill = parseStreamMessage(load("trade_update_fill.json"));
        QVERIFY(fill);
        const AlpacaTradeUpdate &f = *fill->update;
        QVERIFY(f.eventType == engine::EventType::OrderFilled);
        QVERIFY(f.price == px("105.8988475"));
        QVERIFY(f.qty == qty("1790.86"));
        QVERIFY(f.positionQty == qty("0"));
        QCOMPARE(f.executionId, std::string("2f63ea93-423d-4169-b3f6-3fdafc10c418"));

        const auto canceled = parseStreamMessage(load("trade_update_canceled.json"));
        QVERIFY(canceled);
        QVERIFY(canceled->update->eventType == engine::EventType::OrderCancelled);
        QVERIFY(canceled->update->order.filledQty == qty("4"));
        QVERIFY(*canceled->update->order.canceledAt == utc(2026, 3, 2, 14, 35, 11, 998'034'112));

        // The 2026 capture: one frame per message, sent here as an array of three.
        const QJsonArray sequence
            = QJsonDocument::fromJson(load("trade_update_sequence_2026.json")).array();
        QCOMPARE(sequence.size(), 3);
        const engine::EventType expected[] = {engine::EventType::OrderPendingNew,
                                              engine::EventType::OrderAccepted,
                                              engine::EventType::OrderFilled};
        for (int i = 0; i < 3; ++i) {
            const auto message = parseStreamMessage(
                QJsonDocument(sequence[i].toObject()).toJson(QJsonDocument::Compact));
            QVERIFY(message && message->update);
            QVERIFY(message->update->eventType == expected[i]);
        }
        const auto last = parseStreamMessage(
            QJsonDocument(sequence[2].toObject()).toJson(QJsonDocument::Compact));
        QVERIFY(last->update->price == px("0.0851119"));
        QVERIFY(last->update->qty == qty("129.7"));
        QVERIFY(last->update->order.filledAvgPrice == px("0.0851119"));
        QCOMPARE(last->update->executionId, std::string("a0b4b946-3ed9-4fd6-bb10-d1c5f28415aa"));
    }

    void barsPages()
    {
        const auto single = parseBarsPage(load("bars_page1.json"));
        QVERIFY2(single, single ? "" : single.error().message().c_str());
        QCOMPARE(single->nextPageToken.value_or(""),
                 std::string("QUFQTHxNfDIwMjItMDQtMTFUMDg6MDA6MDAuMDAwMDAwMDAwWg=="));
        const std::vector<AlpacaBar> &aapl = single->bars.at("AAPL");
        QCOMPARE(aapl.size(), std::size_t(1));
        QVERIFY(aapl[0].start == utc(2022, 4, 11, 8, 0, 0));
        QVERIFY(aapl[0].open == px("168.99"));
        QVERIFY(aapl[0].high == px("169.81"));
        QVERIFY(aapl[0].low == px("168.99"));
        QVERIFY(aapl[0].close == px("169"));
        QVERIFY(aapl[0].volume == qty("7170"));
        QCOMPARE(aapl[0].tradeCount.value_or(0), std::int64_t(206));
        QVERIFY(aapl[0].vwap == px("169.233976"));

        const auto multi = parseBarsPage(load("bars_multi_page1.json"));
        QVERIFY(multi);
        QCOMPARE(multi->nextPageToken.value_or(""),
                 std::string("QUFQTHxEfDIwMjItMDItMDJUMDU6MDA6MDAuMDAwMDAwMDAwWg=="));
        const auto &m = multi->bars.at("AAPL");
        QCOMPARE(m.size(), std::size_t(2));
        QVERIFY(m[0].open == px("174"));
        QVERIFY(m[1].open == px("174.64"));
        QVERIFY(m[1].close == px("175.84"));
        QVERIFY(m[1].volume == qty("84817432"));
        QVERIFY(m[1].vwap == px("174.941288"));
        QVERIFY(m[1].start == utc(2022, 2, 2, 5, 0, 0));

        const auto last = parseBarsPage(load("bars_multi_last_page.json"));
        QVERIFY(last);
        QVERIFY(!last->nextPageToken);
        QCOMPARE(last->bars.size(), std::size_t(2));
        QVERIFY(last->bars.at("TSLA")[0].open == px("839"));
        QVERIFY(last->bars.at("TSLA")[0].high == px("860.56"));
        QVERIFY(last->bars.at("AAPL")[0].vwap == px("161.942117"));

        const auto desc = parseBarsPage(load("bars_multi_desc.json"));
        QVERIFY(desc);
        const auto &tsla = desc->bars.at("TSLA");
        QCOMPARE(tsla.size(), std::size_t(3));
        QVERIFY(tsla[0].start == utc(2023, 9, 27, 4, 0, 0));
        QVERIFY(tsla[0].open == px("244.262"));
        QVERIFY(tsla[0].volume == qty("136616287"));
        QVERIFY(tsla[1].low == px("241.6601"));
        QVERIFY(tsla[2].start == utc(2023, 9, 25, 4, 0, 0));

        for (const char *empty : {R"({"bars":[],"symbol":"AAPL","next_page_token":null})",
                                  R"({"bars":{},"next_page_token":null})",
                                  R"({"bars":null,"next_page_token":null})"}) {
            const auto page = parseBarsPage(empty);
            QVERIFY(page && page->bars.empty() && !page->nextPageToken);
        }
        const auto broken = parseBarsPage(R"({"bars":{"AAPL":[{"t":"2022-02-01T05:00:00Z",
            "o":1,"h":2,"l":"x","c":1,"v":1}]}})");
        QVERIFY(!broken);
        QVERIFY2(broken.error().message().find("bars.AAPL[0].l") != std::string::npos,
                 broken.error().message().c_str());
    }

    void dataStream()
    {
        using Kind = AlpacaDataMessage::Kind;
        const auto connected = parseDataFrame(load("data_stream_connected.json"));
        QVERIFY(connected && connected->size() == 1);
        QVERIFY((*connected)[0].kind == Kind::Success);
        QCOMPARE((*connected)[0].text, std::string("connected"));
        const auto authenticated = parseDataFrame(load("data_stream_authenticated.json"));
        QVERIFY(authenticated && (*authenticated)[0].text == "authenticated");

        const std::pair<const char *, std::int64_t> errors[] = {
            {"data_stream_auth_failed.json", 402},
            {"data_stream_connection_limit.json", 406},
            {"data_stream_error.json", 400},
        };
        for (const auto &[file, code] : errors) {
            const auto frame = parseDataFrame(load(QLatin1String(file)));
            QVERIFY(frame && (*frame)[0].kind == Kind::Error);
            QCOMPARE((*frame)[0].code, code);
        }
        QCOMPARE((*parseDataFrame(load("data_stream_connection_limit.json")))[0].text,
                 std::string("connection limit exceeded"));

        const auto subscription = parseDataFrame(load("data_stream_subscription.json"));
        QVERIFY(subscription && (*subscription)[0].kind == Kind::Subscription);
        const auto &channels = (*subscription)[0].subscription;
        QCOMPARE(channels.at("trades"), std::vector<std::string>{"AAPL"});
        QCOMPARE(channels.at("quotes"), (std::vector<std::string>{"AMD", "CLDR"}));
        QCOMPARE(channels.at("bars"), std::vector<std::string>{"*"});
        const auto after = parseDataFrame(load("data_stream_subscription_after_unsubscribe.json"));
        QVERIFY(after && (*after)[0].subscription.at("bars").empty());

        const auto bar = parseDataFrame(load("data_stream_bar.json"));
        QVERIFY(bar && (*bar)[0].kind == Kind::Bar);
        const AlpacaBar &b = (*bar)[0].bar;
        QCOMPARE(b.symbol, std::string("SPY"));
        QVERIFY(b.open == px("388.985"));
        QVERIFY(b.high == px("389.13"));
        QVERIFY(b.low == px("388.975"));
        QVERIFY(b.close == px("389.12"));
        QVERIFY(b.volume == qty("49378"));
        QVERIFY(b.start == utc(2021, 2, 22, 19, 15, 0));
        QVERIFY(!b.tradeCount && !b.vwap); // older examples omit n and vw

        const auto daily = parseDataFrame(load("data_stream_daily_bar.json"));
        QVERIFY(daily && (*daily)[0].kind == Kind::DailyBar);
        QVERIFY((*daily)[0].bar.volume == qty("749378"));
        QVERIFY((*daily)[0].bar.start == utc(2021, 2, 16, 4, 0, 0));

        const auto trade = parseDataFrame(load("data_stream_trade.json"));
        QVERIFY(trade && (*trade)[0].kind == Kind::Trade);
        QCOMPARE((*trade)[0].symbol, std::string("AAPL"));
        QCOMPARE((*trade)[0].tradeId, std::int64_t(96921));
        QCOMPARE((*trade)[0].exchange, std::string("D"));
        QVERIFY((*trade)[0].price == px("126.55"));
        QVERIFY((*trade)[0].size == qty("1"));
        QVERIFY((*trade)[0].timestamp == utc(2021, 2, 22, 15, 51, 44, 208'000'000));

        const auto quotes = parseDataFrame(load("data_stream_quote.json"));
        QVERIFY(quotes);
        QCOMPARE(quotes->size(), std::size_t(3)); // batched in one frame
        QVERIFY((*quotes)[0].kind == Kind::Quote);
        QVERIFY((*quotes)[0].bidPrice == px("87.66"));
        QVERIFY((*quotes)[0].askPrice == px("87.67"));
        QVERIFY((*quotes)[1].askPrice == px("87.68"));
        QVERIFY((*quotes)[1].askSize == qty("4"));
        QCOMPARE((*quotes)[1].askExchange, std::string("Q"));
        QVERIFY((*quotes)[0].timestamp == utc(2021, 2, 22, 15, 51, 45, 335'567'700));
        QVERIFY((*quotes)[1].timestamp == utc(2021, 2, 22, 15, 51, 45, 335'689'322));
        QVERIFY((*quotes)[2].timestamp == utc(2021, 2, 22, 15, 51, 45, 335'806'018));

        const auto status = parseDataFrame(load("data_stream_status.json"));
        QVERIFY(status && (*status)[0].kind == Kind::Status);
        QCOMPARE((*status)[0].statusCode, std::string("H"));
        QCOMPARE((*status)[0].text, std::string("Trading Halt"));

        // An updated bar with n and vw, and an unknown message type, batched.
        const auto mixed = parseDataFrame(R"([{"T":"u","S":"AAPL","o":1.5,"h":2,"l":1,"c":1.75,
            "v":10,"n":3,"vw":1.6,"t":"2021-02-22T19:15:00Z"},{"T":"l","S":"AAPL","u":2,"d":1}])");
        QVERIFY(mixed && mixed->size() == 2);
        QVERIFY((*mixed)[0].kind == Kind::UpdatedBar);
        QVERIFY((*mixed)[0].bar.close == px("1.75"));
        QVERIFY((*mixed)[0].bar.vwap == px("1.6"));
        QVERIFY((*mixed)[1].kind == Kind::Other);
        QVERIFY(!parseDataFrame(R"({"T":"success"})")); // frames are arrays
        QVERIFY(!parseDataFrame(R"([{"T":"t","S":"AAPL","p":"x","s":1,"t":"2021-02-22T19:15:00Z"}])"));
    }

    void orderRequests()
    {
        AlpacaOrderRequest bracket;
        bracket.side = engine::Side::Buy;
        bracket.symbol = "SPY";
        bracket.type = engine::OrderType::Market;
        bracket.qty = qty("100");
        bracket.timeInForce = engine::TimeInForce::Gtc;
        bracket.orderClass = engine::OrderClass::Bracket;
        bracket.takeProfitLimit = px("301");
        bracket.stopLossStop = px("299");
        bracket.stopLossLimit = px("298.5");
        QCOMPARE(asObject(serializeOrderRequest(bracket)),
                 asObject(load("order_request_bracket.json")));

        AlpacaOrderRequest trailing;
        trailing.side = engine::Side::Sell;
        trailing.symbol = "SPY";
        trailing.type = engine::OrderType::TrailingStop;
        trailing.qty = qty("100");
        trailing.timeInForce = engine::TimeInForce::Day;
        trailing.trailPrice = px("6.15");
        QCOMPARE(asObject(serializeOrderRequest(trailing)),
                 asObject(load("order_request_trailing_stop.json")));

        AlpacaOrderRequest limit;
        limit.symbol = "AAPL";
        limit.qty = qty("10");
        limit.type = engine::OrderType::Limit;
        limit.limitPrice = px("175.5");
        limit.clientOrderId = "mrd-run1-7";
        limit.trailPercent = std::nullopt;
        const QJsonObject body = asObject(serializeOrderRequest(limit));
        QCOMPARE(body.value("limit_price").toString(), QStringLiteral("175.5")); // a string
        QCOMPARE(body.value("qty").toString(), QStringLiteral("10"));
        QCOMPARE(body.value("client_order_id").toString(), QStringLiteral("mrd-run1-7"));
        QVERIFY(!body.contains("order_class"));
        QVERIFY(!body.contains("stop_price"));

        AlpacaReplaceRequest replace;
        replace.qty = qty("10");
        replace.limitPrice = px("174.25");
        replace.clientOrderId = "mrd-run1-8";
        const QJsonObject patch = asObject(serializeReplaceRequest(replace));
        QCOMPARE(patch.size(), 3);
        QCOMPARE(patch.value("qty").toString(), QStringLiteral("10"));
        QCOMPARE(patch.value("limit_price").toString(), QStringLiteral("174.25"));
        QCOMPARE(patch.value("client_order_id").toString(), QStringLiteral("mrd-run1-8"));
    }

    // Last: every payload file was read by one of the tests above.
    void everyPayloadIsCovered()
    {
        const QStringList files = QDir(alpacaPayloadDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
        QCOMPARE(files.size(), 64);
        for (const QString &file : files)
            QVERIFY2(m_read.count(file) == 1, qPrintable(file + QStringLiteral(" not checked")));
    }
};

QTEST_GUILESS_MAIN(TestAlpacaJson)
#include "tst_alpacajson.moc"
