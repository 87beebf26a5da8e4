// data.universe in a run configuration: the name is found next to the configuration, expands to
// the members, and a backtest keeps the members that pass the universe's filters. The ADVs are
// the independently computed ones of tst_universe (Python, mean of close × volume over the last
// 20 rows up to 2021-03-31): SPY 36.17 bn, AAPL 13.18 bn, IBM 0.67 bn.

#include "engine/config/configloader.h"
#include "engine/config/configwriter.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/universe.h"

#include <QTemporaryDir>
#include "tests/support/bundleddaily.h"

#include <QtTest>

#include <fstream>

using namespace meridian::engine;

namespace {

class Idle final : public Strategy
{
public:
    void onMarketEvent(Context &, const Event &) override {}
    void generateOrders(Context &, OrderList &) override {}
};

void write(const std::string &path, const std::string &text)
{
    std::ofstream(path) << text;
}

} // namespace

class TestUniverseConfig : public QObject
{
    Q_OBJECT

    StrategyRegistry m_registry;
    QTemporaryDir m_dir;
    std::string m_root;

    std::string config(const std::string &data, const std::string &strategySymbols)
    {
        return "mode: backtest\n"
               "clock: {start_date: 2021-04-01, end_date: 2021-04-30}\n"
               "data: {path: ../../store.db, "
               + data
               + "}\n"
                 "strategies:\n"
                 "  - {name: idle, capital: 100000, symbols: ["
               + strategySymbols + "]}\n";
    }

private slots:
    void initTestCase()
    {
        StrategyInfo info;
        info.name = "idle";
        info.description = "does nothing";
        info.create = [](const Parameters &) { return std::make_unique<Idle>(); };
        QVERIFY(m_registry.add(std::move(info)));

        QVERIFY(m_dir.isValid());
        m_root = m_dir.path().toStdString();
        QDir(m_dir.path()).mkpath("config/environments");
        QDir(m_dir.path()).mkpath("config/universes");
        write(m_root + "/config/universes/liquid.yaml",
              "name: liquid\n"
              "filters: {min_adv: 1000000000, adv_window: 20}\n"
              "symbols:\n"
              "  - {symbol: SPY}\n"
              "  - {symbol: AAPL}\n"
              "  - {symbol: IBM}\n");
        auto store = BarStore::open(m_root + "/store.db");
        QVERIFY(store.has_value());
        QVERIFY(testing::importBundledDaily(*store, {"SPY", "AAPL", "IBM"}));
    }

    void nameExpandsToTheMembers()
    {
        const std::string path = m_root + "/config/environments/run.yaml";
        write(path, config("universe: liquid", "SPY, IBM"));
        const auto loaded = ConfigLoader(m_registry).loadFile(path);
        QVERIFY2(loaded.has_value(), loaded ? "" : loaded.error().message().c_str());
        QVERIFY((loaded->data.symbols == std::vector<std::string>{"SPY", "AAPL", "IBM"}));
        QCOMPARE(loaded->data.universe, std::string("liquid"));
        QCOMPARE(loaded->data.universePath, m_root + "/config/universes/liquid.yaml");

        // Written back as the universe file, and read again the same.
        const std::string copy = m_root + "/copy.yaml";
        write(copy, configYaml(*loaded));
        const auto again = ConfigLoader(m_registry).loadFile(copy);
        QVERIFY2(again.has_value(), again ? "" : again.error().message().c_str());
        QVERIFY(again->data.symbols == loaded->data.symbols);
        QCOMPARE(again->data.universePath, loaded->data.universePath);
    }

    void aRunKeepsTheMembersThatPassTheFilters()
    {
        // As of 2021-04-01 (bars up to 03-31): IBM's ADV 0.67 bn is under the 1 bn floor.
        const std::string path = m_root + "/config/environments/run.yaml";
        write(path, config("universe: liquid", "SPY, IBM"));
        const auto loaded = ConfigLoader(m_registry).loadFile(path);
        QVERIFY(loaded.has_value());
        BacktestOptions options;
        const auto result = runBacktest(*loaded, m_registry, options);
        QVERIFY2(result.has_value(), result ? "" : result.error().message().c_str());
        QVERIFY((result->symbols == std::vector<std::string>{"SPY", "AAPL"}));
        QCOMPARE(result->universeExcluded.size(), std::size_t(1));
        QCOMPARE(result->universeExcluded[0].first, std::string("IBM"));
        QVERIFY(result->universeExcluded[0].second.rfind("average dollar volume 665864476.", 0) == 0);
        QCOMPARE(result->strategies.size(), std::size_t(1));
        QVERIFY((result->strategies[0].symbols == std::vector<std::string>{"SPY"}));
    }

    void errors()
    {
        const std::string path = m_root + "/config/environments/bad.yaml";
        write(path, config("universe: nowhere", "SPY"));
        auto loaded = ConfigLoader(m_registry).loadFile(path);
        QVERIFY(!loaded);
        QString message = QString::fromStdString(loaded.error().message());
        QVERIFY2(message.contains("bad.yaml:3:") && message.contains("unknown universe 'nowhere'"),
                 qPrintable(message));

        write(path, config("symbols: [SPY], universe: liquid", "SPY"));
        loaded = ConfigLoader(m_registry).loadFile(path);
        QVERIFY(!loaded);
        message = QString::fromStdString(loaded.error().message());
        QVERIFY2(message.contains("bad.yaml:3:") && message.contains("not both"),
                 qPrintable(message));

        // A strategy symbol outside the universe.
        write(path, config("universe: liquid", "QQQ"));
        loaded = ConfigLoader(m_registry).loadFile(path);
        QVERIFY(!loaded);
        message = QString::fromStdString(loaded.error().message());
        QVERIFY2(message.contains("'QQQ' is not in data.symbols"), qPrintable(message));

        QCOMPARE(parseUniverse("name: x\nfilters: {min_price: -1}\nsymbols:\n  - {symbol: SPY}\n",
                               "u.yaml")
                     .error()
                     .message(),
                 std::string("u.yaml:2:22: filters.min_price: expected a number ≥ 0"));
        const auto parsed = parseUniverse(
            "name: x\nfilters: {min_adv: 5e7, adv_window: 10, min_price: 5, max_price: 900}\n"
            "symbols:\n  - {symbol: SPY}\n",
            "u.yaml");
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->filter.minAverageDollarVolume.value(), 5e7);
        QCOMPARE(parsed->filter.advWindow, std::size_t(10));
        QCOMPARE(parsed->filter.minPrice.value(), 5.0);
        QCOMPARE(parsed->filter.maxPrice.value(), 900.0);
    }
};

QTEST_GUILESS_MAIN(TestUniverseConfig)
#include "tst_universeconfig.moc"
