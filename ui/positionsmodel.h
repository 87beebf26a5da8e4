#pragma once

// The open positions: live from each snapshot, and after the run from its still-open trades.

#include "ui/recordtablemodel.h"
#include "ui/runsnapshot.h"

#include <vector>

namespace meridian::ui {

class PositionsModel : public RecordTableModel
{
    Q_OBJECT

public:
    enum Column { Strategy, Symbol, Quantity, AveragePrice, LastPrice, MarketValue, Unrealized, Realized };

    using RecordTableModel::RecordTableModel;

    void setPositions(std::vector<PositionRow> positions);
    void clear() { setPositions({}); }
    const std::vector<PositionRow> &positions() const { return m_positions; }

    // The positions a finished run still holds: one per open trade, owned by the strategy that
    // trades the symbol.
    static std::vector<PositionRow> fromResult(const engine::BacktestResult &result);

protected:
    int recordCount() const override { return static_cast<int>(m_positions.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    std::vector<PositionRow> m_positions;
};

} // namespace meridian::ui
