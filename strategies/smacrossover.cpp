#include "strategies/smacrossover.h"

#include "strategies/quantityparameter.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace meridian::strategies {

using namespace meridian::engine;

ParameterSchema SmaCrossover::schema()
{
    ParameterSchema schema;
    schema.integer("fast", 10, 1, 10000, "fast SMA length in bars (less than slow)")
        .integer("slow", 30, 2, 10000, "slow SMA length in bars")
        .number("quantity", 100.0, 1e-8, 1e9, "shares to buy on a cross above");
    return schema;
}

SmaCrossover::SmaCrossover(const Parameters &parameters)
{
    const std::int64_t fast = parameters.integer("fast");
    const std::int64_t slow = parameters.integer("slow");
    if (fast < 1 || slow < 2 || fast >= slow)
        throw std::invalid_argument("sma_crossover: fast (" + std::to_string(fast)
                                    + ") must be at least 1 and less than slow ("
                                    + std::to_string(slow) + ")");
    m_fast = static_cast<std::size_t>(fast);
    m_slow = static_cast<std::size_t>(slow);
    m_quantity = positiveQuantityParameter(parameters, "sma_crossover");
}

void SmaCrossover::onStart(Context &ctx)
{
    m_tracks.reset(ctx.instruments(), Track{RollingWindow(m_slow)});
}

int SmaCrossover::sign(const Track &track) const
{
    if (!track.closes.full())
        return 0;
    // sumFast / fast − sumSlow / slow has the sign of sumFast × slow − sumSlow × fast. Sums are
    // below 10^4 × 2^63 and lengths below 2^14, so the products fit easily in 128 bits.
    const Int128 lhs = track.sumFast * static_cast<Int128>(m_slow);
    const Int128 rhs = track.sumSlow * static_cast<Int128>(m_fast);
    return (lhs > rhs) - (lhs < rhs);
}

int SmaCrossover::spreadSign(InstrumentId instrument) const
{
    const Track *track = m_tracks.find(instrument);
    return track == nullptr ? 0 : sign(*track);
}

void SmaCrossover::onMarketEvent(Context &, const Event &event)
{
    if (event.type != EventType::Bar)
        return;
    const BarData &bar = event.bar();
    Track *track = m_tracks.find(bar.instrument);
    if (track == nullptr)
        return;
    const std::int64_t close = bar.close.raw();
    // The newest `fast` closes form the fast window; the oldest of them leaves it now.
    if (track->closes.size() >= m_fast)
        track->sumFast -= track->closes.back(m_fast - 1);
    if (const std::optional<std::int64_t> leaving = track->closes.push(close))
        track->sumSlow -= *leaving;
    track->sumFast += close;
    track->sumSlow += close;
    track->updated = true;
}

void SmaCrossover::generateOrders(Context &ctx, OrderList &orders)
{
    for (auto &[instrument, track] : m_tracks) {
        if (!track.updated)
            continue;
        track.updated = false;
        const int now = sign(track);
        if (now == 0)
            continue; // not ready, or the averages are equal: keep the last non-zero sign
        const int before = track.lastNonZeroSign;
        track.lastNonZeroSign = now;
        const Quantity held
            = ctx.portfolio().position(instrument) + ctx.portfolio().openOrderQuantity(instrument);
        if (before < 0 && now > 0 && held.isZero())
            orders.push_back(OrderIntent::market(instrument, Side::Buy, m_quantity));
        else if (before > 0 && now < 0 && held.isPositive())
            orders.push_back(OrderIntent::targetQuantity(instrument, Quantity()));
    }
}

} // namespace meridian::strategies
