#pragma once

// trend_following: long-only EMA crossover with an ATR exit, run independently on each symbol,
// reading the engine's `ema` and `atr` features (docs/features.md) through Context.
//
// Per symbol, once both EMAs are ready it remembers the last non-zero sign of
// EMA(fast) − EMA(slow):
//   - crosses above (last sign < 0, now > 0) and flat: buy `quantity` shares;
//   - long and crosses below: close the position;
//   - long and the close falls below (highest close since the entry decision) − atr_multiple ×
//     ATR: close the position (an ATR trailing exit, decided on the close, filled at the next
//     open; a broker-side trailing stop is the execution issue's).
// After an ATR exit it waits for the next cross above before buying again.

#include "engine/sdk/strategy.h"
#include "strategies/perinstrument.h"

namespace meridian::strategies {

class TrendFollowing final : public engine::Strategy
{
public:
    static constexpr const char *name = "trend_following";
    static engine::ParameterSchema schema();

    // Throws std::invalid_argument unless fast < slow.
    explicit TrendFollowing(const engine::Parameters &parameters);

    void onStart(engine::Context &ctx) override;
    void onMarketEvent(engine::Context &ctx, const engine::Event &event) override;
    void generateOrders(engine::Context &ctx, engine::OrderList &orders) override;

private:
    struct Track
    {
        bool updated = false;
        int lastSign = 0;
        double close = 0;
        double highest = 0; // highest close since the entry decision
    };

    std::int64_t m_fast = 20;
    std::int64_t m_slow = 50;
    std::int64_t m_atrPeriod = 14;
    double m_atrMultiple = 3.0;
    engine::Quantity m_quantity;
    engine::FeatureHandle m_fastEma;
    engine::FeatureHandle m_slowEma;
    engine::FeatureHandle m_atr;
    PerInstrument<Track> m_tracks;
};

} // namespace meridian::strategies
