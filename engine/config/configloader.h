#pragma once

// ConfigLoader: reads a run configuration (YAML) into a validated EngineConfig.
//
//     ConfigLoader loader(registry);
//     Result<EngineConfig> config = loader.loadFile("config/environments/backtest.yaml");
//
// Every problem is reported, not just the first, one per line of the Error message, each as
// "file:line:column: key.path: message" with 1-based line and column:
//
//     backtest.yaml:12:15: strategies[0].capital: expected a positive number, got 'abc'
//     backtest.yaml:14:9: strategies[0].paramz: unknown key; did you mean 'params'?
//
// Scalars may use ${NAME} (environment variable; "$${" is a literal "${"), substituted before
// conversion; names that look like credentials (KEY, SECRET, TOKEN, PASSWORD, APCA_*) are
// refused. docs/configuration.md lists every key, type, default and rule.

#include "engine/config/engineconfig.h"
#include "engine/core/result.h"
#include "engine/sdk/strategyregistry.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace meridian::engine {

class ConfigLoader
{
public:
    // Looks up an environment variable: nullopt when it is not set.
    using EnvironmentLookup = std::function<std::optional<std::string>(const std::string &name)>;

    // Reads the process environment (std::getenv).
    explicit ConfigLoader(const StrategyRegistry &registry);
    // Reads variables through `environment` instead (tests, embedding).
    ConfigLoader(const StrategyRegistry &registry, EnvironmentLookup environment);

    // Never throws. Included files (`strategies: path`, `risk_limits_file: path`) and a relative
    // data.path are resolved against the directory of `path`.
    Result<EngineConfig> loadFile(const std::string &path) const;
    // As loadFile, for text already in memory; `displayName` names it in errors and its
    // directory anchors relative paths.
    Result<EngineConfig> loadText(std::string_view yaml, const std::string &displayName) const;

private:
    const StrategyRegistry &m_registry;
    EnvironmentLookup m_environment;
};

} // namespace meridian::engine
