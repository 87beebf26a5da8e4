#pragma once

// The trade list: one row per round trip (closed, then still open), as the backtest reports it.

#include "ui/recordtablemodel.h"

#include "engine/analytics/performance.h"

#include <span>
#include <vector>

namespace meridian::ui {

class TradesModel : public RecordTableModel
{
    Q_OBJECT

public:
    enum Column { Number, Symbol, Side, Quantity, EntryTime, EntryPrice, ExitTime, ExitPrice, Pnl,
                  ReturnPercent, Commission };

    using RecordTableModel::RecordTableModel;

    void setTrades(std::vector<engine::TradeRecord> trades);
    void append(std::span<const engine::TradeRecord> trades);
    void clear() { setTrades({}); }
    const std::vector<engine::TradeRecord> &trades() const { return m_trades; }

protected:
    int recordCount() const override { return static_cast<int>(m_trades.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    std::vector<engine::TradeRecord> m_trades;
};

} // namespace meridian::ui
