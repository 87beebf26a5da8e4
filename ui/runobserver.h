#pragma once

// RunObserver: the worker-thread side of a running backtest. As the engine's InstantObserver it
// gathers what changed since the last snapshot and publishes a snapshot at most every
// `interval` (and only once the GUI took the previous one, so a busy GUI gets fewer, larger
// snapshots instead of a backlog); it takes pause, resume, step and cancel from the command
// queue, blocking the run while paused. As the EventRecorder it keeps the bars for the charts.

#include "ui/commandqueue.h"
#include "ui/runsnapshot.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <limits>

namespace meridian::ui {

class RunObserver final : public engine::InstantObserver, public engine::EventRecorder
{
public:
    using Publish = std::function<void(SnapshotPtr)>;
    using StateChange = std::function<void(RunState)>;

    RunObserver(std::uint64_t runId, std::vector<std::string> symbols, CommandQueue &commands,
                std::atomic<bool> &snapshotInFlight, Publish publish, StateChange stateChange,
                std::chrono::milliseconds interval);

    void onRunStart(engine::Timestamp first, engine::Timestamp last) override;
    void onInstantEnd(engine::Timestamp time, const engine::TradingEngine &engine) override;
    void record(const engine::Event &event) override;

    // A Run command that arrived during this run, to be started after it.
    std::optional<EngineCommand> takeDeferred() { return std::exchange(m_deferred, std::nullopt); }
    std::vector<std::vector<ChartBar>> takeBars() { return std::move(m_bars); }
    // When the last instant ended (steady clock): how soon a cancelled run stopped.
    std::chrono::steady_clock::time_point lastInstant() const { return m_lastInstant; }

private:
    void handleCommand(const EngineCommand &command);
    void waitWhilePaused(engine::Timestamp time, const engine::TradingEngine &engine);
    void publish(engine::Timestamp time, const engine::TradingEngine &engine);
    double progressAt(engine::Timestamp time) const;

    std::uint64_t m_runId;
    std::vector<std::string> m_symbols;
    CommandQueue &m_commands;
    std::atomic<bool> &m_inFlight;
    Publish m_publish;
    StateChange m_stateChange;
    std::chrono::steady_clock::duration m_interval;
    std::chrono::steady_clock::time_point m_started;
    std::chrono::steady_clock::time_point m_lastPublish;
    std::chrono::steady_clock::time_point m_lastInstant;
    engine::Timestamp m_first = engine::Timestamp::min();
    engine::Timestamp m_last = engine::Timestamp::min();
    bool m_paused = false;
    bool m_stepping = false;
    std::optional<EngineCommand> m_deferred;
    std::uint64_t m_instants = 0;
    // How far each stream was published.
    std::size_t m_equitySent = 0;
    std::size_t m_fillsSent = 0;
    std::uint64_t m_ordersSent = 0;
    std::vector<engine::OrderId> m_openOrders; // published while still working
    std::vector<std::size_t> m_tradesSent;     // closed trips, by strategy
    std::vector<std::vector<ChartBar>> m_bars;
    std::vector<std::size_t> m_barsSent; // per symbol: bars already in a snapshot
    ChartClock m_clock; // bar times as the charts draw them
};

} // namespace meridian::ui
