#pragma once

// The New York Stock Exchange calendar, computed from the exchange's rules (weekend and
// observed-holiday rules, Good Friday from the Easter computus) plus the few unscheduled
// closures that no rule predicts (9/11, Hurricane Sandy, state funerals). It is data the
// market publishes in advance, so strategies may ask it about future dates.
//
// The rules are those in force from 1990 on (docs/metrics.md, "Trading calendar", lists them with
// the years each applies); earlier dates get the same rules and may be wrong (Election Day
// closures until 1980, Hurricane Gloria in 1985 and other old closures are not modelled).
//
//     NyseCalendar nyse;
//     nyse.isSession(Date{2015, 12, 25});          // false: Christmas
//     nyse.closeTime(Date{2015, 12, 24});          // 13:00, an early close
//     nyse.nextSession(Date{2021, 3, 31});         // 2021-04-01
//     nyse.isLastSessionOfMonth(Date{2021, 4, 30}); // true

#include "engine/core/civiltime.h"

#include <string_view>

namespace meridian::engine {

class NyseCalendar
{
public:
    // True on a full or early-close trading day.
    bool isSession(Date date) const;
    // Name of the holiday or closure that closes the exchange on a weekday, or empty.
    std::string_view closureName(Date date) const;
    bool isEarlyClose(Date date) const;

    TimeOfDay openTime(Date) const { return TimeOfDay::hms(9, 30, 0); }
    // 16:00, or 13:00 on early-close days (14:00 before 1993). The date must be a session;
    // other dates get the regular 16:00.
    TimeOfDay closeTime(Date date) const;
    static constexpr TimeOfDay regularCloseTime() { return TimeOfDay::hms(16, 0, 0); }
    Timestamp sessionOpen(Date date) const { return newYorkTime(date, openTime(date)); }
    Timestamp sessionClose(Date date) const { return newYorkTime(date, closeTime(date)); }

    // The first session strictly after / before `date`.
    Date nextSession(Date date) const;
    Date previousSession(Date date) const;
    bool isLastSessionOfMonth(Date date) const;

    // Easter Sunday of a Gregorian year (the anonymous Gregorian computus); Good Friday is two
    // days before it.
    static Date easterSunday(int year);
};

} // namespace meridian::engine
