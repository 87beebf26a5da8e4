// Resampling real SPY minute bars (2013-10-04..11): to 1d against the data README's
// regular-session figures (open, high, low, close, volume per day), to clock-aligned 1h against
// LEAN's own hour file, session-aligned 5m by hand, an early close, incremental == batch, and the
// errors.

#include "engine/core/civiltime.h"
#include "engine/data/csvimport.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/resampler.h"

#include <QtTest>
#include <cmath>

using namespace meridian::engine;

namespace {

const std::string source = MERIDIAN_SOURCE_DIR;

std::vector<std::pair<Timestamp, BarData>>
load(BarStore &store, const std::string &path, const char *timeframe)
{
    ImportOptions options;
    options.symbol = "SPY";
    options.timeframe = *Timeframe::parse(timeframe);
    const auto report = importCsvFile(store, path, options);
    if (!report)
        qFatal("%s", report.error().message().c_str());
    return *loadBars(store, report->dataset, InstrumentId(1), Timestamp::min(), Timestamp::max(),
                     Adjustment::Raw);
}

std::string ohlcv(const BarData &bar)
{
    return bar.open.toString() + "/" + bar.high.toString() + "/" + bar.low.toString() + "/"
           + bar.close.toString() + "/" + bar.volume.toString();
}

BarData bar(const char *price, std::int64_t volume)
{
    const Price p = *Price::parse(price);
    return BarData{InstrumentId(1), p, p, p, p, Quantity::fromUnits(volume)};
}

} // namespace

class TestResampler : public QObject
{
    Q_OBJECT

private slots:
    void minuteToDailyMatchesReadmeFigures()
    {
        auto store = BarStore::open(":memory:");
        const auto minutes = load(*store, source + "/resources/data/minute/SPY.csv", "1m");
        const NyseCalendar calendar;
        const auto days
            = resampleBars(minutes, *Timeframe::parse("1m"), *Timeframe::parse("1d"), calendar);
        QVERIFY(days.has_value());
        // shared/data/README.md, "Minute files (per day)": RTH open/high/low/close/volume.
        const std::vector<std::pair<Date, std::string>> expected{
            {{2013, 10, 4}, "167.74/169.06/167.53/168.89/84960871"},
            {{2013, 10, 7}, "167.43/168.45/167.25/167.42/81489219"},
            {{2013, 10, 8}, "167.45/167.62/165.36/165.48/153859703"},
            {{2013, 10, 9}, "165.82/166.2/164.53/165.57/143898404"},
            {{2013, 10, 10}, "167.32/169.24/167.23/169.24/157839488"},
            {{2013, 10, 11}, "168.9/170.32/168.77/170.3/88751455"}};
        QCOMPARE(days->size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE((*days)[i].first, dailyBarTimestamp(expected[i].first));
            QCOMPARE(ohlcv((*days)[i].second), expected[i].second);
        }
    }

    void minuteToClockHourMatchesLeanHourFile()
    {
        auto store = BarStore::open(":memory:");
        const auto minutes = load(*store, source + "/resources/data/minute/SPY.csv", "1m");
        auto hourStore = BarStore::open(":memory:");
        // LEAN hour bars are stamped at their start; the 09:00 bar holds 09:30-10:00.
        const auto hours
            = load(*hourStore, source + "/tests/fixtures/resample/SPY-hour-2013-10.csv", "1h");
        const NyseCalendar calendar;
        const auto ours = resampleBars(minutes, *Timeframe::parse("1m"), *Timeframe::parse("1h"),
                                       calendar, BucketAlignment::Clock);
        QCOMPARE(ours->size(), hours.size());
        for (std::size_t i = 0; i < hours.size(); ++i) {
            // Ours is stamped at the bucket's end (10:00 for 09:30-10:00); LEAN's import at start +
            // 1h.
            const Timestamp leanStart = hours[i].first - Duration::hours(1);
            const Timestamp ourEnd = (*ours)[i].first;
            QVERIFY(ourEnd > leanStart && ourEnd <= hours[i].first);
            // Same vendor, hour bars built from the trades separately: every volume is equal,
            // opens and closes agree to 3 cents (2013-10-04 09:30-10:00 close 168.15 vs LEAN
            // 168.18). Highs and lows are not compared: two 15:00 hours hold minute prints the
            // hour file left out (2013-10-08 high 167.51 vs 166.25).
            const BarData &a = (*ours)[i].second;
            const BarData &b = hours[i].second;
            QCOMPARE(a.volume, b.volume);
            QVERIFY(std::abs(a.open.toDouble() - b.open.toDouble()) <= 0.030001);
            QVERIFY(std::abs(a.close.toDouble() - b.close.toDouble()) <= 0.030001);
        }
    }

    void sessionAlignedFiveMinutesAndEarlyClose()
    {
        const NyseCalendar calendar;
        const Timeframe minute = *Timeframe::parse("1m");
        // 2015-12-24 closes at 13:00. Minute bars (stamped at their end) 09:31, 09:32, 09:36,
        // 12:59, 13:00 and one pre-market bar at 09:00.
        const Date day{2015, 12, 24};
        const auto at = [&](int h, int m) { return newYorkTime(day, TimeOfDay::hms(h, m, 0)); };
        const std::vector<std::pair<Timestamp, BarData>> bars{
            {at(9, 0), bar("99", 5)},  {at(9, 31), bar("10", 1)}, {at(9, 32), bar("12", 2)},
            {at(9, 36), bar("11", 3)}, {at(12, 59), bar("9", 4)}, {at(13, 0), bar("8", 5)}};
        const auto five = resampleBars(bars, minute, *Timeframe::parse("5m"), calendar);
        QCOMPARE(five->size(), std::size_t(3));
        QCOMPARE((*five)[0].first, at(9, 35)); // 09:30-09:35: 10, 12
        QCOMPARE(ohlcv((*five)[0].second), std::string("10/12/10/12/3"));
        QCOMPARE((*five)[1].first, at(9, 40));
        QCOMPARE((*five)[2].first, at(13, 0)); // 12:55-13:00 ends at the early close
        QCOMPARE(ohlcv((*five)[2].second), std::string("9/9/8/8/9"));
        // 1h session-aligned: 09:30-10:30, and 12:30-13:00 cut at the close.
        const auto hour = resampleBars(bars, minute, *Timeframe::parse("1h"), calendar);
        QCOMPARE(hour->size(), std::size_t(2));
        QCOMPARE((*hour)[0].first, at(10, 30));
        QCOMPARE((*hour)[1].first, at(13, 0));
        const auto daily = resampleBars(bars, minute, *Timeframe::parse("1d"), calendar);
        QCOMPARE(daily->size(), std::size_t(1));
        QCOMPARE(ohlcv(daily->front().second), std::string("10/12/8/8/15"));
    }

    void incrementalEqualsBatch()
    {
        auto store = BarStore::open(":memory:");
        const auto minutes = load(*store, source + "/resources/data/minute/SPY.csv", "1m");
        const NyseCalendar calendar;
        for (const char *target : {"5m", "15m", "1h", "1d"}) {
            const auto batch = resampleBars(minutes, *Timeframe::parse("1m"),
                                            *Timeframe::parse(target), calendar);
            auto live = BarResampler::create(*Timeframe::parse("1m"), *Timeframe::parse(target),
                                             calendar);
            std::vector<std::pair<Timestamp, BarData>> streamed;
            Timestamp latest = Timestamp::min();
            for (const auto &[time, b] : minutes) {
                live->add(time, b, streamed);
                // Nothing is ever emitted for a bucket that ends after the bar just seen.
                if (!streamed.empty())
                    QVERIFY(streamed.back().first <= time);
                latest = time;
            }
            live->flush(streamed);
            QCOMPARE(streamed.size(), batch->size());
            for (std::size_t i = 0; i < streamed.size(); ++i) {
                QCOMPARE(streamed[i].first, (*batch)[i].first);
                QCOMPARE(ohlcv(streamed[i].second), ohlcv((*batch)[i].second));
            }
            (void)latest;
        }
    }

    void errors()
    {
        const NyseCalendar calendar;
        QCOMPARE(BarResampler::create(*Timeframe::parse("1d"), *Timeframe::parse("1d"), calendar)
                     .error()
                     .message(),
                 std::string("resampling needs intraday source bars, got '1d'"));
        QCOMPARE(BarResampler::create(*Timeframe::parse("2m"), *Timeframe::parse("5m"), calendar)
                     .error()
                     .message(),
                 std::string("resampling 2m bars to 5m: the target must be a whole multiple of the "
                             "source, longer than it"));
    }
};

QTEST_APPLESS_MAIN(TestResampler)
#include "tst_resampler.moc"
