#include "strategies/rsireversal.h"

#include "strategies/quantityparameter.h"

#include <stdexcept>

namespace meridian::strategies {

using namespace meridian::engine;

ParameterSchema RsiReversal::schema()
{
    ParameterSchema schema;
    schema.integer("period", 14, 2, 1000, "RSI length (Wilder smoothing)")
        .number("oversold", 30.0, 0.0, 100.0, "buy when flat and the RSI falls below this")
        .number("overbought", 70.0, 0.0, 100.0, "close the position when the RSI rises above this")
        .number("quantity", 100.0, 1e-8, 1e9, "shares to buy on entry");
    return schema;
}

RsiReversal::RsiReversal(const Parameters &parameters)
    : m_period(parameters.integer("period"))
    , m_oversold(parameters.number("oversold"))
    , m_overbought(parameters.number("overbought"))
    , m_quantity(positiveQuantityParameter(parameters, "rsi_reversal"))
{
    if (!(m_oversold < m_overbought))
        throw std::invalid_argument("rsi_reversal: oversold must be below overbought, got oversold "
                                    + formatParamValue(m_oversold) + ", overbought "
                                    + formatParamValue(m_overbought));
}

void RsiReversal::onStart(Context &ctx)
{
    Result<FeatureHandle> rsi = ctx.subscribeFeature("rsi", {{"period", double(m_period)}});
    if (!rsi)
        throw std::invalid_argument("rsi_reversal: " + rsi.error().message());
    m_rsi = *rsi;
    m_updated.reset(ctx.instruments(), false);
}

void RsiReversal::onMarketEvent(Context &, const Event &event)
{
    if (event.type != EventType::Bar)
        return;
    if (bool *updated = m_updated.find(event.bar().instrument))
        *updated = true;
}

void RsiReversal::generateOrders(Context &ctx, OrderList &orders)
{
    for (auto &[instrument, updated] : m_updated) {
        if (!updated)
            continue;
        updated = false;
        const std::optional<double> rsi = ctx.feature(m_rsi, instrument);
        if (!rsi)
            continue;
        const Quantity held
            = ctx.portfolio().position(instrument) + ctx.portfolio().openOrderQuantity(instrument);
        if (*rsi < m_oversold && held.isZero())
            orders.push_back(OrderIntent::market(instrument, Side::Buy, m_quantity));
        else if (*rsi > m_overbought && held.isPositive())
            orders.push_back(OrderIntent::targetQuantity(instrument, Quantity()));
    }
}

} // namespace meridian::strategies
