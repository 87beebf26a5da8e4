#pragma once

// Data quality checks for bar series, the same code for `meridian data check`, the CSV import
// and a live feed: a QualityMonitor looks at one bar at a time (O(1) apart from reporting), and
// checkBars runs it over a stored series.
//
//     QualityMonitor monitor("SPY", *Timeframe::parse("1d"), calendar, {});
//     std::vector<QualityIssue> issues;
//     for (const auto &[time, bar] : bars)
//         monitor.observe(time, bar, issues);
//     monitor.finish(issues);
//
// Checks:
// - missing bars against the NYSE calendar: daily — every session between two bars must have a
//   bar; intraday — every regular-session bar of a session that has bars (counted per session:
//   "389/390"), and sessions with no bar at all between two bars;
// - bars off the calendar: a daily bar on a day that is not a session;
// - outliers: a log close-to-close return whose z-score against the previous `window` returns
//   exceeds `outlierZ` (a split shows up here on raw prices — the detail says so when the
//   monitor knows the split);
// - zero volume; duplicate and out-of-order timestamps (the bar is then skipped);
// - stale prices: the same close on `staleBars` consecutive bars or more (reported once per run).

#include "engine/core/event.h"
#include "engine/core/nysecalendar.h"
#include "engine/data/corporateactions.h"
#include "engine/data/timeframe.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

enum class QualityIssueKind {
    MissingBars,
    MissingSessions,
    OffCalendar,
    Outlier,
    ZeroVolume,
    Duplicate,
    OutOfOrder,
    StalePrice,
};
std::string_view toString(QualityIssueKind kind); // "missing_bars", ...
inline constexpr std::size_t qualityIssueKindCount = 8;

struct QualityIssue
{
    QualityIssueKind kind = QualityIssueKind::MissingBars;
    Timestamp time;        // the bar that revealed it
    std::size_t count = 1; // bars or sessions concerned
    std::string detail;
};

struct QualitySettings
{
    double outlierZ = 8.0;
    std::size_t outlierWindow = 60; // returns in the z-score's reference window
    std::size_t staleBars = 5;
};

class QualityMonitor
{
public:
    QualityMonitor(std::string symbol,
                   Timeframe timeframe,
                   const NyseCalendar &calendar,
                   QualitySettings settings,
                   std::vector<CorporateAction> splits = {});

    void observe(Timestamp time, const BarData &bar, std::vector<QualityIssue> &out);
    // Reports what only the end reveals (the last session's missing bars).
    void finish(std::vector<QualityIssue> &out);

private:
    void checkCalendar(Timestamp time, const Date &day, std::vector<QualityIssue> &out);
    void closeSession(std::vector<QualityIssue> &out);
    void checkReturn(Timestamp time, const Date &day, double close, std::vector<QualityIssue> &out);

    std::string m_symbol;
    Timeframe m_timeframe;
    const NyseCalendar &m_calendar;
    QualitySettings m_settings;
    std::vector<CorporateAction> m_splits;
    bool m_started = false;
    Timestamp m_lastTime;
    Date m_lastDay;
    double m_lastClose = 0;
    std::size_t m_sameClose = 0; // consecutive bars with an unchanged close
    Timestamp m_staleSince;
    // Intraday: the session being counted.
    Date m_session;
    bool m_inSession = false;
    std::size_t m_sessionBars = 0;
    // Ring of the last returns for the outlier z-score.
    std::vector<double> m_returns;
    std::size_t m_nextReturn = 0;
    std::size_t m_returnCount = 0;
};

struct QualityReport
{
    std::string symbol;
    std::string timeframe;
    std::size_t bars = 0;
    std::vector<QualityIssue> issues;
    // Σ count per kind, indexed by QualityIssueKind.
    std::size_t total(QualityIssueKind kind) const;
    bool clean() const { return issues.empty(); }
};

QualityReport checkBars(const std::string &symbol,
                        const Timeframe &timeframe,
                        const std::vector<std::pair<Timestamp, BarData>> &bars,
                        const NyseCalendar &calendar,
                        const QualitySettings &settings,
                        const std::vector<CorporateAction> &splits = {});
// "SPY 1d: 5849 bars; missing_sessions 0, outliers 2, ..." then one line per issue (at most
// maxIssues; the rest counted).
std::string formatQualityReport(const QualityReport &report, std::size_t maxIssues);

} // namespace meridian::engine
