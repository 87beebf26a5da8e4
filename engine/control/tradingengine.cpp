#include "engine/control/tradingengine.h"

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

void TradingEngine::cancelAtEndOfRun(Timestamp time)
{
    if (m_broker == nullptr)
        return;
    for (auto &runner : m_runners)
        cancelWorkingOrders(*runner, time, "end of run");
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
        // A RiskAlert reports what the engine already did when it raised it.
        if (event.type == EventType::Control)
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
        if (runner->driftSettings())
            reportDrift(*runner, event.timestamp);
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
    checkAccountDrawdown(time);
    checkAccountDailyLoss(time);
    for (auto &runner : m_runners) {
        if (runner->isRunning() && runner->drawdownBreached()) {
            haltOnLossLimit(*runner, time, StrategyState::Stopped, RiskLimit::MaxDrawdown,
                            "kill switch: max_drawdown breached: equity " + runner->equity().toString(2)
                                + "; strategy halted and its orders cancelled");
        } else if (runner->dailyLossBreached(time) && runner->isRunning()) {
            haltOnLossLimit(*runner, time, StrategyState::Paused, RiskLimit::MaxDailyLoss,
                            "max_daily_loss breached: equity " + runner->equity().toString(2)
                                + "; strategy paused and its orders cancelled");
        }
        runner->recordEquity(time);
    }
    m_accountLastEquity = accountEquity();
    if (m_observer != nullptr)
        m_observer->onInstantEnd(time, *this);
}

void TradingEngine::haltOnLossLimit(StrategyRunner &runner, Timestamp time, StrategyState state,
                                    RiskLimit limit, const std::string &message)
{
    runner.setState(state);
    const bool flattening = runner.riskLimits().flattenOnBreach;
    alert(time, Alert::Severity::Error, runner.name(),
          flattening ? message + "; positions closed" : message);
    raiseRiskAlert(time, limit, runner.id(), runner.equity(), flattening, m_alerts.back().message);
    const std::string reason = message.substr(0, message.find(':', message.find("breached")));
    if (flattening)
        flatten(runner, time);
    else
        cancelWorkingOrders(runner, time, reason);
}

void TradingEngine::raiseRiskAlert(Timestamp time, RiskLimit limit, StrategyId strategy,
                                   Money equity, bool flattened, const std::string &message)
{
    if (m_loop == nullptr)
        return;
    m_loop->schedule(Event::makeRiskAlert(
        time, RiskAlertData{limit, strategy, equity, flattened, ShortText(message)}));
}

void TradingEngine::reportDrift(StrategyRunner &runner, Timestamp time)
{
    for (FeatureDrift &drift : runner.takeDriftAlerts()) {
        const DriftSettings &settings = *runner.driftSettings();
        const bool psiOver = drift.alert.psi > settings.psiThreshold;
        FeatureDriftData data;
        data.strategy = runner.id();
        data.instrument = drift.instrument;
        data.statistic = psiOver ? DriftStatistic::Psi : DriftStatistic::Ks;
        data.value = psiOver ? drift.alert.psi : drift.alert.ks;
        data.threshold = psiOver ? settings.psiThreshold : settings.ksThreshold;
        data.psi = drift.alert.psi;
        data.ks = drift.alert.ks;
        data.feature = ShortText(drift.feature);
        if (m_loop != nullptr)
            m_loop->schedule(Event::makeFeatureDrift(time, data));
        m_featureDrift.push_back(FeatureDriftRecord{time, runner.name(), drift.feature,
                                                    m_instruments.symbol(drift.instrument).toString(),
                                                    data.statistic, data.value, data.threshold,
                                                    data.psi, data.ks});
        alert(time, Alert::Severity::Warning, runner.name(), std::move(drift.alert.message));
    }
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
        // the sells free is what the buys are checked against. Cancels and replaces go first.
        m_prepared.clear();
        for (const OrderIntent &intent : m_intents) {
            if (intent.action == OrderIntent::Action::Cancel)
                requestCancel(r, intent.target, time, "canceled by the strategy");
            else if (intent.action == OrderIntent::Action::Replace)
                requestReplace(r, intent, time);
            else
                prepareOrder(r, intent, time);
        }
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
    order.orderClass = intent.orderClass;
    order.limitPrice = intent.limitPrice;
    order.stopPrice = intent.stopPrice;
    order.trailPrice = intent.trailPrice;
    order.trailPercent = intent.trailPercent;
    order.quantity = intent.quantity;
    order.submittedAt = time;
    prepared.takeProfitLimit = intent.takeProfitLimit;
    prepared.stopLossStop = intent.stopLossStop;
    prepared.stopLossLimit = intent.stopLossLimit;

    if (!runner.trades(intent.instrument)) {
        const bool known = intent.instrument.isValid() && intent.instrument.value() <= m_instruments.size();
        std::string name = known ? m_instruments.symbol(intent.instrument).toString()
                                 : std::to_string(intent.instrument.value());
        if (!known)
            name.insert(name.begin(), '#');
        prepared.rejectCode = "unknown_instrument";
        prepared.rejectReason = "instrument " + name + " is not one of the strategy's symbols";
        m_prepared.push_back(std::move(prepared));
        return;
    }
    order.arrivalPrice = m_market.lastPrice(intent.instrument).value_or(Price());
    if (intent.sizing != OrderIntent::Sizing::Quantity) {
        Quantity target = intent.quantity;
        if (intent.sizing == OrderIntent::Sizing::TargetPercent) {
            const std::optional<Price> price = m_market.lastPrice(intent.instrument);
            if (!price || !price->isPositive()) {
                prepared.rejectCode = "no_price";
                prepared.rejectReason = "no price for " + m_instruments.symbol(intent.instrument).toString() + " yet";
                m_prepared.push_back(std::move(prepared));
                return;
            }
            target = quantityFor(fractionOf(runner.equity(), intent.targetFraction), *price);
        }
        if (intent.wholeUnits)
            target = wholeUnits(target);
        const Quantity delta = missingForTarget(runner, intent.instrument, target, time);
        if (delta.isZero())
            return; // already at target
        order.side = delta.isPositive() ? Side::Buy : Side::Sell;
        order.quantity = delta.abs();
    }
    m_prepared.push_back(std::move(prepared));
}

// Working simple orders that move the position toward the target without going past it stay and
// count. Any other simple order (the other side, or more than the target needs) is cancelled and
// the target is sized without it: at a broker an order against a working one is a short sale or
// a wash trade, not a netting, and two orders racing to fill overshoot. Bracket/oco/oto orders,
// their legs and orders already being replaced count as they are and are left alone; orders
// being cancelled do not count (they are on their way out).
Quantity TradingEngine::missingForTarget(StrategyRunner &runner, InstrumentId instrument,
                                         Quantity target, Timestamp time)
{
    Quantity simple;    // signed leaves of the simple orders
    Quantity untouched; // signed leaves of everything else still working
    std::vector<OrderId> simpleOrders;
    bool buys = false;
    bool sells = false;
    for (const OrderId id : runner.workingOrders()) {
        const Order *order = m_orders.find(id);
        if (order == nullptr || order->instrument != instrument || !order->isOpen()
            || order->status == OrderStatus::PendingCancel)
            continue;
        if (order->orderClass != OrderClass::Simple || order->parent.isValid()
            || order->status == OrderStatus::PendingReplace) {
            untouched += order->signedLeaves();
            continue;
        }
        simpleOrders.push_back(id);
        simple += order->signedLeaves();
        (order->side == Side::Buy ? buys : sells) = true;
    }
    const Quantity need = target - runner.position(instrument) - untouched;
    const bool onTheWay = !(buys && sells)
                          && ((need.isPositive() && simple.isPositive() && simple <= need)
                              || (need.isNegative() && simple.isNegative() && simple >= need));
    if (simpleOrders.empty() || onTheWay)
        return need - simple;
    for (const OrderId id : simpleOrders)
        requestCancel(runner, id, time, "superseded by a target order");
    return need;
}

namespace {

// What makes an order malformed whatever the risk limits say; empty when it is well formed.
std::string malformed(const Order &order, Price takeProfit, Price stopLoss)
{
    const bool buy = order.side == Side::Buy;
    switch (order.type) {
    case OrderType::Market:
        break;
    case OrderType::Limit:
        if (!order.limitPrice.isPositive())
            return "limit order needs a positive limit price";
        break;
    case OrderType::Stop:
        if (!order.stopPrice.isPositive())
            return "stop order needs a positive stop price";
        break;
    case OrderType::StopLimit:
        if (!order.stopPrice.isPositive() || !order.limitPrice.isPositive())
            return "stop_limit order needs a positive stop price and limit price";
        break;
    case OrderType::TrailingStop:
        if (order.trailPrice.isPositive() == (order.trailPercent > 0.0))
            return "trailing_stop order needs exactly one of a positive trail price or trail percent";
        if (order.trailPercent >= 100.0)
            return "trailing_stop trail percent must be below 100";
        break;
    }
    const TimeInForce tif = order.timeInForce;
    if ((tif == TimeInForce::Opg || tif == TimeInForce::Cls || tif == TimeInForce::Ioc
         || tif == TimeInForce::Fok)
        && order.type != OrderType::Market && order.type != OrderType::Limit)
        return std::string(toString(tif)).append(" applies to market and limit orders only");
    switch (order.orderClass) {
    case OrderClass::Simple:
        break;
    case OrderClass::Bracket:
    case OrderClass::Oto:
        if (order.type != OrderType::Market && order.type != OrderType::Limit)
            return std::string(toString(order.orderClass)).append(" entry must be a market or limit order");
        if (order.orderClass == OrderClass::Bracket && (buy ? takeProfit <= stopLoss : takeProfit >= stopLoss))
            return std::string("bracket take-profit must be ").append(buy ? "above" : "below")
                .append(" its stop-loss");
        break;
    case OrderClass::Oco:
        if (!takeProfit.isPositive() || !stopLoss.isPositive())
            return "oco needs a take-profit limit and a stop-loss stop";
        if (buy ? takeProfit >= stopLoss : takeProfit <= stopLoss)
            return std::string("oco take-profit must be ").append(buy ? "below" : "above")
                .append(" its stop-loss");
        break;
    }
    return {};
}

} // namespace

std::optional<Rejection> TradingEngine::checkRisk(StrategyRunner &runner, const Order &order,
                                                  Timestamp time, Quantity replacedLeaves)
{
    RiskCheckInput input;
    input.symbol = m_instruments.symbol(order.instrument).view();
    input.equity = runner.equity();
    input.projectedGrossExposure = projectedGrossExposure(runner);
    input.projectedPosition
        = runner.position(order.instrument) + runner.openOrderQuantity(order.instrument) - replacedLeaves;
    input.referencePrice = m_market.lastPrice(order.instrument).value_or(Price());
    input.orderPrice = order.type == OrderType::Limit || order.type == OrderType::StopLimit
                           ? order.limitPrice
                           : (order.type == OrderType::Stop ? order.stopPrice : Price());
    input.ordersToday = runner.countOrder(time);
    return checkPreTradeRisk(runner.riskLimits(), order.side, order.quantity, input);
}

Order &TradingEngine::book(StrategyRunner &runner, Order order, Timestamp time)
{
    order.strategy = runner.id();
    order.submittedAt = time;
    if (order.arrivalPrice.isZero())
        order.arrivalPrice = m_market.lastPrice(order.instrument).value_or(Price());
    Order &booked = m_orders.add(std::move(order));
    return booked;
}

void TradingEngine::sendOrder(StrategyRunner &runner, PreparedOrder &prepared, Timestamp time)
{
    Order &order = prepared.order;
    if (!prepared.rejectReason.empty()) {
        reject(runner, order, time, prepared.rejectCode, prepared.rejectReason);
        return;
    }
    if (const std::string why = malformed(order, prepared.takeProfitLimit, prepared.stopLossStop);
        !why.empty()) {
        reject(runner, order, time, "invalid_order", why);
        return;
    }
    if (const auto refused = checkRisk(runner, order, time, Quantity())) {
        reject(runner, order, time, refused->code, refused->text);
        return;
    }
    if (const auto refused = checkAccountRisk(runner, order)) {
        reject(runner, order, time, refused->code, refused->text);
        return;
    }
    if (order.orderClass == OrderClass::Oco) {
        bookExits(runner, prepared, order, time);
        return;
    }
    const Order &entry = book(runner, order, time);
    const OrderId entryId = entry.id;
    runner.addWorkingOrder(entryId);
    if (order.orderClass == OrderClass::Bracket || order.orderClass == OrderClass::Oto)
        bookExits(runner, prepared, entry, time); // may grow the book: `entry` is not used after
    m_broker->submit(*m_orders.find(entryId), time);
}

// Bracket / oto: the exits wait (pending_new) for the entry and get its filled quantity. Oco:
// both exits start working now.
void TradingEngine::bookExits(StrategyRunner &runner, PreparedOrder &prepared, const Order &entry,
                              Timestamp time)
{
    const bool oco = prepared.order.orderClass == OrderClass::Oco;
    Order exit;
    exit.instrument = entry.instrument;
    exit.side = oco ? entry.side : opposite(entry.side);
    exit.quantity = entry.quantity;
    exit.timeInForce = oco ? entry.timeInForce : TimeInForce::Gtc;
    exit.orderClass = entry.orderClass;
    exit.parent = oco ? OrderId() : entry.id;
    OrderId takeProfit;
    OrderId stopLoss;
    if (prepared.takeProfitLimit.isPositive()) {
        Order leg = exit;
        leg.type = OrderType::Limit;
        leg.limitPrice = prepared.takeProfitLimit;
        takeProfit = book(runner, leg, time).id;
    }
    if (prepared.stopLossStop.isPositive()) {
        Order leg = exit;
        leg.type = prepared.stopLossLimit.isPositive() ? OrderType::StopLimit : OrderType::Stop;
        leg.stopPrice = prepared.stopLossStop;
        leg.limitPrice = prepared.stopLossLimit;
        stopLoss = book(runner, leg, time).id;
    }
    if (takeProfit.isValid() && stopLoss.isValid()) {
        m_orders.find(takeProfit)->sibling = stopLoss;
        m_orders.find(stopLoss)->sibling = takeProfit;
    }
    for (const OrderId leg : {takeProfit, stopLoss}) {
        if (!leg.isValid())
            continue;
        if (oco) {
            runner.addWorkingOrder(leg);
            m_broker->submit(*m_orders.find(leg), time);
        } else {
            m_heldLegs.push_back(leg);
        }
    }
}

void TradingEngine::activateLegs(const Order &entry, Timestamp time)
{
    const OrderId entryId = entry.id;
    const Quantity filled = entry.filledQuantity;
    const StrategyId strategy = entry.strategy;
    for (std::size_t i = 0; i < m_heldLegs.size();) {
        Order *leg = m_orders.find(m_heldLegs[i]);
        if (leg == nullptr || leg->parent != entryId) {
            ++i;
            continue;
        }
        m_heldLegs.erase(m_heldLegs.begin() + static_cast<std::ptrdiff_t>(i));
        if (leg->status != OrderStatus::PendingNew)
            continue; // cancelled while it waited
        if (filled.isZero()) {
            publishFor(*leg, EventType::OrderCancelled, time,
                       "entry order " + std::to_string(entryId.value()) + " ended without a fill");
            continue;
        }
        leg->quantity = filled;
        leg->submittedAt = time; // its decision instant is the entry's end
        leg->arrivalPrice = m_market.lastPrice(leg->instrument).value_or(leg->arrivalPrice);
        StrategyRunner *owner = runner(strategy);
        if (owner != nullptr)
            owner->addWorkingOrder(leg->id);
        m_broker->submit(*leg, time);
    }
}

void TradingEngine::requestCancel(StrategyRunner &runner, OrderId id, Timestamp time,
                                  const std::string &reason)
{
    Order *order = m_orders.find(id);
    if (order == nullptr || order->strategy != runner.id()) {
        alert(time, Alert::Severity::Warning, runner.name(),
              "cannot cancel order " + std::to_string(id.value()) + ": no such order of this strategy");
        return;
    }
    const std::string what = "cannot cancel order " + std::to_string(id.value());
    if (!order->isOpen() || order->status == OrderStatus::PendingReplace
        || order->status == OrderStatus::PendingCancel) {
        const std::string why = what + ": it is already " + std::string(toString(order->status));
        alert(time, Alert::Severity::Warning, runner.name(), why);
        publishFor(*order, EventType::OrderCancelRejected, time, why);
        return;
    }
    if (const auto held = std::find(m_heldLegs.begin(), m_heldLegs.end(), id); held != m_heldLegs.end()) {
        m_heldLegs.erase(held);
        publishFor(*order, EventType::OrderCancelled, time, reason);
        return;
    }
    publishFor(*order, EventType::OrderPendingCancel, time, reason);
    m_broker->cancel(id, time, reason);
}

void TradingEngine::requestReplace(StrategyRunner &runner, const OrderIntent &intent, Timestamp time)
{
    Order *found = m_orders.find(intent.target);
    if (found == nullptr || found->strategy != runner.id()) {
        alert(time, Alert::Severity::Warning, runner.name(),
              "cannot replace order " + std::to_string(intent.target.value()) + ": no such order of this strategy");
        return;
    }
    const Order &old = *found;
    const std::string what = "cannot replace order " + std::to_string(old.id.value());
    std::string why;
    if (old.status != OrderStatus::New && old.status != OrderStatus::PartiallyFilled)
        why = what + ": it is " + std::string(toString(old.status));
    else if (old.parent.isValid() || old.sibling.isValid())
        why = what + ": bracket, oto and oco legs cannot be replaced in the simulation";
    Order replacement;
    replacement.instrument = old.instrument;
    replacement.side = old.side;
    replacement.type = old.type;
    replacement.timeInForce = old.timeInForce;
    replacement.trailPrice = old.trailPrice;
    replacement.trailPercent = old.trailPercent;
    replacement.quantity = intent.quantity.isPositive() ? intent.quantity : old.leavesQuantity();
    replacement.limitPrice = intent.limitPrice.isPositive() ? intent.limitPrice : old.limitPrice;
    replacement.stopPrice = intent.stopPrice.isPositive() ? intent.stopPrice : old.stopPrice;
    replacement.replaces = old.id;
    if (why.empty() && replacement.quantity == old.leavesQuantity()
        && replacement.limitPrice == old.limitPrice && replacement.stopPrice == old.stopPrice)
        why = what + ": order parameters are not changed";
    if (why.empty()) {
        if (const std::string bad = malformed(replacement, Price(), Price()); !bad.empty())
            why = what + ": " + bad;
        else if (const auto refused = checkRisk(runner, replacement, time, old.signedLeaves()))
            why = what + ": " + refused->text;
    }
    if (!why.empty()) {
        alert(time, Alert::Severity::Warning, runner.name(), why);
        publishFor(old, EventType::OrderReplaceRejected, time, why);
        return;
    }
    const OrderId oldId = old.id;
    publishFor(old, EventType::OrderPendingReplace, time, "replace requested");
    const Order &booked = book(runner, replacement, time);
    runner.addWorkingOrder(booked.id);
    m_broker->replace(oldId, booked, time);
}

void TradingEngine::publishFor(const Order &order, EventType type, Timestamp time, std::string_view reason)
{
    OrderEventData data = eventDataFor(order);
    data.reason = ShortText(reason);
    onOrderEvent(Event::makeOrder(time, type, data));
}

void TradingEngine::reject(StrategyRunner &runner, Order order, Timestamp time, const std::string &code,
                           const std::string &reason)
{
    order.reason = reason; // the full text; the event carries a bounded copy
    order.rejectCode = code;
    const Order &booked = book(runner, std::move(order), time);
    ++m_rejected;
    publishFor(booked, EventType::OrderRejected, time, reason);
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
    StrategyRunner *owner = runner(order.strategy);
    const bool wasOpen = order.isOpen();
    if (const Result<void> applied = applyOrderEvent(order, event); !applied) {
        ++m_illegalTransitions;
        alert(event.timestamp, Alert::Severity::Error, owner ? owner->name() : std::string("engine"),
              "illegal order transition refused: " + applied.error().message());
        return;
    }
    if (event.type == EventType::OrderAccepted && data.venueTime != Timestamp())
        order.arrivesAt = data.venueTime;
    if (wasOpen && !order.isOpen())
        m_analytics.onOrderClosed(order);
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
    if (!order.isOpen()) {
        owner->removeWorkingOrder(order.id);
        if (!m_heldLegs.empty())
            activateLegs(order, event.timestamp);
    }
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
    for (const OrderId order : working) {
        const Order *booked = m_orders.find(order);
        if (booked != nullptr && booked->status == OrderStatus::PendingCancel)
            continue;
        m_broker->cancel(order, time, reason);
    }
    // Waiting exits are cancelled here (they are not at the venue) and leave the held list at
    // once, so that their entry's end cannot activate them.
    for (std::size_t i = 0; i < m_heldLegs.size();) {
        const Order *booked = m_orders.find(m_heldLegs[i]);
        if (booked != nullptr && booked->strategy == runner.id()) {
            publishFor(*booked, EventType::OrderCancelled, time, reason);
            m_heldLegs.erase(m_heldLegs.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
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
        const Order &booked = book(runner, order, time);
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

Money TradingEngine::accountEquity() const
{
    Money equity;
    for (const auto &runner : m_runners)
        equity += runner->equity();
    return equity;
}

std::optional<Rejection> TradingEngine::checkAccountRisk(StrategyRunner &runner, const Order &order) const
{
    if (!m_accountLimits.maxLeverage && !m_accountLimits.maxPositionSize)
        return std::nullopt;
    const std::optional<Price> price = m_market.lastPrice(order.instrument);
    if (!price)
        return std::nullopt; // the strategy check already refused an order without a price
    if (const auto refused = checkAccountPosition(order, *price))
        return refused;
    if (!m_accountLimits.maxLeverage)
        return std::nullopt;
    const Quantity before = runner.position(order.instrument) + runner.openOrderQuantity(order.instrument);
    const Quantity after = before + (order.side == Side::Buy ? order.quantity : -order.quantity);
    if (after.abs() <= before.abs())
        return std::nullopt; // reduces the account's exposure too
    Money gross;
    for (const auto &each : m_runners)
        gross += projectedGrossExposure(*each);
    gross += (after.abs() - before.abs()) * *price;
    const Money limit = fractionOf(accountEquity(), *m_accountLimits.maxLeverage);
    if (gross <= limit)
        return std::nullopt;
    return Rejection{"account_max_leverage",
                     "order to " + std::string(toString(order.side)) + " " + order.quantity.toString() + " "
                         + m_instruments.symbol(order.instrument).toString()
                         + " would raise the account's gross exposure to " + gross.toString(2)
                         + ", above account max_leverage × equity " + limit.toString(2)};
}

// The position the broker would see: every strategy's position and working orders in the symbol,
// netted, as strategies sharing an account hold one position per symbol there.
std::optional<Rejection> TradingEngine::checkAccountPosition(const Order &order, Price price) const
{
    if (!m_accountLimits.maxPositionSize)
        return std::nullopt;
    Quantity before;
    for (const auto &runner : m_runners)
        before += runner->position(order.instrument) + runner->openOrderQuantity(order.instrument);
    const Quantity after = before + (order.side == Side::Buy ? order.quantity : -order.quantity);
    if (after.abs() <= before.abs())
        return std::nullopt;
    const Money value = after.abs() * price;
    const Money limit = fractionOf(accountEquity(), *m_accountLimits.maxPositionSize);
    if (value <= limit)
        return std::nullopt;
    return Rejection{"account_max_position_size",
                     "order to " + std::string(toString(order.side)) + " " + order.quantity.toString() + " "
                         + m_instruments.symbol(order.instrument).toString()
                         + " would take the account's net position to " + after.toString() + " ("
                         + value.toString(2) + "), above account max_position_size × equity "
                         + limit.toString(2)};
}

void TradingEngine::checkAccountDrawdown(Timestamp time)
{
    if (!m_accountLimits.maxDrawdown || m_accountHalted)
        return;
    const Money equity = accountEquity();
    Money capital;
    for (const auto &runner : m_runners)
        capital += runner->capital();
    m_accountPeak = std::max({m_accountPeak, capital, equity});
    if (equity >= m_accountPeak - fractionOf(m_accountPeak, *m_accountLimits.maxDrawdown))
        return;
    m_accountHalted = true;
    alert(time, Alert::Severity::Error, "account",
          "kill switch: account max_drawdown breached: equity " + equity.toString(2) + " against a peak of "
              + m_accountPeak.toString(2) + "; every strategy halted and its orders cancelled"
              + (m_accountLimits.flattenOnBreach ? "; positions closed" : ""));
    raiseRiskAlert(time, RiskLimit::AccountMaxDrawdown, StrategyId(), equity,
                   m_accountLimits.flattenOnBreach, m_alerts.back().message);
    haltAccount(time, StrategyState::Stopped, "kill switch: account max_drawdown breached");
}

void TradingEngine::checkAccountDailyLoss(Timestamp time)
{
    if (!m_accountLimits.maxDailyLoss || m_accountHalted)
        return;
    if (time >= m_accountNextDay) {
        // A new New York day: its loss is measured from the last equity recorded before it.
        if (m_accountNextDay == Timestamp::min()) {
            m_accountLastEquity = Money();
            for (const auto &runner : m_runners)
                m_accountLastEquity += runner->capital();
        }
        m_accountDayStart = m_accountLastEquity;
        m_accountNextDay = newYorkTime(toNewYork(time).date.addDays(1), TimeOfDay{});
        m_accountPausedToday = false;
    }
    if (m_accountPausedToday)
        return;
    const Money equity = accountEquity();
    if (equity >= m_accountDayStart - fractionOf(m_accountDayStart, *m_accountLimits.maxDailyLoss))
        return;
    bool running = false;
    for (const auto &runner : m_runners)
        running |= runner->isRunning();
    if (!running)
        return;
    m_accountPausedToday = true;
    alert(time, Alert::Severity::Error, "account",
          "account max_daily_loss breached: equity " + equity.toString(2) + " against "
              + m_accountDayStart.toString(2) + " at the start of the day; every strategy paused and its "
              + "orders cancelled" + (m_accountLimits.flattenOnBreach ? "; positions closed" : ""));
    raiseRiskAlert(time, RiskLimit::AccountMaxDailyLoss, StrategyId(), equity,
                   m_accountLimits.flattenOnBreach, m_alerts.back().message);
    haltAccount(time, StrategyState::Paused, "account max_daily_loss breached");
}

void TradingEngine::haltAccount(Timestamp time, StrategyState state, const std::string &reason)
{
    for (auto &runner : m_runners) {
        const StrategyState current = runner->state();
        if (current != StrategyState::Running && current != StrategyState::Paused)
            continue;
        runner->setState(state);
        if (m_accountLimits.flattenOnBreach)
            flatten(*runner, time);
        else
            cancelWorkingOrders(*runner, time, reason);
    }
}

StrategyRunner *TradingEngine::runner(StrategyId id)
{
    if (!id.isValid() || id.value() > m_runners.size())
        return nullptr;
    return m_runners[id.value() - 1].get();
}

} // namespace meridian::engine
