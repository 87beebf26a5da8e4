#include "strategies/meanreversion.h"

#include "strategies/quantityparameter.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace meridian::strategies {

using namespace meridian::engine;

ParameterSchema MeanReversion::schema()
{
    ParameterSchema schema;
    schema.integer("window", 20, 2, 1000, "closes in the rolling mean and standard deviation")
        .number("entry_z", 2.0, 1e-6, 10.0, "enter long when the z-score falls below -entry_z")
        .number("exit_z", 0.5, 0.0, 10.0, "exit when the z-score rises above -exit_z")
        .number("quantity", 100.0, 1e-8, 1e9, "shares to buy on entry");
    return schema;
}

MeanReversion::MeanReversion(const Parameters &parameters)
    : m_entryZ(parameters.number("entry_z"))
    , m_exitZ(parameters.number("exit_z"))
{
    const std::int64_t window = parameters.integer("window");
    if (window < 2)
        throw std::invalid_argument("mean_reversion: window must be at least 2, got "
                                    + std::to_string(window));
    m_window = static_cast<std::size_t>(window);
    if (!(m_entryZ > 0.0) || !(m_exitZ >= 0.0) || m_exitZ > m_entryZ)
        throw std::invalid_argument("mean_reversion: need 0 <= exit_z <= entry_z and entry_z > 0, "
                                    "got entry_z "
                                    + formatParamValue(m_entryZ) + ", exit_z "
                                    + formatParamValue(m_exitZ));
    m_quantity = positiveQuantityParameter(parameters, "mean_reversion");
}

void MeanReversion::onStart(Context &ctx)
{
    m_tracks.reset(ctx.instruments(), Track{RollingWindow(m_window)});
}

void MeanReversion::onMarketEvent(Context &ctx, const Event &event)
{
    if (event.type != EventType::Bar)
        return;
    const BarData &bar = event.bar();
    Track *track = m_tracks.find(bar.instrument);
    if (track == nullptr)
        return;
    const std::int64_t close = bar.close.raw();
    if (close > maxAbsRawClose || close < -maxAbsRawClose)
        throw std::out_of_range("mean_reversion: close " + bar.close.toString() + " of "
                                + ctx.symbol(bar.instrument).toString()
                                + " is beyond the exact z-score range of +-"
                                + Price::fromRaw(maxAbsRawClose).toString());
    if (const std::optional<std::int64_t> leaving = track->closes.push(close)) {
        track->sum -= *leaving;
        track->sumSquares -= static_cast<Int128>(*leaving) * *leaving;
    }
    track->sum += close;
    track->sumSquares += static_cast<Int128>(close) * close;
    track->updated = true;
}

std::optional<double> MeanReversion::zScore(const Track &track) const
{
    if (!track.closes.full())
        return std::nullopt;
    const auto n = static_cast<Int128>(m_window);
    const std::int64_t latest = track.closes.back(0);
    // n²·variance = n·Σx² − (Σx)² ≥ 0 exactly; with |x| ≤ 2^53 and n ≤ 1000 every term < 2^127.
    const Int128 radicand = n * track.sumSquares - track.sum * track.sum;
    if (radicand <= 0)
        return std::nullopt;
    const Int128 numerator = n * latest - track.sum;
    return static_cast<double>(numerator) / std::sqrt(static_cast<double>(radicand));
}

std::optional<double> MeanReversion::zScore(InstrumentId instrument) const
{
    const Track *track = m_tracks.find(instrument);
    return track == nullptr ? std::nullopt : zScore(*track);
}

void MeanReversion::generateOrders(Context &ctx, OrderList &orders)
{
    for (auto &[instrument, track] : m_tracks) {
        if (!track.updated)
            continue;
        track.updated = false;
        const std::optional<double> z = zScore(track);
        if (!z)
            continue;
        const Quantity held
            = ctx.portfolio().position(instrument) + ctx.portfolio().openOrderQuantity(instrument);
        if (*z < -m_entryZ && held.isZero())
            orders.push_back(OrderIntent::market(instrument, Side::Buy, m_quantity));
        else if (*z > -m_exitZ && held.isPositive())
            orders.push_back(OrderIntent::targetQuantity(instrument, Quantity()));
    }
}

} // namespace meridian::strategies
