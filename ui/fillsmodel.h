#pragma once

// Every fill of the run: time, order, side, quantity, price and commission.

#include "ui/recordtablemodel.h"

#include "engine/control/tradingengine.h"

#include <string>
#include <span>
#include <vector>

namespace meridian::ui {

class FillsModel : public RecordTableModel
{
    Q_OBJECT

public:
    enum Column { Id, Time, Order, Symbol, Side, Quantity, Price, Commission };

    using RecordTableModel::RecordTableModel;

    void setSymbols(std::vector<std::string> symbols) { m_symbols = std::move(symbols); }
    void setFills(std::vector<engine::FillRecord> fills);
    void append(std::span<const engine::FillRecord> fills);
    void clear() { setFills({}); }
    const std::vector<engine::FillRecord> &fills() const { return m_fills; }

protected:
    int recordCount() const override { return static_cast<int>(m_fills.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    std::vector<std::string> m_symbols;
    std::vector<engine::FillRecord> m_fills;
};

} // namespace meridian::ui
