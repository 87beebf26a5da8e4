#include "engine/control/strategyrunner.h"

#include "engine/execution/pretraderisk.h"

#include <algorithm>

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
{
    m_workingOrders.reserve(16);
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
