#include "strategies/buyandhold.h"

namespace meridian::strategies {

using namespace meridian::engine;

ParameterSchema BuyAndHold::schema()
{
    ParameterSchema schema;
    schema
        .number("quantity", 0.0, 0.0, 1e9,
                "shares to buy of each symbol; 0 buys target_percent of equity instead")
        .number(
            "target_percent", 1.0, 0.0, 1.0,
            "fraction of equity to hold, split equally across the symbols (when quantity is 0)");
    return schema;
}

BuyAndHold::BuyAndHold(const Parameters &parameters)
    : m_quantity(Quantity::fromDouble(parameters.number("quantity")))
    , m_targetPercent(parameters.number("target_percent"))
{}

void BuyAndHold::onStart(Context &ctx)
{
    const auto instruments = ctx.instruments();
    m_waiting.assign(instruments.begin(), instruments.end());
    m_fractionEach
        = instruments.empty() ? 0.0 : m_targetPercent / static_cast<double>(instruments.size());
}

void BuyAndHold::generateOrders(Context &ctx, OrderList &orders)
{
    // lastPrice() is set by the first bar delivered at or before now: that is the first instant
    // at which the instrument can be bought at a known price.
    std::size_t kept = 0;
    for (const InstrumentId instrument : m_waiting) {
        if (!ctx.lastPrice(instrument)) {
            m_waiting[kept++] = instrument;
            continue;
        }
        if (m_quantity.isPositive())
            orders.push_back(OrderIntent::market(instrument, Side::Buy, m_quantity));
        else
            orders.push_back(OrderIntent::targetPercent(instrument, m_fractionEach));
    }
    m_waiting.resize(kept);
}

} // namespace meridian::strategies
