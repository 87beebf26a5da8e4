// `meridian backtest`, and the default backtest the workstation runs when there is no display.

#include "commandline.h"
#include "commands.h"
#include "installpaths.h"

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/control/strategypluginloader.h"
#include "strategies/builtinstrategies.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <iostream>

namespace meridian::app {

using namespace meridian::engine;

namespace {

int runBacktest(const std::string &configPath, const BacktestOptions &options, const QCommandLineParser *parser)
{
    const StrategyRegistry registry = makeRegistry();
    const ConfigLoader loader(registry);
    const auto config = loader.loadFile(configPath);
    if (!config)
        return fail(config.error().message());
    const auto result = runBacktest(*config, registry, options);
    if (!result)
        return fail(result.error().message());
    std::cout << backtestSummary(*result);
    if (parser != nullptr) {
        const auto write = [&](const char *option, const std::string &content) {
            return !parser->isSet(option) || writeFile(text(parser->value(option)), content);
        };
        if (!write("json", backtestJson(*result)) || !write("equity-csv", equityCsv(*result))
            || !write("trades-csv", tradesCsv(*result)) || !write("orders-csv", ordersCsv(*result)))
            return 1;
    }
    if (result->outcome == EventLoop::Outcome::Cancelled)
        return 1;
    return 0;
}

} // namespace

// Built-in strategies plus any plugins in the plugin folder (a bad plugin is reported, not fatal).
StrategyRegistry makeRegistry()
{
    StrategyRegistry registry;
    strategies::registerBuiltinStrategies(registry);
    const QString plugins = pluginDir();
    if (QFileInfo(plugins).isDir()) {
        const auto loaded = loadStrategyPluginFolder(text(plugins), registry);
        if (!loaded)
            std::cerr << "meridian: warning: " << loaded.error().message() << "\n";
    }
    return registry;
}

int runBacktestCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Run a backtest and print its summary.");
    parser.addHelpOption();
    parser.addOptions({
        {"config", "Environment YAML (mode: backtest).", "FILE"},
        {"store", "SQLite bar store (overrides data.path).", "PATH"},
        {"from", "First date (YYYY-MM-DD, New York) or ISO-8601 time.", "DATE"},
        {"to", "Last date, inclusive.", "DATE"},
        {"json", "Write the JSON report to FILE.", "FILE"},
        {"equity-csv", "Write the equity curve to FILE.", "FILE"},
        {"trades-csv", "Write the trade list to FILE.", "FILE"},
        {"orders-csv", "Write every order with its execution analytics to FILE.", "FILE"},
        {"no-bundled-data", "Do not import the bundled sample data into an empty store."},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    if (!parser.isSet("config"))
        return usageError(parser, "backtest needs --config FILE");
    BacktestOptions options;
    options.retainOrderLog = parser.isSet("orders-csv"); // otherwise the reports need counts only
    options.storePath = text(parser.value("store"));
    if (!parser.isSet("no-bundled-data"))
        options.bundledDataDir = text(bundledDataDir());
    if (const std::optional<QString> bad = readRange(parser, options.from, options.to))
        return usageError(parser, *bad);
    return runBacktest(text(parser.value("config")), options, &parser);
}

int runHeadlessWorkstation()
{
    const QString config = defaultBacktestConfig();
    std::cout << "meridian: no display (DISPLAY and WAYLAND_DISPLAY are unset): running headless.\n"
              << "Default backtest: " << text(QDir::current().relativeFilePath(config))
              << " on the bundled sample data (" << text(bundledDataDir()) << ").\n\n";
    BacktestOptions options;
    options.retainOrderLog = false;
    options.bundledDataDir = text(bundledDataDir());
    return runBacktest(text(config), options, nullptr);
}

} // namespace meridian::app
