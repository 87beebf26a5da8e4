#include "engine/core/eventloop.h"

namespace meridian::engine {

EventLoop::EventLoop(Clock &clock, EventHandler &handler, DataSource *source, std::size_t queueCapacity)
    : m_clock(clock)
    , m_handler(handler)
    , m_source(source)
    , m_queue(queueCapacity)
{}

void EventLoop::schedule(Event event)
{
    if (m_clock.now() != Timestamp::min() && event.timestamp < m_clock.now())
        event.timestamp = m_clock.now();
    m_queue.push(event);
}

void EventLoop::primeFromSource()
{
    if (m_queue.hasStreamed() || m_sourceExhausted || m_source == nullptr)
        return;
    Event event;
    if (m_source->next(event))
        m_queue.pushStreamed(event);
    else
        m_sourceExhausted = true;
}

void EventLoop::dispatch(const Event &event)
{
    ++m_eventsProcessed;
    if (m_recorder != nullptr)
        m_recorder->record(event);
    m_handler.handle(event);
}

bool EventLoop::step()
{
    if (m_stopped)
        return false;
    primeFromSource();
    if (m_queue.empty())
        return false;
    if (!m_clock.advanceTo(m_queue.top().timestamp)) {
        m_interrupted = true;
        return false;
    }
    const Event event = m_queue.pop();
    primeFromSource(); // the next source event decides whether this instant has ended
    dispatch(event);
    if (m_queue.empty() || m_queue.top().timestamp > event.timestamp)
        m_handler.onInstantEnd(event.timestamp);
    return true;
}

EventLoop::Outcome EventLoop::run(const std::atomic<bool> *cancel)
{
    // An interrupted wait ended the previous run(); a new run starts afresh.
    m_interrupted = false;
    const auto cancelled = [cancel] {
        return cancel != nullptr && cancel->load(std::memory_order_relaxed);
    };
    // Checked before each step: a run cancelled before it starts processes nothing.
    for (;;) {
        if (cancelled())
            return Outcome::Cancelled;
        if (!step())
            break;
    }
    if (m_interrupted)
        return Outcome::Cancelled;
    if (m_stopped)
        return Outcome::Stopped;
    if (dataError() != nullptr)
        return Outcome::DataError;
    return Outcome::Completed;
}

void EventLoop::processPendingBefore(const Event &event)
{
    while (!m_queue.empty() && processedBefore(m_queue.top(), event)) {
        const Event pending = m_queue.pop();
        // A source that yields a control or order event right after a market event at the same
        // time has its pending event taken here: refill the slot or the source stalls.
        primeFromSource();
        dispatch(pending);
    }
}

} // namespace meridian::engine
