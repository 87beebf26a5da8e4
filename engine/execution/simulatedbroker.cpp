#include "engine/execution/simulatedbroker.h"

#include <algorithm>
#include <cmath>

namespace meridian::engine {

namespace {

constexpr std::int64_t kPercentScale = 1'000'000'000'000;

// `price` × percent / 100, exact to 10⁻¹² of the percentage.
Price percentOf(Price price, double percent)
{
    return price.scaled(std::llround(percent / 100.0 * static_cast<double>(kPercentScale)),
                        kPercentScale);
}

bool isTriggerType(const Order &order)
{
    return order.type == OrderType::Stop || order.type == OrderType::TrailingStop
           || (order.type == OrderType::StopLimit && !order.triggered);
}

// Works as a limit order now (a stop_limit once triggered).
bool worksAsLimit(const Order &order)
{
    return order.type == OrderType::Limit
           || (order.type == OrderType::StopLimit && order.triggered);
}

// A trailing stop's water mark moves to `price` when it is better for the order (higher for a
// sell, lower for a buy), and the stop follows at the trail distance.
void ratchet(Order &order, Price price)
{
    const bool buy = order.side == Side::Buy;
    if (order.waterMark.isZero() || (buy ? price < order.waterMark : price > order.waterMark))
        order.waterMark = price;
    const Price offset = order.trailPrice.isPositive() ? order.trailPrice
                                                       : percentOf(order.waterMark, order.trailPercent);
    order.stopPrice = buy ? order.waterMark + offset : order.waterMark - offset;
}

struct PathFill
{
    bool fills = false;
    Price price;
    int step = 0;
};

// Walks the bar's four path points and returns where the order first executes.
PathFill walk(Order &order, const Price (&points)[4])
{
    const bool buy = order.side == Side::Buy;
    const auto stopReached = [&](Price p) { return buy ? p >= order.stopPrice : p <= order.stopPrice; };
    const auto marketable = [&](Price p) { return buy ? p <= order.limitPrice : p >= order.limitPrice; };
    const Price open = points[0];
    if (order.type == OrderType::Market)
        return {true, open, 0};
    if (order.type == OrderType::TrailingStop && order.waterMark.isZero())
        ratchet(order, open); // no price was known when it arrived
    if (isTriggerType(order) && stopReached(open)) {
        if (order.type != OrderType::StopLimit)
            return {true, open, 0}; // a gap through the stop fills at the worse open
        order.triggered = true;
    }
    if (worksAsLimit(order) && marketable(open))
        return {true, open, 0}; // opens through the limit: price improvement
    if (order.type == OrderType::TrailingStop)
        ratchet(order, open);
    for (int step = 1; step < 4; ++step) {
        const Price from = points[step - 1];
        const Price to = points[step];
        const bool towardBuyer = to < from; // the price falls
        const bool rises = to > from;
        if (order.type == OrderType::TrailingStop && (buy ? towardBuyer : rises)) {
            ratchet(order, to);
            continue;
        }
        if (isTriggerType(order)) {
            if ((buy ? rises : towardBuyer) && stopReached(to)) {
                if (order.type != OrderType::StopLimit)
                    return {true, order.stopPrice, step};
                order.triggered = true;
                if (marketable(order.stopPrice))
                    return {true, order.stopPrice, step};
            }
            continue;
        }
        if (worksAsLimit(order) && (buy ? towardBuyer : rises) && marketable(to))
            return {true, order.limitPrice, step};
    }
    return {};
}

} // namespace

SimulatedBroker::SimulatedBroker(OrderEventSink &sink, const NyseCalendar &calendar,
                                 SimulatedBrokerConfig config)
    : m_sink(sink)
    , m_calendar(calendar)
    , m_config(config)
    , m_random(config.seed)
    , m_latency(config.latencyMeanMs, config.latencyStdMs > 0.0 ? config.latencyStdMs : 1.0)
{
    m_working.reserve(64);
    m_decisions.reserve(64);
}

Duration SimulatedBroker::drawLatency()
{
    double ms = m_config.latencyMeanMs;
    if (m_config.latencyStdMs > 0.0)
        ms = m_latency(m_random);
    if (ms <= 0.0)
        return Duration::zero();
    return Duration::nanoseconds(std::llround(ms * 1'000'000.0));
}

void SimulatedBroker::setSession(Order &order, Timestamp arrival) const
{
    const Date today = toNewYork(arrival).date;
    const bool session = m_calendar.isSession(today);
    Date date = m_calendar.nextSession(today);
    switch (order.timeInForce) {
    case TimeInForce::Day:
    case TimeInForce::Cls:
        if (session && arrival < m_calendar.sessionClose(today))
            date = today;
        break;
    case TimeInForce::Opg:
        if (session && arrival < m_calendar.sessionOpen(today))
            date = today;
        break;
    default:
        return;
    }
    order.session = date;
    order.sessionOpen = m_calendar.sessionOpen(date);
    order.sessionClose = m_calendar.sessionClose(date);
}

void SimulatedBroker::submit(const Order &submitted, Timestamp now)
{
    Order order = submitted;
    order.submittedAt = now;
    order.arrivesAt = now + drawLatency();
    setSession(order, order.arrivesAt);
    const std::size_t index = order.instrument.value();
    const bool known = index < m_lastBars.size() && m_lastBars[index].time != Timestamp::min();
    if (order.type == OrderType::TrailingStop && known)
        ratchet(order, m_lastBars[index].bar.close);
    order.status = OrderStatus::New;
    publish(EventType::OrderAccepted, order, now, {});

    const bool closeFill = m_config.fillAt == FillTiming::Close && order.type == OrderType::Market
                           && order.arrivesAt == now && known && m_lastBars[index].time == now;
    if (closeFill) {
        const BarData &bar = m_lastBars[index].bar;
        Quantity quantity = order.leavesQuantity();
        if (m_config.maxParticipation > 0.0)
            quantity = std::min(quantity, volumeCap(bar));
        if (quantity.isPositive()) {
            fill(order, now,
                 m_config.slippage.apply(bar.close, order.side, quantity, bar.volume, impactInputs(index)),
                 quantity);
            if (!order.isOpen())
                return;
        }
    }
    m_working.push_back(order);
}

void SimulatedBroker::cancel(OrderId id, Timestamp now, std::string_view reason)
{
    for (Order &order : m_working) {
        if (order.id == id && order.isOpen()) {
            cancelWorking(order, now, reason);
            removeClosed();
            return;
        }
    }
    Order unknown;
    unknown.id = id;
    publish(EventType::OrderCancelRejected, unknown, now, "the order no longer works at the venue");
}

void SimulatedBroker::replace(OrderId old, const Order &replacement, Timestamp now)
{
    for (Order &order : m_working) {
        if (order.id == old && order.isOpen()) {
            order.status = OrderStatus::Replaced;
            publish(EventType::OrderReplaced, order, now, {}, replacement.id);
            removeClosed();
            submit(replacement, now);
            return;
        }
    }
    Order unknown;
    unknown.id = old;
    publish(EventType::OrderReplaceRejected, unknown, now, "the order no longer works at the venue");
    Order refused = replacement;
    refused.status = OrderStatus::Rejected;
    publish(EventType::OrderRejected, refused, now,
            "order " + std::to_string(old.value()) + " it replaces no longer works at the venue",
            old);
}

Quantity SimulatedBroker::volumeCap(const BarData &bar) const
{
    const double cap = std::floor(bar.volume.toDouble() * m_config.maxParticipation);
    return Quantity::fromUnits(static_cast<std::int64_t>(std::max(cap, 0.0)));
}

void SimulatedBroker::onMarketData(const Event &event)
{
    if (event.type == EventType::Quote) {
        onQuote(event.timestamp, std::get<QuoteData>(event.data));
        return;
    }
    if (event.type == EventType::Trade) {
        onTrade(event.timestamp, std::get<TradeData>(event.data));
        return;
    }
    if (event.type != EventType::Bar)
        return;
    const BarData &bar = event.bar();
    const std::size_t index = bar.instrument.value();
    if (index >= m_lastBars.size())
        m_lastBars.resize(index + 1);

    m_decisions.clear();
    for (std::size_t i = 0; i < m_working.size(); ++i) {
        Order &order = m_working[i];
        if (order.instrument == bar.instrument && order.isOpen() && order.arrivesAt < event.timestamp)
            evaluate(order, i, event.timestamp, bar);
    }
    // One-cancels-other: when both exits would execute on this bar, the one the path reaches
    // first does.
    for (Decision &decision : m_decisions) {
        const OrderId sibling = m_working[decision.index].sibling;
        if (!sibling.isValid())
            continue;
        for (const Decision &other : m_decisions) {
            if (m_working[other.index].id == sibling && other.pathStep < decision.pathStep)
                decision.lost = true;
        }
    }
    const Quantity cap = m_config.maxParticipation > 0.0 ? volumeCap(bar) : Quantity();
    const MarketImpactInputs impact = impactInputs(index);
    for (const Decision &decision : m_decisions) {
        Order &order = m_working[decision.index];
        if (decision.lost || !order.isOpen())
            continue;
        Quantity quantity = order.leavesQuantity();
        if (m_config.maxParticipation > 0.0 && cap < quantity) {
            if (order.timeInForce == TimeInForce::Fok) {
                cancelWorking(order, event.timestamp,
                              "fok: the bar allows " + cap.toString() + " of " + quantity.toString());
                continue;
            }
            quantity = cap;
        }
        if (quantity.isPositive()) {
            Price price = m_config.slippage.apply(decision.price, order.side, quantity, bar.volume, impact);
            if (decision.limitCapped)
                price = order.side == Side::Buy ? std::min(price, order.limitPrice)
                                                : std::max(price, order.limitPrice);
            fill(order, event.timestamp, price, quantity);
        }
        if (order.isOpen() && (order.timeInForce == TimeInForce::Ioc))
            cancelWorking(order, event.timestamp, "ioc: the remainder is canceled");
        else if (order.isOpen() && (order.timeInForce == TimeInForce::Opg || order.timeInForce == TimeInForce::Cls))
            cancelWorking(order, event.timestamp,
                          std::string(toString(order.timeInForce)).append(": the remainder is canceled"));
        cancelSibling(order, event.timestamp);
    }
    if (m_config.slippage.kind == SlippageModel::Kind::MarketImpact)
        updateStats(index, bar); // after the fills: a fill never sees its own bar's statistics
    m_lastBars[index] = LastBar{event.timestamp, bar};
    expireDayOrders(event.timestamp);
    if (!m_working.empty())
        removeClosed();
}

void SimulatedBroker::cancelSibling(const Order &order, Timestamp time)
{
    if (!order.sibling.isValid() || !order.filledQuantity.isPositive())
        return;
    for (Order &other : m_working) {
        if (other.id == order.sibling && other.isOpen())
            cancelWorking(other, time, "oco: order " + std::to_string(order.id.value()) + " executed");
    }
}

void SimulatedBroker::onQuote(Timestamp time, const QuoteData &quote)
{
    const std::size_t index = quote.instrument.value();
    if (index >= m_quotes.size())
        m_quotes.resize(index + 1);
    QuoteData &book = m_quotes[index];
    book.instrument = quote.instrument;
    if (quote.bid.isPositive()) {
        book.bid = quote.bid;
        book.bidSize = quote.bidSize;
    }
    if (quote.ask.isPositive()) {
        book.ask = quote.ask;
        book.askSize = quote.askSize;
    }
    for (Order &order : m_working) {
        const TimeInForce tif = order.timeInForce;
        if (order.instrument != quote.instrument || !order.isOpen() || order.arrivesAt >= time
            || tif == TimeInForce::Opg || tif == TimeInForce::Cls
            || (order.session && time <= order.sessionOpen))
            continue;
        const bool buy = order.side == Side::Buy;
        const Price touch = buy ? book.ask : book.bid;           // what the order can take
        const Quantity available = buy ? book.askSize : book.bidSize;
        if (!touch.isPositive())
            continue;
        if (m_config.queuePosition && worksAsLimit(order) && !order.queueKnown) {
            const Price best = buy ? book.bid : book.ask; // the side the order rests on
            const bool better = buy ? order.limitPrice > best : order.limitPrice < best;
            if (order.limitPrice == best || better) {
                order.queueKnown = true;
                order.queueAhead = order.limitPrice == best ? (buy ? book.bidSize : book.askSize) : Quantity();
            }
        }
        bool executes = false;
        if (order.type == OrderType::TrailingStop) {
            const Price reference = buy ? book.ask : book.bid;
            if (order.waterMark.isZero() || (buy ? reference < order.waterMark : reference > order.waterMark))
                ratchet(order, reference);
        }
        if (isTriggerType(order) && (buy ? touch >= order.stopPrice : touch <= order.stopPrice)) {
            if (order.type == OrderType::StopLimit)
                order.triggered = true;
            else
                executes = true;
        }
        if (worksAsLimit(order) && (buy ? touch <= order.limitPrice : touch >= order.limitPrice))
            executes = true;
        if (order.type == OrderType::Market)
            executes = true;
        if (executes)
            executeTick(order, time, touch, available);
        else if (tif == TimeInForce::Ioc || tif == TimeInForce::Fok)
            cancelWorking(order, time, std::string(toString(tif)).append(": nothing executable at the quote"));
    }
    expireDayOrders(time);
    if (!m_working.empty())
        removeClosed();
}

void SimulatedBroker::onTrade(Timestamp time, const TradeData &trade)
{
    for (Order &order : m_working) {
        if (order.instrument != trade.instrument || !order.isOpen() || order.arrivesAt >= time
            || !worksAsLimit(order) || (order.session && time <= order.sessionOpen)
            || order.timeInForce == TimeInForce::Opg || order.timeInForce == TimeInForce::Cls)
            continue;
        const bool buy = order.side == Side::Buy;
        if (buy ? trade.price < order.limitPrice : trade.price > order.limitPrice) {
            executeTick(order, time, order.limitPrice, trade.size); // printed through the limit
            continue;
        }
        if (trade.price != order.limitPrice || !m_config.queuePosition || !order.queueKnown)
            continue;
        // A trade at the limit uses up the size ahead first.
        if (trade.size <= order.queueAhead) {
            order.queueAhead -= trade.size;
            continue;
        }
        const Quantity reaching = trade.size - order.queueAhead;
        order.queueAhead = Quantity();
        executeTick(order, time, order.limitPrice, reaching);
    }
    expireDayOrders(time);
    if (!m_working.empty())
        removeClosed();
}

void SimulatedBroker::executeTick(Order &order, Timestamp time, Price price, Quantity available)
{
    Quantity quantity = order.leavesQuantity();
    if (available.isPositive() && available < quantity) {
        if (order.timeInForce == TimeInForce::Fok) {
            cancelWorking(order, time, "fok: the quote offers " + available.toString() + " of " + quantity.toString());
            return;
        }
        quantity = available;
    }
    fill(order, time, price, quantity);
    if (order.isOpen() && order.timeInForce == TimeInForce::Ioc)
        cancelWorking(order, time, "ioc: the remainder is canceled");
    cancelSibling(order, time);
}

void SimulatedBroker::evaluate(Order &order, std::size_t index, Timestamp time, const BarData &bar)
{
    const bool buy = order.side == Side::Buy;
    const TimeInForce tif = order.timeInForce;
    if (order.session && time <= order.sessionOpen)
        return; // waits for its session
    PathFill where;
    if (tif == TimeInForce::Opg || tif == TimeInForce::Cls) {
        if (tif == TimeInForce::Cls && time < order.sessionClose)
            return; // waits for the closing bar
        const Price auction = tif == TimeInForce::Opg ? bar.open : bar.close;
        const bool marketable = order.type == OrderType::Market
                                || (buy ? auction <= order.limitPrice : auction >= order.limitPrice);
        if (marketable)
            where = {true, auction, tif == TimeInForce::Opg ? 0 : 3};
    } else {
        const bool highFirst = m_config.path == IntrabarPath::OpenHighLowClose;
        const Price points[4] = {bar.open, highFirst ? bar.high : bar.low,
                                 highFirst ? bar.low : bar.high, bar.close};
        if (order.type == OrderType::Market && m_config.fillAt == FillTiming::Close)
            where = {true, bar.close, 3};
        else
            where = walk(order, points);
    }
    if (where.fills) {
        m_decisions.push_back(Decision{index, where.price, where.step, worksAsLimit(order)});
        return;
    }
    if (tif == TimeInForce::Ioc || tif == TimeInForce::Fok)
        cancelWorking(order, time, std::string(toString(tif)).append(": nothing executable on the first bar"));
    else if (tif == TimeInForce::Opg)
        cancelWorking(order, time, "opg: not executable at the open of " + order.session->toString());
    else if (tif == TimeInForce::Cls)
        cancelWorking(order, time, "cls: not executable at the close of " + order.session->toString());
}

void SimulatedBroker::fill(Order &order, Timestamp time, Price price, Quantity quantity)
{
    const Money before = m_config.commission.orderCommission(order.side, order.filledQuantity,
                                                             order.filledNotional);
    order.filledQuantity += quantity;
    order.filledNotional += price * quantity;
    const Money commission = m_config.commission.orderCommission(order.side, order.filledQuantity,
                                                                 order.filledNotional)
                             - before;
    order.commission += commission;
    const bool complete = order.leavesQuantity().isZero();
    order.status = complete ? OrderStatus::Filled : OrderStatus::PartiallyFilled;

    OrderEventData data = eventDataFor(order);
    data.fillId = FillId(m_nextFillId++);
    data.lastQuantity = quantity;
    data.lastPrice = price;
    data.commission = commission;
    m_sink.onOrderEvent(Event::makeOrder(
        time, complete ? EventType::OrderFilled : EventType::OrderPartiallyFilled, data));
}

void SimulatedBroker::cancelWorking(Order &order, Timestamp time, std::string_view reason)
{
    order.status = OrderStatus::Canceled;
    publish(EventType::OrderCancelled, order, time, reason);
}

void SimulatedBroker::publish(EventType type, const Order &order, Timestamp time,
                              std::string_view reason, OrderId linked)
{
    OrderEventData data = eventDataFor(order);
    data.reason = ShortText(reason);
    data.linkedOrder = linked;
    if (type == EventType::OrderAccepted)
        data.venueTime = order.arrivesAt;
    m_sink.onOrderEvent(Event::makeOrder(time, type, data));
}

void SimulatedBroker::expireDayOrders(Timestamp now)
{
    for (Order &order : m_working) {
        if (order.isOpen() && order.timeInForce == TimeInForce::Day && order.session
            && now >= order.sessionClose) {
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

void SimulatedBroker::updateStats(std::size_t instrument, const BarData &bar)
{
    if (instrument >= m_stats.size())
        m_stats.resize(instrument + 1);
    Stats &stats = m_stats[instrument];
    const auto window = static_cast<std::size_t>(std::max(m_config.slippage.impactWindow, 2));
    if (stats.returns.empty()) {
        stats.returns.assign(window, 0.0);
        stats.volumes.assign(window, 0.0);
    }
    // A return needs the previous close: the first bar only starts the series.
    const Price previous = m_lastBars[instrument].bar.close;
    if (!stats.started) {
        stats.started = true;
        return;
    }
    const std::size_t slot = stats.next;
    stats.returns[slot] = previous.isPositive() ? bar.close.toDouble() / previous.toDouble() - 1.0 : 0.0;
    stats.volumes[slot] = bar.volume.toDouble();
    stats.next = (slot + 1) % window;
    stats.count = std::min(stats.count + 1, window);
}

MarketImpactInputs SimulatedBroker::impactInputs(std::size_t instrument) const
{
    if (m_config.slippage.kind != SlippageModel::Kind::MarketImpact || instrument >= m_stats.size())
        return {};
    const Stats &stats = m_stats[instrument];
    if (stats.count < 2)
        return {};
    double volumeSum = 0.0;
    double returnSum = 0.0;
    for (std::size_t i = 0; i < stats.count; ++i) {
        volumeSum += stats.volumes[i];
        returnSum += stats.returns[i];
    }
    const auto n = static_cast<double>(stats.count);
    const double mean = returnSum / n;
    double squares = 0.0;
    for (std::size_t i = 0; i < stats.count; ++i)
        squares += (stats.returns[i] - mean) * (stats.returns[i] - mean);
    return MarketImpactInputs{std::sqrt(squares / (n - 1.0)), volumeSum / n};
}

} // namespace meridian::engine
