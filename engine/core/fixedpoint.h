#pragma once

// Exact decimal fixed point for accounting: an int64 count of 1e-8 units (range about ±92 bn).
// Price, Quantity and Money are distinct types that never convert into one another; the only
// mixed operations are the ones that mean something (price × quantity = money, see money.h).
//
//     auto price = Price::parse("167.41");           // exact, never via double
//     Money cost = *price * Quantity::fromUnits(100); // 16741.00000000, rounded half-even once
//
// Addition, subtraction and every product check for overflow and throw ArithmeticOverflow (a
// broken invariant) rather than wrap.

#include "engine/core/result.h"

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace meridian::engine {

class ArithmeticOverflow : public std::logic_error
{
public:
    using std::logic_error::logic_error;
};

namespace detail {
__extension__ typedef __int128 Int128;

enum class Rounding { HalfEven, TowardZero };

// a × b / divisor in 128 bits, rounded once; throws if the result does not fit in int64.
std::int64_t mulDiv(std::int64_t a, std::int64_t b, std::int64_t divisor, Rounding rounding);
std::int64_t checkedAdd(std::int64_t a, std::int64_t b);
std::int64_t checkedSub(std::int64_t a, std::int64_t b);
// Parses an exact decimal ("-12.345") into a count of 1e-8 units.
Result<std::int64_t> parseDecimal(std::string_view text);
// Prints a count of 1e-8 units exactly, trailing zeros trimmed down to minDecimals digits.
std::string formatDecimal(std::int64_t raw, int minDecimals);
std::int64_t rawFromDouble(double value);
} // namespace detail

template<class Tag>
class FixedPoint
{
public:
    static constexpr int decimals = 8;
    static constexpr std::int64_t scale = 100'000'000;

    constexpr FixedPoint() = default;

    static constexpr FixedPoint fromRaw(std::int64_t raw) { return FixedPoint(raw); }
    // Whole units (shares, dollars); overflow-checked.
    static FixedPoint fromUnits(std::int64_t units)
    {
        return FixedPoint(detail::mulDiv(units, scale, 1, detail::Rounding::HalfEven));
    }
    // For sizing from analytics (never for accounting): rounded half-even to 1e-8; throws on
    // NaN, infinity or overflow.
    static FixedPoint fromDouble(double value) { return FixedPoint(detail::rawFromDouble(value)); }
    static Result<FixedPoint> parse(std::string_view text)
    {
        const auto raw = detail::parseDecimal(text);
        if (!raw)
            return raw.error();
        return FixedPoint(*raw);
    }

    constexpr std::int64_t raw() const { return m_raw; }
    double toDouble() const { return static_cast<double>(m_raw) / static_cast<double>(scale); }
    // Exact decimal text, trailing zeros trimmed but at least minDecimals fraction digits.
    std::string toString(int minDecimals = 0) const
    {
        return detail::formatDecimal(m_raw, minDecimals);
    }

    constexpr bool isZero() const { return m_raw == 0; }
    constexpr bool isPositive() const { return m_raw > 0; }
    constexpr bool isNegative() const { return m_raw < 0; }
    constexpr int sign() const { return (m_raw > 0) - (m_raw < 0); }
    FixedPoint abs() const { return m_raw < 0 ? -*this : *this; }

    FixedPoint operator+(FixedPoint other) const
    {
        return FixedPoint(detail::checkedAdd(m_raw, other.m_raw));
    }
    FixedPoint operator-(FixedPoint other) const
    {
        return FixedPoint(detail::checkedSub(m_raw, other.m_raw));
    }
    FixedPoint operator-() const { return FixedPoint(detail::checkedSub(0, m_raw)); }
    FixedPoint &operator+=(FixedPoint other) { return *this = *this + other; }
    FixedPoint &operator-=(FixedPoint other) { return *this = *this - other; }
    // Scaling by an exact ratio numerator/denominator, rounded half-even once.
    FixedPoint scaled(std::int64_t numerator, std::int64_t denominator) const
    {
        return FixedPoint(
            detail::mulDiv(m_raw, numerator, denominator, detail::Rounding::HalfEven));
    }
    FixedPoint operator*(std::int64_t factor) const
    {
        return FixedPoint(detail::mulDiv(m_raw, factor, 1, detail::Rounding::HalfEven));
    }

    auto operator<=>(const FixedPoint &) const = default;

private:
    constexpr explicit FixedPoint(std::int64_t raw)
        : m_raw(raw)
    {}

    std::int64_t m_raw = 0;
};

} // namespace meridian::engine
