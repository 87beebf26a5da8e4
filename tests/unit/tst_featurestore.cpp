// Feature definitions, versions, the incremental FeatureStore, validation, the SQLite cache and
// drift statistics. Expected numbers are worked out by hand in the comments.

#include "engine/core/civiltime.h"
#include "engine/data/barstore.h"
#include "engine/features/drift.h"
#include "engine/features/featurecache.h"
#include "engine/features/featureregistry.h"
#include "engine/features/featurestore.h"

#include <QtTest>

#include <cmath>
#include <string>
#include <vector>

using namespace meridian::engine;

namespace {

Timestamp day(int d)
{
    return dailyBarTimestamp(Date{2020, 3, d});
}

BarData bar(std::uint32_t instrument, double close, double volume = 1000)
{
    BarData b;
    b.instrument = InstrumentId(instrument);
    b.open = Price::fromDouble(close);
    b.high = Price::fromDouble(close);
    b.low = Price::fromDouble(close);
    b.close = Price::fromDouble(close);
    b.volume = Quantity::fromDouble(volume);
    return b;
}

} // namespace

class TestFeatureStore : public QObject
{
    Q_OBJECT

private slots:
    void registryNamesAndVersions()
    {
        const FeatureRegistry registry = FeatureRegistry::builtin();
        for (const char *name : {"rsi", "sma", "bollinger.upper", "macd.signal", "adx.plus_di",
                                 "stochastic.d", "vwap", "volume_zscore", "return_volatility"})
            QVERIFY2(registry.find(name) != nullptr, name);
        // Two-series indicators need a benchmark: not per-instrument features.
        QVERIFY(registry.find("beta") == nullptr);

        const auto rsi14 = registry.resolve("rsi", {{"period", 14}});
        const auto rsiDefault = registry.resolve("rsi", {});
        const auto rsi10 = registry.resolve("rsi", {{"period", 10}});
        QCOMPARE(rsi14->version(), std::string("rsi@1(period=14)"));
        QCOMPARE(rsiDefault->version(), rsi14->version());
        QVERIFY(rsi10->version() != rsi14->version());
        QVERIFY(rsi10->versionHash() != rsi14->versionHash());
        QCOMPARE(rsi14->versionHash().size(), std::size_t(16));
        QCOMPARE(rsi14->warmup(), std::size_t(15));

        // A feature of a feature: its version names the input chain; warm-up adds up:
        // log_return(1) first at bar 2, then 3 returns → bar 4.
        const auto vol = registry.resolve("return_volatility", {{"period", 3}});
        QCOMPARE(vol->version(),
                 std::string("return_volatility@1(period=3,sample=0)<-log_return@1(period=1)"));
        QCOMPARE(vol->warmup(), std::size_t(4));
        QCOMPARE(registry.resolve("volume_sma", {{"period", 5}})->version(),
                 std::string("volume_sma@1(period=5)[volume]"));

        QCOMPARE(registry.resolve("nope", {}).error().message().substr(0, 24),
                 std::string("unknown feature 'nope' ("));
        QCOMPARE(registry.resolve("rsi", {{"period", 0}}).error().message(),
                 std::string("feature 'rsi': rsi: parameter 'period' must be an integer in "
                             "[1, 100000], got 0"));
    }

    void aChangedDefinitionIsANewVersion()
    {
        FeatureRegistry v1(IndicatorRegistry::builtin());
        FeatureRegistry v2(IndicatorRegistry::builtin());
        FeatureDefinition definition;
        definition.name = "trend";
        definition.indicator = "ema";
        QVERIFY(v1.add(definition).has_value());
        definition.version = 2;
        QVERIFY(v2.add(definition).has_value());
        QVERIFY(v1.resolve("trend", {})->version() != v2.resolve("trend", {})->version());
        QVERIFY(!v1.add(definition).has_value()); // name taken
        definition.name = "broken";
        definition.inputFeature = "missing";
        QCOMPARE(v1.add(definition).error().message(),
                 std::string("feature 'broken': input feature 'missing' is not registered "
                             "(register inputs first)"));
    }

    void storeComputesIncrementallyAndNeverAhead()
    {
        const FeatureRegistry registry = FeatureRegistry::builtin();
        FeatureStore store(registry);
        const std::vector<InstrumentId> instruments{InstrumentId(1), InstrumentId(2)};
        store.setInstruments(instruments);
        const FeatureHandle vol = *store.subscribe("return_volatility", {{"period", 3}, {"sample", 1}});
        const FeatureHandle sma = *store.subscribe("sma", {{"period", 2}});
        QVERIFY(store.subscribe("sma", {{"period", 2}})->index == sma.index); // shared
        QVERIFY(store.find("sma", {{"period", 2}})->index == sma.index);
        QVERIFY(!store.find("sma", {{"period", 3}}));

        // Closes 100, 110, 99, 108.9: log returns a = ln 1.1, b = ln 0.9, a. Sample stddev of
        // (a, b, a) = |a − b| / sqrt(3) (deviations (a−b)/3, −2(a−b)/3, (a−b)/3; Σ² = 6(a−b)²/9,
        // divided by 2).
        const double closes[] = {100, 110, 99, 108.9};
        for (int i = 0; i < 4; ++i) {
            store.onBar(day(2 + i), bar(1, closes[i]));
            QVERIFY(store.valueTime(vol, InstrumentId(1)) <= day(2 + i));
            if (i < 3)
                QVERIFY(!store.value(vol, InstrumentId(1)));
            if (i == 0)
                QVERIFY(!store.value(sma, InstrumentId(1)));
        }
        const double a = std::log(1.1);
        const double b = std::log(0.9);
        QVERIFY(std::fabs(*store.value(vol, InstrumentId(1)) - std::fabs(a - b) / std::sqrt(3.0))
                < 1e-12);
        QCOMPARE(*store.value(sma, InstrumentId(1)), (99 + 108.9) / 2);
        QCOMPARE(store.valueTime(sma, InstrumentId(1)), day(5));
        // The other instrument saw no bar.
        QVERIFY(!store.value(sma, InstrumentId(2)));
        QCOMPARE(store.versions(),
                 (std::vector<std::string>{"log_return@1(period=1)",
                                           "return_volatility@1(period=3,sample=1)<-log_return@1(period=1)",
                                           "sma@1(period=2)"}));

        // A subscription after bars flowed gets its own chain and warms up from what it is fed.
        const FeatureHandle late = *store.subscribe("sma", {{"period", 2}});
        QVERIFY(late.index != sma.index);
        QVERIFY(!store.value(late, InstrumentId(1)));
        store.warmUp(late, day(4), bar(1, 99));
        store.warmUp(late, day(5), bar(1, 108.9));
        QCOMPARE(*store.value(late, InstrumentId(1)), *store.value(sma, InstrumentId(1)));
        QCOMPARE(store.versions().size(), std::size_t(3));
    }

    void invalidValuesAreWithheldAndReported()
    {
        FeatureRegistry registry(IndicatorRegistry::builtin());
        FeatureDefinition unit;
        unit.name = "unit_close";
        unit.indicator = "sma";
        unit.minimum = 0;
        unit.maximum = 1;
        QVERIFY(registry.add(unit).has_value());
        FeatureStore store(registry);
        const std::vector<InstrumentId> instruments{InstrumentId(1)};
        store.setInstruments(instruments);
        const FeatureHandle handle = *store.subscribe("unit_close", {{"period", 1}});
        store.onBar(day(2), bar(1, 0.5));
        QCOMPARE(*store.value(handle, InstrumentId(1)), 0.5);
        store.onBar(day(3), bar(1, 5));
        QVERIFY(!store.value(handle, InstrumentId(1)));
        store.onBar(day(4), bar(1, 7)); // reported once per feature and instrument
        QCOMPARE(store.issues().size(), std::size_t(1));
        QCOMPARE(store.issues()[0].feature, std::string("unit_close@1(period=1)"));
        QVERIFY(store.issues()[0].instrument == InstrumentId(1));
        QCOMPARE(store.issues()[0].time, day(3));
        QCOMPARE(store.issues()[0].message, std::string("value 5.000000 outside its range"));
        store.onBar(day(5), bar(1, 0.25));
        QCOMPARE(*store.value(handle, InstrumentId(1)), 0.25);
    }

    void cacheIsKeyedByDatasetFeatureAndParams()
    {
        auto store = BarStore::open(":memory:");
        QVERIFY(store.has_value());
        auto cache = FeatureCache::attach(*store);
        QVERIFY(cache.has_value());
        const FeatureRegistry registry = FeatureRegistry::builtin();
        const FeatureSpec sma2 = *registry.resolve("sma", {{"period", 2}});
        const FeatureSpec sma3 = *registry.resolve("sma", {{"period", 3}});

        std::vector<std::pair<Timestamp, BarData>> bars;
        for (int i = 0; i < 4; ++i)
            bars.emplace_back(day(2 + i), bar(1, 10.0 + i));
        const FeatureSeries series = *computeFeatureSeries(registry, sma2, bars);
        // SMA(2) of 10, 11, 12, 13: 10.5, 11.5, 12.5 from the second bar.
        QCOMPARE(series.values, (std::vector<double>{10.5, 11.5, 12.5}));
        QCOMPARE(series.times, (std::vector<Timestamp>{day(3), day(4), day(5)}));

        DatasetInfo v1;
        v1.id = 1;
        v1.symbol = "SPY";
        v1.timeframe = "1d";
        v1.version = 1;
        DatasetInfo v2 = v1;
        v2.id = 2;
        v2.version = 2;
        QVERIFY(!cache->get(v1, sma2, day(2), day(5))->has_value());
        QVERIFY(cache->put(v1, sma2, day(2), day(5), series).has_value());
        QCOMPARE(**cache->get(v1, sma2, day(2), day(5)), series);
        QVERIFY(!cache->get(v2, sma2, day(2), day(5))->has_value()); // re-imported data
        QVERIFY(!cache->get(v1, sma3, day(2), day(5))->has_value()); // other params
        QVERIFY(!cache->get(v1, sma2, day(2), day(6))->has_value()); // other range

        FeatureRegistry bumped(IndicatorRegistry::builtin());
        FeatureDefinition sma;
        sma.name = "sma";
        sma.indicator = "sma";
        sma.version = 2;
        QVERIFY(bumped.add(sma).has_value());
        QVERIFY(!cache->get(v1, *bumped.resolve("sma", {{"period", 2}}), day(2), day(5))
                     ->has_value()); // changed definition
        // A put under the same key replaces the series.
        FeatureSeries other = series;
        other.values[0] = 1;
        QVERIFY(cache->put(v1, sma2, day(2), day(5), other).has_value());
        QCOMPARE(**cache->get(v1, sma2, day(2), day(5)), other);
    }

    void driftStatistics()
    {
        const std::vector<double> reference{1, 2, 3, 4};
        const std::vector<double> shifted{3, 4, 5, 6};
        QCOMPARE(kolmogorovSmirnov(reference, reference), 0.0);
        QCOMPARE(populationStabilityIndex(reference, reference, 2), 0.0);
        // CDFs: at 2 reference 0.5 vs recent 0; at 4 reference 1 vs recent 0.5 → D = 0.5.
        QCOMPARE(kolmogorovSmirnov(reference, shifted), 0.5);
        QCOMPARE(kolmogorovSmirnov(reference, std::vector<double>{10, 11}), 1.0);
        // Two bins cut at the reference median 3: reference shares 0.5/0.5, recent 0 (floored
        // to 1e-4) and 1: PSI = (1e-4 − 0.5)·ln(1e-4/0.5) + (1 − 0.5)·ln(1/0.5).
        const double expected = (1e-4 - 0.5) * std::log(1e-4 / 0.5) + 0.5 * std::log(2.0);
        QVERIFY(std::fabs(populationStabilityIndex(reference, shifted, 2) - expected) < 1e-12);

        DriftSettings settings;
        settings.referenceSize = 4;
        settings.recentSize = 4;
        settings.bins = 2;
        DriftMonitor monitor("sma@1(period=2)", "SPY", settings);
        int alerts = 0;
        const double values[] = {1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4};
        std::vector<std::size_t> alertAt;
        for (std::size_t i = 0; i < std::size(values); ++i) {
            if (const auto alert = monitor.observe(day(1 + static_cast<int>(i)), values[i])) {
                ++alerts;
                alertAt.push_back(i);
                QVERIFY(alert->message.rfind("drift in sma@1(period=2) on SPY at ", 0) == 0);
            }
        }
        // Recent windows: [1,2,3,4] at i=7: no drift. [2,3,4,5] at i=8: D = 0.25 (under 0.3)
        // but recent shares 0.25/0.75 in the two bins: PSI = (0.25 − 0.5)·ln 0.5
        // + (0.75 − 0.5)·ln 1.5 = 0.2747 > 0.25 → alert. It stays over (no repeat) until
        // [1,2,3,4] again at i=16.
        QCOMPARE(alertAt, (std::vector<std::size_t>{8}));
        QCOMPARE(alerts, 1);
        QCOMPARE(monitor.lastKs(), 0.0);
    }
};

QTEST_APPLESS_MAIN(TestFeatureStore)
#include "tst_featurestore.moc"
