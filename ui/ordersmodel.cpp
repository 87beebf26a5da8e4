#include "ui/ordersmodel.h"

#include "ui/formatting.h"

#include <algorithm>
#include <limits>

namespace meridian::ui {

QString symbolName(const std::vector<std::string> &symbols, engine::InstrumentId id)
{
    const std::size_t index = id.value() - 1;
    return index < symbols.size() ? QString::fromStdString(symbols[index]) : QString::number(id.value());
}

void OrdersModel::setOrders(std::vector<engine::Order> orders)
{
    beginResetModel();
    m_orders = std::move(orders);
    m_rowById.clear();
    for (std::size_t i = 0; i < m_orders.size(); ++i)
        m_rowById[m_orders[i].id.value()] = i;
    endResetModel();
}

void OrdersModel::update(const std::vector<engine::Order> &orders)
{
    std::vector<const engine::Order *> added;
    int firstChanged = std::numeric_limits<int>::max();
    int lastChanged = -1;
    for (const engine::Order &order : orders) {
        const auto found = m_rowById.find(order.id.value());
        if (found == m_rowById.end()) {
            added.push_back(&order);
            continue;
        }
        m_orders[found->second] = order;
        firstChanged = std::min(firstChanged, static_cast<int>(found->second));
        lastChanged = std::max(lastChanged, static_cast<int>(found->second));
    }
    // One signal for the changed stretch (working orders are the most recent ones).
    if (lastChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, columnCount() - 1));
    if (added.empty())
        return;
    const int first = static_cast<int>(m_orders.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (const engine::Order *order : added) {
        m_rowById[order->id.value()] = m_orders.size();
        m_orders.push_back(*order);
    }
    endInsertRows();
}

QString OrdersModel::symbolOf(engine::InstrumentId id) const
{
    return symbolName(m_symbols, id);
}

QStringList OrdersModel::headers() const
{
    return {tr("ID"), tr("Submitted"), tr("Symbol"), tr("Side"), tr("Type"), tr("Qty"), tr("Filled"),
            tr("Avg price"), tr("Status"), tr("Reason")};
}

RecordTableModel::Cell OrdersModel::cell(int row, int column) const
{
    const engine::Order &order = m_orders[static_cast<std::size_t>(row)];
    switch (column) {
    case Id:
        return figure(QString::number(order.id.value()), static_cast<qulonglong>(order.id.value()));
    case Time: {
        Cell c = text(format::time(order.submittedAt));
        c.sort = static_cast<qlonglong>(order.submittedAt.unixNanos());
        return c;
    }
    case Symbol:
        return text(symbolOf(order.instrument));
    case Side:
        return text(order.side == engine::Side::Buy ? tr("buy") : tr("sell"));
    case Type:
        return text(QString::fromUtf8(engine::toString(order.type).data(),
                                      static_cast<qsizetype>(engine::toString(order.type).size())));
    case Quantity:
        return figure(format::quantity(order.quantity), order.quantity.toDouble());
    case Filled:
        return figure(format::quantity(order.filledQuantity), order.filledQuantity.toDouble());
    case AveragePrice:
        return figure(order.filledQuantity.isZero() ? QString() : format::price(order.averageFillPrice()),
                      order.averageFillPrice().toDouble());
    case Status: {
        const auto name = engine::toString(order.status);
        Cell c = text(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
        c.sign = order.status == engine::OrderStatus::Rejected ? -1 : 0;
        return c;
    }
    case Reason: {
        Cell c = text(QString::fromStdString(order.reason));
        c.toolTip = c.text;
        return c;
    }
    default:
        return {};
    }
}

} // namespace meridian::ui
