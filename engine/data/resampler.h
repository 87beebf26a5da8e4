#pragma once

// Multi-timeframe resampling of intraday bars (1m → 5m, 15m, 1h, 1d, ...), session-aware: only
// regular-session bars count, buckets never cross a session close (an early close ends the last
// bucket early), and a daily bar is one session stamped at 16:00 New York like imported daily
// bars. Buckets start at the session open (09:30, 09:35, ... — SessionOpen) or on the clock
// (10:00, 11:00, with a first partial 09:30-10:00 bucket — Clock, which is how LEAN's hour bars
// are cut).
//
//     auto resampler = BarResampler::create(*Timeframe::parse("1m"), *Timeframe::parse("5m"),
//                                           calendar);
//     for (const auto &[time, bar] : minuteBars)        // a live stream works the same way
//         resampler->add(time, bar, out);               // completed 5m bars are appended
//     resampler->flush(out);                            // the last, possibly partial, bucket
//
// A bucket is emitted as soon as a bar ends exactly at its end, or else when a bar of a later
// bucket arrives (or at flush), so batch (resampleBars) and incremental give the same bars.
// open = first open, close = last close, high/low = extremes, volume = sum.

#include "engine/core/event.h"
#include "engine/core/nysecalendar.h"
#include "engine/data/timeframe.h"

#include <utility>
#include <vector>

namespace meridian::engine {

enum class BucketAlignment { SessionOpen, Clock };

class BarResampler
{
public:
    // The target must be daily or a whole multiple of the intraday source.
    static Result<BarResampler> create(Timeframe source,
                                       Timeframe target,
                                       const NyseCalendar &calendar,
                                       BucketAlignment alignment = BucketAlignment::SessionOpen);

    // `end` is the source bar's stamp (its end). Bars outside regular hours are ignored.
    void add(Timestamp end, const BarData &bar, std::vector<std::pair<Timestamp, BarData>> &out);
    void flush(std::vector<std::pair<Timestamp, BarData>> &out);

private:
    BarResampler(Timeframe source,
                 Timeframe target,
                 const NyseCalendar &calendar,
                 BucketAlignment alignment)
        : m_source(std::move(source))
        , m_target(std::move(target))
        , m_calendar(&calendar)
        , m_alignment(alignment)
    {}

    Timeframe m_source;
    Timeframe m_target;
    const NyseCalendar *m_calendar;
    BucketAlignment m_alignment;
    bool m_open = false;   // a bucket is being filled
    Timestamp m_bucketEnd; // its stamp
    BarData m_bar;
};

Result<std::vector<std::pair<Timestamp, BarData>>>
resampleBars(const std::vector<std::pair<Timestamp, BarData>> &bars,
             const Timeframe &source,
             const Timeframe &target,
             const NyseCalendar &calendar,
             BucketAlignment alignment = BucketAlignment::SessionOpen);

} // namespace meridian::engine
