#pragma once

// mean_reversion: long-only z-score mean reversion, run independently on each symbol.
//
// z = (close − mean) / stdev over the last `window` closes, this bar's close included, with the
// population standard deviation (divisor window). It enters long (`quantity` shares, when flat)
// when z < −entry_z and closes the whole position when z > −exit_z. exit_z must not exceed
// entry_z, or an entry would be exited on the very next bar.
//
// The rolling statistics are exact: the ring of raw fixed-point closes keeps Σx and Σx² as
// 128-bit integers, so z = (n·x − Σx) / sqrt(n·Σx² − (Σx)²) has an exact numerator and
// radicand and no cancellation error however long the run; only the final division is
// floating point. A window whose closes are all equal has no z and gives no signal.

#include "engine/core/fixedpoint.h"
#include "engine/sdk/strategy.h"
#include "strategies/perinstrument.h"
#include "strategies/rollingwindow.h"

#include <cstdint>
#include <optional>

namespace meridian::strategies {

class MeanReversion final : public engine::Strategy
{
public:
    static constexpr const char *name = "mean_reversion";
    static engine::ParameterSchema schema();
    // |close| up to 2^53 raw units (about 90 million) keeps n·Σx² within 128 bits.
    static constexpr std::int64_t maxAbsRawClose = std::int64_t(1) << 53;

    // Throws std::invalid_argument if exit_z > entry_z.
    explicit MeanReversion(const engine::Parameters &parameters);

    void onStart(engine::Context &ctx) override;
    // Throws std::out_of_range for a close beyond ±maxAbsRawClose.
    void onMarketEvent(engine::Context &ctx, const engine::Event &event) override;
    void generateOrders(engine::Context &ctx, engine::OrderList &orders) override;

    // The z-score of the latest close once `window` closes have arrived and they are not all
    // equal. For tests and the replay inspector.
    std::optional<double> zScore(engine::InstrumentId instrument) const;

private:
    using Int128 = engine::detail::Int128;

    struct Track
    {
        RollingWindow closes; // the last `window` raw closes
        Int128 sum = 0;
        Int128 sumSquares = 0;
        bool updated = false;
    };

    std::optional<double> zScore(const Track &track) const;

    std::size_t m_window = 0;
    double m_entryZ = 2.0;
    double m_exitZ = 0.5;
    engine::Quantity m_quantity;
    PerInstrument<Track> m_tracks;
};

} // namespace meridian::strategies
