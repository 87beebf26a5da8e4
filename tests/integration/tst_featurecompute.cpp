// `meridian features compute` as a function: bundled SPY bars imported into a store, a feature
// computed over a date range through the SQLite cache, compared with the independent Python
// reference (tests/fixtures/features/reference.csv, same SPY rows 2007-07-02..2009-06-30), the
// cache hit on a second call, and a re-import invalidating it.

#include "engine/core/civiltime.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/features/featurecompute.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <string>

using namespace meridian::engine;

namespace {

const std::string source = MERIDIAN_SOURCE_DIR;

// reference.csv rows of one indicator(params) output on the daily input: index -> value.
std::map<std::size_t, double> reference(const std::string &indicator, const std::string &params,
                                        const std::string &output)
{
    std::ifstream in(source + "/tests/fixtures/features/reference.csv");
    std::string line;
    const std::string prefix = "daily," + indicator + ",\"" + params + "\",";
    std::map<std::size_t, double> values;
    while (std::getline(in, line)) {
        if (line.rfind(prefix, 0) != 0)
            continue;
        const std::string rest = line.substr(prefix.size()); // index,output,value
        const auto c1 = rest.find(',');
        const auto c2 = rest.find(',', c1 + 1);
        if (rest.substr(c1 + 1, c2 - c1 - 1) == output)
            values[std::stoul(rest.substr(0, c1))] = std::stod(rest.substr(c2 + 1));
    }
    return values;
}

} // namespace

class TestFeatureCompute : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    BarStore importSpy()
    {
        auto store = BarStore::open((m_dir.path() + "/market.db").toStdString());
        if (!store)
            qFatal("%s", store.error().message().c_str());
        ImportOptions options;
        options.symbol = "SPY";
        options.timeframe = *Timeframe::parse("1d");
        if (!importCsvFile(*store, source + "/resources/data/daily/SPY.csv", options))
            qFatal("cannot import SPY");
        return std::move(*store);
    }

private slots:
    void computesAgainstReferenceAndCaches()
    {
        BarStore store = importSpy();
        const FeatureRegistry registry = FeatureRegistry::builtin();
        FeatureComputeRequest request;
        request.symbol = "SPY";
        request.feature = "bollinger";
        request.params = {{"period", 20}};
        request.from = dailyBarTimestamp(Date{2007, 7, 2});
        request.to = dailyBarTimestamp(Date{2009, 6, 30});

        const auto table = computeFeatureTable(store, registry, request);
        QVERIFY2(table.has_value(), table ? "" : table.error().message().c_str());
        QCOMPARE(table->columns, (std::vector<std::string>{"middle", "upper", "lower"}));
        QCOMPARE(table->dataset, std::string("SPY 1d v1"));
        QVERIFY(!table->fromCache);
        QCOMPARE(table->versions.front(), std::string("bollinger.middle@1(period=20,width=2)"));
        const auto upper = reference("bollinger", "period=20,width=2", "upper");
        // The first value is the 20th bar of the range (index 19), one row per bar after it.
        QCOMPARE(upper.begin()->first, std::size_t(19));
        QCOMPARE(table->times.size(), upper.size());
        QCOMPARE(table->times.front(), dailyBarTimestamp(Date{2007, 7, 30}));
        std::size_t row = 0;
        for (const auto &[index, expected] : upper)
            QVERIFY(std::fabs(table->values[1][row++] - expected) < 1e-9 * expected);

        const std::string csv = featureTableCsv(*table);
        QCOMPARE(csv.substr(0, csv.find('\n')), std::string("timestamp,middle,upper,lower"));
        QCOMPARE(csv.substr(csv.find('\n') + 1, 21), std::string("2007-07-30T20:00:00Z,"));

        // Second call: every column from the cache, the same numbers.
        const auto cached = computeFeatureTable(store, registry, request);
        QVERIFY(cached->fromCache);
        QVERIFY(cached->values == table->values);

        // Re-importing SPY makes a new dataset version: the cache cannot serve it.
        ImportOptions options;
        options.symbol = "SPY";
        options.timeframe = *Timeframe::parse("1d");
        QVERIFY(importCsvFile(store, source + "/resources/data/daily/SPY.csv", options).has_value());
        const auto fresh = computeFeatureTable(store, registry, request);
        QCOMPARE(fresh->dataset, std::string("SPY 1d v2"));
        QVERIFY(!fresh->fromCache);
        QVERIFY(fresh->values == table->values);
    }

    void singleFeatureAndErrors()
    {
        BarStore store = importSpy();
        const FeatureRegistry registry = FeatureRegistry::builtin();
        FeatureComputeRequest request;
        request.symbol = "SPY";
        request.feature = "rsi";
        request.params = {{"period", 14}};
        request.from = dailyBarTimestamp(Date{2007, 7, 2});
        request.to = dailyBarTimestamp(Date{2009, 6, 30});
        request.useCache = false;
        const auto rsi = computeFeatureTable(store, registry, request);
        QCOMPARE(rsi->columns, std::vector<std::string>{"rsi"});
        const auto expected = reference("rsi", "period=14", "rsi");
        QCOMPARE(rsi->values[0].size(), expected.size());
        QVERIFY(std::fabs(rsi->values[0].back() - expected.rbegin()->second) < 1e-9 * 100);

        request.feature = "beta";
        QCOMPARE(computeFeatureTable(store, registry, request).error().message(),
                 std::string("beta compares two series: name the second with a benchmark symbol"));
        request.benchmark = "QQQ";
        QCOMPARE(computeFeatureTable(store, registry, request).error().message().substr(0, 24),
                 std::string("no 1d dataset of QQQ in "));
        request.feature = "nope";
        QCOMPARE(computeFeatureTable(store, registry, request).error().message().substr(0, 24),
                 std::string("unknown feature 'nope' ("));
        request.feature = "rsi";
        request.params = {{"period", 0}};
        QCOMPARE(computeFeatureTable(store, registry, request).error().message(),
                 std::string("feature 'rsi': rsi: parameter 'period' must be an integer in "
                             "[1, 100000], got 0"));
    }
};

QTEST_GUILESS_MAIN(TestFeatureCompute)
#include "tst_featurecompute.moc"
