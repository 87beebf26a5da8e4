#include "engine/execution/executionanalytics.h"

#include <algorithm>
#include <cmath>

namespace meridian::engine {

OrderExecution orderExecution(const Order &order)
{
    OrderExecution execution;
    execution.arrivalPrice = order.arrivalPrice;
    execution.averageFillPrice = order.averageFillPrice();
    if (order.quantity.isPositive())
        execution.fillRatio = order.filledQuantity.toDouble() / order.quantity.toDouble();
    if (order.filledQuantity.isPositive() && order.arrivalPrice.isPositive()) {
        const double arrival = order.arrivalPrice.toDouble();
        const double difference = execution.averageFillPrice.toDouble() - arrival;
        const double signedCost = order.side == Side::Buy ? difference : -difference;
        execution.slippageBps = signedCost / arrival * 10'000.0;
    }
    if (order.arrivesAt >= order.submittedAt && order.arrivesAt != Timestamp())
        execution.latencyMs = static_cast<double>((order.arrivesAt - order.submittedAt).count()) / 1e6;
    return execution;
}

void ExecutionAnalytics::onOrderClosed(const Order &order)
{
    ExecutionSummary &s = m_summary;
    ++s.orders;
    s.commission += order.commission;
    switch (order.status) {
    case OrderStatus::Filled:
        ++s.filled;
        break;
    case OrderStatus::Rejected:
        ++s.rejected;
        ++s.rejectionsByReason[order.rejectCode.empty() ? std::string("broker") : order.rejectCode];
        break;
    case OrderStatus::Canceled:
        ++s.canceled;
        break;
    case OrderStatus::Expired:
        ++s.expired;
        break;
    case OrderStatus::Replaced:
        ++s.replaced;
        break;
    default:
        break;
    }
    if (order.status != OrderStatus::Filled && order.filledQuantity.isPositive())
        ++s.partiallyFilled;
    const OrderExecution execution = orderExecution(order);
    if (execution.slippageBps)
        m_slippages.push_back(*execution.slippageBps);
    if (execution.latencyMs && order.status != OrderStatus::Rejected) {
        m_latencySum += *execution.latencyMs;
        ++m_latencyCount;
    }
}

ExecutionSummary ExecutionAnalytics::summary() const
{
    ExecutionSummary s = m_summary;
    const std::uint64_t eligible = s.orders - s.rejected - s.replaced;
    s.fillRate = eligible > 0 ? static_cast<double>(s.filled) / static_cast<double>(eligible) : 0.0;
    if (!m_slippages.empty()) {
        std::vector<double> sorted = m_slippages;
        std::sort(sorted.begin(), sorted.end());
        double sum = 0.0;
        for (const double value : sorted)
            sum += value;
        s.averageSlippageBps = sum / static_cast<double>(sorted.size());
        const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(sorted.size())));
        s.p95SlippageBps = sorted[std::max<std::size_t>(rank, 1) - 1];
    }
    if (m_latencyCount > 0)
        s.averageLatencyMs = m_latencySum / static_cast<double>(m_latencyCount);
    return s;
}

} // namespace meridian::engine
