#include "ui/recordfilterproxy.h"

#include "ui/recordtablemodel.h"

namespace meridian::ui {

RecordFilterProxy::RecordFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RecordTableModel::SortRole);
    setDynamicSortFilter(true);
}

void RecordFilterProxy::setFilterText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void RecordFilterProxy::setMinimumLevel(int role, int minimum)
{
    m_levelRole = role;
    m_minimum = minimum;
    invalidateFilter();
}

bool RecordFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    if (m_minimum >= 0) {
        const QVariant level = model->index(sourceRow, 0, sourceParent).data(m_levelRole);
        if (level.isValid() && level.toInt() < m_minimum)
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (int column = 0; column < model->columnCount(sourceParent); ++column) {
        if (model->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace meridian::ui
