// A plugin whose registration fails halfway: the strategy it managed to register before
// throwing must not reach the host's registry.

#include "engine/sdk/strategyregistry.h"

#include <memory>
#include <stdexcept>

namespace {

class Idle final : public meridian::engine::Strategy
{
public:
    void onMarketEvent(meridian::engine::Context &, const meridian::engine::Event &) override {}
    void generateOrders(meridian::engine::Context &, meridian::engine::OrderList &) override {}
};

} // namespace

extern "C" int meridianStrategyApiVersion()
{
    return meridian::engine::strategyApiVersion;
}

extern "C" void meridianRegisterStrategies(meridian::engine::StrategyRegistry &registry)
{
    meridian::engine::StrategyInfo info;
    info.name = "half_registered";
    info.description = "registered before the failure";
    info.create = [](const meridian::engine::Parameters &) {
        return std::unique_ptr<meridian::engine::Strategy>(std::make_unique<Idle>());
    };
    if (!registry.add(std::move(info)))
        return;
    throw std::runtime_error("cannot find my license file");
}
