#pragma once

// sixty_forty: a two-asset stock/bond portfolio at fixed weights, rebalanced monthly.
//
// The first symbol is the stock, the second the bond. On the first instant at which both have a
// bar, it targets `stock_weight` of equity in the stock and the rest in the bond; afterwards it
// resets both to the same weights at the close of the last NYSE session of each calendar month
// (once, on the first instant at or after that session's close at which both have a bar).
// Quantities are fractional. Run with `execution.fill_at: close` and
// `data.adjustment: total_return` it is the reference 60/40 portfolio of the bundled data's
// README: start at the first common close, rebalance at each month's last common close.

#include "engine/sdk/strategy.h"

namespace meridian::strategies {

class SixtyForty final : public engine::Strategy
{
public:
    static constexpr const char *name = "sixty_forty";
    static engine::ParameterSchema schema();

    explicit SixtyForty(const engine::Parameters &parameters);

    // Throws std::invalid_argument unless the strategy has exactly two symbols.
    void onStart(engine::Context &ctx) override;
    void onMarketEvent(engine::Context &, const engine::Event &) override {}
    void generateOrders(engine::Context &ctx, engine::OrderList &orders) override;

private:
    bool hasBarNow(const engine::Context &ctx, engine::InstrumentId instrument) const;

    double m_stockWeight = 0.6;
    engine::InstrumentId m_stock;
    engine::InstrumentId m_bond;
    bool m_invested = false;
    engine::Date m_lastRebalance{0, 1, 1};
};

} // namespace meridian::strategies
