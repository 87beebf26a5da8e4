#pragma once

// TradingEngine: what happens to each event, the same in every mode (the EventLoop decides when).
//
// Per market event: the execution side sees it first (a simulated venue fills working orders at
// this bar's prices), those fills are applied, the bar is added to history and marks positions,
// then each running strategy trading the instrument gets onMarketEvent.
// At the end of each instant: each running strategy's generateOrders, the intents are sized,
// sells before buys, checked against pre-trade risk and handed to the broker; once the instant's
// fills are in, equity is recorded for every strategy.
// Per order event: the order's state, the owner's portfolio (fills) and onOrderUpdate.
// Control events: pause, resume, flatten, kill (cancel everything, flatten, disable), stop.
// A tripped loss limit or kill switch is kept as an Alert (for reports) and also goes through the
// event queue as a RiskAlert event, so that the recorder sees it in order. Feature drift
// (features.drift) likewise: an Alert and a FeatureDrift event.

#include "engine/config/engineconfig.h"
#include "engine/control/marketstate.h"
#include "engine/control/orderbook.h"
#include "engine/control/strategyrunner.h"
#include "engine/core/eventloop.h"
#include "engine/core/nysecalendar.h"
#include "engine/execution/brokeradapter.h"
#include "engine/execution/executionanalytics.h"
#include "engine/execution/order.h"
#include "engine/execution/pretraderisk.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace meridian::engine {

struct Alert
{
    enum class Severity { Info, Warning, Error };
    Timestamp time;
    Severity severity = Severity::Info;
    std::string source;
    std::string message;
};

// A feature of a strategy drifted on one symbol (features.drift): the first statistic over its
// threshold, PSI before KS.
struct FeatureDriftRecord
{
    Timestamp time;
    std::string strategy; // instance name
    std::string feature;  // version string
    std::string symbol;
    DriftStatistic statistic = DriftStatistic::Psi;
    double value = 0;
    double threshold = 0;
    double psi = 0;
    double ks = 0;
};

struct FillRecord
{
    FillId id;
    OrderId order;
    StrategyId strategy;
    InstrumentId instrument;
    Side side = Side::Buy;
    Quantity quantity;
    Price price;
    Money commission;
    Timestamp time;
};

// Limits over every strategy of the run together (the account).
// The account's limits over every strategy of the run (the `account_risk_limits` YAML).
using AccountLimits = AccountRiskConfig;

class TradingEngine;

// Watches a run from its own thread at the end of each instant, once the instant's fills and
// equity are in (the workstation's live progress). It may block there to pause or step the run;
// the engine neither allocates nor locks for it.
class InstantObserver
{
public:
    virtual ~InstantObserver() = default;
    // Before the first event: the span of the data the run will read, when it is known (a store
    // source; not for an in-memory source).
    virtual void onRunStart(Timestamp /*first*/, Timestamp /*last*/) {}
    virtual void onInstantEnd(Timestamp time, const TradingEngine &engine) = 0;
};

class TradingEngine final : public EventHandler, public OrderEventSink
{
public:
    // With retainOrderLog, every order and fill of the run stays available (orders(), fills());
    // without it only working orders are kept and fills are counted, so memory does not grow
    // with the length of the run.
    TradingEngine(const InstrumentTable &instruments, const NyseCalendar &calendar, const Clock &clock,
                  bool retainOrderLog = true);

    StrategyId addStrategy(StrategySetup setup);
    void setBroker(BrokerAdapter &broker) { m_broker = &broker; }
    void setAccountLimits(const AccountLimits &limits) { m_accountLimits = limits; }
    void attach(EventLoop &loop) { m_loop = &loop; }
    void setInstantObserver(InstantObserver *observer) { m_observer = observer; }

    // onStart for every strategy (a throw faults that strategy only).
    void start();
    // onStop for every strategy still able to run.
    void finish();
    // The data has ended: every order still working (held bracket exits included) is cancelled
    // through the venue with reason "end of run", so that once the loop has processed those
    // events every order of the run is in a terminal state.
    void cancelAtEndOfRun(Timestamp time);

    void handle(const Event &event) override;
    void onInstantEnd(Timestamp time) override;
    void onOrderEvent(const Event &event) override;

    const std::vector<std::unique_ptr<StrategyRunner>> &strategies() const { return m_runners; }
    OrderBook &orders() { return m_orders; }
    const OrderBook &orders() const { return m_orders; }
    std::vector<FillRecord> takeFills() { return std::move(m_fills); }
    // The fills so far (only when the order log is retained).
    const std::vector<FillRecord> &fills() const { return m_fills; }
    std::uint64_t ordersSubmitted() const { return m_orders.submitted(); }
    std::uint64_t ordersRejected() const { return m_rejected; }
    // Execution analytics over every order that reached a final state (rejections by reason
    // code, fill rate, slippage, latency, commission).
    ExecutionSummary executionSummary() const { return m_analytics.summary(); }
    // Order events refused by the transition table (reported as alerts, never applied).
    std::uint64_t illegalTransitions() const { return m_illegalTransitions; }
    std::uint64_t fillCount() const { return m_fillCount; }
    const std::vector<Alert> &alerts() const { return m_alerts; }
    const std::vector<FeatureDriftRecord> &featureDrift() const { return m_featureDrift; }
    const MarketState &market() const { return m_market; }
    std::uint64_t barsProcessed() const { return m_barsProcessed; }

private:
    void onBar(const Event &event);
    void onOrderUpdate(const Event &event);
    void onControl(const Event &event);
    void decide(Timestamp time);
    struct PreparedOrder
    {
        Order order;
        std::string rejectCode;
        std::string rejectReason;
        Price takeProfitLimit; // bracket / oto / oco exits
        Price stopLossStop;
        Price stopLossLimit;
    };
    void prepareOrder(StrategyRunner &runner, const OrderIntent &intent, Timestamp time);
    // The signed quantity a target position still needs; cancels the strategy's working orders
    // on the instrument that would not get there (docs/strategy-guide.md, "Sizing").
    Quantity missingForTarget(StrategyRunner &runner, InstrumentId instrument, Quantity target,
                              Timestamp time);
    void sendOrder(StrategyRunner &runner, PreparedOrder &prepared, Timestamp time);
    void reject(StrategyRunner &runner, Order order, Timestamp time, const std::string &code,
                const std::string &reason);
    void requestCancel(StrategyRunner &runner, OrderId id, Timestamp time, const std::string &reason);
    void requestReplace(StrategyRunner &runner, const OrderIntent &intent, Timestamp time);
    void publishFor(const Order &order, EventType type, Timestamp time, std::string_view reason);
    std::optional<Rejection> checkRisk(StrategyRunner &runner, const Order &order, Timestamp time,
                                       Quantity replacedLeaves);
    Order &book(StrategyRunner &runner, Order order, Timestamp time);
    void bookExits(StrategyRunner &runner, PreparedOrder &prepared, const Order &entry, Timestamp time);
    void activateLegs(const Order &entry, Timestamp time);
    void haltOnLossLimit(StrategyRunner &runner, Timestamp time, StrategyState state,
                         RiskLimit limit, const std::string &message);
    void raiseRiskAlert(Timestamp time, RiskLimit limit, StrategyId strategy, Money equity,
                        bool flattened, const std::string &message);
    void reportDrift(StrategyRunner &runner, Timestamp time);
    void cancelWorkingOrders(StrategyRunner &runner, Timestamp time, const std::string &reason);
    void flatten(StrategyRunner &runner, Timestamp time);
    void fault(StrategyRunner &runner, Timestamp time);
    void alert(Timestamp time, Alert::Severity severity, std::string source, std::string message);
    Money projectedGrossExposure(const StrategyRunner &runner) const;
    std::optional<Rejection> checkAccountRisk(StrategyRunner &runner, const Order &order) const;
    std::optional<Rejection> checkAccountPosition(const Order &order, Price price) const;
    void checkAccountDrawdown(Timestamp time);
    // The account's max_daily_loss; called before the instant's equity is recorded.
    void checkAccountDailyLoss(Timestamp time);
    // Every running or paused strategy goes to `state`; orders cancelled or positions closed.
    void haltAccount(Timestamp time, StrategyState state, const std::string &reason);
    Money accountEquity() const;
    StrategyRunner *runner(StrategyId id);

    const InstrumentTable &m_instruments;
    const NyseCalendar &m_calendar;
    const Clock &m_clock;
    MarketState m_market;
    BrokerAdapter *m_broker = nullptr;
    EventLoop *m_loop = nullptr;
    InstantObserver *m_observer = nullptr;
    std::vector<std::unique_ptr<StrategyRunner>> m_runners;
    OrderBook m_orders;
    std::vector<FillRecord> m_fills; // only when the order log is retained
    std::uint64_t m_rejected = 0;
    ExecutionAnalytics m_analytics;
    std::uint64_t m_illegalTransitions = 0;
    std::vector<OrderId> m_heldLegs; // bracket / oto exits waiting for their entry
    AccountLimits m_accountLimits;
    Money m_accountPeak;
    bool m_accountHalted = false;
    Money m_accountDayStart;          // Σ equity recorded last before the current New York day
    Money m_accountLastEquity;        // Σ equity recorded at the last instant
    Timestamp m_accountNextDay = Timestamp::min();
    bool m_accountPausedToday = false;
    std::uint64_t m_fillCount = 0;
    std::vector<Alert> m_alerts;
    std::vector<FeatureDriftRecord> m_featureDrift;
    OrderList m_intents;
    std::vector<PreparedOrder> m_prepared;
    bool m_decisionPending = false;
    bool m_equityPending = false;
    std::uint64_t m_barsProcessed = 0;
};

} // namespace meridian::engine
