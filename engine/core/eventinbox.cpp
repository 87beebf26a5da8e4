#include "engine/core/eventinbox.h"

#include <algorithm>
#include <thread>

namespace meridian::engine {

EventInbox::EventInbox(const TimeSource &time, std::size_t capacity)
    : m_time(time)
    , m_ring(std::max<std::size_t>(capacity, 1))
{}

Timestamp EventInbox::stampLocked()
{
    m_lastStamp = std::max(m_lastStamp, m_time.now());
    return m_lastStamp;
}

Timestamp EventInbox::stamp()
{
    const std::lock_guard lock(m_mutex);
    return stampLocked();
}

bool EventInbox::conflateLocked(const Event &quote)
{
    const InstrumentId instrument = std::get<QuoteData>(quote.data).instrument;
    // Newest first: the waiting quote closest to the tail is the one the new quote supersedes.
    for (std::size_t i = m_count; i-- > 0;) {
        Event &waiting = m_ring[(m_head + i) % m_ring.size()];
        if (waiting.type == EventType::Quote
            && std::get<QuoteData>(waiting.data).instrument == instrument) {
            waiting.data = quote.data;
            ++m_conflated;
            return true;
        }
    }
    return false;
}

bool EventInbox::post(Event event)
{
    const bool market = event.eventClass() == EventClass::MarketData;
    if (market)
        noteMarketTime(event.timestamp);
    std::unique_lock lock(m_mutex);
    const auto refused = [&] { return m_closed || (market && m_marketStopped); };
    if (refused())
        return false;
    // While the overflow holds events, the ring takes none: the overflow's events are newer than
    // everything in the ring, and must leave after it.
    const auto full = [this] { return m_count == m_ring.size() || !m_overflow.empty(); };
    if (full()) {
        if (event.type == EventType::Quote && m_overflow.empty() && conflateLocked(event))
            return true;
        if (std::this_thread::get_id() == m_consumer) {
            // The loop's own thread (an adapter answering inside submit()) must not wait for
            // itself: grow instead.
            event.timestamp = stampLocked();
            event.sequence = 0;
            m_overflow.push_back(event);
            return true;
        }
        ++m_blocked;
        m_notFull.wait(lock, [&] { return refused() || !full(); });
        if (refused())
            return false;
    }
    event.timestamp = stampLocked();
    event.sequence = 0;
    m_ring[(m_head + m_count) % m_ring.size()] = event;
    ++m_count;
    lock.unlock();
    m_notEmpty.notify_one();
    return true;
}

Event EventInbox::popLocked()
{
    m_consumer = std::this_thread::get_id();
    if (m_count == 0) {
        const Event event = m_overflow.front();
        m_overflow.pop_front();
        m_overflowDrained = m_overflow.empty();
        return event;
    }
    const Event event = m_ring[m_head];
    m_head = (m_head + 1) % m_ring.size();
    --m_count;
    return event;
}

EventInbox::PopStatus EventInbox::pop(Event &event, std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock lock(m_mutex);
    m_consumer = std::this_thread::get_id();
    const bool ready = m_notEmpty.wait_until(
        lock, deadline, [this] { return sizeLocked() > 0 || m_interrupted || m_closed; });
    if (m_interrupted) {
        m_interrupted = false;
        return PopStatus::Interrupted;
    }
    if (sizeLocked() == 0)
        return ready ? PopStatus::Closed : PopStatus::TimedOut;
    event = popLocked();
    notifyProducers(lock);
    return PopStatus::Popped;
}

bool EventInbox::tryPop(Event &event)
{
    std::unique_lock lock(m_mutex);
    if (sizeLocked() == 0)
        return false;
    event = popLocked();
    notifyProducers(lock);
    return true;
}

void EventInbox::notifyProducers(std::unique_lock<std::mutex> &lock)
{
    // Once the overflow is drained the whole free ring is open again: every producer may go on.
    const bool all = m_overflowDrained;
    m_overflowDrained = false;
    lock.unlock();
    if (all)
        m_notFull.notify_all();
    else
        m_notFull.notify_one();
}

void EventInbox::interrupt()
{
    {
        const std::lock_guard lock(m_mutex);
        m_interrupted = true;
    }
    m_notEmpty.notify_all();
}

void EventInbox::close()
{
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_notEmpty.notify_all();
    m_notFull.notify_all();
}

void EventInbox::stopMarketData()
{
    {
        const std::lock_guard lock(m_mutex);
        m_marketStopped = true;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_count; ++i) {
            const Event &event = m_ring[(m_head + i) % m_ring.size()];
            if (event.eventClass() != EventClass::MarketData)
                m_ring[(m_head + kept++) % m_ring.size()] = event;
        }
        m_count = kept;
        std::erase_if(m_overflow, [](const Event &event) {
            return event.eventClass() == EventClass::MarketData;
        });
    }
    m_notFull.notify_all();
}

bool EventInbox::isClosed() const
{
    const std::lock_guard lock(m_mutex);
    return m_closed;
}

std::size_t EventInbox::size() const
{
    const std::lock_guard lock(m_mutex);
    return sizeLocked();
}

std::uint64_t EventInbox::conflatedQuotes() const
{
    const std::lock_guard lock(m_mutex);
    return m_conflated;
}

std::uint64_t EventInbox::blockedPosts() const
{
    const std::lock_guard lock(m_mutex);
    return m_blocked;
}

InboxDataSource::InboxDataSource(EventInbox &inbox, std::chrono::milliseconds heartbeat)
    : m_inbox(inbox)
    , m_heartbeat(heartbeat)
{}

void InboxDataSource::makeHeartbeat(Event &event)
{
    event = Event{m_inbox.stamp(), 0, EventType::Timer, TimerData{heartbeatTimerId, StrategyId()}};
    m_lastWasHeartbeat = true;
    ++m_heartbeats;
}

bool InboxDataSource::next(Event &event)
{
    for (;;) {
        if (isStopped())
            return false;
        if (!m_lastWasHeartbeat) {
            // Right after an event: do not hold its instant open waiting for the next one.
            if (!m_inbox.tryPop(event))
                makeHeartbeat(event);
            else
                m_lastWasHeartbeat = false;
            return true;
        }
        const auto deadline = std::chrono::steady_clock::now() + m_heartbeat;
        switch (m_inbox.pop(event, deadline)) {
        case EventInbox::PopStatus::Popped:
            m_lastWasHeartbeat = false;
            return true;
        case EventInbox::PopStatus::TimedOut:
            makeHeartbeat(event);
            return true;
        case EventInbox::PopStatus::Interrupted:
            continue; // stop() or a stray interrupt: look at the flag again
        case EventInbox::PopStatus::Closed:
            return false;
        }
    }
}

void InboxDataSource::stop()
{
    m_stopped.store(true, std::memory_order_release);
    m_inbox.interrupt();
}

} // namespace meridian::engine
