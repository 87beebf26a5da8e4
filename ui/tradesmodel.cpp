#include "ui/tradesmodel.h"

#include "ui/formatting.h"

namespace meridian::ui {

void TradesModel::setTrades(std::vector<engine::TradeRecord> trades)
{
    beginResetModel();
    m_trades = std::move(trades);
    endResetModel();
}

void TradesModel::append(std::span<const engine::TradeRecord> trades)
{
    if (trades.empty())
        return;
    const int first = static_cast<int>(m_trades.size());
    beginInsertRows({}, first, first + static_cast<int>(trades.size()) - 1);
    m_trades.insert(m_trades.end(), trades.begin(), trades.end());
    endInsertRows();
}

QStringList TradesModel::headers() const
{
    return {tr("#"), tr("Symbol"), tr("Side"), tr("Qty"), tr("Entry time"), tr("Entry price"),
            tr("Exit time"), tr("Exit price"), tr("PnL"), tr("Return"), tr("Commission")};
}

RecordTableModel::Cell TradesModel::cell(int row, int column) const
{
    const engine::TradeRecord &trade = m_trades[static_cast<std::size_t>(row)];
    switch (column) {
    case Number:
        return figure(QString::number(row + 1), row + 1);
    case Symbol:
        return text(QString::fromStdString(trade.symbol));
    case Side:
        return text(trade.side == engine::Side::Buy ? tr("long") : tr("short"));
    case Quantity:
        return figure(format::quantity(trade.quantity), trade.quantity.toDouble());
    case EntryTime:
        return text(format::time(trade.entryTime));
    case EntryPrice:
        return figure(format::price(trade.entryPrice), trade.entryPrice.toDouble());
    case ExitTime: {
        Cell c = text(trade.exitTime ? format::time(*trade.exitTime) : tr("open"));
        c.sort = trade.exitTime ? QVariant(static_cast<qlonglong>(trade.exitTime->unixNanos()))
                                : QVariant(std::numeric_limits<qlonglong>::max());
        return c;
    }
    case ExitPrice:
        return figure(format::price(trade.exitPrice), trade.exitPrice.toDouble());
    case Pnl:
        return figure(format::money(trade.pnl), trade.pnl.toDouble(), format::sign(trade.pnl.toDouble()));
    case ReturnPercent: {
        // The trade's PnL against what entering it cost (quantity × entry price).
        const double cost = trade.quantity.toDouble() * trade.entryPrice.toDouble();
        const double fraction = cost != 0.0 ? trade.pnl.toDouble() / cost : 0.0;
        return figure(format::percent(fraction), fraction, format::sign(fraction));
    }
    case Commission:
        return figure(format::money(trade.commission), trade.commission.toDouble());
    default:
        return {};
    }
}

} // namespace meridian::ui
