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
    case 410:
        return QStringLiteral("invalid subscribe action for this feed");
    case 411:
        return QStringLiteral("insufficient scope");
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

// A cent, the step of the FAKEPACA walk and of a `u` correction.
const Price cent = Price::fromRaw(Price::scale / 100);

// Channels the sandbox treats as SIP-only: subscribing them elsewhere is 410.
const QStringList sipOnlyChannels{QStringLiteral("lulds"), QStringLiteral("imbalances")};

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
{
    reset();
}

void SandboxDataFeed::reset()
{
    m_corrections.clear();
    m_published = 0;
    m_fakeWalk.seed(m_config.seed);
    m_fakeClose = Price::fromUnits(100);
}

void SandboxDataFeed::injectError(int code)
{
    if (code == 405 || code == 410)
        m_failNextSubscribe = code;
    else if (code == 407)
        m_forceSlow = true;
    else
        m_failNextAuth = code;
}

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
    QObject::connect(socket, &QWebSocket::bytesWritten, socket, [this, socket](qint64 bytes) {
        if (Client *client = find(socket))
            client->writtenBytes += bytes;
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
        sendError(*late, 404);
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
    if (!client.socket || client.stalled)
        return;
    if (m_journal)
        m_journal(QStringLiteral("data_out"), messages);
    client.sentBytes += client.socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(messages).toJson(QJsonDocument::Compact)));
}

void SandboxDataFeed::sendError(Client &client, int code)
{
    send(client, error(code));
}

void SandboxDataFeed::closeSlowClients()
{
    const bool forced = std::exchange(m_forceSlow, false);
    QList<QPointer<QWebSocket>> slow;
    for (Client &client : m_clients) {
        const qint64 pending = client.sentBytes - client.writtenBytes;
        if (!client.authenticated || client.stalled
            || (!forced && (m_config.slowClientBytes <= 0 || pending <= m_config.slowClientBytes)))
            continue;
        // Queued behind the backlog, as a real server's would be; then nothing more but the
        // disconnect.
        sendError(client, 407);
        client.stalled = true;
        slow.append(client.socket);
    }
    for (const QPointer<QWebSocket> &socket : slow) {
        if (socket)
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, dataErrorText(407));
    }
}

void SandboxDataFeed::authenticate(Client &client, const QString &key, const QString &secret)
{
    if (client.authenticated) {
        sendError(client, 403);
        return;
    }
    int refused = std::exchange(m_failNextAuth, 0);
    if (refused == 0 && (key != m_config.keyId || secret != m_config.secret))
        refused = 402;
    if (refused == 0 && !m_config.dataFeeds.isEmpty() && !m_config.dataFeeds.contains(client.feed))
        refused = 409; // the feed is not in the plan
    if (refused != 0) {
        sendError(client, refused);
        // 402, 409 and 411 are fatal: the server closes; 406 leaves the socket open.
        if (refused != 406)
            client.socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                 dataErrorText(refused));
        return;
    }
    // One authenticated session per key pair and feed; a dropped one lingers until reaped.
    if (m_lingering.value(client.feed) > QDateTime::currentMSecsSinceEpoch()) {
        sendError(client, 406);
        return;
    }
    for (const Client &other : m_clients) {
        if (&other != &client && other.authenticated && other.feed == client.feed) {
            sendError(client, 406);
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
    const bool valid = parseError.error == QJsonParseError::NoError && document.isObject();
    const QJsonObject request = document.object();
    if (m_journal) {
        QJsonObject redacted = request;
        if (redacted.contains(QStringLiteral("secret")))
            redacted.insert(QStringLiteral("secret"), QStringLiteral("<redacted>"));
        m_journal(QStringLiteral("data_in"),
                  valid ? QJsonValue(redacted) : QJsonValue(QString::fromUtf8(message)));
    }
    if (!valid) {
        sendError(client, 400);
        return;
    }
    const QString action = request.value(QStringLiteral("action")).toString();
    if (action == QLatin1String("auth")) {
        authenticate(client, request.value(QStringLiteral("key")).toString(),
                     request.value(QStringLiteral("secret")).toString());
        return;
    }
    if (action != QLatin1String("subscribe") && action != QLatin1String("unsubscribe")) {
        sendError(client, 400);
        return;
    }
    if (!client.authenticated) {
        sendError(client, 401);
        return;
    }
    const bool subscribe = action == QLatin1String("subscribe");
    bool any = false;
    bool sipOnly = false;
    QMap<QString, QStringList> next = client.subscription;
    for (const QString &channel : channels) {
        const QJsonValue value = request.value(channel);
        if (value.isUndefined())
            continue;
        if (!value.isArray()) {
            sendError(client, 400);
            return;
        }
        for (const QJsonValue &symbol : value.toArray()) {
            if (!symbol.isString() || symbol.toString().isEmpty()) {
                sendError(client, 400);
                return;
            }
            any = true;
            sipOnly = sipOnly || (subscribe && sipOnlyChannels.contains(channel));
            QStringList &list = next[channel];
            if (subscribe && !list.contains(symbol.toString()))
                list.append(symbol.toString());
            else if (!subscribe)
                list.removeAll(symbol.toString());
        }
    }
    if (!any) {
        sendError(client, 400);
        return;
    }
    // Refusals keep the previous subscription.
    if (const int forced = std::exchange(m_failNextSubscribe, 0); forced != 0) {
        sendError(client, forced);
        return;
    }
    if (sipOnly && client.feed != QLatin1String("sip")) {
        sendError(client, 410);
        return;
    }
    if (m_config.maxSymbolsPerSubscription > 0) {
        QSet<QString> distinct;
        for (const QStringList &symbols : std::as_const(next)) {
            for (const QString &symbol : symbols)
                distinct.insert(symbol);
        }
        if (distinct.size() > m_config.maxSymbolsPerSubscription) {
            sendError(client, 405);
            return;
        }
    }
    client.subscription = next;
    send(client, QJsonArray{subscriptionMessage(client)});
}

ReplayBar SandboxDataFeed::nextFakeBar()
{
    // Four draws of the (standard-specified) mt19937_64 per bar: the step in cents (-10..+10),
    // the wicks above and below the body (0..5 cents each) and the volume (100..1000).
    const auto draw = [this](std::uint64_t range) { return std::int64_t(m_fakeWalk() % range); };
    ReplayBar bar;
    bar.symbol = fakeSymbol;
    bar.end = m_cursor.now();
    bar.start = bar.end - Duration::minutes(1);
    bar.open = m_fakeClose;
    const std::int64_t step = draw(21) - 10;
    bar.close = bar.open + cent * step;
    if (bar.close < Price::fromUnits(1))
        bar.close = bar.open + cent * (step < 0 ? -step : step); // stays above a dollar
    bar.high = std::max(bar.open, bar.close) + cent * draw(6);
    bar.low = std::min(bar.open, bar.close) - cent * draw(6);
    bar.volume = Quantity::fromUnits(100 + draw(901));
    m_fakeClose = bar.close;
    return bar;
}

void SandboxDataFeed::publish(const std::vector<ReplayBar> &batch)
{
    const QString channel = m_cursor.daily() ? QStringLiteral("dailyBars") : QStringLiteral("bars");
    const QString type = m_cursor.daily() ? QStringLiteral("d") : QStringLiteral("b");
    const Timestamp now = m_cursor.now();
    // Corrections due by now go out before this instant's bars; then this instant's bars are
    // counted for the next ones.
    std::vector<ReplayBar> due;
    while (!m_corrections.empty() && m_corrections.front().first <= now) {
        due.push_back(std::move(m_corrections.front().second));
        m_corrections.pop_front();
    }
    if (!m_cursor.daily() && m_config.correctionEvery > 0) {
        for (const ReplayBar &bar : batch) {
            if (++m_published % m_config.correctionEvery != 0)
                continue;
            ReplayBar corrected = bar;
            corrected.close += cent;
            corrected.high = std::max(corrected.high, corrected.close);
            corrected.volume += Quantity::fromUnits(1);
            m_corrections.emplace_back(bar.end + Duration::milliseconds(m_config.correctionAfterMs),
                                       std::move(corrected));
        }
    }
    // The walk advances every instant, watched or not, so it depends only on seed and step.
    const ReplayBar fake = nextFakeBar();

    auto subscribed = [](const QStringList &list, const QString &symbol) {
        return list.contains(QStringLiteral("*")) || list.contains(symbol);
    };
    auto barMessage = [](const ReplayBar &bar, const QString &kind) {
        const Price typical
            = Price::fromRaw((bar.high.raw() + bar.low.raw() + bar.close.raw()) / 3);
        QJsonObject message = dataBarJson(bar, 1, Price::fromRaw(typical.raw() / 100 * 100));
        message.insert(QStringLiteral("T"), kind);
        message.insert(QStringLiteral("S"), QString::fromStdString(bar.symbol));
        return message;
    };
    for (Client &client : m_clients) {
        if (!client.authenticated)
            continue;
        const QStringList wanted = client.subscription.value(channel);
        const QStringList updated = client.subscription.value(QStringLiteral("updatedBars"));
        const QStringList trades = client.subscription.value(QStringLiteral("trades"));
        const QStringList quotes = client.subscription.value(QStringLiteral("quotes"));
        QJsonArray frame;
        for (const ReplayBar &bar : due) {
            if (subscribed(updated, QString::fromStdString(bar.symbol)))
                frame.append(barMessage(bar, QStringLiteral("u")));
        }
        auto append = [&](const ReplayBar &bar, const QString &kind) {
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
            if (subscribed(kind == type ? wanted
                                        : client.subscription.value(QStringLiteral("bars")),
                           symbol))
                frame.append(barMessage(bar, kind));
        };
        for (const ReplayBar &bar : batch)
            append(bar, type);
        // FAKEPACA exists on the test feed only, as minute bars whatever the replay.
        if (client.feed == QLatin1String("test"))
            append(fake, QStringLiteral("b"));
        if (!frame.isEmpty())
            send(client, frame);
    }
    closeSlowClients();
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
