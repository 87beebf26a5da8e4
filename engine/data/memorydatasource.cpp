#include "engine/data/memorydatasource.h"

#include <stdexcept>
#include <string>

namespace meridian::engine {

MemoryDataSource::MemoryDataSource(std::vector<Series> series)
    : m_series(std::move(series))
    , m_positions(m_series.size(), 0)
{
    for (std::size_t s = 0; s < m_series.size(); ++s) {
        const Series &bars = m_series[s];
        for (std::size_t i = 1; i < bars.size(); ++i) {
            if (!(bars[i - 1].first < bars[i].first))
                throw std::invalid_argument("MemoryDataSource: series " + std::to_string(s)
                                            + " is not in strictly increasing time order at bar "
                                            + std::to_string(i));
        }
        m_totalBars += bars.size();
    }
    m_heap.reserve(m_series.size());
    rewind();
}

void MemoryDataSource::rewind()
{
    m_heap.clear();
    for (std::size_t s = 0; s < m_series.size(); ++s) {
        m_positions[s] = 0;
        if (!m_series[s].empty())
            m_heap.push({m_series[s].front().first.unixNanos(), static_cast<std::uint32_t>(s)});
    }
}

bool MemoryDataSource::next(Event &event)
{
    if (m_heap.empty())
        return false;
    const std::uint32_t s = m_heap.top().source;
    const Series &bars = m_series[s];
    std::size_t &pos = m_positions[s];
    event = Event::makeBar(bars[pos].first, bars[pos].second);
    ++pos;
    if (pos < bars.size())
        m_heap.replaceTop(bars[pos].first.unixNanos());
    else
        m_heap.popTop();
    return true;
}

} // namespace meridian::engine
