#pragma once

// The vocabulary of orders, shared by events, the SDK and the execution side. Names follow the
// broker protocol (shared/alpaca/PROTOCOL.md) so that the live adapter maps one to one.

#include <cstdint>
#include <string_view>

namespace meridian::engine {

enum class Side : std::uint8_t { Buy, Sell };
enum class OrderType : std::uint8_t { Market, Limit, Stop, StopLimit, TrailingStop };
// opg and cls trade only in the opening / closing auction; ioc and fok never rest.
enum class TimeInForce : std::uint8_t { Day, Gtc, Opg, Cls, Ioc, Fok };
// simple: one order. bracket: entry + take-profit limit + stop-loss, the two exits one-cancels-
// other. oco: the two exits alone. oto: entry + one exit.
enum class OrderClass : std::uint8_t { Simple, Bracket, Oco, Oto };

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
    case OrderType::StopLimit:
        return "stop_limit";
    case OrderType::TrailingStop:
        return "trailing_stop";
    }
    return "?";
}
constexpr std::string_view toString(TimeInForce tif)
{
    switch (tif) {
    case TimeInForce::Day:
        return "day";
    case TimeInForce::Gtc:
        return "gtc";
    case TimeInForce::Opg:
        return "opg";
    case TimeInForce::Cls:
        return "cls";
    case TimeInForce::Ioc:
        return "ioc";
    case TimeInForce::Fok:
        return "fok";
    }
    return "?";
}
constexpr std::string_view toString(OrderClass orderClass)
{
    switch (orderClass) {
    case OrderClass::Simple:
        return "simple";
    case OrderClass::Bracket:
        return "bracket";
    case OrderClass::Oco:
        return "oco";
    case OrderClass::Oto:
        return "oto";
    }
    return "?";
}
constexpr Side opposite(Side side)
{
    return side == Side::Buy ? Side::Sell : Side::Buy;
}

} // namespace meridian::engine
