// NyseCalendar against real exchange history: the session set of LEAN's SPY daily file, the early
// closes read off the same vendor's hour bars, and hand-checked holidays.

#include "engine/core/nysecalendar.h"

#include <QtTest>
#include <rapidcheck.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

using namespace meridian::engine;

namespace {

Date date(const QString &text)
{
    const Result<Date> parsed = Date::parse(text.toStdString());
    if (!parsed)
        qFatal("bad date in test table: %s", qPrintable(text));
    return *parsed;
}

std::vector<Date> readCsvDates(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        qFatal("cannot open %s", path.c_str());
    std::vector<Date> dates;
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        const Result<Date> parsed = Date::parse(line.substr(0, line.find(',')));
        if (!parsed)
            qFatal("%s: bad date in '%s'", path.c_str(), line.c_str());
        dates.push_back(*parsed);
    }
    return dates;
}

QString describe(const std::vector<Date> &dates)
{
    QStringList out;
    for (const Date &d : dates)
        out << QString::fromStdString(d.toString());
    return out.join(QLatin1String(", "));
}

} // namespace

class TestNyseCalendar : public QObject
{
    Q_OBJECT

private slots:
    void sessionsEqualSpyDailyFile();
    void earlyClosesEqualHourBars();
    void closures_data();
    void closures();
    void closeTimes_data();
    void closeTimes();
    void easter_data();
    void easter();
    void nextAndPreviousSession_data();
    void nextAndPreviousSession();
    void lastSessionOfMonth_data();
    void lastSessionOfMonth();
    void lastSessionsOfMonthMatchSpyFile();
    void navigationProperties();
};

// LEAN's SPY file has no missing or extra NYSE day (shared/data/README.md), so the calendar's
// sessions over its range must be exactly its dates.
void TestNyseCalendar::sessionsEqualSpyDailyFile()
{
    const std::vector<Date> spy = readCsvDates(MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv");
    QCOMPARE(spy.size(), std::size_t{5849});
    QCOMPARE(spy.front(), (Date{1998, 1, 2}));
    QCOMPARE(spy.back(), (Date{2021, 3, 31}));

    const NyseCalendar nyse;
    std::vector<Date> sessions;
    for (Date d = spy.front(); d <= spy.back(); d = d.addDays(1)) {
        if (nyse.isSession(d))
            sessions.push_back(d);
    }
    std::vector<Date> onlyInCalendar;
    std::vector<Date> onlyInFile;
    std::set_difference(sessions.begin(),
                        sessions.end(),
                        spy.begin(),
                        spy.end(),
                        std::back_inserter(onlyInCalendar));
    std::set_difference(
        spy.begin(), spy.end(), sessions.begin(), sessions.end(), std::back_inserter(onlyInFile));
    QVERIFY2(onlyInCalendar.empty(),
             qPrintable("sessions not in SPY.csv: " + describe(onlyInCalendar)));
    QVERIFY2(onlyInFile.empty(),
             qPrintable("SPY.csv days that are not sessions: " + describe(onlyInFile)));
    QCOMPARE(sessions.size(), std::size_t{5849});
}

// The early closes of 1998..2021-03, read off shared/data/hour/SPY.csv (same vendor as the daily
// file): the days whose bars from 14:00 on hold under 3% of the day's volume, plus 2001-11-23
// (7.6%, from stray after-close prints; no 15:00 bar at all). Before 2009 that vendor's hour
// bars still show prints in the 13:00 bar on early-close days, hence the volume criterion rather
// than the last bar's time. 2002-07-03 (a Wednesday before 2013) is a full day and 2002-07-05 is
// not; 1999-12-31 and 2003-12-26 are one-off early closes.
void TestNyseCalendar::earlyClosesEqualHourBars()
{
    const std::vector<QString> expectedText{
        "1998-11-27", "1998-12-24", "1999-11-26", "1999-12-31", "2000-07-03", "2000-11-24",
        "2001-07-03", "2001-11-23", "2001-12-24", "2002-07-05", "2002-11-29", "2002-12-24",
        "2003-07-03", "2003-11-28", "2003-12-24", "2003-12-26", "2004-11-26", "2005-11-25",
        "2006-07-03", "2006-11-24", "2007-07-03", "2007-11-23", "2007-12-24", "2008-07-03",
        "2008-11-28", "2008-12-24", "2009-11-27", "2009-12-24", "2010-11-26", "2011-11-25",
        "2012-07-03", "2012-11-23", "2012-12-24", "2013-07-03", "2013-11-29", "2013-12-24",
        "2014-07-03", "2014-11-28", "2014-12-24", "2015-11-27", "2015-12-24", "2016-11-25",
        "2017-07-03", "2017-11-24", "2018-07-03", "2018-11-23", "2018-12-24", "2019-07-03",
        "2019-11-29", "2019-12-24", "2020-11-27", "2020-12-24"};
    std::vector<Date> expected;
    for (const QString &text : expectedText)
        expected.push_back(date(text));

    const NyseCalendar nyse;
    std::vector<Date> early;
    for (Date d{1998, 1, 2}; d <= Date{2021, 3, 31}; d = d.addDays(1)) {
        if (nyse.isEarlyClose(d)) {
            early.push_back(d);
            QCOMPARE(nyse.closeTime(d), TimeOfDay::hms(13, 0, 0));
        }
    }
    QCOMPARE(describe(early), describe(expected));
}

void TestNyseCalendar::closures_data()
{
    QTest::addColumn<QString>("day");
    QTest::addColumn<bool>("session");
    QTest::addColumn<QString>("name");

    QTest::newRow("Good Friday 2021") << "2021-04-02" << false << "Good Friday";
    QTest::newRow("Good Friday 2016") << "2016-03-25" << false << "Good Friday";
    QTest::newRow("Good Friday 2008 (March)") << "2008-03-21" << false << "Good Friday";
    QTest::newRow("Thursday before Good Friday") << "2021-04-01" << true << "";
    QTest::newRow("New Year on Saturday: Friday open") << "2021-12-31" << true << "";
    QTest::newRow("New Year on Saturday 2011") << "2010-12-31" << true << "";
    QTest::newRow("New Year on Sunday: Monday closed") << "2017-01-02" << false << "New Year's Day";
    QTest::newRow("New Year weekday") << "2020-01-01" << false << "New Year's Day";
    QTest::newRow("Jan 2 after a weekday New Year") << "2020-01-02" << true << "";
    QTest::newRow("MLK 1998 (first year)") << "1998-01-19" << false << "Martin Luther King Jr. Day";
    QTest::newRow("MLK 1997: open") << "1997-01-20" << true << "";
    QTest::newRow("MLK 2023") << "2023-01-16" << false << "Martin Luther King Jr. Day";
    QTest::newRow("Washington's Birthday") << "2021-02-15" << false << "Washington's Birthday";
    QTest::newRow("Memorial Day") << "2021-05-31" << false << "Memorial Day";
    QTest::newRow("Juneteenth 2021: open") << "2021-06-18" << true << "";
    QTest::newRow("Juneteenth 2022 observed Monday")
        << "2022-06-20" << false << "Juneteenth National Independence Day";
    QTest::newRow("Juneteenth 2023")
        << "2023-06-19" << false << "Juneteenth National Independence Day";
    QTest::newRow("Juneteenth 2027 observed Friday")
        << "2027-06-18" << false << "Juneteenth National Independence Day";
    QTest::newRow("July 4 on Sunday -> Monday") << "2021-07-05" << false << "Independence Day";
    QTest::newRow("July 4 on Saturday -> Friday") << "2020-07-03" << false << "Independence Day";
    QTest::newRow("Labor Day") << "2021-09-06" << false << "Labor Day";
    QTest::newRow("Thanksgiving") << "2021-11-25" << false << "Thanksgiving Day";
    QTest::newRow("day after Thanksgiving") << "2021-11-26" << true << "";
    QTest::newRow("Christmas") << "2015-12-25" << false << "Christmas Day";
    QTest::newRow("Christmas on Saturday -> Friday") << "2021-12-24" << false << "Christmas Day";
    QTest::newRow("Christmas on Sunday -> Monday") << "2022-12-26" << false << "Christmas Day";
    QTest::newRow("Columbus Day: open") << "2021-10-11" << true << "";
    QTest::newRow("Veterans Day: open") << "2021-11-11" << true << "";
    QTest::newRow("Nixon") << "1994-04-27" << false << "National Day of Mourning for Richard Nixon";
    QTest::newRow("9/11 first day") << "2001-09-11" << false << "September 11 attacks";
    QTest::newRow("9/11 last day") << "2001-09-14" << false << "September 11 attacks";
    QTest::newRow("reopening after 9/11") << "2001-09-17" << true << "";
    QTest::newRow("Reagan") << "2004-06-11" << false
                            << "National Day of Mourning for Ronald Reagan";
    QTest::newRow("Ford") << "2007-01-02" << false << "National Day of Mourning for Gerald Ford";
    QTest::newRow("Sandy 1") << "2012-10-29" << false << "Hurricane Sandy";
    QTest::newRow("Sandy 2") << "2012-10-30" << false << "Hurricane Sandy";
    QTest::newRow("G.H.W. Bush") << "2018-12-05" << false
                                 << "National Day of Mourning for George H. W. Bush";
    QTest::newRow("Carter") << "2025-01-09" << false << "National Day of Mourning for Jimmy Carter";
    QTest::newRow("Good Friday 2025") << "2025-04-18" << false << "Good Friday";
    QTest::newRow("Saturday: no closure name") << "2021-04-03" << false << "";
    QTest::newRow("Sunday Christmas itself") << "2022-12-25" << false << "";
    QTest::newRow("plain Wednesday") << "2021-03-31" << true << "";
}

void TestNyseCalendar::closures()
{
    QFETCH(QString, day);
    QFETCH(bool, session);
    QFETCH(QString, name);
    const NyseCalendar nyse;
    QCOMPARE(nyse.isSession(date(day)), session);
    QCOMPARE(QString::fromUtf8(nyse.closureName(date(day))), name);
}

void TestNyseCalendar::closeTimes_data()
{
    QTest::addColumn<QString>("day");
    QTest::addColumn<int>("closeHour");
    QTest::addColumn<QString>("closeUtc");

    // 2015-12-24 is EST (UTC-5): 13:00 New York = 18:00Z.
    QTest::newRow("Christmas Eve 2015") << "2015-12-24" << 13 << "2015-12-24T18:00:00Z";
    QTest::newRow("regular EDT day") << "2021-03-31" << 16 << "2021-03-31T20:00:00Z";
    QTest::newRow("regular EST day") << "2021-01-04" << 16 << "2021-01-04T21:00:00Z";
    QTest::newRow("July 3 Tuesday") << "2018-07-03" << 13 << "2018-07-03T17:00:00Z";
    QTest::newRow("July 3 Wednesday from 2013") << "2019-07-03" << 13 << "2019-07-03T17:00:00Z";
    QTest::newRow("July 3 Wednesday before 2013") << "2002-07-03" << 16 << "2002-07-03T20:00:00Z";
    QTest::newRow("July 5 Friday before 2013") << "2002-07-05" << 13 << "2002-07-05T17:00:00Z";
    QTest::newRow("July 5 Friday 2013") << "2013-07-05" << 16 << "2013-07-05T20:00:00Z";
    QTest::newRow("July 2 before a Friday holiday") << "2020-07-02" << 16 << "2020-07-02T20:00:00Z";
    QTest::newRow("day after Thanksgiving") << "2020-11-27" << 13 << "2020-11-27T18:00:00Z";
    QTest::newRow("day after Thanksgiving 1992") << "1992-11-27" << 14 << "1992-11-27T19:00:00Z";
    QTest::newRow("Christmas Eve 1992") << "1992-12-24" << 14 << "1992-12-24T19:00:00Z";
    QTest::newRow("Dec 23 before a Friday Christmas")
        << "2021-12-23" << 16 << "2021-12-23T21:00:00Z";
    QTest::newRow("Christmas Eve 2025 (Wednesday)") << "2025-12-24" << 13 << "2025-12-24T18:00:00Z";
    QTest::newRow("Dec 26 2008: full day") << "2008-12-26" << 16 << "2008-12-26T21:00:00Z";
    QTest::newRow("Dec 26 1997: one-off") << "1997-12-26" << 13 << "1997-12-26T18:00:00Z";
    QTest::newRow("Dec 31 1999: one-off") << "1999-12-31" << 13 << "1999-12-31T18:00:00Z";
    QTest::newRow("Dec 31 2020: full day") << "2020-12-31" << 16 << "2020-12-31T21:00:00Z";
}

void TestNyseCalendar::closeTimes()
{
    QFETCH(QString, day);
    QFETCH(int, closeHour);
    QFETCH(QString, closeUtc);
    const NyseCalendar nyse;
    const Date d = date(day);
    QVERIFY(nyse.isSession(d));
    QCOMPARE(nyse.isEarlyClose(d), closeHour != 16);
    QCOMPARE(nyse.closeTime(d), TimeOfDay::hms(closeHour, 0, 0));
    QCOMPARE(QString::fromStdString(formatIso(nyse.sessionClose(d))), closeUtc);
    QCOMPARE(nyse.openTime(d), TimeOfDay::hms(9, 30, 0));
}

void TestNyseCalendar::easter_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<QString>("sunday");
    // Published Western Easter dates, including both extremes of the range (March 22, April 25).
    QTest::newRow("1818") << 1818 << "1818-03-22";
    QTest::newRow("1943") << 1943 << "1943-04-25";
    QTest::newRow("2000") << 2000 << "2000-04-23";
    QTest::newRow("2008") << 2008 << "2008-03-23";
    QTest::newRow("2011") << 2011 << "2011-04-24";
    QTest::newRow("2016") << 2016 << "2016-03-27";
    QTest::newRow("2019") << 2019 << "2019-04-21";
    QTest::newRow("2021") << 2021 << "2021-04-04";
    QTest::newRow("2024") << 2024 << "2024-03-31";
    QTest::newRow("2038") << 2038 << "2038-04-25";
}

void TestNyseCalendar::easter()
{
    QFETCH(int, year);
    QFETCH(QString, sunday);
    const Date easterSunday = NyseCalendar::easterSunday(year);
    QCOMPARE(easterSunday, date(sunday));
    QCOMPARE(easterSunday.weekday(), Weekday::Sunday);
}

void TestNyseCalendar::nextAndPreviousSession_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("next");
    QTest::addColumn<QString>("previous");

    QTest::newRow("midweek") << "2021-03-31"
                             << "2021-04-01"
                             << "2021-03-30";
    QTest::newRow("over Good Friday and the weekend") << "2021-04-01"
                                                      << "2021-04-05"
                                                      << "2021-03-31";
    QTest::newRow("Monday after Good Friday") << "2021-04-05"
                                              << "2021-04-06"
                                              << "2021-04-01";
    QTest::newRow("from a Saturday") << "2021-03-27"
                                     << "2021-03-29"
                                     << "2021-03-26";
    QTest::newRow("Friday") << "2021-03-26"
                            << "2021-03-29"
                            << "2021-03-25";
    QTest::newRow("9/11 week") << "2001-09-10"
                               << "2001-09-17"
                               << "2001-09-07";
    QTest::newRow("inside the 9/11 closure") << "2001-09-12"
                                             << "2001-09-17"
                                             << "2001-09-10";
    QTest::newRow("over Christmas") << "2020-12-24"
                                    << "2020-12-28"
                                    << "2020-12-23";
    QTest::newRow("over New Year (Saturday)") << "2021-12-31"
                                              << "2022-01-03"
                                              << "2021-12-30";
    QTest::newRow("New Year's Day itself") << "2022-01-01"
                                           << "2022-01-03"
                                           << "2021-12-31";
    QTest::newRow("over Sandy") << "2012-10-26"
                                << "2012-10-31"
                                << "2012-10-25";
    QTest::newRow("over Thanksgiving") << "2021-11-24"
                                       << "2021-11-26"
                                       << "2021-11-23";
}

void TestNyseCalendar::nextAndPreviousSession()
{
    QFETCH(QString, from);
    QFETCH(QString, next);
    QFETCH(QString, previous);
    const NyseCalendar nyse;
    QCOMPARE(nyse.nextSession(date(from)), date(next));
    QCOMPARE(nyse.previousSession(date(from)), date(previous));
}

void TestNyseCalendar::lastSessionOfMonth_data()
{
    QTest::addColumn<QString>("day");
    QTest::addColumn<bool>("last");

    QTest::newRow("2019-08-30 Friday") << "2019-08-30" << true;
    QTest::newRow("2019-08-29") << "2019-08-29" << false;
    QTest::newRow("2021-04-30") << "2021-04-30" << true;
    QTest::newRow("2020-07-31") << "2020-07-31" << true;
    QTest::newRow("2018-03-29 before Good Friday") << "2018-03-29" << true;
    QTest::newRow("2018-03-30 Good Friday") << "2018-03-30" << false;
    QTest::newRow("2021-12-31 (New Year on Saturday)") << "2021-12-31" << true;
    QTest::newRow("2021-03-31") << "2021-03-31" << true;
    QTest::newRow("2021-01-31 Sunday") << "2021-01-31" << false;
    QTest::newRow("2021-01-29") << "2021-01-29" << true;
}

void TestNyseCalendar::lastSessionOfMonth()
{
    QFETCH(QString, day);
    QFETCH(bool, last);
    QCOMPARE(NyseCalendar().isLastSessionOfMonth(date(day)), last);
}

void TestNyseCalendar::lastSessionsOfMonthMatchSpyFile()
{
    const std::vector<Date> spy = readCsvDates(MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv");
    const NyseCalendar nyse;
    int months = 0;
    for (std::size_t i = 0; i < spy.size(); ++i) {
        const bool lastInFile = i + 1 == spy.size() || spy[i + 1].month != spy[i].month;
        QVERIFY2(nyse.isLastSessionOfMonth(spy[i]) == lastInFile, spy[i].toString().c_str());
        months += lastInFile ? 1 : 0;
    }
    QCOMPARE(months, 23 * 12 + 3); // 1998-01 .. 2021-03
}

void TestNyseCalendar::navigationProperties()
{
    const NyseCalendar nyse;
    QVERIFY(rc::check("next/previous session bracket a date with no session in between", [&] {
        const auto offset = *rc::gen::inRange<std::int64_t>(0, 366 * 110);
        const Date d = Date{1990, 1, 1}.addDays(offset);
        const Date next = nyse.nextSession(d);
        const Date previous = nyse.previousSession(d);
        RC_ASSERT(previous < d);
        RC_ASSERT(d < next);
        RC_ASSERT(nyse.isSession(next));
        RC_ASSERT(nyse.isSession(previous));
        for (Date between = previous.addDays(1); between < next; between = between.addDays(1))
            RC_ASSERT(between == d || !nyse.isSession(between));
        if (nyse.isSession(d)) {
            RC_ASSERT(nyse.previousSession(next) == d);
            RC_ASSERT(nyse.nextSession(previous) == d);
        }
        RC_ASSERT(nyse.closureName(d).empty() || !nyse.isSession(d));
        RC_ASSERT(!nyse.isEarlyClose(d) || nyse.isSession(d));
        // No closure lasts a full week: the next session is at most 7 days away.
        RC_ASSERT(next.daysSinceEpoch() - d.daysSinceEpoch() <= 7);
    }));
}

QTEST_APPLESS_MAIN(TestNyseCalendar)
#include "tst_nysecalendar.moc"
