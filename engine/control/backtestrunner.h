#pragma once

// runBacktest: builds a backtest from an EngineConfig exactly as ARCHITECTURE.md's "Modes are
// configuration" table says (historical clock, SQLite bar store, SimulatedBroker), runs the one
// event loop to the end of the data, and returns everything a report needs.
//
//     ConfigLoader loader(registry);
//     auto config = loader.loadFile("config/environments/backtest.yaml");
//     auto result = runBacktest(*config, registry, BacktestOptions{});
//     std::cout << backtestSummary(*result);          // backtestreport.h

#include "engine/analytics/performance.h"
#include "engine/config/engineconfig.h"
#include "engine/control/tradingengine.h"
#include "engine/core/eventloop.h"
#include "engine/core/symbol.h"
#include "engine/data/timeframe.h"
#include "engine/execution/simulatedbroker.h"
#include "engine/sdk/strategyregistry.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace meridian::engine {

struct BacktestOptions
{
    std::string storePath;              // overrides data.path when not empty
    std::optional<Timestamp> from;      // overrides clock.start_date (inclusive)
    std::optional<Timestamp> to;        // overrides clock.end_date (inclusive)
    std::string bundledDataDir;         // when set, bundled sample data fills an empty store
    const std::atomic<bool> *cancel = nullptr;
    EventRecorder *recorder = nullptr;
    // Sees the run at the end of every instant, on the running thread (tradingengine.h).
    InstantObserver *observer = nullptr;
    // Bars from memory instead of the store (benchmarks, tests): InstrumentIds follow the order
    // of data.symbols, starting at 1. The date range and adjustment are the source's business.
    DataSource *source = nullptr;
    // Keep every order and fill of the run in the result (the workstation's tables, tests).
    // Without it the result holds counts only, and memory does not grow with the run's length
    // beyond the equity curve and the trade list.
    bool retainOrderLog = true;
};

struct DatasetUsed
{
    std::string symbol;
    std::string timeframe;
    int version = 0;
    std::int64_t rows = 0;
};

struct StrategyResult
{
    std::string name;
    std::string className;
    std::vector<std::string> symbols;
    StrategyState state = StrategyState::Running;
    std::optional<StrategyFault> fault;
    Money initialEquity;
    Money finalEquity;
    Money commission;
    std::vector<EquityPoint> equity;
    PerformanceMetrics metrics; // its trades are in BacktestResult::trades
    // The features it read: versions (inputs included), the values behind each order, and
    // values withheld by validation.
    std::vector<std::string> featureVersions;
    std::vector<FeatureTrace> featureTraces;
    std::vector<FeatureIssue> featureIssues;
    // Splits and dividends applied to its positions (raw prices only).
    std::vector<CorporateActionRecord> corporateActions;
};

struct BacktestResult
{
    std::string configPath;
    std::string timeframe;
    bool fillAtClose = false;
    std::string adjustment;      // "raw" or "total_return"
    EventLoop::Outcome outcome = EventLoop::Outcome::Completed;
    std::vector<StrategyResult> strategies;
    // The whole run: the sum of the strategies' sub-accounts.
    std::vector<EquityPoint> equity;
    std::vector<TradeRecord> trades; // every strategy's: closed, then still open (exitTime empty)
    PerformanceMetrics metrics;
    Money initialEquity;
    Money finalEquity;
    Money commission;
    std::vector<std::string> symbols;
    // data.universe: the members its filters left out of the run, and why.
    std::vector<std::pair<std::string, std::string>> universeExcluded;
    std::vector<DatasetUsed> datasets;
    std::uint64_t ordersSubmitted = 0; // including rejected ones
    std::uint64_t ordersRejected = 0;
    std::uint64_t fillCount = 0;
    ExecutionSummary execution; // over every order that finished (docs/metrics.md, "execution")
    std::vector<Order> orders;      // with BacktestOptions::retainOrderLog
    std::vector<FillRecord> fills;  // with BacktestOptions::retainOrderLog
    std::vector<Alert> alerts;
    std::vector<FeatureDriftRecord> featureDrift; // features.drift alerts, in time order
    InstrumentTable instruments;
    std::uint64_t eventsProcessed = 0;
    std::uint64_t bars = 0;
    double elapsedSeconds = 0.0;
    double riskFreeRate = 0.0;

    double eventsPerSecond() const
    {
        return elapsedSeconds > 0.0 ? static_cast<double>(eventsProcessed) / elapsedSeconds : 0.0;
    }
};

// The enabled strategies of `config` as engine setups: the registered classes instantiated with
// their parameters, risk limits, capital and drift settings; InstrumentIds from `instruments`.
// Shared by backtests and paper/live runs (engine/live), which must build strategies alike.
[[nodiscard]] Result<std::vector<StrategySetup>> strategySetups(const EngineConfig &config,
                                                                const StrategyRegistry &registry,
                                                                const InstrumentTable &instruments);
// data.symbols, in order, into result.instruments (InstrumentIds from 1) and result.symbols.
std::optional<Error> addDataSymbols(const EngineConfig &config, BacktestResult &result);
// The SimulatedBroker settings the execution section describes (backtests, and paper runs with
// simulated execution).
SimulatedBrokerConfig simulatedBrokerConfig(const ExecutionConfig &execution);

// Fills `result` (everything but the configuration fields runBacktest sets first: instruments,
// symbols, timeframe, ...) from a finished run: per-strategy equity, trades and metrics, the
// account totals, order and fill counts, alerts. Shared with paper/live runs (engine/live).
void collectRunResult(TradingEngine &engine, const EventLoop &loop, const Timeframe &timeframe,
                      double riskFreeRate, bool retainOrderLog, BacktestResult &result);

// A round trip as a trade-list line.
TradeRecord tradeRecord(std::string symbol, const RoundTrip &trip);

[[nodiscard]] Result<BacktestResult> runBacktest(const EngineConfig &config,
                                                 const StrategyRegistry &registry,
                                                 const BacktestOptions &options);

} // namespace meridian::engine
