#include "engine/data/baraggregator.h"

#include "engine/core/civiltime.h"

namespace meridian::engine {

Result<BarAggregator> BarAggregator::create(Timeframe source,
                                            Timeframe target,
                                            const NyseCalendar &calendar,
                                            Duration grace)
{
    if (grace < Duration::zero())
        return Error("bar aggregation: the grace period must not be negative");
    auto resampler = BarResampler::create(source, target, calendar);
    if (!resampler)
        return resampler.error();
    return BarAggregator(std::move(*resampler), std::move(source), std::move(target), calendar,
                         grace);
}

BarAggregator::Series &BarAggregator::series(InstrumentId instrument)
{
    const std::size_t index = instrument.value() - 1;
    while (m_series.size() <= index)
        m_series.push_back(Series{m_prototype, false, Timestamp(), Timestamp::min()});
    return m_series[index];
}

Timestamp BarAggregator::intervalEnd(Timestamp stamp) const
{
    // Intraday stamps are already cut at the close; a daily bar is stamped at 16:00 whatever
    // the session's close was.
    if (!m_target.daily)
        return stamp;
    return m_calendar->sessionClose(toNewYork(stamp).date);
}

void BarAggregator::update(Series &series, const Output &out, std::size_t from)
{
    for (std::size_t i = from; i < out.size(); ++i)
        series.completedUntil = intervalEnd(out[i].first);
    // The resampler holds the bucket being filled; a flush of a copy shows it without touching
    // the original (the copy allocates nothing: a Timeframe's text is a short string).
    m_probe.clear();
    BarResampler probe = series.resampler;
    probe.flush(m_probe);
    series.pending = !m_probe.empty();
    if (series.pending)
        series.pendingEnd = intervalEnd(m_probe.front().first);
}

void BarAggregator::addBar(Timestamp end, const BarData &bar, Output &out)
{
    if (!bar.instrument.isValid())
        return;
    Series &slot = series(bar.instrument);
    if (end - m_source.length < slot.completedUntil) {
        ++m_lateBars;
        return;
    }
    const std::size_t from = out.size();
    slot.resampler.add(end, bar, out);
    update(slot, out, from);
}

void BarAggregator::advanceTo(Timestamp now, Output &out)
{
    for (Series &slot : m_series) {
        if (!slot.pending || now < slot.pendingEnd + m_grace)
            continue;
        const std::size_t from = out.size();
        slot.resampler.flush(out);
        update(slot, out, from);
    }
}

} // namespace meridian::engine
