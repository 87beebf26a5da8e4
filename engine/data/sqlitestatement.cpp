#include "engine/data/sqlitestatement.h"

#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace meridian::engine {

namespace {

void checkBind(sqlite3_stmt *stmt, int rc, int index)
{
    if (rc != SQLITE_OK)
        throw std::logic_error("SQLite bind of parameter " + std::to_string(index)
                               + " failed: " + sqliteMessage(sqlite3_db_handle(stmt)));
}

} // namespace

Result<SqliteStatement> SqliteStatement::prepare(sqlite3 *db, std::string_view sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return Error("SQLite: " + sqliteMessage(db));
    }
    return SqliteStatement(stmt);
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr))
{}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

void SqliteStatement::bindInt64(int index, std::int64_t value)
{
    checkBind(m_stmt, sqlite3_bind_int64(m_stmt, index, value), index);
}

void SqliteStatement::bindDouble(int index, double value)
{
    checkBind(m_stmt, sqlite3_bind_double(m_stmt, index, value), index);
}

void SqliteStatement::bindNull(int index)
{
    checkBind(m_stmt, sqlite3_bind_null(m_stmt, index), index);
}

void SqliteStatement::bindText(int index, std::string_view text)
{
    checkBind(
        m_stmt,
        sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
}

Result<bool> SqliteStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return Error("SQLite: " + sqliteMessage(sqlite3_db_handle(m_stmt)));
}

Result<void> SqliteStatement::run()
{
    while (true) {
        const auto row = step();
        if (!row) {
            reset();
            return row.error();
        }
        if (!*row)
            break;
    }
    reset();
    return {};
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
}

std::int64_t SqliteStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double SqliteStatement::columnDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

bool SqliteStatement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::string SqliteStatement::columnText(int column) const
{
    const auto *text = sqlite3_column_text(m_stmt, column);
    if (text == nullptr)
        return {};
    return std::string(reinterpret_cast<const char *>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

Result<void> execSql(sqlite3 *db, const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message != nullptr ? message : sqliteMessage(db);
        sqlite3_free(message);
        return Error("SQLite: " + text);
    }
    return {};
}

std::string sqliteMessage(sqlite3 *db)
{
    if (db == nullptr)
        return "out of memory";
    return sqlite3_errmsg(db);
}

Result<SqliteTransaction> SqliteTransaction::beginImmediate(sqlite3 *db)
{
    const auto begun = execSql(db, "BEGIN IMMEDIATE");
    if (!begun)
        return begun.error();
    return SqliteTransaction(db);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{}

SqliteTransaction::~SqliteTransaction()
{
    if (m_db != nullptr)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> SqliteTransaction::commit()
{
    const auto committed = execSql(m_db, "COMMIT");
    if (!committed)
        return committed.error(); // the destructor rolls back
    m_db = nullptr;
    return {};
}

} // namespace meridian::engine
