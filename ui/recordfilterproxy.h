#pragma once

// Sorting and filtering for every table: sorts on RecordTableModel::SortRole (numbers as
// numbers), keeps rows where any column contains the filter text (case-insensitive), and — for
// the log — rows at or above a minimum severity.

#include <QSortFilterProxyModel>

namespace meridian::ui {

class RecordFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RecordFilterProxy(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    // Rows whose `role` value (an int) is below `minimum` are hidden; -1 shows everything.
    void setMinimumLevel(int role, int minimum);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    int m_levelRole = 0;
    int m_minimum = -1;
};

} // namespace meridian::ui
