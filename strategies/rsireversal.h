#pragma once

// rsi_reversal: long-only RSI mean reversion, run independently on each symbol, reading the
// engine's `rsi` feature (Wilder, docs/features.md) through Context.
//
// After each instant, per symbol with a new bar: when flat and RSI < oversold, buy `quantity`
// shares; when long and RSI > overbought, close the whole position. No signal while the RSI
// warms up (the first `period` + 1 bars).

#include "engine/sdk/strategy.h"
#include "strategies/perinstrument.h"

namespace meridian::strategies {

class RsiReversal final : public engine::Strategy
{
public:
    static constexpr const char *name = "rsi_reversal";
    static engine::ParameterSchema schema();

    // Throws std::invalid_argument unless oversold < overbought.
    explicit RsiReversal(const engine::Parameters &parameters);

    void onStart(engine::Context &ctx) override;
    void onMarketEvent(engine::Context &ctx, const engine::Event &event) override;
    void generateOrders(engine::Context &ctx, engine::OrderList &orders) override;

private:
    std::int64_t m_period = 14;
    double m_oversold = 30;
    double m_overbought = 70;
    engine::Quantity m_quantity;
    engine::FeatureHandle m_rsi;
    PerInstrument<bool> m_updated;
};

} // namespace meridian::strategies
