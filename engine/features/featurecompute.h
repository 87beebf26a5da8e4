#pragma once

// What `meridian features compute` does, as a function: one feature (or every output of an
// indicator) over one stored dataset, through the SQLite feature cache, as a table that writes
// to CSV as `timestamp,<output names>`, one row per bar from the first ready value.
//
//     FeatureComputeRequest request{.symbol = "SPY", .feature = "bollinger"};
//     auto table = computeFeatureTable(store, FeatureRegistry::builtin(), request);
//     std::string csv = featureTableCsv(*table);    // timestamp,middle,upper,lower
//
// `feature` is a feature name ("rsi", "bollinger.upper", "return_volatility"), or an indicator
// name, which gives all its outputs ("bollinger" → middle, upper, lower; "beta" needs
// `benchmark`, a second stored symbol, and is computed on the dates both have).

#include "engine/data/barstore.h"
#include "engine/features/featureregistry.h"

#include <optional>
#include <string>
#include <vector>

namespace meridian::engine {

struct FeatureComputeRequest
{
    std::string symbol;
    std::string timeframe = "1d";
    std::string feature;
    IndicatorParams params;
    std::optional<Timestamp> from; // inclusive; the warm-up starts here
    std::optional<Timestamp> to;   // inclusive
    std::string benchmark;         // two-series indicators only
    bool useCache = true;
};

struct FeatureTable
{
    std::vector<std::string> columns;
    std::vector<Timestamp> times;
    std::vector<std::vector<double>> values; // values[column][row]
    std::vector<std::string> versions;       // feature versions computed (empty: indicator only)
    std::string dataset;                     // "SPY 1d v1"
    bool fromCache = false;                  // every column came from the cache
};

Result<FeatureTable> computeFeatureTable(const BarStore &store, const FeatureRegistry &registry,
                                         const FeatureComputeRequest &request);
// "timestamp,<columns>\n" then one row per bar: ISO-8601 UTC time, values in shortest
// round-trip form.
std::string featureTableCsv(const FeatureTable &table);

} // namespace meridian::engine
