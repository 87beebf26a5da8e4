#include "engine/control/strategyrunner.h"

#include "engine/execution/pretraderisk.h"

#include <algorithm>
#include <stdexcept>

namespace meridian::engine {

std::string_view toString(StrategyState state)
{
    switch (state) {
    case StrategyState::Running:
        return "running";
    case StrategyState::Paused:
        return "paused";
    case StrategyState::Faulted:
        return "faulted";
    case StrategyState::Stopped:
        return "stopped";
    }
    return "?";
}

StrategyRunner::StrategyRunner(StrategyId id, StrategySetup setup, MarketState &market,
                               const NyseCalendar &calendar, const Clock &clock,
                               const OrderBook &orders)
    : m_id(id)
    , m_name(std::move(setup.name))
    , m_className(std::move(setup.className))
    , m_strategy(std::move(setup.strategy))
    , m_parameters(std::move(setup.parameters))
    , m_riskLimits(setup.riskLimits)
    , m_capital(setup.capital)
    , m_instruments(std::move(setup.instruments))
    , m_market(market)
    , m_calendar(calendar)
    , m_clock(clock)
    , m_portfolio(setup.capital)
    , m_orders(orders)
    , m_dayStartEquity(setup.capital)
    , m_featureRegistry(setup.features ? std::move(setup.features)
                                       : std::make_shared<const FeatureRegistry>(
                                           FeatureRegistry::builtin()))
    , m_features(*m_featureRegistry)
    , m_drift(setup.drift)
{
    m_workingOrders.reserve(16);
    m_reads.reserve(64);
    m_features.setInstruments(m_instruments);
    m_actions = std::move(setup.corporateActions);
    std::stable_sort(m_actions.begin(), m_actions.end(), [](const auto &a, const auto &b) {
        return a.second.exDate < b.second.exDate;
    });
    if (!m_actions.empty())
        m_nextActionStart = newYorkTime(m_actions.front().second.exDate, TimeOfDay{});
    for (const InstrumentId instrument : m_instruments) {
        if (instrument.value() >= m_trades.size())
            m_trades.resize(instrument.value() + 1, false);
        m_trades[instrument.value()] = true;
    }
}

bool StrategyRunner::trades(InstrumentId instrument) const
{
    const std::size_t index = instrument.value();
    return index < m_trades.size() && m_trades[index];
}

void StrategyRunner::markFaulted(const char *callback, const std::string &message)
{
    m_state = StrategyState::Faulted;
    if (!m_fault)
        m_fault = StrategyFault{m_clock.now(), callback, message};
}

void StrategyRunner::removeWorkingOrder(OrderId order)
{
    const auto it = std::find(m_workingOrders.begin(), m_workingOrders.end(), order);
    if (it != m_workingOrders.end())
        m_workingOrders.erase(it);
}

void StrategyRunner::addWorkingOrder(OrderId order)
{
    m_workingOrders.push_back(order);
    if (m_reads.empty() || m_readTime != m_clock.now())
        return;
    FeatureTrace trace{order, m_readTime, {}};
    // The values read for the order's instrument; all values read when there are none (a
    // strategy that trades one instrument on another's features).
    const Order *booked = m_orders.find(order);
    const InstrumentId instrument = booked != nullptr ? booked->instrument : InstrumentId();
    const bool any = std::none_of(m_reads.begin(), m_reads.end(),
                                  [&](const Read &read) { return read.instrument == instrument; });
    // The last value read of each (feature, instrument), in first-read order.
    for (std::size_t i = 0; i < m_reads.size(); ++i) {
        const Read &read = m_reads[i];
        if (!any && read.instrument != instrument)
            continue;
        bool first = true;
        for (std::size_t j = 0; j < i && first; ++j)
            first = !(m_reads[j].handle == read.handle && m_reads[j].instrument == read.instrument);
        if (!first)
            continue;
        double value = read.value;
        for (std::size_t j = i + 1; j < m_reads.size(); ++j)
            if (m_reads[j].handle == read.handle && m_reads[j].instrument == read.instrument)
                value = m_reads[j].value;
        trace.readings.push_back(FeatureReading{m_features.spec(read.handle).version(),
                                                read.instrument, value,
                                                m_features.valueTime(read.handle, read.instrument)});
    }
    m_featureTraces.push_back(std::move(trace));
}

void StrategyRunner::onFeatureBar(Timestamp time, const BarData &bar)
{
    m_features.onBar(time, bar);
    if (!m_drift)
        return;
    if (m_driftMonitors.size() < m_features.size())
        m_driftMonitors.resize(m_features.size());
    const std::size_t slot = bar.instrument.value();
    for (std::uint32_t node = 0; node < m_features.size(); ++node) {
        const FeatureHandle handle{node};
        // Only a value this bar produced: a feature still warming up (or withheld) has none.
        const std::optional<double> value = m_features.value(handle, bar.instrument);
        if (!value || m_features.valueTime(handle, bar.instrument) != time)
            continue;
        auto &monitors = m_driftMonitors[node];
        if (monitors.size() <= slot)
            monitors.resize(slot + 1);
        if (!monitors[slot]) {
            monitors[slot] = std::make_unique<DriftMonitor>(m_features.spec(handle).version(),
                                                            symbol(bar.instrument).toString(),
                                                            *m_drift);
        }
        if (std::optional<DriftAlert> alert = monitors[slot]->observe(time, *value))
            m_driftAlerts.push_back(
                FeatureDrift{m_features.spec(handle).version(), bar.instrument, std::move(*alert)});
    }
}

Result<FeatureHandle> StrategyRunner::subscribeFeature(std::string_view name,
                                                       const FeatureParams &params)
{
    const std::size_t before = m_features.size();
    Result<FeatureHandle> handle = m_features.subscribe(name, params);
    if (!handle || m_features.size() == before)
        return handle;
    // A subscription after bars have flowed warms up from the bars kept, oldest first.
    for (const InstrumentId instrument : m_instruments) {
        const BarSeries kept = history(instrument, m_market.historyCapacity());
        for (std::size_t i = 0; i < kept.size(); ++i)
            m_features.warmUp(*handle, kept[i].time, kept[i].bar);
    }
    return handle;
}

void StrategyRunner::noteRead(FeatureHandle handle, InstrumentId instrument, double value)
{
    const Timestamp now = m_clock.now();
    if (now != m_readTime) {
        m_reads.clear();
        m_readTime = now;
    }
    // Appended without a search (many instruments × features per instant would make that
    // quadratic); a value read twice is deduplicated when an order is traced.
    m_reads.push_back(Read{handle, instrument, value});
}

std::optional<double> StrategyRunner::feature(FeatureHandle handle, InstrumentId instrument)
{
    if (handle.index >= m_features.size())
        return std::nullopt;
    const std::optional<double> value = m_features.value(handle, instrument);
    if (value)
        noteRead(handle, instrument, *value);
    return value;
}

std::optional<double> StrategyRunner::feature(std::string_view name, InstrumentId instrument,
                                              const FeatureParams &params)
{
    std::optional<FeatureHandle> handle = m_features.find(name, params);
    if (!handle) {
        Result<FeatureHandle> subscribed = subscribeFeature(name, params);
        if (!subscribed)
            throw std::invalid_argument(subscribed.error().message());
        handle = *subscribed;
    }
    return feature(*handle, instrument);
}

void StrategyRunner::applyCorporateActions(Timestamp time)
{
    while (time > m_nextActionStart) {
        const auto &[instrument, action] = m_actions[m_nextAction];
        applyAction(time, instrument, action);
        ++m_nextAction;
        m_nextActionStart = m_nextAction < m_actions.size()
                                ? newYorkTime(m_actions[m_nextAction].second.exDate, TimeOfDay{})
                                : Timestamp::max();
    }
    for (std::size_t i = 0; i < m_receivables.size();) {
        const Receivable &due = m_receivables[i];
        if (time <= due.payStart) {
            ++i;
            continue;
        }
        m_portfolio.applyDividend(due.amount);
        m_actionLog.push_back({time, due.instrument,
                               "dividend paid (ex-date " + due.exDate.toString() + ")", due.amount});
        m_receivables.erase(m_receivables.begin() + static_cast<std::ptrdiff_t>(i));
    }
}

void StrategyRunner::applyAction(Timestamp time, InstrumentId instrument,
                                 const CorporateAction &action)
{
    const Quantity held = m_portfolio.quantity(instrument);
    if (held.isZero())
        return;
    if (action.type == CorporateActionType::Split) {
        const Quantity sold = m_portfolio.applySplit(instrument, action.newShares,
                                                     action.oldShares, time);
        std::string text = std::to_string(action.newShares) + "-for-"
                           + std::to_string(action.oldShares) + " split: " + held.toString()
                           + " -> " + m_portfolio.quantity(instrument).toString() + " shares";
        Money cash;
        if (!sold.isZero()) {
            cash = sold * m_portfolio.position(instrument)->lastPrice;
            text += ", " + sold.toString() + " fractional sold for cash";
        }
        m_actionLog.push_back({time, instrument, std::move(text), cash});
        return;
    }
    // Holders at the close before the ex-date are entitled (a short pays in lieu).
    const Money amount = held * action.cashPerShare;
    const std::string text = "dividend " + action.cashPerShare.toString() + "/share on "
                             + held.toString() + " shares";
    if (action.paymentDate() <= action.exDate) {
        m_portfolio.applyDividend(amount);
        m_actionLog.push_back({time, instrument, text, amount});
        return;
    }
    m_receivables.push_back(
        {newYorkTime(action.paymentDate(), TimeOfDay{}), instrument, amount, action.exDate});
    m_actionLog.push_back({time, instrument,
                           text + " accrued, payable " + action.paymentDate().toString(), Money()});
}

void StrategyRunner::recordEquity(Timestamp time)
{
    m_equity.push_back(EquityPoint{time, m_portfolio.equity(), m_portfolio.grossExposure()});
    m_peakEquity = std::max({m_peakEquity, m_capital, m_equity.back().equity});
}

bool StrategyRunner::drawdownBreached() const
{
    if (!m_riskLimits.maxDrawdown)
        return false;
    const Money peak = std::max(m_peakEquity, m_capital);
    return m_portfolio.equity() < peak - fractionOf(peak, *m_riskLimits.maxDrawdown);
}

std::uint32_t StrategyRunner::countOrder(Timestamp time)
{
    if (time >= m_nextOrderDay) {
        m_nextOrderDay = newYorkTime(toNewYork(time).date.addDays(1), TimeOfDay{});
        m_ordersToday = 0;
    }
    return m_ordersToday++;
}

bool StrategyRunner::dailyLossBreached(Timestamp time)
{
    if (!m_riskLimits.maxDailyLoss)
        return false;
    if (time >= m_nextDayStart) {
        // A new New York day: its loss is measured from the last equity recorded before it.
        const Date day = toNewYork(time).date;
        m_nextDayStart = newYorkTime(day.addDays(1), TimeOfDay{});
        m_dayStartEquity = m_equity.empty() ? m_capital : m_equity.back().equity;
    }
    const Money floor = m_dayStartEquity - fractionOf(m_dayStartEquity, *m_riskLimits.maxDailyLoss);
    return m_portfolio.equity() < floor;
}

const Symbol &StrategyRunner::symbol(InstrumentId instrument) const
{
    return m_market.instruments().symbol(instrument);
}

BarSeries StrategyRunner::history(InstrumentId instrument, std::size_t n) const
{
    if (!instrument.isValid() || instrument.value() > m_market.instruments().size())
        return {};
    return m_market.history(instrument).last(n);
}

std::optional<Price> StrategyRunner::lastPrice(InstrumentId instrument) const
{
    if (!instrument.isValid() || instrument.value() > m_market.instruments().size())
        return std::nullopt;
    return m_market.lastPrice(instrument);
}

Money StrategyRunner::buyingPower() const
{
    const Money limit = fractionOf(m_portfolio.equity(), m_riskLimits.maxLeverage);
    const Money power = limit - m_portfolio.grossExposure();
    return power.isNegative() ? Money() : power;
}

Price StrategyRunner::averagePrice(InstrumentId instrument) const
{
    const Position *position = m_portfolio.position(instrument);
    return position ? position->averagePrice() : Price();
}

Quantity StrategyRunner::openOrderQuantity(InstrumentId instrument) const
{
    Quantity total;
    for (const OrderId id : m_workingOrders) {
        const Order *order = m_orders.find(id);
        if (order != nullptr && order->instrument == instrument && order->isOpen())
            total += order->signedLeaves();
    }
    return total;
}

} // namespace meridian::engine
