#include "engine/config/configwriter.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <variant>

namespace meridian::engine {

namespace {

std::string text(std::string_view view)
{
    return std::string(view);
}

const char *flag(bool value)
{
    return value ? "true" : "false";
}

// Shortest text that reads back as the same double; to_chars ignores the C locale, which a Qt
// application sets from the environment (a German locale would otherwise write "0,5").
std::string number(double value)
{
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

std::string speed(double value)
{
    return value <= 0.0 ? std::string("max") : number(value).append("x");
}

void writeParam(YAML::Emitter &out, const ParamValue &value)
{
    if (const auto *i = std::get_if<std::int64_t>(&value))
        out << *i;
    else if (const auto *d = std::get_if<double>(&value))
        out << number(*d);
    else if (const auto *b = std::get_if<bool>(&value))
        out << flag(*b);
    else
        out << YAML::DoubleQuoted << std::get<std::string>(value);
}

void writeClock(YAML::Emitter &out, const ClockConfig &clock)
{
    out << YAML::Key << "clock" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << text(toString(clock.type));
    if (clock.type == ClockConfig::Type::Realtime)
        out << YAML::Key << "source" << YAML::Value
            << (clock.source == ClockConfig::Source::Broker ? "broker" : "wall");
    out << YAML::Key << "speed" << YAML::Value << speed(clock.speed);
    if (clock.type == ClockConfig::Type::Historical) {
        if (clock.startDate)
            out << YAML::Key << "start_date" << YAML::Value << clock.startDate->toString();
        if (clock.endDate)
            out << YAML::Key << "end_date" << YAML::Value << clock.endDate->toString();
    }
    out << YAML::Key << "market_hours_only" << YAML::Value << flag(clock.marketHoursOnly);
    out << YAML::EndMap;
}

void writeData(YAML::Emitter &out, const DataConfig &data)
{
    out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << text(toString(data.type));
    out << YAML::Key << "source" << YAML::Value << data.source;
    if (!data.path.empty())
        out << YAML::Key << "path" << YAML::Value << data.path;
    out << YAML::Key << "timeframe" << YAML::Value << data.timeframe;
    // The universe's members are its symbols: writing both would be refused.
    if (data.universePath.empty())
        out << YAML::Key << "symbols" << YAML::Value << YAML::Flow << data.symbols;
    else
        out << YAML::Key << "universe" << YAML::Value << data.universePath;
    out << YAML::Key << "adjustment" << YAML::Value << text(toString(data.adjustment));
    out << YAML::Key << "feed" << YAML::Value << data.feed;
    if (!data.url.empty())
        out << YAML::Key << "url" << YAML::Value << data.url;
    if (!data.streamUrl.empty())
        out << YAML::Key << "stream_url" << YAML::Value << data.streamUrl;
    if (data.type == DataConfig::Type::Realtime) {
        out << YAML::Key << "trades" << YAML::Value << flag(data.trades);
        out << YAML::Key << "quotes" << YAML::Value << flag(data.quotes);
    }
    out << YAML::EndMap;
}

// Only the keys of the chosen model: the loader refuses a key another model reads.
void writeSlippage(YAML::Emitter &out, const SlippageConfig &slippage)
{
    out << YAML::Key << "slippage" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "model" << YAML::Value << text(toString(slippage.model));
    switch (slippage.model) {
    case SlippageConfig::Model::None:
        break;
    case SlippageConfig::Model::Fixed:
        out << YAML::Key << "bps" << YAML::Value << number(slippage.bps);
        break;
    case SlippageConfig::Model::VolumeBased:
        out << YAML::Key << "base_bps" << YAML::Value << number(slippage.baseBps);
        out << YAML::Key << "volume_factor" << YAML::Value << number(slippage.volumeFactor);
        break;
    case SlippageConfig::Model::MarketImpact:
        out << YAML::Key << "k" << YAML::Value << number(slippage.k);
        out << YAML::Key << "window" << YAML::Value << slippage.window;
        break;
    case SlippageConfig::Model::Spread:
        out << YAML::Key << "spread_bps" << YAML::Value << number(slippage.spreadBps);
        break;
    }
    out << YAML::EndMap;
}

void writeCommission(YAML::Emitter &out, const CommissionConfig &commission)
{
    out << YAML::Key << "commission" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "model" << YAML::Value << text(toString(commission.model));
    switch (commission.model) {
    case CommissionConfig::Model::None:
        break;
    case CommissionConfig::Model::PerShare:
        out << YAML::Key << "per_share" << YAML::Value << commission.perShare.toString();
        out << YAML::Key << "min_per_order" << YAML::Value << commission.minPerOrder.toString();
        if (commission.maxPercent)
            out << YAML::Key << "max_percent" << YAML::Value << number(*commission.maxPercent);
        break;
    case CommissionConfig::Model::PerOrder:
        out << YAML::Key << "per_order" << YAML::Value << commission.perOrder.toString();
        break;
    case CommissionConfig::Model::Percent:
        out << YAML::Key << "percent" << YAML::Value << number(commission.percent);
        out << YAML::Key << "min_per_order" << YAML::Value << commission.minPerOrder.toString();
        break;
    case CommissionConfig::Model::Alpaca:
        out << YAML::Key << "sec_fee_per_million" << YAML::Value
            << number(commission.secFeePerMillion);
        out << YAML::Key << "finra_taf_per_share" << YAML::Value
            << number(commission.finraTafPerShare);
        out << YAML::Key << "finra_taf_max" << YAML::Value << commission.finraTafMax.toString();
        break;
    }
    out << YAML::EndMap;
}

void writeExecution(YAML::Emitter &out, const ExecutionConfig &execution)
{
    out << YAML::Key << "execution" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << text(toString(execution.type));
    out << YAML::Key << "broker" << YAML::Value << execution.broker;
    out << YAML::Key << "endpoint" << YAML::Value << execution.endpoint;
    if (!execution.tradingUrl.empty())
        out << YAML::Key << "trading_url" << YAML::Value << execution.tradingUrl;
    out << YAML::Key << "fill_at" << YAML::Value << text(toString(execution.fillAt));
    out << YAML::Key << "intrabar_path" << YAML::Value << text(toString(execution.intrabarPath));
    if (execution.maxParticipation > 0) // 0 = no cap, which the YAML says by leaving the key out
        out << YAML::Key << "max_participation" << YAML::Value
            << number(execution.maxParticipation);
    out << YAML::Key << "queue_position" << YAML::Value << flag(execution.queuePosition);
    writeSlippage(out, execution.slippage);
    out << YAML::Key << "latency" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "mean_ms" << YAML::Value << number(execution.latency.meanMs);
    out << YAML::Key << "std_ms" << YAML::Value << number(execution.latency.stdMs);
    out << YAML::EndMap;
    writeCommission(out, execution.commission);
    out << YAML::Key << "seed" << YAML::Value << execution.seed;
    if (execution.confirmLive)
        out << YAML::Key << "confirm_live" << YAML::Value << true;
    out << YAML::Key << "on_stop" << YAML::Value
        << (execution.onStop == ExecutionConfig::OnStop::Keep ? "keep" : "cancel");
    out << YAML::Key << "start_check" << YAML::Value
        << (execution.startCheck == ExecutionConfig::StartCheck::Warn ? "warn" : "require_flat");
    out << YAML::EndMap;
}

void writeRiskLimits(YAML::Emitter &out, const RiskLimits &limits)
{
    out << YAML::Key << "risk_limits" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "max_position_size" << YAML::Value << number(limits.maxPositionSize);
    out << YAML::Key << "max_leverage" << YAML::Value << number(limits.maxLeverage);
    if (limits.maxDailyLoss)
        out << YAML::Key << "max_daily_loss" << YAML::Value << number(*limits.maxDailyLoss);
    if (limits.maxDrawdown)
        out << YAML::Key << "max_drawdown" << YAML::Value << number(*limits.maxDrawdown);
    out << YAML::Key << "flatten_on_breach" << YAML::Value << flag(limits.flattenOnBreach);
    if (limits.maxPositionQuantity)
        out << YAML::Key << "max_position_quantity" << YAML::Value
            << limits.maxPositionQuantity->toString();
    if (limits.maxOrderQuantity)
        out << YAML::Key << "max_order_quantity" << YAML::Value
            << limits.maxOrderQuantity->toString();
    if (limits.maxOrderNotional)
        out << YAML::Key << "max_order_notional" << YAML::Value
            << limits.maxOrderNotional->toString();
    if (limits.priceCollar)
        out << YAML::Key << "price_collar" << YAML::Value << number(*limits.priceCollar);
    if (limits.maxOrdersPerDay)
        out << YAML::Key << "max_orders_per_day" << YAML::Value << *limits.maxOrdersPerDay;
    if (!limits.allowedSymbols.empty())
        out << YAML::Key << "allowed_symbols" << YAML::Value << YAML::Flow
            << limits.allowedSymbols;
    if (!limits.deniedSymbols.empty())
        out << YAML::Key << "denied_symbols" << YAML::Value << YAML::Flow << limits.deniedSymbols;
    out << YAML::Key << "allow_short" << YAML::Value << flag(limits.allowShort);
    out << YAML::EndMap;
}

void writeStrategy(YAML::Emitter &out, const StrategyConfig &strategy)
{
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << strategy.name;
    out << YAML::Key << "strategy" << YAML::Value << strategy.strategy;
    out << YAML::Key << "enabled" << YAML::Value << flag(strategy.enabled);
    out << YAML::Key << "capital" << YAML::Value << strategy.capital.toString();
    out << YAML::Key << "symbols" << YAML::Value << YAML::Flow << strategy.symbols;
    out << YAML::Key << "params" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto &[name, value] : strategy.params.values()) {
        out << YAML::Key << name << YAML::Value;
        writeParam(out, value);
    }
    out << YAML::EndMap;
    writeRiskLimits(out, strategy.riskLimits);
    out << YAML::EndMap;
}

void writeAccountRisk(YAML::Emitter &out, const AccountRiskConfig &account)
{
    out << YAML::Key << "account_risk_limits" << YAML::Value << YAML::Flow << YAML::BeginMap;
    if (account.maxLeverage)
        out << YAML::Key << "max_leverage" << YAML::Value << number(*account.maxLeverage);
    if (account.maxPositionSize)
        out << YAML::Key << "max_position_size" << YAML::Value << number(*account.maxPositionSize);
    if (account.maxDailyLoss)
        out << YAML::Key << "max_daily_loss" << YAML::Value << number(*account.maxDailyLoss);
    if (account.maxDrawdown)
        out << YAML::Key << "max_drawdown" << YAML::Value << number(*account.maxDrawdown);
    out << YAML::Key << "flatten_on_breach" << YAML::Value << flag(account.flattenOnBreach);
    out << YAML::EndMap;
}

} // namespace

std::string configYaml(const EngineConfig &config)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "mode" << YAML::Value << text(toString(config.mode));
    writeClock(out, config.clock);
    writeData(out, config.data);
    writeExecution(out, config.execution);
    out << YAML::Key << "strategies" << YAML::Value << YAML::BeginSeq;
    for (const StrategyConfig &strategy : config.strategies)
        writeStrategy(out, strategy);
    out << YAML::EndSeq;
    out << YAML::Key << "features" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "cache" << YAML::Value << flag(config.features.cache);
    out << YAML::Key << "compute_on_demand" << YAML::Value
        << flag(config.features.computeOnDemand);
    if (const std::optional<FeatureDriftConfig> &drift = config.features.drift) {
        out << YAML::Key << "drift" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "reference_bars" << YAML::Value << drift->referenceBars;
        out << YAML::Key << "recent_bars" << YAML::Value << drift->recentBars;
        out << YAML::Key << "psi_threshold" << YAML::Value << number(drift->psiThreshold);
        out << YAML::Key << "ks_threshold" << YAML::Value << number(drift->ksThreshold);
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    out << YAML::Key << "analytics" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "risk_free_rate" << YAML::Value << number(config.analytics.riskFreeRate);
    out << YAML::EndMap;
    writeAccountRisk(out, config.accountRiskLimits);
    out << YAML::EndMap;
    return std::string("# Saved by Meridian (from ")
        .append(std::filesystem::path(config.sourcePath).filename().string())
        .append("). Keys: docs/configuration.md.\n")
        .append(out.c_str())
        .append("\n");
}

} // namespace meridian::engine
