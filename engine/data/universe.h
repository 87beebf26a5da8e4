#pragma once

// Universe: a named list of symbols with metadata (name, sector, exchange) from a YAML file in
// config/universes/, and filters that pick the tradable part of it on a date: average daily
// dollar volume (mean of close × volume over the last `advWindow` bars up to that date) and the
// last close within [minPrice, maxPrice].
//
//     auto universe = loadUniverseFile("config/universes/us_sample.yaml");
//     UniverseFilter filter;
//     filter.minAverageDollarVolume = 50e6;
//     filter.minPrice = 5;
//     auto selection = filterUniverse(*universe, store, "1d", asOf, filter);
//     selection->selected;     // symbols that pass; selection->excluded says why the others don't
//
// File format (filters optional; min_adv in dollars, prices in the bars' currency):
//     name: us_sample
//     filters: {min_adv: 50000000, adv_window: 20, min_price: 5, max_price: 1000}
//     symbols:
//       - {symbol: SPY, name: SPDR S&P 500 ETF Trust, sector: Broad market ETF, exchange: NYSE
//       Arca}

#include "engine/core/result.h"
#include "engine/core/timestamp.h"
#include "engine/data/barstore.h"

#include <optional>
#include <string>
#include <vector>

namespace meridian::engine {

struct UniverseMember
{
    std::string symbol;
    std::string name;
    std::string sector;
    std::string exchange;
};

struct UniverseFilter
{
    std::optional<double> minAverageDollarVolume;
    std::size_t advWindow = 20;
    std::optional<double> minPrice;
    std::optional<double> maxPrice;
    std::optional<std::string> sector;
    bool any() const; // is any filter set
};

struct Universe
{
    std::string name;
    std::vector<UniverseMember> members;
    UniverseFilter filter; // the file's `filters` (min_adv, adv_window, min_price, ...)
    const UniverseMember *find(const std::string &symbol) const;
};

// Errors name the file, line and key ("u.yaml:4:7: symbols[1].symbol: 'spy!' is not a symbol").
Result<Universe> parseUniverse(const std::string &yaml, const std::string &source);
Result<Universe> loadUniverseFile(const std::string &path);

// The file of a universe given by name ("us_sample" -> DIR/us_sample.yaml) or by path (with a
// '/' or a .yaml extension), looked up in each directory in order; none when no file exists.
std::optional<std::string> findUniverseFile(const std::string &nameOrPath,
                                            const std::vector<std::string> &directories);

struct UniverseMetrics
{
    std::string symbol;
    double averageDollarVolume = 0;
    double lastClose = 0;
    std::size_t bars = 0; // in the ADV window
};

struct UniverseSelection
{
    std::vector<UniverseMetrics> selected;
    std::vector<std::pair<std::string, std::string>> excluded; // symbol, why
};

// Bars up to and including `asOf` of each member's latest dataset of `timeframe`.
Result<UniverseSelection> filterUniverse(const Universe &universe,
                                         const BarStore &store,
                                         const std::string &timeframe,
                                         Timestamp asOf,
                                         const UniverseFilter &filter);

} // namespace meridian::engine
