#pragma once

// What the broker account already holds before a run with broker execution starts.
//
// A run's books start flat at its configured capital, so a position or an open order in one of
// the run's symbols that this run did not make is invisible to its strategies and its risk
// limits: a strategy that buys 100 SPY on an account already long 100 SPY doubles the exposure,
// and an order left working by an earlier run (execution.on_stop: keep) can fill under it.
// With execution.start_check: require_flat (the default) such a run refuses to start and lists
// what it found; with warn it lists it and starts anyway. An account that cannot trade (status
// other than ACTIVE, trading or account blocked) always refuses. Holdings in other symbols are
// listed, never refused: they are not the run's business.
//
//     const Result<BrokerStartReport> report = checkBrokerAccount(config); // GETs on this thread
//     for (const std::string &line : report->lines) std::cout << line << "\n";
//     if (report->refusal) return fail(report->refusal->message());

#include "engine/config/engineconfig.h"
#include "engine/core/result.h"
#include "engine/live/alpaca/alpacajson.h"
#include "engine/live/alpaca/credentials.h"

#include <QUrl>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace meridian::live {

struct BrokerAccountState
{
    AlpacaAccount account;
    AlpacaClock clock;
    std::vector<AlpacaPosition> positions;
    std::vector<AlpacaOrder> openOrders;
};

struct BrokerStartReport
{
    std::vector<std::string> lines; // the account, the market, every holding: one fact per line
    std::optional<engine::Error> refusal;
};

// GET /v2/account, /v2/clock, /v2/positions and /v2/orders?status=open on the calling thread
// (a local event loop: the thread needs a QCoreApplication and must not be a QThread's
// busy event loop of someone else). Each request is bounded by `timeout`; an HTTP error or an
// unreadable body is an error naming the request.
engine::Result<BrokerAccountState> fetchBrokerAccountState(const QUrl &tradingBase,
                                                           const Credentials &credentials,
                                                           std::chrono::milliseconds timeout);

// GET /v2/clock alone, the same way: the broker's market clock (clock.source: broker).
engine::Result<AlpacaClock> fetchBrokerClock(const QUrl &tradingBase,
                                             const Credentials &credentials,
                                             std::chrono::milliseconds timeout);

// The verdict on `state` for a run trading `symbols` under `policy`.
BrokerStartReport assessBrokerStart(const BrokerAccountState &state,
                                    const std::vector<std::string> &symbols,
                                    engine::ExecutionConfig::StartCheck policy);

// Both, for a configuration with execution.type: broker, with the endpoint and keys its broker
// adapter uses (alpacacomponents.h).
engine::Result<BrokerStartReport>
checkBrokerAccount(const engine::EngineConfig &config,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

} // namespace meridian::live
