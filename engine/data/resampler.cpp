#include "engine/data/resampler.h"

#include "engine/core/civiltime.h"

namespace meridian::engine {

Result<BarResampler> BarResampler::create(Timeframe source,
                                          Timeframe target,
                                          const NyseCalendar &calendar,
                                          BucketAlignment alignment)
{
    if (!source.isValid() || source.daily)
        return Error("resampling needs intraday source bars, got " + quoted(source.text));
    if (!target.isValid())
        return Error("resampling: invalid target timeframe");
    if (!target.daily
        && (target.length <= source.length || target.length.count() % source.length.count() != 0))
        return Error("resampling " + source.text + " bars to " + target.text
                     + ": the target must be a whole multiple of the source, longer than it");
    return BarResampler(std::move(source), std::move(target), calendar, alignment);
}

void BarResampler::add(Timestamp end,
                       const BarData &bar,
                       std::vector<std::pair<Timestamp, BarData>> &out)
{
    const Timestamp start = end - m_source.length;
    const NewYorkTime local = toNewYork(start);
    const Date day = local.date;
    if (!m_calendar->isSession(day))
        return;
    const Timestamp open = m_calendar->sessionOpen(day);
    const Timestamp close = m_calendar->sessionClose(day);
    if (start < open || start >= close)
        return;

    Timestamp bucketEnd = dailyBarTimestamp(day);
    if (!m_target.daily) {
        const std::int64_t length = m_target.length.count();
        // Offset of the bar's start within the session (SessionOpen) or the day (Clock).
        const std::int64_t origin = m_alignment == BucketAlignment::SessionOpen
                                        ? (start - open).count()
                                        : local.time.nanos;
        const std::int64_t bucketStartOffset = origin / length * length;
        const Timestamp bucketStart = start - Duration::nanoseconds(origin - bucketStartOffset);
        bucketEnd = bucketStart + m_target.length;
        if (bucketEnd > close)
            bucketEnd = close;
    }

    if (m_open && bucketEnd != m_bucketEnd) {
        out.emplace_back(m_bucketEnd, m_bar);
        m_open = false;
    }
    if (!m_open) {
        m_open = true;
        m_bucketEnd = bucketEnd;
        m_bar = bar;
    } else {
        if (bar.high > m_bar.high)
            m_bar.high = bar.high;
        if (bar.low < m_bar.low)
            m_bar.low = bar.low;
        m_bar.close = bar.close;
        m_bar.volume = m_bar.volume + bar.volume;
    }
    // The bar that ends the bucket (or the session) completes it now.
    const bool lastOfBucket = m_target.daily ? end >= close : end >= m_bucketEnd;
    if (lastOfBucket) {
        out.emplace_back(m_bucketEnd, m_bar);
        m_open = false;
    }
}

void BarResampler::flush(std::vector<std::pair<Timestamp, BarData>> &out)
{
    if (m_open)
        out.emplace_back(m_bucketEnd, m_bar);
    m_open = false;
}

Result<std::vector<std::pair<Timestamp, BarData>>>
resampleBars(const std::vector<std::pair<Timestamp, BarData>> &bars,
             const Timeframe &source,
             const Timeframe &target,
             const NyseCalendar &calendar,
             BucketAlignment alignment)
{
    Result<BarResampler> resampler = BarResampler::create(source, target, calendar, alignment);
    if (!resampler)
        return resampler.error();
    std::vector<std::pair<Timestamp, BarData>> out;
    for (const auto &[time, bar] : bars)
        resampler->add(time, bar, out);
    resampler->flush(out);
    return out;
}

} // namespace meridian::engine
