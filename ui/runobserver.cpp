#include "ui/runobserver.h"

#include "engine/core/civiltime.h"

#include <algorithm>

namespace meridian::ui {

RunObserver::RunObserver(std::uint64_t runId, std::vector<std::string> symbols, CommandQueue &commands,
                         std::atomic<bool> &snapshotInFlight, Publish publish, StateChange stateChange,
                         std::chrono::milliseconds interval)
    : m_runId(runId)
    , m_symbols(std::move(symbols))
    , m_commands(commands)
    , m_inFlight(snapshotInFlight)
    , m_publish(std::move(publish))
    , m_stateChange(std::move(stateChange))
    , m_interval(interval)
    , m_started(std::chrono::steady_clock::now())
    , m_lastPublish(m_started)
    , m_lastInstant(m_started)
    , m_bars(m_symbols.size())
    , m_barsSent(m_symbols.size(), 0)
{}

void RunObserver::onRunStart(engine::Timestamp first, engine::Timestamp last)
{
    m_first = first;
    m_last = last;
}

void RunObserver::record(const engine::Event &event)
{
    if (event.type != engine::EventType::Bar)
        return;
    const engine::BarData &bar = event.bar();
    const std::size_t index = bar.instrument.value() - 1;
    if (index >= m_bars.size())
        return;
    m_bars[index].push_back({m_clock.chartTime(event.timestamp), bar.open.toDouble(),
                             bar.high.toDouble(), bar.low.toDouble(), bar.close.toDouble(),
                             bar.volume.toDouble()});
}

void RunObserver::onInstantEnd(engine::Timestamp time, const engine::TradingEngine &engine)
{
    ++m_instants;
    while (auto command = m_commands.tryPop())
        handleCommand(*command);
    if (m_stepping) {
        m_stepping = false;
        m_paused = true;
        publish(time, engine);
    }
    if (m_paused) {
        waitWhilePaused(time, engine);
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    m_lastInstant = now;
    if (now - m_lastPublish >= m_interval && !m_inFlight.load(std::memory_order_acquire))
        publish(time, engine);
}

void RunObserver::handleCommand(const EngineCommand &command)
{
    switch (command.kind) {
    case EngineCommand::Kind::Pause:
        if (!m_paused)
            m_paused = true;
        break;
    case EngineCommand::Kind::Resume:
        m_paused = false;
        m_stepping = false;
        break;
    case EngineCommand::Kind::Step:
        m_paused = false;
        m_stepping = true;
        break;
    case EngineCommand::Kind::Cancel:
    case EngineCommand::Kind::Quit:
        // The cancel flag is already up; the loop stops after this event.
        m_paused = false;
        m_stepping = false;
        if (command.kind == EngineCommand::Kind::Quit)
            m_deferred = command;
        break;
    case EngineCommand::Kind::Run:
        m_deferred = command;
        break;
    }
}

void RunObserver::waitWhilePaused(engine::Timestamp time, const engine::TradingEngine &engine)
{
    publish(time, engine);
    m_stateChange(RunState::Paused);
    while (m_paused && !m_commands.cancelFlag().load())
        handleCommand(m_commands.waitPop());
    if (!m_commands.cancelFlag().load())
        m_stateChange(RunState::Running);
}

double RunObserver::progressAt(engine::Timestamp time) const
{
    if (m_first == engine::Timestamp::min() || !(m_first < m_last))
        return -1.0;
    const double done = static_cast<double>((time - m_first).count());
    const double total = static_cast<double>((m_last - m_first).count());
    return std::clamp(done / total, 0.0, 1.0);
}

void RunObserver::publish(engine::Timestamp time, const engine::TradingEngine &engine)
{
    auto snapshot = std::make_shared<RunSnapshot>();
    snapshot->runId = m_runId;
    snapshot->time = time;
    snapshot->progress = progressAt(time);
    snapshot->instants = m_instants;
    const auto now = std::chrono::steady_clock::now();
    snapshot->elapsedSeconds = std::chrono::duration<double>(now - m_started).count();

    const auto &runners = engine.strategies();
    // The whole run's equity: the strategies' curves summed point by point (as the result does).
    if (!runners.empty()) {
        const auto &first = runners.front()->equityCurve();
        for (std::size_t i = m_equitySent; i < first.size(); ++i) {
            engine::EquityPoint point = first[i];
            for (std::size_t s = 1; s < runners.size(); ++s) {
                const auto &curve = runners[s]->equityCurve();
                if (i < curve.size()) {
                    point.equity += curve[i].equity;
                    point.grossExposure += curve[i].grossExposure;
                }
            }
            snapshot->newEquity.push_back(point);
        }
        m_equitySent = first.size();
    }

    const auto &fills = engine.fills();
    snapshot->newFills.assign(fills.begin() + static_cast<std::ptrdiff_t>(std::min(m_fillsSent, fills.size())),
                              fills.end());
    m_fillsSent = fills.size();

    // Orders still working at the last snapshot may have changed; new ones are all reported.
    std::vector<engine::OrderId> stillOpen;
    for (const engine::OrderId id : m_openOrders) {
        if (const engine::Order *order = engine.orders().find(id)) {
            snapshot->changedOrders.push_back(*order);
            if (order->isOpen())
                stillOpen.push_back(id);
        }
    }
    const std::uint64_t submitted = engine.orders().submitted();
    for (std::uint64_t id = m_ordersSent + 1; id <= submitted; ++id) {
        if (const engine::Order *order = engine.orders().find(engine::OrderId(id))) {
            snapshot->changedOrders.push_back(*order);
            if (order->isOpen())
                stillOpen.push_back(order->id);
        }
    }
    m_ordersSent = submitted;
    m_openOrders = std::move(stillOpen);

    m_tradesSent.resize(runners.size(), 0);
    for (std::size_t s = 0; s < runners.size(); ++s) {
        const auto &runner = *runners[s];
        const auto closed = runner.book().closedTrades();
        for (std::size_t i = m_tradesSent[s]; i < closed.size(); ++i) {
            const engine::RoundTrip &trip = closed[i];
            const std::size_t index = trip.instrument.value() - 1;
            snapshot->newTrades.push_back(
                engine::tradeRecord(index < m_symbols.size() ? m_symbols[index] : std::string(), trip));
        }
        m_tradesSent[s] = closed.size();
        for (const engine::Position &position : runner.book().positions()) {
            if (position.isFlat())
                continue;
            const std::size_t index = position.instrument.value() - 1;
            snapshot->positions.push_back({runner.name(),
                                           index < m_symbols.size() ? m_symbols[index] : std::string(),
                                           position.quantity, position.averagePrice(), position.lastPrice,
                                           position.marketValue(), position.unrealizedPnl(),
                                           position.realizedPnl});
        }
    }

    // The price chart fills in as the run goes: the bars since the last snapshot.
    snapshot->newBars.resize(m_bars.size());
    for (std::size_t i = 0; i < m_bars.size(); ++i) {
        snapshot->newBars[i].assign(m_bars[i].begin() + static_cast<std::ptrdiff_t>(m_barsSent[i]), m_bars[i].end());
        m_barsSent[i] = m_bars[i].size();
    }

    m_lastPublish = now;
    m_inFlight.store(true, std::memory_order_release);
    m_publish(std::move(snapshot));
}

} // namespace meridian::ui
