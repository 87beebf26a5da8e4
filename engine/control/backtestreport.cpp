#include "engine/control/backtestreport.h"

#include "engine/analytics/jsonwriter.h"
#include "engine/core/civiltime.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace meridian::engine {

namespace {

std::string joined(const std::vector<std::string> &parts, const char *separator)
{
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            text += separator;
        text += parts[i];
    }
    return text;
}

std::string strategyNames(const BacktestResult &result)
{
    std::vector<std::string> names;
    for (const StrategyResult &strategy : result.strategies)
        names.push_back(strategy.name);
    return joined(names, ",");
}

std::string percent(double fraction)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f%%", fraction * 100.0);
    return buffer;
}

std::string fixed(double value, int decimals)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

void writeMetrics(JsonWriter &json, const PerformanceMetrics &m)
{
    json.key("total_return").value(m.totalReturn);
    json.key("cagr").value(m.cagr);
    json.key("volatility").value(m.volatility);
    json.key("sharpe").value(m.sharpe);
    json.key("sortino").value(m.sortino);
    json.key("max_drawdown").value(m.maxDrawdown);
    json.key("max_drawdown_duration_days").value(m.maxDrawdownDurationDays);
    json.key("max_drawdown_peak");
    if (m.maxDrawdown > 0.0)
        json.value(formatIso(m.maxDrawdownPeak));
    else
        json.null();
    json.key("max_drawdown_trough");
    if (m.maxDrawdown > 0.0)
        json.value(formatIso(m.maxDrawdownTrough));
    else
        json.null();
    json.key("trades").value(static_cast<std::int64_t>(m.trades));
    json.key("win_rate").value(m.winRate);
    json.key("profit_factor");
    if (m.profitFactor)
        json.value(*m.profitFactor);
    else
        json.null();
    json.key("exposure").value(m.exposure);
}

void writeTrades(JsonWriter &json, const std::vector<TradeRecord> &trades)
{
    json.beginArray();
    for (const TradeRecord &trade : trades) {
        json.beginObject();
        json.key("symbol").value(trade.symbol);
        json.key("side").value(trade.side == Side::Buy ? "long" : "short");
        json.key("qty").value(trade.quantity.toString());
        json.key("entry_time").value(formatIso(trade.entryTime));
        json.key("entry_price").value(trade.entryPrice.toString(2));
        json.key("exit_time");
        if (trade.exitTime)
            json.value(formatIso(*trade.exitTime));
        else
            json.null();
        json.key("exit_price").value(trade.exitPrice.toString(2));
        json.key("pnl").value(trade.pnl.toString(2));
        json.key("commission").value(trade.commission.toString(2));
        json.endObject();
    }
    json.endArray();
}

void writeExecution(JsonWriter &json, const ExecutionSummary &e)
{
    json.beginObject();
    json.key("orders_finished").value(e.orders);
    json.key("filled").value(e.filled);
    json.key("partially_filled").value(e.partiallyFilled);
    json.key("canceled").value(e.canceled);
    json.key("expired").value(e.expired);
    json.key("replaced").value(e.replaced);
    json.key("rejected").value(e.rejected);
    json.key("fill_rate").value(e.fillRate);
    json.key("rejections_by_reason").beginObject();
    for (const auto &[code, count] : e.rejectionsByReason)
        json.key(code).value(count);
    json.endObject();
    json.key("avg_slippage_bps").value(e.averageSlippageBps);
    json.key("p95_slippage_bps").value(e.p95SlippageBps);
    json.key("avg_latency_ms").value(e.averageLatencyMs);
    json.key("commission").value(e.commission.toString(2));
    json.endObject();
}

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string &value)
{
    if (value.find_first_of(",\"\n\r") == std::string::npos)
        return value;
    std::string quotedValue = "\"";
    for (const char c : value) {
        if (c == '"')
            quotedValue += '"';
        quotedValue += c;
    }
    quotedValue += '"';
    return quotedValue;
}

std::string optionalNumber(const std::optional<double> &value, int decimals)
{
    return value ? fixed(*value, decimals) : std::string();
}

std::string idText(OrderId id)
{
    return id.isValid() ? std::to_string(id.value()) : std::string();
}

} // namespace

std::string moneyText(Money money)
{
    const std::string exact = money.toString(2);
    const std::size_t dot = exact.find('.');
    std::string whole = exact.substr(0, dot);
    const std::string fraction = exact.substr(dot, 3);
    const bool negative = !whole.empty() && whole[0] == '-';
    if (negative)
        whole.erase(0, 1);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            grouped += ',';
        grouped += whole[i];
    }
    return (negative ? "-" : "") + grouped + fraction;
}

std::string_view toString(EventLoop::Outcome outcome)
{
    switch (outcome) {
    case EventLoop::Outcome::Completed:
        return "completed";
    case EventLoop::Outcome::Stopped:
        return "stopped";
    case EventLoop::Outcome::Cancelled:
        return "cancelled";
    case EventLoop::Outcome::DataError:
        return "data_error";
    }
    return "?";
}

namespace {

// "features": {"versions": [...], "order_features": [{"order", "time", "values": [...]}],
// "issues": [...]} — which feature versions a strategy used and the values behind each order.
void writeFeatures(JsonWriter &json, const InstrumentTable &instruments,
                   const StrategyResult &strategy)
{
    json.key("features").beginObject();
    json.key("versions").beginArray();
    for (const std::string &version : strategy.featureVersions)
        json.value(version);
    json.endArray();
    json.key("order_features").beginArray();
    for (const FeatureTrace &trace : strategy.featureTraces) {
        json.beginObject();
        json.key("order").value(trace.order.value());
        json.key("time").value(formatIso(trace.time));
        json.key("values").beginArray();
        for (const FeatureReading &reading : trace.readings) {
            json.beginObject();
            json.key("feature").value(reading.feature);
            json.key("symbol").value(instruments.symbol(reading.instrument).toString());
            json.key("value").value(reading.value);
            json.key("bar_time").value(formatIso(reading.time));
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }
    json.endArray();
    json.key("issues").beginArray();
    for (const FeatureIssue &issue : strategy.featureIssues) {
        json.beginObject();
        json.key("feature").value(issue.feature);
        json.key("symbol").value(instruments.symbol(issue.instrument).toString());
        json.key("time").value(formatIso(issue.time));
        json.key("message").value(issue.message);
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

} // namespace

std::string backtestJson(const BacktestResult &result)
{
    JsonWriter json;
    json.beginObject();
    json.key("strategy").value(strategyNames(result));
    json.key("symbols").beginArray();
    for (const std::string &symbol : result.symbols)
        json.value(symbol);
    json.endArray();
    json.key("start");
    if (result.equity.empty())
        json.null();
    else
        json.value(formatIso(result.equity.front().time));
    json.key("end");
    if (result.equity.empty())
        json.null();
    else
        json.value(formatIso(result.equity.back().time));
    json.key("bars").value(static_cast<std::int64_t>(result.bars));
    json.key("events_processed").value(static_cast<std::int64_t>(result.eventsProcessed));
    json.key("initial_equity").value(result.initialEquity.toString(2));
    json.key("final_equity").value(result.finalEquity.toString(2));
    writeMetrics(json, result.metrics);
    json.key("commission").value(result.commission.toString(2));
    json.key("elapsed_s").value(result.elapsedSeconds);
    json.key("events_per_s").value(result.eventsPerSecond());
    json.key("dataset_versions").beginArray();
    for (const DatasetUsed &dataset : result.datasets) {
        json.beginObject();
        json.key("symbol").value(dataset.symbol);
        json.key("timeframe").value(dataset.timeframe);
        json.key("version").value(static_cast<std::int64_t>(dataset.version));
        json.key("rows").value(dataset.rows);
        json.endObject();
    }
    json.endArray();
    json.key("timeframe").value(result.timeframe);
    json.key("fill_at").value(result.fillAtClose ? "close" : "next_open");
    json.key("adjustment").value(result.adjustment);
    json.key("risk_free_rate").value(result.riskFreeRate);
    json.key("periods_per_year").value(result.metrics.periodsPerYear);
    json.key("outcome").value(toString(result.outcome));
    json.key("orders").value(result.ordersSubmitted);
    json.key("orders_rejected").value(result.ordersRejected);
    json.key("fills").value(result.fillCount);
    json.key("feature_drift").beginArray();
    for (const FeatureDriftRecord &drift : result.featureDrift) {
        json.beginObject();
        json.key("time").value(formatIso(drift.time));
        json.key("strategy").value(drift.strategy);
        json.key("feature").value(drift.feature);
        json.key("symbol").value(drift.symbol);
        json.key("statistic").value(toString(drift.statistic));
        json.key("value").value(drift.value);
        json.key("threshold").value(drift.threshold);
        json.key("psi").value(drift.psi);
        json.key("ks").value(drift.ks);
        json.endObject();
    }
    json.endArray();
    json.key("execution");
    writeExecution(json, result.execution);
    json.key("trade_list");
    writeTrades(json, result.trades);
    json.key("strategies").beginArray();
    for (const StrategyResult &strategy : result.strategies) {
        json.beginObject();
        json.key("name").value(strategy.name);
        json.key("strategy").value(strategy.className);
        json.key("symbols").beginArray();
        for (const std::string &symbol : strategy.symbols)
            json.value(symbol);
        json.endArray();
        json.key("state").value(toString(strategy.state));
        json.key("fault");
        if (strategy.fault) {
            json.beginObject();
            json.key("time").value(formatIso(strategy.fault->time));
            json.key("callback").value(strategy.fault->callback);
            json.key("message").value(strategy.fault->message);
            json.endObject();
        } else {
            json.null();
        }
        json.key("initial_equity").value(strategy.initialEquity.toString(2));
        json.key("final_equity").value(strategy.finalEquity.toString(2));
        writeMetrics(json, strategy.metrics);
        json.key("commission").value(strategy.commission.toString(2));
        writeFeatures(json, result.instruments, strategy);
        json.key("corporate_actions").beginArray();
        for (const CorporateActionRecord &record : strategy.corporateActions) {
            json.beginObject();
            json.key("time").value(formatIso(record.time));
            json.key("symbol").value(result.instruments.symbol(record.instrument).toString());
            json.key("action").value(record.description);
            json.key("cash").value(record.cash.toString(2));
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }
    json.endArray();
    json.endObject();
    return json.text();
}

std::string backtestSummary(const BacktestResult &result)
{
    std::vector<std::pair<std::string, std::string>> rows;
    const PerformanceMetrics &m = result.metrics;
    rows.emplace_back("Strategy", strategyNames(result));
    rows.emplace_back("Symbols", joined(result.symbols, ", ") + " (" + result.timeframe + ", "
                                     + result.adjustment + ")");
    if (!result.equity.empty())
        rows.emplace_back("Period", formatNewYork(result.equity.front().time).substr(0, 10) + " .. "
                                        + formatNewYork(result.equity.back().time).substr(0, 10));
    rows.emplace_back("Fills at", result.fillAtClose
                                      ? "the deciding bar's close (execution.fill_at: close)"
                                      : "the next bar's open");
    rows.emplace_back("Bars", std::to_string(result.bars));
    rows.emplace_back("Initial equity", moneyText(result.initialEquity));
    rows.emplace_back("Final equity", moneyText(result.finalEquity));
    rows.emplace_back("Total return", percent(m.totalReturn));
    rows.emplace_back("CAGR", percent(m.cagr));
    rows.emplace_back("Volatility (ann.)", percent(m.volatility));
    rows.emplace_back("Sharpe", fixed(m.sharpe, 3));
    rows.emplace_back("Sortino", fixed(m.sortino, 3));
    rows.emplace_back("Max drawdown", percent(m.maxDrawdown));
    rows.emplace_back("Max DD duration", fixed(m.maxDrawdownDurationDays, 1) + " days");
    rows.emplace_back("Trades", std::to_string(m.trades));
    rows.emplace_back("Win rate", percent(m.winRate));
    rows.emplace_back("Profit factor", m.profitFactor ? fixed(*m.profitFactor, 3) : "n/a (no losing trade)");
    rows.emplace_back("Exposure", percent(m.exposure));
    rows.emplace_back("Commission", moneyText(result.commission));
    const ExecutionSummary &e = result.execution;
    rows.emplace_back("Orders", std::to_string(result.ordersSubmitted) + " (" + std::to_string(e.filled)
                                    + " filled, " + std::to_string(e.rejected) + " rejected, fill rate "
                                    + percent(e.fillRate) + ")");
    if (!e.rejectionsByReason.empty()) {
        std::vector<std::string> reasons;
        for (const auto &[code, count] : e.rejectionsByReason)
            reasons.push_back(code + " " + std::to_string(count));
        rows.emplace_back("Rejections", joined(reasons, ", "));
    }
    rows.emplace_back("Slippage vs arrival", fixed(e.averageSlippageBps, 2) + " bps avg, "
                                                 + fixed(e.p95SlippageBps, 2) + " bps p95");
    rows.emplace_back("Events", std::to_string(result.eventsProcessed) + " in "
                                    + fixed(result.elapsedSeconds, 3) + " s ("
                                    + fixed(result.eventsPerSecond() / 1e6, 2) + " M/s)");
    std::vector<std::string> datasets;
    for (const DatasetUsed &dataset : result.datasets)
        datasets.push_back(dataset.symbol + " " + dataset.timeframe + " v" + std::to_string(dataset.version));
    // A paper or live run reads a feed, not stored datasets.
    if (!datasets.empty())
        rows.emplace_back("Datasets", joined(datasets, ", "));
    rows.emplace_back("Outcome", std::string(toString(result.outcome)));

    std::size_t width = 0;
    for (const auto &row : rows)
        width = std::max(width, row.first.size());
    std::ostringstream out;
    for (const auto &row : rows)
        out << "  " << row.first << std::string(width - row.first.size() + 2, ' ') << row.second << "\n";
    for (const StrategyResult &strategy : result.strategies) {
        if (strategy.fault)
            out << "  FAULTED: " << strategy.name << " at " << formatIso(strategy.fault->time) << " in "
                << strategy.fault->callback << ": " << strategy.fault->message << "\n";
    }
    return out.str();
}

std::string equityCsv(const BacktestResult &result)
{
    std::string csv = "timestamp,equity,gross_exposure,drawdown\n";
    Money peak;
    for (const EquityPoint &point : result.equity) {
        if (point.equity > peak)
            peak = point.equity;
        const double drawdown = peak.isPositive() ? 1.0 - point.equity.toDouble() / peak.toDouble() : 0.0;
        csv += formatIso(point.time) + "," + point.equity.toString(2) + ","
               + point.grossExposure.toString(2) + "," + fixed(drawdown, 10) + "\n";
    }
    return csv;
}

std::string ordersCsv(const BacktestResult &result)
{
    std::string csv = "order_id,strategy,symbol,side,type,time_in_force,order_class,quantity,limit_price,"
                      "stop_price,status,submitted_at,venue_at,closed_at,filled_qty,avg_fill_price,"
                      "arrival_price,slippage_bps,latency_ms,fill_ratio,commission,replaces,replaced_by,"
                      "parent,reject_code,reason\n";
    for (const Order &order : result.orders) {
        const OrderExecution execution = orderExecution(order);
        const std::size_t strategy = order.strategy.value();
        const std::string strategyName
            = strategy >= 1 && strategy <= result.strategies.size() ? result.strategies[strategy - 1].name : "";
        const std::string symbol = order.instrument.isValid() && order.instrument.value() <= result.instruments.size()
                                       ? result.instruments.symbol(order.instrument).toString()
                                       : std::string();
        std::vector<std::string> fields{
            std::to_string(order.id.value()),
            csvField(strategyName),
            symbol,
            std::string(toString(order.side)),
            std::string(toString(order.type)),
            std::string(toString(order.timeInForce)),
            std::string(toString(order.orderClass)),
            order.quantity.toString(),
            order.limitPrice.isZero() ? "" : order.limitPrice.toString(),
            order.stopPrice.isZero() ? "" : order.stopPrice.toString(),
            std::string(toString(order.status)),
            formatIso(order.submittedAt),
            order.arrivesAt == Timestamp() ? "" : formatIso(order.arrivesAt),
            order.isOpen() ? "" : formatIso(order.closedAt),
            order.filledQuantity.toString(),
            order.filledQuantity.isZero() ? "" : execution.averageFillPrice.toString(),
            order.arrivalPrice.isZero() ? "" : order.arrivalPrice.toString(),
            optionalNumber(execution.slippageBps, 4),
            optionalNumber(execution.latencyMs, 3),
            fixed(execution.fillRatio, 6),
            order.commission.toString(2),
            idText(order.replaces),
            idText(order.replacedBy),
            idText(order.parent),
            order.rejectCode,
            csvField(order.reason),
        };
        csv += joined(fields, ",") + "\n";
    }
    return csv;
}

std::string tradesCsv(const BacktestResult &result)
{
    std::string csv = "symbol,side,qty,entry_time,entry_price,exit_time,exit_price,pnl,commission\n";
    for (const TradeRecord &trade : result.trades) {
        csv += trade.symbol + "," + (trade.side == Side::Buy ? "long" : "short") + ","
               + trade.quantity.toString() + "," + formatIso(trade.entryTime) + ","
               + trade.entryPrice.toString(2) + "," + (trade.exitTime ? formatIso(*trade.exitTime) : "")
               + "," + trade.exitPrice.toString(2) + "," + trade.pnl.toString(2) + ","
               + trade.commission.toString(2) + "\n";
    }
    return csv;
}

} // namespace meridian::engine
