#pragma once

// Moving averages, O(1) per update, no allocation after construction. Each kernel says whether
// its value is ready; value() before that is meaningless and must not be read.
//
//     Sma sma(20);
//     for (double close : closes)
//         if (sma.update(close))
//             use(sma.value());           // from the 20th close on
//
// Conventions (docs/features.md): SMA = mean of the last n values; EMA uses α = 2/(n+1), seeded
// with the SMA of the first n values, then ema += α·(x − ema); WMA weights the newest value n,
// the oldest 1, divided by n(n+1)/2.

#include "engine/features/samplering.h"

#include <cstddef>

namespace meridian::engine {

class Sma
{
public:
    explicit Sma(std::size_t period)
        : m_ring(period)
    {}

    bool update(double x)
    {
        double evicted = 0;
        if (m_ring.push(x, evicted))
            m_sum.add(-evicted);
        m_sum.add(x);
        return ready();
    }
    bool ready() const { return m_ring.full(); }
    double value() const { return m_sum.value() / static_cast<double>(m_ring.capacity()); }
    std::size_t period() const { return m_ring.capacity(); }
    std::size_t warmup() const { return m_ring.capacity(); }

private:
    SampleRing m_ring;
    CompensatedSum m_sum;
};

class Ema
{
public:
    explicit Ema(std::size_t period)
        : m_period(period == 0 ? 1 : period)
        , m_alpha(2.0 / (static_cast<double>(m_period) + 1.0))
    {}

    bool update(double x)
    {
        if (m_count >= m_period) {
            m_value += m_alpha * (x - m_value);
            return true;
        }
        m_seed += x;
        if (++m_count == m_period)
            m_value = m_seed / static_cast<double>(m_period);
        return ready();
    }
    bool ready() const { return m_count >= m_period; }
    double value() const { return m_value; }
    std::size_t period() const { return m_period; }
    std::size_t warmup() const { return m_period; }

private:
    std::size_t m_period;
    double m_alpha;
    std::size_t m_count = 0;
    double m_seed = 0;
    double m_value = 0;
};

class Wma
{
public:
    explicit Wma(std::size_t period)
        : m_ring(period)
        , m_divisor(static_cast<double>(m_ring.capacity()) * (static_cast<double>(m_ring.capacity()) + 1)
                    / 2.0)
    {}

    bool update(double x)
    {
        // Shifting every weight down by one subtracts the plain sum of the window; the new value
        // enters with weight n (or with its position while the window fills).
        double evicted = 0;
        const double n = static_cast<double>(m_ring.size() + (m_ring.full() ? 0 : 1));
        const bool wasFull = m_ring.full();
        if (wasFull)
            m_weighted.add(-m_sum.value());
        m_ring.push(x, evicted);
        if (wasFull)
            m_sum.add(-evicted);
        m_weighted.add(n * x);
        m_sum.add(x);
        return ready();
    }
    bool ready() const { return m_ring.full(); }
    double value() const { return m_weighted.value() / m_divisor; }
    std::size_t warmup() const { return m_ring.capacity(); }

private:
    SampleRing m_ring;
    double m_divisor;
    CompensatedSum m_sum;      // Σ x over the window
    CompensatedSum m_weighted; // Σ weight·x over the window
};

} // namespace meridian::engine
