#pragma once

// Returns and momentum oscillators, O(1) per update, no allocation after construction.
//
// Conventions (docs/features.md):
// - simple return over n bars = x_t / x_{t−n} − 1; log return = ln(x_t / x_{t−n}).
// - RSI (Wilder): changes d_t = x_t − x_{t−1}; the average gain and loss are seeded with the
//   simple mean of the first n gains / losses, then avg = (avg·(n − 1) + current) / n;
//   RSI = 100 − 100 / (1 + avgGain / avgLoss), 100 when avgLoss = 0 (50 when both are 0).
//   First value at the (n+1)-th bar.
// - MACD: line = EMA(fast) − EMA(slow), signal = EMA(signal) of the line (seeded with the SMA of
//   its first values), histogram = line − signal; ready once the signal is.
// - Stochastic: %K = 100 · (close − lowest low) / (highest high − lowest low) over n bars (50 when
//   the range is 0), %D = SMA(d) of %K; ready once %D is.

#include "engine/features/movingaverages.h"
#include "engine/features/rollingextrema.h"
#include "engine/features/samplering.h"

#include <cmath>
#include <cstddef>

namespace meridian::engine {

enum class ReturnKind { Simple, Log };

class Returns
{
public:
    Returns(std::size_t period, ReturnKind kind)
        : m_ring(period)
        , m_kind(kind)
    {}
    bool update(double x)
    {
        double previous = 0;
        m_ready = m_ring.push(x, previous);
        if (m_ready)
            m_value = m_kind == ReturnKind::Simple ? x / previous - 1.0 : std::log(x / previous);
        return m_ready;
    }
    bool ready() const { return m_ready; }
    double value() const { return m_value; }
    std::size_t warmup() const { return m_ring.capacity() + 1; }

private:
    SampleRing m_ring;
    ReturnKind m_kind;
    bool m_ready = false;
    double m_value = 0;
};

// Wilder's smoothing: the simple mean of the first n inputs, then avg = (avg·(n − 1) + x) / n.
class WilderAverage
{
public:
    explicit WilderAverage(std::size_t period)
        : m_period(period == 0 ? 1 : period)
    {}
    bool update(double x)
    {
        const double n = static_cast<double>(m_period);
        if (m_count >= m_period) {
            m_value = (m_value * (n - 1.0) + x) / n;
            return true;
        }
        m_value += x;
        if (++m_count == m_period)
            m_value /= n;
        return ready();
    }
    bool ready() const { return m_count >= m_period; }
    double value() const { return m_value; }
    std::size_t warmup() const { return m_period; }

private:
    std::size_t m_period;
    std::size_t m_count = 0;
    double m_value = 0;
};

class Rsi
{
public:
    explicit Rsi(std::size_t period)
        : m_gain(period)
        , m_loss(period)
    {}
    bool update(double x)
    {
        if (!m_hasPrevious) {
            m_previous = x;
            m_hasPrevious = true;
            return false;
        }
        const double change = x - m_previous;
        m_previous = x;
        m_gain.update(change > 0 ? change : 0.0);
        return m_loss.update(change < 0 ? -change : 0.0);
    }
    bool ready() const { return m_loss.ready(); }
    double value() const
    {
        const double gain = m_gain.value();
        const double loss = m_loss.value();
        if (loss == 0.0)
            return gain == 0.0 ? 50.0 : 100.0;
        return 100.0 - 100.0 / (1.0 + gain / loss);
    }
    std::size_t warmup() const { return m_gain.warmup() + 1; }

private:
    WilderAverage m_gain;
    WilderAverage m_loss;
    double m_previous = 0;
    bool m_hasPrevious = false;
};

class Macd
{
public:
    Macd(std::size_t fast, std::size_t slow, std::size_t signal)
        : m_fast(fast)
        , m_slow(slow)
        , m_signal(signal)
    {}
    bool update(double x)
    {
        const bool fastReady = m_fast.update(x);
        if (!m_slow.update(x) || !fastReady)
            return false;
        m_line = m_fast.value() - m_slow.value();
        return m_signal.update(m_line);
    }
    bool ready() const { return m_signal.ready(); }
    double line() const { return m_line; }
    double signal() const { return m_signal.value(); }
    double histogram() const { return m_line - m_signal.value(); }
    std::size_t warmup() const
    {
        const std::size_t lineWarmup = m_fast.warmup() > m_slow.warmup() ? m_fast.warmup()
                                                                          : m_slow.warmup();
        return lineWarmup + m_signal.warmup() - 1;
    }

private:
    Ema m_fast;
    Ema m_slow;
    Ema m_signal;
    double m_line = 0;
};

class Stochastic
{
public:
    Stochastic(std::size_t period, std::size_t smoothing)
        : m_highest(period)
        , m_lowest(period)
        , m_d(smoothing)
    {}
    bool update(double high, double low, double close)
    {
        m_highest.update(high);
        if (!m_lowest.update(low))
            return false;
        const double range = m_highest.value() - m_lowest.value();
        m_k = range > 0 ? 100.0 * (close - m_lowest.value()) / range : 50.0;
        return m_d.update(m_k);
    }
    bool ready() const { return m_d.ready(); }
    double k() const { return m_k; }
    double d() const { return m_d.value(); }
    std::size_t warmup() const { return m_lowest.warmup() + m_d.warmup() - 1; }

private:
    RollingMax m_highest;
    RollingMin m_lowest;
    Sma m_d;
    double m_k = 0;
};

} // namespace meridian::engine
