#include "engine/core/event.h"

#include <algorithm>

namespace meridian::engine {

ShortText::ShortText(std::string_view text)
{
    const std::size_t n = std::min(text.size(), capacity);
    std::copy_n(text.begin(), n, m_chars.begin());
}

std::string_view toString(EventType type)
{
    switch (type) {
    case EventType::Bar:
        return "bar";
    case EventType::Trade:
        return "trade";
    case EventType::Quote:
        return "quote";
    case EventType::OrderAccepted:
        return "order_accepted";
    case EventType::OrderRejected:
        return "order_rejected";
    case EventType::OrderPartiallyFilled:
        return "order_partially_filled";
    case EventType::OrderFilled:
        return "order_filled";
    case EventType::OrderCancelled:
        return "order_cancelled";
    case EventType::OrderExpired:
        return "order_expired";
    case EventType::Timer:
        return "timer";
    case EventType::Control:
        return "control";
    case EventType::OrderPendingNew:
        return "order_pending_new";
    case EventType::OrderPendingCancel:
        return "order_pending_cancel";
    case EventType::OrderPendingReplace:
        return "order_pending_replace";
    case EventType::OrderReplaced:
        return "order_replaced";
    case EventType::OrderDoneForDay:
        return "order_done_for_day";
    case EventType::OrderCancelRejected:
        return "order_cancel_rejected";
    case EventType::OrderReplaceRejected:
        return "order_replace_rejected";
    case EventType::RiskAlert:
        return "risk_alert";
    case EventType::FeatureDrift:
        return "feature_drift";
    }
    return "?";
}

std::string_view toString(DriftStatistic statistic)
{
    return statistic == DriftStatistic::Psi ? "psi" : "ks";
}

std::string_view toString(RiskLimit limit)
{
    switch (limit) {
    case RiskLimit::MaxDailyLoss:
        return "max_daily_loss";
    case RiskLimit::MaxDrawdown:
        return "max_drawdown";
    case RiskLimit::AccountMaxDailyLoss:
        return "account_max_daily_loss";
    case RiskLimit::AccountMaxDrawdown:
        return "account_max_drawdown";
    }
    return "?";
}

std::string_view toString(ControlCommand command)
{
    switch (command) {
    case ControlCommand::Pause:
        return "pause";
    case ControlCommand::Resume:
        return "resume";
    case ControlCommand::Flatten:
        return "flatten";
    case ControlCommand::Kill:
        return "kill";
    case ControlCommand::Stop:
        return "stop";
    }
    return "?";
}

} // namespace meridian::engine
