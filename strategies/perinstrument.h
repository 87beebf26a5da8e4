#pragma once

// PerInstrument<State>: one State per instrument of a strategy, in configuration order, for
// strategies that run independently on each of their symbols.
//
//     PerInstrument<Track> m_tracks;
//     m_tracks.reset(ctx.instruments(), Track{...});       // in onStart
//     if (Track *track = m_tracks.find(bar.instrument))      // in onMarketEvent
//         ...
//     for (auto &[instrument, track] : m_tracks)              // in generateOrders
//         ...

#include "engine/core/ids.h"

#include <span>
#include <utility>
#include <vector>

namespace meridian::strategies {

template<class State>
class PerInstrument
{
public:
    using Entry = std::pair<engine::InstrumentId, State>;

    void reset(std::span<const engine::InstrumentId> instruments, const State &initial)
    {
        m_entries.clear();
        m_entries.reserve(instruments.size());
        for (const engine::InstrumentId instrument : instruments)
            m_entries.emplace_back(instrument, initial);
    }

    // A strategy has a handful of symbols: a linear scan beats hashing.
    const State *find(engine::InstrumentId instrument) const
    {
        for (const Entry &entry : m_entries) {
            if (entry.first == instrument)
                return &entry.second;
        }
        return nullptr;
    }
    State *find(engine::InstrumentId instrument)
    {
        return const_cast<State *>(std::as_const(*this).find(instrument));
    }

    std::size_t size() const { return m_entries.size(); }
    auto begin() { return m_entries.begin(); }
    auto end() { return m_entries.end(); }
    auto begin() const { return m_entries.begin(); }
    auto end() const { return m_entries.end(); }

private:
    std::vector<Entry> m_entries;
};

} // namespace meridian::strategies
