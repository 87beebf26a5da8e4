#pragma once

// RealtimeClock: the clock of paper and live runs. It follows a TimeSource — the wall clock by
// default; in tests a SimulatedTimeSource that a simulated market clock drives, stepped by hand
// or running at N× speed — and advanceTo() waits until that source reaches the target.
//
// now() is the instant the event loop has reached (the time of the event being processed), not
// the source's reading: everything the engine does for one event happens at that event's time,
// exactly as in a backtest, and bars are never stamped after now(). sourceNow() is the source's
// reading (arrival times; EventInbox stamps with it).
//
// With market hours only, advanceTo() to a moment when the NYSE is closed sleeps over the closed
// period and lands on the next session's open: events that arrive while the exchange is closed
// are processed at the next open. A session is [open, close], the close included, so a daily
// bar stamped at the 16:00 close (13:00 on early-close days) is delivered at once.
//
//     RealtimeClock clock;                              // wall clock, 24/7
//     SimulatedTimeSource market(start, 60.0);          // a market minute per wall second
//     RealtimeClock paced(market, &calendar);           // market hours only
//
// This file is the one place in the engine that reads the wall clock (WallTimeSource).

#include "engine/core/clock.h"
#include "engine/core/nysecalendar.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace meridian::engine {

// Where "now" comes from. Thread-safe: producers read it from their own threads.
class TimeSource
{
public:
    virtual ~TimeSource() = default;
    virtual Timestamp now() const = 0;
    // The wall time to wait before looking again when `gap` of this source's time is still to
    // pass (a waiter re-reads now() after it, so an estimate is enough).
    virtual std::chrono::nanoseconds wallTimeFor(Duration gap) const = 0;
};

// The system clock (UTC).
class WallTimeSource final : public TimeSource
{
public:
    Timestamp now() const override;
    std::chrono::nanoseconds wallTimeFor(Duration gap) const override;
};

// A simulated market clock: starts at `start` and moves at `speed` × wall time (60 = a market
// minute per wall second), or, with speed 0, only when set() moves it. It never goes backwards.
class SimulatedTimeSource final : public TimeSource
{
public:
    explicit SimulatedTimeSource(Timestamp start, double speed = 0.0);

    Timestamp now() const override;
    std::chrono::nanoseconds wallTimeFor(Duration gap) const override;
    // Moves the market time to `time` (ignored when that is in the past) and keeps running at
    // the current speed from there.
    void set(Timestamp time);
    void setSpeed(double speed);
    double speed() const;

private:
    using Steady = std::chrono::steady_clock;
    Timestamp nowLocked() const;

    mutable std::mutex m_mutex;
    Timestamp m_base;
    Steady::time_point m_baseWall;
    double m_speed = 0.0;
};

class RealtimeClock final : public Clock
{
public:
    // `source` (not owned) must outlive the clock; the wall clock when null. With a calendar,
    // time advances only while the exchange is open (market_hours_only).
    explicit RealtimeClock(const TimeSource *source = nullptr,
                           const NyseCalendar *marketHours = nullptr);

    Timestamp now() const override
    {
        return Timestamp::fromUnixNanos(m_now.load(std::memory_order_acquire));
    }
    // The time source's reading, never earlier than a previous reading (a wall clock stepped
    // back by NTP does not take arrival times back with it).
    Timestamp sourceNow() const;
    // Waits until the source reaches `next` (with market hours only: until the exchange is open
    // at or after `next`), then sets now() there. False when interrupt() ended the wait first;
    // time then did not advance. Never waits when the source is already there.
    bool advanceTo(Timestamp next) override;
    void interrupt() override;
    // From now on advanceTo() does not wait (nor for the market to open): a stopping run
    // processes what it already has at once.
    void release();
    // The first moment at or after `time` when the exchange is open (`time` itself without
    // market hours only).
    Timestamp nextOpenMoment(Timestamp time) const;
    bool marketHoursOnly() const { return m_calendar != nullptr; }
    const TimeSource &source() const { return *m_source; }

private:
    WallTimeSource m_wall;
    const TimeSource *m_source;
    const NyseCalendar *m_calendar;
    std::atomic<std::int64_t> m_now{Timestamp::min().unixNanos()};
    mutable std::atomic<std::int64_t> m_lastSourceReading{Timestamp::min().unixNanos()};
    std::mutex m_waitMutex;
    std::condition_variable m_wake;
    bool m_interrupted = false; // guarded by m_waitMutex
    std::atomic<bool> m_released{false};
};

} // namespace meridian::engine
