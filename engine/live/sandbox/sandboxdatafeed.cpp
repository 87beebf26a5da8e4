#include "engine/live/sandbox/sandboxdatafeed.h"

#include "engine/core/civiltime.h"
#include "engine/live/sandbox/sandboxbroker.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QTimer>
#include <algorithm>
#include <map>
#include <utility>

namespace meridian::live {

using namespace meridian::engine;

namespace {

constexpr std::int64_t nanosPerMinute = 60'000'000'000LL;

// Data-API numbers: the exact decimal text of the fixed-point value, as a JSON number.
QJsonValue number(std::int64_t raw)
{
    return QJsonValue(decimalString(raw).toDouble());
}

struct Aggregate
{
    ReplayBar bar;
    int count = 0;
    Money typicalVolume; // sum of (h + l + c) / 3 x volume, for vw
};

// How a requested timeframe groups stored bars: a bucket start for each bar start.
struct Bucketing
{
    std::int64_t lengthNanos = 0; // fixed-length buckets aligned to the UTC epoch
    bool daily = false;           // New York calendar days

    Timestamp bucketStart(Timestamp start) const
    {
        if (daily)
            return newYorkTime(toNewYork(start).date, TimeOfDay{});
        const std::int64_t ns = start.unixNanos();
        const std::int64_t floor = ns - ((ns % lengthNanos) + lengthNanos) % lengthNanos;
        return Timestamp::fromUnixNanos(floor);
    }
    Timestamp bucketEnd(Timestamp bucket) const
    {
        if (daily)
            return newYorkTime(toNewYork(bucket).date.addDays(1), TimeOfDay{});
        return bucket + Duration::nanoseconds(lengthNanos);
    }
};

// "5Min", "1Hour", "1Day" (and the short forms T, H, D) for what the replay can produce.
std::optional<Bucketing> parseTimeframe(const QString &text, const ReplayCursor &cursor)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)(Min|T|Hour|H|Day|D)$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int n = match.captured(1).toInt();
    const QString unit = match.captured(2);
    if (unit == QLatin1String("Day") || unit == QLatin1String("D")) {
        if (n != 1)
            return std::nullopt;
        return Bucketing{0, true};
    }
    if (cursor.daily())
        return std::nullopt; // intraday bars cannot come from daily data
    const bool minutes = unit == QLatin1String("Min") || unit == QLatin1String("T");
    if (n < 1 || n > (minutes ? 59 : 23))
        return std::nullopt;
    return Bucketing{std::int64_t(n) * nanosPerMinute * (minutes ? 1 : 60), false};
}

std::optional<Timestamp> parseBound(const QString &text)
{
    const auto parsed = parseTimestamp(text.toStdString(), LocalZone::Utc);
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

HttpResponse invalid(const QString &message)
{
    return HttpResponse::json(
        400, QJsonDocument(errorBody(40010001, message)).toJson(QJsonDocument::Compact));
}

QString dataErrorText(int code)
{
    switch (code) {
    case 400:
        return QStringLiteral("invalid syntax");
    case 401:
        return QStringLiteral("not authenticated");
    case 402:
        return QStringLiteral("auth failed");
    case 403:
        return QStringLiteral("already authenticated");
    case 404:
        return QStringLiteral("auth timeout");
    case 405:
        return QStringLiteral("symbol limit exceeded");
    case 406:
        return QStringLiteral("connection limit exceeded");
    case 407:
        return QStringLiteral("slow client");
    case 409:
        return QStringLiteral("insufficient subscription");
    default:
        return QStringLiteral("internal error");
    }
}

QJsonArray error(int code)
{
    return QJsonArray{QJsonObject{{QStringLiteral("T"), QStringLiteral("error")},
                                  {QStringLiteral("code"), code},
                                  {QStringLiteral("msg"), dataErrorText(code)}}};
}

const QStringList channels{QStringLiteral("trades"),    QStringLiteral("quotes"),
                           QStringLiteral("bars"),      QStringLiteral("updatedBars"),
                           QStringLiteral("dailyBars"), QStringLiteral("statuses"),
                           QStringLiteral("lulds"),     QStringLiteral("imbalances")};

} // namespace

void dropWebSockets(const QList<QPointer<QWebSocket>> &sockets, const QString &mode)
{
    for (const QPointer<QWebSocket> &socket : sockets) {
        if (!socket)
            continue;
        if (mode == QLatin1String("reset"))
            socket->abort();
        else
            socket->close(QWebSocketProtocol::CloseCodeGoingAway,
                          QStringLiteral("sandbox: stream dropped"));
    }
}

QJsonObject dataBarJson(const ReplayBar &bar, int count, Price vwap)
{
    return QJsonObject{
        {QStringLiteral("t"), rfc3339(bar.start)},
        {QStringLiteral("o"), number(bar.open.raw())},
        {QStringLiteral("h"), number(bar.high.raw())},
        {QStringLiteral("l"), number(bar.low.raw())},
        {QStringLiteral("c"), number(bar.close.raw())},
        {QStringLiteral("v"), double(bar.volume.raw() / Quantity::scale)},
        {QStringLiteral("n"), count},
        {QStringLiteral("vw"), number(vwap.raw())},
    };
}

SandboxDataFeed::SandboxDataFeed(const SandboxConfig &config, const ReplayCursor &cursor)
    : m_config(config)
    , m_cursor(cursor)
{}

SandboxDataFeed::~SandboxDataFeed()
{
    closeAll();
}

void SandboxDataFeed::closeAll()
{
    const std::vector<Client> clients = std::exchange(m_clients, {});
    for (const Client &client : clients) {
        if (client.socket) {
            client.socket->disconnect();
            client.socket->abort();
            client.socket->deleteLater();
        }
    }
}

void SandboxDataFeed::installRoutes(
    HttpServer &http, const std::function<HttpServer::Handler(HttpServer::Handler)> &decorate)
{
    http.route("GET", QStringLiteral("/v2/stocks/{symbol}/bars"),
               decorate([this](const HttpRequest &request) {
                   return bars(request, {request.params.value(QStringLiteral("symbol"))}, false);
               }));
    http.route("GET", QStringLiteral("/v2/stocks/bars"),
               decorate([this](const HttpRequest &request) {
                   const QString symbols = request.query.queryItemValue(QStringLiteral("symbols"));
                   if (symbols.isEmpty())
                       return invalid(QStringLiteral("symbols is required"));
                   return bars(request, symbols.split(QLatin1Char(','), Qt::SkipEmptyParts), true);
               }));
}

HttpResponse
SandboxDataFeed::bars(const HttpRequest &request, const QStringList &symbols, bool multi) const
{
    const QUrlQuery &query = request.query;
    const QString timeframeText = query.queryItemValue(QStringLiteral("timeframe"));
    if (timeframeText.isEmpty())
        return invalid(QStringLiteral("timeframe is required"));
    const auto bucketing = parseTimeframe(timeframeText, m_cursor);
    if (!bucketing)
        return invalid(QStringLiteral("invalid timeframe %1").arg(timeframeText));
    std::optional<Timestamp> start;
    std::optional<Timestamp> end;
    for (auto [key, bound] :
         {std::pair{QStringLiteral("start"), &start}, std::pair{QStringLiteral("end"), &end}}) {
        if (!query.hasQueryItem(key))
            continue;
        const QString text = query.queryItemValue(key, QUrl::FullyDecoded);
        *bound = parseBound(text);
        if (!*bound)
            return invalid(QStringLiteral("invalid %1: %2").arg(key, text));
    }
    int limit = 1000;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 10000)
            return invalid(QStringLiteral("invalid limit: must be between 1 and 10000"));
    }
    const QString sort = query.queryItemValue(QStringLiteral("sort"));
    if (!sort.isEmpty() && sort != QLatin1String("asc") && sort != QLatin1String("desc"))
        return invalid(QStringLiteral("invalid sort: %1").arg(sort));
    qsizetype offset = 0;
    if (query.hasQueryItem(QStringLiteral("page_token"))) {
        const QByteArray token = QByteArray::fromBase64(
            query.queryItemValue(QStringLiteral("page_token"), QUrl::FullyDecoded).toLatin1());
        bool ok = token.startsWith("sandbox|");
        if (ok)
            offset = token.mid(8).toLongLong(&ok);
        if (!ok || offset < 0)
            return invalid(QStringLiteral("invalid page_token"));
    }

    // Aggregate per symbol, only intervals that have ended on the replay clock.
    const Timestamp now = m_cursor.now();
    QStringList ordered = symbols;
    ordered.sort();
    ordered.removeDuplicates();
    std::vector<std::pair<QString, Aggregate>> rows;
    for (const QString &symbol : ordered) {
        std::map<std::int64_t, Aggregate> buckets;
        const std::string name = symbol.toStdString();
        for (const ReplayBar &bar : m_cursor.allBars()) {
            if (bar.end > now)
                break;
            if (bar.symbol != name)
                continue;
            const Timestamp bucket = bucketing->bucketStart(bar.start);
            Aggregate &agg = buckets[bucket.unixNanos()];
            const Price typical
                = Price::fromRaw((bar.high.raw() + bar.low.raw() + bar.close.raw()) / 3);
            if (agg.count == 0) {
                agg.bar = bar;
                agg.bar.start = bucket;
                agg.bar.end = bucketing->bucketEnd(bucket);
            } else {
                agg.bar.high = std::max(agg.bar.high, bar.high);
                agg.bar.low = std::min(agg.bar.low, bar.low);
                agg.bar.close = bar.close;
                agg.bar.volume += bar.volume;
            }
            agg.typicalVolume += typical * bar.volume;
            ++agg.count;
        }
        std::vector<Aggregate> series;
        for (auto &[key, agg] : buckets) {
            // Daily buckets of a daily replay are complete once published.
            const bool ended = m_cursor.daily() || agg.bar.end <= now;
            if (!ended || (start && agg.bar.start < *start) || (end && agg.bar.start > *end))
                continue;
            series.push_back(agg);
        }
        if (sort == QLatin1String("desc"))
            std::reverse(series.begin(), series.end());
        for (Aggregate &agg : series)
            rows.emplace_back(symbol, std::move(agg));
    }

    const qsizetype total = qsizetype(rows.size());
    const qsizetype last = std::min<qsizetype>(total, offset + limit);
    QJsonValue nextToken = QJsonValue::Null;
    if (last < total)
        nextToken = QString::fromLatin1(("sandbox|" + QByteArray::number(last)).toBase64());
    auto barJson = [](const Aggregate &agg) {
        const Price vwap = agg.bar.volume.isZero()
                               ? agg.bar.close
                               : averagePrice(agg.typicalVolume, agg.bar.volume);
        return dataBarJson(agg.bar, agg.count, Price::fromRaw(vwap.raw() / 100 * 100));
    };
    QJsonObject body;
    if (multi) {
        QJsonObject bySymbol;
        for (qsizetype i = offset; i < last; ++i) {
            QJsonArray list = bySymbol.value(rows[std::size_t(i)].first).toArray();
            list.append(barJson(rows[std::size_t(i)].second));
            bySymbol.insert(rows[std::size_t(i)].first, list);
        }
        body.insert(QStringLiteral("bars"), bySymbol);
    } else {
        QJsonArray list;
        for (qsizetype i = offset; i < last; ++i)
            list.append(barJson(rows[std::size_t(i)].second));
        body.insert(QStringLiteral("bars"), list);
        body.insert(QStringLiteral("symbol"), symbols.value(0));
    }
    body.insert(QStringLiteral("next_page_token"), nextToken);
    return HttpResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

bool SandboxDataFeed::accept(QWebSocket *socket)
{
    static const QRegularExpression feeds(QStringLiteral("^/v2/(iex|sip|delayed_sip|test)$"));
    const auto match = feeds.match(socket->requestUrl().path());
    if (!match.hasMatch())
        return false;
    m_clients.push_back(Client{socket, match.captured(1), false, false, {}});
    QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                     [this, socket](const QString &message) {
                         if (Client *client = find(socket))
                             onMessage(*client, message.toUtf8());
                     });
    QObject::connect(socket, &QWebSocket::disconnected, socket, [this, socket] {
        if (const Client *gone = find(socket);
            gone && gone->authenticated && m_config.dataSessionReapMs > 0)
            m_lingering.insert(gone->feed,
                               QDateTime::currentMSecsSinceEpoch() + m_config.dataSessionReapMs);
        std::erase_if(m_clients,
                      [socket](const Client &c) { return !c.socket || c.socket == socket; });
        socket->deleteLater();
    });
    QTimer::singleShot(m_config.dataAuthTimeoutMs, socket, [this, socket] {
        Client *late = find(socket);
        if (!late || late->authenticated)
            return;
        send(*late, error(404));
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, dataErrorText(404));
    });
    Client &client = m_clients.back();
    send(client, QJsonArray{QJsonObject{{QStringLiteral("T"), QStringLiteral("success")},
                                        {QStringLiteral("msg"), QStringLiteral("connected")}}});
    // Handshake-header authentication (PROTOCOL.md §9.1).
    const QNetworkRequest handshake = socket->request();
    if (handshake.hasRawHeader("APCA-API-KEY-ID")) {
        authenticate(client, QString::fromUtf8(handshake.rawHeader("APCA-API-KEY-ID")),
                     QString::fromUtf8(handshake.rawHeader("APCA-API-SECRET-KEY")));
    }
    return true;
}

SandboxDataFeed::Client *SandboxDataFeed::find(QWebSocket *socket)
{
    for (Client &client : m_clients) {
        if (client.socket == socket)
            return &client;
    }
    return nullptr;
}

void SandboxDataFeed::send(Client &client, const QJsonArray &messages)
{
    if (client.socket && !client.stalled)
        client.socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(messages).toJson(QJsonDocument::Compact)));
}

void SandboxDataFeed::authenticate(Client &client, const QString &key, const QString &secret)
{
    if (client.authenticated) {
        send(client, error(403));
        return;
    }
    const int forced = std::exchange(m_failNextAuth, 0);
    if (forced != 0 || key != m_config.keyId || secret != m_config.secret) {
        send(client, error(forced != 0 ? forced : 402));
        if (forced != 406)
            client.socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                 dataErrorText(forced != 0 ? forced : 402));
        return;
    }
    // One authenticated session per key pair and feed; a dropped one lingers until reaped.
    if (m_lingering.value(client.feed) > QDateTime::currentMSecsSinceEpoch()) {
        send(client, error(406));
        return;
    }
    for (const Client &other : m_clients) {
        if (&other != &client && other.authenticated && other.feed == client.feed) {
            send(client, error(406));
            return;
        }
    }
    client.authenticated = true;
    send(client, QJsonArray{QJsonObject{{QStringLiteral("T"), QStringLiteral("success")},
                                        {QStringLiteral("msg"), QStringLiteral("authenticated")}}});
}

QJsonObject SandboxDataFeed::subscriptionMessage(const Client &client) const
{
    QJsonObject message{{QStringLiteral("T"), QStringLiteral("subscription")}};
    for (const QString &channel : channels)
        message.insert(channel, QJsonArray::fromStringList(client.subscription.value(channel)));
    // Corrections and cancel errors follow trades.
    message.insert(QStringLiteral("corrections"),
                   QJsonArray::fromStringList(client.subscription.value(QStringLiteral("trades"))));
    message.insert(QStringLiteral("cancelErrors"),
                   QJsonArray::fromStringList(client.subscription.value(QStringLiteral("trades"))));
    return message;
}

void SandboxDataFeed::onMessage(Client &client, const QByteArray &message)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(message, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        send(client, error(400));
        return;
    }
    const QJsonObject request = document.object();
    const QString action = request.value(QStringLiteral("action")).toString();
    if (action == QLatin1String("auth")) {
        authenticate(client, request.value(QStringLiteral("key")).toString(),
                     request.value(QStringLiteral("secret")).toString());
        return;
    }
    if (action != QLatin1String("subscribe") && action != QLatin1String("unsubscribe")) {
        send(client, error(400));
        return;
    }
    if (!client.authenticated) {
        send(client, error(401));
        return;
    }
    bool any = false;
    QMap<QString, QStringList> next = client.subscription;
    for (const QString &channel : channels) {
        const QJsonValue value = request.value(channel);
        if (value.isUndefined())
            continue;
        if (!value.isArray()) {
            send(client, error(400));
            return;
        }
        for (const QJsonValue &symbol : value.toArray()) {
            if (!symbol.isString() || symbol.toString().isEmpty()) {
                send(client, error(400));
                return;
            }
            any = true;
            QStringList &list = next[channel];
            if (action == QLatin1String("subscribe") && !list.contains(symbol.toString()))
                list.append(symbol.toString());
            else if (action == QLatin1String("unsubscribe"))
                list.removeAll(symbol.toString());
        }
    }
    if (!any) {
        send(client, error(400));
        return;
    }
    client.subscription = next;
    send(client, QJsonArray{subscriptionMessage(client)});
}

void SandboxDataFeed::publish(const std::vector<ReplayBar> &batch)
{
    const QString channel = m_cursor.daily() ? QStringLiteral("dailyBars") : QStringLiteral("bars");
    const QString type = m_cursor.daily() ? QStringLiteral("d") : QStringLiteral("b");
    for (Client &client : m_clients) {
        if (!client.authenticated)
            continue;
        const QStringList wanted = client.subscription.value(channel);
        const QStringList trades = client.subscription.value(QStringLiteral("trades"));
        const QStringList quotes = client.subscription.value(QStringLiteral("quotes"));
        auto subscribed = [](const QStringList &list, const QString &symbol) {
            return list.contains(QStringLiteral("*")) || list.contains(symbol);
        };
        QJsonArray frame;
        for (const ReplayBar &bar : batch) {
            const QString symbol = QString::fromStdString(bar.symbol);
            const QString at = rfc3339(bar.end - Duration::nanoseconds(1'000'000));
            if (subscribed(quotes, symbol)) {
                const Price half = Price::fromRaw(m_config.syntheticSpread.raw() / 2);
                frame.append(QJsonObject{{QStringLiteral("T"), QStringLiteral("q")},
                                         {QStringLiteral("S"), symbol},
                                         {QStringLiteral("bx"), QStringLiteral("V")},
                                         {QStringLiteral("bp"), number((bar.close - half).raw())},
                                         {QStringLiteral("bs"), 1},
                                         {QStringLiteral("ax"), QStringLiteral("V")},
                                         {QStringLiteral("ap"), number((bar.close + half).raw())},
                                         {QStringLiteral("as"), 1},
                                         {QStringLiteral("c"), QJsonArray{QStringLiteral("R")}},
                                         {QStringLiteral("z"), QStringLiteral("B")},
                                         {QStringLiteral("t"), at}});
            }
            if (subscribed(trades, symbol)) {
                frame.append(
                    QJsonObject{{QStringLiteral("T"), QStringLiteral("t")},
                                {QStringLiteral("S"), symbol},
                                {QStringLiteral("i"), double(++m_tradeId)},
                                {QStringLiteral("x"), QStringLiteral("V")},
                                {QStringLiteral("p"), number(bar.close.raw())},
                                {QStringLiteral("s"), double(bar.volume.raw() / Quantity::scale)},
                                {QStringLiteral("c"), QJsonArray{QStringLiteral("@")}},
                                {QStringLiteral("z"), QStringLiteral("B")},
                                {QStringLiteral("t"), at}});
            }
            if (!subscribed(wanted, symbol))
                continue;
            const Price typical
                = Price::fromRaw((bar.high.raw() + bar.low.raw() + bar.close.raw()) / 3);
            QJsonObject message = dataBarJson(bar, 1, Price::fromRaw(typical.raw() / 100 * 100));
            message.insert(QStringLiteral("T"), type);
            message.insert(QStringLiteral("S"), symbol);
            frame.append(message);
        }
        if (!frame.isEmpty())
            send(client, frame);
    }
}

void SandboxDataFeed::drop(const QString &mode)
{
    if (mode == QLatin1String("stall")) {
        for (Client &client : m_clients)
            client.stalled = true;
        return;
    }
    // Closing or aborting may remove clients from the list (disconnected): work on a copy.
    QList<QPointer<QWebSocket>> sockets;
    for (const Client &client : m_clients)
        sockets.append(client.socket);
    dropWebSockets(sockets, mode);
}

} // namespace meridian::live
