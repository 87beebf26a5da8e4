// HistoricalDataSource and MemoryDataSource: global time order across symbols, tie order,
// inclusive bounds, chunk boundaries, total-return adjustment, read errors, and the in-memory
// source giving the same stream.

#include "engine/data/barstore.h"
#include "engine/data/bundleddata.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/memorydatasource.h"
#include "engine/data/sqlitestatement.h"

#include "engine/core/civiltime.h"

#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>

using namespace meridian::engine;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

const std::string sourceDir = MERIDIAN_SOURCE_DIR;
const InstrumentId spyId{1};
const InstrumentId tltId{2};
const InstrumentId aggId{3};

// ts, instrument, open, high, low, close, volume
using Bar = std::array<std::int64_t, 7>;

std::vector<Bar> drain(DataSource &source)
{
    std::vector<Bar> bars;
    Event event;
    while (source.next(event)) {
        const BarData &bar = event.bar();
        bars.push_back({event.timestamp.unixNanos(), bar.instrument.value(), bar.open.raw(),
                        bar.high.raw(), bar.low.raw(), bar.close.raw(), bar.volume.raw()});
    }
    return bars;
}

std::int64_t rawPrice(const char *text)
{
    return Price::parse(text)->raw();
}

} // namespace

class TestHistoricalDataSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void mergesSymbolsInTimeOrder();
    void breaksTiesInSubscriptionOrder();
    void boundsAreInclusive();
    void emptyAndInvalidRanges();
    void chunkBoundariesDoNotChangeTheStream_data();
    void chunkBoundariesDoNotChangeTheStream();
    void appliesTotalReturnAdjustment();
    void totalReturnNeedsAdjClose();
    void interleavesIntradayAndDailyBars();
    void refusesUnknownDatasetAndDuplicateInstrument();
    void readErrorEndsTheStream();
    void memorySourceMatchesSqliteSource();
    void memorySourceOrdersTiesAndChecksInput();
    void parsesAdjustment();

private:
    DatasetInfo latest(const char *symbol, const char *timeframe) const
    {
        return **m_store->latestDataset(symbol, timeframe);
    }
    std::vector<Bar> stream(std::vector<HistoricalDataSource::Subscription> subscriptions,
                            Timestamp from,
                            Timestamp to,
                            Adjustment adjustment = Adjustment::Raw,
                            std::size_t chunkRows = HistoricalDataSource::defaultChunkRows)
    {
        auto source = HistoricalDataSource::open(*m_store, std::move(subscriptions), from, to,
                                                 adjustment, chunkRows);
        if (!source) {
            qWarning("%s", source.error().message().c_str());
            return {};
        }
        auto bars = drain(**source);
        if ((*source)->error())
            qWarning("%s", (*source)->error()->message().c_str());
        return bars;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<BarStore> m_store;
};

void TestHistoricalDataSource::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto store = BarStore::open(m_dir->filePath("market.db").toStdString());
    QVERIFY(store.has_value());
    m_store.emplace(std::move(*store));
    const std::string resources = sourceDir + "/resources/data";
    const auto daily = importBundledData(*m_store, resources, {"SPY", "TLT", "AGG"}, "1d");
    QVERIFY2(daily.has_value(), daily ? "" : daily.error().message().c_str());
    const auto minute = importBundledData(*m_store, resources, {"SPY"}, "1m");
    QVERIFY2(minute.has_value(), minute ? "" : minute.error().message().c_str());
}

void TestHistoricalDataSource::cleanupTestCase()
{
    m_store.reset();
    m_dir.reset();
}

void TestHistoricalDataSource::mergesSymbolsInTimeOrder()
{
    const auto bars = stream({{spyId, latest("SPY", "1d")}, {tltId, latest("TLT", "1d")}},
                             Timestamp::min(), Timestamp::max());
    QCOMPARE(bars.size(), std::size_t(5849 + 4306));
    std::size_t spyBars = 0;
    std::size_t ties = 0;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        spyBars += bars[i][1] == spyId.value();
        if (i == 0)
            continue;
        QVERIFY(bars[i][0] >= bars[i - 1][0]);
        if (bars[i][0] == bars[i - 1][0]) {
            ++ties;
            QCOMPARE(bars[i - 1][1], std::int64_t(spyId.value()));
            QCOMPARE(bars[i][1], std::int64_t(tltId.value()));
        }
    }
    QCOMPARE(spyBars, std::size_t(5849));
    // Every TLT trading day (2002-07-30 .. 2019-09-05) is also a SPY trading day: the 60/40
    // reference figures count 4306 common days.
    QCOMPARE(ties, std::size_t(4306));
    QCOMPARE(bars.front()[0], dailyBarTimestamp({1998, 1, 2}).unixNanos());
    QCOMPARE(bars.front()[5], rawPrice("97.36"));
    QCOMPARE(bars.back()[0], dailyBarTimestamp({2021, 3, 31}).unixNanos());
    QCOMPARE(bars.back()[5], rawPrice("396.33"));
}

void TestHistoricalDataSource::breaksTiesInSubscriptionOrder()
{
    const Timestamp from = dailyBarTimestamp({2013, 10, 4});
    const Timestamp to = dailyBarTimestamp({2013, 10, 8});
    const auto bars
        = stream({{tltId, latest("TLT", "1d")}, {spyId, latest("SPY", "1d")}}, from, to);
    QCOMPARE(bars.size(), std::size_t(6));
    const std::array<std::int64_t, 6> instruments{2, 1, 2, 1, 2, 1};
    for (std::size_t i = 0; i < bars.size(); ++i)
        QCOMPARE(bars[i][1], instruments[i]);
    QCOMPARE(bars[0][0], bars[1][0]);
}

void TestHistoricalDataSource::boundsAreInclusive()
{
    const DatasetInfo spy = latest("SPY", "1d");
    const Timestamp from = dailyBarTimestamp({2013, 10, 4});
    const Timestamp to = dailyBarTimestamp({2013, 10, 11});
    const auto bars = stream({{spyId, spy}}, from, to);
    QCOMPARE(bars.size(), std::size_t(6)); // 10-04, 07, 08, 09, 10, 11
    QCOMPARE(bars.front()[0], from.unixNanos());
    QCOMPARE(bars.back()[0], to.unixNanos());
    // daily/SPY.csv: 2013-10-04 close 168.89; 2013-10-11 168.9,170.32,168.77,170.3,88751455.
    QCOMPARE(bars.front()[5], rawPrice("168.89"));
    QCOMPARE(bars.back()[2], rawPrice("168.9"));
    QCOMPARE(bars.back()[3], rawPrice("170.32"));
    QCOMPARE(bars.back()[4], rawPrice("168.77"));
    QCOMPARE(bars.back()[5], rawPrice("170.3"));
    QCOMPARE(bars.back()[6], std::int64_t(88751455) * Quantity::scale);

    const Duration ns = Duration::nanoseconds(1);
    QCOMPARE(stream({{spyId, spy}}, from + ns, to).size(), std::size_t(5));
    QCOMPARE(stream({{spyId, spy}}, from, to - ns).size(), std::size_t(5));
    QCOMPARE(stream({{spyId, spy}}, from, from).size(), std::size_t(1));
}

void TestHistoricalDataSource::emptyAndInvalidRanges()
{
    const DatasetInfo spy = latest("SPY", "1d");
    auto before
        = HistoricalDataSource::open(*m_store, {{spyId, spy}}, dailyBarTimestamp({1990, 1, 2}),
                                     dailyBarTimestamp({1997, 12, 31}), Adjustment::Raw);
    QVERIFY(before.has_value());
    Event event;
    QVERIFY(!(*before)->next(event));
    QVERIFY((*before)->error() == nullptr);

    auto none = HistoricalDataSource::open(*m_store, {}, Timestamp::min(), Timestamp::max(),
                                           Adjustment::Raw);
    QVERIFY(none.has_value());
    QVERIFY(!(*none)->next(event));

    const auto reversed
        = HistoricalDataSource::open(*m_store, {{spyId, spy}}, dailyBarTimestamp({2020, 1, 3}),
                                     dailyBarTimestamp({2020, 1, 2}), Adjustment::Raw);
    QVERIFY(!reversed.has_value());
    QCOMPARE(qs(reversed.error().message()),
             QString("historical data: the range is empty: 2020-01-03T21:00:00Z is after "
                     "2020-01-02T21:00:00Z"));

    const auto zeroChunk = HistoricalDataSource::open(*m_store, {{spyId, spy}}, Timestamp::min(),
                                                      Timestamp::max(), Adjustment::Raw, 0);
    QVERIFY(!zeroChunk.has_value());
    QCOMPARE(qs(zeroChunk.error().message()),
             QString("historical data: chunk size must be between 1 and 1048576 rows, got 0"));
}

void TestHistoricalDataSource::chunkBoundariesDoNotChangeTheStream_data()
{
    QTest::addColumn<int>("chunkRows");
    QTest::newRow("1") << 1;
    QTest::newRow("7") << 7;
    QTest::newRow("4306 (exactly TLT)") << 4306;
}

void TestHistoricalDataSource::chunkBoundariesDoNotChangeTheStream()
{
    QFETCH(int, chunkRows);
    const std::vector<HistoricalDataSource::Subscription> subscriptions{
        {spyId, latest("SPY", "1d")}, {tltId, latest("TLT", "1d")}, {aggId, latest("AGG", "1d")}};
    const Timestamp from = dailyBarTimestamp({2005, 1, 3});
    const Timestamp to = dailyBarTimestamp({2017, 12, 29});
    const auto reference = stream(subscriptions, from, to, Adjustment::Raw, 4096);
    const auto chunked
        = stream(subscriptions, from, to, Adjustment::Raw, static_cast<std::size_t>(chunkRows));
    QVERIFY(reference.size() > 7000);
    QCOMPARE(chunked.size(), reference.size());
    QVERIFY(chunked == reference);
    // Full range too, with total-return prices.
    const auto fullReference
        = stream(subscriptions, Timestamp::min(), Timestamp::max(), Adjustment::TotalReturn, 4096);
    QCOMPARE(fullReference.size(), std::size_t(5849 + 4306 + 2505));
    QVERIFY(stream(subscriptions, Timestamp::min(), Timestamp::max(), Adjustment::TotalReturn,
                   static_cast<std::size_t>(chunkRows))
            == fullReference);
}

void TestHistoricalDataSource::appliesTotalReturnAdjustment()
{
    const auto bars = stream({{spyId, latest("SPY", "1d")}}, Timestamp::min(), Timestamp::max(),
                             Adjustment::TotalReturn);
    QCOMPARE(bars.size(), std::size_t(5849));
    // First row 1998-01-02: 97.31, 97.53, 96.53, 97.36, 2150000, adj_close 63.932476. Factor
    // 63.932476 / 97.36; worked out with exact decimals, rounded half-even to 8 places.
    QCOMPARE(bars.front()[5], rawPrice("63.932476")); // the adjusted close is adj_close exactly
    QCOMPARE(bars.front()[2], rawPrice("63.89964297"));
    QCOMPARE(bars.front()[3], rawPrice("64.04410830"));
    QCOMPARE(bars.front()[4], rawPrice("63.38744770"));
    QCOMPARE(bars.front()[6], std::int64_t(2150000) * Quantity::scale); // volume not adjusted
    // Last row: adj_close == close, so nothing changes.
    QCOMPARE(bars.back()[2], rawPrice("395.35"));
    QCOMPARE(bars.back()[5], rawPrice("396.33"));
    // TLT's first row: close 81.519997, adj_close 43.791851.
    const auto tlt = stream({{tltId, latest("TLT", "1d")}}, Timestamp::min(), Timestamp::max(),
                            Adjustment::TotalReturn);
    QCOMPARE(tlt.front()[5], rawPrice("43.791851"));
    QCOMPARE(tlt.back()[5], rawPrice("144.759995"));
}

void TestHistoricalDataSource::totalReturnNeedsAdjClose()
{
    const auto source
        = HistoricalDataSource::open(*m_store, {{spyId, latest("SPY", "1m")}}, Timestamp::min(),
                                     Timestamp::max(), Adjustment::TotalReturn);
    QVERIFY(!source.has_value());
    QCOMPARE(qs(source.error().message()),
             QString("historical data: SPY 1m v1 has no adj_close column, which adjustment "
                     "total_return needs"));
}

void TestHistoricalDataSource::interleavesIntradayAndDailyBars()
{
    // 2013-10-07 (EDT): every SPY minute bar of the day, and TLT's daily bar at 16:00 New York.
    const Timestamp from = newYorkTime({2013, 10, 7}, TimeOfDay::hms(0, 0, 0));
    const Timestamp to = newYorkTime({2013, 10, 7}, TimeOfDay::hms(23, 59, 59));
    const auto bars
        = stream({{spyId, latest("SPY", "1m")}, {tltId, latest("TLT", "1d")}}, from, to);
    QCOMPARE(bars.size(), std::size_t(828 + 1)); // 828 SPY minute bars that day
    const Timestamp close = dailyBarTimestamp({2013, 10, 7});
    std::size_t tltIndex = 0;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        if (bars[i][1] == tltId.value())
            tltIndex = i;
    }
    QCOMPARE(bars[tltIndex][0], close.unixNanos());
    // The minute bar that started 15:59 ends at 16:00 and ties with the daily bar (SPY was
    // subscribed first); the 16:00 bar ends at 16:01, after it.
    QCOMPARE(bars[tltIndex - 1][0], close.unixNanos());
    QCOMPARE(bars[tltIndex - 1][1], std::int64_t(spyId.value()));
    QCOMPARE(bars[tltIndex + 1][0], (close + Duration::minutes(1)).unixNanos());
    // The 09:30 bar: 167.43,167.52,167.41,167.44,816453, stamped 13:31Z.
    const auto firstRegular = std::find_if(bars.begin(), bars.end(), [](const Bar &bar) {
        return bar[0] == std::int64_t(1381152660000000000);
    });
    QVERIFY(firstRegular != bars.end());
    QCOMPARE((*firstRegular)[2], rawPrice("167.43"));
    QCOMPARE((*firstRegular)[5], rawPrice("167.44"));
}

void TestHistoricalDataSource::refusesUnknownDatasetAndDuplicateInstrument()
{
    DatasetInfo ghost = latest("SPY", "1d");
    ghost.id = 999;
    const auto unknown = HistoricalDataSource::open(*m_store, {{spyId, ghost}}, Timestamp::min(),
                                                    Timestamp::max(), Adjustment::Raw);
    QVERIFY(!unknown.has_value());
    QCOMPARE(
        qs(unknown.error().message()),
        qs("historical data: SPY 1d v1 (dataset id 999) is not in the store " + m_store->path()));

    const auto twice = HistoricalDataSource::open(
        *m_store, {{spyId, latest("SPY", "1d")}, {spyId, latest("TLT", "1d")}}, Timestamp::min(),
        Timestamp::max(), Adjustment::Raw);
    QVERIFY(!twice.has_value());
    QCOMPARE(
        qs(twice.error().message()),
        QString("historical data: instrument 1 is subscribed twice (SPY 1d v1 and TLT 1d v1)"));
}

void TestHistoricalDataSource::readErrorEndsTheStream()
{
    QTemporaryDir dir;
    auto store = BarStore::open(dir.filePath("broken.db").toStdString());
    QVERIFY(store.has_value());
    QVERIFY(importBundledData(*store, sourceDir + "/resources/data", {"TLT"}, "1d").has_value());
    const DatasetInfo tlt = **store->latestDataset("TLT", "1d");
    auto source = HistoricalDataSource::open(*store, {{tltId, tlt}}, Timestamp::min(),
                                             Timestamp::max(), Adjustment::Raw, 7);
    QVERIFY(source.has_value());
    Event event;
    QVERIFY((*source)->next(event));
    // The first chunk is buffered; the next read finds the table gone.
    QVERIFY(execSql(store->handle(), "DROP TABLE bars").has_value());
    std::size_t emitted = 1;
    while ((*source)->next(event))
        ++emitted;
    QCOMPARE(emitted, std::size_t(7));
    QCOMPARE((*source)->barsEmitted(), std::size_t(7));
    QVERIFY((*source)->error() != nullptr);
    QCOMPARE(qs((*source)->error()->message()),
             QString("historical data: reading TLT 1d v1: SQLite: no such table: bars"));
    QVERIFY(!(*source)->next(event));
}

void TestHistoricalDataSource::memorySourceMatchesSqliteSource()
{
    const Timestamp from = dailyBarTimestamp({2002, 1, 2});
    const Timestamp to = dailyBarTimestamp({2016, 12, 30});
    const DatasetInfo spy = latest("SPY", "1d");
    const DatasetInfo tlt = latest("TLT", "1d");
    for (const Adjustment adjustment : {Adjustment::Raw, Adjustment::TotalReturn}) {
        const auto spyBars = loadBars(*m_store, spy, spyId, from, to, adjustment);
        const auto tltBars = loadBars(*m_store, tlt, tltId, from, to, adjustment);
        QVERIFY(spyBars.has_value() && tltBars.has_value());
        QCOMPARE(spyBars->front().first, dailyBarTimestamp({2002, 1, 2}));
        QCOMPARE(spyBars->front().second.instrument, spyId);
        MemoryDataSource memory({*spyBars, *tltBars});
        QCOMPARE(memory.totalBars(), spyBars->size() + tltBars->size());
        const auto expected = stream({{spyId, spy}, {tltId, tlt}}, from, to, adjustment);
        QVERIFY(expected.size() > 7000);
        QVERIFY(drain(memory) == expected);
        memory.rewind();
        QVERIFY(drain(memory) == expected);
    }
    const auto missing
        = loadBars(*m_store, latest("SPY", "1m"), spyId, from, to, Adjustment::TotalReturn);
    QVERIFY(!missing.has_value());
}

void TestHistoricalDataSource::memorySourceOrdersTiesAndChecksInput()
{
    const auto bar = [](std::uint32_t instrument, const char *close) {
        const Price price = *Price::parse(close);
        return BarData{InstrumentId{instrument}, price, price, price, price,
                       Quantity::fromUnits(1)};
    };
    const Timestamp t0 = Timestamp::fromUnixNanos(1000);
    const Timestamp t1 = Timestamp::fromUnixNanos(2000);
    const Timestamp t2 = Timestamp::fromUnixNanos(3000);
    MemoryDataSource source({{{t0, bar(7, "1")}, {t2, bar(7, "2")}},
                             {},
                             {{t0, bar(5, "3")}, {t1, bar(5, "4")}, {t2, bar(5, "5")}}});
    const auto bars = drain(source);
    QCOMPARE(bars.size(), std::size_t(5));
    const std::array<std::int64_t, 5> instruments{7, 5, 5, 7, 5};
    const std::array<std::int64_t, 5> times{1000, 1000, 2000, 3000, 3000};
    for (std::size_t i = 0; i < bars.size(); ++i) {
        QCOMPARE(bars[i][1], instruments[i]);
        QCOMPARE(bars[i][0], times[i]);
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             MemoryDataSource({{{t1, bar(1, "1")}, {t1, bar(1, "2")}}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             MemoryDataSource({{{t1, bar(1, "1")}, {t0, bar(1, "2")}}}));
}

void TestHistoricalDataSource::parsesAdjustment()
{
    QVERIFY(*parseAdjustment("raw") == Adjustment::Raw);
    QVERIFY(*parseAdjustment("total_return") == Adjustment::TotalReturn);
    QVERIFY(toString(Adjustment::TotalReturn) == "total_return");
    QVERIFY(toString(Adjustment::Raw) == "raw");
    const auto bad = parseAdjustment("adjusted");
    QVERIFY(!bad.has_value());
    QCOMPARE(qs(bad.error().message()),
             QString("adjustment: expected raw or total_return, got 'adjusted'"));
}

QTEST_APPLESS_MAIN(TestHistoricalDataSource)

#include "tst_historicaldatasource.moc"
