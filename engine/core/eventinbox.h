#pragma once

// EventInbox: how other threads hand events to the engine's loop in paper and live runs — market
// data from a feed, order events from a broker adapter, control commands from the workstation or
// a signal handler. Many producers post; the loop's thread takes them out through an
// InboxDataSource, which is the loop's DataSource.
//
// - Arrival stamps: post() stamps each event with the time source's reading at arrival, under the
//   inbox's lock, and never earlier than the previous stamp, so the events leave in arrival order
//   and their times never go backwards (the loop's queue relies on that).
// - Bounded: a ring of `capacity` events, allocated once. When it is full, post() BLOCKS the
//   producer until the loop has taken an event out (or the inbox is closed): no order event, bar,
//   trade or control command is ever dropped. The one exception is a quote: when the inbox is
//   full and a quote of the same instrument is still waiting, the new quote replaces the waiting
//   one in place (conflation; it keeps that quote's place and stamp, so the order of arrival
//   stays intact). Only the latest quote matters to a strategy; a feed must not stall on quotes.
//   A post from the loop's own thread (the thread that pops: a broker adapter answering inside
//   submit()) never blocks, as it would wait for itself: when the inbox is full such events go
//   to an overflow list that grows, and until it has drained the other producers wait.
//
//     EventInbox inbox(clock.source());
//     InboxDataSource source(inbox);
//     EventLoop loop(clock, engine, &source);
//     std::thread feed([&] { inbox.post(Event::makeBar(Timestamp(), bar)); });
//     loop.run();                       // until source.stop() from any thread

#include "engine/core/datasource.h"
#include "engine/core/realtimeclock.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace meridian::engine {

class EventInbox
{
public:
    enum class PopStatus { Popped, TimedOut, Interrupted, Closed };

    // `time` (not owned) stamps arrivals and must outlive the inbox.
    explicit EventInbox(const TimeSource &time, std::size_t capacity = 4096);

    // From any thread. Stamps `event` (its own timestamp is overwritten) and queues it, waiting
    // while the inbox is full (quotes may conflate instead, see above). False once closed: the
    // event was not queued.
    bool post(Event event);
    // The loop's thread: the oldest event, waiting until `deadline` for one to arrive. Interrupted
    // when interrupt() was called (once per call of interrupt()); Closed when the inbox is closed
    // and empty.
    PopStatus pop(Event &event, std::chrono::steady_clock::time_point deadline);
    bool tryPop(Event &event);
    // Wakes a waiting pop() (or makes the next one return at once) with Interrupted.
    void interrupt();
    // Refuses further posts and wakes every waiter; what is already queued can still be popped.
    void close();
    // The loop reads no more market data (a run is stopping, its order events still matter):
    // drops the waiting market events, refuses further ones (post() returns false) and wakes
    // producers blocked on them, so that a feed can be stopped. Order and control events still
    // go through.
    void stopMarketData();
    bool isClosed() const;
    // A stamp for an event made on the loop's side (a heartbeat), in the same order as arrivals.
    Timestamp stamp();
    // Market time follows the market data (clock.source: broker — a replay whose market time is
    // not the wall clock): before a bar, trade or quote is stamped, `market` is moved to the
    // event's own time (a bar's end, a trade's time, as the feed set it; never backwards), so
    // its arrival stamp is never earlier than the moment it describes. `market` is normally the
    // inbox's own time source. Call before the first post.
    void followMarketTime(SimulatedTimeSource &market) { m_marketTime = &market; }
    // From a feed that holds market data back instead of posting it (one that aggregates minute
    // bars into longer ones): the time of what it received, followed like a post's (no-op unless
    // followMarketTime() was called).
    void noteMarketTime(Timestamp time)
    {
        if (m_marketTime != nullptr && time > Timestamp())
            m_marketTime->set(time);
    }

    std::size_t size() const; // the overflow included
    std::size_t capacity() const { return m_ring.size(); }
    // Quotes replaced by a newer one of the same instrument while the inbox was full.
    std::uint64_t conflatedQuotes() const;
    // Times a producer had to wait because the inbox was full.
    std::uint64_t blockedPosts() const;

private:
    Timestamp stampLocked();
    bool conflateLocked(const Event &quote);
    Event popLocked();
    std::size_t sizeLocked() const { return m_count + m_overflow.size(); }
    void notifyProducers(std::unique_lock<std::mutex> &lock);

    const TimeSource &m_time;
    SimulatedTimeSource *m_marketTime = nullptr;
    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::vector<Event> m_ring;
    std::size_t m_head = 0; // the oldest event
    std::size_t m_count = 0;
    std::deque<Event>
        m_overflow; // posts from the consumer's thread while full; newer than the ring
    bool m_overflowDrained = false; // the last pop emptied the overflow
    std::thread::id m_consumer;     // the thread that pops
    Timestamp m_lastStamp = Timestamp::min();
    bool m_closed = false;
    bool m_marketStopped = false;
    bool m_interrupted = false;
    std::uint64_t m_conflated = 0;
    std::uint64_t m_blocked = 0;
};

// The loop's DataSource in paper and live mode: next() hands out what the inbox receives,
// waiting for it.
//
// The loop asks its source for the next event before it ends an instant (eventloop.h), so a
// source that only blocked would hold back each event's decision until the next one arrived.
// Instead, when the inbox is empty right after an event was handed out, next() answers at once
// with a heartbeat — a Timer event with timerId 0 and no strategy, stamped like an arrival, which
// the engine ignores — and only the call after that waits, for at most `heartbeat` of wall time
// before it answers with another heartbeat. So the instant ends as soon as the inbox is idle,
// and the loop still cycles (and the events it scheduled, timers included, come due) while no
// data arrives.
class InboxDataSource final : public DataSource
{
public:
    static constexpr std::uint64_t heartbeatTimerId = 0;

    explicit InboxDataSource(EventInbox &inbox,
                             std::chrono::milliseconds heartbeat = std::chrono::milliseconds(1000));

    // False once stop() was called or the inbox is closed and drained: the end of the data.
    bool next(Event &event) override;
    // From any thread: ends the stream (next() returns false from now on, a waiting one at once).
    // Events still in the inbox stay there; the inbox itself stays open.
    void stop();
    bool isStopped() const { return m_stopped.load(std::memory_order_acquire); }
    std::uint64_t heartbeats() const { return m_heartbeats; }
    static bool isHeartbeat(const Event &event)
    {
        return event.type == EventType::Timer
               && std::get<TimerData>(event.data).timerId == heartbeatTimerId;
    }

private:
    void makeHeartbeat(Event &event);

    EventInbox &m_inbox;
    std::chrono::milliseconds m_heartbeat;
    std::atomic<bool> m_stopped{false};
    bool m_lastWasHeartbeat = true;
    std::uint64_t m_heartbeats = 0;
};

} // namespace meridian::engine
