#include "engine/live/sandbox/sandboxserver.h"

#include "engine/core/civiltime.h"
#include "engine/core/nysecalendar.h"
#include "engine/data/barstore.h"
#include "engine/live/sandbox/httpserver.h"
#include "engine/live/sandbox/replaycursor.h"
#include "engine/live/sandbox/sandboxbroker.h"
#include "engine/live/sandbox/sandboxdatafeed.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace meridian::live {

using namespace meridian::engine;

namespace {

QByteArray toJson(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

HttpResponse fromBroker(const BrokerReply &reply)
{
    if (reply.body.isUndefined())
        return HttpResponse::empty(reply.status);
    return HttpResponse::json(reply.status, toJson(reply.body));
}

QString storeTimeframe(const QString &alpaca)
{
    if (alpaca == QLatin1String("1Min"))
        return QStringLiteral("1m");
    if (alpaca == QLatin1String("1Day"))
        return QStringLiteral("1d");
    return {};
}

// A trading-stream client: authenticated, listening, or stalled by fault injection.
struct TradingClient
{
    QPointer<QWebSocket> socket;
    bool authorized = false;
    bool listening = false;
    bool stalled = false;
};

} // namespace

struct SandboxServer::Impl
{
    SandboxConfig config;
    std::optional<ReplayCursor> cursor;
    std::unique_ptr<SandboxBroker> broker;
    std::unique_ptr<SandboxDataFeed> dataFeed;
    HttpServer http;
    QWebSocketServer webSockets{QStringLiteral("meridian-sandbox"),
                                QWebSocketServer::NonSecureMode};
    std::vector<TradingClient> tradingClients;
    SandboxFaults faults;
    NyseCalendar calendar;
    QTimer speedTimer;
    QFile journalFile;
    // Token bucket: capacity = limit, refilled continuously at limit per minute.
    double tokens = 0;
    qint64 lastRefillMs = 0;

    void installRoutes(SandboxServer *server);
    std::optional<HttpResponse> filter(const HttpRequest &request);
    void addRateHeaders(HttpResponse &response) const;
    void onWebSocket();
    void onTradingMessage(TradingClient &client, const QByteArray &message);
    void sendTrading(TradingClient &client, const QJsonObject &message);
    void broadcastTradeUpdate(const QJsonObject &data);
    void sendTradeUpdate(const QJsonObject &data);
    std::optional<QJsonObject> heldUpdate; // reorder_events: waits for the next update
    void journal(QJsonObject entry);
    HttpResponse clock() const;
    HttpResponse calendarRange(const HttpRequest &request) const;
};

SandboxServer::SandboxServer(SandboxConfig config, QObject *parent)
    : QObject(parent)
    , m_impl(std::make_unique<Impl>())
{
    m_impl->config = std::move(config);
    connect(&m_impl->speedTimer, &QTimer::timeout, this, [this] {
        if (!step()) {
            m_impl->speedTimer.stop();
            emit finished();
        }
    });
}

SandboxServer::~SandboxServer()
{
    stop();
}

Result<void> SandboxServer::start(quint16 port)
{
    Impl &d = *m_impl;
    if (d.config.keyId.isEmpty() || d.config.secret.isEmpty())
        return Error("sandbox: a key id and a secret are required");
    const QString timeframe = storeTimeframe(d.config.timeframe);
    if (timeframe.isEmpty()) {
        return Error(std::string("sandbox: timeframe '")
                         .append(d.config.timeframe.toStdString())
                         .append("' is not supported (1Min or 1Day)"));
    }
    auto store = BarStore::open(d.config.storePath.toStdString());
    if (!store)
        return store.error().withContext("sandbox");
    std::vector<std::string> symbols;
    for (const QString &symbol : d.config.symbols)
        symbols.push_back(symbol.toStdString());
    auto cursor
        = ReplayCursor::load(*store, symbols, timeframe.toStdString(), d.config.from, d.config.to);
    if (!cursor)
        return cursor.error();
    d.cursor.emplace(std::move(*cursor));
    d.broker = std::make_unique<SandboxBroker>(d.config, *d.cursor);
    d.broker->setTradeUpdateSink(
        [this](const QJsonObject &data) { m_impl->broadcastTradeUpdate(data); });
    d.dataFeed = std::make_unique<SandboxDataFeed>(d.config, *d.cursor);
    d.tokens = d.config.rateLimitPerMinute;
    d.lastRefillMs = QDateTime::currentMSecsSinceEpoch();
    if (!d.config.journalPath.isEmpty()) {
        d.journalFile.setFileName(d.config.journalPath);
        if (!d.journalFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
            return Error(std::string("sandbox: cannot write the journal ")
                             .append(d.config.journalPath.toStdString())
                             .append(": ")
                             .append(d.journalFile.errorString().toStdString()));
        }
        d.dataFeed->setJournal([this](const QString &kind, const QJsonValue &frame) {
            m_impl->journal(
                QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("frame"), frame}});
        });
        d.http.setObserver([this](const HttpRequest &request, const HttpResponse &response) {
            // Headers are left out: they carry the key pair.
            m_impl->journal(QJsonObject{
                {QStringLiteral("kind"), QStringLiteral("http")},
                {QStringLiteral("method"), QString::fromLatin1(request.method)},
                {QStringLiteral("path"), request.path},
                {QStringLiteral("query"), request.query.toString()},
                {QStringLiteral("request"), QString::fromUtf8(request.body)},
                {QStringLiteral("status"), response.status},
                {QStringLiteral("response"), QString::fromUtf8(response.body)},
            });
        });
    }
    d.installRoutes(this);
    d.http.setWebSocketServer(&d.webSockets);
    connect(&d.webSockets, &QWebSocketServer::newConnection, this,
            [this] { m_impl->onWebSocket(); });
    if (auto listening = d.http.listen(port); !listening)
        return listening.error().withContext("sandbox");
    if (d.config.speed > 0) {
        // N x market time: one bar interval takes length / N of wall-clock time.
        const double ms = double(d.cursor->barLength().count()) / 1e6 / d.config.speed;
        d.speedTimer.start(int(std::clamp(ms, 1.0, 3'600'000.0)));
    }
    return {};
}

void SandboxServer::stop()
{
    Impl &d = *m_impl;
    d.speedTimer.stop();
    // Aborting emits disconnected synchronously: take the list first.
    const std::vector<TradingClient> clients = std::exchange(d.tradingClients, {});
    for (const TradingClient &client : clients) {
        if (client.socket) {
            client.socket->disconnect();
            client.socket->abort();
            client.socket->deleteLater();
        }
    }
    if (d.dataFeed)
        d.dataFeed->closeAll();
    d.webSockets.close();
    d.http.close();
    d.journalFile.close();
}

quint16 SandboxServer::port() const
{
    return m_impl->http.port();
}

QUrl SandboxServer::tradingBaseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

QUrl SandboxServer::tradingStreamUrl() const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(port()));
}

QUrl SandboxServer::dataBaseUrl() const
{
    return tradingBaseUrl();
}

QUrl SandboxServer::dataStreamUrl(const QString &feed) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/v2/%2").arg(port()).arg(feed));
}

bool SandboxServer::step()
{
    Impl &d = *m_impl;
    if (!d.cursor)
        return false;
    const std::vector<ReplayBar> *batch = d.cursor->step();
    if (!batch)
        return false;
    d.broker->onBars(*batch);
    d.dataFeed->publish(*batch);
    emit stepped(d.cursor->now().unixNanos());
    return true;
}

Result<void> SandboxServer::applyFaults(const QJsonObject &faults)
{
    Impl &d = *m_impl;
    SandboxFaults next = d.faults;
    for (auto it = faults.begin(); it != faults.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        auto bad = [&](const char *what) {
            return Error(std::string("sandbox faults: ")
                             .append(key.toStdString())
                             .append(": ")
                             .append(what));
        };
        if (key == QLatin1String("reject_next_order")) {
            const QString mode = value.toString();
            if (mode != QLatin1String("403_bp") && mode != QLatin1String("403_qty")
                && mode != QLatin1String("422") && mode != QLatin1String("post_accept"))
                return bad("expected 403_bp, 403_qty, 422 or post_accept");
            next.rejectNextOrder = mode;
        } else if (key == QLatin1String("http_status")) {
            const int status = value.toInt();
            if (status != 429 && status != 500 && status != 502 && status != 503)
                return bad("expected 429, 500, 502 or 503");
            next.httpStatus = status;
            next.httpCount = std::max(1, faults.value(QStringLiteral("count")).toInt(1));
            next.httpPath = faults.value(QStringLiteral("path")).toString();
        } else if (key == QLatin1String("delay_ms")) {
            if (!value.isDouble() || value.toInt() < 0)
                return bad("expected a non-negative number of milliseconds");
            next.delayMs = value.toInt();
            next.delayPath = faults.value(QStringLiteral("path")).toString();
        } else if (key == QLatin1String("commit_then_drop")) {
            next.commitThenDrop = value.toBool();
        } else if (key == QLatin1String("reorder_events")) {
            next.reorderEvents = value.toBool();
        } else if (key == QLatin1String("duplicate_events")) {
            next.duplicateEvents = value.toBool();
        } else if (key == QLatin1String("ws_auth")) {
            if (value.toString() != QLatin1String("fail")
                && value.toString() != QLatin1String("timeout"))
                return bad("expected fail or timeout");
            next.wsAuth = value.toString();
        } else if (key == QLatin1String("market_closed")) {
            if (!value.isBool())
                return bad("expected true or false");
            d.broker->setMarketClosed(value.toBool());
        } else if (key == QLatin1String("replace_race")) {
            if (value.toBool())
                d.broker->armReplaceRace();
        } else if (key == QLatin1String("cancel_race")) {
            if (value.toBool())
                d.broker->armCancelRace();
        } else if (key == QLatin1String("handshake_429")) {
            next.handshake429 = value.toInt();
        } else if (key == QLatin1String("data_error")) {
            const int code = value.toInt();
            if (!QList<int>{402, 405, 406, 407, 409, 410, 411}.contains(code))
                return bad("expected 402, 406, 409 or 411 (the next data-stream auth), 405 or 410 "
                           "(the next subscribe), or 407 (slow client at the next bar)");
            d.dataFeed->injectError(code);
        } else if (key == QLatin1String("corrections")) {
            const QJsonObject corrections = value.toObject();
            const QJsonValue every = corrections.value(QStringLiteral("every"));
            const QJsonValue afterValue = corrections.value(QStringLiteral("after_ms"));
            const int after = afterValue.isUndefined() ? d.config.correctionAfterMs
                              : afterValue.isDouble()  ? afterValue.toInt()
                                                       : -1;
            if (!value.isObject() || !every.isDouble() || every.toInt() < 0 || after < 0)
                return bad("expected {\"every\": N >= 0, \"after_ms\": M >= 0}");
            d.config.correctionEvery = every.toInt();
            d.config.correctionAfterMs = after;
        } else if (key == QLatin1String("ws_drop")) {
            if (value.toString() != QLatin1String("trading")
                && value.toString() != QLatin1String("data"))
                return bad("expected trading or data");
            const QString mode
                = faults.value(QStringLiteral("mode")).toString(QStringLiteral("close"));
            if (mode != QLatin1String("close") && mode != QLatin1String("reset")
                && mode != QLatin1String("stall"))
                return bad("mode must be close, reset or stall");
        } else if (key == QLatin1String("path") || key == QLatin1String("count")
                   || key == QLatin1String("mode")) {
            continue;
        } else {
            return bad("unknown fault switch");
        }
    }
    d.faults = next;
    if (!d.faults.rejectNextOrder.isEmpty()) {
        const QString mode = std::exchange(d.faults.rejectNextOrder, QString());
        d.broker->armReject(mode == QLatin1String("403_bp")    ? RejectMode::BuyingPower
                            : mode == QLatin1String("403_qty") ? RejectMode::Qty
                            : mode == QLatin1String("422")     ? RejectMode::Validation
                                                               : RejectMode::PostAccept);
    }
    d.broker->setDuplicateEvents(d.faults.duplicateEvents);
    if (faults.contains(QStringLiteral("ws_drop"))) {
        const QString mode = faults.value(QStringLiteral("mode")).toString(QStringLiteral("close"));
        if (faults.value(QStringLiteral("ws_drop")).toString() == QLatin1String("data"))
            d.dataFeed->drop(mode);
        else
            dropTradingStreams(mode);
    }
    return {};
}

void SandboxServer::dropTradingStreams(const QString &mode)
{
    if (mode == QLatin1String("stall")) {
        for (TradingClient &client : m_impl->tradingClients)
            client.stalled = true;
        return;
    }
    // Closing or aborting may remove clients from the list (disconnected): work on a copy.
    QList<QPointer<QWebSocket>> sockets;
    for (const TradingClient &client : m_impl->tradingClients)
        sockets.append(client.socket);
    dropWebSockets(sockets, mode);
}

void SandboxServer::Impl::addRateHeaders(HttpResponse &response) const
{
    // The bucket refills continuously, so the quota changes when the next whole token arrives
    // (at most 60 / limit seconds away): announcing a whole minute would make a well-behaved
    // client sit out 60 s after every 429.
    const double perMinute = std::max(1, config.rateLimitPerMinute);
    const double missing = tokens >= perMinute ? 0.0 : 1.0 - (tokens - std::floor(tokens));
    const qint64 nextTokenMs
        = QDateTime::currentMSecsSinceEpoch() + qint64(std::ceil(missing * 60'000.0 / perMinute));
    const qint64 resetSeconds = nextTokenMs / 1000 + 1;
    response.setHeader("X-Ratelimit-Limit", QByteArray::number(config.rateLimitPerMinute));
    response.setHeader("X-Ratelimit-Remaining", QByteArray::number(qint64(std::floor(tokens))));
    response.setHeader("X-Ratelimit-Reset", QByteArray::number(resetSeconds));
}

std::optional<HttpResponse> SandboxServer::Impl::filter(const HttpRequest &request)
{
    if (request.path.startsWith(QLatin1String("/_sandbox/")))
        return std::nullopt; // control endpoint: loopback only, no keys, no limits
    if (request.header("apca-api-key-id") != config.keyId.toUtf8()
        || request.header("apca-api-secret-key") != config.secret.toUtf8()) {
        HttpResponse forbidden = HttpResponse::json(403, R"({"message":"forbidden."})");
        addRateHeaders(forbidden);
        return forbidden;
    }
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    tokens = std::min<double>(
        config.rateLimitPerMinute,
        tokens + double(nowMs - lastRefillMs) * config.rateLimitPerMinute / 60'000.0);
    lastRefillMs = nowMs;
    if (faults.httpCount > 0 && request.path.startsWith(faults.httpPath)) {
        --faults.httpCount;
        HttpResponse failed
            = faults.httpStatus == 429
                  ? HttpResponse::json(429, R"({"message":"rate limit exceeded"})")
                  : HttpResponse::json(faults.httpStatus, R"({"message":"internal server error"})");
        if (faults.httpStatus == 429)
            tokens = 0;
        addRateHeaders(failed);
        return failed;
    }
    if (tokens < 1.0) {
        HttpResponse limited = HttpResponse::json(429, R"({"message":"rate limit exceeded"})");
        addRateHeaders(limited);
        return limited;
    }
    tokens -= 1.0;
    return std::nullopt;
}

HttpResponse SandboxServer::Impl::clock() const
{
    const Timestamp now = cursor->now();
    const NewYorkTime local = toNewYork(now);
    const bool open = broker->isOpen();
    Date openDay = local.date;
    if (!calendar.isSession(openDay) || local.time >= calendar.openTime(openDay))
        openDay = calendar.nextSession(openDay);
    Date closeDay = local.date;
    if (!calendar.isSession(closeDay) || local.time >= calendar.closeTime(closeDay))
        closeDay = calendar.nextSession(closeDay);
    const QJsonObject body{
        {QStringLiteral("timestamp"), rfc3339NewYork(now)},
        {QStringLiteral("is_open"), open},
        {QStringLiteral("next_open"), rfc3339NewYork(calendar.sessionOpen(openDay))},
        {QStringLiteral("next_close"), rfc3339NewYork(calendar.sessionClose(closeDay))},
    };
    return HttpResponse::json(200, toJson(body));
}

HttpResponse SandboxServer::Impl::calendarRange(const HttpRequest &request) const
{
    // Sandbox choice when start/end are omitted: the replayed date range.
    Date start = toNewYork(cursor->allBars().front().start).date;
    Date end = toNewYork(cursor->allBars().back().end).date;
    for (auto [key, bound] :
         {std::pair{QStringLiteral("start"), &start}, std::pair{QStringLiteral("end"), &end}}) {
        if (!request.query.hasQueryItem(key))
            continue;
        const QString text = request.query.queryItemValue(key, QUrl::FullyDecoded);
        const auto parsed = Date::parse(text.left(10).toStdString());
        if (!parsed) {
            return HttpResponse::json(
                400, toJson(errorBody(40010001, QStringLiteral("invalid %1: %2").arg(key, text))));
        }
        *bound = *parsed;
    }
    if (end.daysSinceEpoch() - start.daysSinceEpoch() > 366 * 30)
        return HttpResponse::json(400,
                                  toJson(errorBody(40010001, QStringLiteral("range too long"))));
    QJsonArray days;
    for (Date day = start; day <= end; day = day.addDays(1)) {
        if (!calendar.isSession(day))
            continue;
        const auto hhmm = [](TimeOfDay time) {
            const qint64 minutes = time.nanos / 60'000'000'000LL;
            return QStringLiteral("%1:%2")
                .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                .arg(minutes % 60, 2, 10, QLatin1Char('0'));
        };
        days.append(QJsonObject{
            {QStringLiteral("date"), QString::fromStdString(day.toString())},
            {QStringLiteral("open"), hhmm(calendar.openTime(day))},
            {QStringLiteral("close"), hhmm(calendar.closeTime(day))},
            {QStringLiteral("session_open"), QStringLiteral("0400")},
            {QStringLiteral("session_close"), QStringLiteral("2000")},
            {QStringLiteral("settlement_date"),
             QString::fromStdString(calendar.nextSession(day).toString())},
        });
    }
    return HttpResponse::json(200, toJson(days));
}

void SandboxServer::Impl::installRoutes(SandboxServer *server)
{
    http.setFilter([this](const HttpRequest &request) { return filter(request); });
    http.setUpgradeFilter([this](const HttpRequest &) -> std::optional<HttpResponse> {
        if (faults.handshake429 > 0) {
            --faults.handshake429;
            HttpResponse refused = HttpResponse::json(429, R"({"message":"too many requests"})");
            addRateHeaders(refused);
            return refused;
        }
        return std::nullopt;
    });
    auto withHeaders = [this](HttpServer::Handler handler) {
        return [this, handler](const HttpRequest &request) {
            HttpResponse response = handler(request);
            addRateHeaders(response);
            if (faults.delayMs > 0 && request.path.startsWith(faults.delayPath))
                response.delayMs = faults.delayMs;
            return response;
        };
    };
    auto jsonBody = [](const HttpRequest &request) -> std::optional<QJsonObject> {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return std::nullopt;
        return document.object();
    };
    const auto badJson = [] {
        return HttpResponse::json(
            400, R"({"code":40010000,"message":"request body format is invalid"})");
    };
    auto trading = [&](const QByteArray &method, const QString &path, HttpServer::Handler handler) {
        http.route(method, path, withHeaders(std::move(handler)));
    };

    trading("GET", QStringLiteral("/v2/account"),
            [this](const HttpRequest &) { return fromBroker(broker->account()); });
    trading("POST", QStringLiteral("/v2/orders"),
            [this, jsonBody, badJson](const HttpRequest &request) {
                const auto body = jsonBody(request);
                if (!body)
                    return badJson();
                HttpResponse response = fromBroker(broker->submit(*body));
                if (response.status == 200)
                    QTimer::singleShot(config.latencyMs, &http, [this] { broker->routePending(); });
                if (response.status == 200 && faults.commitThenDrop) {
                    faults.commitThenDrop = false;
                    response.dropConnection = true;
                }
                return response;
            });
    trading("GET", QStringLiteral("/v2/orders"), [this](const HttpRequest &request) {
        return fromBroker(broker->listOrders(request.query));
    });
    trading("DELETE", QStringLiteral("/v2/orders"),
            [this](const HttpRequest &) { return fromBroker(broker->cancelAll()); });
    trading("GET", QStringLiteral("/v2/orders:by_client_order_id"),
            [this](const HttpRequest &request) {
                return fromBroker(broker->orderByClientId(request.query.queryItemValue(
                    QStringLiteral("client_order_id"), QUrl::FullyDecoded)));
            });
    trading("GET", QStringLiteral("/v2/orders/{id}"), [this](const HttpRequest &request) {
        return fromBroker(broker->order(request.params.value(QStringLiteral("id")),
                                        request.query.queryItemValue(QStringLiteral("nested"))
                                            == QLatin1String("true")));
    });
    trading("DELETE", QStringLiteral("/v2/orders/{id}"), [this](const HttpRequest &request) {
        return fromBroker(broker->cancel(request.params.value(QStringLiteral("id"))));
    });
    trading("PATCH", QStringLiteral("/v2/orders/{id}"),
            [this, jsonBody, badJson](const HttpRequest &request) {
                const auto body = jsonBody(request);
                if (!body)
                    return badJson();
                return fromBroker(
                    broker->replace(request.params.value(QStringLiteral("id")), *body));
            });
    trading("GET", QStringLiteral("/v2/positions"),
            [this](const HttpRequest &) { return fromBroker(broker->positions()); });
    trading("DELETE", QStringLiteral("/v2/positions"), [this](const HttpRequest &request) {
        return fromBroker(broker->closeAll(request.query));
    });
    trading("GET", QStringLiteral("/v2/positions/{symbol}"), [this](const HttpRequest &request) {
        return fromBroker(broker->position(request.params.value(QStringLiteral("symbol"))));
    });
    trading("DELETE", QStringLiteral("/v2/positions/{symbol}"), [this](const HttpRequest &request) {
        return fromBroker(
            broker->closePosition(request.params.value(QStringLiteral("symbol")), request.query));
    });
    trading("GET", QStringLiteral("/v2/assets"),
            [this](const HttpRequest &) { return fromBroker(broker->assets()); });
    trading("GET", QStringLiteral("/v2/assets/{symbol}"), [this](const HttpRequest &request) {
        return fromBroker(broker->asset(request.params.value(QStringLiteral("symbol"))));
    });
    trading("GET", QStringLiteral("/v2/clock"), [this](const HttpRequest &) { return clock(); });
    dataFeed->installRoutes(http, withHeaders);
    trading("GET", QStringLiteral("/v2/calendar"),
            [this](const HttpRequest &request) { return calendarRange(request); });

    http.route("POST", QStringLiteral("/_sandbox/faults"),
               [server, jsonBody, badJson](const HttpRequest &request) {
                   const auto body = jsonBody(request);
                   if (!body)
                       return badJson();
                   if (auto applied = server->applyFaults(*body); !applied) {
                       return HttpResponse::json(
                           400, toJson(errorBody(
                                    40010001, QString::fromStdString(applied.error().message()))));
                   }
                   return HttpResponse::empty(204);
               });
    http.route("POST", QStringLiteral("/_sandbox/reset"), [this](const HttpRequest &) {
        faults = SandboxFaults{};
        cursor->rewind();
        broker->reset();
        dataFeed->reset();
        tokens = config.rateLimitPerMinute;
        return HttpResponse::empty(204);
    });
    http.route("POST", QStringLiteral("/_sandbox/step"), [server](const HttpRequest &) {
        return HttpResponse::json(200,
                                  server->step() ? R"({"stepped":true})" : R"({"stepped":false})");
    });
    // Advances the replay through every instant up to `advance_to` (RFC 3339).
    http.route(
        "POST", QStringLiteral("/_sandbox/clock"),
        [this, server, jsonBody, badJson](const HttpRequest &request) {
            const auto body = jsonBody(request);
            if (!body)
                return badJson();
            const QString text = body->value(QStringLiteral("advance_to")).toString();
            const auto until = parseTimestamp(text.toStdString(), LocalZone::Utc);
            if (!until) {
                return HttpResponse::json(
                    400, toJson(errorBody(
                             40010001, QStringLiteral("advance_to: %1")
                                           .arg(QString::fromStdString(until.error().message())))));
            }
            int steps = 0;
            while (cursor->nextInstant() <= *until && server->step())
                ++steps;
            return HttpResponse::json(200, toJson(QJsonObject{{QStringLiteral("steps"), steps},
                                                              {QStringLiteral("timestamp"),
                                                               rfc3339NewYork(cursor->now())}}));
        });
}

void SandboxServer::Impl::onWebSocket()
{
    while (QWebSocket *socket = webSockets.nextPendingConnection()) {
        const QString path = socket->requestUrl().path();
        if (path != QLatin1String("/stream") && dataFeed->accept(socket))
            continue;
        if (path != QLatin1String("/stream")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unknown stream path"));
            socket->deleteLater();
            continue;
        }
        tradingClients.push_back(TradingClient{socket});
        QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                         [this, socket](const QString &message) {
                             for (TradingClient &client : tradingClients) {
                                 if (client.socket == socket)
                                     onTradingMessage(client, message.toUtf8());
                             }
                         });
        QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                         [this, socket](const QByteArray &message) {
                             for (TradingClient &client : tradingClients) {
                                 if (client.socket == socket)
                                     onTradingMessage(client, message);
                             }
                         });
        QObject::connect(socket, &QWebSocket::disconnected, socket, [this, socket] {
            std::erase_if(tradingClients, [socket](const TradingClient &c) {
                return !c.socket || c.socket == socket;
            });
            socket->deleteLater();
        });
    }
}

void SandboxServer::Impl::journal(QJsonObject entry)
{
    if (!journalFile.isOpen())
        return;
    entry.insert(QStringLiteral("market_time"), rfc3339(cursor->now()));
    journalFile.write(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n');
    journalFile.flush();
}

void SandboxServer::Impl::sendTrading(TradingClient &client, const QJsonObject &message)
{
    if (!client.socket || client.stalled)
        return;
    const QByteArray bytes = QJsonDocument(message).toJson(QJsonDocument::Compact);
    journal(QJsonObject{{QStringLiteral("kind"), QStringLiteral("stream_out")},
                        {QStringLiteral("frame"), message}});
    if (config.binaryFrames)
        client.socket->sendBinaryMessage(bytes);
    else
        client.socket->sendTextMessage(QString::fromUtf8(bytes));
}

void SandboxServer::Impl::onTradingMessage(TradingClient &client, const QByteArray &message)
{
    const QJsonObject request = QJsonDocument::fromJson(message).object();
    const QString action = request.value(QStringLiteral("action")).toString();
    if (journalFile.isOpen()) {
        QJsonObject redacted = request;
        if (redacted.contains(QStringLiteral("secret")))
            redacted.insert(QStringLiteral("secret"), QStringLiteral("<redacted>"));
        QJsonObject data = redacted.value(QStringLiteral("data")).toObject();
        if (data.contains(QStringLiteral("secret_key"))) {
            data.insert(QStringLiteral("secret_key"), QStringLiteral("<redacted>"));
            redacted.insert(QStringLiteral("data"), data);
        }
        journal(QJsonObject{{QStringLiteral("kind"), QStringLiteral("stream_in")},
                            {QStringLiteral("frame"), redacted}});
    }
    auto authorization = [](const QString &status, const QString &forAction) {
        return QJsonObject{
            {QStringLiteral("stream"), QStringLiteral("authorization")},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("status"), status},
                                                 {QStringLiteral("action"), forAction}}}};
    };
    if (action == QLatin1String("auth") || action == QLatin1String("authenticate")) {
        const bool legacy = action == QLatin1String("authenticate");
        const QJsonObject data = request.value(QStringLiteral("data")).toObject();
        const QString key = legacy ? data.value(QStringLiteral("key_id")).toString()
                                   : request.value(QStringLiteral("key")).toString();
        const QString secret = legacy ? data.value(QStringLiteral("secret_key")).toString()
                                      : request.value(QStringLiteral("secret")).toString();
        const QString forced = std::exchange(faults.wsAuth, QString());
        if (forced == QLatin1String("timeout"))
            return; // the client's auth timeout must fire
        client.authorized = forced.isEmpty() && key == config.keyId && secret == config.secret;
        QJsonObject reply = authorization(client.authorized ? QStringLiteral("authorized")
                                                            : QStringLiteral("unauthorized"),
                                          QStringLiteral("authenticate"));
        if (client.authorized && legacy) {
            QJsonObject replyData = reply.value(QStringLiteral("data")).toObject();
            replyData.insert(QStringLiteral("message"),
                             QStringLiteral("this authentication format is being deprecated. "
                                            "Please use the format: {\"action\": \"auth\", "
                                            "\"key\": \"x\", \"secret\": \"x\"}"));
            reply.insert(QStringLiteral("data"), replyData);
        }
        sendTrading(client, reply);
        return;
    }
    if (action == QLatin1String("listen")) {
        if (!client.authorized) {
            sendTrading(client,
                        authorization(QStringLiteral("unauthorized"), QStringLiteral("listen")));
            return;
        }
        const QJsonArray streams = request.value(QStringLiteral("data"))
                                       .toObject()
                                       .value(QStringLiteral("streams"))
                                       .toArray();
        client.listening = streams.contains(QStringLiteral("trade_updates"));
        QJsonArray echoed;
        if (client.listening)
            echoed.append(QStringLiteral("trade_updates"));
        sendTrading(client, QJsonObject{{QStringLiteral("stream"), QStringLiteral("listening")},
                                        {QStringLiteral("data"),
                                         QJsonObject{{QStringLiteral("streams"), echoed}}}});
        return;
    }
    sendTrading(
        client,
        QJsonObject{{QStringLiteral("stream"), QStringLiteral("error")},
                    {QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("error_message"),
                                  QStringLiteral("unrecognized action or malformed JSON")}}}});
}

void SandboxServer::Impl::broadcastTradeUpdate(const QJsonObject &data)
{
    if (!faults.reorderEvents && !heldUpdate) {
        sendTradeUpdate(data);
        return;
    }
    if (heldUpdate) {
        // The later update overtakes the held one.
        const QJsonObject held = *std::exchange(heldUpdate, std::nullopt);
        sendTradeUpdate(data);
        sendTradeUpdate(held);
        return;
    }
    heldUpdate = data;
    // Nothing follows within this turn of the event loop: deliver it late but not never.
    QTimer::singleShot(0, &http, [this] {
        if (heldUpdate)
            sendTradeUpdate(*std::exchange(heldUpdate, std::nullopt));
    });
}

void SandboxServer::Impl::sendTradeUpdate(const QJsonObject &data)
{
    const QJsonObject message{{QStringLiteral("stream"), QStringLiteral("trade_updates")},
                              {QStringLiteral("data"), data}};
    for (TradingClient &client : tradingClients) {
        if (client.authorized && client.listening)
            sendTrading(client, message);
    }
}

} // namespace meridian::live
