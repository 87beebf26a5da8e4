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

#include <cstdint>
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
        m_slots.clear();
        for (const engine::InstrumentId instrument : instruments) {
            m_entries.emplace_back(instrument, initial);
            if (instrument.value() >= m_slots.size())
                m_slots.resize(instrument.value() + 1, 0);
            m_slots[instrument.value()] = static_cast<std::uint32_t>(m_entries.size());
        }
    }

    // O(1) per bar: instrument ids are small dense integers, so a slot table beats scanning
    // (strategies may trade hundreds of symbols).
    const State *find(engine::InstrumentId instrument) const
    {
        const std::size_t id = instrument.value();
        if (id >= m_slots.size() || m_slots[id] == 0)
            return nullptr;
        return &m_entries[m_slots[id] - 1].second;
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
    std::vector<std::uint32_t> m_slots; // InstrumentId value -> entry index + 1; 0 = not traded
};

} // namespace meridian::strategies
