// `meridian sandbox`: the loopback Alpaca stand-in (engine/live/sandbox).

#include "commandline.h"
#include "commands.h"

#include "engine/data/barstore.h"
#include "engine/live/sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>

#include <csignal>
#include <iostream>
#include <tuple>
#include <utility>

namespace meridian::app {

using namespace meridian::engine;

namespace {

// SIGINT/SIGTERM only set this flag (all a signal handler may safely do); a timer in the event
// loop turns it into a clean quit. It is the one piece of process-wide state the handler needs.
volatile std::sig_atomic_t stopRequested = 0;

void requestStop(int)
{
    stopRequested = 1;
}

// The fault switches of the command line as the JSON that POST /_sandbox/faults takes.
std::optional<QJsonObject> sandboxFaults(const QCommandLineParser &parser, QString &error)
{
    QJsonObject faults;
    if (parser.isSet("reject-next-order"))
        faults.insert("reject_next_order", parser.value("reject-next-order"));
    for (const auto &[option, key] :
         {std::pair{"http-status", "http_status"}, std::pair{"fault-count", "count"},
          std::pair{"delay-ms", "delay_ms"}, std::pair{"handshake-429", "handshake_429"}}) {
        if (!parser.isSet(option))
            continue;
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < 0) {
            error = QString("--%1: '%2' is not a non-negative integer")
                        .arg(option, parser.value(option));
            return std::nullopt;
        }
        faults.insert(key, value);
    }
    if (parser.isSet("fault-path"))
        faults.insert("path", parser.value("fault-path"));
    for (const auto &[option, key] : {std::pair{"commit-then-drop", "commit_then_drop"},
                                      std::pair{"duplicate-events", "duplicate_events"}}) {
        if (parser.isSet(option))
            faults.insert(key, true);
    }
    return faults;
}

} // namespace

int runSandboxCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "A loopback Alpaca stand-in replaying stored bars (shared/alpaca/SANDBOX.md). Prints its "
        "URLs and runs until SIGINT/SIGTERM. Fault switches can also be set at run time with "
        "POST /_sandbox/faults.");
    parser.addHelpOption();
    parser.addOptions({
        {"store", "SQLite bar store (default: the user's store).", "PATH"},
        {"symbols", "Comma-separated symbols to replay and trade.", "SYMS"},
        {"timeframe", "1Min or 1Day (default 1Min).", "TF"},
        {"from", "First bar (date or ISO-8601 time, New York).", "WHEN"},
        {"to", "Last bar (date includes the whole day).", "WHEN"},
        {"speed", "max (advance only through POST /_sandbox/step) or Nx market time (default max).",
         "SPEED"},
        {"port", "Port on 127.0.0.1 (0 = a free port; default 0).", "PORT"},
        {"key-id", "Expected API key id (default $APCA_API_KEY_ID).", "KEY"},
        {"secret", "Expected API secret (default $APCA_API_SECRET_KEY).", "SECRET"},
        {"seed", "Random seed for partial fills and ids (default 1).", "N"},
        {"partial-fill-p", "Probability of a partial fill (default 0.1).", "P"},
        {"latency-ms", "pending_new -> new delay (default 0).", "MS"},
        {"initial-cash", "Starting cash (default 100000).", "USD"},
        {"shorting", "Allow short sales."},
        {"day-expiry", "What an unfilled day order becomes at the close: expired|canceled.",
         "STATE"},
        {"rate-limit", "Requests per minute (default 200).", "N"},
        {"slippage-bps", "Market fills this many basis points worse than the open (default 0).",
         "BPS"},
        {"max-participation", "Cap each execution at this fraction of the bar's volume (0 = off).",
         "F"},
        {"binary-frames", "Send trade_updates in binary frames, like paper."},
        {"corrections", "Re-send every Nth published minute bar as a `u` correction (0 = off).",
         "N"},
        {"corrections-after-ms", "Market time from a bar's end to its correction (default 30000).",
         "MS"},
        {"max-symbols", "Refuse data subscriptions of more symbols with 405 (0 = no limit).", "N"},
        {"slow-client-bytes", "Cut data clients with more unsent bytes with 407 (0 = no limit).",
         "BYTES"},
        {"data-feeds",
         "Comma-separated data feeds the keys may use (default all); others get 409.", "FEEDS"},
        {"journal",
         "Append every HTTP exchange and trading-stream frame to this JSONL file "
         "(keys and secrets left out).",
         "PATH"},
        {"reject-next-order", "403_bp|403_qty|422|post_accept for the next order.", "MODE"},
        {"http-status", "Fail the next --fault-count requests with 429|500|502|503.", "STATUS"},
        {"fault-count", "How many requests --http-status fails (default 1).", "N"},
        {"fault-path", "Path prefix --http-status and --delay-ms apply to.", "PATH"},
        {"delay-ms", "Delay responses by this many milliseconds.", "MS"},
        {"commit-then-drop", "Create the next order but drop the connection instead of answering."},
        {"duplicate-events", "Send every trade update twice (same execution_id)."},
        {"handshake-429", "Answer the next N WebSocket upgrades with HTTP 429.", "N"},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;

    live::SandboxConfig config;
    config.keyId
        = parser.isSet("key-id") ? parser.value("key-id") : qEnvironmentVariable("APCA_API_KEY_ID");
    config.secret = parser.isSet("secret") ? parser.value("secret")
                                           : qEnvironmentVariable("APCA_API_SECRET_KEY");
    if (config.keyId.isEmpty() || config.secret.isEmpty())
        return usageError(
            parser, "--key-id and --secret (or APCA_API_KEY_ID/APCA_API_SECRET_KEY) are required");
    config.storePath = parser.isSet("store") ? parser.value("store")
                                             : QString::fromStdString(defaultStorePath());
    config.symbols = parser.value("symbols").split(',', Qt::SkipEmptyParts);
    if (config.symbols.isEmpty())
        return usageError(parser, "--symbols is required, e.g. --symbols SPY,AAPL");
    if (parser.isSet("timeframe"))
        config.timeframe = parser.value("timeframe");
    if (const auto bad = readRange(parser, config.from, config.to))
        return usageError(parser, *bad);
    const QString speed = parser.isSet("speed") ? parser.value("speed") : QString("max");
    if (speed != "max") {
        bool ok = false;
        config.speed = speed.endsWith('x') ? speed.chopped(1).toDouble(&ok) : 0.0;
        if (!ok || config.speed <= 0)
            return usageError(parser,
                              QString("--speed: '%1' is neither max nor Nx (e.g. 60x)").arg(speed));
    }
    auto number = [&](const char *option, double low, double high, double &out) -> bool {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || value < low || value > high)
            return false;
        out = value;
        return true;
    };
    double port = 0;
    double seed = 1;
    double partial = config.partialFillP;
    double latency = 0;
    double rate = config.rateLimitPerMinute;
    double slippage = 0;
    double participation = 0;
    double corrections = 0;
    double correctionsAfter = config.correctionAfterMs;
    double maxSymbols = 0;
    double slowClient = 0;
    for (const auto &[option, low, high, target] :
         {std::tuple{"port", 0.0, 65535.0, &port}, std::tuple{"seed", 0.0, 9e15, &seed},
          std::tuple{"partial-fill-p", 0.0, 1.0, &partial},
          std::tuple{"latency-ms", 0.0, 600000.0, &latency},
          std::tuple{"rate-limit", 1.0, 1e6, &rate},
          std::tuple{"slippage-bps", 0.0, 1000.0, &slippage},
          std::tuple{"max-participation", 0.0, 1.0, &participation},
          std::tuple{"corrections", 0.0, 1e6, &corrections},
          std::tuple{"corrections-after-ms", 0.0, 86'400'000.0, &correctionsAfter},
          std::tuple{"max-symbols", 0.0, 1e6, &maxSymbols},
          std::tuple{"slow-client-bytes", 0.0, 1e12, &slowClient}}) {
        if (!number(option, low, high, *target))
            return usageError(parser, QString("--%1: '%2' is not a number in [%3, %4]")
                                          .arg(option, parser.value(option))
                                          .arg(low)
                                          .arg(high));
    }
    config.seed = std::uint64_t(seed);
    config.partialFillP = partial;
    config.latencyMs = int(latency);
    config.rateLimitPerMinute = int(rate);
    config.slippageBps = int(slippage);
    config.maxParticipation = participation;
    config.correctionEvery = int(corrections);
    config.correctionAfterMs = int(correctionsAfter);
    config.maxSymbolsPerSubscription = int(maxSymbols);
    config.slowClientBytes = qint64(slowClient);
    config.dataFeeds = parser.value("data-feeds").split(',', Qt::SkipEmptyParts);
    for (const QString &feed : std::as_const(config.dataFeeds)) {
        if (!QStringList{"iex", "sip", "delayed_sip", "test"}.contains(feed))
            return usageError(
                parser,
                QString("--data-feeds: '%1' is not iex, sip, delayed_sip or test").arg(feed));
    }
    if (parser.isSet("initial-cash")) {
        const auto cash = Money::parse(text(parser.value("initial-cash")));
        if (!cash || !cash->isPositive())
            return usageError(parser, "--initial-cash: not a positive decimal amount");
        config.initialCash = *cash;
    }
    config.shortingEnabled = parser.isSet("shorting");
    config.binaryFrames = parser.isSet("binary-frames");
    config.journalPath = parser.value("journal");
    if (parser.isSet("day-expiry")) {
        const QString state = parser.value("day-expiry");
        if (state != "expired" && state != "canceled")
            return usageError(parser, "--day-expiry: expected expired or canceled");
        config.dayExpiryCancels = state == "canceled";
    }
    QString faultError;
    const auto faults = sandboxFaults(parser, faultError);
    if (!faults)
        return usageError(parser, faultError);

    live::SandboxServer sandbox(config);
    if (const auto started = sandbox.start(quint16(port)); !started)
        return fail(started.error().message());
    if (!faults->isEmpty()) {
        if (const auto applied = sandbox.applyFaults(*faults); !applied)
            return fail(applied.error().message());
    }
    std::cout << "trading: " << text(sandbox.tradingBaseUrl().toString()) << "\n"
              << "trading stream: " << text(sandbox.tradingStreamUrl().toString()) << "\n"
              << "data: " << text(sandbox.dataBaseUrl().toString()) << "\n"
              << "data stream: " << text(sandbox.dataStreamUrl("iex").toString()) << "\n"
              << "control: " << text(sandbox.tradingBaseUrl().toString())
              << "/_sandbox/{faults,reset,step}\n"
              << std::flush;

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [] {
        if (stopRequested)
            QCoreApplication::quit();
    });
    poll.start(100);
    QObject::connect(&sandbox, &live::SandboxServer::finished, [] {
        std::cout << "replay finished; still serving until SIGINT/SIGTERM\n" << std::flush;
    });
    QCoreApplication::exec();
    sandbox.stop();
    std::cout << "sandbox stopped\n";
    return 0;
}

} // namespace meridian::app
