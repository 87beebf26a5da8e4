// Control commands travel through the one event queue like everything else: pause, resume,
// flatten and kill injected into a real backtest (bundled daily SPY), with the effects checked
// on the strategies' positions, orders and equity.

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/barstore.h"
#include "engine/data/bundleddata.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/memorydatasource.h"
#include "strategies/builtinstrategies.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace meridian::engine;

namespace {

// The bundled SPY bars with control commands inserted: each command is stamped at the close of
// the given bar (counted from 0), so it sorts before that bar (control before market data).
class ScriptedSource final : public DataSource
{
public:
    ScriptedSource(MemoryDataSource::Series bars, std::vector<std::pair<std::size_t, ControlData>> commands)
        : m_bars(std::move(bars))
        , m_commands(std::move(commands))
    {}

    bool next(Event &event) override
    {
        if (m_nextCommand < m_commands.size() && m_commands[m_nextCommand].first == m_nextBar) {
            const auto &[bar, control] = m_commands[m_nextCommand++];
            event = Event::makeControl(m_bars[bar].first, control.command, control.strategy);
            return true;
        }
        if (m_nextBar == m_bars.size())
            return false;
        event = Event::makeBar(m_bars[m_nextBar].first, m_bars[m_nextBar].second);
        ++m_nextBar;
        return true;
    }

private:
    MemoryDataSource::Series m_bars;
    std::vector<std::pair<std::size_t, ControlData>> m_commands;
    std::size_t m_nextBar = 0;
    std::size_t m_nextCommand = 0;
};

} // namespace

class TestControlCommands : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StrategyRegistry m_registry;
    MemoryDataSource::Series m_spy;

    BacktestResult run(const std::string &strategies, std::vector<std::pair<std::size_t, ControlData>> commands)
    {
        const auto config = ConfigLoader(m_registry).loadText(
            "mode: backtest\n"
            "data: {symbols: [SPY]}\n"
            "execution: {fill_at: next_open}\n"
            "strategies:\n" + strategies, "control.yaml");
        if (!config)
            qFatal("%s", config.error().message().c_str());
        ScriptedSource source(m_spy, std::move(commands));
        BacktestOptions options;
        options.source = &source;
        auto result = runBacktest(*config, m_registry, options);
        if (!result)
            qFatal("%s", result.error().message().c_str());
        return std::move(*result);
    }

private slots:
    void initTestCase()
    {
        meridian::strategies::registerBuiltinStrategies(m_registry);
        auto store = BarStore::open((m_dir.path() + "/m.db").toStdString());
        QVERIFY(store.has_value());
        QVERIFY(importBundledData(*store, MERIDIAN_SOURCE_DIR "/resources/data", {"SPY"}, "1d").has_value());
        const auto dataset = store->latestDataset("SPY", "1d");
        QVERIFY(dataset.has_value() && dataset->has_value());
        const auto bars = loadBars(*store, **dataset, InstrumentId(1), Timestamp::min(), Timestamp::max(), Adjustment::Raw);
        QVERIFY(bars.has_value());
        m_spy = *bars;
        QCOMPARE(m_spy.size(), std::size_t(5849));
    }

    void killFlattensCancelsAndDisablesEverything()
    {
        // buy_and_hold buys 100 shares at the 2nd bar's open; the kill comes before bar 10.
        const auto result = run("  - {name: buy_and_hold, capital: 100000, symbols: [SPY], params: {quantity: 100}}\n",
                                {{10, ControlData{ControlCommand::Kill, {}}}});
        const StrategyResult &strategy = result.strategies.front();
        QVERIFY(strategy.state == StrategyState::Stopped);
        QCOMPARE(result.fills.size(), std::size_t(2)); // the buy, then the kill's flattening sell
        const FillRecord &sell = result.fills.back();
        QVERIFY(sell.side == Side::Sell);
        QCOMPARE(sell.quantity, Quantity::fromUnits(100));
        // The kill is stamped at bar 10's session close and sorts before bar 10 (control before
        // market data), but its flattening market order cannot take bar 10's open, which traded
        // before the kill: it fills at bar 11's open.
        QCOMPARE(sell.time, m_spy[11].first);
        QCOMPARE(sell.price, m_spy[11].second.open);
        // Flat from then on: equity is constant to the end.
        QVERIFY(strategy.equity.back().grossExposure.isZero());
        QCOMPARE(strategy.equity.back().equity, strategy.equity[11].equity);
        // The run goes on (every bar is processed) and the summary names the kill.
        QCOMPARE(result.bars, 5849u);
        bool alerted = false;
        for (const Alert &alert : result.alerts)
            alerted |= alert.message.find("kill switch") != std::string::npos;
        QVERIFY(alerted);
    }

    void pauseStopsDecisionsAndResumeRestoresThem()
    {
        const std::string strategies
            = "  - {name: fast, strategy: sma_crossover, capital: 100000, symbols: [SPY], params: {fast: 5, slow: 20, quantity: 10}}\n";
        const auto free = run(strategies, {});
        // Paused over the whole first half of the data: no order is decided there.
        const auto paused = run(strategies, {{0, ControlData{ControlCommand::Pause, {}}},
                                             {2900, ControlData{ControlCommand::Resume, {}}}});
        QVERIFY(paused.strategies.front().state == StrategyState::Running);
        QVERIFY(!paused.orders.empty());
        for (const Order &order : paused.orders)
            QVERIFY(order.submittedAt >= m_spy[2900].first);
        QVERIFY(free.orders.size() > paused.orders.size());
        // A pause aimed at another strategy id changes nothing.
        const auto other = run(strategies, {{0, ControlData{ControlCommand::Pause, StrategyId(2)}}});
        QCOMPARE(other.finalEquity, free.finalEquity);
    }

    void flattenClosesOnlyTheTargetStrategy()
    {
        const auto result = run("  - {name: a, strategy: buy_and_hold, capital: 50000, symbols: [SPY], params: {quantity: 10}}\n"
                                "  - {name: b, strategy: buy_and_hold, capital: 50000, symbols: [SPY], params: {quantity: 20}}\n",
                                {{100, ControlData{ControlCommand::Flatten, StrategyId(1)}}});
        QVERIFY(result.strategies.at(0).equity.back().grossExposure.isZero());
        QVERIFY(result.strategies.at(0).state == StrategyState::Running); // flatten does not disable
        QVERIFY(result.strategies.at(1).equity.back().grossExposure.isPositive());
        // b still holds its 20 shares, marked at the last close.
        QCOMPARE(result.strategies.at(1).equity.back().grossExposure, m_spy.back().second.close * Quantity::fromUnits(20));
    }

    void dailyLossLimitPausesTheStrategy()
    {
        // Fully invested in SPY with max_daily_loss 1%: the first session that closes more than
        // 1% below the previous session's equity pauses the strategy.
        const auto result = run("  - {name: buy_and_hold, capital: 100000, symbols: [SPY], params: {target_percent: 1.0},\n"
                                "     risk_limits: {max_position_size: 1.0, max_leverage: 1.0, max_daily_loss: 0.01}}\n",
                                {});
        const StrategyResult &strategy = result.strategies.front();
        QVERIFY(strategy.state == StrategyState::Paused);
        std::size_t breach = 0;
        for (std::size_t i = 1; i < strategy.equity.size(); ++i) {
            if (strategy.equity[i].equity.toDouble() < 0.99 * strategy.equity[i - 1].equity.toDouble()) {
                breach = i;
                break;
            }
        }
        QVERIFY(breach > 0);
        bool alerted = false;
        for (const Alert &alert : result.alerts) {
            if (alert.message.find("max_daily_loss breached") != std::string::npos) {
                QCOMPARE(alert.time, strategy.equity[breach].time); // the first such session
                alerted = true;
            }
        }
        QVERIFY(alerted);
    }

    void stopEndsTheRunEarly()
    {
        const auto result = run("  - {name: buy_and_hold, capital: 100000, symbols: [SPY]}\n",
                                {{50, ControlData{ControlCommand::Stop, {}}}});
        QVERIFY(result.outcome == EventLoop::Outcome::Stopped);
        QCOMPARE(result.bars, 50u);
    }
};

QTEST_APPLESS_MAIN(TestControlCommands)
#include "tst_controlcommands.moc"
