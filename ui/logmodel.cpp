#include "ui/logmodel.h"

#include "ui/formatting.h"

#include <QCoreApplication>

namespace meridian::ui {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QCoreApplication::translate("Severity", "info");
    case Severity::Warning:
        return QCoreApplication::translate("Severity", "warning");
    case Severity::Error:
        return QCoreApplication::translate("Severity", "error");
    }
    return {};
}

void LogModel::add(LogEntry entry)
{
    const int row = static_cast<int>(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(entry));
    endInsertRows();
}

void LogModel::addAlerts(const std::vector<engine::Alert> &alerts)
{
    if (alerts.empty())
        return;
    const int first = static_cast<int>(m_entries.size());
    beginInsertRows({}, first, first + static_cast<int>(alerts.size()) - 1);
    for (const engine::Alert &alert : alerts) {
        Severity severity = Severity::Info;
        if (alert.severity == engine::Alert::Severity::Warning)
            severity = Severity::Warning;
        else if (alert.severity == engine::Alert::Severity::Error)
            severity = Severity::Error;
        m_entries.push_back({format::time(alert.time), severity, QString::fromStdString(alert.source),
                             QString::fromStdString(alert.message)});
    }
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (role == SeverityRole && checkIndex(index, CheckIndexOption::IndexIsValid))
        return static_cast<int>(m_entries[static_cast<std::size_t>(index.row())].severity);
    return RecordTableModel::data(index, role);
}

QStringList LogModel::headers() const
{
    return {tr("Time"), tr("Severity"), tr("Source"), tr("Message")};
}

RecordTableModel::Cell LogModel::cell(int row, int column) const
{
    const LogEntry &entry = m_entries[static_cast<std::size_t>(row)];
    switch (column) {
    case Time:
        return text(entry.time);
    case SeverityColumn: {
        Cell c = text(severityName(entry.severity));
        c.sort = static_cast<int>(entry.severity);
        c.sign = entry.severity == Severity::Error ? -1 : 0;
        return c;
    }
    case Source:
        return text(entry.source);
    case Message: {
        Cell c = text(entry.message);
        c.toolTip = entry.message;
        return c;
    }
    default:
        return {};
    }
}

} // namespace meridian::ui
