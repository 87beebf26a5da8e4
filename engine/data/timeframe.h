#pragma once

// The length of a bar: "1d" (daily, stamped at the 16:00 New York session close) or an intraday
// length "<n>s", "<n>m", "<n>h" (stamped at the bar's end: start + length).
//
//     auto tf = Timeframe::parse("5m");   // length 5 minutes, daily == false, text "5m"
//     Timeframe::parse("2d");             // error: only 1d is supported for daily bars

#include "engine/core/result.h"
#include "engine/core/timestamp.h"

#include <string>
#include <string_view>

namespace meridian::engine {

struct Timeframe
{
    Duration length; // zero only for a default-constructed (invalid) Timeframe
    bool daily = false;
    std::string text; // canonical form: "1d", "1h", "5m", "30s"

    static Result<Timeframe> parse(std::string_view text);
    bool isValid() const { return length > Duration::zero(); }

    bool operator==(const Timeframe &) const = default;
};

} // namespace meridian::engine
