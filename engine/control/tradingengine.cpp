#include "engine/control/tradingengine.h"

#include "engine/execution/pretraderisk.h"

#include <algorithm>

namespace meridian::engine {

TradingEngine::TradingEngine(const InstrumentTable &instruments, const NyseCalendar &calendar,
                             const Clock &clock, bool retainOrderLog)
    : m_instruments(instruments)
    , m_calendar(calendar)
    , m_clock(clock)
    , m_market(instruments)
    , m_orders(retainOrderLog)
{
    m_intents.reserve(64);
    m_prepared.reserve(64);
}

StrategyId TradingEngine::addStrategy(StrategySetup setup)
{
    const StrategyId id(static_cast<std::uint32_t>(m_runners.size() + 1));
    m_runners.push_back(
        std::make_unique<StrategyRunner>(id, std::move(setup), m_market, m_calendar, m_clock, m_orders));
    return id;
}

void TradingEngine::start()
{
    for (auto &runner : m_runners) {
        if (!runner->guardedCall("onStart", [&] { runner->strategy().onStart(*runner); }))
            fault(*runner, m_clock.now());
    }
}

void TradingEngine::finish()
{
    for (auto &runner : m_runners) {
        const StrategyState state = runner->state();
        if (state != StrategyState::Running && state != StrategyState::Paused)
            continue;
        if (!runner->guardedCall("onStop", [&] { runner->strategy().onStop(*runner); }))
            fault(*runner, m_clock.now());
    }
}

void TradingEngine::handle(const Event &event)
{
    switch (event.eventClass()) {
    case EventClass::MarketData:
        onBar(event);
        break;
    case EventClass::Order:
        onOrderUpdate(event);
        break;
    case EventClass::Control:
        onControl(event);
        break;
    case EventClass::Timer:
        break;
    }
}

void TradingEngine::onBar(const Event &event)
{
    for (auto &runner : m_runners)
        runner->applyCorporateActions(event.timestamp); // splits before any fill at ex prices
    if (m_broker != nullptr)
        m_broker->onMarketData(event);
    if (m_loop != nullptr)
        m_loop->processPendingBefore(event); // fills at this bar's open come before its close
    if (event.type != EventType::Bar)
        return;
    const BarData &bar = event.bar();
    m_market.onBar(event.timestamp, bar);
    ++m_barsProcessed;
    for (auto &runner : m_runners) {
        if (!runner->trades(bar.instrument))
            continue;
        runner->book().mark(bar.instrument, bar.close);
        runner->onFeatureBar(event.timestamp, bar);
        if (!runner->isRunning())
            continue;
        StrategyRunner &r = *runner;
        if (!r.guardedCall("onMarketEvent", [&] { r.strategy().onMarketEvent(r, event); }))
            fault(r, event.timestamp);
    }
    m_decisionPending = true;
    m_equityPending = true;
}

void TradingEngine::onInstantEnd(Timestamp time)
{
    if (m_decisionPending) {
        m_decisionPending = false;
        decide(time);
        if (m_loop != nullptr && m_loop->hasEventAt(time))
            return; // this instant's orders and fills first; we are called again after them
    }
    if (!m_equityPending)
        return;
    m_equityPending = false;
    for (auto &runner : m_runners) {
        if (runner->dailyLossBreached(time) && runner->isRunning()) {
            runner->setState(StrategyState::Paused);
            alert(time, Alert::Severity::Error, runner->name(),
                  "max_daily_loss breached: equity " + runner->equity().toString(2)
                      + "; strategy paused and its orders cancelled");
            cancelWorkingOrders(*runner, time, "max_daily_loss breached");
        }
        runner->recordEquity(time);
    }
    if (m_observer != nullptr)
        m_observer->onInstantEnd(time, *this);
}

void TradingEngine::decide(Timestamp time)
{
    for (auto &runner : m_runners) {
        if (!runner->isRunning())
            continue;
        StrategyRunner &r = *runner;
        m_intents.clear();
        if (!r.guardedCall("generateOrders", [&] { r.strategy().generateOrders(r, m_intents); })) {
            fault(r, time);
            continue;
        }
        // Size every intent against the same state, then send sells before buys: the exposure
        // the sells free is what the buys are checked against.
        m_prepared.clear();
        for (const OrderIntent &intent : m_intents)
            prepareOrder(r, intent, time);
        for (PreparedOrder &prepared : m_prepared) {
            if (prepared.order.side == Side::Sell)
                sendOrder(r, prepared, time);
        }
        for (PreparedOrder &prepared : m_prepared) {
            if (prepared.order.side == Side::Buy)
                sendOrder(r, prepared, time);
        }
    }
}

void TradingEngine::prepareOrder(StrategyRunner &runner, const OrderIntent &intent, Timestamp time)
{
    PreparedOrder prepared;
    Order &order = prepared.order;
    order.strategy = runner.id();
    order.instrument = intent.instrument;
    order.side = intent.side;
    order.type = intent.type;
    order.timeInForce = intent.timeInForce;
    order.limitPrice = intent.limitPrice;
    order.stopPrice = intent.stopPrice;
    order.quantity = intent.quantity;
    order.submittedAt = time;

    if (!runner.trades(intent.instrument)) {
        const bool known = intent.instrument.isValid() && intent.instrument.value() <= m_instruments.size();
        std::string name = known ? m_instruments.symbol(intent.instrument).toString()
                                 : std::to_string(intent.instrument.value());
        if (!known)
            name.insert(name.begin(), '#');
        prepared.rejectReason = "instrument " + name + " is not one of the strategy's symbols";
        m_prepared.push_back(std::move(prepared));
        return;
    }
    if (intent.sizing != OrderIntent::Sizing::Quantity) {
        const Quantity held = runner.position(intent.instrument) + runner.openOrderQuantity(intent.instrument);
        Quantity target = intent.quantity;
        if (intent.sizing == OrderIntent::Sizing::TargetPercent) {
            const std::optional<Price> price = m_market.lastPrice(intent.instrument);
            if (!price || !price->isPositive()) {
                prepared.rejectReason = "no price for " + m_instruments.symbol(intent.instrument).toString() + " yet";
                m_prepared.push_back(std::move(prepared));
                return;
            }
            target = quantityFor(fractionOf(runner.equity(), intent.targetFraction), *price);
        }
        if (intent.wholeUnits)
            target = wholeUnits(target);
        const Quantity delta = target - held;
        if (delta.isZero())
            return; // already at target
        order.side = delta.isPositive() ? Side::Buy : Side::Sell;
        order.quantity = delta.abs();
    }
    m_prepared.push_back(std::move(prepared));
}

void TradingEngine::sendOrder(StrategyRunner &runner, PreparedOrder &prepared, Timestamp time)
{
    Order &order = prepared.order;
    if (!prepared.rejectReason.empty()) {
        reject(runner, order, time, prepared.rejectReason);
        return;
    }
    if (order.type == OrderType::Limit && !order.limitPrice.isPositive()) {
        reject(runner, order, time, "limit order needs a positive limit price");
        return;
    }
    if (order.type == OrderType::Stop && !order.stopPrice.isPositive()) {
        reject(runner, order, time, "stop order needs a positive stop price");
        return;
    }
    RiskCheckInput input;
    input.symbol = m_instruments.symbol(order.instrument).view();
    input.equity = runner.equity();
    input.projectedGrossExposure = projectedGrossExposure(runner);
    input.projectedPosition = runner.position(order.instrument) + runner.openOrderQuantity(order.instrument);
    input.referencePrice = m_market.lastPrice(order.instrument).value_or(Price());
    const Result<void> risk = checkPreTradeRisk(runner.riskLimits(), order.side, order.quantity, input);
    if (!risk) {
        reject(runner, order, time, risk.error().message());
        return;
    }
    const Order &booked = m_orders.add(order);
    runner.addWorkingOrder(booked.id);
    m_broker->submit(booked, time);
}

void TradingEngine::reject(StrategyRunner &runner, Order order, Timestamp time, const std::string &reason)
{
    order.reason = reason; // the full text; the event carries a bounded copy
    const Order &booked = m_orders.add(std::move(order));
    ++m_rejected;
    OrderEventData data;
    data.orderId = booked.id;
    data.strategy = runner.id();
    data.instrument = booked.instrument;
    data.side = booked.side;
    data.reason = ShortText(reason);
    onOrderEvent(Event::makeOrder(time, EventType::OrderRejected, data));
}

void TradingEngine::onOrderEvent(const Event &event)
{
    if (m_loop != nullptr)
        m_loop->schedule(event);
}

void TradingEngine::onOrderUpdate(const Event &event)
{
    const OrderEventData &data = event.order();
    Order *booked = m_orders.find(data.orderId);
    if (booked == nullptr)
        return;
    Order &order = *booked;
    applyOrderEvent(order, event);
    StrategyRunner *owner = runner(order.strategy);
    if (owner == nullptr)
        return;
    if (event.type == EventType::OrderFilled || event.type == EventType::OrderPartiallyFilled) {
        owner->book().applyFill(Fill{order.instrument, order.side, data.lastQuantity, data.lastPrice,
                                     data.commission, event.timestamp});
        owner->book().mark(order.instrument, m_market.lastPrice(order.instrument).value_or(data.lastPrice));
        ++m_fillCount;
        if (m_orders.retainsFinished())
            m_fills.push_back(FillRecord{data.fillId, order.id, order.strategy, order.instrument, order.side,
                                         data.lastQuantity, data.lastPrice, data.commission, event.timestamp});
    }
    if (event.type == EventType::OrderRejected)
        alert(event.timestamp, Alert::Severity::Warning, owner->name(), "order rejected: " + order.reason);
    if (!order.isOpen())
        owner->removeWorkingOrder(order.id);
    const StrategyState state = owner->state();
    if (state == StrategyState::Running || state == StrategyState::Paused) {
        if (!owner->guardedCall("onOrderUpdate", [&] { owner->strategy().onOrderUpdate(*owner, event); }))
            fault(*owner, event.timestamp);
    }
    m_orders.compact();
}

void TradingEngine::onControl(const Event &event)
{
    const ControlData &control = event.control();
    const Timestamp time = event.timestamp;
    if (control.command == ControlCommand::Stop) {
        alert(time, Alert::Severity::Info, "engine", "stop requested");
        if (m_loop != nullptr)
            m_loop->stop();
        return;
    }
    for (auto &runner : m_runners) {
        if (control.strategy.isValid() && runner->id() != control.strategy)
            continue;
        switch (control.command) {
        case ControlCommand::Pause:
            if (runner->state() == StrategyState::Running) {
                runner->setState(StrategyState::Paused);
                alert(time, Alert::Severity::Info, runner->name(), "paused");
            }
            break;
        case ControlCommand::Resume:
            if (runner->state() == StrategyState::Paused) {
                runner->setState(StrategyState::Running);
                alert(time, Alert::Severity::Info, runner->name(), "resumed");
            }
            break;
        case ControlCommand::Flatten:
            flatten(*runner, time);
            alert(time, Alert::Severity::Warning, runner->name(), "flatten: orders cancelled, positions closed");
            break;
        case ControlCommand::Kill:
            flatten(*runner, time);
            runner->setState(StrategyState::Stopped);
            alert(time, Alert::Severity::Error, runner->name(),
                  "kill switch: orders cancelled, positions closed, strategy disabled");
            break;
        case ControlCommand::Stop:
            break;
        }
    }
}

void TradingEngine::cancelWorkingOrders(StrategyRunner &runner, Timestamp time, const std::string &reason)
{
    const std::vector<OrderId> working = runner.workingOrders();
    for (const OrderId order : working)
        m_broker->cancel(order, time, reason);
}

void TradingEngine::flatten(StrategyRunner &runner, Timestamp time)
{
    cancelWorkingOrders(runner, time, "flatten");
    for (const InstrumentId instrument : runner.instruments()) {
        const Quantity held = runner.position(instrument);
        if (held.isZero())
            continue;
        Order order;
        order.strategy = runner.id();
        order.instrument = instrument;
        order.side = held.isPositive() ? Side::Sell : Side::Buy;
        order.quantity = held.abs();
        order.timeInForce = TimeInForce::Gtc;
        order.submittedAt = time;
        const Order &booked = m_orders.add(order);
        runner.addWorkingOrder(booked.id);
        m_broker->submit(booked, time);
    }
}

void TradingEngine::fault(StrategyRunner &runner, Timestamp time)
{
    const auto &fault = runner.fault();
    alert(time, Alert::Severity::Error, runner.name(),
          "strategy faulted in " + (fault ? fault->callback : std::string("?")) + ": "
              + (fault ? fault->message : std::string()) + "; its open orders are cancelled");
    cancelWorkingOrders(runner, time, "strategy faulted");
}

void TradingEngine::alert(Timestamp time, Alert::Severity severity, std::string source, std::string message)
{
    m_alerts.push_back(Alert{time, severity, std::move(source), std::move(message)});
}

Money TradingEngine::projectedGrossExposure(const StrategyRunner &runner) const
{
    Money gross;
    for (const InstrumentId instrument : runner.instruments()) {
        const auto price = m_market.lastPrice(instrument);
        if (!price)
            continue;
        const Quantity projected = runner.position(instrument) + runner.openOrderQuantity(instrument);
        gross += projected.abs() * *price;
    }
    return gross;
}

StrategyRunner *TradingEngine::runner(StrategyId id)
{
    if (!id.isValid() || id.value() > m_runners.size())
        return nullptr;
    return m_runners[id.value() - 1].get();
}

} // namespace meridian::engine
