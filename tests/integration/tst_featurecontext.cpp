// Features read through Context in a real run: a probe strategy subscribes by name only from
// its 10th bar on (a late, lazy subscription that warms up from the bars kept in history) and
// checks every value against the mean of the last three closes of ctx.history(); a value never
// comes from a bar after now. An unknown feature faults the strategy with the registry's message.

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "strategies/builtinstrategies.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <stdexcept>

using namespace meridian::engine;

namespace {

class FeatureProbe final : public Strategy
{
public:
    explicit FeatureProbe(const Parameters &p)
        : m_feature(p.text("feature"))
    {}

    void onMarketEvent(Context &ctx, const Event &event) override
    {
        ++m_bars;
        if (m_bars < 10)
            return;
        const InstrumentId id = event.bar().instrument;
        const std::optional<double> sma = ctx.feature(m_feature, id, {{"period", 3}});
        if (!sma)
            throw std::logic_error("sma(3) not ready after warming up from history");
        const BarSeries last = ctx.history(id, 3);
        const double mean = (last[0].bar.close.toDouble() + last[1].bar.close.toDouble()
                             + last[2].bar.close.toDouble())
                            / 3.0;
        if (std::fabs(*sma - mean) > 1e-9 * mean)
            throw std::logic_error("sma(3) differs from the mean of the last three closes");
        ++m_checked;
    }
    void generateOrders(Context &, OrderList &) override {}
    void onStop(Context &) override
    {
        if (m_checked == 0)
            throw std::logic_error("nothing checked");
    }

private:
    std::string m_feature;
    int m_bars = 0;
    int m_checked = 0;
};

} // namespace

class TestFeatureContext : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    StrategyRegistry m_registry;

    BacktestResult run(const char *feature)
    {
        const ConfigLoader loader(m_registry);
        const auto config = loader.loadText(
            std::string("mode: backtest\n"
                        "clock: {type: historical, speed: max, start_date: 2020-01-01, end_date: "
                        "2020-03-31}\n"
                        "data: {type: historical, source: sqlite, timeframe: 1d, symbols: [SPY]}\n"
                        "execution: {type: simulated}\n"
                        "strategies:\n"
                        "  - {name: probe, capital: 100000, symbols: [SPY], params: {feature: ")
                + feature + "}}\n",
            "test.yaml");
        if (!config)
            qFatal("config: %s", config.error().message().c_str());
        BacktestOptions options;
        options.storePath = (m_dir.path() + "/market.db").toStdString();
        options.bundledDataDir = MERIDIAN_SOURCE_DIR "/resources/data";
        auto result = runBacktest(*config, m_registry, options);
        if (!result)
            qFatal("backtest: %s", result.error().message().c_str());
        return std::move(*result);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ParameterSchema schema;
        schema.text("feature", "sma", "feature to read");
        QVERIFY(m_registry
                    .add({"probe", "feature probe", schema,
                          [](const Parameters &p) { return std::make_unique<FeatureProbe>(p); }})
                    .has_value());
    }

    void lateSubscriptionWarmsUpFromHistory()
    {
        const BacktestResult result = run("sma");
        const StrategyResult &probe = result.strategies.front();
        QVERIFY2(!probe.fault, probe.fault ? probe.fault->message.c_str() : "");
        QCOMPARE(probe.featureVersions, std::vector<std::string>{"sma@1(period=3)"});
    }

    void unknownFeatureFaultsTheStrategy()
    {
        const BacktestResult result = run("smaa");
        const StrategyResult &probe = result.strategies.front();
        QVERIFY(probe.fault.has_value());
        QCOMPARE(probe.fault->callback, std::string("onMarketEvent"));
        QVERIFY(probe.fault->message.rfind("unknown feature 'smaa' (known: return, ", 0) == 0);
    }
};

QTEST_GUILESS_MAIN(TestFeatureContext)
#include "tst_featurecontext.moc"
