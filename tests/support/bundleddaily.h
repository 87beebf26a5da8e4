#pragma once

// Tests: import the bundled daily CSVs (resources/data/daily/<SYMBOL>.csv) of some symbols into
// a bar store as 1d datasets.

#include "engine/data/csvimport.h"

#include <initializer_list>
#include <string>

namespace meridian::engine::testing {

inline bool importBundledDaily(BarStore &store, std::initializer_list<const char *> symbols)
{
    for (const char *symbol : symbols) {
        ImportOptions options;
        options.symbol = symbol;
        options.timeframe = *Timeframe::parse("1d");
        const std::string file
            = std::string(MERIDIAN_SOURCE_DIR "/resources/data/daily/").append(symbol).append(".csv");
        if (!importCsvFile(store, file, options))
            return false;
    }
    return true;
}

} // namespace meridian::engine::testing
