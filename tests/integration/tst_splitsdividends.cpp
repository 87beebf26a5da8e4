// A raw-price backtest through AAPL's real 7-for-1 split (2014-06-09) and the 0.47 dividend that
// followed (ex 2014-08-07), with the corporate actions imported into the store: the position
// becomes 700 shares, cash is unchanged by the split, the dividend is paid in cash, and the
// equity is what the hand calculation below gives. Without the actions the same run is wrong by
// six sevenths of the position, which is why raw backtests need them.

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/barstore.h"
#include "engine/data/corporateactions.h"
#include "engine/data/csvimport.h"
#include "strategies/builtinstrategies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <iterator>

using namespace meridian::engine;

namespace {

const std::string source = MERIDIAN_SOURCE_DIR;

} // namespace

class TestSplitsDividends : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StrategyRegistry m_registry;

    std::string storePath(const char *name) const { return (m_dir.path() + "/" + name).toStdString(); }

    BacktestResult run(const std::string &store, const std::string &to)
    {
        const ConfigLoader loader(m_registry);
        const auto config = loader.loadText(
            "mode: backtest\n"
            "clock: {type: historical, speed: max, start_date: 2014-06-02, end_date: " + to + "}\n"
            "data: {type: historical, source: sqlite, timeframe: 1d, symbols: [AAPL]}\n"
            "execution: {type: simulated, commission: {model: none}, slippage: {model: none}}\n"
            "strategies:\n"
            "  - {name: buy_and_hold, capital: 100000, symbols: [AAPL], params: {quantity: 100}}\n",
            "test.yaml");
        if (!config)
            qFatal("config: %s", config.error().message().c_str());
        BacktestOptions options;
        options.storePath = store;
        auto result = runBacktest(*config, m_registry, options);
        if (!result)
            qFatal("backtest: %s", result.error().message().c_str());
        return std::move(*result);
    }

    void importAapl(const std::string &path, const std::string &actionsCsv)
    {
        auto store = BarStore::open(path);
        ImportOptions options;
        options.symbol = "AAPL";
        options.timeframe = *Timeframe::parse("1d");
        QVERIFY(importCsvFile(*store, source + "/resources/data/daily/AAPL.csv", options).has_value());
        if (actionsCsv.empty())
            return;
        const auto actions = parseCorporateActionsCsv(actionsCsv, "AAPL", "actions.csv");
        QVERIFY(actions.has_value());
        QVERIFY(storeCorporateActions(*store, "AAPL", *actions).has_value());
    }

    static Money equityOn(const BacktestResult &result, Date date)
    {
        for (const EquityPoint &point : result.equity)
            if (point.time == dailyBarTimestamp(date))
                return point.equity;
        qFatal("no equity point on %s", date.toString().c_str());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        meridian::strategies::registerBuiltinStrategies(m_registry);
    }

    void splitAndDividendInARawBacktest()
    {
        std::ifstream in(source + "/tests/fixtures/corporate_actions/AAPL.csv");
        const std::string actions((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        importAapl(storePath("with.db"), actions);
        const BacktestResult result = run(storePath("with.db"), "2014-08-08");
        // Bought at the 2014-06-03 open, 628.47: cash 100000 − 62847 = 37153.
        // 2014-06-06 close 645.57: equity 37153 + 64557 = 101710.
        QCOMPARE(equityOn(result, Date{2014, 6, 6}), Money::fromUnits(101710));
        // 7-for-1 before the 2014-06-09 open: 700 shares; close 93.7: 37153 + 65590 = 102743.
        QCOMPARE(equityOn(result, Date{2014, 6, 9}), Money::fromUnits(102743));
        // 2014-08-06 close 94.97: 37153 + 66479 = 103632.
        QCOMPARE(equityOn(result, Date{2014, 8, 6}), Money::fromUnits(103632));
        // Ex-date 2014-08-07: 700 × 0.47 = 329 in cash; close 94.48: 37482 + 66136 = 103618.
        QCOMPARE(equityOn(result, Date{2014, 8, 7}), Money::fromUnits(103618));
        // 2014-08-08 close 94.74: 37482 + 66318 = 103800.
        QCOMPARE(result.finalEquity, Money::fromUnits(103800));

        const StrategyResult &strategy = result.strategies.front();
        QCOMPARE(strategy.corporateActions.size(), std::size_t(2));
        QCOMPARE(strategy.corporateActions[0].description,
                 std::string("7-for-1 split: 100 -> 700 shares"));
        QCOMPARE(strategy.corporateActions[0].time, dailyBarTimestamp(Date{2014, 6, 9}));
        QCOMPARE(strategy.corporateActions[1].cash, Money::fromUnits(329));
        // The open trade shows 700 shares bought at 628.47 / 7 = 89.78142857.
        QCOMPARE(result.trades.front().quantity, Quantity::fromUnits(700));
        QCOMPARE(result.trades.front().entryPrice, *Price::parse("89.78142857"));

        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(backtestJson(result))).object();
        const QJsonArray logged = json["strategies"].toArray()[0].toObject()["corporate_actions"].toArray();
        QCOMPARE(logged.size(), 2);
        QCOMPARE(logged[1].toObject()["cash"].toString(), QStringLiteral("329.00"));
    }

    void dividendAccruesOnExDateAndPaysOnPayDate()
    {
        importAapl(storePath("paydate.db"),
                   "ex_date,type,value,split_ratio,pay_date\n"
                   "2014-06-09,split,0.142857,7-for-1,\n"
                   "2014-08-07,dividend,0.47,,2014-08-14\n");
        const BacktestResult result = run(storePath("paydate.db"), "2014-08-15");
        const StrategyResult &strategy = result.strategies.front();
        QCOMPARE(strategy.corporateActions.size(), std::size_t(3));
        QCOMPARE(strategy.corporateActions[1].description,
                 std::string("dividend 0.47/share on 700 shares accrued, payable 2014-08-14"));
        QCOMPARE(strategy.corporateActions[1].cash, Money());
        QCOMPARE(strategy.corporateActions[2].time, dailyBarTimestamp(Date{2014, 8, 14}));
        QCOMPARE(strategy.corporateActions[2].cash, Money::fromUnits(329));
        // 2014-08-07: not yet paid, equity 37153 + 700 × 94.48 = 103289.
        QCOMPARE(equityOn(result, Date{2014, 8, 7}), Money::fromUnits(103289));
    }

    void withoutActionsARawBacktestIsWrong()
    {
        importAapl(storePath("without.db"), "");
        const BacktestResult result = run(storePath("without.db"), "2014-08-08");
        // Still 100 shares, now worth 94.74 each: 37153 + 9474 = 46627.
        QCOMPARE(result.finalEquity, Money::fromUnits(46627));
        QVERIFY(result.strategies.front().corporateActions.empty());
    }
};

QTEST_GUILESS_MAIN(TestSplitsDividends)
#include "tst_splitsdividends.moc"
