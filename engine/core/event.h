#pragma once

// Every input to the engine is an Event: market data, order updates from the execution side,
// timers and control commands. An Event is a flat, trivially copyable record (no allocation),
// ordered in the EventQueue by (timestamp, class, sequence) — see eventqueue.h.

#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/ordertypes.h"
#include "engine/core/timestamp.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <variant>

namespace meridian::engine {

enum class EventType : std::uint8_t {
    Bar,
    Trade,
    Quote,
    OrderAccepted,
    OrderRejected,
    OrderPartiallyFilled,
    OrderFilled,
    OrderCancelled,
    OrderExpired,
    Timer,
    Control,
    // Later additions of the order lifecycle (docs/execution.md has the transition table).
    OrderPendingNew,
    OrderPendingCancel,
    OrderPendingReplace,
    OrderReplaced,
    OrderDoneForDay,
    OrderCancelRejected,
    OrderReplaceRejected,
    // A loss limit or kill switch tripped (RiskAlertData). A control-class event, so that it
    // reaches the recorder in order with what the engine did about it.
    RiskAlert,
    // A feature's recent distribution drifted from its reference one (FeatureDriftData); also
    // control class, reported in order with the bar that completed the check.
    FeatureDrift,
};

// At equal timestamps events are processed in this order; see EventQueue.
enum class EventClass : std::uint8_t { Control = 0, Order = 1, Timer = 2, MarketData = 3 };

constexpr EventClass classOf(EventType type)
{
    switch (type) {
    case EventType::Control:
    case EventType::RiskAlert:
    case EventType::FeatureDrift:
        return EventClass::Control;
    case EventType::Timer:
        return EventClass::Timer;
    case EventType::Bar:
    case EventType::Trade:
    case EventType::Quote:
        return EventClass::MarketData;
    default:
        return EventClass::Order;
    }
}

std::string_view toString(EventType type);

// A completed bar, stamped at its end: a daily bar at the 16:00 New York session close, a
// minute bar starting 09:30 at 09:31.
struct BarData
{
    InstrumentId instrument;
    Price open;
    Price high;
    Price low;
    Price close;
    Quantity volume;
};

struct TradeData
{
    InstrumentId instrument;
    Price price;
    Quantity size;
};

struct QuoteData
{
    InstrumentId instrument;
    Price bid;
    Price ask;
    Quantity bidSize;
    Quantity askSize;
};

// A short, inline, NUL-padded text (rejection reasons) so that events stay allocation-free.
class ShortText
{
public:
    static constexpr std::size_t capacity = 95;
    ShortText() = default;
    explicit ShortText(std::string_view text);
    std::string_view view() const { return std::string_view(m_chars.data()); }

private:
    std::array<char, capacity + 1> m_chars{};
};

// One order event: the type says which (accepted, rejected, partially filled, filled,
// cancelled, expired). For fills, lastQuantity/lastPrice describe this execution and
// filledQuantity the cumulative total.
struct OrderEventData
{
    OrderId orderId;
    StrategyId strategy;
    InstrumentId instrument;
    Side side = Side::Buy;
    FillId fillId;
    Quantity lastQuantity;
    Price lastPrice;
    Quantity filledQuantity;
    Quantity leavesQuantity;
    Money commission;
    ShortText reason; // rejections, cancellations, expiries
    // replaced: the replacement order's id; on the replacement's own events, the order it
    // replaces. Bracket/oco legs: the other exit.
    OrderId linkedOrder;
    // Accepted events: when the order reaches the venue (the decision + simulated latency).
    Timestamp venueTime;
};

struct TimerData
{
    std::uint64_t timerId = 0;
    StrategyId strategy;
};

enum class ControlCommand : std::uint8_t { Pause, Resume, Flatten, Kill, Stop };
std::string_view toString(ControlCommand command);

struct ControlData
{
    ControlCommand command = ControlCommand::Stop;
    StrategyId strategy; // invalid (0) = every strategy
};

// Which risk limit tripped.
enum class RiskLimit : std::uint8_t { MaxDailyLoss, MaxDrawdown, AccountMaxDailyLoss, AccountMaxDrawdown };
std::string_view toString(RiskLimit limit); // "max_daily_loss", ..., as in the YAML

// A strategy (or, for the Account limits, every strategy) was paused or halted by a risk limit;
// its orders are being cancelled, and its positions closed when `flattened`. The run's alerts
// keep the full text; `message` holds as much of it as fits.
struct RiskAlertData
{
    RiskLimit limit = RiskLimit::MaxDailyLoss;
    StrategyId strategy; // invalid (0) = the whole account
    Money equity;        // the equity that breached the limit (the account's: Σ of strategies)
    bool flattened = false;
    ShortText message;
};

// Which drift statistic crossed its threshold (docs/features.md defines both).
enum class DriftStatistic : std::uint8_t { Psi, Ks };
std::string_view toString(DriftStatistic statistic); // "psi" | "ks"

// Drift monitoring (features.drift) found a strategy's feature on one instrument drifted: the
// first statistic over its threshold (PSI before KS), with both values. `feature` is the
// feature's version string, as much of it as fits.
struct FeatureDriftData
{
    StrategyId strategy;
    InstrumentId instrument;
    DriftStatistic statistic = DriftStatistic::Psi;
    double value = 0;     // of `statistic`
    double threshold = 0; // of `statistic`
    double psi = 0;
    double ks = 0;
    ShortText feature;
};

struct Event
{
    Timestamp timestamp;
    std::uint64_t sequence = 0; // assigned by the EventQueue
    EventType type = EventType::Bar;
    std::variant<BarData, TradeData, QuoteData, OrderEventData, TimerData, ControlData,
                 RiskAlertData, FeatureDriftData>
        data;

    EventClass eventClass() const { return classOf(type); }
    const BarData &bar() const { return std::get<BarData>(data); }
    const OrderEventData &order() const { return std::get<OrderEventData>(data); }
    const ControlData &control() const { return std::get<ControlData>(data); }
    const RiskAlertData &riskAlert() const { return std::get<RiskAlertData>(data); }
    const FeatureDriftData &featureDrift() const { return std::get<FeatureDriftData>(data); }

    static Event makeBar(Timestamp t, const BarData &bar) { return Event{t, 0, EventType::Bar, bar}; }
    static Event makeOrder(Timestamp t, EventType type, const OrderEventData &order)
    {
        return Event{t, 0, type, order};
    }
    static Event makeControl(Timestamp t, ControlCommand command, StrategyId strategy = {})
    {
        return Event{t, 0, EventType::Control, ControlData{command, strategy}};
    }
    static Event makeRiskAlert(Timestamp t, const RiskAlertData &alert)
    {
        return Event{t, 0, EventType::RiskAlert, alert};
    }
    static Event makeFeatureDrift(Timestamp t, const FeatureDriftData &drift)
    {
        return Event{t, 0, EventType::FeatureDrift, drift};
    }
};

static_assert(std::is_trivially_copyable_v<Event>, "events must be flat records");

} // namespace meridian::engine
