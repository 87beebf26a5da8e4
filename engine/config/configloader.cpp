#include "engine/config/configloader.h"

#include "engine/config/strategiesconfig.h"
#include "engine/config/yamlreader.h"
#include "engine/data/timeframe.h"
#include "engine/data/universe.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string_view>
#include <system_error>
#include <utility>

namespace meridian::engine {

namespace {

using detail::inQuotes;
using detail::Item;
using detail::joinList;
using detail::MapView;
using detail::parseNumber;
using detail::PartialRiskLimits;
using detail::Range;
using detail::Source;
using detail::StrategiesReader;
using detail::StrategyItems;

const std::initializer_list<std::string_view> rootKeys
    = {"mode",      "clock",     "data",             "execution",          "strategies",
       "features",  "analytics", "risk_limits_file", "account_risk_limits"};
const std::initializer_list<std::string_view> accountRiskKeys
    = {"max_leverage", "max_position_size", "max_daily_loss", "max_drawdown", "flatten_on_breach"};
const std::initializer_list<std::string_view> clockKeys
    = {"type", "start_date", "end_date", "speed", "market_hours_only", "source"};
const std::initializer_list<std::string_view> dataKeys
    = {"type", "source", "path", "timeframe", "symbols", "universe", "adjustment", "feed",
       "url",  "stream_url", "trades", "quotes"};
const std::initializer_list<std::string_view> executionKeys
    = {"type",    "broker",     "endpoint", "fill_at",          "intrabar_path",
       "slippage", "latency",   "commission", "max_participation", "queue_position",
       "seed",    "confirm_live", "on_stop",    "trading_url",       "start_check"};
const std::initializer_list<std::string_view> slippageKeys
    = {"model", "bps", "base_bps", "volume_factor", "k", "window", "spread_bps"};
const std::initializer_list<std::string_view> latencyKeys = {"mean_ms", "std_ms"};
const std::initializer_list<std::string_view> commissionKeys
    = {"model",         "per_share",   "per_order",           "percent",
       "min_per_order", "max_percent", "sec_fee_per_million", "finra_taf_per_share",
       "finra_taf_max"};
const std::initializer_list<std::string_view> featuresKeys = {"cache", "compute_on_demand", "drift"};
const std::initializer_list<std::string_view> driftKeys = {"reference_bars", "recent_bars",
                                                           "psi_threshold", "ks_threshold"};
const std::initializer_list<std::string_view> analyticsKeys = {"risk_free_rate"};

class Builder : public StrategiesReader
{
public:
    Builder(const StrategyRegistry &registry, const ConfigLoader::EnvironmentLookup &environment)
        : StrategiesReader(registry, environment)
    {}

    Result<EngineConfig> build(std::string_view text, const std::string &displayName)
    {
        const Source &source = addSource(displayName);
        m_config.sourcePath = displayName;
        if (const auto root = parseDocument(source, text))
            parseRoot(*root);
        return finish();
    }

    Result<EngineConfig> buildFile(const std::string &path)
    {
        std::string text;
        if (const auto error = readFile(path, text))
            return Error("cannot open config file " + inQuotes(path) + ": " + *error);
        return build(text, path);
    }

private:
    Result<EngineConfig> finish()
    {
        if (auto message = errorText())
            return Error(std::move(*message));
        m_config.sourceFiles = sourceNames();
        m_config.strategies = std::move(m_strategies);
        return std::move(m_config);
    }

    // --- sections ---------------------------------------------------------------------------

    void parseRoot(const Item &root)
    {
        if (root.node.IsNull() || !root.node.IsDefined()) {
            report(root, "the configuration is empty; expected a map with keys "
                             + joinList(toStrings(rootKeys)));
            return;
        }
        const auto view = map(root, rootKeys);
        if (!view)
            return;

        std::optional<RunMode> mode;
        if (const Item *item = view->find("mode")) {
            m_modeItem = *item;
            mode = choice<RunMode>(*item, {{"backtest", RunMode::Backtest},
                                           {"paper", RunMode::Paper},
                                           {"live", RunMode::Live}});
            if (mode)
                m_config.mode = *mode;
        } else {
            report(root, "missing required key 'mode' (backtest, paper or live)");
        }
        // Components default to what the mode needs; explicit contradictions are errors below.
        const bool realtime = mode && *mode != RunMode::Backtest;
        m_config.clock.type
            = realtime ? ClockConfig::Type::Realtime : ClockConfig::Type::Historical;
        m_config.clock.speed = realtime ? 1.0 : 0.0;
        m_config.data.type = realtime ? DataConfig::Type::Realtime : DataConfig::Type::Historical;
        m_config.data.source = realtime ? "alpaca" : "sqlite";

        PartialRiskLimits riskDefaults;
        if (const Item *item = view->find("risk_limits_file"))
            riskDefaults = parseRiskLimitsFile(*item);
        if (const Item *item = view->find("clock"))
            parseClock(*item);
        if (const Item *item = view->find("data"))
            parseData(*item);
        if (const Item *item = view->find("execution"))
            parseExecution(*item);
        if (const Item *item = view->find("strategies"))
            parseStrategies(*item, riskDefaults);
        else
            report(root, "missing required key 'strategies' (a list, or the path of a "
                         "strategies file)");
        if (const Item *item = view->find("features"))
            parseFeatures(*item);
        if (const Item *item = view->find("analytics"))
            parseAnalytics(*item);
        if (const Item *item = view->find("account_risk_limits"))
            parseAccountRisk(*item);

        if (mode)
            checkMode(*mode);
        checkSymbols();
    }

    void parseClock(const Item &item)
    {
        const auto view = map(item, clockKeys);
        if (!view)
            return;
        ClockConfig &clock = m_config.clock;
        if (const Item *type = view->find("type")) {
            m_clockType = *type;
            if (const auto value
                = choice<ClockConfig::Type>(*type, {{"historical", ClockConfig::Type::Historical},
                                                    {"realtime", ClockConfig::Type::Realtime}})) {
                clock.type = *value;
                clock.speed = *value == ClockConfig::Type::Realtime ? 1.0 : 0.0;
            }
        }
        const bool historical = clock.type == ClockConfig::Type::Historical;
        const Item *start = view->find("start_date");
        const Item *end = view->find("end_date");
        for (const Item *dateItem : {start, end}) {
            if (dateItem && !historical)
                report(*dateItem, "applies only to a historical clock");
        }
        if (start && historical)
            clock.startDate = date(*start);
        if (end && historical)
            clock.endDate = date(*end);
        if (clock.startDate && clock.endDate && *clock.endDate < *clock.startDate)
            report(*end, "end date " + clock.endDate->toString() + " is before start date "
                             + clock.startDate->toString());
        if (const Item *source = view->find("source")) {
            if (historical)
                report(*source, "applies only to a realtime clock");
            else if (const auto value = choice<ClockConfig::Source>(
                         *source, {{"wall", ClockConfig::Source::Wall},
                                   {"broker", ClockConfig::Source::Broker}}))
                clock.source = *value;
        }
        if (const Item *speed = view->find("speed")) {
            if (const auto value = parseSpeed(*speed)) {
                const std::string got = inQuotes(speed->node.Scalar());
                if (!historical && clock.source == ClockConfig::Source::Wall && *value != 1.0)
                    report(*speed, "a realtime clock on the wall clock runs at 1x, got " + got);
                else if (!historical && *value == 0.0)
                    report(*speed, "a realtime clock that follows the broker needs the replay's "
                                   "pace, such as '60x', got " + got);
                else
                    clock.speed = *value;
            }
        }
        if (const Item *hours = view->find("market_hours_only")) {
            if (const auto value = boolean(*hours))
                clock.marketHoursOnly = *value;
        }
    }

    // "max" = 0 (as fast as possible), "10x" or 10 = ten times real time.
    std::optional<double> parseSpeed(const Item &item)
    {
        const std::string expected = "'max', a pace such as '10x', or a positive number";
        const auto text = scalar(item, expected);
        if (!text)
            return std::nullopt;
        if (*text == "max")
            return 0.0;
        std::string_view digits = *text;
        if (!digits.empty() && (digits.back() == 'x' || digits.back() == 'X'))
            digits.remove_suffix(1);
        const auto value = parseNumber(digits);
        if (!value || *value <= 0) {
            report(item, "expected " + expected + ", got " + inQuotes(*text));
            return std::nullopt;
        }
        return value;
    }

    void parseData(const Item &item)
    {
        const auto view = map(item, dataKeys);
        if (!view)
            return;
        DataConfig &data = m_config.data;
        if (const Item *type = view->find("type")) {
            m_dataType = *type;
            if (const auto value
                = choice<DataConfig::Type>(*type, {{"historical", DataConfig::Type::Historical},
                                                   {"realtime", DataConfig::Type::Realtime}})) {
                data.type = *value;
                data.source = *value == DataConfig::Type::Realtime ? "alpaca" : "sqlite";
            }
        }
        if (const Item *source = view->find("source")) {
            if (const auto value
                = choice<std::string_view>(*source, {{"sqlite", "sqlite"}, {"alpaca", "alpaca"}})) {
                const bool historical = data.type == DataConfig::Type::Historical;
                if (historical && *value != "sqlite")
                    report(*source, "historical data comes from 'sqlite', got " + inQuotes(*value));
                else if (!historical && *value != "alpaca")
                    report(*source, "realtime data comes from 'alpaca', got " + inQuotes(*value));
                else
                    data.source = std::string(*value);
            }
        }
        if (const Item *path = view->find("path")) {
            if (!path->node.IsNull()) {
                if (const auto text = scalar(*path, "a file path")) {
                    if (!text->empty()) {
                        if (const auto resolved = filePath(*path, *text))
                            data.path = *resolved;
                    }
                }
            }
        }
        if (const Item *timeframe = view->find("timeframe")) {
            if (const auto text = scalar(*timeframe, "a bar length such as 1m, 5m, 1h or 1d")) {
                // The bar store's own parser, so that the config accepts exactly what the data
                // layer can serve.
                const auto parsed = Timeframe::parse(*text);
                if (!parsed)
                    report(*timeframe, parsed.error().message());
                else if (data.type == DataConfig::Type::Realtime && !parsed->daily
                         && parsed->length.count() % Duration::minutes(1).count() != 0)
                    // Realtime bars are built from the feed's minute bars (docs/live.md).
                    report(*timeframe, "realtime bars are built from the feed's minute bars: use "
                                       "whole minutes (1m, 5m, 1h) or 1d, got "
                                           + inQuotes(parsed->text));
                else
                    data.timeframe = parsed->text;
            }
        }
        if (const Item *symbols = view->find("symbols")) {
            m_dataSymbolsGiven = true;
            std::vector<std::pair<Item, std::string>> items;
            if (const auto list = symbolList(*symbols, items))
                data.symbols = *list;
            else
                m_dataSymbolsValid = false;
        }
        if (const Item *universe = view->find("universe"))
            parseUniverseKey(*universe);
        if (const Item *adjustment = view->find("adjustment")) {
            if (const auto value = choice<DataConfig::Adjustment>(
                    *adjustment, {{"raw", DataConfig::Adjustment::Raw},
                                  {"total_return", DataConfig::Adjustment::TotalReturn}}))
                data.adjustment = *value;
        }
        if (const Item *feed = view->find("feed")) {
            if (const auto value = choice<std::string_view>(*feed, {{"iex", "iex"},
                                                                    {"sip", "sip"},
                                                                    {"delayed_sip", "delayed_sip"},
                                                                    {"otc", "otc"},
                                                                    {"boats", "boats"},
                                                                    {"overnight", "overnight"}}))
                data.feed = std::string(*value);
        }
        if (const Item *url = view->find("url"))
            data.url = urlKey(*url, {"http://", "https://"}).value_or(std::string());
        if (const Item *url = view->find("stream_url"))
            data.streamUrl = urlKey(*url, {"ws://", "wss://"}).value_or(std::string());
        for (const auto &[key, flag] : {std::pair{"trades", &data.trades},
                                        std::pair{"quotes", &data.quotes}}) {
            const Item *item = view->find(key);
            if (item == nullptr)
                continue;
            if (data.type != DataConfig::Type::Realtime)
                report(*item, "applies only to realtime data (a backtest reads stored bars)");
            else
                *flag = boolean(*item).value_or(false);
        }
    }

    // A URL with one of `schemes` and a host; no trailing slash is kept.
    std::optional<std::string> urlKey(const Item &item,
                                      std::initializer_list<std::string_view> schemes)
    {
        const auto text = scalar(item, "a URL");
        if (!text)
            return std::nullopt;
        for (const std::string_view scheme : schemes) {
            if (text->size() > scheme.size() && text->compare(0, scheme.size(), scheme) == 0
                && (*text)[scheme.size()] != '/'
                && text->find_first_of(" \t") == std::string::npos) {
                std::string url = *text;
                while (url.back() == '/')
                    url.pop_back();
                return url;
            }
        }
        std::string expected;
        for (const std::string_view scheme : schemes)
            expected.append(expected.empty() ? "" : " or ").append(scheme).append("host[:port]");
        report(item, "expected a URL " + expected + ", got " + inQuotes(*text));
        return std::nullopt;
    }

    // data.universe: a name looked up next to the configuration (../universes, universes/,
    // the file's own directory) and in config/universes under the working directory, or a file.
    void parseUniverseKey(const Item &item)
    {
        const auto text = scalar(item, "a universe name or file");
        if (!text)
            return;
        if (m_dataSymbolsGiven) {
            report(item, "give either data.symbols or data.universe, not both");
            return;
        }
        std::vector<std::string> directories;
        const std::filesystem::path here = item.source->directory;
        if (!here.empty()) {
            directories.push_back((here / ".." / "universes").lexically_normal().string());
            directories.push_back((here / "universes").string());
            directories.push_back(here.string());
        }
        directories.emplace_back("config/universes");
        directories.emplace_back(".");
        const std::optional<std::string> file = findUniverseFile(*text, directories);
        if (!file) {
            report(item, "unknown universe " + inQuotes(*text) + " (no such file in "
                             + joinList(directories) + ")");
            return;
        }
        const Result<Universe> universe = loadUniverseFile(*file);
        if (!universe) {
            report(item, "universe " + inQuotes(*text) + ": " + universe.error().message());
            return;
        }
        DataConfig &data = m_config.data;
        data.universe = *text;
        data.universePath = std::filesystem::absolute(*file).lexically_normal().string();
        data.symbols.clear();
        for (const UniverseMember &member : universe->members)
            data.symbols.push_back(member.symbol);
        m_dataSymbolsGiven = true;
    }

    void parseExecution(const Item &item)
    {
        const auto view = map(item, executionKeys);
        if (!view)
            return;
        ExecutionConfig &execution = m_config.execution;
        if (const Item *type = view->find("type")) {
            m_executionType = *type;
            if (const auto value = choice<ExecutionConfig::Type>(
                    *type, {{"simulated", ExecutionConfig::Type::Simulated},
                            {"broker", ExecutionConfig::Type::Broker}}))
                execution.type = *value;
        }
        if (const Item *broker = view->find("broker")) {
            if (const auto value = choice<std::string_view>(*broker, {{"alpaca", "alpaca"}}))
                execution.broker = std::string(*value);
        }
        if (const Item *endpoint = view->find("endpoint")) {
            m_endpoint = *endpoint;
            if (const auto value
                = choice<std::string_view>(*endpoint, {{"paper", "paper"}, {"live", "live"}}))
                execution.endpoint = std::string(*value);
        }
        if (const Item *fillAt = view->find("fill_at")) {
            if (const auto value = choice<ExecutionConfig::FillAt>(
                    *fillAt, {{"next_open", ExecutionConfig::FillAt::NextOpen},
                              {"close", ExecutionConfig::FillAt::Close}}))
                execution.fillAt = *value;
        }
        if (const Item *path = view->find("intrabar_path")) {
            if (const auto value = choice<ExecutionConfig::IntrabarPath>(
                    *path, {{"ohlc", ExecutionConfig::IntrabarPath::Ohlc},
                            {"olhc", ExecutionConfig::IntrabarPath::Olhc}}))
                execution.intrabarPath = *value;
        }
        if (const Item *participation = view->find("max_participation"))
            execution.maxParticipation
                = number(*participation, Range{0, true, 1, false}, "fraction of a bar's volume")
                      .value_or(0);
        if (const Item *queue = view->find("queue_position"))
            execution.queuePosition = boolean(*queue).value_or(false);
        if (const Item *url = view->find("trading_url"))
            execution.tradingUrl = urlKey(*url, {"http://", "https://"}).value_or(std::string());
        if (const Item *confirm = view->find("confirm_live"))
            execution.confirmLive = boolean(*confirm).value_or(false);
        if (const Item *onStop = view->find("on_stop")) {
            if (const auto value = choice<ExecutionConfig::OnStop>(
                    *onStop, {{"cancel", ExecutionConfig::OnStop::Cancel},
                              {"keep", ExecutionConfig::OnStop::Keep}}))
                execution.onStop = *value;
        }
        if (const Item *startCheck = view->find("start_check")) {
            if (const auto value = choice<ExecutionConfig::StartCheck>(
                    *startCheck, {{"require_flat", ExecutionConfig::StartCheck::RequireFlat},
                                  {"warn", ExecutionConfig::StartCheck::Warn}}))
                execution.startCheck = *value;
        }
        if (const Item *slippage = view->find("slippage"))
            parseSlippage(*slippage);
        if (const Item *latency = view->find("latency"))
            parseLatency(*latency);
        if (const Item *commission = view->find("commission"))
            parseCommission(*commission);
        if (const Item *seed = view->find("seed")) {
            const std::string expected = "a non-negative integer";
            if (const auto text = scalar(*seed, expected)) {
                std::uint64_t value = 0;
                const char *end = text->data() + text->size();
                const auto result = std::from_chars(text->data(), end, value);
                if (text->empty() || result.ec != std::errc() || result.ptr != end)
                    report(*seed, "expected " + expected + ", got " + inQuotes(*text));
                else
                    execution.seed = value;
            }
        }
    }

    // A key that only one model reads is an error under another model, rather than being
    // silently ignored.
    bool
    onlyFor(const MapView &view, std::string_view key, bool modelUsesIt, std::string_view models)
    {
        const Item *item = view.find(key);
        if (item && !modelUsesIt) {
            report(*item, "applies only to model " + std::string(models));
            return false;
        }
        return item != nullptr;
    }

    void requireFor(const MapView &view, std::string_view key, std::string_view model)
    {
        if (!view.find(key))
            report(view.self, "model '" + std::string(model) + "' needs " + std::string(key));
    }

    void parseSlippage(const Item &item)
    {
        const auto view = map(item, slippageKeys);
        if (!view)
            return;
        SlippageConfig &slippage = m_config.execution.slippage;
        const Item *model = view->find("model");
        if (!model) {
            report(item, "missing required key 'model' (none, fixed, volume_based, market_impact or "
                         "spread)");
            return;
        }
        const auto value = choice<SlippageConfig::Model>(
            *model, {{"none", SlippageConfig::Model::None},
                     {"fixed", SlippageConfig::Model::Fixed},
                     {"volume_based", SlippageConfig::Model::VolumeBased},
                     {"market_impact", SlippageConfig::Model::MarketImpact},
                     {"spread", SlippageConfig::Model::Spread}});
        if (!value)
            return;
        slippage.model = *value;
        const bool fixed = *value == SlippageConfig::Model::Fixed;
        const bool volume = *value == SlippageConfig::Model::VolumeBased;
        const bool impact = *value == SlippageConfig::Model::MarketImpact;
        const bool spread = *value == SlippageConfig::Model::Spread;
        if (onlyFor(*view, "k", impact, "'market_impact'"))
            slippage.k = number(*view->find("k"), Range{0, false, 100, false}).value_or(1.0);
        if (onlyFor(*view, "window", impact, "'market_impact'"))
            slippage.window = static_cast<int>(
                number(*view->find("window"), Range{2, false, 1000, false}, "bars").value_or(20));
        if (onlyFor(*view, "spread_bps", spread, "'spread'"))
            slippage.spreadBps = number(*view->find("spread_bps"), Range{0, false, 1000, false}).value_or(0);
        if (spread)
            requireFor(*view, "spread_bps", "spread");
        const Range bpsRange{0, false, 1000, false};
        if (onlyFor(*view, "bps", fixed, "'fixed'"))
            slippage.bps = number(*view->find("bps"), bpsRange).value_or(0);
        if (onlyFor(*view, "base_bps", volume, "'volume_based'"))
            slippage.baseBps = number(*view->find("base_bps"), bpsRange).value_or(0);
        if (onlyFor(*view, "volume_factor", volume, "'volume_based'"))
            slippage.volumeFactor
                = number(*view->find("volume_factor"), Range{0, false, 100, false}).value_or(0);
        if (fixed)
            requireFor(*view, "bps", "fixed");
        if (volume) {
            requireFor(*view, "base_bps", "volume_based");
            requireFor(*view, "volume_factor", "volume_based");
        }
    }

    void parseLatency(const Item &item)
    {
        const auto view = map(item, latencyKeys);
        if (!view)
            return;
        const Range msRange{0, false, 60'000, false};
        if (const Item *mean = view->find("mean_ms"))
            m_config.execution.latency.meanMs = number(*mean, msRange).value_or(0);
        if (const Item *stdMs = view->find("std_ms"))
            m_config.execution.latency.stdMs = number(*stdMs, msRange).value_or(0);
    }

    void parseCommission(const Item &item)
    {
        const auto view = map(item, commissionKeys);
        if (!view)
            return;
        CommissionConfig &commission = m_config.execution.commission;
        const Item *model = view->find("model");
        if (!model) {
            report(item, "missing required key 'model' (none, per_share, per_order, percent or "
                         "alpaca)");
            return;
        }
        const auto value = choice<CommissionConfig::Model>(
            *model, {{"none", CommissionConfig::Model::None},
                     {"per_share", CommissionConfig::Model::PerShare},
                     {"per_order", CommissionConfig::Model::PerOrder},
                     {"percent", CommissionConfig::Model::Percent},
                     {"alpaca", CommissionConfig::Model::Alpaca}});
        if (!value)
            return;
        commission.model = *value;
        const bool perShare = *value == CommissionConfig::Model::PerShare;
        const bool perOrder = *value == CommissionConfig::Model::PerOrder;
        const bool percent = *value == CommissionConfig::Model::Percent;
        if (onlyFor(*view, "per_share", perShare, "'per_share'"))
            commission.perShare = money(*view->find("per_share"), false).value_or(Money());
        if (onlyFor(*view, "per_order", perOrder, "'per_order'"))
            commission.perOrder = money(*view->find("per_order"), false).value_or(Money());
        if (onlyFor(*view, "percent", percent, "'percent'"))
            commission.percent = number(*view->find("percent"), Range{0, false, 0.05, false},
                                        "fraction of notional (0.001 = 0.1%)")
                                     .value_or(0);
        if (onlyFor(*view, "min_per_order", perShare || percent, "'per_share' or 'percent'"))
            commission.minPerOrder = money(*view->find("min_per_order"), false).value_or(Money());
        if (onlyFor(*view, "max_percent", perShare, "'per_share'"))
            commission.maxPercent = number(*view->find("max_percent"), Range{0, true, 1, false},
                                           "fraction of notional");
        const bool alpaca = *value == CommissionConfig::Model::Alpaca;
        if (onlyFor(*view, "sec_fee_per_million", alpaca, "'alpaca'"))
            commission.secFeePerMillion = number(*view->find("sec_fee_per_million"),
                                                 Range{0, false, 1000, false}, "$ per $1,000,000 sold")
                                              .value_or(commission.secFeePerMillion);
        if (onlyFor(*view, "finra_taf_per_share", alpaca, "'alpaca'"))
            commission.finraTafPerShare = number(*view->find("finra_taf_per_share"),
                                                 Range{0, false, 1, false}, "$ per share sold")
                                              .value_or(commission.finraTafPerShare);
        if (onlyFor(*view, "finra_taf_max", alpaca, "'alpaca'"))
            commission.finraTafMax
                = money(*view->find("finra_taf_max"), false).value_or(commission.finraTafMax);
        if (perShare)
            requireFor(*view, "per_share", "per_share");
        if (perOrder)
            requireFor(*view, "per_order", "per_order");
        if (percent)
            requireFor(*view, "percent", "percent");
    }

    void parseAccountRisk(const Item &item)
    {
        const auto view = map(item, accountRiskKeys);
        if (!view)
            return;
        AccountRiskConfig &account = m_config.accountRiskLimits;
        if (const Item *leverage = view->find("max_leverage"))
            account.maxLeverage = number(*leverage, Range{0, true, 100, false});
        if (const Item *position = view->find("max_position_size"))
            account.maxPositionSize = number(*position, Range{0, true, 100, false});
        if (const Item *dailyLoss = view->find("max_daily_loss"))
            account.maxDailyLoss = number(*dailyLoss, Range{0, true, 1, false});
        if (const Item *drawdown = view->find("max_drawdown"))
            account.maxDrawdown = number(*drawdown, Range{0, true, 1, false});
        if (const Item *flatten = view->find("flatten_on_breach"))
            account.flattenOnBreach = boolean(*flatten).value_or(false);
    }

    void parseFeatures(const Item &item)
    {
        const auto view = map(item, featuresKeys);
        if (!view)
            return;
        if (const Item *cache = view->find("cache"))
            m_config.features.cache = boolean(*cache).value_or(true);
        if (const Item *onDemand = view->find("compute_on_demand"))
            m_config.features.computeOnDemand = boolean(*onDemand).value_or(true);
        if (const Item *drift = view->find("drift"))
            parseDrift(*drift);
    }

    std::optional<int> wholeBars(const Item &item)
    {
        const std::optional<double> value = number(item, Range{1, false, 100'000, false}, "bars");
        if (!value)
            return std::nullopt;
        if (*value != std::floor(*value)) {
            report(item, "expected a whole number of bars");
            return std::nullopt;
        }
        return static_cast<int>(*value);
    }

    void parseDrift(const Item &item)
    {
        const auto view = map(item, driftKeys);
        if (!view)
            return;
        FeatureDriftConfig &drift = m_config.features.drift.emplace();
        if (const Item *reference = view->find("reference_bars"))
            drift.referenceBars = wholeBars(*reference).value_or(drift.referenceBars);
        if (const Item *recent = view->find("recent_bars"))
            drift.recentBars = wholeBars(*recent).value_or(drift.recentBars);
        if (const Item *psi = view->find("psi_threshold"))
            drift.psiThreshold = number(*psi, Range{0, true, 100, false}).value_or(drift.psiThreshold);
        if (const Item *ks = view->find("ks_threshold"))
            drift.ksThreshold = number(*ks, Range{0, true, 1, true}).value_or(drift.ksThreshold);
    }

    void parseAnalytics(const Item &item)
    {
        const auto view = map(item, analyticsKeys);
        if (!view)
            return;
        if (const Item *rate = view->find("risk_free_rate"))
            m_config.analytics.riskFreeRate
                = number(*rate, Range{-1, false, 1, false}, "annual rate as a fraction (0.02 = 2%)")
                      .value_or(0);
    }

    // --- whole-configuration checks ---------------------------------------------------------

    void checkMode(RunMode mode)
    {
        const std::string modeText = inQuotes(toString(mode));
        const Item &modeItem = *m_modeItem;
        const bool wantHistorical = mode == RunMode::Backtest;
        const auto typeText = [](const std::optional<Item> &item) {
            return inQuotes(item->node.Scalar());
        };
        if (m_clockType && (m_config.clock.type == ClockConfig::Type::Historical) != wantHistorical)
            report(*m_clockType, "mode " + modeText + " needs a "
                                     + (wantHistorical ? "historical" : "realtime") + " clock, got "
                                     + typeText(m_clockType));
        if (m_dataType && (m_config.data.type == DataConfig::Type::Historical) != wantHistorical)
            report(*m_dataType, "mode " + modeText + " needs "
                                    + (wantHistorical ? "historical" : "realtime") + " data, got "
                                    + typeText(m_dataType));

        const ExecutionConfig &execution = m_config.execution;
        const bool broker = execution.type == ExecutionConfig::Type::Broker;
        switch (mode) {
        case RunMode::Backtest:
            if (broker && m_executionType)
                report(*m_executionType, "mode 'backtest' needs simulated execution, got "
                                             + typeText(m_executionType));
            break;
        case RunMode::Paper:
            if (broker && execution.endpoint == "live" && m_endpoint)
                report(*m_endpoint, "mode 'paper' never sends orders to the live endpoint; use "
                                    "endpoint 'paper', or mode 'live' for real money");
            break;
        case RunMode::Live:
            if (!broker) {
                if (m_executionType)
                    report(*m_executionType, "mode 'live' needs execution type 'broker', got "
                                                 + typeText(m_executionType));
                else
                    report(named(modeItem, "execution.type"),
                           "mode 'live' needs execution type 'broker' (the default is "
                           "'simulated')");
            } else if (execution.endpoint != "live") {
                if (m_endpoint)
                    report(*m_endpoint,
                           "mode 'live' needs endpoint 'live', got " + typeText(m_endpoint));
                else
                    report(named(*m_executionType, "execution.endpoint"),
                           "mode 'live' needs endpoint 'live' (the default is 'paper')");
            }
            break;
        }
    }

    void checkSymbols()
    {
        DataConfig &data = m_config.data;
        if (!m_dataSymbolsGiven) {
            for (const StrategyConfig &strategy : m_strategies) {
                for (const std::string &symbol : strategy.symbols) {
                    if (std::find(data.symbols.begin(), data.symbols.end(), symbol)
                        == data.symbols.end())
                        data.symbols.push_back(symbol);
                }
            }
            return;
        }
        if (!m_dataSymbolsValid)
            return;
        for (const StrategyItems &items : m_strategyItems) {
            for (const auto &[item, symbol] : items.symbols) {
                if (std::find(data.symbols.begin(), data.symbols.end(), symbol)
                    == data.symbols.end())
                    report(item, inQuotes(symbol) + " is not in data.symbols ("
                                     + joinList(data.symbols) + ")");
            }
        }
    }

    EngineConfig m_config;

    // Explicitly written items the whole-configuration checks point at.
    std::optional<Item> m_modeItem;
    std::optional<Item> m_clockType;
    std::optional<Item> m_dataType;
    std::optional<Item> m_executionType;
    std::optional<Item> m_endpoint;
    bool m_dataSymbolsGiven = false;
    bool m_dataSymbolsValid = true;
};

std::optional<std::string> processEnvironment(const std::string &name)
{
    // Reading only; the configuration never writes the environment.
    if (const char *value = std::getenv(name.c_str())) // NOLINT(concurrency-mt-unsafe)
        return std::string(value);
    return std::nullopt;
}

} // namespace

ConfigLoader::ConfigLoader(const StrategyRegistry &registry)
    : ConfigLoader(registry, processEnvironment)
{}

ConfigLoader::ConfigLoader(const StrategyRegistry &registry, EnvironmentLookup environment)
    : m_registry(registry)
    , m_environment(std::move(environment))
{}

Result<EngineConfig> ConfigLoader::loadFile(const std::string &path) const
{
    try {
        return Builder(m_registry, m_environment).buildFile(path);
    } catch (const std::exception &e) {
        return Error(path + ": cannot read the configuration: " + e.what());
    }
}

Result<EngineConfig> ConfigLoader::loadText(std::string_view yaml,
                                            const std::string &displayName) const
{
    try {
        return Builder(m_registry, m_environment).build(yaml, displayName);
    } catch (const std::exception &e) {
        return Error(displayName + ": cannot read the configuration: " + e.what());
    }
}

} // namespace meridian::engine