#pragma once

// The one event loop for every mode. It pulls market events from a DataSource into the
// EventQueue (keeping exactly one pending event from the source, so the queue stays tiny and the
// data stays in time order), pops events in queue order, advances the Clock, lets the recorder
// observe each event, and hands it to the EventHandler (the trading engine).
//
// When every event stamped t has been processed, the loop calls onInstantEnd(t): that is where
// strategies decide (one decision per instant, with all of that instant's bars known) and where
// equity is recorded. Events the handler schedules at t are processed before the instant ends.
//
//     EventLoop loop(clock, engine, &source);
//     loop.setRecorder(&journal);
//     auto outcome = loop.run(&cancelFlag);

#include "engine/core/clock.h"
#include "engine/core/datasource.h"
#include "engine/core/eventqueue.h"

#include <atomic>
#include <cstdint>

namespace meridian::engine {

class EventHandler
{
public:
    virtual ~EventHandler() = default;
    virtual void handle(const Event &event) = 0;
    // Every event stamped `time` has been processed. May schedule more events at `time`.
    virtual void onInstantEnd(Timestamp time) = 0;
};

// Observes every dequeued event, in processing order (journal, replay recorder).
class EventRecorder
{
public:
    virtual ~EventRecorder() = default;
    virtual void record(const Event &event) = 0;
};

class EventLoop
{
public:
    enum class Outcome { Completed, Stopped, Cancelled, DataError };

    EventLoop(Clock &clock, EventHandler &handler, DataSource *source, std::size_t queueCapacity = 1024);

    void setRecorder(EventRecorder *recorder) { m_recorder = recorder; }
    // Queues an event. An event stamped before now() is moved to now(): the past is closed.
    void schedule(Event event);
    // Processes one event; false when nothing is left or the loop was stopped.
    bool step();
    // Runs until the data is exhausted, stop() is called, or *cancel becomes true.
    Outcome run(const std::atomic<bool> *cancel = nullptr);
    // Ends run() after the current event (called from the loop's own thread).
    void stop() { m_stopped = true; }
    bool isStopped() const { return m_stopped; }
    // Processes the queued events that sort before `event` — fills the simulated venue produced
    // when it saw this market event are applied before strategies see the event.
    void processPendingBefore(const Event &event);

    // True if another queued event is stamped `time` (the current instant is not over yet).
    bool hasEventAt(Timestamp time) const
    {
        return !m_queue.empty() && m_queue.top().timestamp == time;
    }

    Timestamp now() const { return m_clock.now(); }
    std::uint64_t eventsProcessed() const { return m_eventsProcessed; }
    const Error *dataError() const { return m_source ? m_source->error() : nullptr; }
    Clock &clock() { return m_clock; }

private:
    void primeFromSource();
    void dispatch(const Event &event);

    Clock &m_clock;
    EventHandler &m_handler;
    DataSource *m_source = nullptr;
    EventRecorder *m_recorder = nullptr;
    EventQueue m_queue;
    bool m_sourceExhausted = false;
    bool m_stopped = false;
    bool m_interrupted = false;
    std::uint64_t m_eventsProcessed = 0;
};

} // namespace meridian::engine
