#pragma once

// The vocabulary of orders, shared by events, the SDK and the execution side. Names follow the
// broker protocol (shared/alpaca/PROTOCOL.md) so that the live adapter maps one to one.

#include <cstdint>
#include <string_view>

namespace meridian::engine {

enum class Side : std::uint8_t { Buy, Sell };
enum class OrderType : std::uint8_t { Market, Limit, Stop };
enum class TimeInForce : std::uint8_t { Day, Gtc };

constexpr std::string_view toString(Side side)
{
    return side == Side::Buy ? "buy" : "sell";
}
constexpr std::string_view toString(OrderType type)
{
    switch (type) {
    case OrderType::Market:
        return "market";
    case OrderType::Limit:
        return "limit";
    case OrderType::Stop:
        return "stop";
    }
    return "?";
}
constexpr std::string_view toString(TimeInForce tif)
{
    return tif == TimeInForce::Day ? "day" : "gtc";
}
constexpr Side opposite(Side side)
{
    return side == Side::Buy ? Side::Sell : Side::Buy;
}

} // namespace meridian::engine
