#pragma once

// The metrics table: every key of the backtest JSON report (backtestreport.h) except the trade
// list (that is the trades table), in the report's order, formatted for reading — percentages,
// money with thousands separators, New York times, sign colours. Nested values are flattened:
// "dataset_versions[0]", "strategies[1].sharpe", "execution.fill_rate",
// "execution.rejections_by_reason.max_position_size" (a section's objects down to their leaves). RawRole holds the exact JSON value, so the
// table can be checked against `meridian backtest --json`. With several runs (compare), each
// gets its own value column.

#include "ui/recordtablemodel.h"

#include <QJsonObject>
#include <QJsonValue>

#include <vector>

namespace meridian::ui {

class MetricsModel : public RecordTableModel
{
    Q_OBJECT

public:
    using RecordTableModel::RecordTableModel;

    // One run: the backtest JSON text.
    bool setReport(const QString &title, const QByteArray &json);
    // Several runs side by side.
    void setReports(std::vector<std::pair<QString, QJsonObject>> reports);
    void clear() { setReports({}); }

    // The flattened key of a row ("total_return", "strategies[0].state").
    QString keyAt(int row) const;
    int rowOf(const QString &key) const;

protected:
    int recordCount() const override { return static_cast<int>(m_rows.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    struct Row
    {
        QString key;   // flattened path
        QString field; // the last component ("sharpe")
        QString label; // "Sharpe ratio" or "spy_fast · Sharpe ratio"
    };
    void buildRows();
    template <typename Label>
    void flattenSection(const QJsonObject &section, const QString &path, const QString &title,
                        const Label &label);
    QJsonValue valueAt(const QJsonObject &report, const QString &key) const;

    std::vector<std::pair<QString, QJsonObject>> m_reports;
    std::vector<Row> m_rows;
};

} // namespace meridian::ui
