#pragma once

// What the engine's worker thread hands to the GUI thread: immutable snapshots of a running
// backtest (at most ~30 per second, each carrying only what changed since the previous one) and
// one RunOutcome when the run ends. Both travel as shared_ptr<const ...>: the GUI reads them
// without locks and the worker never touches them again.

#include "engine/analytics/performance.h"
#include "engine/control/backtestrunner.h"
#include "engine/control/tradingengine.h"
#include "ui/equitysampling.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace meridian::ui {

// One OHLCV bar as the charts draw it (seconds since the epoch, UTC).
struct ChartBar
{
    double time = 0.0;
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    double volume = 0.0;
};

struct PositionRow
{
    std::string strategy;
    std::string symbol;
    engine::Quantity quantity;
    engine::Price averagePrice;
    engine::Price lastPrice;
    engine::Money marketValue;
    engine::Money unrealizedPnl;
    engine::Money realizedPnl;
};

struct RunSnapshot
{
    std::uint64_t runId = 0;
    double progress = -1.0; // 0..1; negative when the span of the data is unknown
    engine::Timestamp time; // the last instant processed
    double elapsedSeconds = 0.0;
    std::uint64_t instants = 0;
    std::vector<engine::EquityPoint> newEquity;   // whole-run equity since the last snapshot
    std::vector<engine::Order> changedOrders;     // new or changed since the last snapshot
    std::vector<engine::FillRecord> newFills;
    std::vector<engine::TradeRecord> newTrades;   // closed since the last snapshot
    std::vector<PositionRow> positions;           // every non-flat position now
    std::vector<std::vector<ChartBar>> newBars;   // by InstrumentId value − 1: bars since the last one
};

enum class RunState { Idle, Running, Paused, Completed, Cancelled, Faulted, Failed };
QString runStateName(RunState state); // translated: "running", "cancelled", "faulted", ...

struct RunOutcome
{
    std::uint64_t runId = 0;
    RunState state = RunState::Completed; // Completed, Cancelled, Faulted or Failed
    QString message;                      // the error or the strategy fault; empty otherwise
    std::shared_ptr<const engine::BacktestResult> result; // null when the run Failed
    std::string json;                     // backtestJson(*result)
    std::vector<std::vector<ChartBar>> bars; // by InstrumentId value − 1 (data.symbols order)
    std::vector<std::string> symbols;
    // Built on the worker thread, so the GUI thread only shares them: the report parsed from
    // `json`, the equity chart's series, and for long intraday curves one point per New York
    // day (what the monthly-returns and exposure charts read; empty when the curve is short).
    QJsonObject report;
    EquitySeries equity;
    std::vector<engine::EquityPoint> dailyEquity;
    // Cancelled runs: from the cancel command to the end of the last instant processed.
    double cancelToStopSeconds = 0.0;
};

using SnapshotPtr = std::shared_ptr<const RunSnapshot>;
using OutcomePtr = std::shared_ptr<const RunOutcome>;

} // namespace meridian::ui

Q_DECLARE_METATYPE(meridian::ui::SnapshotPtr)
Q_DECLARE_METATYPE(meridian::ui::OutcomePtr)
