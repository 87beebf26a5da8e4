#include "engine/core/fixedpoint.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace meridian::engine::detail {

namespace {

constexpr std::int64_t kScale = 100'000'000;
constexpr int kDecimals = 8;

std::int64_t narrow(Int128 value)
{
    if (value > std::numeric_limits<std::int64_t>::max()
        || value < std::numeric_limits<std::int64_t>::min())
        throw ArithmeticOverflow("fixed-point overflow: result exceeds the ±92 bn range");
    return static_cast<std::int64_t>(value);
}

} // namespace

std::int64_t mulDiv(std::int64_t a, std::int64_t b, std::int64_t divisor, Rounding rounding)
{
    if (divisor == 0)
        throw ArithmeticOverflow("fixed-point division by zero");
    std::int64_t narrowProduct = 0;
    if (!__builtin_mul_overflow(a, b, &narrowProduct) && divisor != -1) {
        // Fast path (prices × quantities of everyday size): the same rounding in 64 bits, which
        // avoids a slow 128-bit division on the mark-to-market hot path.
        std::int64_t quotient = narrowProduct / divisor;
        const std::int64_t remainder = narrowProduct % divisor;
        if (remainder != 0 && rounding == Rounding::HalfEven) {
            const std::uint64_t twiceRemainder = 2 * (remainder < 0 ? -static_cast<std::uint64_t>(remainder)
                                                                    : static_cast<std::uint64_t>(remainder));
            const std::uint64_t absDivisor = divisor < 0 ? -static_cast<std::uint64_t>(divisor)
                                                         : static_cast<std::uint64_t>(divisor);
            const bool negative = (narrowProduct < 0) != (divisor < 0);
            if (twiceRemainder > absDivisor || (twiceRemainder == absDivisor && quotient % 2 != 0))
                quotient += negative ? -1 : 1;
        }
        return quotient;
    }
    const Int128 product = static_cast<Int128>(a) * b;
    Int128 quotient = product / divisor;
    const Int128 remainder = product % divisor;
    if (remainder != 0 && rounding == Rounding::HalfEven) {
        // Compare |remainder| with |divisor| / 2 without losing the half.
        const Int128 twiceRemainder = (remainder < 0 ? -remainder : remainder) * 2;
        const Int128 absDivisor = divisor < 0 ? -static_cast<Int128>(divisor) : divisor;
        const bool negative = (product < 0) != (divisor < 0);
        const bool roundAway = twiceRemainder > absDivisor
                               || (twiceRemainder == absDivisor && (quotient % 2 != 0));
        if (roundAway)
            quotient += negative ? -1 : 1;
    }
    return narrow(quotient);
}

std::int64_t checkedAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        throw ArithmeticOverflow("fixed-point overflow in addition");
    return sum;
}

std::int64_t checkedSub(std::int64_t a, std::int64_t b)
{
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(a, b, &difference))
        throw ArithmeticOverflow("fixed-point overflow in subtraction");
    return difference;
}

Result<std::int64_t> parseDecimal(std::string_view text)
{
    if (text.empty())
        return Error("empty value is not a number");
    std::size_t pos = 0;
    bool negative = false;
    if (text[0] == '+' || text[0] == '-') {
        negative = text[0] == '-';
        ++pos;
    }
    Int128 integerPart = 0;
    int integerDigits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        integerPart = integerPart * 10 + (text[pos] - '0');
        if (integerPart > Int128(std::numeric_limits<std::int64_t>::max()))
            return Error(quoted(text) + " is out of range (±92 bn)");
        ++integerDigits;
        ++pos;
    }
    Int128 fraction = 0;
    int fractionDigits = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (fractionDigits < kDecimals) {
                fraction = fraction * 10 + (text[pos] - '0');
                ++fractionDigits;
            } else if (text[pos] != '0') {
                return Error(quoted(text) + " has more than 8 decimal places");
            }
            ++pos;
        }
        if (fractionDigits == 0 && integerDigits == 0)
            return Error(quoted(text) + " is not a number");
    }
    if (pos != text.size() || (integerDigits == 0 && fractionDigits == 0))
        return Error(quoted(text) + " is not a number");
    for (int i = fractionDigits; i < kDecimals; ++i)
        fraction *= 10;
    Int128 raw = integerPart * kScale + fraction;
    if (negative)
        raw = -raw;
    if (raw > std::numeric_limits<std::int64_t>::max()
        || raw < std::numeric_limits<std::int64_t>::min())
        return Error(quoted(text) + " is out of range (±92 bn)");
    return static_cast<std::int64_t>(raw);
}

std::string formatDecimal(std::int64_t raw, int minDecimals)
{
    const bool negative = raw < 0;
    // Work in unsigned to print INT64_MIN correctly.
    const std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(raw) + 1
                                             : static_cast<std::uint64_t>(raw);
    const std::uint64_t integerPart = magnitude / kScale;
    std::uint64_t fraction = magnitude % kScale;
    std::string digits(kDecimals, '0');
    for (int i = kDecimals - 1; i >= 0; --i) {
        digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + fraction % 10);
        fraction /= 10;
    }
    // A negative minDecimals would otherwise wrap to a huge size_t and keep every digit.
    const auto minKeep = static_cast<std::size_t>(std::clamp(minDecimals, 0, kDecimals));
    std::size_t keep = kDecimals;
    while (keep > minKeep && digits[keep - 1] == '0')
        --keep;
    std::string text = negative ? "-" : "";
    text += std::to_string(integerPart);
    if (keep > 0) {
        text += '.';
        text += digits.substr(0, keep);
    }
    return text;
}

std::int64_t rawFromDouble(double value)
{
    if (!std::isfinite(value))
        throw ArithmeticOverflow("fixed-point conversion of a non-finite double");
    const double scaled = std::nearbyint(value * static_cast<double>(kScale));
    if (scaled >= 9.2233720368547758e18 || scaled < -9.2233720368547758e18)
        throw ArithmeticOverflow("fixed-point conversion out of range");
    return static_cast<std::int64_t>(scaled);
}

} // namespace meridian::engine::detail
