#include "engine/control/marketstate.h"

namespace meridian::engine {

MarketState::MarketState(const InstrumentTable &instruments, std::size_t historyCapacity)
    : m_instruments(instruments)
    , m_capacity(historyCapacity)
    , m_histories(instruments.size(), BarHistory(historyCapacity))
    , m_lastPrices(instruments.size())
    , m_lastTimes(instruments.size(), Timestamp::min())
{}

void MarketState::requireHistory(std::size_t n)
{
    if (n <= m_capacity)
        return;
    m_capacity = n;
    m_histories.assign(m_instruments.size(), BarHistory(n));
}

void MarketState::onBar(Timestamp time, const BarData &bar)
{
    const std::size_t index = bar.instrument.value() - 1;
    m_histories[index].append(time, bar);
    m_lastPrices[index] = bar.close;
    m_lastTimes[index] = time;
}

std::optional<Price> MarketState::lastPrice(InstrumentId instrument) const
{
    const std::size_t index = instrument.value() - 1;
    if (m_lastTimes[index] == Timestamp::min())
        return std::nullopt;
    return m_lastPrices[index];
}

} // namespace meridian::engine
