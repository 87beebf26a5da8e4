#pragma once

// Time in the engine: Timestamp is a point in UTC, Duration a span, both int64 nanoseconds.
//
//     Timestamp close = newYorkTime(Date{2021, 3, 31}, TimeOfDay::hms(16, 0, 0)); // civiltime.h
//     Timestamp later = close + Duration::minutes(5);
//     Duration gap = later - close;                   // Timestamp + Timestamp does not compile
//
// There is no Duration::days(): a calendar day is 23, 24 or 25 hours in New York.
// Arithmetic is overflow-checked and throws ArithmeticOverflow rather than wrap.

#include "engine/core/fixedpoint.h"

#include <compare>
#include <cstdint>
#include <limits>

namespace meridian::engine {

class Duration
{
public:
    constexpr Duration() = default;
    static constexpr Duration nanoseconds(std::int64_t n) { return Duration(n); }
    static constexpr Duration microseconds(std::int64_t n) { return Duration(n * 1'000); }
    static constexpr Duration milliseconds(std::int64_t n) { return Duration(n * 1'000'000); }
    static constexpr Duration seconds(std::int64_t n) { return Duration(n * 1'000'000'000); }
    static constexpr Duration minutes(std::int64_t n) { return seconds(n * 60); }
    static constexpr Duration hours(std::int64_t n) { return seconds(n * 3600); }
    static constexpr Duration zero() { return Duration(0); }

    constexpr std::int64_t count() const { return m_nanos; } // nanoseconds
    constexpr double toSeconds() const { return static_cast<double>(m_nanos) * 1e-9; }

    Duration operator+(Duration other) const { return Duration(detail::checkedAdd(m_nanos, other.m_nanos)); }
    Duration operator-(Duration other) const { return Duration(detail::checkedSub(m_nanos, other.m_nanos)); }
    Duration operator-() const { return Duration(detail::checkedSub(0, m_nanos)); }
    Duration operator*(std::int64_t factor) const
    {
        std::int64_t product = 0;
        if (__builtin_mul_overflow(m_nanos, factor, &product))
            throw ArithmeticOverflow("Duration overflow in multiplication");
        return Duration(product);
    }
    constexpr std::int64_t operator/(Duration other) const { return m_nanos / other.m_nanos; }

    auto operator<=>(const Duration &) const = default;

private:
    constexpr explicit Duration(std::int64_t nanos)
        : m_nanos(nanos)
    {}
    std::int64_t m_nanos = 0;
};

class Timestamp
{
public:
    constexpr Timestamp() = default;
    static constexpr Timestamp fromUnixNanos(std::int64_t nanos) { return Timestamp(nanos); }
    static constexpr Timestamp min() { return Timestamp(std::numeric_limits<std::int64_t>::min()); }
    static constexpr Timestamp max() { return Timestamp(std::numeric_limits<std::int64_t>::max()); }

    constexpr std::int64_t unixNanos() const { return m_nanos; }

    Timestamp operator+(Duration d) const { return Timestamp(detail::checkedAdd(m_nanos, d.count())); }
    Timestamp operator-(Duration d) const { return Timestamp(detail::checkedSub(m_nanos, d.count())); }
    Duration operator-(Timestamp other) const
    {
        return Duration::nanoseconds(detail::checkedSub(m_nanos, other.m_nanos));
    }
    Timestamp &operator+=(Duration d) { return *this = *this + d; }

    auto operator<=>(const Timestamp &) const = default;

private:
    constexpr explicit Timestamp(std::int64_t nanos)
        : m_nanos(nanos)
    {}
    std::int64_t m_nanos = 0;
};

} // namespace meridian::engine
