#include "engine/core/eventqueue.h"

#include <algorithm>

namespace meridian::engine {

namespace {
// std::push_heap keeps the *largest* element on top; "largest" here is processed first.
bool heapLess(const Event &a, const Event &b)
{
    return processedBefore(b, a);
}
} // namespace

EventQueue::EventQueue(std::size_t capacity)
{
    m_heap.reserve(capacity);
}

std::uint64_t EventQueue::push(Event event)
{
    event.sequence = m_nextSequence++;
    m_heap.push_back(event);
    std::push_heap(m_heap.begin(), m_heap.end(), heapLess);
    return event.sequence;
}

std::uint64_t EventQueue::pushStreamed(Event event)
{
    event.sequence = m_nextSequence++;
    m_streamed = event;
    m_hasStreamed = true;
    return event.sequence;
}

Event EventQueue::pop()
{
    if (streamedFirst()) {
        m_hasStreamed = false;
        return m_streamed;
    }
    std::pop_heap(m_heap.begin(), m_heap.end(), heapLess);
    const Event event = m_heap.back();
    m_heap.pop_back();
    return event;
}

} // namespace meridian::engine
