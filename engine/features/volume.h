#pragma once

// Volume indicators, O(1) per update.
//
// Conventions (docs/features.md):
// - VWAP is anchored to the New York trading day: it restarts with the first bar of each New York
//   calendar date (of the bar's end stamp minus 1 ns, so a bar ending at midnight belongs to the
//   day it covers). VWAP = Σ price·volume / Σ volume over the session so far, price = typical
//   price (high + low + close) / 3, or the close when `PriceSource::Close`. Not ready while the
//   session has no volume.
// - OBV starts at 0 on the first bar; then + volume when the close rises, − volume when it falls,
//   unchanged otherwise.

#include "engine/core/civiltime.h"
#include "engine/core/timestamp.h"

#include <cstddef>

namespace meridian::engine {

enum class VwapPrice { Typical, Close };

class Vwap
{
public:
    explicit Vwap(VwapPrice price = VwapPrice::Typical)
        : m_price(price)
    {}

    bool update(Timestamp time, double high, double low, double close, double volume)
    {
        if (time > m_sessionEnd) {
            // New York midnight after the bar's day; computed once per session, not per bar.
            const Date day = toNewYork(time - Duration::nanoseconds(1)).date;
            m_sessionEnd = newYorkTime(day.addDays(1), TimeOfDay{});
            m_priceVolume = 0;
            m_volume = 0;
        }
        const double price = m_price == VwapPrice::Typical ? (high + low + close) / 3.0 : close;
        m_priceVolume += price * volume;
        m_volume += volume;
        return ready();
    }
    bool ready() const { return m_volume > 0; }
    double value() const { return m_priceVolume / m_volume; }
    std::size_t warmup() const { return 1; }

private:
    VwapPrice m_price;
    Timestamp m_sessionEnd = Timestamp::min();
    double m_priceVolume = 0;
    double m_volume = 0;
};

class Obv
{
public:
    bool update(double close, double volume)
    {
        if (m_started) {
            if (close > m_previousClose)
                m_value += volume;
            else if (close < m_previousClose)
                m_value -= volume;
        }
        m_previousClose = close;
        m_started = true;
        return true;
    }
    bool ready() const { return m_started; }
    double value() const { return m_value; }
    std::size_t warmup() const { return 1; }

private:
    double m_previousClose = 0;
    double m_value = 0;
    bool m_started = false;
};

} // namespace meridian::engine
