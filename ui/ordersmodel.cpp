#include "ui/ordersmodel.h"

#include "ui/formatting.h"

#include "engine/execution/executionanalytics.h"

#include <algorithm>
#include <limits>

namespace meridian::ui {

namespace {

QString name(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// "replaces 4 · parent 2": the orders this one is tied to, by id.
QString linkedOrders(const engine::Order &order)
{
    QStringList parts;
    if (order.replaces.value() != 0)
        parts << OrdersModel::tr("replaces %1").arg(order.replaces.value());
    if (order.replacedBy.value() != 0)
        parts << OrdersModel::tr("replaced by %1").arg(order.replacedBy.value());
    if (order.parent.value() != 0)
        parts << OrdersModel::tr("parent %1").arg(order.parent.value());
    if (order.sibling.value() != 0)
        parts << OrdersModel::tr("sibling %1").arg(order.sibling.value());
    return parts.join(QStringLiteral(" · "));
}

} // namespace

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

void OrdersModel::update(std::span<const engine::Order> orders)
{
    std::vector<const engine::Order *> all;
    all.reserve(orders.size());
    for (const engine::Order &order : orders)
        all.push_back(&order);
    apply(all);
}

void OrdersModel::mergeFinal(std::span<const engine::Order> orders)
{
    std::vector<const engine::Order *> changed;
    for (const engine::Order &order : orders) {
        const auto found = m_rowById.find(order.id.value());
        if (found != m_rowById.end()) {
            const engine::Order &shown = m_orders[found->second];
            if (shown.status == order.status && shown.filledQuantity == order.filledQuantity
                && shown.commission == order.commission && shown.closedAt == order.closedAt
                && shown.replacedBy == order.replacedBy && shown.stopPrice == order.stopPrice)
                continue;
        }
        changed.push_back(&order);
    }
    apply(changed);
}

void OrdersModel::apply(const std::vector<const engine::Order *> &orders)
{
    std::vector<const engine::Order *> added;
    int firstChanged = std::numeric_limits<int>::max();
    int lastChanged = -1;
    for (const engine::Order *order : orders) {
        const auto found = m_rowById.find(order->id.value());
        if (found == m_rowById.end()) {
            added.push_back(order);
            continue;
        }
        m_orders[found->second] = *order;
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
    return {tr("ID"),        tr("Submitted"), tr("Symbol"),   tr("Side"),     tr("Type"),
            tr("TIF"),       tr("Class"),     tr("Qty"),      tr("Limit"),    tr("Stop"),
            tr("Filled"),    tr("Avg price"), tr("Status"),   tr("Code"),     tr("Reason"),
            tr("Linked"),    tr("Slip bps"),  tr("Latency ms"), tr("Fill %")};
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
    case Type: {
        Cell c = text(name(engine::toString(order.type)));
        if (order.type == engine::OrderType::TrailingStop) {
            c.toolTip = order.trailPercent > 0.0
                            ? tr("trails by %1 %").arg(format::number(order.trailPercent, 2))
                            : tr("trails by %1").arg(format::price(order.trailPrice));
        }
        return c;
    }
    case TimeInForce:
        return text(name(engine::toString(order.timeInForce)));
    case Class:
        return text(name(engine::toString(order.orderClass)));
    case Quantity:
        return figure(format::quantity(order.quantity), order.quantity.toDouble());
    case LimitPrice: {
        const bool has = order.type == engine::OrderType::Limit || order.type == engine::OrderType::StopLimit;
        return figure(has ? format::price(order.limitPrice) : QString(), has ? order.limitPrice.toDouble() : 0.0);
    }
    case StopPrice: {
        const bool has = order.type == engine::OrderType::Stop || order.type == engine::OrderType::StopLimit
                         || order.type == engine::OrderType::TrailingStop;
        return figure(has ? format::price(order.stopPrice) : QString(), has ? order.stopPrice.toDouble() : 0.0);
    }
    case Filled:
        return figure(format::quantity(order.filledQuantity), order.filledQuantity.toDouble());
    case AveragePrice:
        return figure(order.filledQuantity.isZero() ? QString() : format::price(order.averageFillPrice()),
                      order.averageFillPrice().toDouble());
    case Status: {
        Cell c = text(name(engine::toString(order.status)));
        c.sign = order.status == engine::OrderStatus::Rejected ? -1 : 0;
        return c;
    }
    case RejectCode: {
        Cell c = text(QString::fromStdString(order.rejectCode));
        c.sign = order.rejectCode.empty() ? 0 : -1;
        return c;
    }
    case Reason: {
        Cell c = text(QString::fromStdString(order.reason));
        c.toolTip = c.text;
        return c;
    }
    case Linked:
        return text(linkedOrders(order));
    case SlippageBps: {
        const std::optional<double> bps = engine::orderExecution(order).slippageBps;
        // Positive slippage is a cost: shown in the negative colour.
        return bps ? figure(format::number(*bps, 2), *bps, -format::sign(*bps)) : figure(QString(), 0.0);
    }
    case LatencyMs: {
        const std::optional<double> ms = engine::orderExecution(order).latencyMs;
        return ms ? figure(format::number(*ms, 1), *ms) : figure(QString(), 0.0);
    }
    case FillRatio: {
        const double ratio = engine::orderExecution(order).fillRatio;
        return figure(format::number(ratio * 100.0, 1), ratio);
    }
    default:
        return {};
    }
}

} // namespace meridian::ui
