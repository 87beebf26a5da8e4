// The shipped universe file, its errors, and filters by average dollar volume, price and sector
// on the bundled daily data. The ADVs below were computed separately (Python, mean of
// close × volume over the last 20 rows of resources/data/daily/<SYM>.csv up to 2021-03-31):
// SPY 36166578258.25, AAPL 13180805088.16, IBM 665864476.26.

#include "engine/core/civiltime.h"
#include "engine/data/universe.h"

#include "tests/support/bundleddaily.h"

#include <QtTest>
#include <cmath>

using namespace meridian::engine;

class TestUniverse : public QObject
{
    Q_OBJECT

private slots:
    void shippedFileAndErrors()
    {
        const auto universe
            = loadUniverseFile(MERIDIAN_SOURCE_DIR "/config/universes/us_sample.yaml");
        QVERIFY2(universe.has_value(), universe ? "" : universe.error().message().c_str());
        QCOMPARE(universe->name, std::string("us_sample"));
        QCOMPARE(universe->members.size(), std::size_t(6));
        QCOMPARE(universe->find("AAPL")->sector, std::string("Information Technology"));
        QCOMPARE(universe->find("TLT")->exchange, std::string("NASDAQ"));

        QCOMPARE(
            parseUniverse("name: x\nsymbols:\n  - {symbol: SPY}\n  - {symbol: SPY}\n", "u.yaml")
                .error()
                .message(),
            std::string("u.yaml:4:14: symbols[1].symbol: SPY is listed twice"));
        QCOMPARE(
            parseUniverse("name: x\nsymbols:\n  - {symbol: SPY, industry: x}\n", "u.yaml")
                .error()
                .message(),
            std::string("u.yaml:3:19: symbols[0].industry: unknown key (expected symbol, name, "
                        "sector, exchange)"));
        QCOMPARE(parseUniverse("name: x\nsymbols: []\n", "u.yaml").error().message(),
                 std::string("u.yaml:2:10: symbols: expected a non-empty list"));
    }

    void filters()
    {
        auto store = BarStore::open(":memory:");
        QVERIFY(testing::importBundledDaily(*store, {"SPY", "AAPL", "IBM"}));
        const auto universe
            = loadUniverseFile(MERIDIAN_SOURCE_DIR "/config/universes/us_sample.yaml");
        const Timestamp asOf = dailyBarTimestamp(Date{2021, 3, 31});
        UniverseFilter filter;
        filter.minAverageDollarVolume = 1e9;
        auto selection = filterUniverse(*universe, *store, "1d", asOf, filter);
        QVERIFY(selection.has_value());
        QCOMPARE(selection->selected.size(), std::size_t(2)); // SPY, AAPL; IBM's ADV is 0.67 bn
        QCOMPARE(selection->selected[0].symbol, std::string("SPY"));
        QVERIFY(std::fabs(selection->selected[0].averageDollarVolume - 36166578258.252495) < 1e-3);
        QVERIFY(std::fabs(selection->selected[1].averageDollarVolume - 13180805088.161749) < 1e-3);
        QCOMPARE(selection->selected[0].lastClose, 396.33);
        QCOMPARE(selection->excluded.size(), std::size_t(4)); // QQQ, TLT, AGG: no data; IBM
        QCOMPARE(selection->excluded.back().first, std::string("IBM"));
        QVERIFY(selection->excluded.back().second.rfind("average dollar volume 665864476.", 0)
                == 0);

        filter = {};
        filter.minPrice = 130;
        selection = filterUniverse(*universe, *store, "1d", asOf, filter);
        QCOMPARE(selection->selected.size(), std::size_t(2)); // SPY 396.33, IBM 133.26
        filter.maxPrice = 200;
        filter.sector = "Information Technology";
        selection = filterUniverse(*universe, *store, "1d", asOf, filter);
        QCOMPARE(selection->selected.size(), std::size_t(1));
        QCOMPARE(selection->selected[0].symbol, std::string("IBM"));
    }
};

QTEST_APPLESS_MAIN(TestUniverse)
#include "tst_universe.moc"
