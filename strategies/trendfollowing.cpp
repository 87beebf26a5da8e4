#include "strategies/trendfollowing.h"

#include "strategies/quantityparameter.h"

#include <stdexcept>
#include <string>

namespace meridian::strategies {

using namespace meridian::engine;

namespace {

FeatureHandle subscribe(Context &ctx, const char *feature, std::int64_t period)
{
    Result<FeatureHandle> handle = ctx.subscribeFeature(feature, {{"period", double(period)}});
    if (!handle)
        throw std::invalid_argument("trend_following: " + handle.error().message());
    return *handle;
}

} // namespace

ParameterSchema TrendFollowing::schema()
{
    ParameterSchema schema;
    schema.integer("fast", 20, 1, 10000, "fast EMA length in bars")
        .integer("slow", 50, 2, 10000, "slow EMA length in bars")
        .integer("atr_period", 14, 1, 1000, "ATR length (Wilder smoothing)")
        .number("atr_multiple", 3.0, 0.1, 100.0,
                "exit when the close falls this many ATRs below its highest since entry")
        .number("quantity", 100.0, 1e-8, 1e9, "shares to buy on entry");
    return schema;
}

TrendFollowing::TrendFollowing(const Parameters &parameters)
    : m_fast(parameters.integer("fast"))
    , m_slow(parameters.integer("slow"))
    , m_atrPeriod(parameters.integer("atr_period"))
    , m_atrMultiple(parameters.number("atr_multiple"))
    , m_quantity(positiveQuantityParameter(parameters, "trend_following"))
{
    if (m_fast >= m_slow)
        throw std::invalid_argument("trend_following: fast must be below slow, got fast "
                                    + std::to_string(m_fast) + ", slow " + std::to_string(m_slow));
}

void TrendFollowing::onStart(Context &ctx)
{
    m_fastEma = subscribe(ctx, "ema", m_fast);
    m_slowEma = subscribe(ctx, "ema", m_slow);
    m_atr = subscribe(ctx, "atr", m_atrPeriod);
    m_tracks.reset(ctx.instruments(), Track{});
}

void TrendFollowing::onMarketEvent(Context &, const Event &event)
{
    if (event.type != EventType::Bar)
        return;
    if (Track *track = m_tracks.find(event.bar().instrument)) {
        track->updated = true;
        track->close = event.bar().close.toDouble();
    }
}

void TrendFollowing::generateOrders(Context &ctx, OrderList &orders)
{
    for (auto &[instrument, track] : m_tracks) {
        if (!track.updated)
            continue;
        track.updated = false;
        const std::optional<double> fast = ctx.feature(m_fastEma, instrument);
        const std::optional<double> slow = ctx.feature(m_slowEma, instrument);
        const std::optional<double> atr = ctx.feature(m_atr, instrument);
        if (!fast || !slow || !atr)
            continue;
        const int sign = *fast > *slow ? 1 : (*fast < *slow ? -1 : 0);
        const Quantity held
            = ctx.portfolio().position(instrument) + ctx.portfolio().openOrderQuantity(instrument);
        if (held.isPositive()) {
            if (track.close > track.highest)
                track.highest = track.close;
            const bool crossedBelow = sign < 0 && track.lastSign > 0;
            const bool stopped = track.close < track.highest - m_atrMultiple * *atr;
            if (crossedBelow || stopped)
                orders.push_back(OrderIntent::targetQuantity(instrument, Quantity()));
        } else if (held.isZero() && sign > 0 && track.lastSign < 0) {
            orders.push_back(OrderIntent::market(instrument, Side::Buy, m_quantity));
            track.highest = track.close;
        }
        if (sign != 0)
            track.lastSign = sign;
    }
}

} // namespace meridian::strategies
