#include "engine/features/featurecompute.h"

#include "engine/core/civiltime.h"
#include "engine/data/historicaldatasource.h"
#include "engine/features/featurecache.h"

#include <charconv>

namespace meridian::engine {

namespace {

struct LoadedBars
{
    DatasetInfo dataset;
    std::vector<std::pair<Timestamp, BarData>> bars;
};

Result<LoadedBars> load(const BarStore &store, const std::string &symbol,
                        const FeatureComputeRequest &request)
{
    auto dataset = store.latestDataset(symbol, request.timeframe);
    if (!dataset)
        return dataset.error();
    if (!*dataset)
        return Error("no " + request.timeframe + " dataset of " + symbol + " in " + store.path()
                     + " (import one with `meridian import`)");
    auto bars = loadBars(store, **dataset, InstrumentId(1), request.from.value_or(Timestamp::min()),
                         request.to.value_or(Timestamp::max()), Adjustment::Raw);
    if (!bars)
        return bars.error();
    return LoadedBars{**dataset, std::move(*bars)};
}

std::string label(const DatasetInfo &dataset)
{
    return dataset.symbol + " " + dataset.timeframe + " v" + std::to_string(dataset.version);
}

// A two-series indicator on the dates both symbols have.
Result<FeatureTable> pairTable(const BarStore &store, const IndicatorRegistry &indicators,
                               const IndicatorInfo &info, const FeatureComputeRequest &request)
{
    if (request.benchmark.empty())
        return Error(info.name + " compares two series: name the second with a benchmark symbol");
    Result<LoadedBars> asset = load(store, request.symbol, request);
    if (!asset)
        return asset.error();
    Result<LoadedBars> benchmark = load(store, request.benchmark, request);
    if (!benchmark)
        return benchmark.error();
    std::vector<IndicatorBar> joined;
    std::size_t j = 0;
    for (const auto &[time, bar] : asset->bars) {
        while (j < benchmark->bars.size() && benchmark->bars[j].first < time)
            ++j;
        if (j == benchmark->bars.size() || benchmark->bars[j].first != time)
            continue;
        joined.push_back(IndicatorBar{time, bar.open.toDouble(), bar.high.toDouble(),
                                      bar.low.toDouble(), bar.close.toDouble(),
                                      bar.volume.toDouble(),
                                      benchmark->bars[j].second.close.toDouble()});
    }
    Result<IndicatorSeries> series = computeBatch(indicators, info.name, request.params, joined);
    if (!series)
        return series.error();
    FeatureTable table;
    table.columns = series->outputs;
    table.times = std::move(series->times);
    table.values = std::move(series->values);
    table.dataset = label(asset->dataset) + " / " + label(benchmark->dataset);
    return table;
}

} // namespace

Result<FeatureTable> computeFeatureTable(const BarStore &store, const FeatureRegistry &registry,
                                         const FeatureComputeRequest &request)
{
    // The feature names to compute and the column each becomes.
    std::vector<std::pair<std::string, std::string>> columns;
    if (registry.find(request.feature) != nullptr) {
        columns.emplace_back(request.feature, request.feature);
    } else if (const IndicatorInfo *info = registry.indicators().find(request.feature)) {
        if (info->needsBenchmark)
            return pairTable(store, registry.indicators(), *info, request);
        for (const std::string &output : info->outputs)
            columns.emplace_back(info->outputs.size() == 1 ? info->name : info->name + "." + output,
                                 output);
    } else {
        Result<FeatureSpec> unknown = registry.resolve(request.feature, {});
        return unknown.error(); // names the known features
    }

    Result<LoadedBars> loaded = load(store, request.symbol, request);
    if (!loaded)
        return loaded.error();
    const Timestamp from = request.from.value_or(Timestamp::min());
    const Timestamp to = request.to.value_or(Timestamp::max());
    std::optional<FeatureCache> cache;
    if (request.useCache) {
        Result<FeatureCache> attached = FeatureCache::attach(store);
        if (!attached)
            return attached.error();
        cache.emplace(std::move(*attached));
    }

    FeatureTable table;
    table.dataset = label(loaded->dataset);
    table.fromCache = request.useCache;
    for (const auto &[feature, column] : columns) {
        Result<FeatureSpec> spec = registry.resolve(feature, request.params);
        if (!spec)
            return spec.error();
        std::optional<FeatureSeries> series;
        if (cache) {
            auto cached = cache->get(loaded->dataset, *spec, from, to);
            if (!cached)
                return cached.error();
            series = std::move(*cached);
        }
        if (!series) {
            table.fromCache = false;
            Result<FeatureSeries> computed = computeFeatureSeries(registry, *spec, loaded->bars);
            if (!computed)
                return computed.error();
            if (cache)
                if (Result<void> stored = cache->put(loaded->dataset, *spec, from, to, *computed);
                    !stored)
                    return stored.error();
            series = std::move(*computed);
        }
        if (table.columns.empty())
            table.times = series->times;
        else if (series->times != table.times)
            return Error(spec->version() + ": its values are not on the same bars as "
                         + table.columns.front());
        table.columns.push_back(column);
        table.values.push_back(std::move(series->values));
        table.versions.push_back(spec->version());
    }
    return table;
}

std::string featureTableCsv(const FeatureTable &table)
{
    std::string csv = "timestamp";
    for (const std::string &column : table.columns)
        csv.append(",").append(column);
    csv += '\n';
    char buffer[32];
    for (std::size_t row = 0; row < table.times.size(); ++row) {
        csv += formatIso(table.times[row]);
        for (const std::vector<double> &column : table.values) {
            const auto written = std::to_chars(buffer, buffer + sizeof buffer, column[row]);
            csv += ',';
            csv.append(buffer, written.ptr);
        }
        csv += '\n';
    }
    return csv;
}

} // namespace meridian::engine
