// Civil time against dates and instants worked out by hand or taken from tzdata: days since the
// epoch across leap rules, weekdays, the US daylight-saving rules New York followed since 1967,
// ISO-8601 parsing (every accepted form and every error text) and printing.

#include "engine/core/civiltime.h"

#include <QtTest>

#include <cstdint>
#include <limits>

using namespace meridian::engine;

Q_DECLARE_METATYPE(Weekday)

namespace {

constexpr qint64 nanosPerSecond = 1'000'000'000;

template<class A, class B>
concept Addable = requires(A a, B b)
{
    a + b;
};

// Timestamp + Timestamp is meaningless and must not compile; Timestamp ± Duration must.
static_assert(!Addable<Timestamp, Timestamp>);
static_assert(Addable<Timestamp, Duration> && Addable<Duration, Duration>);
static_assert(std::is_same_v<decltype(Timestamp() - Timestamp()), Duration>);
static_assert(!std::is_convertible_v<Duration, Timestamp>);
static_assert(!std::is_convertible_v<std::int64_t, Timestamp>);

Timestamp utc(const char *iso)
{
    const Result<Timestamp> parsed = parseTimestamp(iso, LocalZone::Utc);
    if (!parsed)
        qFatal("bad test timestamp %s: %s", iso, parsed.error().message().c_str());
    return *parsed;
}

// US daylight-saving windows for New York, from tzdata (America/New_York) through Python's
// zoneinfo: the first instant of EDT and the first instant of EST again, in UTC.
struct DstYear
{
    int year;
    const char *start;
    const char *end;
};
constexpr DstYear tzdataWindows[] = {
    {1967, "1967-04-30T07:00Z", "1967-10-29T06:00Z"},
    {1968, "1968-04-28T07:00Z", "1968-10-27T06:00Z"},
    {1969, "1969-04-27T07:00Z", "1969-10-26T06:00Z"},
    {1970, "1970-04-26T07:00Z", "1970-10-25T06:00Z"},
    {1971, "1971-04-25T07:00Z", "1971-10-31T06:00Z"},
    {1972, "1972-04-30T07:00Z", "1972-10-29T06:00Z"},
    {1973, "1973-04-29T07:00Z", "1973-10-28T06:00Z"},
    {1974, "1974-01-06T07:00Z", "1974-10-27T06:00Z"},
    {1975, "1975-02-23T07:00Z", "1975-10-26T06:00Z"},
    {1976, "1976-04-25T07:00Z", "1976-10-31T06:00Z"},
    {1977, "1977-04-24T07:00Z", "1977-10-30T06:00Z"},
    {1978, "1978-04-30T07:00Z", "1978-10-29T06:00Z"},
    {1979, "1979-04-29T07:00Z", "1979-10-28T06:00Z"},
    {1980, "1980-04-27T07:00Z", "1980-10-26T06:00Z"},
    {1981, "1981-04-26T07:00Z", "1981-10-25T06:00Z"},
    {1982, "1982-04-25T07:00Z", "1982-10-31T06:00Z"},
    {1983, "1983-04-24T07:00Z", "1983-10-30T06:00Z"},
    {1984, "1984-04-29T07:00Z", "1984-10-28T06:00Z"},
    {1985, "1985-04-28T07:00Z", "1985-10-27T06:00Z"},
    {1986, "1986-04-27T07:00Z", "1986-10-26T06:00Z"},
    {1987, "1987-04-05T07:00Z", "1987-10-25T06:00Z"},
    {1988, "1988-04-03T07:00Z", "1988-10-30T06:00Z"},
    {1989, "1989-04-02T07:00Z", "1989-10-29T06:00Z"},
    {1990, "1990-04-01T07:00Z", "1990-10-28T06:00Z"},
    {1991, "1991-04-07T07:00Z", "1991-10-27T06:00Z"},
    {1992, "1992-04-05T07:00Z", "1992-10-25T06:00Z"},
    {1993, "1993-04-04T07:00Z", "1993-10-31T06:00Z"},
    {1994, "1994-04-03T07:00Z", "1994-10-30T06:00Z"},
    {1995, "1995-04-02T07:00Z", "1995-10-29T06:00Z"},
    {1996, "1996-04-07T07:00Z", "1996-10-27T06:00Z"},
    {1997, "1997-04-06T07:00Z", "1997-10-26T06:00Z"},
    {1998, "1998-04-05T07:00Z", "1998-10-25T06:00Z"},
    {1999, "1999-04-04T07:00Z", "1999-10-31T06:00Z"},
    {2000, "2000-04-02T07:00Z", "2000-10-29T06:00Z"},
    {2001, "2001-04-01T07:00Z", "2001-10-28T06:00Z"},
    {2002, "2002-04-07T07:00Z", "2002-10-27T06:00Z"},
    {2003, "2003-04-06T07:00Z", "2003-10-26T06:00Z"},
    {2004, "2004-04-04T07:00Z", "2004-10-31T06:00Z"},
    {2005, "2005-04-03T07:00Z", "2005-10-30T06:00Z"},
    {2006, "2006-04-02T07:00Z", "2006-10-29T06:00Z"},
    {2007, "2007-03-11T07:00Z", "2007-11-04T06:00Z"},
    {2008, "2008-03-09T07:00Z", "2008-11-02T06:00Z"},
    {2009, "2009-03-08T07:00Z", "2009-11-01T06:00Z"},
    {2010, "2010-03-14T07:00Z", "2010-11-07T06:00Z"},
    {2011, "2011-03-13T07:00Z", "2011-11-06T06:00Z"},
    {2012, "2012-03-11T07:00Z", "2012-11-04T06:00Z"},
    {2013, "2013-03-10T07:00Z", "2013-11-03T06:00Z"},
    {2014, "2014-03-09T07:00Z", "2014-11-02T06:00Z"},
    {2015, "2015-03-08T07:00Z", "2015-11-01T06:00Z"},
    {2016, "2016-03-13T07:00Z", "2016-11-06T06:00Z"},
    {2017, "2017-03-12T07:00Z", "2017-11-05T06:00Z"},
    {2018, "2018-03-11T07:00Z", "2018-11-04T06:00Z"},
    {2019, "2019-03-10T07:00Z", "2019-11-03T06:00Z"},
    {2020, "2020-03-08T07:00Z", "2020-11-01T06:00Z"},
    {2021, "2021-03-14T07:00Z", "2021-11-07T06:00Z"},
    {2022, "2022-03-13T07:00Z", "2022-11-06T06:00Z"},
    {2023, "2023-03-12T07:00Z", "2023-11-05T06:00Z"},
    {2024, "2024-03-10T07:00Z", "2024-11-03T06:00Z"},
    {2025, "2025-03-09T07:00Z", "2025-11-02T06:00Z"},
    {2026, "2026-03-08T07:00Z", "2026-11-01T06:00Z"},
    {2027, "2027-03-14T07:00Z", "2027-11-07T06:00Z"},
    {2028, "2028-03-12T07:00Z", "2028-11-05T06:00Z"},
    {2029, "2029-03-11T07:00Z", "2029-11-04T06:00Z"},
    {2030, "2030-03-10T07:00Z", "2030-11-03T06:00Z"},
    {2031, "2031-03-09T07:00Z", "2031-11-02T06:00Z"},
    {2032, "2032-03-14T07:00Z", "2032-11-07T06:00Z"},
    {2033, "2033-03-13T07:00Z", "2033-11-06T06:00Z"},
    {2034, "2034-03-12T07:00Z", "2034-11-05T06:00Z"},
    {2035, "2035-03-11T07:00Z", "2035-11-04T06:00Z"},
    {2036, "2036-03-09T07:00Z", "2036-11-02T06:00Z"},
    {2037, "2037-03-08T07:00Z", "2037-11-01T06:00Z"},
};

} // namespace

class TestCivilTime : public QObject
{
    Q_OBJECT

private slots:
    void daysSinceEpoch_data();
    void daysSinceEpoch();
    void validity_data();
    void validity();
    void daysInMonthTable();
    void weekday_data();
    void weekday();
    void nthWeekdayOfMonth_data();
    void nthWeekdayOfMonth();
    void addDaysAndCompare();
    void dateText_data();
    void dateText();
    void dateParseErrors_data();
    void dateParseErrors();
    void durationAndTimestampArithmetic();
    void newYorkTimeToUtc_data();
    void newYorkTimeToUtc();
    void dstWindowsMatchTzdata();
    void utcToNewYork_data();
    void utcToNewYork();
    void newYorkTimeOutsideRange();
    void parseTimestampAccepts_data();
    void parseTimestampAccepts();
    void parseTimestampRejects_data();
    void parseTimestampRejects();
    void formatIsoFractions_data();
    void formatIsoFractions();
    void formatNewYorkText_data();
    void formatNewYorkText();
};

void TestCivilTime::daysSinceEpoch_data()
{
    // clang-format off
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");
    QTest::addColumn<qint64>("days");

    QTest::newRow("epoch") << 1970 << 1 << 1 << qint64(0);
    QTest::newRow("day before epoch") << 1969 << 12 << 31 << qint64(-1);
    QTest::newRow("1970-03-01") << 1970 << 3 << 1 << qint64(59); // 31 + 28
    QTest::newRow("1971-01-01") << 1971 << 1 << 1 << qint64(365);
    QTest::newRow("1972-03-01 after a leap day") << 1972 << 3 << 1 << qint64(365 + 365 + 31 + 29);
    QTest::newRow("1969-01-01") << 1969 << 1 << 1 << qint64(-365);
    QTest::newRow("1968-01-01 leap year") << 1968 << 1 << 1 << qint64(-365 - 366);
    // 2000 is a leap year (divisible by 400): 30 years incl. 7 leap days, + 31 + 28.
    QTest::newRow("2000-02-29") << 2000 << 2 << 29 << qint64(30 * 365 + 7 + 31 + 28);
    QTest::newRow("2000-03-01") << 2000 << 3 << 1 << qint64(30 * 365 + 7 + 31 + 29);
    // 1900 is not (divisible by 100): Feb 28 and Mar 1 are consecutive.
    QTest::newRow("1900-02-28") << 1900 << 2 << 28 << qint64(-25509);
    QTest::newRow("1900-03-01") << 1900 << 3 << 1 << qint64(-25508);
    QTest::newRow("1900-01-01") << 1900 << 1 << 1 << qint64(-70 * 365 - 17);
    // Nor is 2100.
    QTest::newRow("2100-02-28") << 2100 << 2 << 28 << qint64(47540);
    QTest::newRow("2100-03-01") << 2100 << 3 << 1 << qint64(47541);
    QTest::newRow("1600-02-29") << 1600 << 2 << 29 << qint64(-135081);
    QTest::newRow("2400-02-29") << 2400 << 2 << 29 << qint64(157113);
    QTest::newRow("2021-03-31") << 2021 << 3 << 31 << qint64(18717);
    QTest::newRow("Apollo 11") << 1969 << 7 << 20 << qint64(-165);
    QTest::newRow("first timestamp day") << 1677 << 9 << 21 << qint64(-106752);
    QTest::newRow("last timestamp day") << 2262 << 4 << 11 << qint64(106751);
    QTest::newRow("0001-01-01") << 1 << 1 << 1 << qint64(-719162);
    QTest::newRow("9999-12-31") << 9999 << 12 << 31 << qint64(2932896);
    // clang-format on
}

void TestCivilTime::daysSinceEpoch()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    QFETCH(qint64, days);
    const Date date{year, month, day};
    QCOMPARE(date.daysSinceEpoch(), days);
    const Date back = Date::fromDaysSinceEpoch(days);
    QCOMPARE(back.year, year);
    QCOMPARE(back.month, month);
    QCOMPARE(back.day, day);
}

void TestCivilTime::validity_data()
{
    // clang-format off
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");
    QTest::addColumn<bool>("valid");

    QTest::newRow("2000-02-29") << 2000 << 2 << 29 << true;
    QTest::newRow("2024-02-29") << 2024 << 2 << 29 << true;
    QTest::newRow("1900-02-29") << 1900 << 2 << 29 << false;
    QTest::newRow("2100-02-29") << 2100 << 2 << 29 << false;
    QTest::newRow("2023-02-29") << 2023 << 2 << 29 << false;
    QTest::newRow("04-31") << 2021 << 4 << 31 << false;
    QTest::newRow("12-31") << 2021 << 12 << 31 << true;
    QTest::newRow("month 0") << 2021 << 0 << 1 << false;
    QTest::newRow("month 13") << 2021 << 13 << 1 << false;
    QTest::newRow("day 0") << 2021 << 1 << 0 << false;
    QTest::newRow("day 32") << 2021 << 1 << 32 << false;
    QTest::newRow("year 0") << 0 << 1 << 1 << false;
    QTest::newRow("year 1") << 1 << 1 << 1 << true;
    QTest::newRow("year 9999") << 9999 << 12 << 31 << true;
    QTest::newRow("year 10000") << 10000 << 1 << 1 << false;
    // clang-format on
}

void TestCivilTime::validity()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    QFETCH(bool, valid);
    QCOMPARE((Date{year, month, day}.isValid()), valid);
}

void TestCivilTime::daysInMonthTable()
{
    const int common[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int month = 1; month <= 12; ++month) {
        QCOMPARE(daysInMonth(2021, month), common[month - 1]);
        QCOMPARE(daysInMonth(2000, month), month == 2 ? 29 : common[month - 1]);
        QCOMPARE(daysInMonth(1900, month), common[month - 1]);
        QCOMPARE(daysInMonth(2024, month), month == 2 ? 29 : common[month - 1]);
    }
}

void TestCivilTime::weekday_data()
{
    // clang-format off
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");
    QTest::addColumn<Weekday>("weekday");

    QTest::newRow("epoch Thursday") << 1970 << 1 << 1 << Weekday::Thursday;
    QTest::newRow("1969-12-31 Wednesday") << 1969 << 12 << 31 << Weekday::Wednesday;
    QTest::newRow("2000-02-29 Tuesday") << 2000 << 2 << 29 << Weekday::Tuesday;
    QTest::newRow("2000-01-01 Saturday") << 2000 << 1 << 1 << Weekday::Saturday;
    QTest::newRow("1900-01-01 Monday") << 1900 << 1 << 1 << Weekday::Monday;
    QTest::newRow("2021-03-14 Sunday") << 2021 << 3 << 14 << Weekday::Sunday;
    QTest::newRow("2021-03-31 Wednesday") << 2021 << 3 << 31 << Weekday::Wednesday;
    QTest::newRow("2100-12-31 Friday") << 2100 << 12 << 31 << Weekday::Friday;
    QTest::newRow("1969-07-20 Sunday") << 1969 << 7 << 20 << Weekday::Sunday;
    QTest::newRow("0001-01-01 Monday") << 1 << 1 << 1 << Weekday::Monday;
    // clang-format on
}

void TestCivilTime::weekday()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    QFETCH(Weekday, weekday);
    QCOMPARE((Date{year, month, day}.weekday()), weekday);
}

void TestCivilTime::nthWeekdayOfMonth_data()
{
    // clang-format off
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<Weekday>("weekday");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("day");

    QTest::newRow("2021 DST start: 2nd Sunday of March") << 2021 << 3 << Weekday::Sunday << 2 << 14;
    QTest::newRow("2021 DST end: 1st Sunday of November")
        << 2021 << 11 << Weekday::Sunday << 1 << 7;
    QTest::newRow("2006 DST start: 1st Sunday of April") << 2006 << 4 << Weekday::Sunday << 1 << 2;
    QTest::newRow("2006 DST end: last Sunday of October")
        << 2006 << 10 << Weekday::Sunday << -1 << 29;
    QTest::newRow("Thanksgiving 2021") << 2021 << 11 << Weekday::Thursday << 4 << 25;
    QTest::newRow("Memorial Day 2021 (last Monday)") << 2021 << 5 << Weekday::Monday << -1 << 31;
    QTest::newRow("MLK Day 2021 (3rd Monday)") << 2021 << 1 << Weekday::Monday << 3 << 18;
    QTest::newRow("1st Friday on the 1st") << 2021 << 1 << Weekday::Friday << 1 << 1;
    QTest::newRow("last Sunday of leap February") << 2020 << 2 << Weekday::Sunday << -1 << 23;
    QTest::newRow("last Saturday of leap February is the 29th")
        << 2020 << 2 << Weekday::Saturday << -1 << 29;
    QTest::newRow("last Sunday of February 2021 is the 28th")
        << 2021 << 2 << Weekday::Sunday << -1 << 28;
    QTest::newRow("5th Wednesday of March 2021") << 2021 << 3 << Weekday::Wednesday << 5 << 31;
    // clang-format on
}

void TestCivilTime::nthWeekdayOfMonth()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(Weekday, weekday);
    QFETCH(int, n);
    QFETCH(int, day);
    const Date date = ::nthWeekdayOfMonth(year, month, weekday, n);
    QCOMPARE(date, (Date{year, month, day}));
    QCOMPARE(date.weekday(), weekday);
}

void TestCivilTime::addDaysAndCompare()
{
    QCOMPARE((Date{2021, 2, 28}.addDays(1)), (Date{2021, 3, 1}));
    QCOMPARE((Date{2020, 2, 28}.addDays(1)), (Date{2020, 2, 29}));
    QCOMPARE((Date{2021, 12, 31}.addDays(1)), (Date{2022, 1, 1}));
    QCOMPARE((Date{1970, 1, 1}.addDays(-1)), (Date{1969, 12, 31}));
    QCOMPARE((Date{2000, 3, 1}.addDays(-1)), (Date{2000, 2, 29}));
    QCOMPARE((Date{1900, 3, 1}.addDays(-1)), (Date{1900, 2, 28}));
    QCOMPARE((Date{2021, 3, 31}.addDays(365)), (Date{2022, 3, 31}));
    QVERIFY((Date{2021, 3, 31}) < (Date{2021, 4, 1}));
    QVERIFY((Date{2020, 12, 31}) < (Date{2021, 1, 1}));
    QVERIFY((Date{2021, 1, 2}) > (Date{2021, 1, 1}));
}

void TestCivilTime::dateText_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");

    QTest::newRow("2021-03-31") << "2021-03-31" << 2021 << 3 << 31;
    QTest::newRow("2000-02-29") << "2000-02-29" << 2000 << 2 << 29;
    QTest::newRow("0999-01-02") << "0999-01-02" << 999 << 1 << 2;
    QTest::newRow("0001-01-01") << "0001-01-01" << 1 << 1 << 1;
    // clang-format on
}

void TestCivilTime::dateText()
{
    QFETCH(QString, text);
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    const Date date{year, month, day};
    QCOMPARE(QString::fromStdString(date.toString()), text);
    const Result<Date> parsed = Date::parse(text.toStdString());
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, date);
}

void TestCivilTime::dateParseErrors_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << "" << "'' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("one-digit month")
        << "2021-3-31" << "'2021-3-31' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("slashes") << "2021/03/31" << "'2021/03/31' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("trailing")
        << "2021-03-31T" << "'2021-03-31T' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("letters") << "2021-MA-31" << "'2021-MA-31' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("signed") << "+021-03-31" << "'+021-03-31' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("Feb 30") << "2021-02-30" << "'2021-02-30' is not a valid calendar date";
    QTest::newRow("1900-02-29") << "1900-02-29" << "'1900-02-29' is not a valid calendar date";
    QTest::newRow("month 13") << "2021-13-01" << "'2021-13-01' is not a valid calendar date";
    QTest::newRow("day 00") << "2021-01-00" << "'2021-01-00' is not a valid calendar date";
    QTest::newRow("year 0000") << "0000-01-01" << "'0000-01-01' is not a valid calendar date";
    // clang-format on
}

void TestCivilTime::dateParseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const Result<Date> parsed = Date::parse(text.toStdString());
    QVERIFY(!parsed.has_value());
    QCOMPARE(QString::fromStdString(parsed.error().message()), message);
}

void TestCivilTime::durationAndTimestampArithmetic()
{
    QCOMPARE(Duration::seconds(1).count(), nanosPerSecond);
    QCOMPARE(Duration::milliseconds(3).count(), qint64(3'000'000));
    QCOMPARE(Duration::microseconds(3).count(), qint64(3'000));
    QCOMPARE(Duration::minutes(2).count(), 120 * nanosPerSecond);
    QCOMPARE(Duration::hours(-5).count(), -5 * 3600 * nanosPerSecond);
    QCOMPARE(Duration::minutes(90), Duration::hours(1) + Duration::minutes(30));
    QCOMPARE(Duration::hours(1) / Duration::minutes(1), qint64(60));
    QCOMPARE((Duration::seconds(2) * 3).count(), 6 * nanosPerSecond);
    QCOMPARE(Duration::seconds(1).toSeconds(), 1.0);
    QCOMPARE((-Duration::seconds(1)).count(), -nanosPerSecond);

    const Timestamp close = utc("2021-03-31T20:00:00Z");
    const Timestamp later = close + Duration::minutes(5);
    QCOMPARE(later - close, Duration::minutes(5));
    QCOMPARE(close - later, Duration::minutes(-5));
    QCOMPARE(later - Duration::minutes(5), close);
    Timestamp moving = close;
    moving += Duration::nanoseconds(1);
    QCOMPARE(moving.unixNanos(), close.unixNanos() + 1);
    QVERIFY(close < later);

    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)(Timestamp::max() + Duration::nanoseconds(1)));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)(Timestamp::min() - Duration::nanoseconds(1)));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(Timestamp::max() - Timestamp::min()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)(Duration::hours(1) * std::numeric_limits<std::int64_t>::max()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(-Duration::nanoseconds(
                                                     std::numeric_limits<std::int64_t>::min())));
}

void TestCivilTime::newYorkTimeToUtc_data()
{
    // clang-format off
    QTest::addColumn<QString>("date");
    QTest::addColumn<int>("hour");
    QTest::addColumn<int>("minute");
    QTest::addColumn<int>("second");
    QTest::addColumn<QString>("expected");

    // Daily bar closes: EDT (UTC-4) in October, EST (UTC-5) in December and January.
    QTest::newRow("2013-10-07 close EDT") << "2013-10-07" << 16 << 0 << 0 << "2013-10-07T20:00:00Z";
    QTest::newRow("2013-12-02 close EST") << "2013-12-02" << 16 << 0 << 0 << "2013-12-02T21:00:00Z";
    QTest::newRow("1998-01-02 close EST") << "1998-01-02" << 16 << 0 << 0 << "1998-01-02T21:00:00Z";
    QTest::newRow("2021-03-31 open EDT") << "2021-03-31" << 9 << 30 << 0 << "2021-03-31T13:30:00Z";
    // Spring forward 2021-03-14: 02:00 EST becomes 03:00 EDT.
    QTest::newRow("2021-03-14 01:59:59 EST")
        << "2021-03-14" << 1 << 59 << 59 << "2021-03-14T06:59:59Z";
    QTest::newRow("2021-03-14 03:00 EDT") << "2021-03-14" << 3 << 0 << 0 << "2021-03-14T07:00:00Z";
    QTest::newRow("2021-03-14 02:00 nonexistent -> EST")
        << "2021-03-14" << 2 << 0 << 0 << "2021-03-14T07:00:00Z";
    QTest::newRow("2021-03-14 02:30 nonexistent -> EST")
        << "2021-03-14" << 2 << 30 << 0 << "2021-03-14T07:30:00Z";
    QTest::newRow("2021-03-14 00:00 EST") << "2021-03-14" << 0 << 0 << 0 << "2021-03-14T05:00:00Z";
    // Fall back 2021-11-07: 02:00 EDT becomes 01:00 EST; 01:00-01:59 happens twice.
    QTest::newRow("2021-11-07 00:59:59 EDT")
        << "2021-11-07" << 0 << 59 << 59 << "2021-11-07T04:59:59Z";
    QTest::newRow("2021-11-07 01:00 ambiguous -> EDT")
        << "2021-11-07" << 1 << 0 << 0 << "2021-11-07T05:00:00Z";
    QTest::newRow("2021-11-07 01:30 ambiguous -> EDT")
        << "2021-11-07" << 1 << 30 << 0 << "2021-11-07T05:30:00Z";
    QTest::newRow("2021-11-07 01:59:59 ambiguous -> EDT")
        << "2021-11-07" << 1 << 59 << 59 << "2021-11-07T05:59:59Z";
    QTest::newRow("2021-11-07 02:00 EST") << "2021-11-07" << 2 << 0 << 0 << "2021-11-07T07:00:00Z";
    // 1987-2006 rules: first Sunday of April to last Sunday of October.
    QTest::newRow("2006-04-02 01:59:59 EST")
        << "2006-04-02" << 1 << 59 << 59 << "2006-04-02T06:59:59Z";
    QTest::newRow("2006-04-02 03:00 EDT") << "2006-04-02" << 3 << 0 << 0 << "2006-04-02T07:00:00Z";
    QTest::newRow("2006-10-29 01:30 ambiguous -> EDT")
        << "2006-10-29" << 1 << 30 << 0 << "2006-10-29T05:30:00Z";
    QTest::newRow("2006-10-29 02:00 EST") << "2006-10-29" << 2 << 0 << 0 << "2006-10-29T07:00:00Z";
    // Under the 2007 rules these would be daylight time; in 2006 they were not.
    QTest::newRow("2006-03-20 close EST") << "2006-03-20" << 16 << 0 << 0 << "2006-03-20T21:00:00Z";
    QTest::newRow("2006-11-01 close EST") << "2006-11-01" << 16 << 0 << 0 << "2006-11-01T21:00:00Z";
    QTest::newRow("2007-03-20 close EDT") << "2007-03-20" << 16 << 0 << 0 << "2007-03-20T20:00:00Z";
    QTest::newRow("2007-11-01 close EDT") << "2007-11-01" << 16 << 0 << 0 << "2007-11-01T20:00:00Z";
    // The energy-crisis years.
    QTest::newRow("1974-01-10 noon EDT") << "1974-01-10" << 12 << 0 << 0 << "1974-01-10T16:00:00Z";
    QTest::newRow("1975-02-22 noon EST") << "1975-02-22" << 12 << 0 << 0 << "1975-02-22T17:00:00Z";
    QTest::newRow("1975-02-24 noon EDT") << "1975-02-24" << 12 << 0 << 0 << "1975-02-24T16:00:00Z";
    // Before the epoch.
    QTest::newRow("1969-07-20 16:17:40 EDT")
        << "1969-07-20" << 16 << 17 << 40 << "1969-07-20T20:17:40Z";
    QTest::newRow("1969-12-31 19:00 EST = epoch")
        << "1969-12-31" << 19 << 0 << 0 << "1970-01-01T00:00:00Z";
    QTest::newRow("1969-12-31 18:59:59 EST")
        << "1969-12-31" << 18 << 59 << 59 << "1969-12-31T23:59:59Z";
    // clang-format on
}

void TestCivilTime::newYorkTimeToUtc()
{
    QFETCH(QString, date);
    QFETCH(int, hour);
    QFETCH(int, minute);
    QFETCH(int, second);
    QFETCH(QString, expected);
    const Date day = *Date::parse(date.toStdString());
    const Timestamp stamp = newYorkTime(day, TimeOfDay::hms(hour, minute, second));
    QCOMPARE(QString::fromStdString(formatIso(stamp)), expected);
    QCOMPARE(stamp, utc(expected.toLatin1().constData()));
    if (hour == 16 && minute == 0 && second == 0)
        QCOMPARE(dailyBarTimestamp(day), stamp);
    // The same wall time through the parser.
    const std::string local = date.toStdString() + "T"
                              + QStringLiteral("%1:%2:%3")
                                    .arg(hour, 2, 10, QLatin1Char('0'))
                                    .arg(minute, 2, 10, QLatin1Char('0'))
                                    .arg(second, 2, 10, QLatin1Char('0'))
                                    .toStdString();
    QCOMPARE(*parseTimestamp(local, LocalZone::NewYork), stamp);
}

void TestCivilTime::dstWindowsMatchTzdata()
{
    const Duration nano = Duration::nanoseconds(1);
    for (const DstYear &window : tzdataWindows) {
        const Timestamp start = utc(window.start);
        const Timestamp end = utc(window.end);
        const QByteArray where = QByteArray::number(window.year);
        QVERIFY2(!isNewYorkDaylightSaving(start - nano), where);
        QVERIFY2(isNewYorkDaylightSaving(start), where);
        QVERIFY2(isNewYorkDaylightSaving(end - nano), where);
        QVERIFY2(!isNewYorkDaylightSaving(end), where);
        QCOMPARE(newYorkUtcOffset(start - nano), Duration::hours(-5));
        QCOMPARE(newYorkUtcOffset(start), Duration::hours(-4));
        QCOMPARE(newYorkUtcOffset(end - nano), Duration::hours(-4));
        QCOMPARE(newYorkUtcOffset(end), Duration::hours(-5));
        // Midwinter and midsummer.
        QVERIFY2(!isNewYorkDaylightSaving(
                     newYorkTime(Date{window.year, 1, 2}, TimeOfDay::hms(12, 0, 0))),
                 where);
        QVERIFY2(
            isNewYorkDaylightSaving(newYorkTime(Date{window.year, 7, 1}, TimeOfDay::hms(12, 0, 0))),
            where);
        QVERIFY2(!isNewYorkDaylightSaving(
                     newYorkTime(Date{window.year, 12, 31}, TimeOfDay::hms(23, 59, 59))),
                 where);
        // Wall clock: 01:59:59.999999999 EST is followed by 03:00 EDT, and 01:59:59.999999999
        // EDT by 01:00 EST.
        const NewYorkTime beforeSpring = toNewYork(start - nano);
        const NewYorkTime afterSpring = toNewYork(start);
        QCOMPARE(beforeSpring.time.nanos, 2 * 3600 * nanosPerSecond - 1);
        QCOMPARE(afterSpring.time, TimeOfDay::hms(3, 0, 0));
        QCOMPARE(afterSpring.date, beforeSpring.date);
        QCOMPARE(afterSpring.date.weekday(), Weekday::Sunday);
        const NewYorkTime beforeFall = toNewYork(end - nano);
        const NewYorkTime afterFall = toNewYork(end);
        QCOMPARE(beforeFall.time.nanos, 2 * 3600 * nanosPerSecond - 1);
        QVERIFY(beforeFall.daylightSaving);
        QCOMPARE(afterFall.time, TimeOfDay::hms(1, 0, 0));
        QVERIFY(!afterFall.daylightSaving);
        QCOMPARE(afterFall.date.weekday(), Weekday::Sunday);
    }
    // No daylight saving under these rules before 1967.
    QVERIFY(!isNewYorkDaylightSaving(utc("1966-07-01T12:00:00Z")));
}

void TestCivilTime::utcToNewYork_data()
{
    // clang-format off
    QTest::addColumn<QString>("instant");
    QTest::addColumn<QString>("date");
    QTest::addColumn<int>("hour");
    QTest::addColumn<int>("minute");
    QTest::addColumn<int>("second");
    QTest::addColumn<bool>("daylight");

    QTest::newRow("2021-03-14 06:59:59Z")
        << "2021-03-14T06:59:59Z" << "2021-03-14" << 1 << 59 << 59 << false;
    QTest::newRow("2021-03-14 07:00Z")
        << "2021-03-14T07:00:00Z" << "2021-03-14" << 3 << 0 << 0 << true;
    QTest::newRow("2021-11-07 05:30Z first 01:30")
        << "2021-11-07T05:30:00Z" << "2021-11-07" << 1 << 30 << 0 << true;
    QTest::newRow("2021-11-07 06:30Z second 01:30")
        << "2021-11-07T06:30:00Z" << "2021-11-07" << 1 << 30 << 0 << false;
    QTest::newRow("UTC midnight is the previous NY day")
        << "2021-03-31T03:59:59Z" << "2021-03-30" << 23 << 59 << 59 << true;
    QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << "1969-12-31" << 19 << 0 << 0 << false;
    QTest::newRow("before the epoch")
        << "1969-07-20T20:17:40Z" << "1969-07-20" << 16 << 17 << 40 << true;
    QTest::newRow("New Year") << "2022-01-01T04:59:59Z" << "2021-12-31" << 23 << 59 << 59 << false;
    // clang-format on
}

void TestCivilTime::utcToNewYork()
{
    QFETCH(QString, instant);
    QFETCH(QString, date);
    QFETCH(int, hour);
    QFETCH(int, minute);
    QFETCH(int, second);
    QFETCH(bool, daylight);
    const NewYorkTime local = toNewYork(utc(instant.toLatin1().constData()));
    QCOMPARE(local.date, *Date::parse(date.toStdString()));
    QCOMPARE(local.time, TimeOfDay::hms(hour, minute, second));
    QCOMPARE(local.daylightSaving, daylight);
}

void TestCivilTime::newYorkTimeOutsideRange()
{
    // The ends of the Timestamp range, in New York: 1677 had no daylight saving; April 2262 has.
    const NewYorkTime first = toNewYork(Timestamp::min());
    QCOMPARE(first.date, (Date{1677, 9, 20}));
    QCOMPARE(first.time.nanos, (19 * 3600 + 12 * 60 + 43) * nanosPerSecond + 145224192);
    QVERIFY(!first.daylightSaving);
    const NewYorkTime last = toNewYork(Timestamp::max());
    QCOMPARE(last.date, (Date{2262, 4, 11}));
    QCOMPARE(last.time.nanos, (19 * 3600 + 47 * 60 + 16) * nanosPerSecond + 854775807);
    QVERIFY(last.daylightSaving);
    QCOMPARE(newYorkTime(first.date, first.time), Timestamp::min());
    QCOMPARE(newYorkTime(last.date, last.time), Timestamp::max());
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)newYorkTime(Date{2262, 4, 12}, TimeOfDay::hms(0, 0, 0)));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)newYorkTime(Date{1677, 9, 20}, TimeOfDay::hms(19, 0, 0)));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)dailyBarTimestamp(Date{9999, 12, 31}));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)dailyBarTimestamp(Date{1, 1, 1}));
}

void TestCivilTime::parseTimestampAccepts_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("newYork");
    QTest::addColumn<QString>("expected");

    QTest::newRow("bare date UTC") << "2021-03-31" << false << "2021-03-31T00:00:00Z";
    QTest::newRow("bare date NY (EDT midnight)") << "2021-03-31" << true << "2021-03-31T04:00:00Z";
    QTest::newRow("bare date NY (EST midnight)") << "2021-01-15" << true << "2021-01-15T05:00:00Z";
    QTest::newRow("HH:MM UTC") << "2021-03-31T09:30" << false << "2021-03-31T09:30:00Z";
    QTest::newRow("HH:MM NY") << "2021-03-31T09:30" << true << "2021-03-31T13:30:00Z";
    QTest::newRow("HH:MM:SS NY winter") << "2021-01-15T09:30:00" << true << "2021-01-15T14:30:00Z";
    QTest::newRow("space separator") << "2021-03-31 09:30:15" << true << "2021-03-31T13:30:15Z";
    QTest::newRow("Z ignores the zone") << "2021-03-31T09:30:00Z" << true << "2021-03-31T09:30:00Z";
    QTest::newRow("HH:MM with Z") << "2021-03-31T09:30Z" << false << "2021-03-31T09:30:00Z";
    QTest::newRow("one fraction digit")
        << "2021-03-31T09:30:15.5Z" << false << "2021-03-31T09:30:15.500Z";
    QTest::newRow("milliseconds")
        << "2021-03-31T09:30:15.123Z" << false << "2021-03-31T09:30:15.123Z";
    QTest::newRow("microseconds")
        << "2021-03-31T09:30:15.123456Z" << false << "2021-03-31T09:30:15.123456Z";
    QTest::newRow("nanoseconds")
        << "2021-03-31T09:30:15.123456789Z" << false << "2021-03-31T09:30:15.123456789Z";
    QTest::newRow("fraction local NY")
        << "2021-03-31T09:30:15.000000001" << true << "2021-03-31T13:30:15.000000001Z";
    QTest::newRow("offset -04:00")
        << "2021-03-31T09:30:00-04:00" << false << "2021-03-31T13:30:00Z";
    QTest::newRow("offset +05:30") << "2021-03-31T09:30:00+05:30" << true << "2021-03-31T04:00:00Z";
    QTest::newRow("offset +00:00") << "2021-03-31T09:30:00+00:00" << true << "2021-03-31T09:30:00Z";
    QTest::newRow("offset with HH:MM")
        << "2021-03-31T09:30-05:00" << false << "2021-03-31T14:30:00Z";
    QTest::newRow("offset with fraction")
        << "2021-03-31T09:30:00.25+01:00" << false << "2021-03-31T08:30:00.250Z";
    QTest::newRow("offset crosses midnight")
        << "2021-03-31T23:30:00-04:00" << false << "2021-04-01T03:30:00Z";
    QTest::newRow("before the epoch")
        << "1969-12-31T23:59:59.999999999Z" << false << "1969-12-31T23:59:59.999999999Z";
    QTest::newRow("1900 UTC") << "1900-01-01T00:00:00Z" << false << "1900-01-01T00:00:00Z";
    QTest::newRow("first instant")
        << "1677-09-21T00:12:43.145224192Z" << false << "1677-09-21T00:12:43.145224192Z";
    QTest::newRow("last instant")
        << "2262-04-11T23:47:16.854775807Z" << false << "2262-04-11T23:47:16.854775807Z";
    QTest::newRow("last instant by offset")
        << "2262-04-11T19:47:16.854775807-04:00" << false << "2262-04-11T23:47:16.854775807Z";
    QTest::newRow("spring gap NY") << "2021-03-14T02:30:00" << true << "2021-03-14T07:30:00Z";
    QTest::newRow("fall overlap NY") << "2021-11-07T01:30:00" << true << "2021-11-07T05:30:00Z";
    // clang-format on
}

void TestCivilTime::parseTimestampAccepts()
{
    QFETCH(QString, text);
    QFETCH(bool, newYork);
    QFETCH(QString, expected);
    const Result<Timestamp> parsed
        = parseTimestamp(text.toStdString(), newYork ? LocalZone::NewYork : LocalZone::Utc);
    QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message().c_str());
    QCOMPARE(QString::fromStdString(formatIso(*parsed)), expected);
}

void TestCivilTime::parseTimestampRejects_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    const auto notIso = [](const char *text, const char *why) {
        return QStringLiteral("'%1' is not an ISO-8601 time: %2")
            .arg(QLatin1String(text), QLatin1String(why));
    };
    const char *outOfRange = "outside the Timestamp range (1677-09-21 to 2262-04-11)";
    QTest::newRow("empty") << "" << "'' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("not a date") << "yesterday" << "'yesterday' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("short date") << "2021-3-1" << "'2021-3-1' is not a date (expected YYYY-MM-DD)";
    QTest::newRow("invalid day")
        << "2021-02-30T10:00:00Z" << "'2021-02-30' is not a valid calendar date";
    QTest::newRow("bad separator")
        << "2021-03-31X09:30" << notIso("2021-03-31X09:30", "expected 'T' after the date");
    QTest::newRow("date with Z")
        << "2021-03-31Z" << notIso("2021-03-31Z", "expected 'T' after the date");
    QTest::newRow("T only") << "2021-03-31T" << notIso("2021-03-31T", "expected HH:MM");
    QTest::newRow("one-digit hour")
        << "2021-03-31T9:30" << notIso("2021-03-31T9:30", "expected HH:MM");
    QTest::newRow("hour only") << "2021-03-31T09" << notIso("2021-03-31T09", "expected HH:MM");
    QTest::newRow("dash in time")
        << "2021-03-31T09-30" << notIso("2021-03-31T09-30", "expected HH:MM");
    QTest::newRow("one-digit minute")
        << "2021-03-31T09:3" << notIso("2021-03-31T09:3", "expected HH:MM");
    QTest::newRow("colon without seconds")
        << "2021-03-31T09:30:" << notIso("2021-03-31T09:30:", "expected seconds after HH:MM:");
    QTest::newRow("one-digit seconds")
        << "2021-03-31T09:30:5" << notIso("2021-03-31T09:30:5", "expected seconds after HH:MM:");
    QTest::newRow("hour 24")
        << "2021-03-31T24:00" << notIso("2021-03-31T24:00", "time of day out of range");
    QTest::newRow("minute 60")
        << "2021-03-31T09:60" << notIso("2021-03-31T09:60", "time of day out of range");
    QTest::newRow("leap second")
        << "2016-12-31T23:59:60Z" << notIso("2016-12-31T23:59:60Z", "time of day out of range");
    QTest::newRow("point without digits")
        << "2021-03-31T09:30:00.Z" << notIso("2021-03-31T09:30:00.Z", "expected digits after '.'");
    QTest::newRow("ten fraction digits")
        << "2021-03-31T09:30:00.1234567890Z"
        << notIso("2021-03-31T09:30:00.1234567890Z", "more than 9 fraction digits");
    QTest::newRow("fraction of a minute")
        << "2021-03-31T09:30.5"
        << notIso("2021-03-31T09:30.5", "a fraction needs seconds (HH:MM:SS.fff)");
    QTest::newRow("offset without colon")
        << "2021-03-31T09:30:00+0400"
        << notIso("2021-03-31T09:30:00+0400", "expected 'Z' or a UTC offset like -04:00");
    QTest::newRow("offset hours only")
        << "2021-03-31T09:30:00+04"
        << notIso("2021-03-31T09:30:00+04", "expected 'Z' or a UTC offset like -04:00");
    QTest::newRow("junk after Z")
        << "2021-03-31T09:30:00Zjunk"
        << notIso("2021-03-31T09:30:00Zjunk", "expected 'Z' or a UTC offset like -04:00");
    QTest::newRow("trailing space")
        << "2021-03-31T09:30:00 "
        << notIso("2021-03-31T09:30:00 ", "expected 'Z' or a UTC offset like -04:00");
    QTest::newRow("lower-case z")
        << "2021-03-31T09:30:00z"
        << notIso("2021-03-31T09:30:00z", "expected 'Z' or a UTC offset like -04:00");
    QTest::newRow("offset hour 24")
        << "2021-03-31T09:30:00+24:00"
        << notIso("2021-03-31T09:30:00+24:00", "UTC offset out of range");
    QTest::newRow("offset minute 60")
        << "2021-03-31T09:30:00-05:60"
        << notIso("2021-03-31T09:30:00-05:60", "UTC offset out of range");
    QTest::newRow("after the range")
        << "2262-04-11T23:47:16.854775808Z"
        << notIso("2262-04-11T23:47:16.854775808Z", outOfRange);
    QTest::newRow("before the range")
        << "1677-09-21T00:12:43.145224191Z"
        << notIso("1677-09-21T00:12:43.145224191Z", outOfRange);
    QTest::newRow("year 9999")
        << "9999-12-31"
        << notIso("9999-12-31", outOfRange);
    QTest::newRow("year 1000 NY")
        << "1000-01-01T12:00"
        << notIso("1000-01-01T12:00", outOfRange);
    // clang-format on
}

void TestCivilTime::parseTimestampRejects()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    for (const LocalZone zone : {LocalZone::Utc, LocalZone::NewYork}) {
        const Result<Timestamp> parsed = parseTimestamp(text.toStdString(), zone);
        QVERIFY(!parsed.has_value());
        QCOMPARE(QString::fromStdString(parsed.error().message()), message);
    }
}

void TestCivilTime::formatIsoFractions_data()
{
    // clang-format off
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("text");

    const qint64 close = 1617220800LL * nanosPerSecond; // 2021-03-31T20:00:00Z
    QTest::newRow("epoch") << qint64(0) << "1970-01-01T00:00:00Z";
    QTest::newRow("whole seconds") << close << "2021-03-31T20:00:00Z";
    QTest::newRow("1 ms -> 3 digits") << close + 1'000'000 << "2021-03-31T20:00:00.001Z";
    QTest::newRow("120 ms -> 3 digits") << close + 120'000'000 << "2021-03-31T20:00:00.120Z";
    QTest::newRow("1 us -> 6 digits") << close + 1'000 << "2021-03-31T20:00:00.000001Z";
    QTest::newRow("123456 us -> 6 digits") << close + 123'456'000 << "2021-03-31T20:00:00.123456Z";
    QTest::newRow("1 ns -> 9 digits") << close + 1 << "2021-03-31T20:00:00.000000001Z";
    QTest::newRow("all nine") << close + 123'456'789 << "2021-03-31T20:00:00.123456789Z";
    QTest::newRow("-1 ns") << qint64(-1) << "1969-12-31T23:59:59.999999999Z";
    QTest::newRow("-1 ms") << qint64(-1'000'000) << "1969-12-31T23:59:59.999Z";
    QTest::newRow("-1 s") << -nanosPerSecond << "1969-12-31T23:59:59Z";
    QTest::newRow("-1 day") << -86400 * nanosPerSecond << "1969-12-31T00:00:00Z";
    QTest::newRow("Apollo 11") << -14182940LL * nanosPerSecond << "1969-07-20T20:17:40Z";
    QTest::newRow("1900-03-01") << -25508LL * 86400 * nanosPerSecond << "1900-03-01T00:00:00Z";
    QTest::newRow("Timestamp::min")
        << std::numeric_limits<qint64>::min() << "1677-09-21T00:12:43.145224192Z";
    QTest::newRow("Timestamp::max")
        << std::numeric_limits<qint64>::max() << "2262-04-11T23:47:16.854775807Z";
    // clang-format on
}

void TestCivilTime::formatIsoFractions()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, text);
    const Timestamp stamp = Timestamp::fromUnixNanos(nanos);
    QCOMPARE(QString::fromStdString(formatIso(stamp)), text);
    QCOMPARE(*parseTimestamp(text.toStdString(), LocalZone::NewYork), stamp);
}

void TestCivilTime::formatNewYorkText_data()
{
    // clang-format off
    QTest::addColumn<QString>("instant");
    QTest::addColumn<QString>("text");

    QTest::newRow("close EDT") << "2021-03-31T20:00:00Z" << "2021-03-31 16:00:00";
    QTest::newRow("close EST") << "2013-12-02T21:00:00Z" << "2013-12-02 16:00:00";
    QTest::newRow("fraction") << "2021-03-31T13:30:00.5Z" << "2021-03-31 09:30:00.500";
    QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << "1969-12-31 19:00:00";
    QTest::newRow("before the epoch") << "1969-07-20T20:17:40Z" << "1969-07-20 16:17:40";
    QTest::newRow("first instant")
        << "1677-09-21T00:12:43.145224192Z" << "1677-09-20 19:12:43.145224192";
    QTest::newRow("last instant")
        << "2262-04-11T23:47:16.854775807Z" << "2262-04-11 19:47:16.854775807";
    // clang-format on
}

void TestCivilTime::formatNewYorkText()
{
    QFETCH(QString, instant);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(formatNewYork(utc(instant.toLatin1().constData()))), text);
}

QTEST_APPLESS_MAIN(TestCivilTime)

#include "tst_civiltime.moc"
