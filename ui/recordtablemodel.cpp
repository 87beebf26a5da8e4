#include "ui/recordtablemodel.h"

namespace meridian::ui {

RecordTableModel::RecordTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    // A reset may change the columns (the metrics of several runs).
    connect(this, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_columns = -1; });
    connect(this, &QAbstractItemModel::modelReset, this, [this] { m_columns = -1; });
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : recordCount();
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    // Views ask for the column count constantly; the titles (translated) are built once.
    if (m_columns < 0)
        m_columns = static_cast<int>(headers().size());
    return m_columns;
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return cell(index.row(), index.column()).text;
    case Qt::ToolTipRole: {
        const Cell c = cell(index.row(), index.column());
        return c.toolTip.isEmpty() ? QVariant() : QVariant(c.toolTip);
    }
    case SortRole: {
        const Cell c = cell(index.row(), index.column());
        return c.sort.isValid() ? c.sort : QVariant(c.text);
    }
    case RawRole: {
        const Cell c = cell(index.row(), index.column());
        return c.raw.isValid() ? c.raw : (c.sort.isValid() ? c.sort : QVariant(c.text));
    }
    case Qt::ForegroundRole: {
        const int sign = cell(index.row(), index.column()).sign;
        if (sign > 0)
            return m_positive;
        if (sign < 0)
            return m_negative;
        return {};
    }
    case Qt::TextAlignmentRole:
        return cell(index.row(), index.column()).figure
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    const QStringList titles = headers();
    return section >= 0 && section < titles.size() ? QVariant(titles.at(section)) : QVariant();
}

void RecordTableModel::setSignColors(const QColor &positive, const QColor &negative)
{
    m_positive = positive;
    m_negative = negative;
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::ForegroundRole});
}

} // namespace meridian::ui
