#pragma once

// The market-data store: one SQLite file (WAL mode) holding immutable, versioned datasets of
// bars. Importing the same (symbol, timeframe) again creates version + 1; nothing is ever
// overwritten, so a run can record exactly which data it used.
//
// Schema (user_version 1):
//   datasets(id, symbol, timeframe, version, rows, first_ts, last_ts, has_adj_close, source,
//            imported_at, UNIQUE(symbol, timeframe, version))
//   bars(dataset_id, ts, open, high, low, close, volume, adj_close,
//        PRIMARY KEY(dataset_id, ts)) WITHOUT ROWID
// Prices and volume are the exact int64 raw fixed-point values (1e-8 units); ts is the bar's
// event time (its end; 16:00 New York for daily bars) in unix nanoseconds UTC. A time-range
// query by (symbol, timeframe, time) goes through the UNIQUE index of datasets and the primary
// key of bars.
//
//     auto store = BarStore::open(defaultStorePath());
//     auto spy = store->latestDataset("SPY", "1d");   // Result<std::optional<DatasetInfo>>

#include "engine/core/result.h"
#include "engine/core/timestamp.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace meridian::engine {

struct DatasetInfo
{
    std::int64_t id = 0;
    std::string symbol;
    std::string timeframe;
    int version = 0;
    std::int64_t rows = 0;
    Timestamp first; // event time of the first bar
    Timestamp last;  // event time of the last bar
    bool hasAdjClose = false;
    std::string source;     // the file it was imported from
    std::string importedAt; // "2024-05-01T12:00:00Z"

    bool operator==(const DatasetInfo &) const = default;
};

class BarStore
{
public:
    static constexpr int schemaVersion = 1;

    // Opens or creates the store, creating missing parent directories.
    static Result<BarStore> open(const std::string &path);

    BarStore(BarStore &&other) noexcept;
    BarStore &operator=(BarStore &&other) noexcept;
    BarStore(const BarStore &) = delete;
    BarStore &operator=(const BarStore &) = delete;
    ~BarStore();

    // Sorted by symbol, timeframe, version.
    Result<std::vector<DatasetInfo>> datasets() const;
    Result<std::optional<DatasetInfo>> latestDataset(std::string_view symbol,
                                                     std::string_view timeframe) const;
    Result<std::optional<DatasetInfo>>
    dataset(std::string_view symbol, std::string_view timeframe, int version) const;
    Result<std::optional<DatasetInfo>> datasetById(std::int64_t id) const;

    // The connection stays owned by the store; constness of the store does not extend to it.
    sqlite3 *handle() const { return m_db; }
    const std::string &path() const { return m_path; }

private:
    BarStore(sqlite3 *db, std::string path);

    sqlite3 *m_db = nullptr;
    std::string m_path;
};

// $XDG_DATA_HOME/meridian/market.db, or ~/.local/share/meridian/market.db.
std::string defaultStorePath();
// "~" and "~/..." become $HOME and $HOME/...; any other path is returned unchanged.
std::string expandUserPath(std::string_view path);

} // namespace meridian::engine
