#pragma once

// sma_crossover: long-only moving-average crossover, run independently on each symbol.
//
// Per symbol it keeps the last `slow` closes in a ring and the exact sums of the last `fast` and
// `slow` of them (raw fixed-point integers, so nothing is lost to rounding), updated in O(1) per
// bar. Once `slow` bars have arrived it compares the two averages exactly, by the sign of
// sumFast × slow − sumSlow × fast in 128 bits, and remembers the last non-zero sign:
//   - crosses above (last non-zero sign < 0, now fast > slow): buy `quantity` if flat;
//   - crosses below (last non-zero sign > 0, now fast < slow): close the whole long position.
// A bar on which the averages are equal changes nothing: it neither signals nor resets the
// remembered sign. Bars arrive in onMarketEvent; decisions are made in generateOrders, after
// every bar of the instant has been delivered.

#include "engine/core/fixedpoint.h"
#include "engine/sdk/strategy.h"
#include "strategies/perinstrument.h"
#include "strategies/rollingwindow.h"

#include <cstddef>

namespace meridian::strategies {

class SmaCrossover final : public engine::Strategy
{
public:
    static constexpr const char *name = "sma_crossover";
    static engine::ParameterSchema schema();

    // Throws std::invalid_argument unless fast < slow.
    explicit SmaCrossover(const engine::Parameters &parameters);

    void onStart(engine::Context &ctx) override;
    void onMarketEvent(engine::Context &ctx, const engine::Event &event) override;
    void generateOrders(engine::Context &ctx, engine::OrderList &orders) override;

    // The sign of fastSma − slowSma for one symbol once both are ready (≥ slow bars), else 0.
    // For tests and the replay inspector.
    int spreadSign(engine::InstrumentId instrument) const;

private:
    using Int128 = engine::detail::Int128;

    struct Track
    {
        RollingWindow closes; // the last `slow` raw closes
        Int128 sumFast = 0;
        Int128 sumSlow = 0;
        int lastNonZeroSign = 0;
        bool updated = false; // a bar arrived since the last decision
    };

    int sign(const Track &track) const;

    std::size_t m_fast = 0;
    std::size_t m_slow = 0;
    engine::Quantity m_quantity;
    PerInstrument<Track> m_tracks;
};

} // namespace meridian::strategies
