// `meridian import` (bars, corporate actions) and `meridian data list|check`.

#include "commandline.h"
#include "commands.h"

#include "engine/core/nysecalendar.h"
#include "engine/data/barstore.h"
#include "engine/data/corporateactions.h"
#include "engine/data/csvimport.h"
#include "engine/data/dataquality.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/timeframe.h"

#include <QCommandLineParser>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

namespace meridian::app {

using namespace meridian::engine;

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

} // namespace meridian::app
