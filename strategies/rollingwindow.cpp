#include "strategies/rollingwindow.h"

#include <stdexcept>

namespace meridian::strategies {

RollingWindow::RollingWindow(std::size_t capacity)
    : m_values(capacity)
{
    if (capacity == 0)
        throw std::invalid_argument("RollingWindow needs a capacity of at least 1");
}

std::int64_t RollingWindow::back(std::size_t k) const
{
    if (k >= m_size)
        throw std::out_of_range("RollingWindow::back: no value that far back");
    return m_values[(m_next + m_values.size() - 1 - k) % m_values.size()];
}

std::optional<std::int64_t> RollingWindow::push(std::int64_t value)
{
    std::optional<std::int64_t> leaving;
    if (full())
        leaving = m_values[m_next];
    else
        ++m_size;
    m_values[m_next] = value;
    m_next = (m_next + 1) % m_values.size();
    return leaving;
}

} // namespace meridian::strategies
