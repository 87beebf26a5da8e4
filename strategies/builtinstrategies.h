#pragma once

// Registers every strategy that ships compiled into Meridian.

#include "engine/sdk/strategyregistry.h"

namespace meridian::strategies {

void registerBuiltinStrategies(engine::StrategyRegistry &registry);

} // namespace meridian::strategies
