// `meridian features list|compute`.

#include "commandline.h"
#include "commands.h"
#include "installpaths.h"

#include "engine/data/barstore.h"
#include "engine/data/bundleddata.h"
#include "engine/data/timeframe.h"
#include "engine/features/drift.h"
#include "engine/features/featurecompute.h"

#include <QCommandLineParser>

#include <iostream>

namespace meridian::app {

using namespace meridian::engine;

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

} // namespace meridian::app
