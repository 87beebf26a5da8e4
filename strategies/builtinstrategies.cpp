#include "strategies/builtinstrategies.h"

namespace meridian::strategies {

void registerBuiltinStrategies(engine::StrategyRegistry &)
{
}

} // namespace meridian::strategies
