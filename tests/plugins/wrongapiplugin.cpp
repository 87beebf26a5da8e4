// A plugin built against another strategy API version: the loader must refuse it before calling
// its registration function.

#include "engine/sdk/strategyregistry.h"

#include <stdexcept>

extern "C" int meridianStrategyApiVersion()
{
    return 7;
}

extern "C" void meridianRegisterStrategies(meridian::engine::StrategyRegistry &)
{
    throw std::logic_error("the loader called a plugin of the wrong API version");
}
