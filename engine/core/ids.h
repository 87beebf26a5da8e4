#pragma once

// Strong ids: tagged integers that never convert into one another.
//
//     OrderId order{42};
//     StrategyId strategy{1};
//     order == strategy;    // does not compile

#include <compare>
#include <cstdint>
#include <functional>

namespace meridian::engine {

template<class Tag, class Rep = std::uint64_t>
class StrongId
{
public:
    using ValueType = Rep;
    constexpr StrongId() = default;
    constexpr explicit StrongId(Rep value)
        : m_value(value)
    {}
    constexpr Rep value() const { return m_value; }
    constexpr bool isValid() const { return m_value != 0; }
    auto operator<=>(const StrongId &) const = default;

private:
    Rep m_value = 0; // 0 is "no id"
};

using OrderId = StrongId<struct OrderIdTag>;
using FillId = StrongId<struct FillIdTag>;
// Index of a strategy instance in a run, 1-based.
using StrategyId = StrongId<struct StrategyIdTag, std::uint32_t>;
// Index of an instrument in the run's InstrumentTable, 1-based; see symbol.h.
using InstrumentId = StrongId<struct InstrumentIdTag, std::uint32_t>;

} // namespace meridian::engine

template<class Tag, class Rep>
struct std::hash<meridian::engine::StrongId<Tag, Rep>>
{
    std::size_t operator()(meridian::engine::StrongId<Tag, Rep> id) const noexcept
    {
        return std::hash<Rep>()(id.value());
    }
};
