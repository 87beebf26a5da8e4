#pragma once

// FeatureCache: computed feature series kept in the market-data store's SQLite file, keyed by
// dataset version + feature version + parameters + bar range. A re-import makes a new dataset
// version and a changed definition or parameter a new feature version, so a cached series can
// never be served for data or a definition it was not computed from.
//
//     auto cache = FeatureCache::attach(store);
//     auto series = computeFeatureSeries(registry, *spec, bars);      // same code as a run
//     cache->put(dataset, *spec, from, to, series);
//     cache->get(dataset, *spec, from, to);        // std::optional<FeatureSeries>
//
// Tables: feature_series(id, dataset_id, dataset, feature, version, version_hash, params,
//   range_from, range_to, rows, UNIQUE(dataset_id, version_hash, params, range_from, range_to))
//   feature_values(series_id, ts, value, PRIMARY KEY(series_id, ts)) WITHOUT ROWID.

#include "engine/core/event.h"
#include "engine/core/result.h"
#include "engine/data/barstore.h"
#include "engine/features/featureregistry.h"

#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace meridian::engine {

// A feature's values, one per bar from its first ready bar on.
struct FeatureSeries
{
    std::vector<Timestamp> times;
    std::vector<double> values;
    bool operator==(const FeatureSeries &) const = default;
};

// Runs the feature over bars of one instrument through a FeatureStore (the code a run uses),
// keeping valid values only.
Result<FeatureSeries> computeFeatureSeries(const FeatureRegistry &registry, const FeatureSpec &spec,
                                           std::span<const std::pair<Timestamp, BarData>> bars);

class FeatureCache
{
public:
    // Creates the cache tables in the store's database if missing. The store must outlive it.
    static Result<FeatureCache> attach(const BarStore &store);

    Result<std::optional<FeatureSeries>> get(const DatasetInfo &dataset, const FeatureSpec &spec,
                                             Timestamp from, Timestamp to) const;
    // Replaces any series under the same key.
    Result<void> put(const DatasetInfo &dataset, const FeatureSpec &spec, Timestamp from,
                     Timestamp to, const FeatureSeries &series);

private:
    explicit FeatureCache(const BarStore &store)
        : m_store(&store)
    {}
    const BarStore *m_store;
};

} // namespace meridian::engine
