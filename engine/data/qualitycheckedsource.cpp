#include "engine/data/qualitycheckedsource.h"

namespace meridian::engine {

QualityCheckedSource::QualityCheckedSource(DataSource &source, const InstrumentTable &instruments,
                                           const Timeframe &timeframe, const NyseCalendar &calendar,
                                           QualitySettings settings)
    : m_source(source)
    , m_instruments(instruments)
{
    m_monitors.reserve(instruments.size());
    for (std::size_t i = 1; i <= instruments.size(); ++i)
        m_monitors.emplace_back(instruments.symbol(InstrumentId(static_cast<std::uint32_t>(i))).toString(),
                                timeframe, calendar, settings);
}

bool QualityCheckedSource::next(Event &event)
{
    if (!m_source.next(event))
        return false;
    if (event.type != EventType::Bar)
        return true;
    const BarData &bar = event.bar();
    const std::size_t index = bar.instrument.value() - 1;
    if (!bar.instrument.isValid() || index >= m_monitors.size())
        return true; // not one of the run's symbols: the engine reports it
    m_found.clear();
    m_monitors[index].observe(event.timestamp, bar, m_found);
    for (QualityIssue &issue : m_found)
        m_issues.push_back(SymbolQualityIssue{m_instruments.symbol(bar.instrument).toString(), std::move(issue)});
    return true;
}

void QualityCheckedSource::finish()
{
    for (std::size_t i = 0; i < m_monitors.size(); ++i) {
        m_found.clear();
        m_monitors[i].finish(m_found);
        for (QualityIssue &issue : m_found)
            m_issues.push_back(SymbolQualityIssue{
                m_instruments.symbol(InstrumentId(static_cast<std::uint32_t>(i + 1))).toString(),
                std::move(issue)});
    }
}

} // namespace meridian::engine
