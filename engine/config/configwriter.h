#pragma once

// Writes a run configuration back to YAML, every key the ConfigLoader reads spelled as
// docs/configuration.md gives it, so that loading the text yields the same EngineConfig (the
// workstation's "save as new version" and the run reports rely on that). Included files
// (strategies, risk_limits_file) are written out inline: the result stands on its own.
//
//     const std::string yaml = configYaml(*config);
//     Result<EngineConfig> again = loader.loadText(yaml, config->sourcePath); // == *config

#include "engine/config/engineconfig.h"

#include <string>

namespace meridian::engine {

// The first line is a comment naming the file name of `config.sourcePath` as the origin.
std::string configYaml(const EngineConfig &config);

} // namespace meridian::engine
