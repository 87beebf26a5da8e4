// The order lifecycle under random commands (RapidCheck, stateful): the SimulatedBroker is the
// system under test, driven the way the engine drives it (pending_cancel / pending_replace
// before a cancel or replace request), with every order of every type, side and time in force,
// one-cancels-other pairs, random bars, quotes (one- and two-sided) and trade prints, an optional
// volume cap and queue model. The model holds what was
// ordered; the book applies every event through applyOrderEvent. After every command:
//   - no event is an illegal transition (applyOrderEvent never refuses one);
//   - no order's filled quantity exceeds its quantity, and its fills sum exactly to it;
//   - every fill lies inside its bar's [low, high] (on a two-sided quote: inside [bid, ask]);
//     a limit fill is never worse than the limit;
//   - the portfolio invariant equity == cash + Σ position value holds exactly after each fill;
//   - the two exits of a pair never both execute.
// At the end every order is cancelled unless final, and then every order is final (none left
// in an unknown or working state).

#include "engine/execution/simulatedbroker.h"
#include "engine/portfolio/portfolio.h"

#include <QtTest>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <map>
#include <ostream>

using namespace meridian::engine;

namespace {

constexpr InstrumentId kInstrument{1};

struct Model
{
    std::uint64_t nextId = 1;
    std::map<std::uint64_t, Quantity> ordered; // every order ever sent, by id
    int bars = 0;
};

class Sink final : public OrderEventSink
{
public:
    void onOrderEvent(const Event &event) override { pending.push_back(event); }
    std::vector<Event> pending;
};

struct Venue
{
    explicit Venue(SimulatedBrokerConfig config)
        : broker(sink, calendar, config)
    {}
    NyseCalendar calendar;
    Sink sink;
    SimulatedBroker broker;
    std::map<std::uint64_t, Order> book;
    std::map<std::uint64_t, Quantity> fillSums;
    Portfolio portfolio{Money::fromUnits(1'000'000)};
    Date day{2021, 3, 1};
    Timestamp now = dailyBarTimestamp(Date{2021, 3, 1});
    BarData lastBar{};
    // Where a fill may lie: the bar's [low, high], or the quote's [bid, ask]; a trade print
    // fills at limits only (checked against the limit).
    Price low;
    Price high;
    int ticks = 0; // tick events since the last bar

    // A tick time: during the next session, before its closing bar.
    Timestamp nextTickTime()
    {
        return newYorkTime(calendar.nextSession(day), TimeOfDay::hms(10, 0, 0)) + Duration::seconds(++ticks);
    }

    // Applies every event the venue published, checking each against the properties.
    void drain()
    {
        for (const Event &event : sink.pending) {
            const OrderEventData &data = event.order();
            const auto found = book.find(data.orderId.value());
            RC_ASSERT(found != book.end());
            Order &order = found->second;
            const Result<void> applied = applyOrderEvent(order, event);
            RC_ASSERT(applied.has_value());
            const bool fill = event.type == EventType::OrderFilled
                              || event.type == EventType::OrderPartiallyFilled;
            if (!fill)
                continue;
            RC_ASSERT(data.lastPrice >= low && data.lastPrice <= high);
            if (order.type == OrderType::Limit) {
                const bool withinLimit = order.side == Side::Buy ? data.lastPrice <= order.limitPrice
                                                                 : data.lastPrice >= order.limitPrice;
                RC_ASSERT(withinLimit);
            }
            fillSums[order.id.value()] += data.lastQuantity;
            RC_ASSERT(fillSums[order.id.value()] == order.filledQuantity);
            RC_ASSERT(order.filledQuantity <= order.quantity);
            portfolio.applyFill(Fill{kInstrument, order.side, data.lastQuantity, data.lastPrice,
                                     data.commission, event.timestamp});
            portfolio.mark(kInstrument, lastBar.close);
            Money marketValue;
            for (const Position &position : portfolio.positions())
                marketValue += position.marketValue();
            RC_ASSERT(portfolio.equity() == portfolio.cash() + marketValue);
            if (order.sibling.isValid()) {
                const Order &other = book.at(order.sibling.value());
                const bool oneExecuted = other.filledQuantity.isZero() || order.filledQuantity.isZero();
                RC_ASSERT(oneExecuted);
            }
        }
        sink.pending.clear();
    }
};

using Command = rc::state::Command<Model, Venue>;

Price priceNear100()
{
    return Price::fromRaw(*rc::gen::inRange<std::int64_t>(90'00, 110'00) * 1'000'000); // cents
}

Order randomOrder(std::uint64_t id)
{
    Order order;
    order.id = OrderId(id);
    order.strategy = StrategyId(1);
    order.instrument = kInstrument;
    order.side = *rc::gen::element(Side::Buy, Side::Sell);
    order.type = *rc::gen::element(OrderType::Market, OrderType::Limit, OrderType::Stop,
                                   OrderType::StopLimit, OrderType::TrailingStop);
    order.timeInForce = *rc::gen::element(TimeInForce::Day, TimeInForce::Gtc, TimeInForce::Ioc,
                                          TimeInForce::Fok, TimeInForce::Opg, TimeInForce::Cls);
    if (order.type != OrderType::Market && order.type != OrderType::Limit)
        order.timeInForce = *rc::gen::element(TimeInForce::Day, TimeInForce::Gtc);
    order.quantity = Quantity::fromUnits(*rc::gen::inRange<std::int64_t>(1, 500));
    order.limitPrice = priceNear100();
    order.stopPrice = priceNear100();
    if (order.type == OrderType::TrailingStop) {
        if (*rc::gen::arbitrary<bool>())
            order.trailPrice = Price::fromUnits(*rc::gen::inRange<std::int64_t>(1, 5));
        else
            order.trailPercent = *rc::gen::inRange(1, 10);
    }
    return order;
}

struct Submit : Command
{
    Order order = randomOrder(0);
    void apply(Model &model) const override
    {
        model.ordered[model.nextId] = order.quantity;
        ++model.nextId;
    }
    void run(const Model &model, Venue &venue) const override
    {
        Order sent = order;
        sent.id = OrderId(model.nextId);
        venue.book[sent.id.value()] = sent;
        venue.broker.submit(sent, venue.now);
        venue.drain();
    }
    void show(std::ostream &os) const override
    {
        os << "Submit " << toString(order.side) << " " << toString(order.type) << " "
           << toString(order.timeInForce) << " " << order.quantity.toString() << " limit "
           << order.limitPrice.toString() << " stop " << order.stopPrice.toString();
    }
};

// Two exits of a long or short position, one cancels the other.
struct SubmitPair : Command
{
    Side side = *rc::gen::element(Side::Buy, Side::Sell);
    Quantity quantity = Quantity::fromUnits(*rc::gen::inRange<std::int64_t>(1, 500));
    std::int64_t offset = *rc::gen::inRange<std::int64_t>(1, 10);
    void apply(Model &model) const override
    {
        model.ordered[model.nextId] = quantity;
        model.ordered[model.nextId + 1] = quantity;
        model.nextId += 2;
    }
    void run(const Model &model, Venue &venue) const override
    {
        const bool sell = side == Side::Sell;
        Order takeProfit;
        takeProfit.id = OrderId(model.nextId);
        takeProfit.instrument = kInstrument;
        takeProfit.side = side;
        takeProfit.type = OrderType::Limit;
        takeProfit.timeInForce = TimeInForce::Gtc;
        takeProfit.quantity = quantity;
        takeProfit.limitPrice = Price::fromUnits(sell ? 100 + offset : 100 - offset);
        takeProfit.sibling = OrderId(model.nextId + 1);
        Order stopLoss = takeProfit;
        stopLoss.id = OrderId(model.nextId + 1);
        stopLoss.type = OrderType::Stop;
        stopLoss.stopPrice = Price::fromUnits(sell ? 100 - offset : 100 + offset);
        stopLoss.sibling = takeProfit.id;
        for (const Order &leg : {takeProfit, stopLoss}) {
            venue.book[leg.id.value()] = leg;
            venue.broker.submit(leg, venue.now);
        }
        venue.drain();
    }
    void show(std::ostream &os) const override { os << "SubmitPair " << toString(side) << " " << offset; }
};

struct NextBar : Command
{
    std::int64_t open = *rc::gen::inRange<std::int64_t>(85'00, 115'00);
    std::int64_t up = *rc::gen::inRange<std::int64_t>(0, 8'00);
    std::int64_t down = *rc::gen::inRange<std::int64_t>(0, 8'00);
    std::int64_t closeAt = *rc::gen::inRange<std::int64_t>(0, 101); // % of the way low → high
    std::int64_t volume = *rc::gen::inRange<std::int64_t>(100, 5000);
    void apply(Model &model) const override { ++model.bars; }
    void run(const Model &, Venue &venue) const override
    {
        const std::int64_t high = open + up;
        const std::int64_t low = std::max<std::int64_t>(open - down, 1);
        const std::int64_t close = low + (high - low) * closeAt / 100;
        venue.day = venue.calendar.nextSession(venue.day);
        venue.now = dailyBarTimestamp(venue.day);
        const auto cents = [](std::int64_t value) { return Price::fromRaw(value * 1'000'000); };
        venue.lastBar = BarData{kInstrument, cents(open), cents(high), cents(low), cents(close),
                                Quantity::fromUnits(volume)};
        venue.low = venue.lastBar.low;
        venue.high = venue.lastBar.high;
        venue.ticks = 0;
        venue.broker.onMarketData(Event::makeBar(venue.now, venue.lastBar));
        venue.drain();
    }
    void show(std::ostream &os) const override { os << "NextBar open " << open << " +" << up << " -" << down; }
};

struct NextQuote : Command
{
    std::int64_t bid = *rc::gen::inRange<std::int64_t>(85'00, 115'00);
    std::int64_t spread = *rc::gen::inRange<std::int64_t>(1, 20);
    std::int64_t bidSize = *rc::gen::inRange<std::int64_t>(0, 600);
    std::int64_t askSize = *rc::gen::inRange<std::int64_t>(0, 600);
    int sides = *rc::gen::inRange(0, 3); // 0 both, 1 bid only, 2 ask only
    void apply(Model &) const override {}
    void run(const Model &, Venue &venue) const override
    {
        const auto cents = [](std::int64_t value) { return Price::fromRaw(value * 1'000'000); };
        QuoteData quote{kInstrument, sides == 2 ? Price() : cents(bid), sides == 1 ? Price() : cents(bid + spread),
                        Quantity::fromUnits(bidSize), Quantity::fromUnits(askSize)};
        venue.now = venue.nextTickTime();
        // A one-sided quote keeps the other side: allow the whole range it can have moved in.
        venue.low = sides == 0 ? quote.bid : Price();
        venue.high = sides == 0 ? quote.ask : Price::fromUnits(1'000'000);
        venue.broker.onMarketData(Event{venue.now, 0, EventType::Quote, quote});
        venue.drain();
    }
    void show(std::ostream &os) const override { os << "NextQuote " << bid << " +" << spread << " sides " << sides; }
};

struct NextTrade : Command
{
    std::int64_t price = *rc::gen::inRange<std::int64_t>(85'00, 115'00);
    std::int64_t size = *rc::gen::inRange<std::int64_t>(1, 600);
    void apply(Model &) const override {}
    void run(const Model &, Venue &venue) const override
    {
        venue.now = venue.nextTickTime();
        venue.low = Price();
        venue.high = Price::fromUnits(1'000'000); // prints fill limits at their limit (checked)
        venue.broker.onMarketData(Event{venue.now, 0, EventType::Trade,
                                        TradeData{kInstrument, Price::fromRaw(price * 1'000'000), Quantity::fromUnits(size)}});
        venue.drain();
    }
    void show(std::ostream &os) const override { os << "NextTrade " << price << " x " << size; }
};

struct Cancel : Command
{
    std::uint64_t pick = *rc::gen::inRange<std::uint64_t>(0, 1'000'000);
    void checkPreconditions(const Model &model) const override { RC_PRE(!model.ordered.empty()); }
    void apply(Model &) const override {}
    void run(const Model &model, Venue &venue) const override
    {
        const std::uint64_t id = 1 + pick % (model.nextId - 1);
        Order &order = venue.book.at(id);
        if (order.status == OrderStatus::New || order.status == OrderStatus::PartiallyFilled) {
            OrderEventData data = eventDataFor(order);
            RC_ASSERT(applyOrderEvent(order, Event::makeOrder(venue.now, EventType::OrderPendingCancel, data))
                          .has_value());
        }
        venue.broker.cancel(OrderId(id), venue.now, "test"); // finished: order_cancel_rejected
        venue.drain();
    }
    void show(std::ostream &os) const override { os << "Cancel #" << pick; }
};

struct Replace : Command
{
    std::uint64_t pick = *rc::gen::inRange<std::uint64_t>(0, 1'000'000);
    Quantity quantity = Quantity::fromUnits(*rc::gen::inRange<std::int64_t>(1, 500));
    Price limit = priceNear100();
    void checkPreconditions(const Model &model) const override { RC_PRE(!model.ordered.empty()); }
    void apply(Model &model) const override
    {
        model.ordered[model.nextId] = quantity;
        ++model.nextId;
    }
    void run(const Model &model, Venue &venue) const override
    {
        const std::uint64_t id = 1 + pick % (model.nextId - 1);
        Order &old = venue.book.at(id);
        Order replacement = old;
        replacement.id = OrderId(model.nextId);
        replacement.status = OrderStatus::PendingNew;
        replacement.filledQuantity = Quantity();
        replacement.filledNotional = Money();
        replacement.commission = Money();
        replacement.quantity = quantity;
        replacement.limitPrice = limit;
        replacement.replaces = old.id;
        replacement.sibling = OrderId();
        venue.book[replacement.id.value()] = replacement;
        if (old.status == OrderStatus::New || old.status == OrderStatus::PartiallyFilled) {
            OrderEventData data = eventDataFor(old);
            RC_ASSERT(applyOrderEvent(old, Event::makeOrder(venue.now, EventType::OrderPendingReplace, data))
                          .has_value());
        }
        venue.broker.replace(OrderId(id), replacement, venue.now);
        venue.drain();
    }
    void show(std::ostream &os) const override { os << "Replace #" << pick << " " << quantity.toString(); }
};

} // namespace

class TestOrderLifecycleProperties : public QObject
{
    Q_OBJECT

private slots:
    void lifecycleInvariantsHoldUnderRandomCommands()
    {
        QVERIFY(rc::check("no illegal transition, exact fills within the bar, every order ends final", [] {
            SimulatedBrokerConfig config;
            config.maxParticipation = *rc::gen::element(0.0, 0.05, 0.5);
            config.queuePosition = *rc::gen::arbitrary<bool>();
            config.path = *rc::gen::element(IntrabarPath::OpenHighLowClose, IntrabarPath::OpenLowHighClose);
            Venue venue(config);
            Model model;
            rc::state::check(model, venue,
                             rc::state::gen::execOneOfWithArgs<Submit, SubmitPair, NextBar, NextBar, NextQuote,
                                                               NextTrade, Cancel, Replace>());
            // The end of the run: whatever still works is cancelled.
            for (auto &[id, order] : venue.book) {
                if (order.isOpen() && order.status != OrderStatus::PendingNew)
                    venue.broker.cancel(order.id, venue.now, "end of run");
            }
            venue.drain();
            for (const auto &[id, order] : venue.book) {
                // A replacement the venue never accepted stays pending_new only if it was never
                // sent; every one here was sent, so each order is final.
                RC_ASSERT(!order.isOpen());
                RC_ASSERT(order.filledQuantity <= order.quantity);
            }
            RC_ASSERT(venue.broker.workingOrderCount() == std::size_t(0));
            std::size_t partial = 0;
            for (const auto &[id, order] : venue.book)
                partial += order.status != OrderStatus::Filled && order.filledQuantity.isPositive();
            RC_CLASSIFY(!venue.fillSums.empty(), "with fills");
            RC_CLASSIFY(partial > 0, "with partially filled orders");
        }));
    }
};

QTEST_APPLESS_MAIN(TestOrderLifecycleProperties)
#include "tst_orderlifecycleproperties.moc"
