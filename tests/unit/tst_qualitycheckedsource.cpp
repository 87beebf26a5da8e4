// QualityCheckedSource: the import's data-quality checks on a stream as it is read (what paper
// and live runs do to their feed). Bars worked out by hand: SPY on 2021-03-01, 03-02 and 03-04
// (the session of Wednesday 03-03 missing), the last with zero volume; TLT on every day.

#include "engine/data/memorydatasource.h"
#include "engine/data/qualitycheckedsource.h"

#include <QtTest>

using namespace meridian::engine;

namespace {

MemoryDataSource::Series daily(InstrumentId id, std::initializer_list<int> days, int zeroVolumeDay)
{
    MemoryDataSource::Series series;
    for (const int day : days) {
        const Price price = Price::fromUnits(100 + day);
        series.emplace_back(dailyBarTimestamp(Date{2021, 3, day}),
                            BarData{id, price, price, price, price,
                                    Quantity::fromUnits(day == zeroVolumeDay ? 0 : 1000)});
    }
    return series;
}

} // namespace

class TestQualityCheckedSource : public QObject
{
    Q_OBJECT

private slots:
    void reportsWhatTheImportWouldAndPassesEveryEvent()
    {
        InstrumentTable instruments;
        const InstrumentId spy = instruments.add(*Symbol::parse("SPY"));
        const InstrumentId tlt = instruments.add(*Symbol::parse("TLT"));
        MemoryDataSource source({daily(spy, {1, 2, 4}, 4), daily(tlt, {1, 2, 3, 4}, 0)});
        const NyseCalendar calendar;
        QualityCheckedSource checked(source, instruments, *Timeframe::parse("1d"), calendar);

        std::vector<Timestamp> times;
        Event event;
        while (checked.next(event))
            times.push_back(event.timestamp);
        checked.finish();
        QCOMPARE(times.size(), std::size_t(7)); // 3 SPY + 4 TLT bars, none held back
        QVERIFY(std::is_sorted(times.begin(), times.end()));

        const std::vector<SymbolQualityIssue> &issues = checked.issues();
        QCOMPARE(issues.size(), std::size_t(2));
        bool missing = false;
        bool zeroVolume = false;
        for (const SymbolQualityIssue &found : issues) {
            QCOMPARE(found.symbol, std::string("SPY"));
            QCOMPARE(found.issue.time, dailyBarTimestamp(Date{2021, 3, 4}));
            if (found.issue.kind == QualityIssueKind::MissingSessions) {
                missing = true;
                QCOMPARE(found.issue.count, std::size_t(1));
            }
            zeroVolume |= found.issue.kind == QualityIssueKind::ZeroVolume;
        }
        QVERIFY(missing);
        QVERIFY(zeroVolume);
    }
};

QTEST_APPLESS_MAIN(TestQualityCheckedSource)
#include "tst_qualitycheckedsource.moc"
