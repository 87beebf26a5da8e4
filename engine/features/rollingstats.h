#pragma once

// Rolling moments over the last n values, O(1) per update, numerically stable: Welford's mean
// and sum of squared deviations, updated by removing the value that leaves the window and adding
// the new one (no Σx² − (Σx)²/n cancellation). Variance is the population variance (divisor n)
// unless `sample` asks for n − 1.
//
//     RollingStdDev sd(20);
//     if (sd.update(close))
//         use(sd.mean(), sd.stddev());
//
// Conventions: z-score = (x − mean) / population stddev over the window that includes x, 0 when
// the window is flat; Bollinger bands = mean ± k · population stddev; correlation and beta use
// the same window for both series, beta = cov(asset, benchmark) / var(benchmark).

#include "engine/features/samplering.h"

#include <cmath>
#include <cstddef>

namespace meridian::engine {

// Mean and Σ(x − mean)² of the last n values.
class RollingMoments
{
public:
    explicit RollingMoments(std::size_t period)
        : m_ring(period)
    {}

    void update(double x)
    {
        double evicted = 0;
        if (m_ring.push(x, evicted)) {
            // Replace `evicted` by `x`, n unchanged.
            const double n = static_cast<double>(m_ring.capacity());
            const double oldMean = m_mean;
            m_mean += (x - evicted) / n;
            m_m2 += (x - evicted) * (x - m_mean + evicted - oldMean);
            if (m_m2 < 0)
                m_m2 = 0;
            return;
        }
        const double n = static_cast<double>(m_ring.size());
        const double delta = x - m_mean;
        m_mean += delta / n;
        m_m2 += delta * (x - m_mean);
    }
    bool full() const { return m_ring.full(); }
    std::size_t period() const { return m_ring.capacity(); }
    double mean() const { return m_mean; }
    double m2() const { return m_m2; }
    double populationVariance() const { return m_m2 / static_cast<double>(m_ring.capacity()); }
    double sampleVariance() const
    {
        return m_ring.capacity() > 1 ? m_m2 / static_cast<double>(m_ring.capacity() - 1) : 0.0;
    }

private:
    SampleRing m_ring;
    double m_mean = 0;
    double m_m2 = 0;
};

class RollingStdDev
{
public:
    explicit RollingStdDev(std::size_t period, bool sample = false)
        : m_moments(period)
        , m_sample(sample)
    {}
    bool update(double x)
    {
        m_moments.update(x);
        return ready();
    }
    bool ready() const { return m_moments.full(); }
    double mean() const { return m_moments.mean(); }
    double variance() const
    {
        return m_sample ? m_moments.sampleVariance() : m_moments.populationVariance();
    }
    double stddev() const { return std::sqrt(variance()); }
    std::size_t warmup() const { return m_moments.period(); }

private:
    RollingMoments m_moments;
    bool m_sample;
};

class ZScore
{
public:
    explicit ZScore(std::size_t period)
        : m_moments(period)
    {}
    bool update(double x)
    {
        m_moments.update(x);
        m_last = x;
        return ready();
    }
    bool ready() const { return m_moments.full(); }
    double value() const
    {
        const double sd = std::sqrt(m_moments.populationVariance());
        // A flat window (to rounding) has no spread to measure against.
        if (!(sd > 1e-12 * std::fabs(m_moments.mean())) || sd == 0.0)
            return 0.0;
        return (m_last - m_moments.mean()) / sd;
    }
    double mean() const { return m_moments.mean(); }
    std::size_t warmup() const { return m_moments.period(); }

private:
    RollingMoments m_moments;
    double m_last = 0;
};

class Bollinger
{
public:
    Bollinger(std::size_t period, double width)
        : m_moments(period)
        , m_width(width)
    {}
    bool update(double x)
    {
        m_moments.update(x);
        return ready();
    }
    bool ready() const { return m_moments.full(); }
    double middle() const { return m_moments.mean(); }
    double upper() const { return middle() + m_width * std::sqrt(m_moments.populationVariance()); }
    double lower() const { return middle() - m_width * std::sqrt(m_moments.populationVariance()); }
    std::size_t warmup() const { return m_moments.period(); }

private:
    RollingMoments m_moments;
    double m_width;
};

// Rolling covariance of two series (asset y, benchmark x) with the Welford co-moment.
class RollingCovariance
{
public:
    explicit RollingCovariance(std::size_t period)
        : m_x(period)
        , m_y(period)
    {}

    bool update(double asset, double benchmark)
    {
        double oldX = 0;
        double oldY = 0;
        const bool evict = m_x.push(benchmark, oldX);
        m_y.push(asset, oldY);
        const double n = static_cast<double>(m_x.capacity());
        if (evict) {
            if (n > 1) {
                remove(oldX, oldY, n);
                add(benchmark, asset, n);
            } else {
                m_meanX = benchmark;
                m_meanY = asset;
                m_cxx = m_cyy = m_cxy = 0;
            }
        } else {
            add(benchmark, asset, static_cast<double>(m_x.size()));
        }
        return ready();
    }
    bool ready() const { return m_x.full(); }
    double covariance() const { return m_cxy / static_cast<double>(m_x.capacity()); }
    double correlation() const
    {
        const double denominator = std::sqrt(m_cxx * m_cyy);
        return denominator > 0 ? clampUnit(m_cxy / denominator) : 0.0;
    }
    double beta() const { return m_cxx > 0 ? m_cxy / m_cxx : 0.0; }
    std::size_t warmup() const { return m_x.capacity(); }

private:
    static double clampUnit(double r) { return r > 1 ? 1 : (r < -1 ? -1 : r); }

    // Adds (x, y) to a window that will then hold n values.
    void add(double x, double y, double n)
    {
        const double dx = x - m_meanX;
        const double dy = y - m_meanY;
        m_meanX += dx / n;
        m_meanY += dy / n;
        m_cxx += dx * (x - m_meanX);
        m_cyy += dy * (y - m_meanY);
        m_cxy += dx * (y - m_meanY);
    }
    // Removes (x, y) from a window of n values (leaving n − 1).
    void remove(double x, double y, double n)
    {
        const double meanX = (n * m_meanX - x) / (n - 1);
        const double meanY = (n * m_meanY - y) / (n - 1);
        m_cxx -= (x - meanX) * (x - m_meanX);
        m_cyy -= (y - meanY) * (y - m_meanY);
        m_cxy -= (x - meanX) * (y - m_meanY);
        m_meanX = meanX;
        m_meanY = meanY;
        if (m_cxx < 0)
            m_cxx = 0;
        if (m_cyy < 0)
            m_cyy = 0;
    }

    SampleRing m_x;
    SampleRing m_y;
    double m_meanX = 0;
    double m_meanY = 0;
    double m_cxx = 0;
    double m_cyy = 0;
    double m_cxy = 0;
};

} // namespace meridian::engine
