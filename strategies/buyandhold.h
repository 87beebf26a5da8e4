#pragma once

// buy_and_hold: buys once and holds to the end of the run.
//
// On the first instant at which an instrument has a bar, it submits one market order for that
// instrument: `quantity` shares when quantity > 0, otherwise a target of `target_percent` of the
// strategy's equity. With several symbols each instrument is bought on its own first bar, and
// target_percent is split equally across them (two symbols at 1.0 get 0.5 each).

#include "engine/sdk/strategy.h"

#include <vector>

namespace meridian::strategies {

class BuyAndHold final : public engine::Strategy
{
public:
    static constexpr const char *name = "buy_and_hold";
    static engine::ParameterSchema schema();

    explicit BuyAndHold(const engine::Parameters &parameters);

    void onStart(engine::Context &ctx) override;
    void onMarketEvent(engine::Context &, const engine::Event &) override {}
    void generateOrders(engine::Context &ctx, engine::OrderList &orders) override;

private:
    engine::Quantity m_quantity;
    double m_targetPercent = 1.0;
    double m_fractionEach = 1.0;
    std::vector<engine::InstrumentId> m_waiting; // not bought yet, in configuration order
};

} // namespace meridian::strategies
