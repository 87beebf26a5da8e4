#pragma once

// The validated run configuration: what config/environments/*.yaml says, with every default
// filled in. ConfigLoader builds it; docs/configuration.md is the reference for every key.
//
//     StrategyRegistry registry;
//     strategies::registerBuiltinStrategies(registry);
//     const ConfigLoader loader(registry);
//     Result<EngineConfig> config = loader.loadFile("config/environments/backtest.yaml");
//     if (!config)
//         return config.error(); // "backtest.yaml:12:15: strategies[0].capital: expected ..."
//     config->strategies[0].params.integer("fast");   // 10
//
// Enum fields are spelled in YAML as the lower-case names printed by toString() below.

#include "engine/core/civiltime.h"
#include "engine/core/money.h"
#include "engine/sdk/context.h"
#include "engine/sdk/parameters.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

enum class RunMode { Backtest, Paper, Live };

struct ClockConfig
{
    enum class Type { Historical, Realtime };
    // Where a realtime clock's time comes from: the wall clock, or the broker's market clock — its
    // time at the start, then the times of the market data, running at `speed` in between (a
    // replay such as `meridian sandbox --speed 60x`, whose market time is not the wall clock).
    enum class Source { Wall, Broker };
    // Default: historical in backtest mode, realtime in paper and live mode.
    Type type = Type::Historical;
    Source source = Source::Wall;
    std::optional<Date> startDate; // historical only; none = from the first stored bar
    std::optional<Date> endDate;   // historical only, inclusive; none = to the last stored bar
    double speed = 0.0;            // replay pace: 0 = as fast as possible ("max"), "10x" -> 10;
                                   // realtime: 1 on the wall clock, the replay's pace on the
                                   // broker's
    bool marketHoursOnly = false;  // deliver events only while the exchange is open
};

struct DataConfig
{
    enum class Type { Historical, Realtime };
    enum class Adjustment { Raw, TotalReturn };
    // Default: historical in backtest mode, realtime in paper and live mode.
    Type type = Type::Historical;
    std::string source = "sqlite"; // "sqlite" (historical) | "alpaca" (realtime); follows type
    std::string path;              // SQLite store; "" = the default store path. '~' is expanded
                                   // and a relative path is resolved against the config file
    std::string timeframe = "1d";  // as Timeframe::parse reads it: "30s", "1m", "5m", "1h", "1d"
    // Every symbol the run streams, in order. When the YAML omits data.symbols this is the union
    // of the strategies' symbols in order of first appearance.
    std::vector<std::string> symbols;
    // data.universe: a universe (config/universes/NAME.yaml, or a file) whose members become
    // `symbols`; the run keeps those that pass the universe's filters. Both empty without one.
    std::string universe;     // as written in the YAML
    std::string universePath; // the universe file, absolute
    Adjustment adjustment = Adjustment::Raw; // total_return: OHLC scaled by adj_close / close
    // Realtime Alpaca feed: iex | sip | delayed_sip | otc | boats | overnight.
    std::string feed = "iex";
    // Realtime Alpaca feed: where the market-data API is; empty = Alpaca's hosts. `url` is the
    // REST base (backfills), `streamUrl` the WebSocket of the feed (its path names the feed).
    std::string url;       // http(s)://host[:port]
    std::string streamUrl; // ws(s)://host[:port]/v2/<feed>
    // Realtime only: also stream every trade / quote of the symbols (Trade and Quote events),
    // besides their bars.
    bool trades = false;
    bool quotes = false;
};

struct SlippageConfig
{
    enum class Model { None, Fixed, VolumeBased, MarketImpact, Spread };
    Model model = Model::None;
    double bps = 0;          // fixed: basis points against the trader on every fill
    double baseBps = 0;      // volume_based: base_bps + volume_factor × participation × 10⁴
    double volumeFactor = 0; // volume_based
    double k = 1.0;          // market_impact: k · σ · sqrt(quantity / ADV)
    int window = 20;         // market_impact: bars in σ and ADV
    double spreadBps = 0;    // spread: the quoted spread in bps; half of it is paid per fill
};

struct LatencyConfig
{
    double meanMs = 0; // simulated order latency, milliseconds
    double stdMs = 0;  // jitter (standard deviation), drawn from the seeded generator
};

struct CommissionConfig
{
    enum class Model { None, PerShare, PerOrder, Percent, Alpaca };
    Model model = Model::None;
    Money perShare;                   // per_share: per unit traded
    Money perOrder;                   // per_order: flat per fill
    double percent = 0;               // percent: a fraction of notional (0.001 = 0.1%)
    Money minPerOrder;                // floor for per_share and percent
    std::optional<double> maxPercent; // per_share: cap as a fraction of notional
    // alpaca: zero commission plus regulatory fees on sells (docs/execution.md gives sources)
    double secFeePerMillion = 27.80;
    double finraTafPerShare = 0.000166;
    Money finraTafMax = Money::fromRaw(830'000'000); // $8.30
};

struct ExecutionConfig
{
    enum class Type { Simulated, Broker };
    enum class FillAt { NextOpen, Close };
    enum class IntrabarPath { Ohlc, Olhc };
    // What a paper or live run does with its working orders when it stops.
    enum class OnStop { Cancel, Keep };
    // What a broker run does when the account already holds positions or open orders in the
    // run's symbols before it starts (its own books start flat).
    enum class StartCheck { RequireFlat, Warn };
    Type type = Type::Simulated;
    std::string broker = "alpaca";  // broker only
    std::string endpoint = "paper"; // broker only: "paper" | "live"
    FillAt fillAt = FillAt::NextOpen;
    IntrabarPath intrabarPath = IntrabarPath::Ohlc; // open→high→low→close, or open→low→high→close
    double maxParticipation = 0; // largest fraction of a bar's volume one fill takes; 0 = no cap
    bool queuePosition = false;  // tick data: resting limits fill on trades at their price
    SlippageConfig slippage;
    LatencyConfig latency;
    CommissionConfig commission;
    std::uint64_t seed = 42; // every random draw of the simulation comes from this seed
    // mode live: the file's own consent to real-money trading; `meridian run` also needs
    // --confirm-live (docs/live.md, "Running paper and live").
    bool confirmLive = false;
    OnStop onStop = OnStop::Cancel; // paper and live: cancel working orders on stop, or keep them
    StartCheck startCheck = StartCheck::RequireFlat; // broker: refuse to start unless flat
    // broker only: the trading API's REST base, http(s)://host[:port]; empty = the broker's host
    // for `endpoint`. The trade_updates stream is the same host's /stream (ws, or wss for https).
    std::string tradingUrl;
};

struct StrategyConfig
{
    std::string name;     // instance name, unique in the run
    std::string strategy; // the registered strategy; = name when the YAML omits `strategy`
    bool enabled = true;
    Money capital;                    // > 0; the strategy's sub-account starts with this cash
    std::vector<std::string> symbols; // non-empty, each a valid Symbol, no duplicates
    Parameters params;     // validated against the schema; missing ones hold the schema default
    RiskLimits riskLimits; // YAML > risk_limits_file defaults > RiskLimits defaults
};

// Limits over the whole account: every strategy of the run together.
struct AccountRiskConfig
{
    std::optional<double> maxLeverage;     // Σ gross exposure as a multiple of Σ equity
    std::optional<double> maxPositionSize; // one symbol's net position (all strategies) / Σ equity
    std::optional<double> maxDailyLoss;    // Σ equity below the day's start by this fraction
    std::optional<double> maxDrawdown;     // kill switch: Σ equity below its peak by this fraction
    bool flattenOnBreach = false;          // the kill switches also close every position
};

struct AnalyticsConfig
{
    double riskFreeRate = 0.0; // annual, as a fraction (0.02 = 2%)
};

// features.drift: compare each subscribed feature's recent distribution with its reference one
// per symbol during a run (docs/features.md, "Drift monitoring").
struct FeatureDriftConfig
{
    int referenceBars = 250; // the first values of the feature form the reference sample
    int recentBars = 60;     // the last values form the recent sample, checked every bar
    double psiThreshold = 0.25;
    double ksThreshold = 0.3;
};

struct FeaturesConfig
{
    bool cache = true;
    bool computeOnDemand = true;
    std::optional<FeatureDriftConfig> drift; // none: no drift monitoring
};

struct EngineConfig
{
    RunMode mode = RunMode::Backtest; // required in the YAML
    ClockConfig clock;
    DataConfig data;
    ExecutionConfig execution;
    std::vector<StrategyConfig> strategies; // in file order, disabled ones included
    FeaturesConfig features;
    AnalyticsConfig analytics;
    AccountRiskConfig accountRiskLimits;
    std::string sourcePath; // the file loaded (or the display name given to loadText)
    // Every file the configuration was read from: sourcePath first, then the strategies file
    // and the risk limits file when the configuration includes them.
    std::vector<std::string> sourceFiles;
};

// The YAML spelling of each enum value ("backtest", "next_open", "volume_based", ...).
std::string_view toString(RunMode mode);
std::string_view toString(ClockConfig::Type type);
std::string_view toString(DataConfig::Type type);
std::string_view toString(DataConfig::Adjustment adjustment);
std::string_view toString(SlippageConfig::Model model);
std::string_view toString(CommissionConfig::Model model);
std::string_view toString(ExecutionConfig::Type type);
std::string_view toString(ExecutionConfig::FillAt fillAt);
std::string_view toString(ExecutionConfig::IntrabarPath path);

} // namespace meridian::engine
