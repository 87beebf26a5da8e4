#pragma once

// Context: a strategy's only window on the world. Time comes from the engine's clock, the
// portfolio is read-only, history holds only bars already delivered (never anything stamped
// after now), and orders leave only as OrderIntents from generateOrders().

#include "engine/core/civiltime.h"
#include "engine/core/ids.h"
#include "engine/core/money.h"
#include "engine/core/nysecalendar.h"
#include "engine/core/symbol.h"
#include "engine/core/result.h"
#include "engine/sdk/barhistory.h"
#include "engine/sdk/featurehandle.h"
#include "engine/sdk/parameters.h"

#include <optional>
#include <span>
#include <string_view>

namespace meridian::engine {

// Limits a strategy runs under; the engine enforces them before an order leaves.
struct RiskLimits
{
    double maxPositionSize = 1.0; // largest position value as a fraction of the strategy's equity
    double maxLeverage = 1.0;     // largest gross exposure as a multiple of the strategy's equity
    std::optional<double> maxDailyLoss; // fraction of start-of-day equity; breach pauses the strategy
};

// The strategy's own sub-account, read-only.
class PortfolioView
{
public:
    virtual ~PortfolioView() = default;
    virtual Money cash() const = 0;
    virtual Money equity() const = 0;         // cash + Σ position value at the last prices
    virtual Money buyingPower() const = 0;    // equity × max_leverage − gross exposure, ≥ 0
    virtual Quantity position(InstrumentId instrument) const = 0; // signed; 0 when flat
    virtual Price averagePrice(InstrumentId instrument) const = 0; // 0 when flat
    virtual Money realizedPnl() const = 0;
    virtual Money unrealizedPnl() const = 0;
    // Quantity still working in open orders (signed: buys positive).
    virtual Quantity openOrderQuantity(InstrumentId instrument) const = 0;
};

class Context
{
public:
    virtual ~Context() = default;

    virtual Timestamp now() const = 0;
    virtual std::string_view strategyName() const = 0;
    virtual const Parameters &parameters() const = 0;
    virtual const RiskLimits &riskLimits() const = 0;
    virtual const PortfolioView &portfolio() const = 0;
    virtual const NyseCalendar &calendar() const = 0;

    // The instruments this strategy trades, in configuration order.
    virtual std::span<const InstrumentId> instruments() const = 0;
    virtual const Symbol &symbol(InstrumentId instrument) const = 0;

    // The last min(n, kept) bars of an instrument, all stamped at or before now().
    virtual BarSeries history(InstrumentId instrument, std::size_t n) const = 0;
    // Ask the engine to keep at least n bars per instrument (call from onStart).
    virtual void requireHistory(std::size_t n) = 0;
    // The latest close seen, if any bar arrived yet.
    virtual std::optional<Price> lastPrice(InstrumentId instrument) const = 0;

    // Features (docs/features.md): values computed from the bars delivered so far, the same in
    // backtest, paper and live, never from a bar stamped after now(); nullopt while warming up.
    // Subscribe in onStart and keep the handle, so that nothing is looked up per bar:
    //
    //     m_rsi = ctx.subscribeFeature("rsi", {{"period", 14}}).value();     // onStart
    //     if (std::optional<double> rsi = ctx.feature(m_rsi, instrument))    // any callback
    //         ...
    //
    // Every value read in an instant is recorded with the orders submitted in that instant, so
    // each trade can be traced to the feature values behind it.
    virtual Result<FeatureHandle> subscribeFeature(std::string_view name, const FeatureParams &params)
    {
        (void)params;
        return Error("feature " + quoted(name) + ": this context computes no features");
    }
    virtual std::optional<double> feature(FeatureHandle handle, InstrumentId instrument)
    {
        (void)handle;
        (void)instrument;
        return std::nullopt;
    }
    // By name: subscribes on first use, warming up from the bars kept in history (call
    // requireHistory in onStart for a long warm-up). Throws std::invalid_argument for an unknown
    // feature or bad parameters (a bug in the strategy: it faults).
    virtual std::optional<double> feature(std::string_view name, InstrumentId instrument,
                                          const FeatureParams &params = {})
    {
        (void)name;
        (void)instrument;
        (void)params;
        return std::nullopt;
    }
};

} // namespace meridian::engine
