#pragma once

// The CLI subcommands. Each takes its own arguments (argv after the subcommand name, with the
// program name first) and returns the process exit code: 0 success, 1 failure, 2 usage error.

#include "engine/sdk/strategyregistry.h"

#include <QStringList>

namespace meridian::app {

int runBacktestCommand(const QStringList &arguments);
int runImportCommand(const QStringList &arguments);
int runDataCommand(const QStringList &arguments);
int runLintCommand(const QStringList &arguments);
int runStrategiesCommand(const QStringList &arguments);
int runFeaturesCommand(const QStringList &arguments);
// The loopback Alpaca stand-in (engine/live/sandbox); runs until SIGINT/SIGTERM.
int runSandboxCommand(const QStringList &arguments);
// `run --config FILE [--confirm-live]`: a paper or live run until SIGINT/SIGTERM.
int runRunCommand(const QStringList &arguments);
// Built-in strategies plus any plugins in the plugin folder (a bad plugin is reported, not fatal).
engine::StrategyRegistry makeRegistry();
// No display: say so and run the default backtest on the bundled sample data.
int runHeadlessWorkstation();

} // namespace meridian::app
