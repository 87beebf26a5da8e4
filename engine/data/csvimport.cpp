#include "engine/data/csvimport.h"

#include "engine/data/corporateactions.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/sqlitestatement.h"

#include "engine/core/civiltime.h"
#include "engine/core/money.h"
#include "engine/core/symbol.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace meridian::engine {

namespace {

enum Field : int {
    TimestampField,
    OpenField,
    HighField,
    LowField,
    CloseField,
    VolumeField,
    AdjCloseField,
    FieldCount
};

constexpr std::array<const char *, FieldCount> fieldNames{"timestamp", "open",   "high",     "low",
                                                          "close",     "volume", "adj_close"};

// Where each field sits in a row (-1: absent; only adj_close may be).
struct Layout
{
    std::array<int, FieldCount> column{-1, -1, -1, -1, -1, -1, -1};
    std::size_t columnCount = 0;
    [[nodiscard]] bool hasAdjClose() const { return column[AdjCloseField] >= 0; }
};

struct Problem
{
    std::size_t line = 0;
    std::string message; // "FIELD: what is wrong"
};

struct ParsedRow
{
    std::int64_t ts = 0;                        // event time, unix ns
    std::array<std::int64_t, FieldCount> raw{}; // raw fixed-point values by Field (ts unused)
    std::size_t line = 0;
    std::string_view tsText;
    std::string_view text;
    bool tsValid = false;
    bool bad = false;
};

// strerror() is not thread-safe; imports may run on a worker thread.
std::string errnoMessage(int error)
{
    return std::generic_category().message(error);
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// Lower-case, with spaces and underscores dropped: "Adj Close" and "adj_close" both match.
std::string normalizedHeader(std::string_view name)
{
    std::string key;
    for (const char c : name) {
        if (c == ' ' || c == '_')
            continue;
        key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return key;
}

int fieldForHeader(std::string_view name)
{
    const std::string key = normalizedHeader(name);
    if (key == "timestamp" || key == "date" || key == "datetime" || key == "time")
        return TimestampField;
    if (key == "adjclose" || key == "adjustedclose")
        return AdjCloseField;
    for (int field = OpenField; field <= VolumeField; ++field) {
        if (key == fieldNames[static_cast<std::size_t>(field)])
            return field;
    }
    return -1;
}

// Splits on commas into `out`; returns the number of fields (which may exceed out.size(), in
// which case only the first out.size() are stored).
std::size_t splitFields(std::string_view line, std::array<std::string_view, FieldCount> &out)
{
    std::size_t count = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        const std::string_view field = line.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (count < out.size())
            out[count] = trim(field);
        ++count;
        if (comma == std::string_view::npos)
            return count;
        start = comma + 1;
    }
}

Result<Layout>
parseHeader(std::string_view header, std::size_t lineNo, std::vector<Problem> &problems)
{
    // Headerless files (LEAN's raw CSVs, for one) would otherwise produce a confusing list of
    // unknown columns.
    if (header.size() >= 10 && Date::parse(header.substr(0, 10))) {
        problems.push_back({lineNo,
                            "header: missing header row (this line looks like data); expected "
                            "timestamp,open,high,low,close,volume[,adj_close]"});
        return Error("bad header");
    }
    Layout layout;
    std::size_t index = 0;
    std::size_t start = 0;
    const std::size_t before = problems.size();
    while (true) {
        const std::size_t comma = header.find(',', start);
        const std::string_view name = trim(header.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        const int field = fieldForHeader(name);
        if (field < 0) {
            problems.push_back(
                {lineNo, "header: unknown column '" + std::string(name)
                             + "' (expected timestamp, open, high, low, close, volume "
                               "and optionally adj_close)"});
        } else if (layout.column[static_cast<std::size_t>(field)] >= 0) {
            problems.push_back(
                {lineNo, "header: column '"
                             + std::string(fieldNames[static_cast<std::size_t>(field)])
                             + "' appears twice"});
        } else {
            layout.column[static_cast<std::size_t>(field)] = static_cast<int>(index);
        }
        ++index;
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    for (int field = TimestampField; field <= VolumeField; ++field) {
        if (layout.column[static_cast<std::size_t>(field)] < 0)
            problems.push_back({lineNo, std::string("header: missing column '")
                                            + fieldNames[static_cast<std::size_t>(field)] + "'"});
    }
    layout.columnCount = index;
    if (problems.size() != before)
        return Error("bad header");
    return layout;
}

class RowParser
{
public:
    RowParser(const Layout &layout, const Timeframe &timeframe, std::vector<Problem> &problems)
        : m_layout(layout)
        , m_timeframe(timeframe)
        , m_problems(problems)
    {}

    void parse(ParsedRow &row)
    {
        std::array<std::string_view, FieldCount> fields;
        const std::size_t count = splitFields(row.text, fields);
        if (count != m_layout.columnCount) {
            report(row, "row: expected " + std::to_string(m_layout.columnCount) + " fields, got "
                            + std::to_string(count));
            return;
        }
        parseTimestamp(row, field(fields, TimestampField));
        bool pricesValid = true;
        for (int f = OpenField; f <= CloseField; ++f)
            pricesValid &= parsePrice(row, fields, f);
        if (m_layout.hasAdjClose())
            parsePrice(row, fields, AdjCloseField);
        parseVolume(row, field(fields, VolumeField));
        if (!pricesValid)
            return;
        const Price open = Price::fromRaw(row.raw[OpenField]);
        const Price high = Price::fromRaw(row.raw[HighField]);
        const Price low = Price::fromRaw(row.raw[LowField]);
        const Price close = Price::fromRaw(row.raw[CloseField]);
        const Price top = std::max(open, close);
        const Price bottom = std::min(open, close);
        if (high < top)
            report(row,
                   "high: " + high.toString() + " is below max(open, close) " + top.toString());
        if (low > bottom)
            report(row,
                   "low: " + low.toString() + " is above min(open, close) " + bottom.toString());
    }

private:
    [[nodiscard]] std::string_view field(const std::array<std::string_view, FieldCount> &fields,
                                         int f) const
    {
        return fields[static_cast<std::size_t>(m_layout.column[static_cast<std::size_t>(f)])];
    }

    void report(ParsedRow &row, std::string message)
    {
        row.bad = true;
        m_problems.push_back({row.line, std::move(message)});
    }

    void parseTimestamp(ParsedRow &row, std::string_view text)
    {
        row.tsText = text;
        if (m_timeframe.daily) {
            if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ')) {
                report(row, "timestamp: '" + std::string(text)
                                + "' has a time of day, but timeframe 1d takes dates (YYYY-MM-DD)");
                return;
            }
            const auto date = Date::parse(text);
            if (!date) {
                report(row, "timestamp: " + date.error().message());
                return;
            }
            row.ts = dailyBarTimestamp(*date).unixNanos();
            row.tsValid = true;
            return;
        }
        if (text.size() == 10 && Date::parse(text)) {
            report(row, "timestamp: '" + std::string(text)
                            + "' is a date without a time of day, but " + "timeframe "
                            + m_timeframe.text
                            + " needs YYYY-MM-DDTHH:MM:SS (the bar's start, New York time)");
            return;
        }
        const auto start = engine::parseTimestamp(text, LocalZone::NewYork);
        if (!start) {
            report(row, "timestamp: " + start.error().message());
            return;
        }
        // Bars are stamped when they complete: a 09:30 minute bar is known at 09:31.
        row.ts = (*start + m_timeframe.length).unixNanos();
        row.tsValid = true;
    }

    bool parsePrice(ParsedRow &row, const std::array<std::string_view, FieldCount> &fields, int f)
    {
        const std::string_view text = field(fields, f);
        const char *name = fieldNames[static_cast<std::size_t>(f)];
        const auto price = Price::parse(text);
        if (!price) {
            report(row, std::string(name) + ": " + price.error().message());
            return false;
        }
        if (price->isNegative()) {
            report(row, std::string(name) + ": " + std::string(text) + " is negative");
            return false;
        }
        if (price->isZero()) {
            report(row, std::string(name) + ": " + std::string(text) + " is not a positive price");
            return false;
        }
        row.raw[static_cast<std::size_t>(f)] = price->raw();
        return true;
    }

    void parseVolume(ParsedRow &row, std::string_view text)
    {
        const auto volume = Quantity::parse(text);
        if (!volume) {
            report(row, "volume: " + volume.error().message());
            return;
        }
        if (volume->isNegative()) {
            report(row, "volume: " + std::string(text) + " is negative");
            return;
        }
        row.raw[VolumeField] = volume->raw();
    }

    const Layout &m_layout;
    const Timeframe &m_timeframe;
    std::vector<Problem> &m_problems;
};

// Timestamps must run strictly one way. The direction is the one from the first to the last
// parsed timestamp (so a single misplaced row is reported as such, not the whole file); a
// newest-first file is imported reversed. Returns true for newest-first.
bool checkOrder(std::vector<ParsedRow> &rows, std::vector<Problem> &problems)
{
    const auto firstValid
        = std::find_if(rows.begin(), rows.end(), [](const ParsedRow &row) { return row.tsValid; });
    const auto lastValid = std::find_if(rows.rbegin(), rows.rend(),
                                        [](const ParsedRow &row) { return row.tsValid; });
    if (firstValid == rows.end())
        return false;
    const bool descending = lastValid->ts < firstValid->ts;
    const ParsedRow *previous = nullptr;
    for (ParsedRow &row : rows) {
        if (!row.tsValid)
            continue;
        if (previous != nullptr) {
            const bool inOrder = descending ? row.ts < previous->ts : row.ts > previous->ts;
            if (!inOrder) {
                row.bad = true;
                problems.push_back(
                    {row.line, "timestamp: " + std::string(row.tsText)
                                   + (descending ? " is not before the previous row's "
                                                 : " is not after the previous row's ")
                                   + std::string(previous->tsText)
                                   + (descending ? " (the file is newest-first)" : "")});
                // A misplaced row does not become the reference for the rows after it.
                continue;
            }
        }
        previous = &row;
    }
    return descending;
}

std::string csvQuoted(std::string_view text)
{
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

// Writes the quarantined rows, one per bad line with all its reasons joined by "; ".
Result<void> writeQuarantine(const std::string &path,
                             const std::vector<Problem> &problems,
                             const std::vector<ParsedRow> &rows)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return Error(path + ": cannot write the quarantine file: " + errnoMessage(errno));
    out << "line,reason,row\n";
    auto rowIt = rows.begin();
    for (std::size_t i = 0; i < problems.size();) {
        const std::size_t line = problems[i].line;
        std::string reason = problems[i].message;
        for (++i; i < problems.size() && problems[i].line == line; ++i)
            reason += "; " + problems[i].message;
        rowIt = std::find_if(rowIt, rows.end(),
                             [line](const ParsedRow &row) { return row.line == line; });
        const std::string_view text = rowIt != rows.end() ? rowIt->text : std::string_view();
        out << line << ',' << csvQuoted(reason) << ',' << csvQuoted(text) << '\n';
    }
    out.flush();
    if (!out)
        return Error(path + ": cannot write the quarantine file: " + errnoMessage(errno));
    return {};
}

std::string located(const std::string &displayName, const Problem &problem)
{
    return displayName + ":" + std::to_string(problem.line) + ": " + problem.message;
}

struct Insertion
{
    std::int64_t datasetId = 0;
};

Result<Insertion> insertDataset(sqlite3 *db,
                                const ImportOptions &options,
                                const std::string &source,
                                bool hasAdjClose,
                                std::size_t rowCount,
                                std::int64_t firstTs,
                                std::int64_t lastTs)
{
    auto version
        = SqliteStatement::prepare(db, "SELECT COALESCE(MAX(version), 0) + 1 FROM datasets "
                                       "WHERE symbol = ?1 AND timeframe = ?2");
    if (!version)
        return version.error();
    version->bindText(1, options.symbol);
    version->bindText(2, options.timeframe.text);
    const auto versionRow = version->step();
    if (!versionRow)
        return versionRow.error();
    const std::int64_t nextVersion = version->columnInt64(0);

    auto insert = SqliteStatement::prepare(
        db,
        "INSERT INTO datasets(symbol, timeframe, version, rows, first_ts, last_ts, has_adj_close,"
        " source, imported_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    if (!insert)
        return insert.error();
    insert->bindText(1, options.symbol);
    insert->bindText(2, options.timeframe.text);
    insert->bindInt64(3, nextVersion);
    insert->bindInt64(4, static_cast<std::int64_t>(rowCount));
    insert->bindInt64(5, firstTs);
    insert->bindInt64(6, lastTs);
    insert->bindInt64(7, hasAdjClose ? 1 : 0);
    insert->bindText(8, source);
    const auto inserted = insert->run();
    if (!inserted)
        return inserted.error();
    return Insertion{sqlite3_last_insert_rowid(db)};
}

template<class It>
Result<void> insertBars(sqlite3 *db, std::int64_t datasetId, bool hasAdjClose, It begin, It end)
{
    auto insert = SqliteStatement::prepare(db, "INSERT INTO bars(dataset_id, ts, open, high, low, "
                                               "close, volume, adj_close) "
                                               "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!insert)
        return insert.error();
    sqlite3_stmt *stmt = insert->get();
    insert->bindInt64(1, datasetId);
    if (!hasAdjClose)
        insert->bindNull(8);
    for (It it = begin; it != end; ++it) {
        const ParsedRow &row = *it;
        if (row.bad)
            continue;
        // Binding an int64 to a valid index of a prepared statement cannot fail.
        sqlite3_bind_int64(stmt, 2, row.ts);
        sqlite3_bind_int64(stmt, 3, row.raw[OpenField]);
        sqlite3_bind_int64(stmt, 4, row.raw[HighField]);
        sqlite3_bind_int64(stmt, 5, row.raw[LowField]);
        sqlite3_bind_int64(stmt, 6, row.raw[CloseField]);
        sqlite3_bind_int64(stmt, 7, row.raw[VolumeField]);
        if (hasAdjClose)
            sqlite3_bind_int64(stmt, 8, row.raw[AdjCloseField]);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            Error error("line " + std::to_string(row.line) + ": SQLite: " + sqliteMessage(db));
            sqlite3_reset(stmt);
            return error;
        }
        sqlite3_reset(stmt);
    }
    return {};
}

} // namespace

Result<ImportReport> importCsvText(BarStore &store,
                                   std::string_view text,
                                   const std::string &displayName,
                                   const ImportOptions &options)
{
    if (const auto symbol = Symbol::parse(options.symbol); !symbol)
        return Error(displayName + ": symbol: " + symbol.error().message());
    if (!options.timeframe.isValid())
        return Error(displayName + ": no timeframe given");

    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);

    std::vector<Problem> problems;
    std::vector<ParsedRow> rows;
    rows.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    std::optional<Layout> layout;
    bool sawHeader = false;
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t newline = text.find('\n', pos);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        // Blank lines carry no data (a trailing one is common); skipping them drops nothing.
        if (line.empty())
            continue;
        if (!layout) {
            sawHeader = true;
            auto parsed = parseHeader(line, lineNo, problems);
            if (!parsed)
                break;
            layout = *parsed;
            continue;
        }
        ParsedRow &row = rows.emplace_back();
        row.line = lineNo;
        row.text = line;
    }

    const auto refuse = [&](const std::string &summary) {
        std::stable_sort(problems.begin(), problems.end(),
                         [](const Problem &a, const Problem &b) { return a.line < b.line; });
        std::string message;
        for (const Problem &problem : problems)
            message += located(displayName, problem) + "\n";
        message += displayName + ": " + summary;
        return Error(message);
    };

    if (!sawHeader)
        return Error(displayName + ": file is empty");
    if (!layout)
        return refuse("refused: the header is not usable; nothing was imported");
    if (rows.empty())
        return Error(displayName + ": no data rows after the header");

    RowParser parser(*layout, options.timeframe, problems);
    for (ParsedRow &row : rows)
        parser.parse(row);
    const bool reversed = checkOrder(rows, problems);

    const auto badRows = static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const ParsedRow &row) { return row.bad; }));
    const std::size_t goodRows = rows.size() - badRows;
    const std::string counts
        = std::to_string(problems.size()) + " problem" + (problems.size() == 1 ? "" : "s") + " in "
          + std::to_string(badRows) + " of " + std::to_string(rows.size()) + " rows";
    if (badRows > 0 && !options.quarantinePath)
        return refuse("refused: " + counts + "; nothing was imported");
    if (goodRows == 0)
        return refuse("refused: " + counts + "; no valid row to import");

    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem &a, const Problem &b) { return a.line < b.line; });

    // First and last good rows in time order.
    const auto isGood = [](const ParsedRow &row) {
        return !row.bad;
    };
    const ParsedRow &earliest = reversed ? *std::find_if(rows.rbegin(), rows.rend(), isGood)
                                         : *std::find_if(rows.begin(), rows.end(), isGood);
    const ParsedRow &latest = reversed ? *std::find_if(rows.begin(), rows.end(), isGood)
                                       : *std::find_if(rows.rbegin(), rows.rend(), isGood);

    sqlite3 *db = store.handle();
    auto transaction = SqliteTransaction::beginImmediate(db);
    if (!transaction)
        return transaction.error().withContext(displayName);
    const auto inserted = insertDataset(db, options, displayName, layout->hasAdjClose(), goodRows,
                                        earliest.ts, latest.ts);
    if (!inserted)
        return inserted.error().withContext(displayName);
    const auto bars = reversed ? insertBars(db, inserted->datasetId, layout->hasAdjClose(),
                                            rows.rbegin(), rows.rend())
                               : insertBars(db, inserted->datasetId, layout->hasAdjClose(),
                                            rows.begin(), rows.end());
    if (!bars)
        return bars.error().withContext(displayName);

    ImportReport report;
    if (options.quarantinePath) {
        const auto written = writeQuarantine(*options.quarantinePath, problems, rows);
        if (!written)
            return written.error();
        for (const Problem &problem : problems)
            report.problems.push_back(located(displayName, problem));
    }
    const auto committed = transaction->commit();
    if (!committed) {
        if (options.quarantinePath)
            std::remove(options.quarantinePath->c_str());
        return committed.error().withContext(displayName);
    }

    const auto info = store.datasetById(inserted->datasetId);
    if (!info)
        return info.error().withContext(displayName);
    if (!*info)
        return Error(displayName + ": the imported dataset disappeared from the store");
    report.dataset = **info;
    report.rowsRead = rows.size();
    report.rowsImported = goodRows;
    report.rowsQuarantined = badRows;
    report.reversed = reversed;
    if (options.checkQuality) {
        const auto stored = loadBars(store, report.dataset, InstrumentId(1), Timestamp::min(),
                                     Timestamp::max(), Adjustment::Raw);
        if (!stored)
            return stored.error().withContext(displayName);
        auto actions = loadCorporateActions(store, options.symbol);
        if (!actions)
            return actions.error().withContext(displayName);
        report.quality = checkBars(options.symbol, options.timeframe, *stored, NyseCalendar(),
                                   QualitySettings{}, *actions);
    }
    return report;
}

Result<ImportReport>
importCsvFile(BarStore &store, const std::string &path, const ImportOptions &options)
{
    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (file == nullptr)
        return Error(path + ": cannot open: " + errnoMessage(errno));
    std::string text;
    std::array<char, 65536> buffer;
    while (true) {
        const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), file);
        text.append(buffer.data(), read);
        if (read < buffer.size())
            break;
    }
    const bool failed = std::ferror(file) != 0;
    const int readErrno = errno;
    std::fclose(file);
    if (failed)
        return Error(path + ": cannot read: " + errnoMessage(readErrno));
    return importCsvText(store, text, path, options);
}

} // namespace meridian::engine
