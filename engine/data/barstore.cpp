#include "engine/data/barstore.h"

#include "engine/data/sqlitestatement.h"

#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

namespace meridian::engine {

namespace {

constexpr const char *createSchemaSql = R"sql(
CREATE TABLE datasets(
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    version INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    has_adj_close INTEGER NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE(symbol, timeframe, version)
);
CREATE TABLE bars(
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    ts INTEGER NOT NULL,
    open INTEGER NOT NULL,
    high INTEGER NOT NULL,
    low INTEGER NOT NULL,
    close INTEGER NOT NULL,
    volume INTEGER NOT NULL,
    adj_close INTEGER,
    PRIMARY KEY(dataset_id, ts)
) WITHOUT ROWID;
CREATE TRIGGER datasets_immutable BEFORE UPDATE ON datasets
BEGIN SELECT RAISE(ABORT, 'datasets are immutable; import a new version instead'); END;
CREATE TRIGGER bars_immutable BEFORE UPDATE ON bars
BEGIN SELECT RAISE(ABORT, 'bars are immutable; import a new version instead'); END;
PRAGMA user_version = 1;
)sql";

constexpr const char *datasetColumns = "id, symbol, timeframe, version, rows, first_ts, last_ts, "
                                       "has_adj_close, source, imported_at FROM datasets";

DatasetInfo readDataset(const SqliteStatement &stmt)
{
    DatasetInfo info;
    info.id = stmt.columnInt64(0);
    info.symbol = stmt.columnText(1);
    info.timeframe = stmt.columnText(2);
    info.version = static_cast<int>(stmt.columnInt64(3));
    info.rows = stmt.columnInt64(4);
    info.first = Timestamp::fromUnixNanos(stmt.columnInt64(5));
    info.last = Timestamp::fromUnixNanos(stmt.columnInt64(6));
    info.hasAdjClose = stmt.columnInt64(7) != 0;
    info.source = stmt.columnText(8);
    info.importedAt = stmt.columnText(9);
    return info;
}

Result<std::optional<DatasetInfo>> queryOne(SqliteStatement &stmt)
{
    const auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<DatasetInfo>{};
    return std::optional<DatasetInfo>(readDataset(stmt));
}

Result<std::int64_t> queryInt(sqlite3 *db, const char *sql)
{
    auto stmt = SqliteStatement::prepare(db, sql);
    if (!stmt)
        return stmt.error();
    const auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->columnInt64(0) : 0;
}

Result<void> initialize(sqlite3 *db, const std::string &path)
{
    const auto fail = [&path](const Error &error) {
        return error.withContext(path);
    };
    // Other processes (the app and a CLI import) may use the store at the same time.
    sqlite3_busy_timeout(db, 5000);
    const auto userVersion = queryInt(db, "PRAGMA user_version");
    if (!userVersion)
        return fail(userVersion.error());
    if (*userVersion > BarStore::schemaVersion)
        return Error(path + ": the store has schema version " + std::to_string(*userVersion)
                     + ", newer than this build understands ("
                     + std::to_string(BarStore::schemaVersion) + ")");
    if (path != ":memory:") {
        const auto wal = execSql(db, "PRAGMA journal_mode=WAL");
        if (!wal)
            return fail(wal.error());
    }
    const auto pragmas = execSql(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
    if (!pragmas)
        return fail(pragmas.error());
    if (*userVersion == BarStore::schemaVersion)
        return {};

    auto transaction = SqliteTransaction::beginImmediate(db);
    if (!transaction)
        return fail(transaction.error());
    // Re-read under the write lock: another process may have created the schema meanwhile.
    const auto lockedVersion = queryInt(db, "PRAGMA user_version");
    if (!lockedVersion)
        return fail(lockedVersion.error());
    if (*lockedVersion == BarStore::schemaVersion)
        return transaction->commit();
    const auto tables = queryInt(db, "SELECT COUNT(*) FROM sqlite_master");
    if (!tables)
        return fail(tables.error());
    if (*tables != 0)
        return Error(path + ": an SQLite database, but not a Meridian bar store");
    const auto created = execSql(db, createSchemaSql);
    if (!created)
        return fail(created.error());
    const auto committed = transaction->commit();
    if (!committed)
        return fail(committed.error());
    return {};
}

std::string homeDirectory()
{
    const char *home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0')
        return home;
    // HOME can be unset under service managers; the password database still knows.
    passwd entry{};
    passwd *found = nullptr;
    std::vector<char> buffer(16384);
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr
        && found->pw_dir != nullptr)
        return found->pw_dir;
    return {};
}

} // namespace

Result<BarStore> BarStore::open(const std::string &path)
{
    if (path.empty())
        return Error("bar store: empty path");
    if (path != ":memory:") {
        const auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);
            if (ec)
                return Error(path + ": cannot create directory " + parent.string() + ": "
                             + ec.message());
        }
    }
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    BarStore store(db, path); // closes the handle on every early return
    if (rc != SQLITE_OK)
        return Error(path + ": cannot open: " + sqliteMessage(db));
    const auto initialized = initialize(db, path);
    if (!initialized)
        return initialized.error();
    return store;
}

BarStore::BarStore(sqlite3 *db, std::string path)
    : m_db(db)
    , m_path(std::move(path))
{}

BarStore::BarStore(BarStore &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
{}

BarStore &BarStore::operator=(BarStore &&other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

BarStore::~BarStore()
{
    sqlite3_close_v2(m_db);
}

Result<std::vector<DatasetInfo>> BarStore::datasets() const
{
    auto stmt = SqliteStatement::prepare(m_db, std::string("SELECT ") + datasetColumns
                                                   + " ORDER BY symbol, timeframe, version");
    if (!stmt)
        return stmt.error();
    std::vector<DatasetInfo> result;
    while (true) {
        const auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        result.push_back(readDataset(*stmt));
    }
    return result;
}

Result<std::optional<DatasetInfo>> BarStore::latestDataset(std::string_view symbol,
                                                           std::string_view timeframe) const
{
    auto stmt = SqliteStatement::prepare(m_db, std::string("SELECT ") + datasetColumns
                                                   + " WHERE symbol = ?1 AND timeframe = ?2"
                                                     " ORDER BY version DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, symbol);
    stmt->bindText(2, timeframe);
    return queryOne(*stmt);
}

Result<std::optional<DatasetInfo>>
BarStore::dataset(std::string_view symbol, std::string_view timeframe, int version) const
{
    auto stmt = SqliteStatement::prepare(m_db, std::string("SELECT ") + datasetColumns
                                                   + " WHERE symbol = ?1 AND timeframe = ?2"
                                                     " AND version = ?3");
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, symbol);
    stmt->bindText(2, timeframe);
    stmt->bindInt64(3, version);
    return queryOne(*stmt);
}

Result<std::optional<DatasetInfo>> BarStore::datasetById(std::int64_t id) const
{
    auto stmt = SqliteStatement::prepare(m_db, std::string("SELECT ") + datasetColumns
                                                   + " WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bindInt64(1, id);
    return queryOne(*stmt);
}

std::string defaultStorePath()
{
    const char *xdg = std::getenv("XDG_DATA_HOME");
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (xdg != nullptr && xdg[0] == '/')
        return std::string(xdg) + "/meridian/market.db";
    return expandUserPath("~/.local/share/meridian/market.db");
}

std::string expandUserPath(std::string_view path)
{
    if (path.empty() || path[0] != '~' || (path.size() > 1 && path[1] != '/'))
        return std::string(path);
    const std::string home = homeDirectory();
    if (home.empty())
        return std::string(path);
    return home + std::string(path.substr(1));
}

} // namespace meridian::engine
