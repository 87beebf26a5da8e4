#include "ui/fillsmodel.h"

#include "ui/formatting.h"
#include "ui/ordersmodel.h"

namespace meridian::ui {

void FillsModel::setFills(std::vector<engine::FillRecord> fills)
{
    beginResetModel();
    m_fills = std::move(fills);
    endResetModel();
}

void FillsModel::append(std::span<const engine::FillRecord> fills)
{
    if (fills.empty())
        return;
    const int first = static_cast<int>(m_fills.size());
    beginInsertRows({}, first, first + static_cast<int>(fills.size()) - 1);
    m_fills.insert(m_fills.end(), fills.begin(), fills.end());
    endInsertRows();
}

QStringList FillsModel::headers() const
{
    return {tr("ID"), tr("Time"), tr("Order"), tr("Symbol"), tr("Side"), tr("Qty"), tr("Price"),
            tr("Commission")};
}

RecordTableModel::Cell FillsModel::cell(int row, int column) const
{
    const engine::FillRecord &fill = m_fills[static_cast<std::size_t>(row)];
    switch (column) {
    case Id:
        return figure(QString::number(fill.id.value()), static_cast<qulonglong>(fill.id.value()));
    case Time: {
        Cell c = text(format::time(fill.time));
        c.sort = static_cast<qlonglong>(fill.time.unixNanos());
        return c;
    }
    case Order:
        return figure(QString::number(fill.order.value()), static_cast<qulonglong>(fill.order.value()));
    case Symbol:
        return text(symbolName(m_symbols, fill.instrument));
    case Side:
        return text(fill.side == engine::Side::Buy ? tr("buy") : tr("sell"));
    case Quantity:
        return figure(format::quantity(fill.quantity), fill.quantity.toDouble());
    case Price:
        return figure(format::price(fill.price), fill.price.toDouble());
    case Commission:
        return figure(format::money(fill.commission), fill.commission.toDouble());
    default:
        return {};
    }
}

} // namespace meridian::ui
