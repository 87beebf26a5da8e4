#pragma once

// StrategyRunner: one strategy instance inside a run — its sub-account (Portfolio), its Context,
// its working orders, its equity curve and its state. The engine calls the strategy only through
// the runner's error boundary: an exception marks the strategy faulted.

#include "engine/analytics/performance.h"
#include "engine/control/marketstate.h"
#include "engine/core/clock.h"
#include "engine/control/orderbook.h"
#include "engine/data/corporateactions.h"
#include "engine/features/drift.h"
#include "engine/features/featurestore.h"
#include "engine/portfolio/portfolio.h"
#include "engine/sdk/strategy.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace meridian::engine {

enum class StrategyState { Running, Paused, Faulted, Stopped };
std::string_view toString(StrategyState state);

struct StrategySetup
{
    std::string name;      // instance name
    std::string className; // registered strategy
    std::unique_ptr<Strategy> strategy;
    Parameters parameters;
    RiskLimits riskLimits;
    Money capital;
    std::vector<InstrumentId> instruments;
    // The features the strategy may read; null means FeatureRegistry::builtin().
    std::shared_ptr<const FeatureRegistry> features;
    // Splits and dividends of its instruments, by ex-date, applied to its positions when prices
    // are raw (empty when they are already adjusted).
    std::vector<std::pair<InstrumentId, CorporateAction>> corporateActions;
    // Drift monitoring of every feature the strategy subscribes, per instrument; none = off.
    std::optional<DriftSettings> drift;
};

// A drift alert of one of the strategy's features on one instrument.
struct FeatureDrift
{
    std::string feature; // version string
    InstrumentId instrument;
    DriftAlert alert;
};

// What a corporate action did to a strategy's account.
struct CorporateActionRecord
{
    Timestamp time;
    InstrumentId instrument;
    std::string description; // "7-for-1 split: 100 -> 700 shares", "dividend 0.47/share on 700 ..."
    Money cash;              // paid now (dividend, cash in lieu); 0 for an accrual
};

// A feature value a strategy read in the instant it submitted an order.
struct FeatureReading
{
    std::string feature; // version string, e.g. "rsi@1(period=14)"
    InstrumentId instrument;
    double value = 0;
    Timestamp time; // of the bar that produced the value
};

// The feature values behind one order: those read in its decision instant for its instrument
// (every value read then, if none was for that instrument).
struct FeatureTrace
{
    OrderId order;
    Timestamp time;
    std::vector<FeatureReading> readings;
};

struct StrategyFault
{
    Timestamp time;
    std::string callback; // "onMarketEvent", ...
    std::string message;
};

class StrategyRunner final : public Context, private PortfolioView
{
public:
    // `orders` is the engine's order book, read for working quantities.
    StrategyRunner(StrategyId id, StrategySetup setup, MarketState &market, const NyseCalendar &calendar,
                   const Clock &clock, const OrderBook &orders);

    StrategyId id() const { return m_id; }
    const std::string &name() const { return m_name; }
    const std::string &className() const { return m_className; }
    Money capital() const { return m_capital; }
    StrategyState state() const { return m_state; }
    void setState(StrategyState state) { m_state = state; }
    bool isRunning() const { return m_state == StrategyState::Running; }
    bool trades(InstrumentId instrument) const;
    const std::optional<StrategyFault> &fault() const { return m_fault; }

    Portfolio &book() { return m_portfolio; }
    const Portfolio &book() const { return m_portfolio; }
    Strategy &strategy() { return *m_strategy; }

    // Runs `call` inside the error boundary; false if the strategy threw (it is then faulted).
    template<class Call>
    bool guardedCall(const char *callback, Call &&call)
    {
        try {
            call();
            return true;
        } catch (const std::exception &error) {
            markFaulted(callback, error.what());
        } catch (...) {
            markFaulted(callback, "unknown exception");
        }
        return false;
    }

    // The strategy's orders that are still working. A new order is traced to the feature
    // values the strategy read in this instant for its instrument (all of them when it read
    // none for that instrument).
    void addWorkingOrder(OrderId order);
    void removeWorkingOrder(OrderId order);
    const std::vector<OrderId> &workingOrders() const { return m_workingOrders; }

    // Advances the strategy's features with a delivered bar (every bar of its instruments,
    // running or paused, before the strategy sees it).
    // With drift monitoring on, each feature value it produces is also observed by the
    // feature's monitor for that instrument; alerts wait in takeDriftAlerts().
    void onFeatureBar(Timestamp time, const BarData &bar);
    // The drift alerts raised since the last call (empty without drift monitoring).
    std::vector<FeatureDrift> takeDriftAlerts() { return std::exchange(m_driftAlerts, {}); }
    const std::optional<DriftSettings> &driftSettings() const { return m_drift; }
    const FeatureStore &features() const { return m_features; }
    const std::vector<FeatureTrace> &featureTraces() const { return m_featureTraces; }

    // Applies every split and dividend entitlement whose ex-date began before `time`, and pays
    // dividends whose pay date began before it; called before each market event is processed,
    // so a split is in the positions before any fill at the ex-date's prices.
    void applyCorporateActions(Timestamp time);
    const std::vector<CorporateActionRecord> &corporateActionLog() const { return m_actionLog; }

    void recordEquity(Timestamp time);
    const std::vector<EquityPoint> &equityCurve() const { return m_equity; }
    // True when equity is below the start-of-day equity by more than max_daily_loss (days are
    // New York calendar days; the start of a day is the last equity recorded before it).
    bool dailyLossBreached(Timestamp time);
    // True when equity is below its peak (the capital or the highest equity recorded) by more
    // than max_drawdown: the kill switch.
    bool drawdownBreached() const;
    // Counts an order sent at `time` against max_orders_per_day and returns how many were sent
    // earlier that New York day.
    std::uint32_t countOrder(Timestamp time);

    // Context
    Timestamp now() const override { return m_clock.now(); }
    std::string_view strategyName() const override { return m_name; }
    const Parameters &parameters() const override { return m_parameters; }
    const RiskLimits &riskLimits() const override { return m_riskLimits; }
    const PortfolioView &portfolio() const override { return *this; }
    const NyseCalendar &calendar() const override { return m_calendar; }
    std::span<const InstrumentId> instruments() const override { return m_instruments; }
    const Symbol &symbol(InstrumentId instrument) const override;
    BarSeries history(InstrumentId instrument, std::size_t n) const override;
    void requireHistory(std::size_t n) override { m_market.requireHistory(n); }
    std::optional<Price> lastPrice(InstrumentId instrument) const override;
    Result<FeatureHandle> subscribeFeature(std::string_view name,
                                           const FeatureParams &params) override;
    std::optional<double> feature(FeatureHandle handle, InstrumentId instrument) override;
    std::optional<double> feature(std::string_view name, InstrumentId instrument,
                                  const FeatureParams &params) override;
    std::span<const OrderId> openOrders() const override { return m_workingOrders; }

    // PortfolioView
    Money cash() const override { return m_portfolio.cash(); }
    Money equity() const override { return m_portfolio.equity(); }
    Money buyingPower() const override;
    Quantity position(InstrumentId instrument) const override { return m_portfolio.quantity(instrument); }
    Price averagePrice(InstrumentId instrument) const override;
    Money realizedPnl() const override { return m_portfolio.realizedPnl(); }
    Money unrealizedPnl() const override { return m_portfolio.unrealizedPnl(); }
    Quantity openOrderQuantity(InstrumentId instrument) const override;

private:
    void markFaulted(const char *callback, const std::string &message);
    void noteRead(FeatureHandle handle, InstrumentId instrument, double value);

    struct Read
    {
        FeatureHandle handle;
        InstrumentId instrument;
        double value = 0;
    };

    StrategyId m_id;
    std::string m_name;
    std::string m_className;
    std::unique_ptr<Strategy> m_strategy;
    Parameters m_parameters;
    RiskLimits m_riskLimits;
    Money m_capital;
    std::vector<InstrumentId> m_instruments;
    std::vector<bool> m_trades; // by InstrumentId value: is it one of m_instruments (per-bar test)
    MarketState &m_market;
    const NyseCalendar &m_calendar;
    const Clock &m_clock;
    Portfolio m_portfolio;
    StrategyState m_state = StrategyState::Running;
    std::optional<StrategyFault> m_fault;
    std::vector<OrderId> m_workingOrders;
    const OrderBook &m_orders;
    std::vector<EquityPoint> m_equity;
    Timestamp m_nextDayStart = Timestamp::min();
    Money m_dayStartEquity;
    std::shared_ptr<const FeatureRegistry> m_featureRegistry;
    FeatureStore m_features;
    std::vector<Read> m_reads; // the values read at m_readTime
    Timestamp m_readTime = Timestamp::min();
    std::vector<FeatureTrace> m_featureTraces;
    std::optional<DriftSettings> m_drift;
    // By feature node, then InstrumentId value; made when the feature first has a value there.
    std::vector<std::vector<std::unique_ptr<DriftMonitor>>> m_driftMonitors;
    std::vector<FeatureDrift> m_driftAlerts;

    struct Receivable
    {
        Timestamp payStart; // New York midnight of the pay date
        InstrumentId instrument;
        Money amount;
        Date exDate;
    };
    void applyAction(Timestamp time, InstrumentId instrument, const CorporateAction &action);
    std::vector<std::pair<InstrumentId, CorporateAction>> m_actions;
    std::size_t m_nextAction = 0;
    Timestamp m_nextActionStart = Timestamp::max();
    std::vector<Receivable> m_receivables;
    std::vector<CorporateActionRecord> m_actionLog;
    Money m_peakEquity;
    Timestamp m_nextOrderDay = Timestamp::min();
    std::uint32_t m_ordersToday = 0;
};

} // namespace meridian::engine
