#pragma once

// The log and alerts: the engine's alerts (data validation, strategy faults, rejections, risk
// breaches) and the workstation's own messages, each with time, severity, source and message.

#include "ui/recordtablemodel.h"

#include "engine/control/tradingengine.h"

#include <vector>

namespace meridian::ui {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
QString severityName(Severity severity);

struct LogEntry
{
    QString time; // engine time (New York) for engine alerts, wall-clock time for app messages
    Severity severity = Severity::Info;
    QString source;
    QString message;
};

class LogModel : public RecordTableModel
{
    Q_OBJECT

public:
    enum Column { Time, SeverityColumn, Source, Message };
    // The entry's Severity as an int (for the severity filter).
    static constexpr int SeverityRole = RawRole + 1;

    using RecordTableModel::RecordTableModel;

    void add(LogEntry entry);
    void addAlerts(const std::vector<engine::Alert> &alerts);
    void clear();
    const std::vector<LogEntry> &entries() const { return m_entries; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    int recordCount() const override { return static_cast<int>(m_entries.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    std::vector<LogEntry> m_entries;
};

} // namespace meridian::ui
