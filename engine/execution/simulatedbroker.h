#pragma once

// SimulatedBroker: the venue of backtests (and of paper mode with simulated execution). Fills are
// honest: an order never fills on prices stamped at or before the instant it reached the venue
// (decision time + latency). docs/execution.md states every rule with a worked example:
//
// - Each bar is walked along one intrabar path, open → high → low → close (ohlc, the default)
//   or open → low → high → close (olhc). The path decides which of two exits of a bracket fills
//   first and how far a trailing stop ratchets before it triggers.
// - market: the open of the first bar after arrival (fill_at close: the close of the deciding
//   bar, for comparison with close-to-close references, only without latency).
// - limit buy: at the open when the bar opens at or below the limit (price improvement), else at
//   the limit when the path trades down to it; sell mirrored. Never worse than the limit, also
//   after slippage.
// - stop buy: at the open when the bar opens at or above the stop (a gap fills at the worse
//   open), else at the stop when the path trades up through it; sell mirrored.
// - stop_limit: triggers as a stop, then works as a limit (on the same bar from the trigger on).
// - trailing_stop: a stop trail_price (or trail_percent) behind the best price seen since the
//   order reached the venue, updated along the path.
// - volume: with max_participation p a bar fills at most floor(p × bar volume) whole units; the
//   rest keeps working (partially_filled) on later bars. ioc fills what the first bar allows and
//   cancels the rest, fok fills everything on the first bar or nothing (canceled).
// - opg: only the open of the first bar of the next session; cls: only the close of the session's
//   closing bar; what does not fill there is canceled.
// - day orders work in one session and expire at its close (early closes included).
// - bracket / oco exits: when one exit fills, the other is canceled.
// - quotes and trades (tick data): market orders take the opposite side of the quote up to its
//   size; limits fill at the opposite quote once it crosses the limit, or at the limit when a
//   trade prints through it; with queue_position a resting limit at the best bid (ask) also
//   fills once trades at its price have used up the size that was ahead of it. Stops trigger
//   on the quote. A one-sided quote (the other side 0) leaves the other side unchanged.

#include "engine/core/nysecalendar.h"
#include "engine/execution/brokeradapter.h"
#include "engine/execution/costmodels.h"

#include <random>
#include <vector>

namespace meridian::engine {

enum class FillTiming { NextOpen, Close };
enum class IntrabarPath { OpenHighLowClose, OpenLowHighClose };

struct SimulatedBrokerConfig
{
    FillTiming fillAt = FillTiming::NextOpen;
    SlippageModel slippage;
    CommissionModel commission;
    IntrabarPath path = IntrabarPath::OpenHighLowClose;
    double maxParticipation = 0.0; // of a bar's volume per fill; 0 = no cap
    double latencyMeanMs = 0.0;
    double latencyStdMs = 0.0;
    std::uint64_t seed = 42;
    bool queuePosition = false; // tick data: resting limits fill on trades at their price
};

class SimulatedBroker final : public BrokerAdapter
{
public:
    SimulatedBroker(OrderEventSink &sink, const NyseCalendar &calendar, SimulatedBrokerConfig config);

    void submit(const Order &order, Timestamp now) override;
    void cancel(OrderId order, Timestamp now, std::string_view reason) override;
    void replace(OrderId old, const Order &replacement, Timestamp now) override;
    void onMarketData(const Event &event) override;

    std::size_t workingOrderCount() const { return m_working.size(); }
    // The next latency draw (nanoseconds): ≥ 0, from the seeded generator.
    Duration drawLatency();

private:
    struct LastBar
    {
        Timestamp time = Timestamp::min();
        BarData bar;
    };
    struct Stats
    {
        std::vector<double> returns; // ring of close-to-close returns
        std::vector<double> volumes; // ring of bar volumes
        std::size_t next = 0;
        std::size_t count = 0;
        bool started = false;
    };
    struct Decision
    {
        std::size_t index = 0; // into m_working
        Price price;
        int pathStep = 0;      // 0 open, 1 and 2 the extremes, 3 close
        bool limitCapped = false;
        bool lost = false; // its one-cancels-other sibling executes earlier on the bar
    };

    void evaluate(Order &order, std::size_t index, Timestamp time, const BarData &bar);
    void onQuote(Timestamp time, const QuoteData &quote);
    void onTrade(Timestamp time, const TradeData &trade);
    // A tick fill: at most `available` (0 = no limit), then ioc/fok and one-cancels-other.
    void executeTick(Order &order, Timestamp time, Price price, Quantity available);
    void cancelSibling(const Order &order, Timestamp time);
    void fill(Order &order, Timestamp time, Price price, Quantity quantity);
    void cancelWorking(Order &order, Timestamp time, std::string_view reason);
    void publish(EventType type, const Order &order, Timestamp time, std::string_view reason,
                 OrderId linked = OrderId());
    void expireDayOrders(Timestamp now);
    void removeClosed();
    void updateStats(std::size_t instrument, const BarData &bar);
    MarketImpactInputs impactInputs(std::size_t instrument) const;
    Quantity volumeCap(const BarData &bar) const;
    void setSession(Order &order, Timestamp arrival) const;

    OrderEventSink &m_sink;
    const NyseCalendar &m_calendar;
    SimulatedBrokerConfig m_config;
    std::vector<Order> m_working;
    std::vector<Decision> m_decisions;
    std::vector<LastBar> m_lastBars; // indexed by InstrumentId value
    std::vector<Stats> m_stats;      // indexed by InstrumentId value (market_impact only)
    std::vector<QuoteData> m_quotes; // the last bid and ask, indexed by InstrumentId value
    std::uint64_t m_nextFillId = 1;
    std::mt19937_64 m_random;
    std::normal_distribution<double> m_latency;
};

} // namespace meridian::engine
