#pragma once

// The one ordered queue every event goes through.
//
// Order (documented in docs/architecture.md, "Event order"):
//   1. timestamp, earliest first;
//   2. at equal timestamps, by class: control, then order/fill events, then timers, then market
//      data — so a fill or a kill stamped at t is seen before the market data of t;
//   3. then by sequence number, i.e. the order in which events were pushed.
// The queue is a binary heap over a reserved vector (push and pop allocate nothing once the
// capacity is reached) plus one slot for the data stream's next event: market data arrives in
// time order one event at a time, so it waits beside the heap instead of in it, which saves a
// heap push and pop per bar while top() and pop() still hand out every event in the one order
// above.

#include "engine/core/event.h"

#include <cstdint>
#include <vector>

namespace meridian::engine {

// True if a is processed before b.
inline bool processedBefore(const Event &a, const Event &b)
{
    if (a.timestamp != b.timestamp)
        return a.timestamp < b.timestamp;
    if (a.eventClass() != b.eventClass())
        return a.eventClass() < b.eventClass();
    return a.sequence < b.sequence;
}

class EventQueue
{
public:
    explicit EventQueue(std::size_t capacity = 1024);

    // Assigns the next sequence number and returns it.
    std::uint64_t push(Event event);
    // Queues the data stream's next event (the slot must be free: hasStreamed() is false).
    std::uint64_t pushStreamed(Event event);
    bool hasStreamed() const { return m_hasStreamed; }
    // The queue must not be empty.
    Event pop();
    const Event &top() const { return streamedFirst() ? m_streamed : m_heap.front(); }
    bool empty() const { return m_heap.empty() && !m_hasStreamed; }
    std::size_t size() const { return m_heap.size() + (m_hasStreamed ? 1 : 0); }
    void clear()
    {
        m_heap.clear();
        m_hasStreamed = false;
    }

private:
    bool streamedFirst() const
    {
        return m_hasStreamed && (m_heap.empty() || processedBefore(m_streamed, m_heap.front()));
    }

    std::vector<Event> m_heap;
    Event m_streamed;
    bool m_hasStreamed = false;
    std::uint64_t m_nextSequence = 1;
};

} // namespace meridian::engine
