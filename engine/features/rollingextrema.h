#pragma once

// Rolling minimum / maximum of the last n values with a monotonic deque kept in a fixed ring:
// amortised O(1) per update (each value enters and leaves the deque once), no allocation after
// construction.
//
//     RollingExtremum<ExtremumKind::Max> highest(14);
//     if (highest.update(high))
//         use(highest.value());

#include <cstddef>
#include <cstdint>
#include <vector>

namespace meridian::engine {

enum class ExtremumKind { Min, Max };

template<ExtremumKind Kind>
class RollingExtremum
{
public:
    explicit RollingExtremum(std::size_t period)
        : m_period(period == 0 ? 1 : period)
        , m_entries(m_period)
    {}

    bool update(double x)
    {
        // Drop every kept value that x beats: it can never be the extremum again.
        while (m_size > 0 && !beats(at(m_size - 1).value, x))
            --m_size;
        if (m_size == m_entries.size()) // n kept: the front is the one about to expire
            popFront();
        at(m_size) = Entry{m_sequence, x};
        ++m_size;
        ++m_sequence;
        if (m_sequence > m_period && at(0).sequence + m_period < m_sequence)
            popFront();
        return ready();
    }
    bool ready() const { return m_sequence >= m_period; }
    double value() const { return at(0).value; }
    std::size_t warmup() const { return m_period; }

private:
    struct Entry
    {
        std::uint64_t sequence = 0;
        double value = 0;
    };

    // Does kept value `kept` stay ahead of a newer `x`? (Ties go to the newer value.)
    static bool beats(double kept, double x) { return Kind == ExtremumKind::Max ? kept > x : kept < x; }

    Entry &at(std::size_t i) { return m_entries[(m_head + i) % m_entries.size()]; }
    const Entry &at(std::size_t i) const { return m_entries[(m_head + i) % m_entries.size()]; }
    void popFront()
    {
        m_head = (m_head + 1) % m_entries.size();
        --m_size;
    }

    std::size_t m_period;
    std::vector<Entry> m_entries;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
    std::uint64_t m_sequence = 0; // values seen so far
};

using RollingMin = RollingExtremum<ExtremumKind::Min>;
using RollingMax = RollingExtremum<ExtremumKind::Max>;

} // namespace meridian::engine
