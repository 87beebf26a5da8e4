#include "engine/data/historicaldatasource.h"

#include "engine/core/civiltime.h"
#include "engine/core/money.h"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

namespace meridian::engine {

namespace {

constexpr std::size_t maxChunkRows = 1 << 20;

std::string labelOf(const DatasetInfo &dataset)
{
    return dataset.symbol + " " + dataset.timeframe + " v" + std::to_string(dataset.version);
}

} // namespace

std::string_view toString(Adjustment adjustment)
{
    switch (adjustment) {
    case Adjustment::Raw:
        return "raw";
    case Adjustment::TotalReturn:
        return "total_return";
    }
    return "raw";
}

Result<Adjustment> parseAdjustment(std::string_view text)
{
    if (text == "raw")
        return Adjustment::Raw;
    if (text == "total_return")
        return Adjustment::TotalReturn;
    return Error("adjustment: expected raw or total_return, got '" + std::string(text) + "'");
}

HistoricalDataSource::HistoricalDataSource(Adjustment adjustment, std::size_t chunkRows)
    : m_adjustment(adjustment)
    , m_chunkRows(chunkRows)
{}

HistoricalDataSource::~HistoricalDataSource() = default;

Result<std::unique_ptr<HistoricalDataSource>>
HistoricalDataSource::open(const BarStore &store,
                           std::vector<Subscription> subscriptions,
                           Timestamp from,
                           Timestamp to,
                           Adjustment adjustment,
                           std::size_t chunkRows)
{
    if (chunkRows == 0 || chunkRows > maxChunkRows)
        return Error("historical data: chunk size must be between 1 and "
                     + std::to_string(maxChunkRows) + " rows, got " + std::to_string(chunkRows));
    if (to < from)
        return Error("historical data: the range is empty: " + formatIso(from) + " is after "
                     + formatIso(to));

    std::unique_ptr<HistoricalDataSource> source(new HistoricalDataSource(adjustment, chunkRows));
    source->m_cursors.reserve(subscriptions.size());
    source->m_heap.reserve(subscriptions.size());
    for (std::size_t i = 0; i < subscriptions.size(); ++i) {
        const Subscription &subscription = subscriptions[i];
        const DatasetInfo &dataset = subscription.dataset;
        const std::string label = labelOf(dataset);
        for (std::size_t j = 0; j < i; ++j) {
            if (subscriptions[j].instrument == subscription.instrument)
                return Error("historical data: instrument "
                             + std::to_string(subscription.instrument.value())
                             + " is subscribed twice (" + labelOf(subscriptions[j].dataset)
                             + " and " + label + ")");
        }
        if (adjustment == Adjustment::TotalReturn && !dataset.hasAdjClose)
            return Error("historical data: " + label
                         + " has no adj_close column, which adjustment total_return needs");
        const auto stored = store.datasetById(dataset.id);
        if (!stored)
            return stored.error().withContext(store.path());
        if (!*stored || (*stored)->symbol != dataset.symbol
            || (*stored)->timeframe != dataset.timeframe || (*stored)->version != dataset.version)
            return Error("historical data: " + label + " (dataset id " + std::to_string(dataset.id)
                         + ") is not in the store " + store.path());

        auto statement = SqliteStatement::prepare(
            store.handle(),
            "SELECT ts, open, high, low, close, volume, adj_close FROM bars"
            " WHERE dataset_id = ?1 AND ts >= ?2 AND ts <= ?3 ORDER BY ts LIMIT ?4");
        if (!statement)
            return statement.error().withContext(store.path());
        statement->bindInt64(1, dataset.id);
        statement->bindInt64(3, to.unixNanos());
        statement->bindInt64(4, static_cast<std::int64_t>(chunkRows));

        Cursor &cursor = source->m_cursors.emplace_back();
        cursor.statement = std::move(*statement);
        cursor.instrument = subscription.instrument;
        cursor.label = label;
        cursor.rows.resize(chunkRows);
        cursor.nextFrom = from.unixNanos();
        const auto filled = source->fill(cursor);
        if (!filled)
            return filled.error();
        if (cursor.count > 0)
            source->m_heap.push({cursor.rows[0].ts, static_cast<std::uint32_t>(i)});
    }
    return source;
}

Result<void> HistoricalDataSource::fill(Cursor &cursor)
{
    sqlite3_stmt *stmt = cursor.statement.get();
    sqlite3_reset(stmt);
    sqlite3_bind_int64(stmt, 2, cursor.nextFrom);
    std::size_t count = 0;
    const bool adjust = m_adjustment == Adjustment::TotalReturn;
    try {
        while (count < m_chunkRows) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW) {
                Error error("historical data: reading " + cursor.label
                            + ": SQLite: " + sqliteMessage(sqlite3_db_handle(stmt)));
                sqlite3_reset(stmt);
                return error;
            }
            Row &row = cursor.rows[count];
            row.ts = sqlite3_column_int64(stmt, 0);
            row.open = sqlite3_column_int64(stmt, 1);
            row.high = sqlite3_column_int64(stmt, 2);
            row.low = sqlite3_column_int64(stmt, 3);
            row.close = sqlite3_column_int64(stmt, 4);
            row.volume = sqlite3_column_int64(stmt, 5);
            if (adjust) {
                const bool hasAdj = sqlite3_column_type(stmt, 6) != SQLITE_NULL;
                if (!hasAdj || row.close <= 0) {
                    Error error("historical data: " + cursor.label + " bar at "
                                + formatIso(Timestamp::fromUnixNanos(row.ts))
                                + (hasAdj ? " has a non-positive close" : " has no adj_close")
                                + "; cannot apply total_return adjustment");
                    sqlite3_reset(stmt);
                    return error;
                }
                const Price adjClose = Price::fromRaw(sqlite3_column_int64(stmt, 6));
                const Price close = Price::fromRaw(row.close);
                row.open = scaledBy(Price::fromRaw(row.open), adjClose, close).raw();
                row.high = scaledBy(Price::fromRaw(row.high), adjClose, close).raw();
                row.low = scaledBy(Price::fromRaw(row.low), adjClose, close).raw();
                row.close = adjClose.raw();
            }
            ++count;
        }
    } catch (const ArithmeticOverflow &overflow) {
        sqlite3_reset(stmt);
        return Error("historical data: " + cursor.label + ": " + overflow.what());
    }
    // Ends the statement's read transaction between chunks, so a long run never pins the WAL.
    sqlite3_reset(stmt);
    cursor.pos = 0;
    cursor.count = count;
    cursor.lastChunk = count < m_chunkRows;
    if (count > 0) {
        const std::int64_t lastTs = cursor.rows[count - 1].ts;
        if (lastTs == std::numeric_limits<std::int64_t>::max())
            cursor.lastChunk = true;
        else
            cursor.nextFrom = lastTs + 1;
    }
    return {};
}

bool HistoricalDataSource::next(Event &event)
{
    if (m_heap.empty())
        return false;
    Cursor &cursor = m_cursors[m_heap.top().source];
    const Row &row = cursor.rows[cursor.pos];
    event = Event::makeBar(Timestamp::fromUnixNanos(row.ts),
                           BarData{cursor.instrument, Price::fromRaw(row.open),
                                   Price::fromRaw(row.high), Price::fromRaw(row.low),
                                   Price::fromRaw(row.close), Quantity::fromRaw(row.volume)});
    ++m_emitted;
    ++cursor.pos;
    if (cursor.pos < cursor.count) {
        m_heap.replaceTop(cursor.rows[cursor.pos].ts);
        return true;
    }
    if (cursor.lastChunk) {
        m_heap.popTop();
        return true;
    }
    // The bar above was copied out before the buffer is overwritten.
    const auto filled = fill(cursor);
    if (!filled) {
        m_error = filled.error();
        m_heap.clear();
        return true;
    }
    if (cursor.count == 0)
        m_heap.popTop();
    else
        m_heap.replaceTop(cursor.rows[0].ts);
    return true;
}

Result<std::vector<std::pair<Timestamp, BarData>>> loadBars(const BarStore &store,
                                                            const DatasetInfo &dataset,
                                                            InstrumentId instrument,
                                                            Timestamp from,
                                                            Timestamp to,
                                                            Adjustment adjustment)
{
    auto source = HistoricalDataSource::open(store, {{instrument, dataset}}, from, to, adjustment);
    if (!source)
        return source.error();
    std::vector<std::pair<Timestamp, BarData>> bars;
    bars.reserve(static_cast<std::size_t>(std::max<std::int64_t>(dataset.rows, 0)));
    Event event;
    while ((*source)->next(event))
        bars.emplace_back(event.timestamp, event.bar());
    if (const Error *error = (*source)->error())
        return *error;
    return bars;
}

} // namespace meridian::engine
