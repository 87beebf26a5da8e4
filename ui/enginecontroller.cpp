#include "ui/enginecontroller.h"

#include "ui/runobserver.h"

#include "engine/control/backtestreport.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMetaObject>

#include <algorithm>

namespace meridian::ui {

QString runStateName(RunState state)
{
    switch (state) {
    case RunState::Idle:
        return QCoreApplication::translate("RunState", "idle");
    case RunState::Running:
        return QCoreApplication::translate("RunState", "running");
    case RunState::Paused:
        return QCoreApplication::translate("RunState", "paused");
    case RunState::Completed:
        return QCoreApplication::translate("RunState", "completed");
    case RunState::Cancelled:
        return QCoreApplication::translate("RunState", "cancelled");
    case RunState::Faulted:
        return QCoreApplication::translate("RunState", "faulted");
    case RunState::Failed:
        return QCoreApplication::translate("RunState", "failed");
    }
    return {};
}

EngineController::EngineController(const engine::StrategyRegistry &registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<OutcomePtr>();
    qRegisterMetaType<RunState>();
    m_thread.reset(QThread::create([this] { workerLoop(); }));
    m_thread->setObjectName(QStringLiteral("meridian-engine"));
    m_thread->start();
}

EngineController::~EngineController()
{
    m_commands.push({EngineCommand::Kind::Quit, nullptr});
    m_thread->wait();
}

std::uint64_t EngineController::run(RunRequest request)
{
    request.runId = m_nextRun++;
    const std::uint64_t id = request.runId;
    m_commands.push({EngineCommand::Kind::Run, std::make_shared<const RunRequest>(std::move(request))});
    return id;
}

void EngineController::cancel()
{
    m_commands.push({EngineCommand::Kind::Cancel, nullptr});
}

void EngineController::pause()
{
    m_commands.push({EngineCommand::Kind::Pause, nullptr});
}

void EngineController::resume()
{
    m_commands.push({EngineCommand::Kind::Resume, nullptr});
}

void EngineController::step()
{
    m_commands.push({EngineCommand::Kind::Step, nullptr});
}

void EngineController::workerLoop()
{
    std::optional<EngineCommand> next;
    for (;;) {
        EngineCommand command = next ? std::move(*next) : m_commands.waitPop();
        next.reset();
        switch (command.kind) {
        case EngineCommand::Kind::Quit:
            return;
        case EngineCommand::Kind::Run: {
            m_commands.clearCancel();
            RunObserver observer(
                command.request->runId, command.request->config.data.symbols, m_commands, m_snapshotInFlight,
                [this](SnapshotPtr snapshot) { deliverSnapshot(snapshot); },
                [this, id = command.request->runId](RunState state) { deliverState(id, state); },
                std::chrono::milliseconds(m_intervalMs.load()));
            deliverState(command.request->runId, RunState::Running);
            engine::BacktestOptions options;
            options.storePath = command.request->storePath;
            options.bundledDataDir = command.request->bundledDataDir;
            options.from = command.request->from;
            options.to = command.request->to;
            options.source = command.request->source;
            options.cancel = &m_commands.cancelFlag();
            options.observer = &observer;
            options.recorder = &observer;
            auto outcome = std::make_shared<RunOutcome>();
            outcome->runId = command.request->runId;
            outcome->symbols = command.request->config.data.symbols;
            auto result = engine::runBacktest(command.request->config, m_registry, options);
            if (!result) {
                outcome->state = RunState::Failed;
                outcome->message = QString::fromStdString(result.error().message());
            } else {
                outcome->json = engine::backtestJson(*result);
                if (result->outcome == engine::EventLoop::Outcome::Cancelled) {
                    outcome->state = RunState::Cancelled;
                    const auto stopped = observer.lastInstant().time_since_epoch().count();
                    outcome->cancelToStopSeconds
                        = std::max<double>(0.0, static_cast<double>(stopped - m_commands.cancelledAt()) * 1e-9);
                }
                for (const auto &strategy : result->strategies) {
                    if (strategy.fault && outcome->state != RunState::Cancelled) {
                        outcome->state = RunState::Faulted;
                        outcome->message = QString::fromStdString(
                            strategy.name + " (" + strategy.fault->callback + "): " + strategy.fault->message);
                        break;
                    }
                }
                outcome->report = QJsonDocument::fromJson(QByteArray::fromStdString(outcome->json)).object();
                outcome->equity = equitySeries(result->equity);
                // Qt Charts draws every point it is given: a long intraday curve goes in as daily points.
                if (result->equity.size() > dailyEquityThreshold)
                    outcome->dailyEquity = lastPointPerDay(result->equity);
                outcome->result = std::make_shared<const engine::BacktestResult>(std::move(*result));
                outcome->bars = observer.takeBars();
            }
            deliverOutcome(outcome);
            next = observer.takeDeferred();
            break;
        }
        case EngineCommand::Kind::Cancel:
        case EngineCommand::Kind::Pause:
        case EngineCommand::Kind::Resume:
        case EngineCommand::Kind::Step:
            break; // nothing is running: nothing to control
        }
    }
}

void EngineController::deliverSnapshot(const SnapshotPtr &snapshot)
{
    QMetaObject::invokeMethod(
        this,
        [this, snapshot] {
            m_snapshotInFlight.store(false, std::memory_order_release);
            if (snapshot->runId != m_currentRun)
                return;
            ++m_snapshots;
            emit this->snapshot(snapshot);
        },
        Qt::QueuedConnection);
}

void EngineController::deliverState(std::uint64_t runId, RunState state)
{
    QMetaObject::invokeMethod(
        this,
        [this, runId, state] {
            m_currentRun = runId;
            if (m_state == state)
                return;
            m_state = state;
            emit stateChanged(state);
        },
        Qt::QueuedConnection);
}

void EngineController::deliverOutcome(const OutcomePtr &outcome)
{
    QMetaObject::invokeMethod(
        this,
        [this, outcome] {
            m_state = outcome->state;
            emit stateChanged(outcome->state);
            emit finished(outcome);
        },
        Qt::QueuedConnection);
}

} // namespace meridian::ui
