#pragma once

// Registers every strategy that ships compiled into Meridian: buy_and_hold, mean_reversion,
// sixty_forty and sma_crossover. A name already in the registry is a bug (std::logic_error).

#include "engine/sdk/strategyregistry.h"

namespace meridian::strategies {

void registerBuiltinStrategies(engine::StrategyRegistry &registry);

} // namespace meridian::strategies
