#include "engine/core/nysecalendar.h"

#include <algorithm>
#include <array>
#include <optional>

// The rules and their history are written up in docs/metrics.md ("Trading calendar"); the
// session set 1998-01-02..2021-03-31 is checked day by day against LEAN's SPY file in
// tests/unit/tst_nysecalendar.cpp, and the early closes against the hour bars of the same vendor.

namespace meridian::engine {

namespace {

struct NamedDate
{
    Date date;
    std::string_view name;
};

// Closures that no rule predicts. Sorted by date.
constexpr std::array<NamedDate, 11> unscheduledClosures{{
    {{1994, 4, 27}, "National Day of Mourning for Richard Nixon"},
    {{2001, 9, 11}, "September 11 attacks"},
    {{2001, 9, 12}, "September 11 attacks"},
    {{2001, 9, 13}, "September 11 attacks"},
    {{2001, 9, 14}, "September 11 attacks"},
    {{2004, 6, 11}, "National Day of Mourning for Ronald Reagan"},
    {{2007, 1, 2}, "National Day of Mourning for Gerald Ford"},
    {{2012, 10, 29}, "Hurricane Sandy"},
    {{2012, 10, 30}, "Hurricane Sandy"},
    {{2018, 12, 5}, "National Day of Mourning for George H. W. Bush"},
    {{2025, 1, 9}, "National Day of Mourning for Jimmy Carter"},
}};

// Early closes announced one at a time rather than by a standing rule (13:00 each).
constexpr std::array<Date, 3> adHocEarlyCloses{{{1997, 12, 26}, {1999, 12, 31}, {2003, 12, 26}}};

bool isWeekend(Date date)
{
    const Weekday weekday = date.weekday();
    return weekday == Weekday::Saturday || weekday == Weekday::Sunday;
}

// A fixed-date holiday that falls on a weekend is observed on the nearest weekday.
Date observedNearestWeekday(Date date)
{
    switch (date.weekday()) {
    case Weekday::Saturday:
        return date.addDays(-1);
    case Weekday::Sunday:
        return date.addDays(1);
    default:
        return date;
    }
}

std::string_view unscheduledClosureName(Date date)
{
    for (const NamedDate &closure : unscheduledClosures) {
        if (closure.date == date)
            return closure.name;
    }
    return {};
}

// The holiday the standing rules put on this weekday, or empty.
std::string_view scheduledHolidayName(Date date)
{
    const int year = date.year;
    switch (date.month) {
    case 1:
        // New Year's Day on a Sunday moves to Monday; on a Saturday it is not observed at all:
        // the exchange's holiday rule excepts the Friday that ends a yearly accounting period.
        if (date == Date{year, 1, 1}
            || (date == Date{year, 1, 2} && date.weekday() == Weekday::Monday))
            return "New Year's Day";
        if (year >= 1998 && date == nthWeekdayOfMonth(year, 1, Weekday::Monday, 3))
            return "Martin Luther King Jr. Day";
        return {};
    case 2:
        if (date == nthWeekdayOfMonth(year, 2, Weekday::Monday, 3))
            return "Washington's Birthday";
        return {};
    case 3:
    case 4:
        if (date == NyseCalendar::easterSunday(year).addDays(-2))
            return "Good Friday";
        return {};
    case 5:
        if (date == nthWeekdayOfMonth(year, 5, Weekday::Monday, -1))
            return "Memorial Day";
        return {};
    case 6:
        if (year >= 2022 && date == observedNearestWeekday(Date{year, 6, 19}))
            return "Juneteenth National Independence Day";
        return {};
    case 7:
        if (date == observedNearestWeekday(Date{year, 7, 4}))
            return "Independence Day";
        return {};
    case 9:
        if (date == nthWeekdayOfMonth(year, 9, Weekday::Monday, 1))
            return "Labor Day";
        return {};
    case 11:
        if (date == nthWeekdayOfMonth(year, 11, Weekday::Thursday, 4))
            return "Thanksgiving Day";
        return {};
    case 12:
        if (date == observedNearestWeekday(Date{year, 12, 25}))
            return "Christmas Day";
        return {};
    default:
        return {};
    }
}

// The early close of a session, if it has one. Standing rules, with the years they apply:
// - the Friday after Thanksgiving: 14:00 in 1992, 13:00 from 1993;
// - Christmas Eve on a Monday..Thursday: 14:00 before 1993, 13:00 from 1993 (on a Friday it is
//   the observed Christmas holiday);
// - July 3 on a Monday, Tuesday or Thursday from 1995, and on a Wednesday from 2013; before 2013
//   a Wednesday July 3 was a full day and the Friday July 5 after the holiday closed early.
std::optional<TimeOfDay> earlyCloseTime(Date date)
{
    const TimeOfDay onePm = TimeOfDay::hms(13, 0, 0);
    const TimeOfDay twoPm = TimeOfDay::hms(14, 0, 0);
    const int year = date.year;
    const Weekday weekday = date.weekday();

    if (std::find(adHocEarlyCloses.begin(), adHocEarlyCloses.end(), date) != adHocEarlyCloses.end())
        return onePm;
    if (date.month == 11 && year >= 1992
        && date == nthWeekdayOfMonth(year, 11, Weekday::Thursday, 4).addDays(1))
        return year >= 1993 ? onePm : twoPm;
    if (date.month == 12 && date.day == 24 && weekday >= Weekday::Monday
        && weekday <= Weekday::Thursday)
        return year >= 1993 ? onePm : twoPm;
    if (date.month == 7 && year >= 1995) {
        if (date.day == 3
            && (weekday == Weekday::Monday || weekday == Weekday::Tuesday
                || weekday == Weekday::Thursday || (weekday == Weekday::Wednesday && year >= 2013)))
            return onePm;
        if (date.day == 5 && weekday == Weekday::Friday && year < 2013)
            return onePm;
    }
    return std::nullopt;
}

} // namespace

Date NyseCalendar::easterSunday(int year)
{
    // The anonymous Gregorian computus (Meeus/Jones/Butcher).
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return Date{year, month, day};
}

bool NyseCalendar::isSession(Date date) const
{
    return !isWeekend(date) && closureName(date).empty();
}

std::string_view NyseCalendar::closureName(Date date) const
{
    if (isWeekend(date))
        return {};
    const std::string_view unscheduled = unscheduledClosureName(date);
    if (!unscheduled.empty())
        return unscheduled;
    return scheduledHolidayName(date);
}

bool NyseCalendar::isEarlyClose(Date date) const
{
    return isSession(date) && earlyCloseTime(date).has_value();
}

TimeOfDay NyseCalendar::closeTime(Date date) const
{
    if (!isSession(date))
        return regularCloseTime();
    return earlyCloseTime(date).value_or(regularCloseTime());
}

Date NyseCalendar::nextSession(Date date) const
{
    // The longest run of closed days is 9/11 (Tuesday..Friday plus the weekend), so this loop
    // runs at most a handful of times.
    Date candidate = date.addDays(1);
    while (!isSession(candidate))
        candidate = candidate.addDays(1);
    return candidate;
}

Date NyseCalendar::previousSession(Date date) const
{
    Date candidate = date.addDays(-1);
    while (!isSession(candidate))
        candidate = candidate.addDays(-1);
    return candidate;
}

bool NyseCalendar::isLastSessionOfMonth(Date date) const
{
    if (!isSession(date))
        return false;
    const Date next = nextSession(date);
    return next.month != date.month || next.year != date.year;
}

} // namespace meridian::engine
