#pragma once

// Where the app finds what ships with it (bundled sample data, default configs, plugins),
// whether it runs from the build tree or an installed prefix.

#include <QString>

namespace meridian::app {

// The folder holding `resources/` and `config/`: $MERIDIAN_HOME if set, else <prefix>/share/meridian
// next to an installed binary, else the source tree the binary was built from.
QString installRoot();
QString bundledDataDir();      // <root>/resources/data
QString defaultBacktestConfig(); // <root>/config/environments/backtest.yaml
// Strategy plugins: $MERIDIAN_PLUGIN_DIR, else ~/.local/share/meridian/plugins.
QString pluginDir();

} // namespace meridian::app
