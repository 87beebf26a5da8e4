#pragma once

// Streams bars of many datasets from the BarStore in one global time order: one cursor per
// dataset reads chunks of rows by primary key, and a k-way merge picks the earliest; ties at a
// timestamp go in the order the subscriptions were given. Memory is bounded by
// subscriptions × chunkRows whatever the date range, and next() does not allocate.
//
//     auto source = HistoricalDataSource::open(store, {{spyId, *spy}, {tltId, *tlt}},
//                                              from, to, Adjustment::Raw);
//     Event event;
//     while ((*source)->next(event)) ...
//     if ((*source)->error()) ...        // a failed read ended the stream
//
// The store must outlive the source.

#include "engine/data/barstore.h"
#include "engine/data/mergeheap.h"
#include "engine/data/sqlitestatement.h"

#include "engine/core/datasource.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meridian::engine {

// Raw: prices as traded. TotalReturn: open/high/low/close scaled by adj_close / close, so the
// adjusted close equals adj_close exactly (dividends and splits folded in); volume unchanged.
enum class Adjustment { Raw, TotalReturn };

std::string_view toString(Adjustment adjustment); // "raw", "total_return"
Result<Adjustment> parseAdjustment(std::string_view text);

class HistoricalDataSource final : public DataSource
{
public:
    struct Subscription
    {
        InstrumentId instrument;
        DatasetInfo dataset;
    };

    static constexpr std::size_t defaultChunkRows = 4096;

    // Bars with from <= event time <= to. Fails if a dataset is not in the store, an instrument
    // is subscribed twice, or TotalReturn is asked of a dataset without adj_close.
    static Result<std::unique_ptr<HistoricalDataSource>>
    open(const BarStore &store,
         std::vector<Subscription> subscriptions,
         Timestamp from,
         Timestamp to,
         Adjustment adjustment,
         std::size_t chunkRows = defaultChunkRows);

    HistoricalDataSource(const HistoricalDataSource &) = delete;
    HistoricalDataSource &operator=(const HistoricalDataSource &) = delete;
    ~HistoricalDataSource() override;

    bool next(Event &event) override;
    const Error *error() const override { return m_error ? &*m_error : nullptr; }
    std::size_t barsEmitted() const { return m_emitted; }

private:
    // One bar as stored (raw fixed-point values), adjustment already applied.
    struct Row
    {
        std::int64_t ts;
        std::int64_t open;
        std::int64_t high;
        std::int64_t low;
        std::int64_t close;
        std::int64_t volume;
    };

    struct Cursor
    {
        SqliteStatement statement;
        InstrumentId instrument;
        std::string label; // "SPY 1d v1", for messages
        std::vector<Row> rows;
        std::size_t pos = 0;
        std::size_t count = 0;
        std::int64_t nextFrom = 0; // inclusive lower bound of the next chunk
        bool lastChunk = false;
    };

    HistoricalDataSource(Adjustment adjustment, std::size_t chunkRows);
    Result<void> fill(Cursor &cursor);

    std::vector<Cursor> m_cursors;
    detail::MergeHeap m_heap;
    Adjustment m_adjustment;
    std::size_t m_chunkRows;
    std::size_t m_emitted = 0;
    std::optional<Error> m_error;
};

// Loads one dataset's bars in [from, to] into memory (for MemoryDataSource and tests).
Result<std::vector<std::pair<Timestamp, BarData>>> loadBars(const BarStore &store,
                                                            const DatasetInfo &dataset,
                                                            InstrumentId instrument,
                                                            Timestamp from,
                                                            Timestamp to,
                                                            Adjustment adjustment);

} // namespace meridian::engine
