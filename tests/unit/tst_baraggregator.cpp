// BarAggregator on real SPY minute bars (resources/data/minute/SPY.csv, 2013-10-04..11, the CSV
// read here line by line, not through the importer) and on hand-made bars:
//
// - daily: streaming every minute bar as a feed would, with a clock tick after each, gives one
//   bar per session, emitted on the 15:59 minute (which ends at the 16:00 close), equal to the
//   vendor's daily file (resources/data/daily/SPY.csv, read here too) on every field except the
//   2013-10-08 low: the minute bars' lowest low is 165.36, the daily file says 165.37
//   (../shared/data/README.md, "Minute bars vs daily bars": the vendor's daily bar differs);
// - 5m by hand: 2013-10-04 09:30-09:34 rows (start times)
//       09:30 167.74 167.82 167.67 167.77 633958
//       09:31 167.76 167.83 167.73 167.75 641236
//       09:32 167.75 167.77 167.57 167.61 545042
//       09:33 167.61 167.61 167.53 167.56 344621
//       09:34 167.56 167.67 167.53 167.61 297287
//   → open 167.74, high 167.83, low 167.53, close 167.61, volume 2462144, stamped 09:35;
// - a missing last minute: the bucket completes at its end + grace, not before; the straggler
//   is dropped and counted;
// - an early close (2013-11-29, 13:00): the daily bar (stamped 16:00, as imported daily bars)
//   completes on the minute ending 13:00, or at 13:00 + grace when that minute is missing; the
//   last 5m bucket is 12:55-13:00.

#include "engine/core/civiltime.h"
#include "engine/data/baraggregator.h"

#include <QFile>
#include <QtTest>

#include <map>

using namespace meridian::engine;

namespace {

const QString sourceDir = QStringLiteral(MERIDIAN_SOURCE_DIR);

struct Row
{
    QString time; // as written in the file
    QStringList fields;
};

std::vector<Row> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("cannot read %s", qPrintable(path));
    std::vector<Row> rows;
    file.readLine(); // header
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList fields = line.split(QLatin1Char(','));
        rows.push_back(Row{fields.at(0), fields.mid(1)});
    }
    return rows;
}

Price price(const QString &text)
{
    return *Price::parse(text.toStdString());
}

BarData barOf(const QStringList &f, InstrumentId instrument = InstrumentId(1))
{
    return BarData{instrument, price(f.at(0)), price(f.at(1)), price(f.at(2)), price(f.at(3)),
                   Quantity::fromUnits(f.at(4).toLongLong())};
}

// A minute row's end: its start (New York wall clock) + 1 minute.
Timestamp endOf(const QString &start)
{
    return *parseTimestamp(start.toStdString(), LocalZone::NewYork) + Duration::minutes(1);
}

Timestamp ny(int y, int mo, int d, int h, int mi, int s = 0)
{
    return newYorkTime(Date{y, mo, d}, TimeOfDay::hms(h, mi, s));
}

std::string ohlcv(const BarData &bar)
{
    return bar.open.toString() + "/" + bar.high.toString() + "/" + bar.low.toString() + "/"
           + bar.close.toString() + "/" + bar.volume.toString();
}

BarData flat(const char *p, std::int64_t volume, InstrumentId instrument = InstrumentId(1))
{
    const Price value = *Price::parse(p);
    return BarData{instrument, value, value, value, value, Quantity::fromUnits(volume)};
}

BarAggregator make(const char *target)
{
    static const NyseCalendar calendar;
    auto made = BarAggregator::create(*Timeframe::parse("1m"), *Timeframe::parse(target), calendar);
    if (!made)
        qFatal("%s", made.error().message().c_str());
    return std::move(*made);
}

} // namespace

class TestBarAggregator : public QObject
{
    Q_OBJECT

private slots:
    void minutesToDailyMatchTheDailyFile()
    {
        BarAggregator aggregator = make("1d");
        BarAggregator::Output out;
        std::map<QString, std::pair<Timestamp, BarData>> days; // date → bar
        std::map<QString, QString> emittedBy;                  // date → the minute row
        for (const Row &row : readCsv(sourceDir + "/resources/data/minute/SPY.csv")) {
            const Timestamp end = endOf(row.time);
            aggregator.addBar(end, barOf(row.fields), out);
            // The feed's clock a second after the bar's end, when it arrived.
            aggregator.advanceTo(end + Duration::seconds(1), out);
            for (const auto &completed : out) {
                const QString date = QString::fromStdString(
                    toNewYork(completed.first).date.toString());
                QVERIFY(!days.count(date));
                days[date] = completed;
                emittedBy[date] = row.time;
            }
            out.clear();
        }
        aggregator.advanceTo(ny(2013, 10, 12, 0, 0), out);
        QVERIFY(out.empty()); // everything was complete at the close
        QCOMPARE(aggregator.lateBars(), std::uint64_t(0));

        std::map<QString, QStringList> daily;
        for (const Row &row : readCsv(sourceDir + "/resources/data/daily/SPY.csv"))
            daily[row.time] = row.fields;
        QCOMPARE(days.size(), std::size_t(6));
        for (const auto &[date, completed] : days) {
            QVERIFY2(daily.count(date), qPrintable(date));
            const Date day = *Date::parse(date.toStdString());
            QCOMPARE(completed.first, dailyBarTimestamp(day));
            QCOMPARE(emittedBy[date], date + QStringLiteral("T15:59:00"));
            QStringList expected = daily[date].mid(0, 5);
            if (date == QLatin1String("2013-10-08"))
                expected[2] = QStringLiteral("165.36"); // the vendor's daily low is 165.37
            QCOMPARE(ohlcv(completed.second), ohlcv(barOf(expected)));
        }
    }

    void fiveMinuteBarByHand()
    {
        BarAggregator aggregator = make("5m");
        BarAggregator::Output out;
        for (const Row &row : readCsv(sourceDir + "/resources/data/minute/SPY.csv")) {
            if (!row.time.startsWith(QLatin1String("2013-10-04T09:3")))
                continue;
            aggregator.addBar(endOf(row.time), barOf(row.fields), out);
            if (row.time < QLatin1String("2013-10-04T09:34"))
                QVERIFY(out.empty());
            if (row.time == QLatin1String("2013-10-04T09:34:00"))
                QCOMPARE(out.size(), std::size_t(1)); // the minute that ends the bucket
        }
        QCOMPARE(out.size(), std::size_t(2)); // 09:30-09:35 and 09:35-09:40
        QCOMPARE(out[0].first, ny(2013, 10, 4, 9, 35));
        QCOMPARE(ohlcv(out[0].second), std::string("167.74/167.83/167.53/167.61/2462144"));
        QCOMPARE(out[1].first, ny(2013, 10, 4, 9, 40));
    }

    void missingLastMinuteCompletesAfterTheGrace()
    {
        BarAggregator aggregator = make("5m");
        BarAggregator::Output out;
        for (const Row &row : readCsv(sourceDir + "/resources/data/minute/SPY.csv")) {
            if (row.time >= QLatin1String("2013-10-04T09:30")
                && row.time < QLatin1String("2013-10-04T09:34"))
                aggregator.addBar(endOf(row.time), barOf(row.fields), out);
        }
        aggregator.advanceTo(ny(2013, 10, 4, 9, 35), out);
        aggregator.advanceTo(ny(2013, 10, 4, 9, 35, 4), out);
        QVERIFY(out.empty());
        aggregator.advanceTo(ny(2013, 10, 4, 9, 35, 5), out);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(out[0].first, ny(2013, 10, 4, 9, 35));
        // 09:30-09:33 only: open 167.74, high 167.83, low 167.53, close 167.56, volume
        // 633958 + 641236 + 545042 + 344621.
        QCOMPARE(ohlcv(out[0].second), std::string("167.74/167.83/167.53/167.56/2164857"));
        // The 09:34 minute turns up after all: the bar was decided on, the straggler is dropped.
        aggregator.addBar(ny(2013, 10, 4, 9, 35), flat("167.61", 297287), out);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(aggregator.lateBars(), std::uint64_t(1));
        // The next bucket is unaffected.
        aggregator.addBar(ny(2013, 10, 4, 9, 36), flat("167.74", 380700), out);
        aggregator.advanceTo(ny(2013, 10, 4, 9, 40, 5), out);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[1].first, ny(2013, 10, 4, 9, 40));
        QCOMPARE(ohlcv(out[1].second), std::string("167.74/167.74/167.74/167.74/380700"));
    }

    void missingMinuteInsideABucketIsJustAbsent()
    {
        // No 09:32 bar: the bucket still completes on the 09:34 minute, without it.
        BarAggregator aggregator = make("5m");
        BarAggregator::Output out;
        aggregator.addBar(ny(2013, 10, 4, 9, 31), flat("10", 1), out);
        aggregator.addBar(ny(2013, 10, 4, 9, 32), flat("11", 2), out);
        aggregator.addBar(ny(2013, 10, 4, 9, 34), flat("9", 4), out);
        QVERIFY(out.empty());
        aggregator.addBar(ny(2013, 10, 4, 9, 35), flat("10.5", 8), out);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(ohlcv(out[0].second), std::string("10/11/9/10.5/15"));
        // A later bucket's bar completes a bucket whose last minute is missing, with no tick.
        aggregator.addBar(ny(2013, 10, 4, 9, 36), flat("12", 1), out);
        aggregator.addBar(ny(2013, 10, 4, 9, 41), flat("13", 1), out);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[1].first, ny(2013, 10, 4, 9, 40));
        QCOMPARE(ohlcv(out[1].second), std::string("12/12/12/12/1"));
    }

    void earlyCloseEndsTheDayAtOne()
    {
        const NyseCalendar calendar;
        QVERIFY(calendar.isEarlyClose(Date{2013, 11, 29}));
        {
            BarAggregator daily = make("1d");
            BarAggregator five = make("5m");
            BarAggregator::Output days;
            BarAggregator::Output bars;
            const auto feed = [&](Timestamp end, const BarData &bar) {
                daily.addBar(end, bar, days);
                five.addBar(end, bar, bars);
            };
            feed(ny(2013, 11, 29, 9, 31), flat("180.5", 100));
            feed(ny(2013, 11, 29, 12, 57), flat("181.25", 200));
            feed(ny(2013, 11, 29, 12, 59), flat("179.75", 300));
            QVERIFY(days.empty());
            feed(ny(2013, 11, 29, 13, 0), flat("180", 400)); // the 12:59 minute ends the session
            QCOMPARE(days.size(), std::size_t(1));
            QCOMPARE(days[0].first, dailyBarTimestamp(Date{2013, 11, 29}));
            QCOMPARE(ohlcv(days[0].second), std::string("180.5/181.25/179.75/180/1000"));
            QCOMPARE(bars.back().first, ny(2013, 11, 29, 13, 0));
            QCOMPARE(ohlcv(bars.back().second), std::string("181.25/181.25/179.75/180/900"));
            // After-hours bars belong to no bucket.
            feed(ny(2013, 11, 29, 13, 1), flat("185", 5));
            daily.advanceTo(ny(2013, 11, 30, 0, 0), days);
            five.advanceTo(ny(2013, 11, 30, 0, 0), bars);
            QCOMPARE(days.size(), std::size_t(1));
            QCOMPARE(daily.lateBars() + five.lateBars(), std::uint64_t(0));
        }
        {
            // The last minute had no trade: the day completes at 13:00 + grace, not at 16:00.
            BarAggregator daily = make("1d");
            BarAggregator::Output days;
            daily.addBar(ny(2013, 11, 29, 9, 31), flat("180.5", 100), days);
            daily.addBar(ny(2013, 11, 29, 12, 58), flat("181", 200), days);
            daily.advanceTo(ny(2013, 11, 29, 13, 0, 4), days);
            QVERIFY(days.empty());
            daily.advanceTo(ny(2013, 11, 29, 13, 0, 5), days);
            QCOMPARE(days.size(), std::size_t(1));
            QCOMPARE(days[0].first, dailyBarTimestamp(Date{2013, 11, 29}));
            QCOMPARE(ohlcv(days[0].second), std::string("180.5/181/180.5/181/300"));
        }
    }

    void instrumentsAreAggregatedApart()
    {
        BarAggregator aggregator = make("5m");
        BarAggregator::Output out;
        aggregator.addBar(ny(2013, 10, 4, 9, 31), flat("10", 1, InstrumentId(2)), out);
        aggregator.addBar(ny(2013, 10, 4, 9, 35), flat("20", 2, InstrumentId(1)), out);
        QCOMPARE(out.size(), std::size_t(1));
        QCOMPARE(out[0].second.instrument.value(), 1u); // the 09:34 minute ends it
        aggregator.advanceTo(ny(2013, 10, 4, 9, 35, 5), out);
        QCOMPARE(out.size(), std::size_t(2));
        QCOMPARE(out[1].second.instrument.value(), 2u);
        QCOMPARE(ohlcv(out[1].second), std::string("10/10/10/10/1"));
    }

    void refusesWhatCannotBeBuilt()
    {
        const NyseCalendar calendar;
        const auto seconds = BarAggregator::create(*Timeframe::parse("1m"),
                                                   *Timeframe::parse("90s"), calendar);
        QVERIFY(!seconds);
        QVERIFY(seconds.error().message().find("whole multiple") != std::string::npos);
        const auto grace = BarAggregator::create(*Timeframe::parse("1m"), *Timeframe::parse("5m"),
                                                 calendar, Duration::seconds(-1));
        QVERIFY(!grace);
        QVERIFY(grace.error().message().find("grace") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestBarAggregator)
#include "tst_baraggregator.moc"
