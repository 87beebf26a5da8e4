#include "engine/data/bundleddata.h"

#include <algorithm>

namespace meridian::engine {

std::vector<BundledFile> bundledFiles()
{
    return {
        {"daily/SPY.csv", "SPY", "1d"},   {"daily/TLT.csv", "TLT", "1d"},
        {"daily/AGG.csv", "AGG", "1d"},   {"daily/QQQ.csv", "QQQ", "1d"},
        {"daily/AAPL.csv", "AAPL", "1d"}, {"daily/IBM.csv", "IBM", "1d"},
        {"minute/SPY.csv", "SPY", "1m"},  {"minute/AAPL.csv", "AAPL", "1m"},
    };
}

Result<std::vector<ImportReport>> importBundledData(BarStore &store,
                                                    const std::string &resourceDataDir,
                                                    const std::vector<std::string> &symbolsNeeded,
                                                    std::string_view timeframe)
{
    const auto parsedTimeframe = Timeframe::parse(timeframe);
    if (!parsedTimeframe)
        return parsedTimeframe.error();
    std::vector<ImportReport> reports;
    for (const BundledFile &file : bundledFiles()) {
        if (file.timeframe != parsedTimeframe->text)
            continue;
        if (!symbolsNeeded.empty()
            && std::find(symbolsNeeded.begin(), symbolsNeeded.end(), file.symbol)
                   == symbolsNeeded.end())
            continue;
        const auto existing = store.latestDataset(file.symbol, file.timeframe);
        if (!existing)
            return existing.error().withContext(store.path());
        if (*existing)
            continue;
        ImportOptions options;
        options.symbol = file.symbol;
        options.timeframe = *parsedTimeframe;
        auto report = importCsvFile(store, resourceDataDir + "/" + file.relativePath, options);
        if (!report)
            return report.error();
        reports.push_back(std::move(*report));
    }
    return reports;
}

} // namespace meridian::engine
