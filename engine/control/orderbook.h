#pragma once

// OrderBook: every order of a run by id, from submission to a final state. Working orders are
// always kept; orders that reached a final state are kept only when the run retains its order
// log (the workstation's order table, tests). Without it, finished orders are dropped from the
// front as soon as every older order has finished too, so memory follows the number of working
// orders, not the length of the run.

#include "engine/execution/order.h"

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace meridian::engine {

class OrderBook
{
public:
    explicit OrderBook(bool retainFinished = true)
        : m_retainFinished(retainFinished)
    {}

    // Assigns the next id (1, 2, ...) and stores the order.
    Order &add(Order order);
    // Null when the id is unknown or the finished order was already dropped. (Inline: strategies
    // ask for working quantities on every decision.)
    const Order *find(OrderId id) const
    {
        const std::uint64_t offset = id.value() - m_firstId; // wraps for ids below m_firstId
        return offset < m_orders.size() ? &m_orders[offset] : nullptr;
    }
    Order *find(OrderId id) { return const_cast<Order *>(std::as_const(*this).find(id)); }
    // Drops finished orders from the front (when finished orders are not retained).
    void compact();

    std::uint64_t submitted() const { return m_nextId - 1; }
    bool retainsFinished() const { return m_retainFinished; }
    // Every order still held, oldest first (all of them when finished orders are retained).
    std::vector<Order> takeAll();

private:
    std::deque<Order> m_orders; // m_orders[i] has id m_firstId + i
    std::uint64_t m_firstId = 1;
    std::uint64_t m_nextId = 1;
    bool m_retainFinished = true;
};

} // namespace meridian::engine
