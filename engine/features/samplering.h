#pragma once

// SampleRing: the last `capacity` doubles of a series in a fixed ring (allocated once), for
// rolling indicators that must know which value leaves the window.
//
//     SampleRing ring(3);
//     double out = 0;
//     ring.push(1.0, out); ring.push(2.0, out); ring.push(3.0, out);   // false: nothing left
//     ring.push(4.0, out);            // true, out == 1.0
//     ring.back(0);                   // 4.0, the newest; back(2) == 2.0, the oldest kept

#include <cstddef>
#include <vector>

namespace meridian::engine {

class SampleRing
{
public:
    explicit SampleRing(std::size_t capacity)
        : m_values(capacity == 0 ? 1 : capacity)
    {}

    std::size_t capacity() const { return m_values.size(); }
    std::size_t size() const { return m_size; }
    bool full() const { return m_size == m_values.size(); }

    // Appends `value`; when the ring was full the value that fell out goes to `evicted` and the
    // result is true.
    bool push(double value, double &evicted)
    {
        const bool wasFull = full();
        if (wasFull)
            evicted = m_values[m_next];
        else
            ++m_size;
        m_values[m_next] = value;
        m_next = m_next + 1 == m_values.size() ? 0 : m_next + 1;
        return wasFull;
    }

    // k steps back from the newest (0 = newest); k < size().
    double back(std::size_t k) const
    {
        const std::size_t n = m_values.size();
        return m_values[(m_next + n - 1 - k) % n];
    }

    void clear()
    {
        m_next = 0;
        m_size = 0;
    }

private:
    std::vector<double> m_values;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
};

// A running sum with Neumaier compensation: adding and removing millions of values keeps the
// error at a few ulps of the sum instead of growing with the number of updates.
class CompensatedSum
{
public:
    void add(double x)
    {
        const double t = m_sum + x;
        if ((m_sum >= 0 ? m_sum : -m_sum) >= (x >= 0 ? x : -x))
            m_compensation += (m_sum - t) + x;
        else
            m_compensation += (x - t) + m_sum;
        m_sum = t;
    }
    double value() const { return m_sum + m_compensation; }
    void clear()
    {
        m_sum = 0;
        m_compensation = 0;
    }

private:
    double m_sum = 0;
    double m_compensation = 0;
};

} // namespace meridian::engine
