#pragma once

// Calendar dates, New York local time and ISO-8601 text.
//
// US equity exchanges keep America/New_York time. Daily bars are stamped at the session close,
// 16:00 New York (EST = UTC-5 or EDT = UTC-4, DST-correct), so that intraday and daily data
// interleave in one timeline:
//
//     Timestamp t = newYorkTime(Date{2013, 10, 7}, TimeOfDay::hms(16, 0, 0));
//     formatIso(t);                         // "2013-10-07T20:00:00Z"
//     parseTimestamp("2013-10-07T09:30:00", LocalZone::NewYork);   // 13:30:00Z
//
// The DST rules are the US rules of 1967 onwards (Uniform Time Act, the 1974-75 energy-crisis
// years, the 1987 and 2007 changes). Local times that do not exist (the spring-forward hour) are
// read as standard time; ambiguous ones (the repeated fall-back hour) as daylight time.

#include "engine/core/result.h"
#include "engine/core/timestamp.h"

#include <compare>
#include <string>
#include <string_view>

namespace meridian::engine {

enum class Weekday { Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday };

struct Date
{
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31

    // Days since 1970-01-01 (proleptic Gregorian).
    std::int64_t daysSinceEpoch() const;
    static Date fromDaysSinceEpoch(std::int64_t days);
    Weekday weekday() const;
    Date addDays(std::int64_t days) const { return fromDaysSinceEpoch(daysSinceEpoch() + days); }
    bool isValid() const;
    std::string toString() const; // "2021-03-31"
    // Strict "YYYY-MM-DD".
    static Result<Date> parse(std::string_view text);

    auto operator<=>(const Date &) const = default;
};

int daysInMonth(int year, int month);
// The n-th (1-based) given weekday of a month, or with n = -1 the last one.
Date nthWeekdayOfMonth(int year, int month, Weekday weekday, int n);

struct TimeOfDay
{
    std::int64_t nanos = 0; // since local midnight
    static constexpr TimeOfDay hms(int h, int m, int s) { return {(h * 3600LL + m * 60LL + s) * 1'000'000'000LL}; }
    auto operator<=>(const TimeOfDay &) const = default;
};

// A New York wall-clock reading.
struct NewYorkTime
{
    Date date;
    TimeOfDay time;
    bool daylightSaving = false;
};

// UTC offset in New York at the given instant: -5 h (EST) or -4 h (EDT).
Duration newYorkUtcOffset(Timestamp utc);
bool isNewYorkDaylightSaving(Timestamp utc);
NewYorkTime toNewYork(Timestamp utc);
Timestamp newYorkTime(Date date, TimeOfDay time);
// The session-close stamp of a daily bar: 16:00 New York on that date.
Timestamp dailyBarTimestamp(Date date);

enum class LocalZone { Utc, NewYork };

// ISO-8601: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fffffffff]]" with an optional "Z" or "±HH:MM"
// ("T" may be a space). Text without an offset is read in `zone`; a bare date is that date's
// midnight in `zone`.
Result<Timestamp> parseTimestamp(std::string_view text, LocalZone zone);
// "2021-03-31T20:00:00Z", with as many fraction digits as needed (0, 3, 6 or 9).
std::string formatIso(Timestamp utc);
// "2021-03-31 16:00:00" New York wall-clock time (fraction digits as in formatIso).
std::string formatNewYork(Timestamp utc);

} // namespace meridian::engine
