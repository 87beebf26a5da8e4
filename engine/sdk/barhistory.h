#pragma once

// BarHistory: the last N bars of one instrument, in a fixed-capacity ring (no allocation after
// construction). Context::history() hands strategies a BarSeries view of it; it only ever holds
// bars already delivered, so nothing in it is stamped after now.
//
//     BarSeries last = ctx.history(spy, 30);
//     if (last.size() == 30)
//         use(last.back().bar.close, last[0].time);   // [0] is the oldest of the 30

#include "engine/core/event.h"

#include <cstddef>
#include <vector>

namespace meridian::engine {

struct HistoricalBar
{
    Timestamp time;
    BarData bar;
};

class BarSeries
{
public:
    BarSeries() = default;
    BarSeries(const std::vector<HistoricalBar> *ring, std::size_t first, std::size_t count)
        : m_ring(ring)
        , m_first(first)
        , m_count(count)
    {}
    std::size_t size() const { return m_count; }
    bool empty() const { return m_count == 0; }
    // 0 is the oldest bar of the view, size() - 1 the latest.
    const HistoricalBar &operator[](std::size_t i) const
    {
        return (*m_ring)[(m_first + i) % m_ring->size()];
    }
    const HistoricalBar &back() const { return (*this)[m_count - 1]; }

private:
    const std::vector<HistoricalBar> *m_ring = nullptr;
    std::size_t m_first = 0;
    std::size_t m_count = 0;
};

class BarHistory
{
public:
    explicit BarHistory(std::size_t capacity = 256)
        : m_ring(capacity == 0 ? 1 : capacity)
    {}
    void append(Timestamp time, const BarData &bar)
    {
        m_ring[m_next] = HistoricalBar{time, bar};
        m_next = (m_next + 1) % m_ring.size();
        if (m_size < m_ring.size())
            ++m_size;
    }
    std::size_t capacity() const { return m_ring.size(); }
    std::size_t size() const { return m_size; }
    // The last min(n, size()) bars.
    BarSeries last(std::size_t n) const
    {
        const std::size_t count = n < m_size ? n : m_size;
        const std::size_t first = (m_next + m_ring.size() - count) % m_ring.size();
        return BarSeries(&m_ring, first, count);
    }

private:
    std::vector<HistoricalBar> m_ring;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
};

} // namespace meridian::engine
