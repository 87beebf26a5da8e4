#include "engine/features/featurecache.h"

#include "engine/data/sqlitestatement.h"
#include "engine/features/featurestore.h"

#include <sqlite3.h>

namespace meridian::engine {

namespace {

constexpr const char *schema = R"sql(
CREATE TABLE IF NOT EXISTS feature_series(
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL,
    dataset TEXT NOT NULL,
    feature TEXT NOT NULL,
    version TEXT NOT NULL,
    version_hash TEXT NOT NULL,
    params TEXT NOT NULL,
    range_from INTEGER NOT NULL,
    range_to INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    UNIQUE(dataset_id, version_hash, params, range_from, range_to));
CREATE TABLE IF NOT EXISTS feature_values(
    series_id INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
)sql";

std::string datasetLabel(const DatasetInfo &dataset)
{
    return dataset.symbol + " " + dataset.timeframe + " v" + std::to_string(dataset.version);
}

void bindKey(SqliteStatement &statement, const DatasetInfo &dataset, const FeatureSpec &spec,
             Timestamp from, Timestamp to)
{
    statement.bindInt64(1, dataset.id);
    statement.bindText(2, spec.versionHash());
    statement.bindText(3, formatIndicatorParams(spec.indicatorParams()));
    statement.bindInt64(4, from.unixNanos());
    statement.bindInt64(5, to.unixNanos());
}

} // namespace

Result<FeatureSeries> computeFeatureSeries(const FeatureRegistry &registry, const FeatureSpec &spec,
                                           std::span<const std::pair<Timestamp, BarData>> bars)
{
    FeatureSeries series;
    if (bars.empty())
        return series;
    FeatureStore store(registry);
    const InstrumentId instrument = bars.front().second.instrument;
    store.setInstruments(std::span(&instrument, 1));
    Result<FeatureHandle> handle = store.subscribe(spec.name(), spec.params());
    if (!handle)
        return handle.error();
    series.times.reserve(bars.size());
    series.values.reserve(bars.size());
    for (const auto &[time, bar] : bars) {
        store.onBar(time, bar);
        if (const std::optional<double> value = store.value(*handle, instrument)) {
            series.times.push_back(time);
            series.values.push_back(*value);
        }
    }
    return series;
}

Result<FeatureCache> FeatureCache::attach(const BarStore &store)
{
    if (Result<void> created = execSql(store.handle(), schema); !created)
        return created.error().withContext("feature cache in " + store.path());
    return FeatureCache(store);
}

Result<std::optional<FeatureSeries>> FeatureCache::get(const DatasetInfo &dataset,
                                                       const FeatureSpec &spec, Timestamp from,
                                                       Timestamp to) const
{
    auto find = SqliteStatement::prepare(
        m_store->handle(),
        "SELECT id, rows, version FROM feature_series WHERE dataset_id = ?1 AND version_hash = ?2"
        " AND params = ?3 AND range_from = ?4 AND range_to = ?5");
    if (!find)
        return find.error();
    bindKey(*find, dataset, spec, from, to);
    Result<bool> found = find->step();
    if (!found)
        return found.error();
    // The hash alone could collide; the full version text must match too.
    if (!*found || find->columnText(2) != spec.version())
        return std::optional<FeatureSeries>();
    const std::int64_t id = find->columnInt64(0);
    const std::int64_t rows = find->columnInt64(1);

    auto read = SqliteStatement::prepare(
        m_store->handle(), "SELECT ts, value FROM feature_values WHERE series_id = ?1 ORDER BY ts");
    if (!read)
        return read.error();
    read->bindInt64(1, id);
    FeatureSeries series;
    series.times.reserve(static_cast<std::size_t>(rows));
    series.values.reserve(static_cast<std::size_t>(rows));
    while (true) {
        Result<bool> row = read->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        series.times.push_back(Timestamp::fromUnixNanos(read->columnInt64(0)));
        series.values.push_back(read->columnDouble(1));
    }
    if (static_cast<std::int64_t>(series.times.size()) != rows)
        return Error("feature cache: " + spec.version() + " on " + datasetLabel(dataset) + " holds "
                     + std::to_string(series.times.size()) + " values, expected "
                     + std::to_string(rows));
    return std::optional<FeatureSeries>(std::move(series));
}

Result<void> FeatureCache::put(const DatasetInfo &dataset, const FeatureSpec &spec, Timestamp from,
                               Timestamp to, const FeatureSeries &series)
{
    sqlite3 *db = m_store->handle();
    auto transaction = SqliteTransaction::beginImmediate(db);
    if (!transaction)
        return transaction.error();
    auto old = SqliteStatement::prepare(
        db, "SELECT id FROM feature_series WHERE dataset_id = ?1 AND version_hash = ?2"
            " AND params = ?3 AND range_from = ?4 AND range_to = ?5");
    if (!old)
        return old.error();
    bindKey(*old, dataset, spec, from, to);
    Result<bool> hasOld = old->step();
    if (!hasOld)
        return hasOld.error();
    if (*hasOld) {
        const std::int64_t id = old->columnInt64(0);
        for (const char *sql : {"DELETE FROM feature_values WHERE series_id = ?1",
                                "DELETE FROM feature_series WHERE id = ?1"}) {
            auto remove = SqliteStatement::prepare(db, sql);
            if (!remove)
                return remove.error();
            remove->bindInt64(1, id);
            if (Result<void> done = remove->run(); !done)
                return done.error();
        }
    }
    auto insert = SqliteStatement::prepare(
        db, "INSERT INTO feature_series(dataset_id, version_hash, params, range_from, range_to,"
            " dataset, feature, version, rows) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert)
        return insert.error();
    bindKey(*insert, dataset, spec, from, to);
    insert->bindText(6, datasetLabel(dataset));
    insert->bindText(7, spec.name());
    insert->bindText(8, spec.version());
    insert->bindInt64(9, static_cast<std::int64_t>(series.times.size()));
    if (Result<void> done = insert->run(); !done)
        return done.error();
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    auto value = SqliteStatement::prepare(
        db, "INSERT INTO feature_values(series_id, ts, value) VALUES(?1, ?2, ?3)");
    if (!value)
        return value.error();
    for (std::size_t i = 0; i < series.times.size(); ++i) {
        value->reset();
        value->bindInt64(1, id);
        value->bindInt64(2, series.times[i].unixNanos());
        value->bindDouble(3, series.values[i]);
        if (Result<void> done = value->run(); !done)
            return done.error();
    }
    return transaction->commit();
}

} // namespace meridian::engine
