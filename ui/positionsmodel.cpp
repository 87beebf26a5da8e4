#include "ui/positionsmodel.h"

#include "ui/formatting.h"

#include <algorithm>

namespace meridian::ui {

void PositionsModel::setPositions(std::vector<PositionRow> positions)
{
    // A snapshot carries every position; when the rows keep their identity only values change.
    const bool sameRows = positions.size() == m_positions.size()
                          && std::equal(positions.begin(), positions.end(), m_positions.begin(),
                                        [](const PositionRow &a, const PositionRow &b) {
                                            return a.strategy == b.strategy && a.symbol == b.symbol;
                                        });
    if (sameRows && !positions.empty()) {
        m_positions = std::move(positions);
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_positions = std::move(positions);
    endResetModel();
}

std::vector<PositionRow> PositionsModel::fromResult(const engine::BacktestResult &result)
{
    std::vector<PositionRow> rows;
    for (const engine::TradeRecord &trade : result.trades) {
        if (trade.isClosed())
            continue;
        PositionRow row;
        for (const auto &strategy : result.strategies) {
            if (std::find(strategy.symbols.begin(), strategy.symbols.end(), trade.symbol)
                != strategy.symbols.end()) {
                row.strategy = strategy.name;
                break;
            }
        }
        row.symbol = trade.symbol;
        row.quantity = trade.side == engine::Side::Buy ? trade.quantity : -trade.quantity;
        row.averagePrice = trade.entryPrice;
        row.lastPrice = trade.exitPrice;
        row.marketValue = trade.exitPrice * row.quantity;
        row.unrealizedPnl = trade.pnl + trade.commission;
        rows.push_back(std::move(row));
    }
    return rows;
}

QStringList PositionsModel::headers() const
{
    return {tr("Strategy"), tr("Symbol"), tr("Qty"), tr("Avg price"), tr("Last"), tr("Market value"),
            tr("Unrealized PnL"), tr("Realized PnL")};
}

RecordTableModel::Cell PositionsModel::cell(int row, int column) const
{
    const PositionRow &position = m_positions[static_cast<std::size_t>(row)];
    switch (column) {
    case Strategy:
        return text(QString::fromStdString(position.strategy));
    case Symbol:
        return text(QString::fromStdString(position.symbol));
    case Quantity:
        return figure(format::quantity(position.quantity), position.quantity.toDouble(),
                      format::sign(position.quantity.toDouble()));
    case AveragePrice:
        return figure(format::price(position.averagePrice), position.averagePrice.toDouble());
    case LastPrice:
        return figure(format::price(position.lastPrice), position.lastPrice.toDouble());
    case MarketValue:
        return figure(format::money(position.marketValue), position.marketValue.toDouble());
    case Unrealized:
        return figure(format::money(position.unrealizedPnl), position.unrealizedPnl.toDouble(),
                      format::sign(position.unrealizedPnl.toDouble()));
    case Realized:
        return figure(format::money(position.realizedPnl), position.realizedPnl.toDouble(),
                      format::sign(position.realizedPnl.toDouble()));
    default:
        return {};
    }
}

} // namespace meridian::ui
