#include "ui/configwriter.h"

#include "engine/config/configloader.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <sstream>
#include <variant>

namespace meridian::ui {

namespace {

std::string text(std::string_view view)
{
    return std::string(view);
}

// Shortest text that reads back as the same double.
std::string number(double value)
{
    std::ostringstream out;
    out.precision(17);
    out << value;
    std::string shortest = out.str();
    for (int precision = 1; precision <= 17; ++precision) {
        std::ostringstream candidate;
        candidate.precision(precision);
        candidate << value;
        if (std::stod(candidate.str()) == value) {
            shortest = candidate.str();
            break;
        }
    }
    return shortest;
}

std::string speed(double value)
{
    return value <= 0.0 ? std::string("max") : number(value) + "x";
}

void writeParam(YAML::Emitter &out, const engine::ParamValue &value)
{
    if (const auto *i = std::get_if<std::int64_t>(&value))
        out << *i;
    else if (const auto *d = std::get_if<double>(&value))
        out << number(*d);
    else if (const auto *b = std::get_if<bool>(&value))
        out << (*b ? "true" : "false");
    else
        out << YAML::DoubleQuoted << std::get<std::string>(value);
}

// Every limit of the strategy: the YAML's own values and the defaults it inherited, so the saved
// version stands alone. Optional limits only when set.
void writeRiskLimits(YAML::Emitter &out, const engine::RiskLimits &limits)
{
    out << YAML::Key << "max_position_size" << YAML::Value << number(limits.maxPositionSize);
    out << YAML::Key << "max_leverage" << YAML::Value << number(limits.maxLeverage);
    if (limits.maxDailyLoss)
        out << YAML::Key << "max_daily_loss" << YAML::Value << number(*limits.maxDailyLoss);
    if (limits.maxDrawdown)
        out << YAML::Key << "max_drawdown" << YAML::Value << number(*limits.maxDrawdown);
    if (limits.flattenOnBreach)
        out << YAML::Key << "flatten_on_breach" << YAML::Value << "true";
    if (limits.maxPositionQuantity)
        out << YAML::Key << "max_position_quantity" << YAML::Value << limits.maxPositionQuantity->toString();
    if (limits.maxOrderQuantity)
        out << YAML::Key << "max_order_quantity" << YAML::Value << limits.maxOrderQuantity->toString();
    if (limits.maxOrderNotional)
        out << YAML::Key << "max_order_notional" << YAML::Value << limits.maxOrderNotional->toString();
    if (limits.priceCollar)
        out << YAML::Key << "price_collar" << YAML::Value << number(*limits.priceCollar);
    if (limits.maxOrdersPerDay)
        out << YAML::Key << "max_orders_per_day" << YAML::Value << *limits.maxOrdersPerDay;
    if (!limits.allowedSymbols.empty())
        out << YAML::Key << "allowed_symbols" << YAML::Value << YAML::Flow << limits.allowedSymbols;
    if (!limits.deniedSymbols.empty())
        out << YAML::Key << "denied_symbols" << YAML::Value << YAML::Flow << limits.deniedSymbols;
    if (!limits.allowShort)
        out << YAML::Key << "allow_short" << YAML::Value << "false";
}

} // namespace

std::string configYaml(const engine::EngineConfig &config)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "mode" << YAML::Value << text(engine::toString(config.mode));

    out << YAML::Key << "clock" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << text(engine::toString(config.clock.type));
    if (config.clock.type == engine::ClockConfig::Type::Historical) {
        out << YAML::Key << "speed" << YAML::Value << speed(config.clock.speed);
        if (config.clock.startDate)
            out << YAML::Key << "start_date" << YAML::Value << config.clock.startDate->toString();
        if (config.clock.endDate)
            out << YAML::Key << "end_date" << YAML::Value << config.clock.endDate->toString();
    }
    out << YAML::Key << "market_hours_only" << YAML::Value << (config.clock.marketHoursOnly ? "true" : "false");
    out << YAML::EndMap;

    out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << text(engine::toString(config.data.type));
    out << YAML::Key << "source" << YAML::Value << config.data.source;
    if (!config.data.path.empty())
        out << YAML::Key << "path" << YAML::Value << config.data.path;
    out << YAML::Key << "timeframe" << YAML::Value << config.data.timeframe;
    out << YAML::Key << "symbols" << YAML::Value << YAML::Flow << config.data.symbols;
    out << YAML::Key << "adjustment" << YAML::Value << text(engine::toString(config.data.adjustment));
    if (config.data.type == engine::DataConfig::Type::Realtime)
        out << YAML::Key << "feed" << YAML::Value << config.data.feed;
    out << YAML::EndMap;

    const engine::ExecutionConfig &execution = config.execution;
    out << YAML::Key << "execution" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "type" << YAML::Value << text(engine::toString(execution.type));
    if (execution.type == engine::ExecutionConfig::Type::Broker) {
        out << YAML::Key << "broker" << YAML::Value << execution.broker;
        out << YAML::Key << "endpoint" << YAML::Value << execution.endpoint;
    }
    out << YAML::Key << "fill_at" << YAML::Value << text(engine::toString(execution.fillAt));
    out << YAML::Key << "intrabar_path" << YAML::Value << text(engine::toString(execution.intrabarPath));
    if (execution.maxParticipation > 0.0)
        out << YAML::Key << "max_participation" << YAML::Value << number(execution.maxParticipation);
    if (execution.queuePosition)
        out << YAML::Key << "queue_position" << YAML::Value << "true";
    out << YAML::Key << "slippage" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "model" << YAML::Value << text(engine::toString(execution.slippage.model));
    if (execution.slippage.model == engine::SlippageConfig::Model::Fixed)
        out << YAML::Key << "bps" << YAML::Value << number(execution.slippage.bps);
    if (execution.slippage.model == engine::SlippageConfig::Model::VolumeBased) {
        out << YAML::Key << "base_bps" << YAML::Value << number(execution.slippage.baseBps);
        out << YAML::Key << "volume_factor" << YAML::Value << number(execution.slippage.volumeFactor);
    }
    if (execution.slippage.model == engine::SlippageConfig::Model::MarketImpact) {
        out << YAML::Key << "k" << YAML::Value << number(execution.slippage.k);
        out << YAML::Key << "window" << YAML::Value << execution.slippage.window;
    }
    if (execution.slippage.model == engine::SlippageConfig::Model::Spread)
        out << YAML::Key << "spread_bps" << YAML::Value << number(execution.slippage.spreadBps);
    out << YAML::EndMap;
    out << YAML::Key << "latency" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "mean_ms" << YAML::Value << number(execution.latency.meanMs);
    out << YAML::Key << "std_ms" << YAML::Value << number(execution.latency.stdMs);
    out << YAML::EndMap;
    const engine::CommissionConfig &commission = execution.commission;
    out << YAML::Key << "commission" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "model" << YAML::Value << text(engine::toString(commission.model));
    switch (commission.model) {
    case engine::CommissionConfig::Model::None:
        break;
    case engine::CommissionConfig::Model::PerShare:
        out << YAML::Key << "per_share" << YAML::Value << commission.perShare.toString();
        out << YAML::Key << "min_per_order" << YAML::Value << commission.minPerOrder.toString();
        if (commission.maxPercent)
            out << YAML::Key << "max_percent" << YAML::Value << number(*commission.maxPercent);
        break;
    case engine::CommissionConfig::Model::PerOrder:
        out << YAML::Key << "per_order" << YAML::Value << commission.perOrder.toString();
        break;
    case engine::CommissionConfig::Model::Percent:
        out << YAML::Key << "percent" << YAML::Value << number(commission.percent);
        out << YAML::Key << "min_per_order" << YAML::Value << commission.minPerOrder.toString();
        break;
    case engine::CommissionConfig::Model::Alpaca:
        out << YAML::Key << "sec_fee_per_million" << YAML::Value << number(commission.secFeePerMillion);
        out << YAML::Key << "finra_taf_per_share" << YAML::Value << number(commission.finraTafPerShare);
        out << YAML::Key << "finra_taf_max" << YAML::Value << commission.finraTafMax.toString();
        break;
    }
    out << YAML::EndMap;
    out << YAML::Key << "seed" << YAML::Value << execution.seed;
    out << YAML::EndMap;

    out << YAML::Key << "strategies" << YAML::Value << YAML::BeginSeq;
    for (const engine::StrategyConfig &strategy : config.strategies) {
        out << YAML::BeginMap;
        out << YAML::Key << "name" << YAML::Value << strategy.name;
        out << YAML::Key << "strategy" << YAML::Value << strategy.strategy;
        out << YAML::Key << "enabled" << YAML::Value << (strategy.enabled ? "true" : "false");
        out << YAML::Key << "capital" << YAML::Value << strategy.capital.toString();
        out << YAML::Key << "symbols" << YAML::Value << YAML::Flow << strategy.symbols;
        out << YAML::Key << "params" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto &[name, value] : strategy.params.values()) {
            out << YAML::Key << name << YAML::Value;
            writeParam(out, value);
        }
        out << YAML::EndMap;
        out << YAML::Key << "risk_limits" << YAML::Value << YAML::Flow << YAML::BeginMap;
        writeRiskLimits(out, strategy.riskLimits);
        out << YAML::EndMap;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;

    const engine::AccountRiskConfig &account = config.accountRiskLimits;
    if (account.maxLeverage || account.maxDrawdown || account.flattenOnBreach) {
        out << YAML::Key << "account_risk_limits" << YAML::Value << YAML::Flow << YAML::BeginMap;
        if (account.maxLeverage)
            out << YAML::Key << "max_leverage" << YAML::Value << number(*account.maxLeverage);
        if (account.maxDrawdown)
            out << YAML::Key << "max_drawdown" << YAML::Value << number(*account.maxDrawdown);
        if (account.flattenOnBreach)
            out << YAML::Key << "flatten_on_breach" << YAML::Value << "true";
        out << YAML::EndMap;
    }
    out << YAML::Key << "features" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "cache" << YAML::Value << (config.features.cache ? "true" : "false");
    out << YAML::Key << "compute_on_demand" << YAML::Value << (config.features.computeOnDemand ? "true" : "false");
    out << YAML::EndMap;
    out << YAML::Key << "analytics" << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "risk_free_rate" << YAML::Value << number(config.analytics.riskFreeRate);
    out << YAML::EndMap;
    out << YAML::EndMap;
    return std::string("# Saved by the Meridian workstation (a new version of ")
        .append(QFileInfo(QString::fromStdString(config.sourcePath)).fileName().toStdString())
        .append("). Keys: docs/configuration.md.\n")
        .append(out.c_str())
        .append("\n");
}

QString nextVersionPath(const QString &path)
{
    const QFileInfo info(path);
    static const QRegularExpression versioned(QStringLiteral(R"(^(.*)\.v(\d+)$)"));
    QString stem = info.completeBaseName();
    int version = 1;
    const QRegularExpressionMatch match = versioned.match(stem);
    if (match.hasMatch()) {
        stem = match.captured(1);
        version = match.captured(2).toInt();
    }
    for (int next = version + 1;; ++next) {
        const QString candidate = info.dir().filePath(QStringLiteral("%1.v%2.yaml").arg(stem).arg(next));
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
}

QString saveConfigVersion(const engine::EngineConfig &config, const engine::StrategyRegistry &registry,
                          QString *error)
{
    const QString path = nextVersionPath(QString::fromStdString(config.sourcePath));
    const std::string yaml = configYaml(config);
    // Check before writing: a file the loader would refuse is not a version.
    const engine::ConfigLoader loader(registry);
    const auto reloaded = loader.loadText(yaml, path.toStdString());
    if (!reloaded) {
        if (error != nullptr)
            *error = QString::fromStdString(reloaded.error().message());
        return {};
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error != nullptr)
            *error = QObject::tr("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    file.write(yaml.data(), static_cast<qint64>(yaml.size()));
    if (!file.commit()) {
        if (error != nullptr)
            *error = QObject::tr("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    return path;
}

} // namespace meridian::ui
