#pragma once

// What the engine knows of each instrument: the bars delivered so far (bounded history) and the
// latest price. Shared read-only by every strategy's Context.

#include "engine/core/symbol.h"
#include "engine/sdk/barhistory.h"

#include <optional>
#include <vector>

namespace meridian::engine {

class MarketState
{
public:
    explicit MarketState(const InstrumentTable &instruments, std::size_t historyCapacity = 256);

    const InstrumentTable &instruments() const { return m_instruments; }
    // Grows the kept history (before the run starts; existing bars are dropped).
    void requireHistory(std::size_t n);
    std::size_t historyCapacity() const { return m_capacity; }

    void onBar(Timestamp time, const BarData &bar);
    const BarHistory &history(InstrumentId instrument) const { return m_histories[instrument.value() - 1]; }
    std::optional<Price> lastPrice(InstrumentId instrument) const;
    Timestamp lastBarTime(InstrumentId instrument) const { return m_lastTimes[instrument.value() - 1]; }

private:
    const InstrumentTable &m_instruments;
    std::size_t m_capacity;
    std::vector<BarHistory> m_histories;
    std::vector<Price> m_lastPrices;
    std::vector<Timestamp> m_lastTimes;
};

} // namespace meridian::engine
