#include "engine/live/alpaca/alpacadatafeed.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

namespace meridian::live {

using engine::Timestamp;

namespace {

// How much of [from, to) the NYSE regular session was open, counted up to `enough`.
engine::Duration openTimeBetween(const engine::NyseCalendar &calendar, Timestamp from,
                                 Timestamp to, engine::Duration enough)
{
    engine::Duration open = engine::Duration::zero();
    if (to <= from)
        return open;
    const engine::Date last = engine::toNewYork(to).date;
    for (engine::Date day = engine::toNewYork(from).date; !(last < day) && open < enough;
         day = day.addDays(1)) {
        if (!calendar.isSession(day))
            continue;
        const Timestamp begin = std::max(from, calendar.sessionOpen(day));
        const Timestamp end = std::min(to, calendar.sessionClose(day));
        if (begin < end)
            open = open + (end - begin);
    }
    return open;
}

// "168.9" → "168.90": prices as quoted, at least to the cent.
std::string cents(const engine::Price &price)
{
    std::string text = price.toString();
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos)
        text.append(".");
    const std::size_t decimals = dot == std::string::npos ? 0 : text.size() - dot - 1;
    for (std::size_t i = decimals; i < 2; ++i)
        text.append("0");
    return text;
}

QString joined(const std::vector<std::string> &items)
{
    QStringList list;
    for (const std::string &item : items)
        list.append(QString::fromStdString(item));
    return list.join(QLatin1Char(','));
}

} // namespace

AlpacaDataFeedOptions AlpacaDataFeedOptions::iex()
{
    AlpacaDataFeedOptions options;
    options.streamUrl = QUrl(QStringLiteral("wss://stream.data.alpaca.markets/v2/iex"));
    options.restUrl = QUrl(QStringLiteral("https://data.alpaca.markets"));
    return options;
}

AlpacaDataFeed::AlpacaDataFeed(AlpacaDataFeedOptions options, Credentials credentials,
                               const engine::InstrumentTable &instruments, MarketDataSink &sink,
                               QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_credentials(std::move(credentials))
    , m_instruments(instruments)
    , m_sink(sink)
    , m_network(new QNetworkAccessManager(this))
    , m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
    , m_reconnectTimer(new QTimer(this))
    , m_watchdog(new QTimer(this))
    , m_limiter([this] { return now(); },
                RateLimiter::Options{.requestsPerMinute = m_options.restRequestsPerMinute,
                                     .cancelReserve = 0,
                                     .initialBackoff = engine::Duration::seconds(1),
                                     .maxBackoff = engine::Duration::seconds(60)})
    , m_reconnectDelay(m_options.reconnectInitial)
{
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &AlpacaDataFeed::open);
    m_watchdog->setInterval(m_options.watchdogInterval.count() > 0
                                ? m_options.watchdogInterval
                                : std::max<std::chrono::milliseconds>(
                                      std::chrono::milliseconds(10), m_options.staleAfter / 4));
    connect(m_watchdog, &QTimer::timeout, this, &AlpacaDataFeed::checkStaleness);
    connect(m_socket, &QWebSocket::connected, this, &AlpacaDataFeed::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &AlpacaDataFeed::onDisconnected);
    // A handshake that fails (refused, HTTP 429 instead of 101) reports an error and may never
    // have been connected: it counts as a drop all the same.
    connect(m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                // What went wrong ("Host not found", a handshake's HTTP status) for the operator.
                log("stream error: " + m_socket->errorString().toStdString());
                if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    onDisconnected();
            });
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onFrame(text.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &AlpacaDataFeed::onFrame);
}

AlpacaDataFeed::~AlpacaDataFeed()
{
    m_wanted = false;
    m_socket->disconnect(this);
    m_socket->abort();
}

void AlpacaDataFeed::log(const std::string &line) const
{
    if (m_options.log)
        m_options.log(m_credentials.scrub("alpaca data: " + line));
}

Timestamp AlpacaDataFeed::now() const
{
    // Also called while constructing (the rate limiter reads the time).
    return m_options.now ? m_options.now() : wallClockNow();
}

void AlpacaDataFeed::start()
{
    // Queued when called from another thread than the feed's.
    QMetaObject::invokeMethod(this, [this] {
        m_wanted = true;
        m_fatal = false;
        open();
    });
}

void AlpacaDataFeed::stop()
{
    QMetaObject::invokeMethod(this, [this] {
        m_wanted = false;
        m_watchdog->stop();
        m_reconnectTimer->stop();
        m_socket->close();
    });
}

void AlpacaDataFeed::open()
{
    if (!m_wanted || m_fatal)
        return;
    log("connecting " + m_options.streamUrl.toString().toStdString());
    m_socket->open(m_options.streamUrl);
}

void AlpacaDataFeed::onConnected()
{
    ++m_connects;
    m_lastMessage = now();
    m_watchdog->start();
}

void AlpacaDataFeed::onDisconnected()
{
    m_streaming = false;
    m_watchdog->stop();
    if (!m_wanted || m_fatal || m_reconnectTimer->isActive())
        return;
    // A handshake refused with 429 lands here too: every failure doubles the wait.
    scheduleReconnect(m_reconnectDelay);
    m_reconnectDelay = std::min(m_options.reconnectMax, m_reconnectDelay * 2);
}

void AlpacaDataFeed::scheduleReconnect(std::chrono::milliseconds delay)
{
    log("stream down; reconnecting in " + std::to_string(delay.count()) + " ms");
    m_reconnectTimer->start(delay);
}

void AlpacaDataFeed::checkStaleness()
{
    const engine::Duration staleAfter = engine::Duration::milliseconds(m_options.staleAfter.count());
    const Timestamp current = now();
    const engine::Duration silent
        = m_options.staleOnlyWhileOpen
              ? openTimeBetween(m_calendar, m_lastMessage, current, staleAfter)
              : current - m_lastMessage;
    if (silent < staleAfter)
        return;
    log("no message for " + std::to_string(m_options.staleAfter.count())
        + " ms; closing the stream");
    emit stale();
    m_socket->abort(); // disconnected() follows and reconnects
}

void AlpacaDataFeed::onFrame(const QByteArray &frame)
{
    m_lastMessage = now();
    const engine::Result<std::vector<AlpacaDataMessage>> messages = parseDataFrame(frame);
    if (!messages) {
        log("unreadable frame: " + messages.error().message());
        return;
    }
    for (const AlpacaDataMessage &message : *messages)
        onMessage(message);
}

void AlpacaDataFeed::onMessage(const AlpacaDataMessage &message)
{
    using Kind = AlpacaDataMessage::Kind;
    switch (message.kind) {
    case Kind::Success:
        if (message.text == "connected") {
            m_socket->sendTextMessage(
                QString::fromUtf8(serializeAuth(m_credentials.keyId(), m_credentials.secret())));
        } else if (message.text == "authenticated") {
            m_socket->sendTextMessage(QString::fromUtf8(serializeSubscription(
                "subscribe", {{"bars", m_options.bars},
                              {"updatedBars", m_options.bars},
                              {"trades", m_options.trades},
                              {"quotes", m_options.quotes}})));
        }
        break;
    case Kind::Subscription: {
        m_streaming = true;
        m_reconnectDelay = m_options.reconnectInitial;
        const bool reconnect = m_everSubscribed;
        if (!m_everSubscribed)
            m_firstSubscribed = now();
        m_everSubscribed = true;
        emit subscribed();
        if (reconnect && !m_options.bars.empty())
            startBackfill();
        break;
    }
    case Kind::Error: {
        const std::string what = std::to_string(message.code) + " " + message.text;
        if (message.code == 406) {
            // Another session still holds the connection slot: wait until it is reaped.
            log("connection limit (" + what + "); retrying later");
            m_reconnectTimer->start(m_options.connectionLimitRetry);
            m_socket->close();
        } else if (message.code == 402 || message.code == 409 || message.code == 411) {
            m_fatal = true;
            log("refused: " + what);
            emit refused(QString::fromStdString(what));
            m_socket->close();
        } else {
            log("server error " + what);
        }
        break;
    }
    case Kind::Bar:
    case Kind::UpdatedBar:
    case Kind::Trade:
    case Kind::Quote:
        if (m_backfilling)
            m_heldBack.push_back(message);
        else
            handOver(message);
        break;
    default:
        break; // daily bars, statuses, ...: see the header
    }
}

void AlpacaDataFeed::handOver(const AlpacaDataMessage &message)
{
    using Kind = AlpacaDataMessage::Kind;
    if (message.kind == Kind::Bar) {
        handOverBar(message.bar);
        return;
    }
    if (message.kind == Kind::UpdatedBar) {
        onCorrection(message.bar);
        return;
    }
    const std::optional<engine::InstrumentId> instrument = m_instruments.find(message.symbol);
    if (!instrument)
        return;
    if (message.kind == Kind::Trade) {
        m_sink.onMarketEvent(engine::Event{message.timestamp, 0, engine::EventType::Trade,
                                           engine::TradeData{*instrument, message.price,
                                                             message.size}});
    } else if (message.kind == Kind::Quote) {
        m_sink.onMarketEvent(engine::Event{
            message.timestamp, 0, engine::EventType::Quote,
            engine::QuoteData{*instrument, message.bidPrice, message.askPrice, message.bidSize,
                              message.askSize}});
    }
}

void AlpacaDataFeed::handOverBar(const AlpacaBar &bar)
{
    const std::optional<engine::InstrumentId> instrument = m_instruments.find(bar.symbol);
    if (!instrument)
        return;
    const auto last = m_lastBarStart.find(bar.symbol);
    if (last != m_lastBarStart.end() && bar.start <= last->second)
        return; // seen already (a backfill overlapping the stream)
    m_lastBarStart[bar.symbol] = bar.start;
    std::deque<AlpacaBar> &published = m_published[bar.symbol];
    published.push_back(bar);
    while (published.size() > m_options.correctionWindow)
        published.pop_front();
    m_sink.onMarketEvent(engine::Event::makeBar(
        bar.start + m_options.barInterval,
        engine::BarData{*instrument, bar.open, bar.high, bar.low, bar.close, bar.volume}));
}

void AlpacaDataFeed::onCorrection(const AlpacaBar &bar)
{
    const auto symbol = m_published.find(bar.symbol);
    const auto published
        = symbol == m_published.end()
              ? std::deque<AlpacaBar>::iterator()
              : std::find_if(symbol->second.begin(), symbol->second.end(),
                             [&bar](const AlpacaBar &seen) { return seen.start == bar.start; });
    if (symbol == m_published.end() || published == symbol->second.end()) {
        // Not a bar this run handed over (another symbol, before the start, or long ago).
        log("correction of a bar not handed over: " + bar.symbol + " "
            + engine::formatIso(bar.start) + "; ignored");
        return;
    }
    std::string changes;
    const auto note = [&changes](const char *field, const std::string &from,
                                 const std::string &to) {
        if (from == to)
            return;
        if (!changes.empty())
            changes.append(", ");
        changes.append(field).append(" ").append(from).append(" \u2192 ").append(to);
    };
    note("open", cents(published->open), cents(bar.open));
    note("high", cents(published->high), cents(bar.high));
    note("low", cents(published->low), cents(bar.low));
    note("close", cents(published->close), cents(bar.close));
    note("volume", published->volume.toString(), bar.volume.toString());
    if (changes.empty())
        return;
    // Later corrections compare with this one.
    *published = bar;
    ++m_corrections;
    std::string when = engine::formatNewYork(bar.start).substr(0, 16); // "2013-10-04 10:31"
    when[10] = 'T';
    const std::string notice = std::string("bar correction: ")
                                   .append(bar.symbol)
                                   .append(" ")
                                   .append(when)
                                   .append(" ")
                                   .append(changes);
    log(notice);
    emit barCorrected(QString::fromStdString(notice),
                      (bar.start + m_options.barInterval).unixNanos());
}

void AlpacaDataFeed::startBackfill()
{
    if (m_backfilling) {
        // Dropped again while a backfill waits for the limiter: one backfill at a time; the
        // next starts where this one's bars end.
        m_backfillAgain = true;
        return;
    }
    // From the bar after the oldest last-seen bar (or the first subscription) up to now.
    Timestamp start = Timestamp::max();
    for (const std::string &symbol : m_options.bars) {
        const auto last = m_lastBarStart.find(symbol);
        start = std::min(start, last != m_lastBarStart.end()
                                    ? last->second + m_options.barInterval
                                    : m_firstSubscribed);
    }
    const Timestamp end = now();
    if (start >= end)
        return;
    m_backfilling = true;
    m_backfill.clear();
    log("backfilling bars from " + engine::formatIso(start) + " to " + engine::formatIso(end));
    requestBarsPage(start, end, {});
}

void AlpacaDataFeed::requestBarsPage(Timestamp start, Timestamp end, std::string pageToken,
                                     int attempt)
{
    if (!m_wanted) {
        // Stopped while waiting: nothing more is handed over.
        m_backfilling = false;
        m_backfillAgain = false;
        m_backfill.clear();
        m_heldBack.clear();
        return;
    }
    if (!m_limiter.tryAcquire(RateLimiter::Priority::Normal)) {
        const engine::Duration wait = m_limiter.delay(RateLimiter::Priority::Normal);
        const int ms = static_cast<int>(std::max<std::int64_t>(1, wait.count() / 1'000'000));
        QTimer::singleShot(ms, this, [=, this] { requestBarsPage(start, end, pageToken, attempt); });
        return;
    }
    QUrl url = m_options.restUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + QStringLiteral("/v2/stocks/bars"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("symbols"), joined(m_options.bars));
    query.addQueryItem(QStringLiteral("timeframe"), QString::fromStdString(m_options.barTimeframe));
    query.addQueryItem(QStringLiteral("start"), QString::fromStdString(engine::formatIso(start)));
    query.addQueryItem(QStringLiteral("end"), QString::fromStdString(engine::formatIso(end)));
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.backfillPageLimit));
    query.addQueryItem(QStringLiteral("feed"), QString::fromStdString(m_options.feed));
    // The first page goes without page_token: an empty one is refused (PROTOCOL.md §8).
    if (!pageToken.empty())
        query.addQueryItem(QStringLiteral("page_token"), QString::fromStdString(pageToken));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("APCA-API-KEY-ID", QByteArray::fromStdString(m_credentials.keyId()));
    request.setRawHeader("APCA-API-SECRET-KEY", QByteArray::fromStdString(m_credentials.secret()));
    request.setTransferTimeout(static_cast<int>(m_options.requestTimeout.count()));
    log("GET " + url.toString().toStdString());
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        m_limiter.onResponse(status, RateLimitHeaders::parse(
                                         reply->rawHeader("X-Ratelimit-Remaining").toStdString(),
                                         reply->rawHeader("X-Ratelimit-Reset").toStdString(),
                                         reply->rawHeader("Retry-After").toStdString()));
        const bool retryable = status == 0 || status == 429 || status >= 500;
        if (retryable && attempt < m_options.backfillAttempts) {
            // A read: asking again is safe. The limiter holds it back until the reset.
            log("backfill page answered " + std::to_string(status) + "; asking again (attempt "
                + std::to_string(attempt + 1) + ")");
            requestBarsPage(start, end, pageToken, attempt + 1);
            return;
        }
        if (status != 200) {
            log("backfill failed: " + parseError(status, body).describe()
                + "; handing over what arrived");
            finishBackfill();
            return;
        }
        const engine::Result<AlpacaBarsPage> page = parseBarsPage(body);
        if (!page) {
            log("backfill page unreadable: " + page.error().message());
            finishBackfill();
            return;
        }
        for (const auto &[symbol, bars] : page->bars)
            m_backfill.insert(m_backfill.end(), bars.begin(), bars.end());
        if (page->nextPageToken)
            requestBarsPage(start, end, *page->nextPageToken);
        else
            finishBackfill();
    });
}

void AlpacaDataFeed::finishBackfill()
{
    // Pages come ordered by symbol, then time; the engine wants time order.
    std::stable_sort(m_backfill.begin(), m_backfill.end(),
                     [](const AlpacaBar &a, const AlpacaBar &b) {
                         return a.start != b.start ? a.start < b.start : a.symbol < b.symbol;
                     });
    const int count = static_cast<int>(m_backfill.size());
    for (const AlpacaBar &bar : m_backfill)
        handOverBar(bar);
    m_backfill.clear();
    m_backfilling = false;
    for (const AlpacaDataMessage &message : m_heldBack)
        handOver(message);
    m_heldBack.clear();
    emit backfilled(count);
    if (std::exchange(m_backfillAgain, false) && m_streaming)
        startBackfill();
}

} // namespace meridian::live
