#include "engine/control/orderbook.h"

#include <iterator>

namespace meridian::engine {

Order &OrderBook::add(Order order)
{
    order.id = OrderId(m_nextId++);
    m_orders.push_back(std::move(order));
    return m_orders.back();
}

void OrderBook::compact()
{
    if (m_retainFinished)
        return;
    while (!m_orders.empty() && !m_orders.front().isOpen()) {
        m_orders.pop_front();
        ++m_firstId;
    }
}

std::vector<Order> OrderBook::takeAll()
{
    std::vector<Order> orders(std::make_move_iterator(m_orders.begin()),
                              std::make_move_iterator(m_orders.end()));
    m_firstId += m_orders.size();
    m_orders.clear();
    return orders;
}

} // namespace meridian::engine
