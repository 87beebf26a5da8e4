#include "engine/execution/simulatedbroker.h"

#include <algorithm>

namespace meridian::engine {

SimulatedBroker::SimulatedBroker(OrderEventSink &sink, const NyseCalendar &calendar,
                                 SimulatedBrokerConfig config)
    : m_sink(sink)
    , m_calendar(calendar)
    , m_config(config)
{
    m_working.reserve(64);
}

void SimulatedBroker::submit(const Order &submitted, Timestamp now)
{
    Order order = submitted;
    order.submittedAt = now;
    if (order.timeInForce == TimeInForce::Day) {
        const Date today = toNewYork(now).date;
        order.session = m_calendar.isSession(today) && now < m_calendar.sessionClose(today)
                            ? today
                            : m_calendar.nextSession(today);
        order.sessionOpen = m_calendar.sessionOpen(*order.session);
        order.sessionClose = m_calendar.sessionClose(*order.session);
    }
    order.status = OrderStatus::New;
    publish(EventType::OrderAccepted, order, now, {});

    const std::size_t index = order.instrument.value();
    const bool closeFill = m_config.fillAt == FillTiming::Close && order.type == OrderType::Market
                           && index < m_lastBars.size() && m_lastBars[index].time == now;
    if (closeFill) {
        const BarData &bar = m_lastBars[index].bar;
        fill(order, now, m_config.slippage.apply(bar.close, order.side, order.quantity, bar.volume),
             bar.volume);
        return;
    }
    m_working.push_back(order);
}

void SimulatedBroker::cancel(OrderId id, Timestamp now, std::string_view reason)
{
    for (Order &order : m_working) {
        if (order.id == id && order.isOpen()) {
            order.status = OrderStatus::Canceled;
            publish(EventType::OrderCancelled, order, now, reason);
        }
    }
    removeClosed();
}

void SimulatedBroker::onMarketData(const Event &event)
{
    if (event.type != EventType::Bar)
        return;
    const BarData &bar = event.bar();
    const std::size_t index = bar.instrument.value();
    if (index >= m_lastBars.size())
        m_lastBars.resize(index + 1);
    m_lastBars[index] = LastBar{event.timestamp, bar};

    bool anyClosed = false;
    for (Order &order : m_working) {
        if (order.instrument == bar.instrument && order.submittedAt < event.timestamp)
            anyClosed |= tryFill(order, event.timestamp, bar);
    }
    expireDayOrders(event.timestamp);
    if (anyClosed || !m_working.empty())
        removeClosed();
}

bool SimulatedBroker::tryFill(Order &order, Timestamp time, const BarData &bar)
{
    if (order.session && time <= order.sessionOpen)
        return false; // a day order waits for its session
    const bool buy = order.side == Side::Buy;
    const Quantity quantity = order.leavesQuantity();
    switch (order.type) {
    case OrderType::Market: {
        const Price reference = m_config.fillAt == FillTiming::Close ? bar.close : bar.open;
        fill(order, time, m_config.slippage.apply(reference, order.side, quantity, bar.volume),
             bar.volume);
        return true;
    }
    case OrderType::Limit: {
        const bool touched = buy ? bar.low <= order.limitPrice : bar.high >= order.limitPrice;
        if (!touched)
            return false;
        const Price base = buy ? std::min(bar.open, order.limitPrice)
                               : std::max(bar.open, order.limitPrice);
        Price price = m_config.slippage.apply(base, order.side, quantity, bar.volume);
        price = buy ? std::min(price, order.limitPrice) : std::max(price, order.limitPrice);
        fill(order, time, price, bar.volume);
        return true;
    }
    case OrderType::Stop: {
        const bool triggered = buy ? bar.high >= order.stopPrice : bar.low <= order.stopPrice;
        if (!triggered)
            return false;
        const Price base = buy ? std::max(bar.open, order.stopPrice)
                               : std::min(bar.open, order.stopPrice);
        fill(order, time, m_config.slippage.apply(base, order.side, quantity, bar.volume),
             bar.volume);
        return true;
    }
    }
    return false;
}

void SimulatedBroker::fill(Order &order, Timestamp time, Price price, Quantity /*barVolume*/)
{
    const Quantity quantity = order.leavesQuantity();
    const Money commission = m_config.commission.commission(quantity, price);
    order.filledQuantity += quantity;
    order.filledNotional += price * quantity;
    order.commission += commission;
    order.status = OrderStatus::Filled;

    OrderEventData data;
    data.orderId = order.id;
    data.strategy = order.strategy;
    data.instrument = order.instrument;
    data.side = order.side;
    data.fillId = FillId(m_nextFillId++);
    data.lastQuantity = quantity;
    data.lastPrice = price;
    data.filledQuantity = order.filledQuantity;
    data.leavesQuantity = order.leavesQuantity();
    data.commission = commission;
    m_sink.onOrderEvent(Event::makeOrder(time, EventType::OrderFilled, data));
}

void SimulatedBroker::publish(EventType type, const Order &order, Timestamp time, std::string_view reason)
{
    OrderEventData data;
    data.orderId = order.id;
    data.strategy = order.strategy;
    data.instrument = order.instrument;
    data.side = order.side;
    data.filledQuantity = order.filledQuantity;
    data.leavesQuantity = isFinal(order.status) ? Quantity() : order.leavesQuantity();
    data.reason = ShortText(reason);
    m_sink.onOrderEvent(Event::makeOrder(time, type, data));
}

void SimulatedBroker::expireDayOrders(Timestamp now)
{
    for (Order &order : m_working) {
        if (order.isOpen() && order.session && now >= order.sessionClose) {
            order.status = OrderStatus::Expired;
            publish(EventType::OrderExpired, order, now,
                 "day order expired at the close of " + order.session->toString());
        }
    }
}

void SimulatedBroker::removeClosed()
{
    m_working.erase(std::remove_if(m_working.begin(), m_working.end(),
                                   [](const Order &order) { return !order.isOpen(); }),
                    m_working.end());
}

} // namespace meridian::engine
