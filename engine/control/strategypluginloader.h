#pragma once

// Strategy plugins: shared libraries that add strategies to a StrategyRegistry at runtime.
//
//     StrategyRegistry registry;
//     strategies::registerBuiltinStrategies(registry);
//     auto added = loadStrategyPluginFolder(pluginDir, registry); // every *.so, sorted by name
//     if (!added)
//         report(added.error().message());  // "plugin /p/x.so was built for strategy API 7, ..."
//
// A plugin exports two C functions (see strategyregistry.h): `int meridianStrategyApiVersion()`,
// which must return the strategyApiVersion it was compiled against, and
// `void meridianRegisterStrategies(StrategyRegistry &)`. Registration goes to a staging registry
// first, so a plugin that throws, or that names a strategy already registered, adds nothing.
// Strategies from a plugin carry its path as their `origin`.
//
// A loaded library stays mapped while anything made from it lives: every StrategyInfo copy and
// every Strategy its factory created holds a reference, and the library is closed after the
// last one goes. Plugins must be built with the same compiler, standard library and Meridian
// headers as the host (the API version guards the SDK's layout, not the toolchain's ABI).

#include "engine/core/result.h"
#include "engine/sdk/strategyregistry.h"

#include <string>
#include <vector>

namespace meridian::engine {

// Loads one plugin; returns the names it added, in its registration order.
Result<std::vector<std::string>> loadStrategyPlugin(const std::string &path,
                                                    StrategyRegistry &registry);

// Loads every `*.so` in the folder (not recursing), in file-name order. All or nothing: if any
// plugin fails, the error lists every failure and the registry is left as it was.
Result<std::vector<std::string>> loadStrategyPluginFolder(const std::string &dir,
                                                          StrategyRegistry &registry);

} // namespace meridian::engine
