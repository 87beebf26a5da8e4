#pragma once

// Range-based indicators over high/low/close bars, O(1) per update.
//
// Conventions (docs/features.md):
// - true range = max(high − low, |high − previous close|, |low − previous close|); the first
//   bar's true range is high − low.
// - ATR (Wilder) = Wilder average of the true ranges, seeded with the simple mean of the first n
//   (the first bar's included): first value at the n-th bar.
// - ADX (Wilder): from the second bar, +DM = up move if it exceeds the down move and is > 0, else
//   0 (−DM mirrors); +DM, −DM and TR are Wilder-averaged (seed: mean of the first n);
//   +DI = 100·avg(+DM)/avg(TR), −DI likewise; DX = 100·|+DI − −DI| / (+DI + −DI) (0 when both
//   are 0); ADX = Wilder average of DX (seed: mean of the first n DX). First value at bar 2n.

#include "engine/features/momentum.h"

#include <cmath>
#include <cstddef>

namespace meridian::engine {

class TrueRange
{
public:
    double update(double high, double low, double close)
    {
        double range = high - low;
        if (m_hasPrevious) {
            const double up = std::fabs(high - m_previousClose);
            const double down = std::fabs(low - m_previousClose);
            range = range > up ? range : up;
            range = range > down ? range : down;
        }
        m_previousClose = close;
        m_hasPrevious = true;
        return range;
    }
    bool hasPrevious() const { return m_hasPrevious; }
    double previousClose() const { return m_previousClose; }

private:
    double m_previousClose = 0;
    bool m_hasPrevious = false;
};

class Atr
{
public:
    explicit Atr(std::size_t period)
        : m_average(period)
    {}
    bool update(double high, double low, double close)
    {
        return m_average.update(m_trueRange.update(high, low, close));
    }
    bool ready() const { return m_average.ready(); }
    double value() const { return m_average.value(); }
    std::size_t warmup() const { return m_average.warmup(); }

private:
    TrueRange m_trueRange;
    WilderAverage m_average;
};

class Adx
{
public:
    explicit Adx(std::size_t period)
        : m_plusDm(period)
        , m_minusDm(period)
        , m_trueRange(period)
        , m_adx(period)
    {}
    bool update(double high, double low, double close)
    {
        const double range = m_trueRangeOfBar.update(high, low, close);
        if (!m_hasPrevious) {
            m_previousHigh = high;
            m_previousLow = low;
            m_hasPrevious = true;
            return false;
        }
        const double upMove = high - m_previousHigh;
        const double downMove = m_previousLow - low;
        m_previousHigh = high;
        m_previousLow = low;

        m_plusDm.update(upMove > downMove && upMove > 0 ? upMove : 0.0);
        m_minusDm.update(downMove > upMove && downMove > 0 ? downMove : 0.0);
        if (!m_trueRange.update(range))
            return false;
        const double atr = m_trueRange.value();
        m_plusDi = atr > 0 ? 100.0 * m_plusDm.value() / atr : 0.0;
        m_minusDi = atr > 0 ? 100.0 * m_minusDm.value() / atr : 0.0;
        const double sum = m_plusDi + m_minusDi;
        const double dx = sum > 0 ? 100.0 * std::fabs(m_plusDi - m_minusDi) / sum : 0.0;
        return m_adx.update(dx);
    }
    bool ready() const { return m_adx.ready(); }
    double value() const { return m_adx.value(); }
    double plusDi() const { return m_plusDi; }
    double minusDi() const { return m_minusDi; }
    std::size_t warmup() const { return m_trueRange.warmup() + m_adx.warmup(); }

private:
    WilderAverage m_plusDm;
    WilderAverage m_minusDm;
    WilderAverage m_trueRange;
    WilderAverage m_adx;
    TrueRange m_trueRangeOfBar;
    double m_previousHigh = 0;
    double m_previousLow = 0;
    bool m_hasPrevious = false;
    double m_plusDi = 0;
    double m_minusDi = 0;
};

} // namespace meridian::engine
