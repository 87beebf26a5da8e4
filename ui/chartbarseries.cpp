#include "ui/chartbarseries.h"

#include <algorithm>

namespace meridian::ui {

void ChartBarSeries::push_back(const ChartBar &bar)
{
    if ((m_size >> blockBits) == m_blocks.size())
        m_blocks.push_back(std::make_unique_for_overwrite<ChartBar[]>(blockSize));
    m_blocks[m_size >> blockBits][m_size & blockMask] = bar;
    ++m_size;
}

void ChartBarSeries::append(std::span<const ChartBar> bars)
{
    while (!bars.empty()) {
        if ((m_size >> blockBits) == m_blocks.size())
            m_blocks.push_back(std::make_unique_for_overwrite<ChartBar[]>(blockSize));
        const std::size_t offset = m_size & blockMask;
        const std::size_t count = std::min(bars.size(), blockSize - offset);
        std::copy_n(bars.begin(), count, m_blocks[m_size >> blockBits].get() + offset);
        m_size += count;
        bars = bars.subspan(count);
    }
}

void ChartBarSeries::clear()
{
    m_blocks.clear();
    m_size = 0;
}

std::size_t ChartBarSeries::lowerIndex(double time) const
{
    std::size_t first = 0;
    std::size_t count = m_size;
    while (count > 0) {
        const std::size_t half = count / 2;
        if ((*this)[first + half].time < time) {
            first += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    return first;
}

} // namespace meridian::ui
