#pragma once

// Writes a run configuration back to YAML, every key spelled as docs/configuration.md and the
// ConfigLoader read it, so "save as new version" in the strategy panel produces a file the
// loader accepts unchanged (checked by loading it back before the file counts as saved).

#include "engine/config/engineconfig.h"
#include "engine/sdk/strategyregistry.h"

#include <QString>

namespace meridian::ui {

std::string configYaml(const engine::EngineConfig &config);

// The next free version of a config file: "backtest.yaml" -> "backtest.v2.yaml", then
// ".v3.yaml", ...; "backtest.v2.yaml" -> "backtest.v3.yaml".
QString nextVersionPath(const QString &path);

// Writes `config` to nextVersionPath(config.sourcePath) and loads it back with the ConfigLoader.
// Returns the new file's path, or an empty string with `error` set.
QString saveConfigVersion(const engine::EngineConfig &config, const engine::StrategyRegistry &registry,
                          QString *error);

} // namespace meridian::ui
