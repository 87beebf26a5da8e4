#pragma once

// ChartBarSeries: a price chart's bars in time order, stored in fixed blocks that never move.
// A live run appends tens of thousands of bars per snapshot to every level of detail; a vector
// would copy (and page-fault) the whole level each time it outgrows its capacity — tens of
// milliseconds on the GUI thread for a million bars. Here appending touches only the new bars.

#include "ui/runsnapshot.h"

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace meridian::ui {

class ChartBarSeries
{
public:
    ChartBarSeries() = default;
    explicit ChartBarSeries(std::span<const ChartBar> bars) { append(bars); }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const ChartBar &operator[](std::size_t i) const
    {
        return m_blocks[i >> blockBits][i & blockMask];
    }
    const ChartBar &front() const { return (*this)[0]; }
    const ChartBar &back() const { return (*this)[m_size - 1]; }

    void push_back(const ChartBar &bar);
    void pop_back() { --m_size; }
    void append(std::span<const ChartBar> bars);
    void clear();

    // Index of the first bar at or after `time` (size() when none).
    std::size_t lowerIndex(double time) const;

private:
    static constexpr std::size_t blockBits = 14; // 16,384 bars (768 KiB) a block
    static constexpr std::size_t blockSize = std::size_t{1} << blockBits;
    static constexpr std::size_t blockMask = blockSize - 1;

    std::vector<std::unique_ptr<ChartBar[]>> m_blocks;
    std::size_t m_size = 0;
};

} // namespace meridian::ui
