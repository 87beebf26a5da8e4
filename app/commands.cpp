#include "commands.h"

#include "installpaths.h"

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/control/strategylint.h"
#include "engine/control/strategypluginloader.h"
#include "engine/core/civiltime.h"
#include "engine/data/barstore.h"
#include "engine/data/bundleddata.h"
#include "engine/data/corporateactions.h"
#include "engine/data/csvimport.h"
#include "engine/data/dataquality.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/timeframe.h"
#include "engine/features/drift.h"
#include "engine/features/featurecompute.h"
#include "engine/live/realtime/alpacacomponents.h"
#include "engine/live/realtime/liverunner.h"
#include "engine/live/sandbox/sandboxserver.h"
#include "strategies/builtinstrategies.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>
#include <QDir>
#include <QFileInfo>

#include <pthread.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <thread>
#include <tuple>

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

// Parses `arguments`; an exit code when there is nothing more to do (--help, or a usage error).
std::optional<int> parseOrHelp(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return 0;
    }
    return std::nullopt;
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

// --from and --to into `from` and `to`; the usage error when one is malformed.
std::optional<QString> readRange(const QCommandLineParser &parser, std::optional<Timestamp> &from,
                                 std::optional<Timestamp> &to)
{
    for (const auto &[name, endOfDay] : {std::pair{"from", false}, std::pair{"to", true}}) {
        if (!parser.isSet(name))
            continue;
        const auto bound = parseBound(parser.value(name), endOfDay);
        if (!bound)
            return QString("--%1: %2").arg(name, QString::fromStdString(bound.error().message()));
        (endOfDay ? to : from) = *bound;
    }
    return std::nullopt;
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

namespace {

// `import --corporate-actions FILE | --factor-file FILE --symbol SYM`: replaces the symbol's
// actions in the store; raw backtests apply them to positions.
int importCorporateActions(const QCommandLineParser &parser)
{
    if (!parser.isSet("symbol"))
        return usageError(parser, "importing corporate actions needs --symbol");
    const auto symbol = Symbol::parse(text(parser.value("symbol")));
    if (!symbol)
        return usageError(parser, "--symbol: " + QString::fromStdString(symbol.error().message()));
    Result<std::vector<CorporateAction>> actions = Error("");
    if (parser.isSet("corporate-actions")) {
        actions = readCorporateActionsCsv(text(parser.value("corporate-actions")), symbol->toString());
    } else {
        const std::string path = text(parser.value("factor-file"));
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return fail(path + ": cannot open");
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        actions = parseLeanFactorFile(content, symbol->toString(), NyseCalendar(), path);
    }
    if (!actions)
        return fail(actions.error().message());
    const std::string storePath = parser.isSet("store") ? text(parser.value("store")) : defaultStorePath();
    auto store = BarStore::open(storePath);
    if (!store)
        return fail(store.error().message());
    if (Result<void> stored = storeCorporateActions(*store, symbol->toString(), *actions); !stored)
        return fail(stored.error().message());
    std::size_t splits = 0;
    for (const CorporateAction &action : *actions)
        splits += action.type == CorporateActionType::Split ? 1 : 0;
    std::cout << "imported " << actions->size() << " corporate actions of " << symbol->toString()
              << " (" << splits << " splits, " << actions->size() - splits << " dividends) into "
              << storePath << "\n";
    return 0;
}

} // namespace

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
        {"corporate-actions", "Import the symbol's splits and dividends from a CSV "
                              "(ex_date,type,value,split_ratio[,pay_date]) instead of bars.", "FILE"},
        {"factor-file", "Import the symbol's splits and dividends from a LEAN factor file.", "FILE"},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    if (parser.isSet("corporate-actions") || parser.isSet("factor-file"))
        return importCorporateActions(parser);
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
    options.checkQuality = true;
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
    if (report->quality)
        std::cout << "quality: " << formatQualityReport(*report->quality, 5);
    return 0;
}

namespace {

int listDatasets(const BarStore &store)
{
    const auto datasets = store.datasets();
    if (!datasets)
        return fail(datasets.error().message());
    std::printf("%-8s %-9s %-22s %-22s %9s %7s\n", "SYMBOL", "TIMEFRAME", "FIRST", "LAST", "ROWS", "VERSION");
    for (const DatasetInfo &d : *datasets)
        std::printf("%-8s %-9s %-22s %-22s %9lld %7d\n", d.symbol.c_str(), d.timeframe.c_str(),
                    formatIso(d.first).c_str(), formatIso(d.last).c_str(), static_cast<long long>(d.rows),
                    d.version);
    if (datasets->empty())
        std::printf("(no datasets in %s)\n", store.path().c_str());
    return 0;
}

// `data check`: the quality report of the latest dataset of each (symbol, timeframe), or of the
// symbols named. Exit code 0 either way: issues are findings, not failures.
int checkDatasets(const QCommandLineParser &parser, const BarStore &store)
{
    const auto datasets = store.datasets();
    if (!datasets)
        return fail(datasets.error().message());
    QualitySettings settings;
    bool ok = true;
    if (parser.isSet("z"))
        settings.outlierZ = parser.value("z").toDouble(&ok);
    if (!ok || !(settings.outlierZ > 0))
        return usageError(parser, "--z: expected a positive number");
    if (parser.isSet("stale"))
        settings.staleBars = parser.value("stale").toULongLong(&ok);
    if (!ok || settings.staleBars < 2)
        return usageError(parser, "--stale: expected a whole number of bars, at least 2");
    const std::size_t show = parser.isSet("show") ? parser.value("show").toULongLong() : 10;
    const QStringList symbols = parser.values("symbol");
    const NyseCalendar calendar;
    std::size_t checked = 0;
    for (std::size_t i = 0; i < datasets->size(); ++i) {
        const DatasetInfo &d = (*datasets)[i];
        const bool newest = i + 1 == datasets->size() || (*datasets)[i + 1].symbol != d.symbol
                            || (*datasets)[i + 1].timeframe != d.timeframe;
        if (!newest || (!symbols.isEmpty() && !symbols.contains(QString::fromStdString(d.symbol)))
            || (parser.isSet("timeframe") && text(parser.value("timeframe")) != d.timeframe))
            continue;
        const auto timeframe = Timeframe::parse(d.timeframe);
        const auto bars = loadBars(store, d, InstrumentId(1), Timestamp::min(), Timestamp::max(),
                                   Adjustment::Raw);
        if (!timeframe || !bars)
            return fail(!timeframe ? timeframe.error().message() : bars.error().message());
        const auto actions = loadCorporateActions(store, d.symbol);
        if (!actions)
            return fail(actions.error().message());
        std::cout << formatQualityReport(checkBars(d.symbol, *timeframe, *bars, calendar, settings, *actions),
                                         show);
        ++checked;
    }
    if (checked == 0)
        std::cout << "(no matching datasets in " << store.path() << ")\n";
    return 0;
}

} // namespace

int runDataCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Market data in the store. Subcommands: list, check.");
    parser.addHelpOption();
    parser.addPositionalArgument("list|check", "list: the datasets (symbol, timeframe, first/last "
                                               "time, rows, version); check: data-quality report "
                                               "per symbol (missing bars against the NYSE "
                                               "calendar, outliers, zero volume, duplicates, "
                                               "out-of-order and stale prices).");
    parser.addOptions({
        {"store", "SQLite bar store.", "PATH"},
        {"symbol", "check: only this symbol (repeatable).", "SYM"},
        {"timeframe", "check: only this timeframe.", "TF"},
        {"z", "check: outlier threshold, |z-score| of the close-to-close return (default 8).", "Z"},
        {"stale", "check: bars with an unchanged close that count as stale (default 5).", "N"},
        {"show", "check: issues listed per symbol (default 10).", "N"},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    const QStringList positional = parser.positionalArguments();
    if (positional != QStringList{"list"} && positional != QStringList{"check"})
        return usageError(parser, "usage: meridian data list|check [--store PATH]");
    const std::string storePath = parser.isSet("store") ? text(parser.value("store")) : defaultStorePath();
    auto store = BarStore::open(storePath);
    if (!store)
        return fail(store.error().message());
    return positional.front() == "list" ? listDatasets(*store) : checkDatasets(parser, *store);
}

int runLintCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Check strategy sources: no wall clock, no I/O, no mutable globals, SDK includes only.");
    parser.addHelpOption();
    parser.addPositionalArgument("files", "Strategy source files.", "FILE...");
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
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
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
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

namespace {

// `features compute --drift REF,RECENT`: the first output through a DriftMonitor; every alert,
// then the final statistics.
int reportDrift(const QCommandLineParser &parser, const FeatureComputeRequest &request,
                const FeatureTable &table)
{
    const QStringList sizes = parser.value("drift").split(',');
    DriftSettings settings;
    bool okReference = false;
    bool okRecent = false;
    if (sizes.size() == 2) {
        settings.referenceSize = sizes[0].toULongLong(&okReference);
        settings.recentSize = sizes[1].toULongLong(&okRecent);
    }
    if (!okReference || !okRecent || settings.referenceSize < 2 || settings.recentSize < 2)
        return usageError(parser, "--drift: expected REF,RECENT sample sizes, e.g. 250,60");
    DriftMonitor monitor(table.versions.empty() ? request.feature : table.versions.front(),
                         request.symbol, settings);
    std::size_t alerts = 0;
    for (std::size_t row = 0; row < table.times.size(); ++row)
        if (const std::optional<DriftAlert> alert = monitor.observe(table.times[row], table.values[0][row])) {
            std::cout << alert->message << "\n";
            ++alerts;
        }
    std::cout << alerts << " drift alert(s); last PSI " << monitor.lastPsi() << ", KS "
              << monitor.lastKs() << "\n";
    return 0;
}

int listFeatures(const FeatureRegistry &registry)
{
    for (const auto &definition : registry.all()) {
        const IndicatorInfo *info = registry.indicators().find(definition->indicator);
        std::cout << definition->name << " — " << definition->description << " (version "
                  << definition->version << ", "
                  << (info != nullptr && info->pane == IndicatorPane::Price ? "price overlay"
                                                                            : "own pane");
        if (definition->inputFeature)
            std::cout << ", input " << *definition->inputFeature;
        else if (definition->field != RawField::Close)
            std::cout << ", input " << toString(definition->field);
        std::cout << ")\n";
        for (const IndicatorParam &param : registry.params(*definition))
            std::cout << "    " << param.name << " (default "
                      << formatIndicatorNumber(param.defaultValue) << ", range ["
                      << formatIndicatorNumber(param.minimum) << ", "
                      << formatIndicatorNumber(param.maximum) << "]): " << param.description
                      << "\n";
    }
    std::cout << "\nIndicators with several outputs or two series (compute --feature NAME):\n";
    for (const IndicatorInfo &info : registry.indicators().all()) {
        if (info.outputs.size() < 2 && !info.needsBenchmark)
            continue;
        std::cout << info.name << " -> ";
        for (std::size_t i = 0; i < info.outputs.size(); ++i)
            std::cout << (i == 0 ? "" : ",") << info.outputs[i];
        std::cout << (info.needsBenchmark ? " (needs --benchmark SYM)" : "") << "\n";
    }
    return 0;
}

} // namespace

int runFeaturesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Features and indicators. Subcommands: list, compute.");
    parser.addHelpOption();
    parser.addPositionalArgument("list|compute", "list: every feature with its parameters; "
                                                 "compute: one feature over a stored dataset.");
    parser.addOptions({
        {"store", "SQLite bar store (default ~/.local/share/meridian/market.db).", "PATH"},
        {"symbol", "Symbol, e.g. SPY.", "SYM"},
        {"timeframe", "Bar length of the dataset (default 1d).", "TF"},
        {"feature", "Feature or indicator name (see `features list`).", "NAME"},
        {"param", "A parameter, e.g. period=14 (repeatable).", "K=V"},
        {"benchmark", "Second symbol for correlation and beta.", "SYM"},
        {"from", "First date (YYYY-MM-DD, New York) or ISO-8601 time; warm-up starts here.", "DATE"},
        {"to", "Last date, inclusive.", "DATE"},
        {"csv", "Write timestamp,<outputs> to FILE instead of standard output.", "FILE"},
        {"no-cache", "Compute without reading or writing the feature cache."},
        {"drift", "Instead of the values, monitor drift: REF values as the reference sample, "
                  "the last RECENT values compared with it (PSI and KS).", "REF,RECENT"},
        {"no-bundled-data", "Do not import the bundled sample data into an empty store."},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    const FeatureRegistry registry = FeatureRegistry::builtin();
    const QStringList positional = parser.positionalArguments();
    if (positional == QStringList{"list"})
        return listFeatures(registry);
    if (positional != QStringList{"compute"})
        return usageError(parser, "usage: meridian features list | features compute --symbol S "
                                  "--feature F [--param k=v] [--from D] [--to D] [--csv FILE]");
    for (const char *required : {"symbol", "feature"})
        if (!parser.isSet(required))
            return usageError(parser, QString("features compute needs --%1").arg(required));

    FeatureComputeRequest request;
    request.symbol = text(parser.value("symbol"));
    request.feature = text(parser.value("feature"));
    request.benchmark = text(parser.value("benchmark"));
    request.useCache = !parser.isSet("no-cache");
    if (parser.isSet("timeframe")) {
        const auto timeframe = Timeframe::parse(text(parser.value("timeframe")));
        if (!timeframe)
            return usageError(parser, "--timeframe: " + QString::fromStdString(timeframe.error().message()));
        request.timeframe = timeframe->text;
    }
    for (const QString &param : parser.values("param")) {
        const qsizetype eq = param.indexOf('=');
        bool ok = false;
        const double value = eq > 0 ? param.mid(eq + 1).toDouble(&ok) : 0.0;
        if (!ok)
            return usageError(parser, "--param: expected NAME=NUMBER, got '" + param + "'");
        request.params[text(param.left(eq))] = value;
    }
    if (const std::optional<QString> bad = readRange(parser, request.from, request.to))
        return usageError(parser, *bad);

    const std::string storePath = parser.isSet("store") ? text(parser.value("store")) : defaultStorePath();
    auto store = BarStore::open(storePath);
    if (!store)
        return fail(store.error().message());
    if (!parser.isSet("no-bundled-data")) {
        std::vector<std::string> symbols{request.symbol};
        if (!request.benchmark.empty())
            symbols.push_back(request.benchmark);
        const auto imported = importBundledData(*store, text(bundledDataDir()), symbols, request.timeframe);
        if (!imported)
            return fail(imported.error().message());
    }
    const auto table = computeFeatureTable(*store, registry, request);
    if (!table)
        return fail(table.error().message());
    if (parser.isSet("drift"))
        return reportDrift(parser, request, *table);
    const std::string csv = featureTableCsv(*table);
    if (!parser.isSet("csv")) {
        std::cout << csv;
        return 0;
    }
    if (!writeFile(text(parser.value("csv")), csv))
        return 1;
    std::cout << "wrote " << table->times.size() << " rows of " << request.feature << " on "
              << table->dataset << " to " << text(parser.value("csv"))
              << (table->fromCache ? " (from the feature cache)" : "") << "\n";
    for (const std::string &version : table->versions)
        std::cout << "  " << version << "\n";
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

namespace {

// SIGINT/SIGTERM only set this flag (all a signal handler may safely do); a timer in the event
// loop turns it into a clean quit. It is the one piece of process-wide state the handler needs.
volatile std::sig_atomic_t stopRequested = 0;

void requestStop(int)
{
    stopRequested = 1;
}

// The fault switches of the command line as the JSON that POST /_sandbox/faults takes.
std::optional<QJsonObject> sandboxFaults(const QCommandLineParser &parser, QString &error)
{
    QJsonObject faults;
    if (parser.isSet("reject-next-order"))
        faults.insert("reject_next_order", parser.value("reject-next-order"));
    for (const auto &[option, key] :
         {std::pair{"http-status", "http_status"}, std::pair{"fault-count", "count"},
          std::pair{"delay-ms", "delay_ms"}, std::pair{"handshake-429", "handshake_429"}}) {
        if (!parser.isSet(option))
            continue;
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < 0) {
            error = QString("--%1: '%2' is not a non-negative integer")
                        .arg(option, parser.value(option));
            return std::nullopt;
        }
        faults.insert(key, value);
    }
    if (parser.isSet("fault-path"))
        faults.insert("path", parser.value("fault-path"));
    for (const auto &[option, key] : {std::pair{"commit-then-drop", "commit_then_drop"},
                                      std::pair{"duplicate-events", "duplicate_events"}}) {
        if (parser.isSet(option))
            faults.insert(key, true);
    }
    return faults;
}

} // namespace

int runSandboxCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "A loopback Alpaca stand-in replaying stored bars (shared/alpaca/SANDBOX.md). Prints its "
        "URLs and runs until SIGINT/SIGTERM. Fault switches can also be set at run time with "
        "POST /_sandbox/faults.");
    parser.addHelpOption();
    parser.addOptions({
        {"store", "SQLite bar store (default: the user's store).", "PATH"},
        {"symbols", "Comma-separated symbols to replay and trade.", "SYMS"},
        {"timeframe", "1Min or 1Day (default 1Min).", "TF"},
        {"from", "First bar (date or ISO-8601 time, New York).", "WHEN"},
        {"to", "Last bar (date includes the whole day).", "WHEN"},
        {"speed", "max (advance only through POST /_sandbox/step) or Nx market time (default max).",
         "SPEED"},
        {"port", "Port on 127.0.0.1 (0 = a free port; default 0).", "PORT"},
        {"key-id", "Expected API key id (default $APCA_API_KEY_ID).", "KEY"},
        {"secret", "Expected API secret (default $APCA_API_SECRET_KEY).", "SECRET"},
        {"seed", "Random seed for partial fills and ids (default 1).", "N"},
        {"partial-fill-p", "Probability of a partial fill (default 0.1).", "P"},
        {"latency-ms", "pending_new -> new delay (default 0).", "MS"},
        {"initial-cash", "Starting cash (default 100000).", "USD"},
        {"shorting", "Allow short sales."},
        {"day-expiry", "What an unfilled day order becomes at the close: expired|canceled.",
         "STATE"},
        {"rate-limit", "Requests per minute (default 200).", "N"},
        {"slippage-bps", "Market fills this many basis points worse than the open (default 0).",
         "BPS"},
        {"max-participation", "Cap each execution at this fraction of the bar's volume (0 = off).",
         "F"},
        {"binary-frames", "Send trade_updates in binary frames, like paper."},
        {"corrections", "Re-send every Nth published minute bar as a `u` correction (0 = off).",
         "N"},
        {"corrections-after-ms", "Market time from a bar's end to its correction (default 30000).",
         "MS"},
        {"max-symbols", "Refuse data subscriptions of more symbols with 405 (0 = no limit).", "N"},
        {"slow-client-bytes", "Cut data clients with more unsent bytes with 407 (0 = no limit).",
         "BYTES"},
        {"data-feeds",
         "Comma-separated data feeds the keys may use (default all); others get 409.", "FEEDS"},
        {"journal",
         "Append every HTTP exchange and trading-stream frame to this JSONL file "
         "(keys and secrets left out).",
         "PATH"},
        {"reject-next-order", "403_bp|403_qty|422|post_accept for the next order.", "MODE"},
        {"http-status", "Fail the next --fault-count requests with 429|500|502|503.", "STATUS"},
        {"fault-count", "How many requests --http-status fails (default 1).", "N"},
        {"fault-path", "Path prefix --http-status and --delay-ms apply to.", "PATH"},
        {"delay-ms", "Delay responses by this many milliseconds.", "MS"},
        {"commit-then-drop", "Create the next order but drop the connection instead of answering."},
        {"duplicate-events", "Send every trade update twice (same execution_id)."},
        {"handshake-429", "Answer the next N WebSocket upgrades with HTTP 429.", "N"},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;

    live::SandboxConfig config;
    config.keyId
        = parser.isSet("key-id") ? parser.value("key-id") : qEnvironmentVariable("APCA_API_KEY_ID");
    config.secret = parser.isSet("secret") ? parser.value("secret")
                                           : qEnvironmentVariable("APCA_API_SECRET_KEY");
    if (config.keyId.isEmpty() || config.secret.isEmpty())
        return usageError(
            parser, "--key-id and --secret (or APCA_API_KEY_ID/APCA_API_SECRET_KEY) are required");
    config.storePath = parser.isSet("store") ? parser.value("store")
                                             : QString::fromStdString(defaultStorePath());
    config.symbols = parser.value("symbols").split(',', Qt::SkipEmptyParts);
    if (config.symbols.isEmpty())
        return usageError(parser, "--symbols is required, e.g. --symbols SPY,AAPL");
    if (parser.isSet("timeframe"))
        config.timeframe = parser.value("timeframe");
    if (const auto bad = readRange(parser, config.from, config.to))
        return usageError(parser, *bad);
    const QString speed = parser.isSet("speed") ? parser.value("speed") : QString("max");
    if (speed != "max") {
        bool ok = false;
        config.speed = speed.endsWith('x') ? speed.chopped(1).toDouble(&ok) : 0.0;
        if (!ok || config.speed <= 0)
            return usageError(parser,
                              QString("--speed: '%1' is neither max nor Nx (e.g. 60x)").arg(speed));
    }
    auto number = [&](const char *option, double low, double high, double &out) -> bool {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || value < low || value > high)
            return false;
        out = value;
        return true;
    };
    double port = 0;
    double seed = 1;
    double partial = config.partialFillP;
    double latency = 0;
    double rate = config.rateLimitPerMinute;
    double slippage = 0;
    double participation = 0;
    double corrections = 0;
    double correctionsAfter = config.correctionAfterMs;
    double maxSymbols = 0;
    double slowClient = 0;
    for (const auto &[option, low, high, target] :
         {std::tuple{"port", 0.0, 65535.0, &port}, std::tuple{"seed", 0.0, 9e15, &seed},
          std::tuple{"partial-fill-p", 0.0, 1.0, &partial},
          std::tuple{"latency-ms", 0.0, 600000.0, &latency},
          std::tuple{"rate-limit", 1.0, 1e6, &rate},
          std::tuple{"slippage-bps", 0.0, 1000.0, &slippage},
          std::tuple{"max-participation", 0.0, 1.0, &participation},
          std::tuple{"corrections", 0.0, 1e6, &corrections},
          std::tuple{"corrections-after-ms", 0.0, 86'400'000.0, &correctionsAfter},
          std::tuple{"max-symbols", 0.0, 1e6, &maxSymbols},
          std::tuple{"slow-client-bytes", 0.0, 1e12, &slowClient}}) {
        if (!number(option, low, high, *target))
            return usageError(parser, QString("--%1: '%2' is not a number in [%3, %4]")
                                          .arg(option, parser.value(option))
                                          .arg(low)
                                          .arg(high));
    }
    config.seed = std::uint64_t(seed);
    config.partialFillP = partial;
    config.latencyMs = int(latency);
    config.rateLimitPerMinute = int(rate);
    config.slippageBps = int(slippage);
    config.maxParticipation = participation;
    config.correctionEvery = int(corrections);
    config.correctionAfterMs = int(correctionsAfter);
    config.maxSymbolsPerSubscription = int(maxSymbols);
    config.slowClientBytes = qint64(slowClient);
    config.dataFeeds = parser.value("data-feeds").split(',', Qt::SkipEmptyParts);
    for (const QString &feed : std::as_const(config.dataFeeds)) {
        if (!QStringList{"iex", "sip", "delayed_sip", "test"}.contains(feed))
            return usageError(
                parser,
                QString("--data-feeds: '%1' is not iex, sip, delayed_sip or test").arg(feed));
    }
    if (parser.isSet("initial-cash")) {
        const auto cash = Money::parse(text(parser.value("initial-cash")));
        if (!cash || !cash->isPositive())
            return usageError(parser, "--initial-cash: not a positive decimal amount");
        config.initialCash = *cash;
    }
    config.shortingEnabled = parser.isSet("shorting");
    config.binaryFrames = parser.isSet("binary-frames");
    config.journalPath = parser.value("journal");
    if (parser.isSet("day-expiry")) {
        const QString state = parser.value("day-expiry");
        if (state != "expired" && state != "canceled")
            return usageError(parser, "--day-expiry: expected expired or canceled");
        config.dayExpiryCancels = state == "canceled";
    }
    QString faultError;
    const auto faults = sandboxFaults(parser, faultError);
    if (!faults)
        return usageError(parser, faultError);

    live::SandboxServer sandbox(config);
    if (const auto started = sandbox.start(quint16(port)); !started)
        return fail(started.error().message());
    if (!faults->isEmpty()) {
        if (const auto applied = sandbox.applyFaults(*faults); !applied)
            return fail(applied.error().message());
    }
    std::cout << "trading: " << text(sandbox.tradingBaseUrl().toString()) << "\n"
              << "trading stream: " << text(sandbox.tradingStreamUrl().toString()) << "\n"
              << "data: " << text(sandbox.dataBaseUrl().toString()) << "\n"
              << "data stream: " << text(sandbox.dataStreamUrl("iex").toString()) << "\n"
              << "control: " << text(sandbox.tradingBaseUrl().toString())
              << "/_sandbox/{faults,reset,step}\n"
              << std::flush;

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [] {
        if (stopRequested)
            QCoreApplication::quit();
    });
    poll.start(100);
    QObject::connect(&sandbox, &live::SandboxServer::finished, [] {
        std::cout << "replay finished; still serving until SIGINT/SIGTERM\n" << std::flush;
    });
    QCoreApplication::exec();
    sandbox.stop();
    std::cout << "sandbox stopped\n";
    return 0;
}

namespace {

// The realtime feeds and broker adapters of this build: what `meridian run` can connect to —
// Alpaca's data stream and trading API (or whatever data.url / data.stream_url /
// execution.trading_url point at, such as `meridian sandbox`).
live::LiveOptions liveComponents()
{
    return live::alpacaLiveOptions();
}

// Ctrl+C (SIGINT) and SIGTERM stop the run cleanly. The signals are blocked in this thread and
// every thread started after it, and taken by one thread with sigwait(), which may then do
// anything (a signal handler could only set a flag).
class StopOnSignal
{
public:
    explicit StopOnSignal(live::LiveRunner &runner)
    {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        sigaddset(&m_signals, SIGUSR1); // from the destructor: the run is over
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
        m_thread = std::thread([this, &runner] {
            int signal = 0;
            while (sigwait(&m_signals, &signal) == 0 && signal != SIGUSR1) {
                std::cerr << "\nmeridian: " << (signal == SIGINT ? "interrupted" : "terminated")
                          << ": stopping (working orders are handled as execution.on_stop says)\n";
                runner.requestStop();
            }
        });
    }
    ~StopOnSignal()
    {
        pthread_kill(m_thread.native_handle(), SIGUSR1);
        m_thread.join();
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }
    StopOnSignal(const StopOnSignal &) = delete;
    StopOnSignal &operator=(const StopOnSignal &) = delete;

private:
    sigset_t m_signals{};
    sigset_t m_previous{};
    std::thread m_thread;
};

// What the run is about to do, impossible to overlook.
void printModeBanner(const EngineConfig &config)
{
    const bool live = config.mode == RunMode::Live;
    const std::string rule(64, live ? '!' : '=');
    std::string where;
    if (config.execution.type == ExecutionConfig::Type::Simulated)
        where = "simulated execution: no order leaves this machine";
    else
        where = "orders go to " + config.execution.broker + ", " + config.execution.endpoint
                + " endpoint";
    std::cout << rule << "\n  " << live::modeBanner(config.mode) << "  (" << where << ")\n"
              << "  config: " << config.sourcePath << "\n"
              << rule << "\n"
              << std::flush;
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Run a paper or live configuration until Ctrl+C, then print "
                                     "its summary.");
    parser.addHelpOption();
    parser.addOptions({
        {"config", "Environment YAML (mode: paper or live).", "FILE"},
        {"confirm-live", "Confirm that a live configuration trades real money (needed, together "
                         "with execution.confirm_live: true, for mode: live)."},
    });
    if (const std::optional<int> done = parseOrHelp(parser, arguments))
        return *done;
    if (!parser.isSet("config"))
        return usageError(parser, "run needs --config FILE");
    const StrategyRegistry registry = makeRegistry();
    const ConfigLoader loader(registry);
    const auto config = loader.loadFile(text(parser.value("config")));
    if (!config)
        return fail(config.error().message());
    printModeBanner(*config);

    live::LiveOptions options = liveComponents();
    options.confirmLive = parser.isSet("confirm-live");
    options.retainOrderLog = false;
    if (const std::optional<Error> refused = live::checkLiveSetup(*config, options))
        return fail(refused->message());
    live::LiveRunner runner(*config, registry, std::move(options));
    std::optional<Result<live::LiveResult>> result;
    {
        const StopOnSignal stopOnSignal(runner);
        std::cout << "Running; Ctrl+C stops.\n" << std::flush;
        result.emplace(runner.run());
    }
    if (!*result)
        return fail((*result).error().message());
    const live::LiveResult &run = **result;
    std::cout << "\n"
              << live::modeBanner(run.mode) << " run stopped.\n"
              << backtestSummary(run.run);
    if (!run.leftWorking.empty())
        std::cout << "Orders left working (execution.on_stop: keep): " << run.leftWorking.size()
                  << "\n";
    if (run.cancellationsUnconfirmed)
        std::cerr << "meridian: warning: the broker did not confirm every cancellation in time; "
                     "check the open orders at the broker\n";
    return run.cancellationsUnconfirmed ? 1 : 0;
}

} // namespace meridian::app
