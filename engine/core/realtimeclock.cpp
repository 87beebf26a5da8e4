#include "engine/core/realtimeclock.h"

#include <algorithm>

namespace meridian::engine {

namespace {

// A wait is re-checked at least this often, so that a wall clock stepped by NTP, or a simulated
// clock whose speed changed, is noticed without anyone waking the waiter.
constexpr std::chrono::nanoseconds maxWaitSlice = std::chrono::milliseconds(200);
// A hand-stepped simulated clock cannot tell how long a gap will take: poll it.
constexpr std::chrono::nanoseconds steppedPoll = std::chrono::milliseconds(1);

std::chrono::nanoseconds nonNegative(Duration gap)
{
    return std::chrono::nanoseconds(std::max<std::int64_t>(gap.count(), 0));
}

} // namespace

Timestamp WallTimeSource::now() const
{
    const auto sinceEpoch = std::chrono::system_clock::now().time_since_epoch();
    return Timestamp::fromUnixNanos(
        std::chrono::duration_cast<std::chrono::nanoseconds>(sinceEpoch).count());
}

std::chrono::nanoseconds WallTimeSource::wallTimeFor(Duration gap) const
{
    return nonNegative(gap);
}

SimulatedTimeSource::SimulatedTimeSource(Timestamp start, double speed)
    : m_base(start)
    , m_baseWall(Steady::now())
    , m_speed(std::max(speed, 0.0))
{}

Timestamp SimulatedTimeSource::nowLocked() const
{
    if (m_speed <= 0.0)
        return m_base;
    const double wallNanos = static_cast<double>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now() - m_baseWall).count());
    return m_base + Duration::nanoseconds(static_cast<std::int64_t>(wallNanos * m_speed));
}

Timestamp SimulatedTimeSource::now() const
{
    const std::lock_guard lock(m_mutex);
    return nowLocked();
}

std::chrono::nanoseconds SimulatedTimeSource::wallTimeFor(Duration gap) const
{
    const std::lock_guard lock(m_mutex);
    if (m_speed <= 0.0)
        return steppedPoll;
    return std::chrono::nanoseconds(
        static_cast<std::int64_t>(static_cast<double>(nonNegative(gap).count()) / m_speed));
}

void SimulatedTimeSource::set(Timestamp time)
{
    const std::lock_guard lock(m_mutex);
    if (time <= nowLocked())
        return;
    m_base = time;
    m_baseWall = Steady::now();
}

void SimulatedTimeSource::setSpeed(double speed)
{
    const std::lock_guard lock(m_mutex);
    m_base = nowLocked();
    m_baseWall = Steady::now();
    m_speed = std::max(speed, 0.0);
}

double SimulatedTimeSource::speed() const
{
    const std::lock_guard lock(m_mutex);
    return m_speed;
}

RealtimeClock::RealtimeClock(const TimeSource *source, const NyseCalendar *marketHours)
    : m_source(source != nullptr ? source : &m_wall)
    , m_calendar(marketHours)
{}

Timestamp RealtimeClock::sourceNow() const
{
    const std::int64_t reading = m_source->now().unixNanos();
    std::int64_t last = m_lastSourceReading.load(std::memory_order_relaxed);
    while (reading > last) {
        if (m_lastSourceReading.compare_exchange_weak(last, reading, std::memory_order_relaxed))
            return Timestamp::fromUnixNanos(reading);
    }
    return Timestamp::fromUnixNanos(last);
}

Timestamp RealtimeClock::nextOpenMoment(Timestamp time) const
{
    if (m_calendar == nullptr)
        return time;
    const Date date = toNewYork(time).date;
    if (m_calendar->isSession(date)) {
        const Timestamp open = m_calendar->sessionOpen(date);
        if (time < open)
            return open;
        if (time <= m_calendar->sessionClose(date))
            return time;
    }
    return m_calendar->sessionOpen(m_calendar->nextSession(date));
}

bool RealtimeClock::advanceTo(Timestamp next)
{
    if (next <= now())
        return true;
    if (m_released.load(std::memory_order_acquire)) {
        m_now.store(next.unixNanos(), std::memory_order_release);
        return true;
    }
    Timestamp target = nextOpenMoment(next);
    std::unique_lock lock(m_waitMutex);
    for (;;) {
        const Timestamp current = sourceNow();
        if (current >= target)
            break;
        if (m_interrupted) {
            m_interrupted = false;
            return false;
        }
        if (m_released.load(std::memory_order_acquire)) {
            target = std::max(next, now());
            break;
        }
        const auto wait = std::min(m_source->wallTimeFor(target - current), maxWaitSlice);
        m_wake.wait_for(lock, wait, [this] { return m_interrupted || m_released.load(); });
    }
    m_now.store(target.unixNanos(), std::memory_order_release);
    return true;
}

void RealtimeClock::release()
{
    {
        const std::lock_guard lock(m_waitMutex);
        m_released.store(true, std::memory_order_release);
    }
    m_wake.notify_all();
}

void RealtimeClock::interrupt()
{
    {
        const std::lock_guard lock(m_waitMutex);
        m_interrupted = true;
    }
    m_wake.notify_all();
}

} // namespace meridian::engine
