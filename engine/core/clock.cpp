#include "engine/core/clock.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace meridian::engine {

HistoricalClock::HistoricalClock(double speed)
    : m_speed(speed)
{}

bool HistoricalClock::advanceTo(Timestamp next)
{
    if (next <= m_now)
        return true;
    if (m_speed > 0.0 && m_now != Timestamp::min()) {
        // Paced replay: sleep the simulated gap divided by the speed, in short slices so that
        // interrupt() takes effect quickly. Gaps are capped at one wall second (nights and
        // weekends would otherwise stall a replay).
        const double simulatedSeconds = (next - m_now).toSeconds();
        const double wallSeconds = std::min(simulatedSeconds / m_speed, 1.0);
        using WallClock = std::chrono::steady_clock;
        const WallClock::time_point deadline
            = WallClock::now()
              + std::chrono::duration_cast<WallClock::duration>(
                  std::chrono::duration<double>(wallSeconds));
        while (WallClock::now() < deadline) {
            if (m_interrupted.exchange(false, std::memory_order_relaxed))
                return false;
            const WallClock::duration slice = std::chrono::milliseconds(10);
            std::this_thread::sleep_for(std::min(slice, WallClock::duration(deadline - WallClock::now())));
        }
    }
    m_now = next;
    return true;
}

} // namespace meridian::engine
