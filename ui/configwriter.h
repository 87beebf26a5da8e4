#pragma once

// "Save as new version" of the strategy panel: engine::configYaml (engine/config/configwriter.h)
// writes the text, and the file only counts as saved once the ConfigLoader accepts it back.

#include "engine/config/configwriter.h"
#include "engine/sdk/strategyregistry.h"

#include <QString>

namespace meridian::ui {

// The next free version of a config file: "backtest.yaml" -> "backtest.v2.yaml", then
// ".v3.yaml", ...; "backtest.v2.yaml" -> "backtest.v3.yaml".
QString nextVersionPath(const QString &path);

// Writes `config` to nextVersionPath(config.sourcePath) and loads it back with the ConfigLoader.
// Returns the new file's path, or an empty string with `error` set.
QString saveConfigVersion(const engine::EngineConfig &config, const engine::StrategyRegistry &registry,
                          QString *error);

} // namespace meridian::ui
