#include "strategies/builtinstrategies.h"

#include "strategies/buyandhold.h"
#include "strategies/meanreversion.h"
#include "strategies/rsireversal.h"
#include "strategies/sixtyforty.h"
#include "strategies/smacrossover.h"
#include "strategies/trendfollowing.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace meridian::strategies {

namespace {

template<class S>
void add(engine::StrategyRegistry &registry, std::string description)
{
    engine::StrategyInfo info;
    info.name = S::name;
    info.description = std::move(description);
    info.schema = S::schema();
    info.create = [](const engine::Parameters &parameters) -> std::unique_ptr<engine::Strategy> {
        return std::make_unique<S>(parameters);
    };
    const engine::Result<void> added = registry.add(std::move(info));
    if (!added)
        throw std::logic_error("registering built-in strategies: " + added.error().message());
}

} // namespace

void registerBuiltinStrategies(engine::StrategyRegistry &registry)
{
    add<BuyAndHold>(registry, "buy once on the first bar and hold to the end");
    add<MeanReversion>(registry, "long when the close is far below its rolling mean (z-score)");
    add<SixtyForty>(registry, "two-asset stock/bond portfolio at fixed weights, monthly rebalance");
    add<RsiReversal>(registry, "long when the RSI is oversold, out when it is overbought");
    add<SmaCrossover>(registry, "long-only moving-average crossover, per symbol");
    add<TrendFollowing>(registry, "long-only EMA crossover with an ATR trailing exit");
}

} // namespace meridian::strategies
