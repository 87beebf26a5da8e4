// A strategy plugin as a third party would write one: a shared library exporting the two C
// functions of strategyregistry.h. It registers `sample_momentum`: long while the close is above
// the close `lookback` bars earlier, flat otherwise. It follows the SDK rules, so it passes
// `meridian lint-strategy` as the built-in strategies do.

#include "engine/sdk/strategyregistry.h"

#include <memory>
#include <stdexcept>
#include <string>

namespace sample {

using namespace meridian::engine;

class SampleMomentum final : public Strategy
{
public:
    explicit SampleMomentum(const Parameters &parameters)
        : m_lookback(static_cast<std::size_t>(parameters.integer("lookback")))
        , m_quantity(Quantity::fromDouble(parameters.number("quantity")))
    {}

    void onStart(Context &ctx) override { ctx.requireHistory(m_lookback + 1); }
    void onMarketEvent(Context &, const Event &) override {}

    void generateOrders(Context &ctx, OrderList &orders) override
    {
        for (const InstrumentId instrument : ctx.instruments()) {
            const BarSeries bars = ctx.history(instrument, m_lookback + 1);
            if (bars.size() < m_lookback + 1 || bars.back().time != ctx.now())
                continue;
            const bool rising = bars.back().bar.close > bars[0].bar.close;
            const Quantity held = ctx.portfolio().position(instrument)
                                  + ctx.portfolio().openOrderQuantity(instrument);
            if (rising && held.isZero())
                orders.push_back(OrderIntent::market(instrument, Side::Buy, m_quantity));
            else if (!rising && held.isPositive())
                orders.push_back(OrderIntent::targetQuantity(instrument, Quantity()));
        }
    }

private:
    std::size_t m_lookback;
    Quantity m_quantity;
};

} // namespace sample

extern "C" int meridianStrategyApiVersion()
{
    return meridian::engine::strategyApiVersion;
}

extern "C" void meridianRegisterStrategies(meridian::engine::StrategyRegistry &registry)
{
    using namespace meridian::engine;
    StrategyInfo info;
    info.name = "sample_momentum";
    info.description = "long while the close is above the close `lookback` bars ago";
    info.schema.integer("lookback", 20, 1, 1000, "bars between the two closes compared")
        .number("quantity", 10.0, 1e-8, 1e9, "shares to hold while rising");
    info.create = [](const Parameters &parameters) -> std::unique_ptr<Strategy> {
        return std::make_unique<sample::SampleMomentum>(parameters);
    };
    const Result<void> added = registry.add(std::move(info));
    if (!added)
        throw std::runtime_error(added.error().message());
}
