#pragma once

// A prepared SQLite statement that finalizes itself, plus the few helpers the data layer needs
// around the SQLite C API. Errors carry SQLite's own message:
//
//     auto stmt = SqliteStatement::prepare(db, "SELECT id FROM datasets WHERE symbol = ?1");
//     if (!stmt)
//         return stmt.error();
//     stmt->bindText(1, "SPY");
//     while (true) {
//         auto row = stmt->step();      // true: a row, false: done
//         if (!row)
//             return row.error();
//         if (!*row)
//             break;
//         use(stmt->columnInt64(0));
//     }

#include "engine/core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace meridian::engine {

class SqliteStatement
{
public:
    SqliteStatement() = default;
    static Result<SqliteStatement> prepare(sqlite3 *db, std::string_view sql);

    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    ~SqliteStatement();

    sqlite3_stmt *get() const { return m_stmt; }
    bool isValid() const { return m_stmt != nullptr; }

    // Parameter indexes are 1-based, as in SQLite. A failing bind is a bug in the SQL text or
    // the index (or out of memory) and throws std::logic_error.
    void bindInt64(int index, std::int64_t value);
    void bindDouble(int index, double value);
    void bindNull(int index);
    void bindText(int index, std::string_view text);

    // true: a row is available; false: the statement is done.
    Result<bool> step();
    // Runs a statement that returns no rows (or whose rows are ignored) to completion.
    Result<void> run();
    void reset();

    std::int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    bool columnIsNull(int column) const;
    std::string columnText(int column) const;

private:
    explicit SqliteStatement(sqlite3_stmt *stmt)
        : m_stmt(stmt)
    {}

    sqlite3_stmt *m_stmt = nullptr;
};

// Runs one or more SQL statements without results.
Result<void> execSql(sqlite3 *db, const char *sql);
// SQLite's last error message for this connection.
std::string sqliteMessage(sqlite3 *db);

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless commit() succeeded, so that
// every early return leaves the database exactly as it was.
class SqliteTransaction
{
public:
    static Result<SqliteTransaction> beginImmediate(sqlite3 *db);

    SqliteTransaction(SqliteTransaction &&other) noexcept;
    SqliteTransaction &operator=(SqliteTransaction &&) = delete;
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;
    ~SqliteTransaction();

    Result<void> commit();

private:
    explicit SqliteTransaction(sqlite3 *db)
        : m_db(db)
    {}

    sqlite3 *m_db = nullptr; // null once committed or moved from
};

} // namespace meridian::engine
