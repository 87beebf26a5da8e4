// End-to-end backtests through the real engine on the bundled (real) market data, checked
// against figures computed independently: ../shared/data/reference_figures.json (the
// buy-and-hold and 60/40 numbers below are copied from it) and the Python reference in
// tests/fixtures/reference/sma_crossover_spy.py.

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/barstore.h"
#include "engine/data/csvimport.h"
#include "engine/data/historicaldatasource.h"
#include "engine/features/featurecache.h"
#include "strategies/builtinstrategies.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

using namespace meridian::engine;

namespace {

const QString kBundledData = QStringLiteral(MERIDIAN_SOURCE_DIR "/resources/data");

// Records what it saw; buys `quantity` on bar `buyAt` (counted from 1); optionally throws on
// bar `throwAt` after leaving a working limit order.
class ProbeStrategy final : public Strategy
{
public:
    explicit ProbeStrategy(const Parameters &p)
        : m_buyAt(p.integer("buy_at"))
        , m_throwAt(p.integer("throw_at"))
    {}

    void onMarketEvent(Context &ctx, const Event &event) override
    {
        ++m_bars;
        const InstrumentId instrument = event.bar().instrument;
        const BarSeries all = ctx.history(instrument, 100000);
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (all[i].time > ctx.now())
                throw std::logic_error("history holds a bar after now");
        }
        if (all.empty() || all.back().time != ctx.now() || all.back().bar.close != event.bar().close)
            throw std::logic_error("the latest history bar is not the current bar");
        if (ctx.lastPrice(instrument) != event.bar().close)
            throw std::logic_error("lastPrice is not the current close");
        if (m_throwAt > 0 && m_bars == m_throwAt)
            throw std::runtime_error("probe failure on purpose");
    }

    void generateOrders(Context &ctx, OrderList &orders) override
    {
        const InstrumentId instrument = ctx.instruments().front();
        if (m_bars == m_buyAt)
            orders.push_back(OrderIntent::market(instrument, Side::Buy, Quantity::fromUnits(10)));
        if (m_throwAt > 0 && m_bars == m_throwAt - 1)
            orders.push_back(OrderIntent::limit(instrument, Side::Buy, Quantity::fromUnits(1), *Price::parse("1"))
                                 .withTimeInForce(TimeInForce::Gtc));
    }

private:
    std::int64_t m_buyAt;
    std::int64_t m_throwAt;
    std::int64_t m_bars = 0;
};

StrategyRegistry makeRegistry()
{
    StrategyRegistry registry;
    meridian::strategies::registerBuiltinStrategies(registry);
    ParameterSchema schema;
    schema.integer("buy_at", 1, 0, 1000000, "bar on which to buy 10 shares")
        .integer("throw_at", 0, 0, 1000000, "bar on which to throw (0 = never)");
    StrategyInfo info{"probe", "test probe", schema,
                      [](const Parameters &p) { return std::make_unique<ProbeStrategy>(p); }};
    if (!registry.add(info))
        qFatal("cannot register the probe strategy");
    return registry;
}

} // namespace

class TestBacktest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StrategyRegistry m_registry = makeRegistry();

    std::string storePath() const { return (m_dir.path() + "/market.db").toStdString(); }

    BacktestResult run(const std::string &yaml)
    {
        const ConfigLoader loader(m_registry);
        const auto config = loader.loadText(yaml, "test.yaml");
        if (!config)
            qFatal("config: %s", config.error().message().c_str());
        BacktestOptions options;
        options.storePath = storePath();
        options.bundledDataDir = kBundledData.toStdString();
        auto result = runBacktest(*config, m_registry, options);
        if (!result)
            qFatal("backtest: %s", result.error().message().c_str());
        return std::move(*result);
    }

    // Bars, final equity and every trade against a reference JSON in tests/fixtures/reference.
    void compareWithReference(const BacktestResult &result, const char *file,
                              QJsonObject &expected)
    {
        QFile json(QStringLiteral(MERIDIAN_SOURCE_DIR "/tests/fixtures/reference/") + file);
        if (!json.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", file);
        expected = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE_EQ(static_cast<qint64>(result.bars), expected["bars"].toInteger());
        QCOMPARE_EQ(QString::fromStdString(result.finalEquity.toString(2)), expected["final_equity"].toString());
        const QJsonArray trades = expected["trades"].toArray();
        QCOMPARE_EQ(result.trades.size(), static_cast<std::size_t>(trades.size()));
        for (qsizetype i = 0; i < trades.size() && i < qsizetype(result.trades.size()); ++i) {
            const QJsonObject trade = trades[i].toObject();
            const TradeRecord &actual = result.trades[static_cast<std::size_t>(i)];
            QCOMPARE_EQ(QString::fromStdString(formatNewYork(actual.entryTime).substr(0, 10)),
                        trade["entry_date"].toString());
            QCOMPARE_EQ(QString::fromStdString(actual.entryPrice.toString(2)), trade["entry_price"].toString());
            QCOMPARE_EQ(QString::fromStdString(actual.quantity.toString(2)), trade["qty"].toString());
            QCOMPARE_EQ(QString::fromStdString(actual.exitPrice.toString(2)), trade["exit_price"].toString());
            QCOMPARE_EQ(QString::fromStdString(actual.pnl.toString(2)), trade["pnl"].toString());
            if (trade["exit_date"].isNull())
                QVERIFY(!actual.exitTime.has_value());
            else
                QCOMPARE_EQ(QString::fromStdString(formatNewYork(*actual.exitTime).substr(0, 10)),
                            trade["exit_date"].toString());
        }
    }

    // The run records the feature versions its strategy read, and every order is traced to the
    // values read at its decision: the same numbers a batch computation gives for that bar, from
    // a bar stamped no later than the decision.
    void checkFeatureTrace(const BacktestResult &result, const std::string &version)
    {
        const StrategyResult &strategy = result.strategies.front();
        QVERIFY(std::find(strategy.featureVersions.begin(), strategy.featureVersions.end(), version)
                != strategy.featureVersions.end());
        QVERIFY(strategy.featureIssues.empty());
        QCOMPARE_EQ(strategy.featureTraces.size(), 2 * result.trades.size()
                                                     - (result.trades.back().exitTime ? 0 : 1));
        auto store = BarStore::open(storePath());
        const auto dataset = store->latestDataset("SPY", "1d");
        const auto bars = loadBars(*store, **dataset, InstrumentId(1), Timestamp::min(),
                                   Timestamp::max(), Adjustment::Raw);
        const FeatureRegistry registry = FeatureRegistry::builtin();
        std::map<std::string, FeatureSeries> batch;
        for (const FeatureTrace &trace : strategy.featureTraces) {
            QVERIFY(!trace.readings.empty());
            for (const FeatureReading &reading : trace.readings) {
                QVERIFY(reading.time <= trace.time);
                if (batch.count(reading.feature) == 0) {
                    const auto open = reading.feature.find('(');
                    const std::string name = reading.feature.substr(0, reading.feature.find('@'));
                    const std::string period = reading.feature.substr(open + 8, reading.feature.find(')') - open - 8);
                    const auto spec = registry.resolve(name, {{"period", std::stod(period)}});
                    QCOMPARE_EQ(spec->version(), reading.feature);
                    batch[reading.feature] = *computeFeatureSeries(registry, *spec, *bars);
                }
                const FeatureSeries &series = batch[reading.feature];
                const auto at = std::find(series.times.begin(), series.times.end(), reading.time);
                QVERIFY(at != series.times.end());
                QCOMPARE_EQ(series.values[std::size_t(at - series.times.begin())], reading.value);
            }
        }
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(backtestJson(result))).object();
        const QJsonObject features = json["strategies"].toArray()[0].toObject()["features"].toObject();
        QVERIFY(features["versions"].toArray().contains(QString::fromStdString(version)));
        QCOMPARE_EQ(features["order_features"].toArray().size(), qsizetype(strategy.featureTraces.size()));
    }

    static std::string config(const std::string &symbols, const std::string &strategies,
                              const std::string &extra = {})
    {
        return "mode: backtest\n"
               "clock: {type: historical, speed: max" + extra + "}\n"
               "data: {type: historical, source: sqlite, timeframe: 1d, symbols: [" + symbols + "]}\n"
               "execution: {type: simulated, commission: {model: none}, slippage: {model: none}}\n"
               "strategies:\n" + strategies;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void buyAndHoldMatchesReferenceFigures_data()
    {
        QTest::addColumn<QString>("adjustment");
        QTest::addColumn<double>("totalReturn");
        QTest::addColumn<double>("maxDrawdown");
        QTest::addColumn<double>("volatility");
        // reference_figures.json, daily/SPY.csv
        QTest::newRow("raw") << "raw" << 3.070768282662284 << 0.5645140664961636 << 0.19565555700039208;
        QTest::newRow("total_return") << "total_return" << 5.199196790063316 << 0.5516731790606118
                                      << 0.19534196560597256;
    }

    void buyAndHoldMatchesReferenceFigures()
    {
        QFETCH(QString, adjustment);
        QFETCH(double, totalReturn);
        QFETCH(double, maxDrawdown);
        QFETCH(double, volatility);
        const auto result = run(
            "mode: backtest\n"
            "clock: {type: historical, speed: max}\n"
            "data: {type: historical, source: sqlite, timeframe: 1d, symbols: [SPY], adjustment: "
            + adjustment.toStdString()
            + "}\n"
              "execution: {type: simulated, fill_at: close, commission: {model: none}, slippage: {model: none}}\n"
              "strategies:\n"
              "  - {name: buy_and_hold, capital: 100000, symbols: [SPY], params: {target_percent: 1.0},\n"
              "     risk_limits: {max_position_size: 1.0, max_leverage: 1.0}}\n");
        QCOMPARE(result.bars, 5849u);
        QCOMPARE(result.equity.size(), std::size_t(5849));
        // To the cent: 100000 × (1 + total return).
        const double expectedFinal = 100000.0 * (1.0 + totalReturn);
        QCOMPARE(std::llround(result.finalEquity.toDouble() * 100.0), std::llround(expectedFinal * 100.0));
        QVERIFY(std::abs(result.metrics.totalReturn - totalReturn) < 1e-9);
        QVERIFY(std::abs(result.metrics.maxDrawdown - maxDrawdown) < 1e-9);
        QVERIFY(std::abs(result.metrics.volatility - volatility) < 1e-9);
        QCOMPARE(formatNewYork(result.metrics.maxDrawdownPeak).substr(0, 10), std::string("2007-10-09"));
        QCOMPARE(formatNewYork(result.metrics.maxDrawdownTrough).substr(0, 10), std::string("2009-03-09"));
        // Portfolio invariant at the end, exactly.
        QCOMPARE(result.trades.size(), std::size_t(1));
        QVERIFY(!result.trades.front().exitTime.has_value());
    }

    void sixtyFortyMatchesReferencePortfolio()
    {
        const auto result = run(
            "mode: backtest\n"
            "clock: {type: historical, start_date: 2002-07-30, end_date: 2019-09-05, speed: max}\n"
            "data: {type: historical, source: sqlite, timeframe: 1d, symbols: [SPY, TLT], adjustment: total_return}\n"
            "execution: {type: simulated, fill_at: close, commission: {model: none}, slippage: {model: none}}\n"
            "strategies:\n"
            "  - {name: sixty_forty, capital: 100000, symbols: [SPY, TLT], params: {stock_weight: 0.6},\n"
            "     risk_limits: {max_position_size: 1.0, max_leverage: 1.0}}\n");
        // reference_figures.json, "portfolio: 60% SPY / 40% TLT"
        QCOMPARE(result.equity.size(), std::size_t(4306));
        QCOMPARE(result.finalEquity.toString(2).substr(0, result.finalEquity.toString(2).find('.') + 3),
                 std::string("443582.82"));
        QVERIFY(std::abs(result.metrics.totalReturn - 3.4358282325547815) < 1e-8);
        QVERIFY(std::abs(result.metrics.maxDrawdown - 0.31450273192107114) < 1e-8);
        QVERIFY(std::abs(result.metrics.volatility - 0.09705724434589028) < 1e-8);
        QVERIFY(std::abs(result.metrics.cagr - 0.09102176893892766) < 1e-8);
        // One initial allocation plus 206 month-end rebalances, two fills each.
        QCOMPARE(result.fills.size(), std::size_t(2 + 2 * 206));
        for (const Order &order : result.orders)
            QVERIFY(order.status == OrderStatus::Filled);
    }

    void smaCrossoverMatchesIndependentReference()
    {
        const auto result = run(config("SPY", "  - name: sma_crossover\n"
                                              "    capital: 100000\n"
                                              "    symbols: [SPY]\n"
                                              "    params: {fast: 10, slow: 30, quantity: 100}\n"
                                              "    risk_limits: {max_position_size: 1.0, max_leverage: 1.0}\n"));
        QJsonObject expected;
        compareWithReference(result, "sma_crossover_spy_10_30_100.json", expected);
        QVERIFY(std::abs(result.metrics.maxDrawdown - expected["max_drawdown"].toDouble()) < 1e-9);
        QVERIFY(std::abs(result.metrics.volatility - expected["volatility"].toDouble()) < 1e-9);
    }

    // tests/fixtures/reference/feature_strategies_spy.py: the strategies' rules on floating-point
    // indicators written from their definitions, money in exact fractions.
    void rsiReversalMatchesIndependentReference()
    {
        const auto result = run(config("SPY", "  - name: rsi_reversal\n"
                                              "    capital: 100000\n"
                                              "    symbols: [SPY]\n"
                                              "    params: {period: 14, oversold: 30, overbought: 70, quantity: 100}\n"
                                              "    risk_limits: {max_position_size: 1.0, max_leverage: 1.0}\n"));
        QJsonObject expected;
        compareWithReference(result, "rsi_reversal_spy_14_30_70_100.json", expected);
        checkFeatureTrace(result, "rsi@1(period=14)");
    }

    void trendFollowingMatchesIndependentReference()
    {
        const auto result = run(config("SPY", "  - name: trend_following\n"
                                              "    capital: 100000\n"
                                              "    symbols: [SPY]\n"
                                              "    params: {fast: 20, slow: 50, atr_period: 14, atr_multiple: 3, quantity: 100}\n"
                                              "    risk_limits: {max_position_size: 1.0, max_leverage: 1.0}\n"));
        QJsonObject expected;
        compareWithReference(result, "trend_following_spy_20_50_14_3_100.json", expected);
        checkFeatureTrace(result, "atr@1(period=14)");
    }

    void marketOrderFillsAtNextBarOpenAndHistoryNeverLooksAhead()
    {
        const auto result = run(config("SPY", "  - {name: probe, capital: 100000, symbols: [SPY], params: {buy_at: 3}}\n",
                                       ", start_date: 1998-01-02, end_date: 1998-01-09"));
        QVERIFY(result.strategies.front().state == StrategyState::Running); // every history check passed
        QCOMPARE(result.fills.size(), std::size_t(1));
        const FillRecord &fill = result.fills.front();
        // Decided at the close of the 3rd bar (1998-01-06), filled at the 4th bar's open:
        // daily/SPY.csv 1998-01-07 open 96.09, stamped at that session's close (21:00Z, EST).
        QCOMPARE(formatIso(fill.time), std::string("1998-01-07T21:00:00Z"));
        QCOMPARE(fill.price.toString(2), std::string("96.09"));
        QCOMPARE(fill.quantity, Quantity::fromUnits(10));
    }

    void faultingStrategyIsIsolated()
    {
        const std::string both = "  - {name: probe, capital: 100000, symbols: [SPY], params: {buy_at: 0, throw_at: 10}}\n"
                                 "  - {name: sma_crossover, capital: 100000, symbols: [SPY], params: {fast: 10, slow: 30, quantity: 100}}\n";
        const auto result = run(config("SPY", both));
        const StrategyResult &probe = result.strategies.at(0);
        QVERIFY(probe.state == StrategyState::Faulted);
        QVERIFY(probe.fault.has_value());
        QCOMPARE(probe.fault->callback, std::string("onMarketEvent"));
        QCOMPARE(probe.fault->message, std::string("probe failure on purpose"));
        QCOMPARE(formatNewYork(probe.fault->time).substr(0, 10), std::string("1998-01-15")); // 10th bar
        // Its working limit order (placed on bar 9) was cancelled.
        bool sawCancelledProbeOrder = false;
        for (const Order &order : result.orders) {
            if (order.strategy == StrategyId(1)) {
                QVERIFY(order.status == OrderStatus::Canceled);
                sawCancelledProbeOrder = true;
            }
        }
        QVERIFY(sawCancelledProbeOrder);
        // The other strategy ran to the end exactly as it does alone.
        QVERIFY(result.strategies.at(1).state == StrategyState::Running);
        QCOMPARE(result.strategies.at(1).finalEquity.toString(2), std::string("112003.00"));
        QVERIFY(QString::fromStdString(backtestSummary(result)).contains("FAULTED: probe"));
    }

    void sameConfigGivesByteIdenticalJson()
    {
        const std::string yaml = config("SPY", "  - {name: sma_crossover, capital: 100000, symbols: [SPY], params: {fast: 5, slow: 20, quantity: 50}}\n");
        const QRegularExpression timing("\"(elapsed_s|events_per_s)\": [^,\\n]+");
        const QString first = QString::fromStdString(backtestJson(run(yaml)));
        const QString second = QString::fromStdString(backtestJson(run(yaml)));
        QCOMPARE(QString(first).replace(timing, ""), QString(second).replace(timing, ""));
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(first.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        for (const char *key : {"strategy", "symbols", "start", "end", "bars", "events_processed", "initial_equity",
                                "final_equity", "total_return", "cagr", "volatility", "sharpe", "sortino",
                                "max_drawdown", "max_drawdown_duration_days", "trades", "win_rate", "profit_factor",
                                "exposure", "commission", "dataset_versions", "trade_list"})
            QVERIFY2(json.contains(key), key);
    }

    void runRecordsTheDatasetVersionItUsed()
    {
        const std::string yaml = config("SPY", "  - {name: buy_and_hold, capital: 100000, symbols: [SPY]}\n");
        const auto before = run(yaml);
        QCOMPARE(before.datasets.size(), std::size_t(1));
        const int version = before.datasets.front().version;
        auto store = BarStore::open(storePath());
        QVERIFY(store.has_value());
        ImportOptions options;
        options.symbol = "SPY";
        options.timeframe = *Timeframe::parse("1d");
        QVERIFY(importCsvFile(*store, (kBundledData + "/daily/SPY.csv").toStdString(), options).has_value());
        const auto after = run(yaml);
        QCOMPARE(after.datasets.front().version, version + 1);
    }
};

QTEST_APPLESS_MAIN(TestBacktest)
#include "tst_backtest.moc"
