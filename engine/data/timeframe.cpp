#include "engine/data/timeframe.h"

#include <cstdint>

namespace meridian::engine {

namespace {

Error invalid(std::string_view text, const std::string &why)
{
    return Error("timeframe '" + std::string(text) + "': " + why);
}

} // namespace

Result<Timeframe> Timeframe::parse(std::string_view text)
{
    const std::string expected = "expected <n>s, <n>m, <n>h or 1d (e.g. 1d, 1h, 15m, 1m, 30s)";
    if (text.size() < 2)
        return invalid(text, expected);
    const char unit = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    std::int64_t count = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return invalid(text, expected);
        count = count * 10 + (c - '0');
        // Anything beyond a day is refused below; stop before the number can overflow.
        if (count > 1'000'000)
            return invalid(text, "longer than one day; use 1d for daily bars");
    }
    if (count == 0)
        return invalid(text, "the length must be positive");

    Timeframe timeframe;
    switch (unit) {
    case 's':
        timeframe.length = Duration::seconds(count);
        break;
    case 'm':
        timeframe.length = Duration::minutes(count);
        break;
    case 'h':
        timeframe.length = Duration::hours(count);
        break;
    case 'd':
        // A session is not a fixed number of hours (early closes, DST), so daily bars are a kind
        // of their own rather than a multiple of some length.
        if (count != 1)
            return invalid(text, "only 1d is supported for daily bars");
        timeframe.length = Duration::hours(24);
        timeframe.daily = true;
        timeframe.text = "1d";
        return timeframe;
    default:
        return invalid(text, expected);
    }
    if (timeframe.length >= Duration::hours(24))
        return invalid(text, "intraday bars must be shorter than a day; use 1d for daily bars");
    timeframe.text = std::to_string(count) + unit;
    return timeframe;
}

} // namespace meridian::engine
