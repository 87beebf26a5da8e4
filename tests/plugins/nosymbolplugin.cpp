// A plugin that forgot meridianRegisterStrategies (or declared it without extern "C").

#include "engine/sdk/strategyregistry.h"

extern "C" int meridianStrategyApiVersion()
{
    return meridian::engine::strategyApiVersion;
}

void meridianRegisterStrategies(meridian::engine::StrategyRegistry &) {}
