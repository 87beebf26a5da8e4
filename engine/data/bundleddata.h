#pragma once

// The real sample data shipped in resources/data (provenance in resources/data/README.md),
// imported into the store on first run so that a fresh install can backtest at once.
//
//     auto reports = importBundledData(store, resourceDir + "/data", {"SPY", "TLT"}, "1d");

#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"

#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

struct BundledFile
{
    std::string relativePath; // under resources/data, e.g. "daily/SPY.csv"
    std::string symbol;
    std::string timeframe; // "1d", "1m"
};

std::vector<BundledFile> bundledFiles();

// Imports each bundled file of `timeframe` whose symbol is in symbolsNeeded (every bundled
// symbol of that timeframe when symbolsNeeded is empty) and for which the store has no dataset
// yet. Returns one report per file imported (none when everything is already there). Symbols
// without a bundled file are skipped: they may come from the user's own imports.
Result<std::vector<ImportReport>> importBundledData(BarStore &store,
                                                    const std::string &resourceDataDir,
                                                    const std::vector<std::string> &symbolsNeeded,
                                                    std::string_view timeframe);

} // namespace meridian::engine
