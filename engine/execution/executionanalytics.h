#pragma once

// Execution analytics: how well orders were executed, per order and per run.
//
// Per order: the arrival price (the last price when the strategy decided), the average fill
// price, the slippage against arrival in basis points (implementation shortfall: positive is a
// cost — a buy filled above, or a sell below, the arrival price), the latency to the venue and
// the fill ratio. Per run: fill rate, rejections by reason code, average and 95th-percentile
// slippage, commission total. docs/metrics.md ("execution") defines every figure.
//
//     ExecutionAnalytics analytics;
//     analytics.onOrderClosed(order);          // once per order, when it reaches a final state
//     const ExecutionSummary summary = analytics.summary();

#include "engine/execution/order.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace meridian::engine {

struct OrderExecution
{
    Price arrivalPrice;
    Price averageFillPrice;            // 0 without fills
    std::optional<double> slippageBps; // only with fills and an arrival price
    std::optional<double> latencyMs;   // only once the order reached the venue
    double fillRatio = 0.0;            // filled / ordered
};

OrderExecution orderExecution(const Order &order);

struct ExecutionSummary
{
    std::uint64_t orders = 0;          // every order that reached a final state
    std::uint64_t filled = 0;          // completely filled
    std::uint64_t partiallyFilled = 0; // ended with some, not all, filled
    std::uint64_t rejected = 0;
    std::uint64_t canceled = 0;
    std::uint64_t expired = 0;
    std::uint64_t replaced = 0;
    double fillRate = 0.0; // filled / (orders − rejected − replaced); 0 without such orders
    std::map<std::string, std::uint64_t> rejectionsByReason;
    double averageSlippageBps = 0.0; // over orders with fills, each order weighted once
    double p95SlippageBps = 0.0;     // nearest rank: the ceil(0.95 n)-th smallest
    double averageLatencyMs = 0.0;
    Money commission;
};

class ExecutionAnalytics
{
public:
    void onOrderClosed(const Order &order);
    ExecutionSummary summary() const;

private:
    ExecutionSummary m_summary;
    std::vector<double> m_slippages;
    double m_latencySum = 0.0;
    std::uint64_t m_latencyCount = 0;
};

} // namespace meridian::engine
