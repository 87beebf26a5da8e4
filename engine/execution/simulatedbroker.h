#pragma once

// SimulatedBroker: the venue of backtests (and of paper mode with simulated execution). Fills are
// honest: an order never fills on prices stamped at or before the instant it was submitted.
//
// Rules (bars; docs/execution.md has a worked example of each):
// - market, fill_at next_open (default): the open of the instrument's next bar.
// - market, fill_at close: the close of the bar stamped at the decision instant (explicitly
//   configured for comparison with close-to-close references); if the instrument has no bar at
//   that instant, the close of its next bar.
// - limit buy: on a later bar whose low ≤ limit, at min(open, limit) — the open when the bar
//   opens through the limit (price improvement); limit sell mirrored with high ≥ limit.
// - stop buy: on a later bar whose high ≥ stop, at max(open, stop) — a gap fills at the worse
//   open; stop sell mirrored with low ≤ stop.
// - slippage moves market and stop fills against the trader; a limit fill never gets a price
//   worse than its limit.
// - day orders work in one session (the current one if submitted before its close, else the
//   next) and expire at its close; they fill only on bars ending after that session's open.

#include "engine/core/nysecalendar.h"
#include "engine/execution/brokeradapter.h"
#include "engine/execution/costmodels.h"

#include <vector>

namespace meridian::engine {

enum class FillTiming { NextOpen, Close };

struct SimulatedBrokerConfig
{
    FillTiming fillAt = FillTiming::NextOpen;
    SlippageModel slippage;
    CommissionModel commission;
};

class SimulatedBroker final : public BrokerAdapter
{
public:
    SimulatedBroker(OrderEventSink &sink, const NyseCalendar &calendar, SimulatedBrokerConfig config);

    void submit(const Order &order, Timestamp now) override;
    void cancel(OrderId order, Timestamp now, std::string_view reason) override;
    void onMarketData(const Event &event) override;

    std::size_t workingOrderCount() const { return m_working.size(); }

private:
    struct LastBar
    {
        Timestamp time = Timestamp::min();
        BarData bar;
    };

    bool tryFill(Order &order, Timestamp time, const BarData &bar);
    void fill(Order &order, Timestamp time, Price price, Quantity barVolume);
    void publish(EventType type, const Order &order, Timestamp time, std::string_view reason);
    void expireDayOrders(Timestamp now);
    void removeClosed();

    OrderEventSink &m_sink;
    const NyseCalendar &m_calendar;
    SimulatedBrokerConfig m_config;
    std::vector<Order> m_working;
    std::vector<LastBar> m_lastBars; // indexed by InstrumentId value
    std::uint64_t m_nextFillId = 1;
};

} // namespace meridian::engine
