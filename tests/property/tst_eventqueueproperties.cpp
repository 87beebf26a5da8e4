// EventQueue properties: whatever is pushed comes out sorted by (timestamp, class, sequence) and
// nothing is lost or duplicated; with pushes and pops interleaved the queue behaves like a sorted
// multiset model.

// QtTest first: moc (Qt 6.4) cannot parse <concepts> when it is reached through <compare>
// before any other standard header, as engine/core/ids.h does.
#include <QtTest>

#include "engine/core/eventqueue.h"

#include <rapidcheck.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <vector>

using namespace meridian::engine;

namespace {

constexpr EventType allTypes[]
    = {EventType::Bar,           EventType::Trade,          EventType::Quote,
       EventType::OrderAccepted, EventType::OrderRejected,  EventType::OrderPartiallyFilled,
       EventType::OrderFilled,   EventType::OrderCancelled, EventType::OrderExpired,
       EventType::Timer,         EventType::Control};

// The class rank written out here, not taken from classOf: control, order, timer, market data.
int rank(EventType type)
{
    switch (type) {
    case EventType::Control:
        return 0;
    case EventType::Timer:
        return 2;
    case EventType::Bar:
    case EventType::Trade:
    case EventType::Quote:
        return 3;
    default:
        return 1;
    }
}

Event makeEvent(std::int64_t nanos, EventType type)
{
    Event event;
    event.timestamp = Timestamp::fromUnixNanos(nanos);
    event.type = type;
    switch (rank(type)) {
    case 0:
        event.data = ControlData{};
        break;
    case 1:
        event.data = OrderEventData{};
        break;
    case 2:
        event.data = TimerData{};
        break;
    default:
        event.data = BarData{};
        break;
    }
    return event;
}

// Few distinct timestamps, so that ties (and class ordering) are common; sometimes any.
rc::Gen<Event> anyEvent()
{
    return rc::gen::apply(
        [](std::int64_t nanos, std::size_t typeIndex) {
            return makeEvent(nanos, allTypes[typeIndex]);
        },
        rc::gen::oneOf(rc::gen::inRange<std::int64_t>(-3, 4), rc::gen::arbitrary<std::int64_t>()),
        rc::gen::inRange<std::size_t>(0, std::size(allTypes)));
}

using Key = std::tuple<std::int64_t, int, std::uint64_t>;

Key keyOf(const Event &event)
{
    return {event.timestamp.unixNanos(), rank(event.type), event.sequence};
}

} // namespace

class TestEventQueueProperties : public QObject
{
    Q_OBJECT

private slots:
    void popsSortedPermutation();
    void behavesLikeSortedModel();
};

void TestEventQueueProperties::popsSortedPermutation()
{
    QVERIFY(rc::check("popping yields a sorted permutation of what was pushed", [] {
        const auto events = *rc::gen::container<std::vector<Event>>(anyEvent());
        const std::size_t capacity = *rc::gen::inRange<std::size_t>(0, 64);
        EventQueue queue(capacity);
        // One of them, any, may go through the data stream's slot instead of the heap.
        const std::size_t streamedIndex = *rc::gen::inRange<std::size_t>(0, events.size() + 1);
        std::map<std::uint64_t, Event> pushed; // by the sequence the queue assigned
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event &event = events[i];
            const std::uint64_t sequence
                = i == streamedIndex ? queue.pushStreamed(event) : queue.push(event);
            RC_ASSERT(pushed.count(sequence) == 0u);
            pushed.emplace(sequence, event);
        }
        RC_ASSERT(queue.size() == events.size());
        std::vector<Event> popped;
        while (!queue.empty()) {
            const Key topKey = keyOf(queue.top());
            popped.push_back(queue.pop());
            RC_ASSERT(keyOf(popped.back()) == topKey);
        }
        RC_ASSERT(popped.size() == events.size());
        for (std::size_t i = 1; i < popped.size(); ++i) {
            RC_ASSERT(keyOf(popped[i - 1]) < keyOf(popped[i]));
            RC_ASSERT(processedBefore(popped[i - 1], popped[i]));
            RC_ASSERT(!processedBefore(popped[i], popped[i - 1]));
        }
        // A permutation: every sequence once, each with the timestamp and type pushed with it.
        std::set<std::uint64_t> seen;
        for (const Event &event : popped) {
            RC_ASSERT(seen.insert(event.sequence).second);
            const auto original = pushed.find(event.sequence);
            RC_ASSERT(original != pushed.end());
            RC_ASSERT(original->second.timestamp == event.timestamp);
            RC_ASSERT(original->second.type == event.type);
        }
        // Push order is kept among events of equal timestamp and class.
        for (std::size_t i = 1; i < popped.size(); ++i) {
            if (popped[i - 1].timestamp == popped[i].timestamp
                && rank(popped[i - 1].type) == rank(popped[i].type))
                RC_ASSERT(popped[i - 1].sequence < popped[i].sequence);
        }
    }));
}

void TestEventQueueProperties::behavesLikeSortedModel()
{
    QVERIFY(rc::check("interleaved push/pushStreamed/pop matches a sorted-set model", [] {
        enum Operation { Push, PushStreamed, Pop };
        EventQueue queue(4);
        std::set<Key> model;
        const auto steps
            = *rc::gen::container<std::vector<std::pair<Operation, Event>>>(rc::gen::pair(
                rc::gen::weightedElement<Operation>({{3, Push}, {2, PushStreamed}, {2, Pop}}),
                anyEvent()));
        for (const auto &[operation, event] : steps) {
            if (operation == PushStreamed && !queue.hasStreamed()) {
                Event pushed = event;
                pushed.sequence = queue.pushStreamed(event);
                RC_ASSERT(queue.hasStreamed());
                model.insert(keyOf(pushed));
            } else if (operation != Pop || model.empty()) {
                Event pushed = event;
                pushed.sequence = queue.push(event);
                model.insert(keyOf(pushed));
            } else {
                RC_ASSERT(keyOf(queue.top()) == *model.begin());
                const Event popped = queue.pop();
                RC_ASSERT(keyOf(popped) == *model.begin());
                model.erase(model.begin());
            }
            RC_ASSERT(queue.size() == model.size());
            RC_ASSERT(queue.empty() == model.empty());
        }
    }));
}

QTEST_APPLESS_MAIN(TestEventQueueProperties)

#include "tst_eventqueueproperties.moc"
