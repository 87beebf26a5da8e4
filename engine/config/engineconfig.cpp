#include "engine/config/engineconfig.h"

namespace meridian::engine {

std::string_view toString(RunMode mode)
{
    switch (mode) {
    case RunMode::Backtest:
        return "backtest";
    case RunMode::Paper:
        return "paper";
    case RunMode::Live:
        return "live";
    }
    return "?";
}

std::string_view toString(ClockConfig::Type type)
{
    return type == ClockConfig::Type::Historical ? "historical" : "realtime";
}

std::string_view toString(DataConfig::Type type)
{
    return type == DataConfig::Type::Historical ? "historical" : "realtime";
}

std::string_view toString(DataConfig::Adjustment adjustment)
{
    return adjustment == DataConfig::Adjustment::Raw ? "raw" : "total_return";
}

std::string_view toString(SlippageConfig::Model model)
{
    switch (model) {
    case SlippageConfig::Model::None:
        return "none";
    case SlippageConfig::Model::Fixed:
        return "fixed";
    case SlippageConfig::Model::VolumeBased:
        return "volume_based";
    case SlippageConfig::Model::MarketImpact:
        return "market_impact";
    case SlippageConfig::Model::Spread:
        return "spread";
    }
    return "?";
}

std::string_view toString(CommissionConfig::Model model)
{
    switch (model) {
    case CommissionConfig::Model::None:
        return "none";
    case CommissionConfig::Model::PerShare:
        return "per_share";
    case CommissionConfig::Model::PerOrder:
        return "per_order";
    case CommissionConfig::Model::Percent:
        return "percent";
    case CommissionConfig::Model::Alpaca:
        return "alpaca";
    }
    return "?";
}

std::string_view toString(ExecutionConfig::IntrabarPath path)
{
    return path == ExecutionConfig::IntrabarPath::Ohlc ? "ohlc" : "olhc";
}

std::string_view toString(ExecutionConfig::Type type)
{
    return type == ExecutionConfig::Type::Simulated ? "simulated" : "broker";
}

std::string_view toString(ExecutionConfig::FillAt fillAt)
{
    return fillAt == ExecutionConfig::FillAt::NextOpen ? "next_open" : "close";
}

} // namespace meridian::engine
