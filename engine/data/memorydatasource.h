#pragma once

// A DataSource over bars already in memory: a k-way merge of per-instrument series into one
// time-ordered stream (ties at a timestamp in the order the series were given). For tests and
// for benchmarks that take storage out of the measurement.
//
//     MemoryDataSource source({*loadBars(store, spy, spyId, from, to, Adjustment::Raw),
//                              *loadBars(store, tlt, tltId, from, to, Adjustment::Raw)});
//     Event event;
//     while (source.next(event)) ...

#include "engine/data/mergeheap.h"

#include "engine/core/datasource.h"

#include <utility>
#include <vector>

namespace meridian::engine {

class MemoryDataSource final : public DataSource
{
public:
    using Series = std::vector<std::pair<Timestamp, BarData>>;

    // Each series must be in strictly increasing time order (else std::invalid_argument: the
    // caller broke the contract).
    explicit MemoryDataSource(std::vector<Series> series);

    bool next(Event &event) override;
    // Starts the stream again from the first bar.
    void rewind();
    std::size_t totalBars() const { return m_totalBars; }

private:
    std::vector<Series> m_series;
    std::vector<std::size_t> m_positions;
    detail::MergeHeap m_heap;
    std::size_t m_totalBars = 0;
};

} // namespace meridian::engine
