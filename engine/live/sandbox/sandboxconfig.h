#pragma once

// Everything the sandbox server is started with: the key pair it expects, the replay it serves
// and the fill realism. Defaults follow SANDBOX.md (partial fills 10 %, 200 requests/min).

#include "engine/core/money.h"
#include "engine/core/timestamp.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace meridian::live {

struct SandboxConfig
{
    QString keyId;
    QString secret;

    QString storePath;                          // the SQLite bar store (engine/data/barstore.h)
    QStringList symbols;                        // replayed symbols; also the tradable assets
    QString timeframe = QStringLiteral("1Min"); // "1Min" or "1Day"
    // Replay range on bar event times (inclusive); unset = the whole dataset.
    std::optional<engine::Timestamp> from;
    std::optional<engine::Timestamp> to;
    // 0 = "max": the replay only advances through step(); N > 0 = N x market time on a timer.
    double speed = 0.0;

    std::uint64_t seed = 1;
    double partialFillP = 0.1;
    int latencyMs = 0; // pending_new -> new, in wall-clock milliseconds
    bool shortingEnabled = false;
    bool fractionable = true;
    engine::Money initialCash = engine::Money::fromUnits(100'000);
    // A day order unfilled at the close ends "expired" (default) or "canceled".
    bool dayExpiryCancels = false;
    int rateLimitPerMinute = 200;
    // Market orders (and triggered stops) fill this many basis points worse than the open,
    // rounded to the cent away from the trader's favour.
    int slippageBps = 0;
    // > 0: an execution takes at most this fraction of the bar's volume (whole shares), so
    // large orders fill over several bars; fok orders that do not fit are canceled.
    double maxParticipation = 0.0;
    // Data stream: a dropped authenticated session still counts for this long (Alpaca: ~90 s),
    // so an immediate reconnect gets 406.
    int dataSessionReapMs = 0;
    // Data stream: a connection that has not authenticated by then gets 404 "auth timeout" and
    // is closed (Alpaca: 10 s).
    int dataAuthTimeoutMs = 10'000;
    // Data stream: synthetic `t` (at the close, size = volume) and `q` (close -/+ half this
    // spread) messages with each bar, for trade/quote subscribers. A sandbox feature.
    engine::Price syntheticSpread = engine::Price::fromRaw(1'000'000); // $0.01
    // Data stream: `u` updated bars (PROTOCOL.md §9.3), a sandbox feature for updatedBars
    // subscribers of a minute replay: every correctionEvery-th published bar (counted across
    // symbols in publish order; 0 = off) is re-sent correctionAfterMs of market time after its
    // end with the same `t`, close + $0.01 (high raised to it if needed) and volume + 1.
    int correctionEvery = 0;
    int correctionAfterMs = 30'000;
    // Data stream: a subscription naming more distinct symbols (all channels, "*" counts once)
    // than this is refused with 405 and the previous set kept; 0 = no limit (free IEX: 30).
    int maxSymbolsPerSubscription = 0;
    // Data stream: a client whose unsent outgoing bytes exceed this gets 407 "slow client" and
    // is closed; 0 = no limit.
    qint64 slowClientBytes = 0;
    // Data stream: the feeds the key pair's plan includes (e.g. {"iex"}); authenticating on any
    // other gets 409 "insufficient subscription". Empty = every feed.
    QStringList dataFeeds;
    bool binaryFrames = false; // send trade_updates JSON in binary frames, like paper
    // JSONL journal of every HTTP exchange and trading-stream frame (secrets redacted); empty =
    // none.
    QString journalPath;
};

} // namespace meridian::live
