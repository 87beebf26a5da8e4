#pragma once

// BarAggregator: the minute bars of a realtime feed turned into completed bars of the run's
// timeframe (5m, 1h, 1d, ...), cut exactly as a backtest's BarResampler cuts the same minutes
// (regular session only, buckets from the session open, never across the close; a daily bar is
// one session stamped at 16:00 New York) — plus what a stream needs and a batch does not: the
// passage of time also completes a bucket, so a quiet last minute (no trade, no bar) does not
// hold the bar back until the next session.
//
//     auto aggregator = BarAggregator::create(*Timeframe::parse("1m"), *Timeframe::parse("5m"),
//                                             calendar);
//     aggregator->addBar(end, minuteBar, out); // each minute bar, stamped at its end
//     aggregator->advanceTo(now, out);        // on a clock tick
//
// Completed bars are appended to `out` as (stamp, bar), per instrument (bar.instrument). A bucket
// is complete when
//   - the bar that ends it arrives (the 09:34 minute completes 09:30-09:35), or
//   - a bar of a later bucket of the same instrument arrives, or
//   - advanceTo() reaches the end of its interval + `grace`. The interval ends at the bucket's
//     stamp, or for a daily bar at the session close (13:00 on an early-close day). The grace
//     allows for the feed's delay: a minute bar arrives after its minute (PROTOCOL.md §9.3).
// A source bar that starts before the end of a bucket already completed for its instrument is
// dropped and counted in lateBars(): the engine has decided on the bar as it was completed.

#include "engine/data/resampler.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace meridian::engine {

class BarAggregator
{
public:
    using Output = std::vector<std::pair<Timestamp, BarData>>;

    static constexpr Duration defaultGrace = Duration::seconds(5);

    // As BarResampler::create: an intraday source, a daily target or a whole multiple of it.
    static Result<BarAggregator> create(Timeframe source,
                                        Timeframe target,
                                        const NyseCalendar &calendar,
                                        Duration grace = defaultGrace);

    // `end` is the source bar's stamp (its end). Bars outside regular hours are ignored.
    void addBar(Timestamp end, const BarData &bar, Output &out);
    // The time is `now`: completes every bucket whose interval ended at least `grace` ago.
    void advanceTo(Timestamp now, Output &out);

    const Timeframe &target() const { return m_target; }
    std::uint64_t lateBars() const { return m_lateBars; }

private:
    struct Series
    {
        BarResampler resampler;
        bool pending = false;     // a bucket is being filled
        Timestamp pendingEnd;     // the end of its interval
        Timestamp completedUntil; // the end of the last completed bucket's interval
    };

    BarAggregator(BarResampler prototype, Timeframe source, Timeframe target,
                  const NyseCalendar &calendar, Duration grace)
        : m_prototype(std::move(prototype))
        , m_source(std::move(source))
        , m_target(std::move(target))
        , m_calendar(&calendar)
        , m_grace(grace)
    {}

    Series &series(InstrumentId instrument);
    // Where the interval of a bucket stamped `stamp` ends.
    Timestamp intervalEnd(Timestamp stamp) const;
    // Notes what was completed since `from` and what is still being filled.
    void update(Series &series, const Output &out, std::size_t from);

    BarResampler m_prototype;
    Timeframe m_source;
    Timeframe m_target;
    const NyseCalendar *m_calendar;
    Duration m_grace;
    std::vector<Series> m_series; // by InstrumentId − 1
    Output m_probe;               // scratch: what a flush would complete now
    std::uint64_t m_lateBars = 0;
};

} // namespace meridian::engine
