#pragma once

// Every order of the run: type, time in force and class, limit and stop prices, status with the
// reject code and reason, the orders it is linked to (replacement, bracket parent and sibling)
// and its execution quality (slippage against arrival, latency, fill ratio; see
// engine/execution/executionanalytics.h). Live snapshots update orders in place by id.

#include "ui/recordtablemodel.h"

#include "engine/execution/order.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace meridian::ui {

class OrdersModel : public RecordTableModel
{
    Q_OBJECT

public:
    enum Column {
        Id,
        Time,
        Symbol,
        Side,
        Type,
        TimeInForce,
        Class,
        Quantity,
        LimitPrice,
        StopPrice,
        Filled,
        AveragePrice,
        Status,
        RejectCode,
        Reason,
        Linked,
        SlippageBps,
        LatencyMs,
        FillRatio
    };

    using RecordTableModel::RecordTableModel;

    // `symbols` names InstrumentId 1, 2, ... (the run's data.symbols).
    void setSymbols(std::vector<std::string> symbols) { m_symbols = std::move(symbols); }
    void setOrders(std::vector<engine::Order> orders);
    // Adds new orders and replaces known ones (by id).
    void update(std::span<const engine::Order> orders);
    // The run's final order list after live updates: copies only the orders that are new or
    // changed (status, fills, links), so finishing a run of 100,000 orders stays cheap.
    void mergeFinal(std::span<const engine::Order> orders);
    void clear() { setOrders({}); }
    const std::vector<engine::Order> &orders() const { return m_orders; }

protected:
    int recordCount() const override { return static_cast<int>(m_orders.size()); }
    QStringList headers() const override;
    Cell cell(int row, int column) const override;

private:
    QString symbolOf(engine::InstrumentId id) const;
    void apply(const std::vector<const engine::Order *> &orders);

    std::vector<std::string> m_symbols;
    std::vector<engine::Order> m_orders;
    std::unordered_map<std::uint64_t, std::size_t> m_rowById;
};

// "SPY" for InstrumentId 1 when symbols = {"SPY"}; the id's number when unknown.
QString symbolName(const std::vector<std::string> &symbols, engine::InstrumentId id);

} // namespace meridian::ui
