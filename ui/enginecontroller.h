#pragma once

// EngineController: the GUI thread's handle on the engine, which runs on a worker QThread.
//
//     EngineController controller(registry);
//     connect(&controller, &EngineController::snapshot, this, &MainWindow::onSnapshot);
//     connect(&controller, &EngineController::finished, this, &MainWindow::onFinished);
//     controller.run(request);        // returns at once
//     controller.cancel();            // the run stops within a few events
//
// Every command goes through the CommandQueue; nothing here waits for the worker (except the
// destructor, which cancels and joins). Snapshots are coalesced on the worker (runobserver.h) to
// at most one per `snapshotInterval`, and a new one is sent only once the previous one has been
// delivered, so the GUI's event queue never fills with engine traffic.

#include "ui/commandqueue.h"
#include "ui/runsnapshot.h"

#include "engine/sdk/strategyregistry.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>

namespace meridian::ui {

// Equity curves longer than this reach the analytics charts as one point per New York day.
inline constexpr std::size_t dailyEquityThreshold = 20000;

class EngineController : public QObject
{
    Q_OBJECT

public:
    explicit EngineController(const engine::StrategyRegistry &registry, QObject *parent = nullptr);
    ~EngineController() override;

    // Starts a backtest (queued behind a running one). Returns the run's id.
    std::uint64_t run(RunRequest request);
    void cancel();
    void pause();
    void resume();
    // While paused: run one more instant, then pause again.
    void step();

    RunState state() const { return m_state; }
    std::uint64_t currentRun() const { return m_currentRun; }
    void setSnapshotInterval(std::chrono::milliseconds interval) { m_intervalMs.store(interval.count()); }
    // Snapshots delivered so far (all runs).
    std::uint64_t snapshotCount() const { return m_snapshots; }

signals:
    void stateChanged(meridian::ui::RunState state);
    void snapshot(const meridian::ui::SnapshotPtr &snapshot);
    void finished(const meridian::ui::OutcomePtr &outcome);

private:
    void workerLoop();
    void execute(const RunRequest &request);
    void deliverSnapshot(const SnapshotPtr &snapshot);
    void deliverState(std::uint64_t runId, RunState state);
    void deliverOutcome(const OutcomePtr &outcome);

    const engine::StrategyRegistry &m_registry;
    CommandQueue m_commands;
    std::atomic<bool> m_snapshotInFlight{false};
    std::atomic<std::int64_t> m_intervalMs{33};
    std::unique_ptr<QThread> m_thread;
    RunState m_state = RunState::Idle;
    std::uint64_t m_nextRun = 1;
    std::uint64_t m_currentRun = 0;
    std::uint64_t m_snapshots = 0;
};

} // namespace meridian::ui
