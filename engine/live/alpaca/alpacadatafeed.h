#pragma once

// AlpacaDataFeed: the market-data stream (PROTOCOL.md §9) as engine market events.
//
//     connect -> [{"T":"success","msg":"connected"}] -> auth -> authenticated -> subscribe ->
//     subscription -> batched arrays of b / t / q messages
//
// - Minute bars become engine Bar events stamped at their END (start + barInterval), as the
//   historical source stamps them; trades and quotes become Trade and Quote events. Symbols not
//   in the InstrumentTable are dropped. Daily bars (`d`, a running partial day) are not
//   forwarded: a partial day is no completed bar.
// - Updated bars (`u`, subscribed with the bars: a correction of a minute bar already sent,
//   ~30 s later, PROTOCOL.md §9.3) do not change what the engine got — it decided on the bar as
//   first published, as a live trader would have — but are not lost either: each one that
//   changes a bar of the last `correctionWindow` bars of its symbol is logged and signalled as
//   `barCorrected` ("bar correction: SPY 2013-10-04T10:31 close 168.90 → 168.91", New York time
//   of the bar's start), and counted.
// - A staleness watchdog closes a socket that has delivered nothing for `staleAfter`, since a
//   socket can stay open yet stop sending (alpaca-py #740). With `staleOnlyWhileOpen` (the
//   default) only time inside NYSE regular sessions counts: nights, weekends and holidays are
//   quiet, not stale.
// - Reconnects back off exponentially (a handshake answered 429 is one more failure); an auth
//   answered 406 "connection limit exceeded" waits `connectionLimitRetry` (the server keeps an
//   old session up to ~90 s); 402, 409 and 411 are fatal.
// - After a reconnect the bars missed during the gap are fetched from the REST bars endpoint
//   (all pages) and handed over before any live bar that arrived meanwhile; bars are
//   de-duplicated by (symbol, start). Every page takes a token from a client-side RateLimiter
//   at the data API's limit and feeds its answer back (X-Ratelimit-* headers); a page answered
//   429, 5xx or not at all is asked again — the same page_token — once the limiter allows,
//   at most `backfillAttempts` times.
// Threads: the feed and its sockets live on the thread that creates it or that it is moved to
// (moveToThread moves them all; give it no parent then). start() and stop() may be called from
// any thread; everything else, and the sink, runs on the feed's thread. Destroy it there too
// (connect the thread's `finished` to deleteLater, then quit and wait).

#include "engine/core/nysecalendar.h"
#include "engine/core/symbol.h"
#include "engine/live/alpaca/alpacajson.h"
#include "engine/live/alpaca/credentials.h"
#include "engine/live/alpaca/marketdatasink.h"
#include "engine/live/alpaca/ratelimiter.h"

#include <QObject>
#include <QUrl>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

class QNetworkAccessManager;
class QTimer;
class QWebSocket;

namespace meridian::live {

struct AlpacaDataFeedOptions
{
    QUrl streamUrl; // e.g. wss://stream.data.alpaca.markets/v2/iex
    QUrl restUrl;   // e.g. https://data.alpaca.markets
    std::string feed = "iex"; // the REST `feed` parameter for backfills
    std::vector<std::string> bars;   // symbols per channel
    std::vector<std::string> trades;
    std::vector<std::string> quotes;
    std::string barTimeframe = "1Min";
    engine::Duration barInterval = engine::Duration::minutes(1);
    std::chrono::milliseconds staleAfter{180'000};
    // Count silence only while the exchange is open (regular sessions, early closes, holidays);
    // false: every second counts.
    bool staleOnlyWhileOpen = true;
    // How often the watchdog looks (wall time); zero: staleAfter / 4.
    std::chrono::milliseconds watchdogInterval{0};
    // Bars per symbol kept as published, to compare `u` corrections with.
    std::size_t correctionWindow = 30;
    std::chrono::milliseconds reconnectInitial{1'000};
    std::chrono::milliseconds reconnectMax{60'000};
    std::chrono::milliseconds connectionLimitRetry{30'000};
    std::chrono::milliseconds requestTimeout{10'000};
    // The market-data REST API's limit (PROTOCOL.md §4: 200/min; the headers correct it).
    int restRequestsPerMinute = 200;
    int backfillPageLimit = 10'000; // the `limit` of each bars page (1-10000)
    int backfillAttempts = 5;       // sends of one page in all (429, 5xx, no answer)
    std::function<engine::Timestamp()> now;         // default: the system clock
    std::function<void(std::string_view line)> log; // default: nothing

    static AlpacaDataFeedOptions iex(); // Alpaca's hosts, the free IEX feed
};

class AlpacaDataFeed : public QObject
{
    Q_OBJECT

public:
    AlpacaDataFeed(AlpacaDataFeedOptions options, Credentials credentials,
                   const engine::InstrumentTable &instruments, MarketDataSink &sink,
                   QObject *parent = nullptr);
    ~AlpacaDataFeed() override;

    void start();
    void stop();

    bool streaming() const { return m_streaming; }
    // Bars missed during a gap are being fetched (the feed's thread only).
    bool backfilling() const { return m_backfilling; }
    // The backfill's rate limiter (the feed's thread only).
    const RateLimiter &restLimiter() const { return m_limiter; }
    int connects() const { return m_connects; }
    // `u` messages that changed a bar the engine already had.
    int corrections() const { return m_corrections; }

signals:
    void subscribed();          // the server confirmed the subscription
    void stale();               // the watchdog closed a silent socket
    void backfilled(int bars);  // a gap was filled from REST
    void refused(QString why);  // fatal: bad keys, plan without this feed, ...
    // A bar already handed over was corrected (`u`): the notice, and the bar's end (the stamp
    // its Bar event had), in Unix nanoseconds.
    void barCorrected(QString notice, qint64 barEndUnixNanos);

private:
    void log(const std::string &line) const;
    engine::Timestamp now() const;
    void open();
    void onConnected();
    void onDisconnected();
    void onFrame(const QByteArray &frame);
    void onMessage(const AlpacaDataMessage &message);
    void scheduleReconnect(std::chrono::milliseconds delay);
    void checkStaleness();
    void startBackfill();
    void requestBarsPage(engine::Timestamp start, engine::Timestamp end, std::string pageToken,
                         int attempt = 1);
    void finishBackfill();
    // Hands over a bar unless one at or after its start was handed over for that symbol.
    void handOverBar(const AlpacaBar &bar);
    void handOver(const AlpacaDataMessage &message);
    void onCorrection(const AlpacaBar &bar);

    AlpacaDataFeedOptions m_options;
    Credentials m_credentials;
    const engine::InstrumentTable &m_instruments;
    engine::NyseCalendar m_calendar;
    MarketDataSink &m_sink;
    QNetworkAccessManager *m_network = nullptr;
    QWebSocket *m_socket = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_watchdog = nullptr;
    RateLimiter m_limiter;

    bool m_wanted = false;
    bool m_streaming = false;
    bool m_fatal = false;
    bool m_everSubscribed = false;
    bool m_backfilling = false;
    bool m_backfillAgain = false; // a reconnect came during the backfill
    int m_connects = 0;
    std::chrono::milliseconds m_reconnectDelay{0};
    engine::Timestamp m_lastMessage;
    engine::Timestamp m_firstSubscribed; // backfill start when no bar was ever seen
    std::map<std::string, engine::Timestamp> m_lastBarStart;
    std::map<std::string, std::deque<AlpacaBar>> m_published; // the last bars handed over
    int m_corrections = 0;
    std::vector<AlpacaBar> m_backfill;
    std::vector<AlpacaDataMessage> m_heldBack; // live messages that arrived during a backfill
};

} // namespace meridian::live
