#pragma once

// The strategies a run can name, each with its parameter schema (which the config validates
// against) and a factory. Built-in strategies register through
// meridian::strategies::registerBuiltinStrategies(registry); plugins (shared libraries in the
// plugin folder) export the two C functions below.
//
//     StrategyRegistry registry;
//     strategies::registerBuiltinStrategies(registry);
//     const StrategyInfo *info = registry.find("sma_crossover");
//     auto strategy = info->create(Parameters::defaults(info->schema));

#include "engine/sdk/parameters.h"
#include "engine/sdk/strategy.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace meridian::engine {

// Bumped whenever Strategy, Context or this registry changes incompatibly; a plugin built
// against another version is refused.
inline constexpr int strategyApiVersion = 2; // 2: Context gained features

struct StrategyInfo
{
    std::string name;        // "sma_crossover"
    std::string description; // one line
    ParameterSchema schema;
    std::function<std::unique_ptr<Strategy>(const Parameters &)> create;
    std::string origin = "built-in"; // or the plugin's path
};

class StrategyRegistry
{
public:
    // Refuses a duplicate name or an empty factory.
    Result<void> add(StrategyInfo info);
    const StrategyInfo *find(std::string_view name) const;
    std::vector<std::string> names() const; // sorted
    const std::vector<StrategyInfo> &all() const { return m_strategies; }

private:
    std::vector<StrategyInfo> m_strategies;
};

} // namespace meridian::engine

// A strategy plugin is a shared library exporting:
extern "C" {
using MeridianStrategyApiVersionFn = int (*)();
using MeridianRegisterStrategiesFn = void (*)(meridian::engine::StrategyRegistry &);
}
#define MERIDIAN_PLUGIN_API_VERSION_SYMBOL "meridianStrategyApiVersion"
#define MERIDIAN_PLUGIN_REGISTER_SYMBOL "meridianRegisterStrategies"
