#include "commands.h"

#include "installpaths.h"

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/control/strategylint.h"
#include "engine/control/strategypluginloader.h"
#include "engine/core/civiltime.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/data/timeframe.h"
#include "strategies/builtinstrategies.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <fstream>
#include <iostream>

namespace meridian::app {

using namespace meridian::engine;

namespace {

std::string text(const QString &value)
{
    return value.toStdString();
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    std::cerr << "meridian: " << text(message) << "\n\n" << text(parser.helpText());
    return 2;
}

int fail(const std::string &message)
{
    std::cerr << "meridian: " << message << "\n";
    return 1;
}

bool writeFile(const std::string &path, const std::string &content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
        std::cerr << "meridian: cannot write '" << path << "'\n";
        return false;
    }
    return true;
}

// --from/--to take a date (New York) or an ISO-8601 time; --to DATE includes that whole day.
Result<Timestamp> parseBound(const QString &value, bool endOfDay)
{
    const std::string raw = text(value);
    if (raw.size() == 10) {
        const auto date = Date::parse(raw);
        if (!date)
            return date.error();
        if (endOfDay)
            return newYorkTime(date->addDays(1), TimeOfDay{}) - Duration::nanoseconds(1);
        return newYorkTime(*date, TimeOfDay{});
    }
    return parseTimestamp(raw, LocalZone::NewYork);
}

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
            || !write("trades-csv", tradesCsv(*result)))
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
        {"no-bundled-data", "Do not import the bundled sample data into an empty store."},
    });
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    if (!parser.isSet("config"))
        return usageError(parser, "backtest needs --config FILE");
    BacktestOptions options;
    options.retainOrderLog = false; // the reports need counts only
    options.storePath = text(parser.value("store"));
    if (!parser.isSet("no-bundled-data"))
        options.bundledDataDir = text(bundledDataDir());
    for (const auto &[name, endOfDay] : {std::pair{"from", false}, std::pair{"to", true}}) {
        if (!parser.isSet(name))
            continue;
        const auto bound = parseBound(parser.value(name), endOfDay);
        if (!bound)
            return usageError(parser, QString("--%1: %2").arg(name, QString::fromStdString(bound.error().message())));
        (endOfDay ? options.to : options.from) = *bound;
    }
    return runBacktest(text(parser.value("config")), options, &parser);
}

int runImportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Import a CSV of bars into the SQLite bar store as a new dataset version.");
    parser.addHelpOption();
    parser.addOptions({
        {"csv", "CSV file (timestamp,open,high,low,close,volume[,adj_close] or Yahoo's format).", "FILE"},
        {"symbol", "Symbol, e.g. SPY.", "SYM"},
        {"timeframe", "Bar length: 1d, 1h, 1m, 5m, ...", "TF"},
        {"store", "SQLite bar store (default ~/.local/share/meridian/market.db).", "PATH"},
        {"quarantine", "Import the good rows and write the bad ones, with reasons, to FILE.", "FILE"},
    });
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    for (const char *required : {"csv", "symbol", "timeframe"}) {
        if (!parser.isSet(required))
            return usageError(parser, QString("import needs --%1").arg(required));
    }
    const auto timeframe = Timeframe::parse(text(parser.value("timeframe")));
    if (!timeframe)
        return usageError(parser, "--timeframe: " + QString::fromStdString(timeframe.error().message()));
    const auto symbol = Symbol::parse(text(parser.value("symbol")));
    if (!symbol)
        return usageError(parser, "--symbol: " + QString::fromStdString(symbol.error().message()));
    const std::string storePath = parser.isSet("store") ? text(parser.value("store")) : defaultStorePath();
    auto store = BarStore::open(storePath);
    if (!store)
        return fail(store.error().message());
    ImportOptions options;
    options.symbol = symbol->toString();
    options.timeframe = *timeframe;
    if (parser.isSet("quarantine"))
        options.quarantinePath = text(parser.value("quarantine"));
    const auto report = importCsvFile(*store, text(parser.value("csv")), options);
    if (!report) {
        std::cerr << report.error().message() << "\n";
        return fail("import refused; the store is unchanged");
    }
    std::cout << "imported " << report->rowsImported << " rows of " << report->dataset.symbol << " "
              << report->dataset.timeframe << " as version " << report->dataset.version << " ("
              << formatIso(report->dataset.first) << " .. " << formatIso(report->dataset.last) << ") into "
              << storePath << "\n";
    if (report->rowsQuarantined > 0)
        std::cout << report->rowsQuarantined << " bad rows written to " << *options.quarantinePath << "\n";
    return 0;
}

int runDataCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Market data in the store. Subcommand: list.");
    parser.addHelpOption();
    parser.addPositionalArgument("list", "List the datasets (symbol, timeframe, first/last time, rows, version).");
    parser.addOption({"store", "SQLite bar store.", "PATH"});
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    if (parser.positionalArguments() != QStringList{"list"})
        return usageError(parser, "usage: meridian data list [--store PATH]");
    const std::string storePath = parser.isSet("store") ? text(parser.value("store")) : defaultStorePath();
    auto store = BarStore::open(storePath);
    if (!store)
        return fail(store.error().message());
    const auto datasets = store->datasets();
    if (!datasets)
        return fail(datasets.error().message());
    std::printf("%-8s %-9s %-22s %-22s %9s %7s\n", "SYMBOL", "TIMEFRAME", "FIRST", "LAST", "ROWS", "VERSION");
    for (const DatasetInfo &d : *datasets)
        std::printf("%-8s %-9s %-22s %-22s %9lld %7d\n", d.symbol.c_str(), d.timeframe.c_str(),
                    formatIso(d.first).c_str(), formatIso(d.last).c_str(), static_cast<long long>(d.rows),
                    d.version);
    if (datasets->empty())
        std::printf("(no datasets in %s)\n", storePath.c_str());
    return 0;
}

int runLintCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Check strategy sources: no wall clock, no I/O, no mutable globals, SDK includes only.");
    parser.addHelpOption();
    parser.addPositionalArgument("files", "Strategy source files.", "FILE...");
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    if (parser.positionalArguments().isEmpty())
        return usageError(parser, "lint-strategy needs at least one FILE");
    int findings = 0;
    for (const QString &file : parser.positionalArguments()) {
        const auto result = lintStrategyFile(text(file));
        if (!result)
            return fail(result.error().message());
        for (const LintFinding &finding : *result) {
            std::cout << finding.file << ":" << finding.line << ":" << finding.column << ": " << finding.rule
                      << ": " << finding.message << "\n";
            ++findings;
        }
    }
    if (findings > 0) {
        std::cerr << findings << " finding(s)\n";
        return 1;
    }
    std::cout << parser.positionalArguments().size() << " file(s) clean\n";
    return 0;
}

int runStrategiesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("List the registered strategies and their parameters.");
    parser.addHelpOption();
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    const StrategyRegistry registry = makeRegistry();
    for (const std::string &name : registry.names()) {
        const StrategyInfo *info = registry.find(name);
        std::cout << name << " — " << info->description << " (" << info->origin << ")\n";
        for (const ParamSpec &spec : info->schema.specs()) {
            std::cout << "    " << spec.name << " (" << toString(spec.type) << ", default "
                      << formatParamValue(spec.defaultValue);
            if (spec.minimum && spec.maximum)
                std::cout << ", range [" << *spec.minimum << ", " << *spec.maximum << "]";
            std::cout << "): " << spec.description << "\n";
        }
    }
    return 0;
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
