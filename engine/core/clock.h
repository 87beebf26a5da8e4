#pragma once

// Clock decides how time advances. The event loop asks it to advance to each event's time; a
// historical clock jumps there (or, when paced for visual replay, sleeps the scaled wall time
// first); a RealtimeClock (realtimeclock.h) waits for the wall clock. Only a Clock reads the wall
// clock — strategies and the rest of the engine read Clock::now().

#include "engine/core/timestamp.h"

#include <atomic>

namespace meridian::engine {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
    // Moves time forward to `next` (never backwards), waiting as the clock's pace requires.
    // Returns false if the wait was interrupted (stop requested); time then did not advance.
    virtual bool advanceTo(Timestamp next) = 0;
    // Wakes a waiting advanceTo() (from any thread).
    virtual void interrupt() {}
};

class HistoricalClock final : public Clock
{
public:
    // speed 0 = as fast as possible; otherwise N× real time (1 = real time, 10 = ten times).
    explicit HistoricalClock(double speed = 0.0);

    Timestamp now() const override { return m_now; }
    bool advanceTo(Timestamp next) override;
    void interrupt() override { m_interrupted.store(true, std::memory_order_relaxed); }
    double speed() const { return m_speed; }
    void setSpeed(double speed) { m_speed = speed; }

private:
    Timestamp m_now = Timestamp::min();
    double m_speed = 0.0;
    std::atomic<bool> m_interrupted{false};
};

} // namespace meridian::engine
