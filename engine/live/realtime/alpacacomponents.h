#pragma once

// The Alpaca pieces of a paper or live run, as LiveRunner's factories (docs/live.md, "Paper and
// live against the sandbox"):
//
//   feed    an AlpacaDataFeed on its own QThread, subscribed to the minute bars of data.symbols,
//           posting every bar into the run's EventInbox (thread-safe) — or, when data.timeframe
//           is not 1m, the completed bars a BarAggregator builds from them (ticked every second
//           with the inbox's clock, so a quiet last minute does not hold a bar back); the
//           corrections (`u`) it saw are the run's MarketFeed::barCorrections();
//   broker  an AlpacaBroker (execution.type: broker) at the paper or live endpoint, or at
//           execution.trading_url, reporting order events through the runner's sink.
//
// Keys come only from Credentials::load (APCA_API_KEY_ID / APCA_API_SECRET_KEY, else the keyring
// service alpacaKeychainService() names), never from the YAML.
//
//     LiveOptions options = alpacaLiveOptions();
//     LiveRunner runner(config, registry, std::move(options));

#include "engine/config/engineconfig.h"
#include "engine/live/alpaca/credentials.h"
#include "engine/live/realtime/liverunner.h"

#include <QUrl>

#include <functional>
#include <string>

namespace meridian::live {

struct AlpacaEndpoints
{
    QUrl trading;       // REST base of the trading API
    QUrl tradingStream; // trade_updates WebSocket
    QUrl data;          // REST base of the market-data API
    QUrl dataStream;    // market-data WebSocket of data.feed
};

// Alpaca's hosts for execution.endpoint and data.feed, replaced by whatever the configuration
// names (execution.trading_url, data.url, data.stream_url).
AlpacaEndpoints alpacaEndpoints(const engine::EngineConfig &config);

// "meridian-alpaca-paper" or "meridian-alpaca-live": the keyring service of the endpoint's keys.
std::string alpacaKeychainService(const engine::EngineConfig &config);

// The run's key pair: APCA_API_KEY_ID / APCA_API_SECRET_KEY, else that keyring service; the
// error names both places when neither has them.
engine::Result<Credentials> alpacaCredentials(const engine::EngineConfig &config);

// Where the adapters' log lines go (already scrubbed of the secret); stderr when empty.
using AlpacaLog = std::function<void(std::string_view line)>;

FeedFactory alpacaFeedFactory(AlpacaLog log = {});
BrokerFactory alpacaBrokerFactory(AlpacaLog log = {});
// Both factories and the market clock (GET /v2/clock, for clock.source: broker): what
// `meridian run` plugs into LiveRunner.
LiveOptions alpacaLiveOptions(AlpacaLog log = {});

} // namespace meridian::live
