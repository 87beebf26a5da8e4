#include "engine/core/civiltime.h"

#include <array>
#include <cstdio>
#include <limits>

namespace meridian::engine {

namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
constexpr std::int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Floor division, for instants before 1970.
std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Instants near the ends of the int64 range shifted by a UTC offset, or dates outside it, do not
// fit in int64 nanoseconds: the zone arithmetic below is done in 128 bits.
using detail::Int128;

struct DaysAndNanos
{
    std::int64_t days;       // floor(nanos / day)
    std::int64_t nanosOfDay; // 0 .. day - 1
};

DaysAndNanos splitDays(Int128 nanos)
{
    Int128 days = nanos / kNanosPerDay;
    Int128 rest = nanos % kNanosPerDay;
    if (rest < 0) {
        --days;
        rest += kNanosPerDay;
    }
    return {static_cast<std::int64_t>(days), static_cast<std::int64_t>(rest)};
}

bool fitsTimestamp(Int128 nanos)
{
    return nanos >= std::numeric_limits<std::int64_t>::min()
           && nanos <= std::numeric_limits<std::int64_t>::max();
}

struct DstWindow
{
    Int128 start = 0; // first instant of daylight time (UTC nanoseconds)
    Int128 end = 0;   // first instant of standard time again (UTC nanoseconds)
    bool exists = false;
};

// The US daylight-saving window of a year, per the federal rules in force that year.
DstWindow dstWindow(int year)
{
    if (year < 1967)
        return {};
    Date start;
    Date end = nthWeekdayOfMonth(year, 10, Weekday::Sunday, -1);
    if (year >= 2007) {
        start = nthWeekdayOfMonth(year, 3, Weekday::Sunday, 2);
        end = nthWeekdayOfMonth(year, 11, Weekday::Sunday, 1);
    } else if (year >= 1987) {
        start = nthWeekdayOfMonth(year, 4, Weekday::Sunday, 1);
    } else if (year == 1975) {
        start = Date{1975, 2, 23};
    } else if (year == 1974) {
        start = Date{1974, 1, 6};
    } else {
        start = nthWeekdayOfMonth(year, 4, Weekday::Sunday, -1);
    }
    // Clocks change at 02:00 local: 07:00 UTC in spring (EST), 06:00 UTC in autumn (EDT).
    const auto at = [](Date d, int utcHour) {
        return Int128(d.daysSinceEpoch()) * kNanosPerDay + utcHour * 3600 * kNanosPerSecond;
    };
    return {at(start, 7), at(end, 6), true};
}

bool parseDigits(std::string_view text, std::size_t pos, std::size_t count, int &out)
{
    if (pos + count > text.size())
        return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

std::string fractionText(std::int64_t nanos)
{
    if (nanos == 0)
        return {};
    std::array<char, 16> buffer{};
    if (nanos % 1'000'000 == 0)
        std::snprintf(buffer.data(), buffer.size(), ".%03lld", static_cast<long long>(nanos / 1'000'000));
    else if (nanos % 1'000 == 0)
        std::snprintf(buffer.data(), buffer.size(), ".%06lld", static_cast<long long>(nanos / 1'000));
    else
        std::snprintf(buffer.data(), buffer.size(), ".%09lld", static_cast<long long>(nanos));
    return buffer.data();
}

std::string formatDateTime(Date date, std::int64_t nanosOfDay, const char *separator)
{
    const std::int64_t seconds = nanosOfDay / kNanosPerSecond;
    std::array<char, 48> buffer{};
    std::snprintf(buffer.data(),
                  buffer.size(),
                  "%s%s%02d:%02d:%02d",
                  date.toString().c_str(),
                  separator,
                  static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60),
                  static_cast<int>(seconds % 60));
    return std::string(buffer.data()) + fractionText(nanosOfDay % kNanosPerSecond);
}

} // namespace

std::int64_t Date::daysSinceEpoch() const
{
    // Days from civil: shift the year to start in March so that the leap day is last.
    const int y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = floorDiv(y, 400);
    const std::int64_t yearOfEra = y - era * 400;
    const int shiftedMonth = month > 2 ? month - 3 : month + 9;
    const std::int64_t dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

Date Date::fromDaysSinceEpoch(std::int64_t days)
{
    const std::int64_t shifted = days + 719468;
    const std::int64_t era = floorDiv(shifted, 146097);
    const std::int64_t dayOfEra = shifted - era * 146097;
    const std::int64_t yearOfEra
        = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t shiftedMonth = (5 * dayOfYear + 2) / 153;
    const int d = static_cast<int>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    const int m = static_cast<int>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    const int y = static_cast<int>(yearOfEra + era * 400 + (m <= 2 ? 1 : 0));
    return Date{y, m, d};
}

Weekday Date::weekday() const
{
    // 1970-01-01 was a Thursday.
    const std::int64_t index = (daysSinceEpoch() % 7 + 7 + 4) % 7;
    return static_cast<Weekday>(index);
}

bool Date::isValid() const
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
           && day <= daysInMonth(year, month);
}

std::string Date::toString() const
{
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", year, month, day);
    return buffer.data();
}

Result<Date> Date::parse(std::string_view text)
{
    Date date;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-'
        || !parseDigits(text, 0, 4, date.year) || !parseDigits(text, 5, 2, date.month)
        || !parseDigits(text, 8, 2, date.day))
        return Error(quoted(text) + " is not a date (expected YYYY-MM-DD)");
    if (!date.isValid())
        return Error(quoted(text) + " is not a valid calendar date");
    return date;
}

int daysInMonth(int year, int month)
{
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && isLeapYear(year))
        return 29;
    return days[static_cast<std::size_t>(month - 1)];
}

Date nthWeekdayOfMonth(int year, int month, Weekday weekday, int n)
{
    if (n > 0) {
        const Date first{year, month, 1};
        const int offset = (static_cast<int>(weekday) - static_cast<int>(first.weekday()) + 7) % 7;
        return Date{year, month, 1 + offset + 7 * (n - 1)};
    }
    const Date last{year, month, daysInMonth(year, month)};
    const int offset = (static_cast<int>(last.weekday()) - static_cast<int>(weekday) + 7) % 7;
    return Date{year, month, last.day - offset};
}

namespace {

bool isDaylightSavingAt(Int128 utcNanos)
{
    // The year in New York is the UTC year of the instant shifted by standard time.
    const std::int64_t days = splitDays(utcNanos - 5 * 3600 * kNanosPerSecond).days;
    const DstWindow window = dstWindow(Date::fromDaysSinceEpoch(days).year);
    return window.exists && utcNanos >= window.start && utcNanos < window.end;
}

// New York wall-clock nanoseconds since the local epoch -> UTC nanoseconds.
Int128 newYorkLocalToUtc(Int128 localNanos)
{
    const Int128 asDaylight = localNanos + 4 * 3600 * kNanosPerSecond;
    if (isDaylightSavingAt(asDaylight))
        return asDaylight;
    return localNanos + 5 * 3600 * kNanosPerSecond;
}

} // namespace

bool isNewYorkDaylightSaving(Timestamp utc)
{
    return isDaylightSavingAt(utc.unixNanos());
}

Duration newYorkUtcOffset(Timestamp utc)
{
    return Duration::hours(isNewYorkDaylightSaving(utc) ? -4 : -5);
}

NewYorkTime toNewYork(Timestamp utc)
{
    const bool dst = isNewYorkDaylightSaving(utc);
    const DaysAndNanos local
        = splitDays(Int128(utc.unixNanos()) + (dst ? -4 : -5) * 3600 * kNanosPerSecond);
    return NewYorkTime{Date::fromDaysSinceEpoch(local.days), TimeOfDay{local.nanosOfDay}, dst};
}

Timestamp newYorkTime(Date date, TimeOfDay time)
{
    const Int128 utc = newYorkLocalToUtc(Int128(date.daysSinceEpoch()) * kNanosPerDay + time.nanos);
    if (!fitsTimestamp(utc))
        throw ArithmeticOverflow("newYorkTime: " + date.toString()
                                 + " is outside the Timestamp range (1677-09-21 to 2262-04-11)");
    return Timestamp::fromUnixNanos(static_cast<std::int64_t>(utc));
}

Timestamp dailyBarTimestamp(Date date)
{
    return newYorkTime(date, TimeOfDay::hms(16, 0, 0));
}

Result<Timestamp> parseTimestamp(std::string_view text, LocalZone zone)
{
    const auto fail = [&text](const char *why) {
        return Error(quoted(text) + " is not an ISO-8601 time: " + why);
    };
    const auto date = Date::parse(text.substr(0, 10));
    if (!date)
        return date.error();
    std::int64_t nanosOfDay = 0;
    std::size_t pos = 10;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != ' ')
            return fail("expected 'T' after the date");
        int hour = 0;
        int minute = 0;
        int second = 0;
        bool hasSeconds = false;
        if (!parseDigits(text, pos + 1, 2, hour) || pos + 3 >= text.size() || text[pos + 3] != ':'
            || !parseDigits(text, pos + 4, 2, minute))
            return fail("expected HH:MM");
        pos += 6;
        if (pos < text.size() && text[pos] == ':') {
            if (!parseDigits(text, pos + 1, 2, second))
                return fail("expected seconds after HH:MM:");
            pos += 3;
            hasSeconds = true;
        }
        if (hour > 23 || minute > 59 || second > 59)
            return fail("time of day out of range");
        nanosOfDay = (hour * 3600LL + minute * 60LL + second) * kNanosPerSecond;
        // ISO-8601 reads "HH:MM.5" as a fraction of a minute: only seconds take a fraction here.
        if (pos < text.size() && text[pos] == '.' && !hasSeconds)
            return fail("a fraction needs seconds (HH:MM:SS.fff)");
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            std::int64_t fraction = 0;
            int digits = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (digits == 9)
                    return fail("more than 9 fraction digits");
                fraction = fraction * 10 + (text[pos] - '0');
                ++digits;
                ++pos;
            }
            if (digits == 0)
                return fail("expected digits after '.'");
            for (; digits < 9; ++digits)
                fraction *= 10;
            nanosOfDay += fraction;
        }
    }
    const Int128 localNanos = Int128(date->daysSinceEpoch()) * kNanosPerDay + nanosOfDay;
    const auto inRange = [&fail](Int128 utc) -> Result<Timestamp> {
        if (!fitsTimestamp(utc))
            return fail("outside the Timestamp range (1677-09-21 to 2262-04-11)");
        return Timestamp::fromUnixNanos(static_cast<std::int64_t>(utc));
    };
    if (pos == text.size())
        return inRange(zone == LocalZone::NewYork ? newYorkLocalToUtc(localNanos) : localNanos);
    if (text[pos] == 'Z' && pos + 1 == text.size())
        return inRange(localNanos);
    int offsetHours = 0;
    int offsetMinutes = 0;
    if ((text[pos] != '+' && text[pos] != '-') || !parseDigits(text, pos + 1, 2, offsetHours)
        || pos + 6 != text.size() || text[pos + 3] != ':'
        || !parseDigits(text, pos + 4, 2, offsetMinutes))
        return fail("expected 'Z' or a UTC offset like -04:00");
    if (offsetHours > 23 || offsetMinutes > 59)
        return fail("UTC offset out of range");
    const std::int64_t offset = (offsetHours * 3600LL + offsetMinutes * 60LL) * kNanosPerSecond
                                * (text[pos] == '-' ? -1 : 1);
    return inRange(localNanos - offset);
}

std::string formatIso(Timestamp utc)
{
    const DaysAndNanos utcDay = splitDays(utc.unixNanos());
    return formatDateTime(Date::fromDaysSinceEpoch(utcDay.days), utcDay.nanosOfDay, "T") + "Z";
}

std::string formatNewYork(Timestamp utc)
{
    const NewYorkTime local = toNewYork(utc);
    return formatDateTime(local.date, local.time.nanos, " ");
}

} // namespace meridian::engine
