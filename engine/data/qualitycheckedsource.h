#pragma once

// QualityCheckedSource: the data-quality checks of the import (`QualityMonitor`, one per
// instrument) run on a stream as it is read — what a paper or live run does to its realtime
// feed. Events pass through unchanged and in order; what the checks find is kept, with the
// symbol, for the run's alerts.
//
//     QualityCheckedSource checked(feedSource, instruments, timeframe, calendar);
//     EventLoop loop(clock, engine, &checked);
//     ...
//     for (const auto &[symbol, issue] : checked.issues()) ...

#include "engine/core/datasource.h"
#include "engine/core/nysecalendar.h"
#include "engine/core/symbol.h"
#include "engine/data/dataquality.h"
#include "engine/data/timeframe.h"

#include <string>
#include <utility>
#include <vector>

namespace meridian::engine {

struct SymbolQualityIssue
{
    std::string symbol;
    QualityIssue issue;
};

class QualityCheckedSource final : public DataSource
{
public:
    // The monitors are made for every symbol `instruments` holds now.
    QualityCheckedSource(DataSource &source, const InstrumentTable &instruments,
                         const Timeframe &timeframe, const NyseCalendar &calendar,
                         QualitySettings settings = {});

    bool next(Event &event) override;
    const Error *error() const override { return m_source.error(); }

    // Also reports what only the end of the stream reveals (the last session's missing bars).
    void finish();
    const std::vector<SymbolQualityIssue> &issues() const { return m_issues; }

private:
    DataSource &m_source;
    const InstrumentTable &m_instruments;
    std::vector<QualityMonitor> m_monitors; // by InstrumentId − 1
    std::vector<QualityIssue> m_found;      // scratch, reused
    std::vector<SymbolQualityIssue> m_issues;
};

} // namespace meridian::engine
