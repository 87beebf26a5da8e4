// Civil-time properties. The oracles here are written independently of engine/core/civiltime.cpp:
// days are counted from 0001-01-01 by whole years and months, weekdays come from Zeller's
// congruence, and the DST windows are found by walking the days of the month.

#include "engine/core/civiltime.h"

#include <QtTest>

#include <rapidcheck.h>

#include <cstdint>
#include <limits>
#include <string>

using namespace meridian::engine;

namespace {

constexpr std::int64_t nanosPerSecond = 1'000'000'000;
constexpr std::int64_t nanosPerHour = 3600 * nanosPerSecond;
constexpr std::int64_t nanosPerDay = 24 * nanosPerHour;

bool leap(int year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int monthLength(int year, int month)
{
    if (month == 2)
        return leap(year) ? 29 : 28;
    return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
}

// Days since 1970-01-01 for years >= 1, counted from 0001-01-01 (day -719162).
std::int64_t oracleDays(int year, int month, int day)
{
    const std::int64_t y = year - 1;
    std::int64_t days = y * 365 + y / 4 - y / 100 + y / 400;
    for (int m = 1; m < month; ++m)
        days += monthLength(year, m);
    return days + day - 1 - 719162;
}

// Zeller's congruence: 0 = Saturday ... 6 = Friday, turned into Weekday (0 = Sunday).
Weekday oracleWeekday(int year, int month, int day)
{
    if (month < 3) {
        month += 12;
        --year;
    }
    const int k = year % 100;
    const int j = year / 100;
    const int h = (day + 13 * (month + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
    return static_cast<Weekday>((h + 6) % 7);
}

// The day of the n-th Sunday of a month (n = -1: the last), by walking the days.
int oracleSunday(int year, int month, int n)
{
    int found = 0;
    int last = 0;
    for (int day = 1; day <= monthLength(year, month); ++day) {
        if (oracleWeekday(year, month, day) == Weekday::Sunday) {
            last = day;
            if (++found == n)
                return day;
        }
    }
    return last;
}

__extension__ typedef __int128 Wide;

struct Window
{
    Wide start = 0; // first daylight instant, UTC nanoseconds
    Wide end = 0;   // first standard instant again
    bool exists = false;
};

// The daylight window of a year by the federal rules since 1967. 128 bits: November 2262 is
// past the int64 range.
Window oracleWindow(int year)
{
    if (year < 1967)
        return {};
    int startMonth = 4;
    int startDay = 0;
    int endMonth = 10;
    int endDay = oracleSunday(year, 10, -1);
    if (year >= 2007) {
        startMonth = 3;
        startDay = oracleSunday(year, 3, 2);
        endMonth = 11;
        endDay = oracleSunday(year, 11, 1);
    } else if (year >= 1987) {
        startDay = oracleSunday(year, 4, 1);
    } else if (year == 1975) {
        startMonth = 2;
        startDay = 23;
    } else if (year == 1974) {
        startMonth = 1;
        startDay = 6;
    } else {
        startDay = oracleSunday(year, 4, -1);
    }
    // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
    return {Wide(oracleDays(year, startMonth, startDay)) * nanosPerDay + 7 * nanosPerHour,
            Wide(oracleDays(year, endMonth, endDay)) * nanosPerDay + 6 * nanosPerHour, true};
}

// Is New York on daylight time at this UTC instant?
bool oracleDaylight(Wide utcNanos)
{
    // Which year it is in New York: DST never spans New Year, so the standard-time year will do.
    const Wide shifted = utcNanos - 5 * nanosPerHour;
    Wide dayNumber = shifted / nanosPerDay;
    if (shifted % nanosPerDay < 0)
        --dayNumber;
    int year = 1970;
    while (oracleDays(year, 1, 1) > dayNumber)
        --year;
    while (oracleDays(year + 1, 1, 1) <= dayNumber)
        ++year;
    const Window window = oracleWindow(year);
    return window.exists && utcNanos >= window.start && utcNanos < window.end;
}

// Instants within three hours of a clock change (where the rare cases live).
rc::Gen<std::int64_t> nearTransition()
{
    return rc::gen::apply(
        [](int year, bool spring, std::int64_t offset) {
            const Window window = oracleWindow(year);
            return static_cast<std::int64_t>((spring ? window.start : window.end) + offset);
        },
        rc::gen::inRange(1967, 2262), rc::gen::arbitrary<bool>(),
        rc::gen::oneOf(
            rc::gen::inRange<std::int64_t>(-3 * nanosPerHour, 3 * nanosPerHour),
            rc::gen::inRange<std::int64_t>(-2, 3),
            rc::gen::map(rc::gen::inRange<std::int64_t>(-180, 180),
                         [](std::int64_t minutes) { return minutes * 60 * nanosPerSecond; })));
}

rc::Gen<Date> validDate(int fromYear, int toYear)
{
    return rc::gen::mapcat(rc::gen::inRange(fromYear, toYear + 1), [](int year) {
        return rc::gen::mapcat(rc::gen::inRange(1, 13), [year](int month) {
            return rc::gen::map(rc::gen::inRange(1, monthLength(year, month) + 1),
                                [year, month](int day) {
                                    return Date{year, month, day};
                                });
        });
    });
}

// Instants anywhere in the Timestamp range, plus many in the years with market data.
rc::Gen<std::int64_t> anyInstant()
{
    return rc::gen::oneOf(rc::gen::arbitrary<std::int64_t>(),
                          rc::gen::inRange<std::int64_t>(-2'000'000'000 * nanosPerSecond,
                                                         3'000'000'000 * nanosPerSecond),
                          nearTransition(),
                          rc::gen::element(std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(),
                                           std::int64_t(0), std::int64_t(-1)));
}

} // namespace

class TestCivilTimeProperties : public QObject
{
    Q_OBJECT

private slots:
    void daysRoundTrip();
    void datesMatchOracle();
    void consecutiveDays();
    void weekdayMatchesZeller();
    void nthWeekdayIsInItsWeek();
    void daylightMatchesOracle();
    void newYorkRoundTripAwayFromTransitions();
    void localRoundTripOutsideTheGap();
    void isoTextRoundTrips();
    void newYorkTextRoundTrips();
};

void TestCivilTimeProperties::daysRoundTrip()
{
    QVERIFY(rc::check("daysSinceEpoch(fromDaysSinceEpoch(n)) == n for years 1..9999", [] {
        const std::int64_t days = *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(-719162, 2932897),
                                                  rc::gen::inRange<std::int64_t>(-40'000, 50'000),
                                                  // Around the leap days of 1900, 2000 and 2100.
                                                  rc::gen::inRange<std::int64_t>(-25'520, -25'500),
                                                  rc::gen::inRange<std::int64_t>(11'010, 11'020),
                                                  rc::gen::inRange<std::int64_t>(47'530, 47'550));
        const Date date = Date::fromDaysSinceEpoch(days);
        RC_ASSERT(date.isValid());
        RC_ASSERT(date.daysSinceEpoch() == days);
    }));
}

void TestCivilTimeProperties::datesMatchOracle()
{
    QVERIFY(rc::check("daysSinceEpoch agrees with counting whole years and months", [] {
        const Date date = *validDate(1, 9999);
        const std::int64_t days = oracleDays(date.year, date.month, date.day);
        RC_ASSERT(date.daysSinceEpoch() == days);
        RC_ASSERT(Date::fromDaysSinceEpoch(days) == date);
        RC_ASSERT(Date::parse(date.toString()).value() == date);
    }));
}

void TestCivilTimeProperties::consecutiveDays()
{
    QVERIFY(rc::check("the day after n is the next calendar day", [] {
        const std::int64_t days = *rc::gen::inRange<std::int64_t>(-719162, 2932896);
        const Date today = Date::fromDaysSinceEpoch(days);
        const Date tomorrow = Date::fromDaysSinceEpoch(days + 1);
        RC_ASSERT(today < tomorrow);
        if (today.day < monthLength(today.year, today.month)) {
            RC_ASSERT(tomorrow == (Date{today.year, today.month, today.day + 1}));
        } else if (today.month < 12) {
            RC_ASSERT(tomorrow == (Date{today.year, today.month + 1, 1}));
        } else {
            RC_ASSERT(tomorrow == (Date{today.year + 1, 1, 1}));
        }
        RC_ASSERT(today.addDays(1) == tomorrow);
        RC_ASSERT(tomorrow.addDays(-1) == today);
    }));
}

void TestCivilTimeProperties::weekdayMatchesZeller()
{
    QVERIFY(rc::check("weekday agrees with Zeller's congruence", [] {
        const Date date = *validDate(1, 9999);
        RC_ASSERT(date.weekday() == oracleWeekday(date.year, date.month, date.day));
        const int next = (static_cast<int>(date.weekday()) + 1) % 7;
        RC_ASSERT(static_cast<int>(date.addDays(1).weekday()) == next);
    }));
}

void TestCivilTimeProperties::nthWeekdayIsInItsWeek()
{
    QVERIFY(rc::check("the n-th weekday of a month lies in the n-th seven days", [] {
        const int year = *rc::gen::inRange(1, 10000);
        const int month = *rc::gen::inRange(1, 13);
        const auto weekday = static_cast<Weekday>(*rc::gen::inRange(0, 7));
        const int n = *rc::gen::element(1, 2, 3, 4, -1);
        const Date date = nthWeekdayOfMonth(year, month, weekday, n);
        RC_ASSERT(date.year == year && date.month == month);
        RC_ASSERT(date.weekday() == weekday);
        if (n > 0) {
            RC_ASSERT(date.day > (n - 1) * 7 && date.day <= n * 7);
        } else {
            RC_ASSERT(date.day + 7 > monthLength(year, month));
            RC_ASSERT(date.day <= monthLength(year, month));
        }
    }));
}

void TestCivilTimeProperties::daylightMatchesOracle()
{
    QVERIFY(rc::check("isNewYorkDaylightSaving agrees with the federal rules", [] {
        const std::int64_t nanos = *anyInstant();
        const Timestamp t = Timestamp::fromUnixNanos(nanos);
        const bool daylight = oracleDaylight(nanos);
        RC_ASSERT(isNewYorkDaylightSaving(t) == daylight);
        RC_ASSERT(newYorkUtcOffset(t) == Duration::hours(daylight ? -4 : -5));
        RC_ASSERT(toNewYork(t).daylightSaving == daylight);
    }));
}

void TestCivilTimeProperties::newYorkRoundTripAwayFromTransitions()
{
    QVERIFY(rc::check("newYorkTime(toNewYork(t)) == t unless t is in the repeated hour", [] {
        const std::int64_t nanos
            = *rc::gen::weightedOneOf<std::int64_t>({{1, anyInstant()}, {3, nearTransition()}});
        const Timestamp t = Timestamp::fromUnixNanos(nanos);
        const NewYorkTime local = toNewYork(t);
        RC_ASSERT(local.date.isValid());
        RC_ASSERT(local.time.nanos >= 0 && local.time.nanos < nanosPerDay);
        // The wall clock is UTC shifted by the offset in force.
        const std::int64_t offset = local.daylightSaving ? -4 * nanosPerHour : -5 * nanosPerHour;
        RC_ASSERT(Wide(local.date.daysSinceEpoch()) * nanosPerDay + local.time.nanos
                  == Wide(nanos) + offset);
        // The second pass through the fall-back hour reads back as its first (daylight) pass.
        const bool repeatedHour = !local.daylightSaving
                                  && nanos > std::numeric_limits<std::int64_t>::min() + nanosPerHour
                                  && oracleDaylight(nanos - nanosPerHour);
        RC_CLASSIFY(repeatedHour, "in the repeated hour");
        const Timestamp back = newYorkTime(local.date, local.time);
        if (repeatedHour)
            RC_ASSERT(back == t - Duration::hours(1));
        else
            RC_ASSERT(back == t);
    }));
}

void TestCivilTimeProperties::localRoundTripOutsideTheGap()
{
    QVERIFY(rc::check("toNewYork(newYorkTime(d, t)) == (d, t) unless (d, t) does not exist", [] {
        // Any day, or a transition Sunday between 00:00 and 04:00.
        const bool transitionDay = *rc::gen::weightedElement<bool>({{1, false}, {3, true}});
        const Date date = transitionDay
                              ? toNewYork(Timestamp::fromUnixNanos(*nearTransition())).date
                              : *validDate(1678, 2261);
        const TimeOfDay time{transitionDay
                                 ? *rc::gen::inRange<std::int64_t>(nanosPerHour, 4 * nanosPerHour)
                                 : *rc::gen::inRange<std::int64_t>(0, nanosPerDay)};
        const Timestamp stamp = newYorkTime(date, time);
        const NewYorkTime local = toNewYork(stamp);
        // Wall times in the spring-forward hour do not exist: read as standard time (UTC-5)
        // they are already daylight time, read as daylight time (UTC-4) not yet. They show an
        // hour later on the daylight clock.
        const std::int64_t wall = date.daysSinceEpoch() * nanosPerDay + time.nanos;
        const bool inGap
            = oracleDaylight(wall + 5 * nanosPerHour) && !oracleDaylight(wall + 4 * nanosPerHour);
        RC_ASSERT(local.date == date);
        RC_CLASSIFY(inGap, "in the spring-forward gap");
        if (inGap)
            RC_ASSERT(local.time.nanos == time.nanos + nanosPerHour);
        else
            RC_ASSERT(local.time == time);
        RC_ASSERT(dailyBarTimestamp(date) == newYorkTime(date, TimeOfDay::hms(16, 0, 0)));
    }));
}

void TestCivilTimeProperties::isoTextRoundTrips()
{
    QVERIFY(rc::check("parseTimestamp(formatIso(t)) == t, with 0, 3, 6 or 9 fraction digits", [] {
        const std::int64_t nanos = *rc::gen::oneOf(
            anyInstant(),
            rc::gen::map(rc::gen::inRange<std::int64_t>(-3'000'000'000, 3'000'000'000),
                         [](std::int64_t seconds) { return seconds * nanosPerSecond; }),
            rc::gen::map(rc::gen::inRange<std::int64_t>(-3'000'000'000'000, 3'000'000'000'000),
                         [](std::int64_t millis) { return millis * 1'000'000; }));
        const Timestamp t = Timestamp::fromUnixNanos(nanos);
        const std::string text = formatIso(t);
        RC_ASSERT(text.back() == 'Z');
        const std::size_t point = text.find('.');
        std::int64_t subsecond = nanos % nanosPerSecond;
        if (subsecond < 0)
            subsecond += nanosPerSecond;
        std::size_t digits = 0;
        if (subsecond != 0)
            digits = subsecond % 1'000'000 == 0 ? 3 : (subsecond % 1'000 == 0 ? 6 : 9);
        RC_ASSERT(text.size() == 20 + (digits == 0 ? 0 : digits + 1));
        RC_ASSERT((point == std::string::npos) == (digits == 0));
        RC_ASSERT(parseTimestamp(text, LocalZone::Utc).value() == t);
        RC_ASSERT(parseTimestamp(text, LocalZone::NewYork).value() == t);
    }));
}

void TestCivilTimeProperties::newYorkTextRoundTrips()
{
    QVERIFY(rc::check("formatNewYork(t) read back in New York is t, outside the repeated hour", [] {
        const std::int64_t nanos = *rc::gen::oneOf(anyInstant(), nearTransition());
        const Timestamp t = Timestamp::fromUnixNanos(nanos);
        const NewYorkTime local = toNewYork(t);
        RC_PRE(!(!local.daylightSaving
                 && nanos > std::numeric_limits<std::int64_t>::min() + nanosPerHour
                 && oracleDaylight(nanos - nanosPerHour)));
        const std::string text = formatNewYork(t);
        RC_ASSERT(parseTimestamp(text, LocalZone::NewYork).value() == t);
        // And with the offset spelled out, in any zone.
        const std::string withOffset = text + (local.daylightSaving ? "-04:00" : "-05:00");
        RC_ASSERT(parseTimestamp(withOffset, LocalZone::Utc).value() == t);
    }));
}

QTEST_APPLESS_MAIN(TestCivilTimeProperties)

#include "tst_civiltimeproperties.moc"
