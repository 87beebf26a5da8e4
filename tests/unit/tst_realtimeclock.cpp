// RealtimeClock: now() is the instant the loop reached, advanceTo() waits for the time source
// (hand-stepped or at N× speed) and can be interrupted, source readings never go backwards, and
// with market hours only it sleeps over closed periods onto the next NYSE open. The session
// times below are worked out by hand from the exchange's published calendar (Good Friday
// 2021-04-02 closed; the day after Thanksgiving 2020, 2020-11-27, closes at 13:00).

// QtTest first: moc (Qt 6.4) cannot parse <concepts> reached through <compare> (ids.h).
#include "engine/core/civiltime.h"
#include "engine/core/realtimeclock.h"

#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>

using namespace meridian::engine;

namespace {

Timestamp ny(int year, int month, int day, int hour, int minute, int second = 0)
{
    return newYorkTime(Date{year, month, day}, TimeOfDay::hms(hour, minute, second));
}

// A hand-set source that may step backwards (a wall clock corrected by NTP).
class SettableTimeSource final : public TimeSource
{
public:
    explicit SettableTimeSource(Timestamp start)
        : m_now(start.unixNanos())
    {}
    Timestamp now() const override { return Timestamp::fromUnixNanos(m_now.load()); }
    std::chrono::nanoseconds wallTimeFor(Duration) const override
    {
        return std::chrono::milliseconds(1);
    }
    void set(Timestamp time) { m_now.store(time.unixNanos()); }

private:
    std::atomic<std::int64_t> m_now;
};

// Runs clock.advanceTo(target) on its own thread.
class Waiter
{
public:
    Waiter(RealtimeClock &clock, Timestamp target)
        : m_thread([this, &clock, target] { m_result = clock.advanceTo(target) ? 1 : 0; })
    {}
    ~Waiter() { m_thread.join(); }
    int result() const { return m_result.load(); }

private:
    std::atomic<int> m_result{-1};
    std::thread m_thread;
};

} // namespace

class TestRealtimeClock : public QObject
{
    Q_OBJECT

private slots:
    void advancesAtOnceWhenTheSourceIsAlreadyThere()
    {
        const Timestamp start = ny(2021, 3, 31, 10, 0);
        SimulatedTimeSource market(start);
        RealtimeClock clock(&market);
        QVERIFY(clock.now() == Timestamp::min());
        QVERIFY(clock.advanceTo(start - Duration::seconds(30)));
        QVERIFY(clock.now() == start - Duration::seconds(30));
        QVERIFY(clock.advanceTo(start));
        QVERIFY(clock.now() == start);
        QVERIFY(clock.advanceTo(start - Duration::hours(1))); // never backwards
        QVERIFY(clock.now() == start);
    }

    void waitsForAHandSteppedSource()
    {
        const Timestamp start = ny(2021, 3, 31, 10, 0);
        SimulatedTimeSource market(start);
        RealtimeClock clock(&market);
        const Timestamp target = start + Duration::minutes(5);
        {
            Waiter waiter(clock, target);
            market.set(start + Duration::minutes(4));
            QCOMPARE(waiter.result(), -1);
            market.set(target + Duration::seconds(1));
            QTRY_COMPARE_WITH_TIMEOUT(waiter.result(), 1, 5000);
        }
        // now() is the target (the event's time), not the source's later reading.
        QVERIFY(clock.now() == target);
        QVERIFY(clock.sourceNow() == target + Duration::seconds(1));
    }

    void interruptEndsTheWaitWithoutAdvancing()
    {
        const Timestamp start = ny(2021, 3, 31, 10, 0);
        SimulatedTimeSource market(start);
        RealtimeClock clock(&market);
        QVERIFY(clock.advanceTo(start));
        {
            Waiter waiter(clock, start + Duration::hours(2));
            clock.interrupt();
            QTRY_COMPARE_WITH_TIMEOUT(waiter.result(), 0, 5000);
        }
        QVERIFY(clock.now() == start);
    }

    void releasedClockNoLongerWaits()
    {
        const NyseCalendar calendar;
        const Timestamp thursdayNight = ny(2021, 4, 1, 20, 0);
        SimulatedTimeSource market(thursdayNight);
        RealtimeClock clock(&market, &calendar);
        {
            Waiter waiter(clock, thursdayNight); // Good Friday next: closed until Monday 09:30
            clock.release();
            QTRY_COMPARE_WITH_TIMEOUT(waiter.result(), 1, 5000);
        }
        // A stopping run: the event's own time, not the next open.
        QVERIFY(clock.now() == thursdayNight);
        QVERIFY(clock.advanceTo(thursdayNight + Duration::hours(2)));
        QVERIFY(clock.now() == thursdayNight + Duration::hours(2));
    }

    void followsASourceRunningAtNTimesSpeed()
    {
        // A market hour per wall millisecond: an hour ahead is reached within the timeout.
        const Timestamp start = ny(2021, 3, 31, 10, 0);
        SimulatedTimeSource market(start, 3600.0 * 1000.0);
        QCOMPARE(market.speed(), 3600.0 * 1000.0);
        RealtimeClock clock(&market);
        QVERIFY(clock.advanceTo(start + Duration::hours(1)));
        QVERIFY(clock.now() == start + Duration::hours(1));
        QVERIFY(market.now() >= start + Duration::hours(1));
        // The wait asked for about gap / speed of wall time.
        QCOMPARE(market.wallTimeFor(Duration::hours(1)).count(), std::int64_t(1'000'000));
    }

    void sourceReadingsNeverGoBackwards()
    {
        const Timestamp start = ny(2021, 3, 31, 10, 0);
        SettableTimeSource wall(start);
        RealtimeClock clock(&wall);
        QVERIFY(clock.sourceNow() == start);
        wall.set(start - Duration::seconds(2));
        QVERIFY(clock.sourceNow() == start);
        wall.set(start + Duration::seconds(1));
        QVERIFY(clock.sourceNow() == start + Duration::seconds(1));
    }

    void simulatedSourceNeverGoesBackwards()
    {
        const Timestamp start = ny(2021, 3, 31, 10, 0);
        SimulatedTimeSource market(start);
        market.set(start - Duration::minutes(1));
        QVERIFY(market.now() == start);
        market.set(start + Duration::minutes(1));
        QVERIFY(market.now() == start + Duration::minutes(1));
    }

    void wallClockIsTheDefault()
    {
        const auto before = std::chrono::system_clock::now().time_since_epoch();
        RealtimeClock clock;
        const Timestamp reading = clock.sourceNow();
        const auto after = std::chrono::system_clock::now().time_since_epoch();
        QVERIFY(reading.unixNanos()
                >= std::chrono::duration_cast<std::chrono::nanoseconds>(before).count());
        QVERIFY(reading.unixNanos()
                <= std::chrono::duration_cast<std::chrono::nanoseconds>(after).count());
        QVERIFY(clock.advanceTo(reading)); // already there: no wait
        QVERIFY(clock.now() == reading);
    }

    void nextOpenMomentFollowsTheNyseCalendar()
    {
        const NyseCalendar calendar;
        SimulatedTimeSource market(ny(2021, 3, 31, 10, 0));
        RealtimeClock hours(&market, &calendar);
        RealtimeClock always(&market);
        QVERIFY(hours.marketHoursOnly());
        QVERIFY(!always.marketHoursOnly());
        // Open: inside the session, the close included (a daily bar's stamp).
        QVERIFY(hours.nextOpenMoment(ny(2021, 3, 31, 12, 0)) == ny(2021, 3, 31, 12, 0));
        QVERIFY(hours.nextOpenMoment(ny(2021, 3, 31, 16, 0)) == ny(2021, 3, 31, 16, 0));
        QVERIFY(hours.nextOpenMoment(ny(2021, 3, 31, 9, 30)) == ny(2021, 3, 31, 9, 30));
        // Before the open: the same day's open.
        QVERIFY(hours.nextOpenMoment(ny(2021, 3, 31, 8, 0)) == ny(2021, 3, 31, 9, 30));
        // Thursday after the close, Good Friday and the weekend: Monday's open.
        QVERIFY(hours.nextOpenMoment(ny(2021, 4, 1, 16, 0, 1)) == ny(2021, 4, 5, 9, 30));
        QVERIFY(hours.nextOpenMoment(ny(2021, 4, 2, 11, 0)) == ny(2021, 4, 5, 9, 30));
        QVERIFY(hours.nextOpenMoment(ny(2021, 4, 3, 12, 0)) == ny(2021, 4, 5, 9, 30));
        // Early close at 13:00 on 2020-11-27.
        QVERIFY(hours.nextOpenMoment(ny(2020, 11, 27, 13, 0)) == ny(2020, 11, 27, 13, 0));
        QVERIFY(hours.nextOpenMoment(ny(2020, 11, 27, 13, 0, 1)) == ny(2020, 11, 30, 9, 30));
        // 24/7 without market hours.
        QVERIFY(always.nextOpenMoment(ny(2021, 4, 3, 12, 0)) == ny(2021, 4, 3, 12, 0));
    }

    void sleepsOverClosedPeriods()
    {
        const NyseCalendar calendar;
        const Timestamp thursdayEvening = ny(2021, 4, 1, 16, 30);
        SimulatedTimeSource market(thursdayEvening);
        RealtimeClock clock(&market, &calendar);
        {
            Waiter waiter(clock, thursdayEvening);
            market.set(ny(2021, 4, 3, 12, 0)); // Saturday: still closed
            QCOMPARE(waiter.result(), -1);
            market.set(ny(2021, 4, 5, 9, 30)); // Monday's open
            QTRY_COMPARE_WITH_TIMEOUT(waiter.result(), 1, 5000);
        }
        QVERIFY(clock.now() == ny(2021, 4, 5, 9, 30));
    }
};

QTEST_GUILESS_MAIN(TestRealtimeClock)
#include "tst_realtimeclock.moc"
