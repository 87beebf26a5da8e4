#include "engine/data/dataquality.h"

#include <cmath>

namespace meridian::engine {

std::string_view toString(QualityIssueKind kind)
{
    switch (kind) {
    case QualityIssueKind::MissingBars:
        return "missing_bars";
    case QualityIssueKind::MissingSessions:
        return "missing_sessions";
    case QualityIssueKind::OffCalendar:
        return "off_calendar";
    case QualityIssueKind::Outlier:
        return "outlier";
    case QualityIssueKind::ZeroVolume:
        return "zero_volume";
    case QualityIssueKind::Duplicate:
        return "duplicate";
    case QualityIssueKind::OutOfOrder:
        return "out_of_order";
    case QualityIssueKind::StalePrice:
        return "stale_price";
    }
    return "?";
}

QualityMonitor::QualityMonitor(std::string symbol,
                               Timeframe timeframe,
                               const NyseCalendar &calendar,
                               QualitySettings settings,
                               std::vector<CorporateAction> splits)
    : m_symbol(std::move(symbol))
    , m_timeframe(std::move(timeframe))
    , m_calendar(calendar)
    , m_settings(settings)
    , m_splits(std::move(splits))
    , m_returns(settings.outlierWindow == 0 ? 1 : settings.outlierWindow)
{}

void QualityMonitor::closeSession(std::vector<QualityIssue> &out)
{
    if (!m_inSession)
        return;
    m_inSession = false;
    const Duration regular = Duration::nanoseconds(m_calendar.closeTime(m_session).nanos
                                                   - m_calendar.openTime(m_session).nanos);
    const auto expected = static_cast<std::size_t>(regular / m_timeframe.length);
    if (m_sessionBars >= expected)
        return;
    out.push_back({QualityIssueKind::MissingBars, m_lastTime, expected - m_sessionBars,
                   m_session.toString() + ": " + std::to_string(expected - m_sessionBars)
                       + " regular-session bar(s) missing (" + std::to_string(m_sessionBars) + "/"
                       + std::to_string(expected) + ")"});
}

void QualityMonitor::checkCalendar(Timestamp time, const Date &day, std::vector<QualityIssue> &out)
{
    if (m_timeframe.daily && !m_calendar.isSession(day))
        out.push_back(
            {QualityIssueKind::OffCalendar, time, 1, day.toString() + " is not an NYSE session"});
    if (m_started && day > m_lastDay) {
        // Sessions strictly between the last bar's day and this one have no bar at all.
        std::size_t missing = 0;
        Date first;
        for (Date d = m_calendar.nextSession(m_lastDay); d < day; d = m_calendar.nextSession(d)) {
            if (missing == 0)
                first = d;
            ++missing;
        }
        if (missing > 0)
            out.push_back({QualityIssueKind::MissingSessions, time, missing,
                           std::to_string(missing)
                               + " session(s) without a bar: " + first.toString() + " .. "
                               + m_calendar.previousSession(day).toString()});
    }
    if (m_timeframe.daily || !m_calendar.isSession(day))
        return;
    if (!m_inSession || m_session != day) {
        closeSession(out);
        m_session = day;
        m_inSession = true;
        m_sessionBars = 0;
    }
    // Regular-session bars end in (open, close].
    if (time > m_calendar.sessionOpen(day) && time <= m_calendar.sessionClose(day))
        ++m_sessionBars;
}

void QualityMonitor::checkReturn(Timestamp time,
                                 const Date &day,
                                 double close,
                                 std::vector<QualityIssue> &out)
{
    if (!(m_lastClose > 0) || !(close > 0))
        return;
    const double r = std::log(close / m_lastClose);
    const std::size_t n = m_returnCount;
    if (n == m_returns.size()) {
        double mean = 0;
        for (const double x : m_returns)
            mean += x;
        mean /= double(n);
        double squares = 0;
        for (const double x : m_returns)
            squares += (x - mean) * (x - mean);
        const double sd = std::sqrt(squares / double(n - 1 > 0 ? n - 1 : 1));
        const double z = sd > 0 ? (r - mean) / sd : 0.0;
        if (std::fabs(z) > m_settings.outlierZ) {
            std::string detail = "close " + std::to_string(m_lastClose) + " -> "
                                 + std::to_string(close) + " (return z-score " + std::to_string(z)
                                 + ")";
            for (const CorporateAction &split : m_splits)
                if (split.type == CorporateActionType::Split && split.exDate == day)
                    detail += ", explained by the " + std::to_string(split.newShares) + "-for-"
                              + std::to_string(split.oldShares) + " split";
            out.push_back({QualityIssueKind::Outlier, time, 1, std::move(detail)});
        }
    }
    m_returns[m_nextReturn] = r;
    m_nextReturn = (m_nextReturn + 1) % m_returns.size();
    if (m_returnCount < m_returns.size())
        ++m_returnCount;
}

void QualityMonitor::observe(Timestamp time, const BarData &bar, std::vector<QualityIssue> &out)
{
    if (m_started && time == m_lastTime) {
        out.push_back({QualityIssueKind::Duplicate, time, 1, "a second bar at " + formatIso(time)});
        return;
    }
    if (m_started && time < m_lastTime) {
        out.push_back({QualityIssueKind::OutOfOrder, time, 1,
                       formatIso(time) + " comes after " + formatIso(m_lastTime)});
        return;
    }
    const Date day = toNewYork(time - Duration::nanoseconds(1)).date;
    checkCalendar(time, day, out);
    if (bar.volume.isZero())
        out.push_back({QualityIssueKind::ZeroVolume, time, 1, "zero volume"});
    const double close = bar.close.toDouble();
    checkReturn(time, day, close, out);
    if (m_started && close == m_lastClose) {
        if (++m_sameClose + 1 == m_settings.staleBars)
            out.push_back({QualityIssueKind::StalePrice, time, m_settings.staleBars,
                           "close " + bar.close.toString() + " unchanged on "
                               + std::to_string(m_settings.staleBars) + " bars since "
                               + formatIso(m_staleSince)});
    } else {
        m_sameClose = 0;
        m_staleSince = time;
    }
    m_started = true;
    m_lastTime = time;
    m_lastDay = day;
    m_lastClose = close;
}

void QualityMonitor::finish(std::vector<QualityIssue> &out)
{
    closeSession(out);
}

std::size_t QualityReport::total(QualityIssueKind kind) const
{
    std::size_t sum = 0;
    for (const QualityIssue &issue : issues)
        if (issue.kind == kind)
            sum += issue.count;
    return sum;
}

QualityReport checkBars(const std::string &symbol,
                        const Timeframe &timeframe,
                        const std::vector<std::pair<Timestamp, BarData>> &bars,
                        const NyseCalendar &calendar,
                        const QualitySettings &settings,
                        const std::vector<CorporateAction> &splits)
{
    QualityReport report{symbol, timeframe.text, bars.size(), {}};
    QualityMonitor monitor(symbol, timeframe, calendar, settings, splits);
    for (const auto &[time, bar] : bars)
        monitor.observe(time, bar, report.issues);
    monitor.finish(report.issues);
    return report;
}

std::string formatQualityReport(const QualityReport &report, std::size_t maxIssues)
{
    std::string text
        = report.symbol + " " + report.timeframe + ": " + std::to_string(report.bars) + " bars";
    for (std::size_t k = 0; k < qualityIssueKindCount; ++k) {
        const auto kind = static_cast<QualityIssueKind>(k);
        text.append(k == 0 ? "; " : ", ").append(toString(kind)).append(" ");
        text += std::to_string(report.total(kind));
    }
    text += report.clean() ? " — clean\n" : "\n";
    for (std::size_t i = 0; i < report.issues.size() && i < maxIssues; ++i) {
        const QualityIssue &issue = report.issues[i];
        text.append("  ").append(formatIso(issue.time)).append(" ").append(toString(issue.kind));
        text.append(": ").append(issue.detail).append("\n");
    }
    if (report.issues.size() > maxIssues)
        text += "  ... " + std::to_string(report.issues.size() - maxIssues) + " more\n";
    return text;
}

} // namespace meridian::engine
