// ConfigLoader: defaults of the issue's minimal file, the shipped config/ files, and the exact
// text (file:line:column: key.path: message) of every kind of validation error.

#include "strategies/builtinstrategies.h"

#include "engine/config/configloader.h"
#include "engine/config/suggestion.h"

#include <QtTest>

#include <cstdlib>
#include <map>
#include <rapidcheck.h>
#include <sstream>

using namespace meridian::engine;

namespace {

const std::string sourceDir = MERIDIAN_SOURCE_DIR;
const std::string fixtures = sourceDir + "/tests/fixtures/config/";

// The strategies the built-in registry provides, with the same schemas; the factory makes a
// strategy that does nothing (the loader never runs one).
class IdleStrategy final : public Strategy
{
public:
    void onMarketEvent(Context &, const Event &) override {}
    void generateOrders(Context &, OrderList &) override {}
};

StrategyInfo fakeInfo(std::string name, ParameterSchema schema)
{
    StrategyInfo info;
    info.name = std::move(name);
    info.description = "test double";
    info.schema = std::move(schema);
    info.create = [](const Parameters &) {
        return std::make_unique<IdleStrategy>();
    };
    return info;
}

StrategyRegistry makeRegistry()
{
    StrategyRegistry registry;
    ParameterSchema buyAndHold;
    buyAndHold.number("quantity", 0, 0, 1e9, "shares to buy; 0 = use target_percent")
        .number("target_percent", 1.0, 0, 1, "fraction of equity to buy");
    ParameterSchema sma;
    sma.integer("fast", 10, 1, 10000, "fast SMA length")
        .integer("slow", 30, 2, 10000, "slow SMA length")
        .number("quantity", 100, 1e-8, 1e9, "shares per entry");
    ParameterSchema sixtyForty;
    sixtyForty.number("stock_weight", 0.6, 0, 1, "weight of the first symbol");
    for (auto &info : {fakeInfo("buy_and_hold", buyAndHold), fakeInfo("sma_crossover", sma),
                       fakeInfo("sixty_forty", sixtyForty)}) {
        if (!registry.add(info))
            throw std::logic_error("test registry");
    }
    return registry;
}

// The minimal file of issue #3, verbatim (with data.path: /tmp/m.db).
const std::string minimalYaml = R"(mode: backtest
clock: {type: historical, speed: max}
data: {type: historical, source: sqlite, path: /tmp/m.db, timeframe: 1d, symbols: [SPY]}
execution: {type: simulated, commission: {model: none}, slippage: {model: none}}
strategies:
  - name: sma_crossover
    enabled: true
    capital: 100000
    symbols: [SPY]
    params: {fast: 10, slow: 30, quantity: 100}
    risk_limits: {max_position_size: 1.0, max_leverage: 1.0}
)";

// minimalYaml with 1-based lines replaced (an empty replacement keeps the line) and lines
// appended, so that each error case shows exactly what it changes.
std::string edited(const std::map<int, std::string> &replacements, const std::string &appended = {})
{
    std::istringstream in(minimalYaml);
    std::string out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto it = replacements.find(number);
        out += (it != replacements.end() ? it->second : line) + "\n";
    }
    return out + appended;
}

using Environment = std::map<std::string, std::string>;

ConfigLoader::EnvironmentLookup lookupIn(Environment environment)
{
    return [environment](const std::string &name) -> std::optional<std::string> {
        const auto it = environment.find(name);
        if (it == environment.end())
            return std::nullopt;
        return it->second;
    };
}

QString errorOf(const Result<EngineConfig> &result)
{
    return result ? QStringLiteral("<loaded without error>")
                  : QString::fromStdString(result.error().message());
}

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// Enums are compared through their YAML spelling, which is also what a failure prints.
template<class E>
QString name(E value)
{
    return QString::fromUtf8(toString(value).data(), qsizetype(toString(value).size()));
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private:
    StrategyRegistry m_registry = makeRegistry();
    ConfigLoader m_loader{m_registry, lookupIn({{"HOME", "/home/trader"},
                                                {"MERIDIAN_TEST_CAPITAL", "250000.25"},
                                                {"DATA_DIR", "/srv/data"}})};

private slots:
    void minimalFileTakesDocumentedDefaults()
    {
        const auto config = m_loader.loadText(minimalYaml, "minimal.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(name(config->mode), QStringLiteral("backtest"));
        QCOMPARE(name(config->clock.type), QStringLiteral("historical"));
        QVERIFY(!config->clock.startDate);
        QVERIFY(!config->clock.endDate);
        QCOMPARE(config->clock.speed, 0.0);
        QCOMPARE(config->clock.marketHoursOnly, false);

        QCOMPARE(name(config->data.type), QStringLiteral("historical"));
        QCOMPARE(qs(config->data.source), QStringLiteral("sqlite"));
        QCOMPARE(qs(config->data.path), QStringLiteral("/tmp/m.db"));
        QCOMPARE(qs(config->data.timeframe), QStringLiteral("1d"));
        QCOMPARE(config->data.symbols, std::vector<std::string>{"SPY"});
        QCOMPARE(name(config->data.adjustment), QStringLiteral("raw"));
        QCOMPARE(qs(config->data.feed), QStringLiteral("iex"));

        const ExecutionConfig &execution = config->execution;
        QCOMPARE(name(execution.type), QStringLiteral("simulated"));
        QCOMPARE(name(execution.fillAt), QStringLiteral("next_open"));
        QCOMPARE(name(execution.slippage.model), QStringLiteral("none"));
        QCOMPARE(execution.slippage.bps, 0.0);
        QCOMPARE(name(execution.commission.model), QStringLiteral("none"));
        QCOMPARE(execution.commission.perShare, Money());
        QVERIFY(!execution.commission.maxPercent);
        QCOMPARE(execution.latency.meanMs, 0.0);
        QCOMPARE(execution.latency.stdMs, 0.0);
        QCOMPARE(execution.seed, std::uint64_t(42));
        QCOMPARE(qs(execution.broker), QStringLiteral("alpaca"));
        QCOMPARE(qs(execution.endpoint), QStringLiteral("paper"));

        QCOMPARE(config->strategies.size(), std::size_t(1));
        const StrategyConfig &strategy = config->strategies[0];
        QCOMPARE(qs(strategy.name), QStringLiteral("sma_crossover"));
        QCOMPARE(qs(strategy.strategy), QStringLiteral("sma_crossover"));
        QCOMPARE(strategy.enabled, true);
        QCOMPARE(strategy.capital.raw(), 100000 * Money::scale);
        QCOMPARE(strategy.symbols, std::vector<std::string>{"SPY"});
        QCOMPARE(strategy.params.integer("fast"), std::int64_t(10));
        QCOMPARE(strategy.params.integer("slow"), std::int64_t(30));
        // quantity is a number parameter: the YAML integer 100 arrives as the double 100.
        QVERIFY(std::holds_alternative<double>(strategy.params.values().at("quantity")));
        QCOMPARE(strategy.params.number("quantity"), 100.0);
        QCOMPARE(strategy.riskLimits.maxPositionSize, 1.0);
        QCOMPARE(strategy.riskLimits.maxLeverage, 1.0);
        QVERIFY(!strategy.riskLimits.maxDailyLoss);

        QCOMPARE(config->features.cache, true);
        QCOMPARE(config->features.computeOnDemand, true);
        QCOMPARE(config->analytics.riskFreeRate, 0.0);
        QCOMPARE(qs(config->sourcePath), QStringLiteral("minimal.yaml"));
        QCOMPARE(config->sourceFiles, std::vector<std::string>{"minimal.yaml"});
    }

    void omittedParamsTakeSchemaDefaults()
    {
        const auto config = m_loader.loadText(edited({{10, "    params: {slow: 50}"}}), "a.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        const Parameters &params = config->strategies[0].params;
        QCOMPARE(params.integer("fast"), std::int64_t(10));
        QCOMPARE(params.integer("slow"), std::int64_t(50));
        QCOMPARE(params.number("quantity"), 100.0);
        QCOMPARE(params.values().size(), std::size_t(3));
    }

    void exactMoneyAndParameterConversion()
    {
        const auto config = m_loader.loadText(
            edited({{4, "execution: {commission: {model: per_share, per_share: 0.005, "
                        "min_per_order: 1, max_percent: 0.01}}"},
                    {8, "    capital: 100000.12345678"},
                    {10, "    params: {fast: 1e1, slow: 30.0, quantity: 0.5}"}}),
            "a.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        // 100000.12345678 at 1e-8 scale: exactly 10000012345678 raw units (a double would not
        // hold the last digit exactly).
        QCOMPARE(config->strategies[0].capital.raw(), std::int64_t(10'000'012'345'678));
        const CommissionConfig &commission = config->execution.commission;
        QCOMPARE(name(commission.model), QStringLiteral("per_share"));
        QCOMPARE(commission.perShare.raw(), std::int64_t(500'000));
        QCOMPARE(commission.minPerOrder.raw(), Money::scale);
        QCOMPARE(commission.maxPercent.value_or(-1), 0.01);
        // Whole numbers written as 1e1 and 30.0 are accepted for integer parameters.
        QCOMPARE(config->strategies[0].params.integer("fast"), std::int64_t(10));
        QCOMPARE(config->strategies[0].params.integer("slow"), std::int64_t(30));
        QCOMPARE(config->strategies[0].params.number("quantity"), 0.5);
    }

    void everyKeyParsed()
    {
        const std::string yaml = R"(mode: backtest
clock: {type: historical, start_date: 2003-01-01, end_date: 2021-03-31, speed: 10x,
        market_hours_only: true}
data: {path: markets/m.db, timeframe: 5m, symbols: [SPY, TLT], adjustment: total_return,
       feed: sip}
execution:
  fill_at: close
  slippage: {model: volume_based, base_bps: 5, volume_factor: 0.1}
  latency: {mean_ms: 10, std_ms: 5}
  commission: {model: percent, percent: 0.001, min_per_order: 0.35}
  seed: 7
strategies:
  - name: sma_crossover
    capital: 100000
    symbols: [TLT]
features: {cache: false, compute_on_demand: false}
analytics: {risk_free_rate: 0.02}
)";
        const auto config = m_loader.loadText(yaml, "/etc/meridian/env.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(config->clock.startDate, std::optional<Date>(Date{2003, 1, 1}));
        QCOMPARE(config->clock.endDate, std::optional<Date>(Date{2021, 3, 31}));
        QCOMPARE(config->clock.speed, 10.0);
        QCOMPARE(config->clock.marketHoursOnly, true);
        // A relative path is anchored at the config file's directory.
        QCOMPARE(qs(config->data.path), QStringLiteral("/etc/meridian/markets/m.db"));
        QCOMPARE(qs(config->data.timeframe), QStringLiteral("5m"));
        QCOMPARE(config->data.symbols, (std::vector<std::string>{"SPY", "TLT"}));
        QCOMPARE(name(config->data.adjustment), QStringLiteral("total_return"));
        QCOMPARE(qs(config->data.feed), QStringLiteral("sip"));
        const ExecutionConfig &execution = config->execution;
        QCOMPARE(name(execution.fillAt), QStringLiteral("close"));
        QCOMPARE(name(execution.slippage.model), QStringLiteral("volume_based"));
        QCOMPARE(execution.slippage.baseBps, 5.0);
        QCOMPARE(execution.slippage.volumeFactor, 0.1);
        QCOMPARE(execution.latency.meanMs, 10.0);
        QCOMPARE(execution.latency.stdMs, 5.0);
        QCOMPARE(name(execution.commission.model), QStringLiteral("percent"));
        QCOMPARE(execution.commission.percent, 0.001);
        QCOMPARE(execution.commission.minPerOrder.raw(), std::int64_t(35'000'000));
        QCOMPARE(execution.seed, std::uint64_t(7));
        QCOMPARE(config->features.cache, false);
        QCOMPARE(config->features.computeOnDemand, false);
        QCOMPARE(config->analytics.riskFreeRate, 0.02);
    }

    void speedSpellings_data()
    {
        QTest::addColumn<QString>("speed");
        QTest::addColumn<double>("expected");
        QTest::newRow("max") << "max" << 0.0;
        QTest::newRow("1x") << "1x" << 1.0;
        QTest::newRow("10x") << "10x" << 10.0;
        QTest::newRow("0.5x") << "0.5x" << 0.5;
        QTest::newRow("number") << "25" << 25.0;
    }

    void speedSpellings()
    {
        QFETCH(QString, speed);
        QFETCH(double, expected);
        const auto config = m_loader.loadText(
            edited({{2, "clock: {type: historical, speed: " + speed.toStdString() + "}"}}),
            "a.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(config->clock.speed, expected);
    }

    void shippedFilesLoad_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *file : {"backtest.yaml", "paper.yaml", "live.yaml",
                                 "sixty_forty_backtest.yaml", "buy_and_hold_spy.yaml"})
            QTest::newRow(file) << QString::fromLatin1(file);
    }

    void shippedFilesLoad()
    {
        QFETCH(QString, file);
        const std::string path = sourceDir + "/config/environments/" + file.toStdString();
        const auto config = m_loader.loadFile(path);
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(qs(config->sourcePath), qs(path));
        QVERIFY(!config->strategies.empty());
    }

    void shippedBacktest()
    {
        // ARCHITECTURE.md's configuration shape with realistic execution (issue #4).
        const auto config = m_loader.loadFile(sourceDir + "/config/environments/backtest.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(name(config->mode), QStringLiteral("backtest"));
        QCOMPARE(name(config->clock.type), QStringLiteral("historical"));
        QCOMPARE(config->clock.speed, 0.0);
        QVERIFY(config->clock.startDate == (Date{2003, 1, 1}));
        QVERIFY(config->clock.endDate == (Date{2021, 3, 31}));
        QCOMPARE(qs(config->data.path), QString()); // the default store
        QCOMPARE(config->data.symbols, std::vector<std::string>{"SPY"});
        const ExecutionConfig &execution = config->execution;
        QCOMPARE(name(execution.type), QStringLiteral("simulated"));
        QCOMPARE(name(execution.fillAt), QStringLiteral("next_open"));
        QCOMPARE(name(execution.intrabarPath), QStringLiteral("ohlc"));
        QCOMPARE(name(execution.slippage.model), QStringLiteral("volume_based"));
        QCOMPARE(execution.slippage.baseBps, 5.0);
        QCOMPARE(execution.slippage.volumeFactor, 0.1);
        QCOMPARE(execution.latency.meanMs, 10.0);
        QCOMPARE(execution.latency.stdMs, 5.0);
        QCOMPARE(name(execution.commission.model), QStringLiteral("alpaca"));
        QCOMPARE(execution.seed, std::uint64_t(42));
        QCOMPARE(config->strategies.size(), std::size_t(1));
        const StrategyConfig &sma = config->strategies[0];
        QCOMPARE(qs(sma.strategy), QStringLiteral("sma_crossover"));
        QCOMPARE(sma.capital, Money::fromUnits(100000));
        QCOMPARE(sma.params.integer("fast"), std::int64_t(10));
        QCOMPARE(sma.params.integer("slow"), std::int64_t(30));
        QCOMPARE(sma.params.number("quantity"), 20.0);
        QCOMPARE(sma.riskLimits.maxPositionSize, 0.1);
        QCOMPARE(sma.riskLimits.maxDailyLoss, std::optional<double>(0.02));
        // The strategies list is the shared one of paper.yaml and live.yaml.
        QCOMPARE(config->sourceFiles,
                 (std::vector<std::string>{sourceDir + "/config/environments/backtest.yaml",
                                           sourceDir + "/config/risk_limits.yaml",
                                           sourceDir + "/config/strategies/sma_crossover.yaml"}));
    }

    // clock.source: broker follows a replay's market clock at its pace; the wall clock runs at 1x.
    void realtimeClockSourceAndPace()
    {
        const auto paper = [&](const std::string &clock) {
            return m_loader.loadText("mode: paper\nclock: " + clock
                                         + "\ndata: {type: realtime, source: alpaca, timeframe: "
                                           "1m, symbols: [SPY]}\nstrategies:\n  - {name: "
                                           "sma_crossover, capital: 1000, symbols: [SPY]}\n",
                                     "paper.yaml");
        };
        const auto broker = paper("{type: realtime, source: broker, speed: 60x}");
        QVERIFY2(broker, qPrintable(errorOf(broker)));
        QVERIFY(broker->clock.source == ClockConfig::Source::Broker);
        QCOMPARE(broker->clock.speed, 60.0);
        const auto wall = paper("{type: realtime}");
        QVERIFY2(wall, qPrintable(errorOf(wall)));
        QVERIFY(wall->clock.source == ClockConfig::Source::Wall);
        QCOMPARE(wall->clock.speed, 1.0);
        // "clock: {type: realtime, source: broker, speed: " is 47 characters.
        QCOMPARE(errorOf(paper("{type: realtime, source: broker, speed: max}")),
                 QStringLiteral("paper.yaml:2:48: clock.speed: a realtime clock that follows the "
                                "broker needs the replay's pace, such as '60x', got 'max'"));
        // "clock: {type: realtime, speed: " is 31 characters.
        QCOMPARE(errorOf(paper("{type: realtime, speed: 10x}")),
                 QStringLiteral("paper.yaml:2:32: clock.speed: a realtime clock on the wall clock "
                                "runs at 1x, got '10x'"));
        // "clock: {type: realtime, source: " is 32 characters.
        QCOMPARE(errorOf(paper("{type: realtime, source: exchange}")),
                 QStringLiteral("paper.yaml:2:33: clock.source: expected one of wall, broker, got "
                                "'exchange'"));
    }

    void shippedPaperAndLive()
    {
        const auto paper = m_loader.loadFile(sourceDir + "/config/environments/paper.yaml");
        QVERIFY2(paper, qPrintable(errorOf(paper)));
        QCOMPARE(name(paper->mode), QStringLiteral("paper"));
        QCOMPARE(name(paper->clock.type), QStringLiteral("realtime"));
        QCOMPARE(paper->clock.speed, 1.0);
        QCOMPARE(paper->clock.marketHoursOnly, false);
        QCOMPARE(name(paper->data.type), QStringLiteral("realtime"));
        QCOMPARE(qs(paper->data.source), QStringLiteral("alpaca"));
        QCOMPARE(qs(paper->data.feed), QStringLiteral("iex"));
        QCOMPARE(paper->data.symbols, std::vector<std::string>{"SPY"});
        QCOMPARE(name(paper->execution.type), QStringLiteral("simulated"));
        QCOMPARE(name(paper->execution.slippage.model), QStringLiteral("volume_based"));
        QCOMPARE(paper->execution.latency.meanMs, 50.0);
        // The shared strategy sets all three limits, overriding risk_limits.yaml's 1.0 / 1.0 /
        // 0.05: the same values as in the backtest.
        const RiskLimits &limits = paper->strategies[0].riskLimits;
        QCOMPARE(limits.maxPositionSize, 0.1);
        QCOMPARE(limits.maxLeverage, 1.0);
        QCOMPARE(limits.maxDailyLoss, std::optional<double>(0.02));
        QCOMPARE(paper->strategies[0].params.number("quantity"), 20.0);

        const auto live = m_loader.loadFile(sourceDir + "/config/environments/live.yaml");
        QVERIFY2(live, qPrintable(errorOf(live)));
        QCOMPARE(name(live->mode), QStringLiteral("live"));
        QCOMPARE(name(live->execution.type), QStringLiteral("broker"));
        QCOMPARE(qs(live->execution.endpoint), QStringLiteral("live"));
        QCOMPARE(qs(live->data.feed), QStringLiteral("sip"));
        // Same strategies in all three environments.
        QCOMPARE(live->strategies[0].params.values(), paper->strategies[0].params.values());
        const auto backtest = m_loader.loadFile(sourceDir + "/config/environments/backtest.yaml");
        QVERIFY2(backtest, qPrintable(errorOf(backtest)));
        for (const EngineConfig *other : {&*paper, &*live}) {
            QCOMPARE(other->strategies.size(), backtest->strategies.size());
            const StrategyConfig &a = other->strategies[0];
            const StrategyConfig &b = backtest->strategies[0];
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.capital, b.capital);
            QCOMPARE(a.symbols, b.symbols);
            QCOMPARE(a.params.values(), b.params.values());
            QCOMPARE(a.riskLimits.maxPositionSize, b.riskLimits.maxPositionSize);
            QCOMPARE(a.riskLimits.maxDailyLoss, b.riskLimits.maxDailyLoss);
        }
    }

    void shippedSixtyFortyAndBuyAndHold()
    {
        const auto sixty
            = m_loader.loadFile(sourceDir + "/config/environments/sixty_forty_backtest.yaml");
        QVERIFY2(sixty, qPrintable(errorOf(sixty)));
        QCOMPARE(sixty->clock.startDate, std::optional<Date>(Date{2002, 7, 30}));
        QCOMPARE(sixty->clock.endDate, std::optional<Date>(Date{2019, 9, 5}));
        QCOMPARE(sixty->data.symbols, (std::vector<std::string>{"SPY", "TLT"}));
        QCOMPARE(name(sixty->data.adjustment), QStringLiteral("total_return"));
        QCOMPARE(name(sixty->execution.fillAt), QStringLiteral("close"));
        QCOMPARE(qs(sixty->strategies[0].strategy), QStringLiteral("sixty_forty"));
        QCOMPARE(sixty->strategies[0].symbols, (std::vector<std::string>{"SPY", "TLT"}));
        QCOMPARE(sixty->strategies[0].params.number("stock_weight"), 0.6);
        QCOMPARE(sixty->strategies[0].capital, Money::fromUnits(100000));
        QCOMPARE(sixty->strategies[0].riskLimits.maxLeverage, 1.0);

        const auto hold
            = m_loader.loadFile(sourceDir + "/config/environments/buy_and_hold_spy.yaml");
        QVERIFY2(hold, qPrintable(errorOf(hold)));
        QCOMPARE(qs(hold->strategies[0].strategy), QStringLiteral("buy_and_hold"));
        QCOMPARE(hold->strategies[0].params.number("target_percent"), 1.0);
        QCOMPARE(hold->strategies[0].params.number("quantity"), 0.0);
        QCOMPARE(name(hold->data.adjustment), QStringLiteral("raw"));
        QCOMPARE(name(hold->execution.fillAt), QStringLiteral("close"));
        QVERIFY(!hold->clock.startDate);
        QVERIFY(!hold->clock.endDate);
    }

    void builtinRegistryAcceptsShippedFiles_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *file :
             {"config/environments/backtest.yaml", "config/environments/paper.yaml",
              "config/environments/live.yaml", "config/environments/sixty_forty_backtest.yaml",
              "config/environments/buy_and_hold_spy.yaml",
              "tests/fixtures/config/architecture_backtest.yaml"})
            QTest::newRow(file) << QString::fromLatin1(file);
    }

    // The real strategies' schemas, not the test doubles: the shipped parameters must pass them.
    void builtinRegistryAcceptsShippedFiles()
    {
        QFETCH(QString, path);
        StrategyRegistry registry;
        meridian::strategies::registerBuiltinStrategies(registry);
        const ConfigLoader loader(registry, lookupIn({{"HOME", "/home/trader"}}));
        const auto config = loader.loadFile(sourceDir + "/" + path.toStdString());
        QVERIFY2(config, qPrintable(errorOf(config)));
        for (const StrategyConfig &strategy : config->strategies) {
            const StrategyInfo *info = registry.find(strategy.strategy);
            QVERIFY(info != nullptr);
            QVERIFY(info->create(strategy.params) != nullptr);
        }
    }

    void architectureExample()
    {
        // ARCHITECTURE.md's example, with the real registry (mean_reversion is built in).
        StrategyRegistry registry;
        meridian::strategies::registerBuiltinStrategies(registry);
        const ConfigLoader loader(registry, lookupIn({{"HOME", "/home/trader"}}));
        const auto config = loader.loadFile(fixtures + "architecture_backtest.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(qs(config->data.path),
                 QStringLiteral("/home/trader/.local/share/meridian/market.db"));
        // Alpaca: no commission, regulatory fees on sells (the alpaca model).
        QCOMPARE(name(config->execution.commission.model), QStringLiteral("alpaca"));
        const StrategyConfig &strategy = config->strategies[0];
        QCOMPARE(qs(strategy.name), QStringLiteral("mean_reversion_v1"));
        QCOMPARE(qs(strategy.strategy), QStringLiteral("mean_reversion"));
        QCOMPARE(strategy.params.integer("window"), std::int64_t(20));
        QCOMPARE(strategy.params.number("entry_z"), 2.0);
        QCOMPARE(strategy.riskLimits.maxPositionSize, 0.1);
        QCOMPARE(strategy.riskLimits.maxDailyLoss, std::optional<double>(0.02));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *name, const std::string &yaml, const std::string &error) {
            QTest::newRow(name) << qs(yaml) << qs(error);
        };

        // Columns count from 1: "    capital: " is 13 characters, so the value is at 14.
        row("capital not a number", edited({{8, "    capital: abc"}}),
            "backtest.yaml:8:14: strategies[0].capital: expected a positive number, got 'abc'");
        row("capital negative", edited({{8, "    capital: -5"}}),
            "backtest.yaml:8:14: strategies[0].capital: expected a positive number, got '-5'");
        row("capital zero", edited({{8, "    capital: 0"}}),
            "backtest.yaml:8:14: strategies[0].capital: expected a positive number, got '0'");
        row("capital too precise", edited({{8, "    capital: 1.000000001"}}),
            "backtest.yaml:8:14: strategies[0].capital: expected a positive number, got "
            "'1.000000001' ('1.000000001' has more than 8 decimal places)");
        row("capital empty", edited({{8, "    capital:"}}),
            "backtest.yaml:8:5: strategies[0].capital: expected a positive number, got nothing");
        row("unknown top-level key", edited({}, "featurez: {cache: true}\n"),
            "backtest.yaml:12:1: featurez: unknown key; did you mean 'features'?");
        row("unknown key without suggestion", edited({}, "colour: blue\n"),
            "backtest.yaml:12:1: colour: unknown key; allowed keys: mode, clock, data, "
            "execution, strategies, features, analytics, risk_limits_file, account_risk_limits");
        row("unknown strategy key",
            edited({{10, "    paramz: {fast: 10, slow: 30, quantity: 100}"}}),
            "backtest.yaml:10:5: strategies[0].paramz: unknown key; did you mean 'params'?");
        row("duplicate key", edited({}, "mode: paper\n"),
            "backtest.yaml:12:1: mode: duplicate key (first set at line 1)");
        // "  - name: " is 10 characters.
        row("unknown strategy", edited({{6, "  - name: sma_crosover"}}),
            "backtest.yaml:6:11: strategies[0].name: unknown strategy 'sma_crosover'; did you "
            "mean 'sma_crossover'?");
        row("unknown strategy, no suggestion", edited({{6, "  - name: momentum"}}),
            "backtest.yaml:6:11: strategies[0].name: unknown strategy 'momentum'; registered "
            "strategies: buy_and_hold, sixty_forty, sma_crossover");
        // "    params: {fast: 10, " is 23 characters: the key slwo starts at 24.
        row("unknown param", edited({{10, "    params: {fast: 10, slwo: 30, quantity: 100}"}}),
            "backtest.yaml:10:24: strategies[0].params.slwo: unknown parameter of "
            "'sma_crossover'; did you mean 'slow'?");
        row("unknown param, no suggestion",
            edited({{10, "    params: {fast: 10, window: 30, quantity: 100}"}}),
            "backtest.yaml:10:24: strategies[0].params.window: unknown parameter of "
            "'sma_crossover'; its parameters are fast, slow, quantity");
        // "    params: {fast: " is 19 characters.
        row("param out of range", edited({{10, "    params: {fast: 0, slow: 30, quantity: 100}"}}),
            "backtest.yaml:10:20: strategies[0].params.fast: expected an integer in [1, 10000], "
            "got 0");
        row("param wrong type", edited({{10, "    params: {fast: ten, slow: 30, quantity: 100}"}}),
            "backtest.yaml:10:20: strategies[0].params.fast: expected an integer in [1, 10000], "
            "got 'ten'");
        // "clock: {type: " is 14 characters.
        row("wrong enum value", edited({{2, "clock: {type: histrical, speed: max}"}}),
            "backtest.yaml:2:15: clock.type: expected one of historical, realtime, got "
            "'histrical'; did you mean 'historical'?");
        // "data: {symbols: [SPY], trades: " is 31 characters.
        row("trades in a backtest", edited({{3, "data: {symbols: [SPY], trades: true}"}}),
            "backtest.yaml:3:32: data.trades: applies only to realtime data (a backtest reads "
            "stored bars)");
        // "execution: {start_check: " is 25 characters.
        row("wrong start check", edited({{4, "execution: {start_check: flat}"}}),
            "backtest.yaml:4:26: execution.start_check: expected one of require_flat, warn, got "
            "'flat'");
        row("wrong mode", edited({{1, "mode: production"}}),
            "backtest.yaml:1:7: mode: expected one of backtest, paper, live, got 'production'");
        // "clock: {type: historical, start_date: " is 38 characters.
        row("bad date",
            edited({{2, "clock: {type: historical, start_date: 2020-02-30, speed: max}"}}),
            "backtest.yaml:2:39: clock.start_date: expected a date (YYYY-MM-DD), got "
            "'2020-02-30'");
        row("date format", edited({{2, "clock: {type: historical, start_date: 03/01/2020}"}}),
            "backtest.yaml:2:39: clock.start_date: expected a date (YYYY-MM-DD), got "
            "'03/01/2020'");
        // ... "2020-01-02, end_date: " adds 22: the end date is at 61.
        row("end before start",
            edited(
                {{2, "clock: {type: historical, start_date: 2020-01-02, end_date: 2020-01-01}"}}),
            "backtest.yaml:2:61: clock.end_date: end date 2020-01-01 is before start date "
            "2020-01-02");
        // "clock: {type: historical, speed: " is 33 characters.
        row("bad speed", edited({{2, "clock: {type: historical, speed: fast}"}}),
            "backtest.yaml:2:34: clock.speed: expected 'max', a pace such as '10x', or a "
            "positive number, got 'fast'");
        row("zero speed", edited({{2, "clock: {type: historical, speed: 0x}"}}),
            "backtest.yaml:2:34: clock.speed: expected 'max', a pace such as '10x', or a "
            "positive number, got '0x'");
        // "data: {type: historical, source: sqlite, path: /tmp/m.db, timeframe: " is 69
        // characters; the bar store's parser decides which bar lengths exist.
        row("unsupported timeframe",
            edited({{3, "data: {type: historical, source: sqlite, path: /tmp/m.db, timeframe: 2d, "
                        "symbols: [SPY]}"}}),
            "backtest.yaml:3:70: data.timeframe: timeframe '2d': only 1d is supported for daily "
            "bars");
        row("missing env var", edited({{8, "    capital: ${MERIDIAN_UNSET_CAPITAL}"}}),
            "backtest.yaml:8:14: strategies[0].capital: environment variable "
            "MERIDIAN_UNSET_CAPITAL is not set");
        row("secret env var refused", edited({{8, "    capital: ${APCA_API_KEY_ID}"}}),
            "backtest.yaml:8:14: strategies[0].capital: refusing to substitute "
            "${APCA_API_KEY_ID}: it looks like a credential, and credentials are never written "
            "in YAML; Meridian reads them from the environment or the OS keyring itself");
        // "data: {type: historical, source: sqlite, path: " is 47 characters; inside {...} a
        // value holding ${...} must be quoted (braces are flow indicators).
        row("password env var refused",
            edited({{3, "data: {type: historical, source: sqlite, path: '/db/${DB_PASSWORD}', "
                        "symbols: [SPY]}"}}),
            "backtest.yaml:3:48: data.path: refusing to substitute ${DB_PASSWORD}: it looks "
            "like a credential, and credentials are never written in YAML; Meridian reads them "
            "from the environment or the OS keyring itself");
        row("unterminated substitution", edited({{8, "    capital: ${CAPITAL"}}),
            "backtest.yaml:8:14: strategies[0].capital: unterminated '${' in '${CAPITAL' "
            "(write '$${' for a literal '${')");
        // "    symbols: [SPY, " is 19 characters.
        row("symbol not in data.symbols", edited({{9, "    symbols: [SPY, TLT]"}}),
            "backtest.yaml:9:20: strategies[0].symbols[1]: 'TLT' is not in data.symbols (SPY)");
        row("bad symbol", edited({{9, "    symbols: [SPY, spy]"}}),
            "backtest.yaml:9:20: strategies[0].symbols[1]: symbol 'spy' may hold only "
            "upper-case letters, digits and '.', '-', '/'");
        row("duplicate symbol", edited({{9, "    symbols: [SPY, SPY]"}}),
            "backtest.yaml:9:20: strategies[0].symbols[1]: duplicate symbol 'SPY'");
        // "    symbols: " is 13 characters.
        row("empty symbols", edited({{9, "    symbols: []"}}),
            "backtest.yaml:9:14: strategies[0].symbols: expected at least one symbol");
        row("mode vs clock", edited({{2, "clock: {type: realtime}"}}),
            "backtest.yaml:2:15: clock.type: mode 'backtest' needs a historical clock, got "
            "'realtime'");
        // "execution: {type: " is 18 characters.
        row("backtest with broker",
            edited({{4, "execution: {type: broker, commission: {model: none}, slippage: {model: "
                        "none}}"}}),
            "backtest.yaml:4:19: execution.type: mode 'backtest' needs simulated execution, got "
            "'broker'");
        row("live without broker",
            "mode: live\n"
            "strategies:\n"
            "  - {name: sma_crossover, capital: 100000, symbols: [SPY]}\n",
            "backtest.yaml:1:7: execution.type: mode 'live' needs execution type 'broker' (the "
            "default is 'simulated')");
        row("live on the paper endpoint",
            "mode: live\n"
            "execution: {type: broker}\n"
            "strategies:\n"
            "  - {name: sma_crossover, capital: 100000, symbols: [SPY]}\n",
            "backtest.yaml:2:19: execution.endpoint: mode 'live' needs endpoint 'live' (the "
            "default is 'paper')");
        // "execution: {type: broker, endpoint: " is 36 characters.
        row("paper on the live endpoint",
            "mode: paper\n"
            "execution: {type: broker, endpoint: live}\n"
            "strategies:\n"
            "  - {name: sma_crossover, capital: 100000, symbols: [SPY]}\n",
            "backtest.yaml:2:37: execution.endpoint: mode 'paper' never sends orders to the live "
            "endpoint; use endpoint 'paper', or mode 'live' for real money");
        // "data: {type: historical, source: " is 33 characters.
        row("historical data from alpaca",
            edited({{3, "data: {type: historical, source: alpaca, symbols: [SPY]}"}}),
            "backtest.yaml:3:34: data.source: historical data comes from 'sqlite', got "
            "'alpaca'");
        // "execution: {commission: {model: none, " is 38 characters.
        row("commission key of another model",
            edited({{4, "execution: {commission: {model: none, per_share: 0.01}}"}}),
            "backtest.yaml:4:50: execution.commission.per_share: applies only to model "
            "'per_share'");
        row("commission model needs its amount",
            edited({{4, "execution: {commission: {model: per_order}}"}}),
            "backtest.yaml:4:25: execution.commission: model 'per_order' needs per_order");
        // "    risk_limits: {max_position_size: 1.0, max_leverage: " is 56 characters.
        row("risk limit out of range",
            edited({{11, "    risk_limits: {max_position_size: 1.0, max_leverage: 0}"}}),
            "backtest.yaml:11:57: strategies[0].risk_limits.max_leverage: expected a number in "
            "(0, 100], got '0'");
        row("missing required keys", "mode: backtest\nstrategies:\n  - name: sma_crossover\n",
            "backtest.yaml:3:5: strategies[0]: missing required key 'capital'\n"
            "backtest.yaml:3:5: strategies[0]: missing required key 'symbols'");
        row("missing mode", "strategies:\n  - {name: sma_crossover, capital: 1, symbols: [SPY]}\n",
            "backtest.yaml:1:1: missing required key 'mode' (backtest, paper or live)");
        row("empty file", "",
            "backtest.yaml:1:1: the configuration is empty; expected a map "
            "with keys mode, clock, data, execution, strategies, features, "
            "analytics, risk_limits_file, account_risk_limits");
        row("not a map", "- mode: backtest\n",
            "backtest.yaml:1:1: expected a map with keys mode, clock, data, execution, "
            "strategies, features, analytics, risk_limits_file, account_risk_limits, got a list");
        row("duplicate instance name",
            "mode: backtest\n"
            "strategies:\n"
            "  - {name: sma_crossover, capital: 1, symbols: [SPY]}\n"
            "  - {name: sma_crossover, capital: 1, symbols: [SPY]}\n",
            "backtest.yaml:4:12: strategies[1].name: duplicate strategy name 'sma_crossover' "
            "(also strategies[0]); give each instance its own name and set 'strategy' to the "
            "registered class");
        row("two documents", minimalYaml + "---\nmode: paper\n",
            "backtest.yaml:12:1: a config file holds one YAML document; found a second one");
        // yaml-cpp 0.7's LoadAll loops forever on these (jbeder/yaml-cpp#1040).
        row("lone comma", ",", "backtest.yaml:1:1: unexpected ','");
        row("comma after the file", minimalYaml + ",\n",
            "backtest.yaml:12:1: end of map not found");
        row("comma in a second document", minimalYaml + "---\n,\n",
            "backtest.yaml:12:1: a config file holds one YAML document; found a second one");
    }

    void errors()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        const auto config = m_loader.loadText(yaml.toStdString(), "backtest.yaml");
        QCOMPARE(errorOf(config), expected);
    }

    // Where a paper run finds its broker and data when not at Alpaca's hosts (a sandbox).
    void alpacaUrlKeys()
    {
        const std::string head = "mode: paper\nclock: {type: realtime}\n";
        const std::string strategies = "strategies:\n  - name: sma_crossover\n"
                                       "    capital: 1000\n    symbols: [SPY]\n";
        const auto config = m_loader.loadText(
            std::string(head)
                .append("data: {type: realtime, source: alpaca, timeframe: 1m,\n"
                        "       url: 'http://127.0.0.1:8123/', stream_url: "
                        "'ws://127.0.0.1:8123/v2/iex'}\n"
                        "execution: {type: broker, trading_url: 'https://broker.example'}\n")
                .append(strategies),
            "paper.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(qs(config->data.url), QStringLiteral("http://127.0.0.1:8123")); // no '/'
        QCOMPARE(qs(config->data.streamUrl), QStringLiteral("ws://127.0.0.1:8123/v2/iex"));
        QCOMPARE(qs(config->execution.tradingUrl), QStringLiteral("https://broker.example"));

        const auto bad = m_loader.loadText(
            std::string(head)
                .append("data: {type: realtime, stream_url: 'http://127.0.0.1:1/v2/iex'}\n"
                        "execution: {type: broker, trading_url: 127.0.0.1}\n")
                .append(strategies),
            "paper.yaml");
        QCOMPARE(errorOf(bad),
                 QStringLiteral("paper.yaml:3:36: data.stream_url: expected a URL ws://host[:port] "
                                "or wss://host[:port], got 'http://127.0.0.1:1/v2/iex'\n"
                                "paper.yaml:4:40: execution.trading_url: expected a URL "
                                "http://host[:port] or https://host[:port], got '127.0.0.1'"));
    }

    void yamlSyntaxError()
    {
        // The flow sequence opened on line 9 is never closed: inside it, "SPY" and the next
        // line's "params" read as one plain scalar, and yaml-cpp stops at the ':' after
        // "params" (line 10, column 11), where a sequence cannot continue.
        const auto config = m_loader.loadText(edited({{9, "    symbols: [SPY"}}), "backtest.yaml");
        QCOMPARE(errorOf(config),
                 QStringLiteral("backtest.yaml:10:11: end of sequence flow not found"));
    }

    void severalErrorsReportedTogether()
    {
        const auto config
            = m_loader.loadText(edited({{2, "clock: {type: histrical, speed: max}"},
                                        {8, "    capital: abc"},
                                        {10, "    params: {fast: 0, slow: 30, quantity: 100}"}},
                                       "featurez: {cache: true}\n"),
                                "backtest.yaml");
        QCOMPARE(errorOf(config),
                 QStringLiteral(
                     "backtest.yaml:2:15: clock.type: expected one of historical, realtime, got "
                     "'histrical'; did you mean 'historical'?\n"
                     "backtest.yaml:8:14: strategies[0].capital: expected a positive number, got "
                     "'abc'\n"
                     "backtest.yaml:10:20: strategies[0].params.fast: expected an integer in [1, "
                     "10000], got 0\n"
                     "backtest.yaml:12:1: featurez: unknown key; did you mean 'features'?"));
    }

    void environmentSubstitution()
    {
        const auto config = m_loader.loadText(
            edited({{3, "data: {path: '${DATA_DIR}/m$${x}.db', symbols: [SPY]}"},
                    {8, "    capital: ${MERIDIAN_TEST_CAPITAL}"}}),
            "a.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        // Substituted before conversion: the capital is parsed exactly from "250000.25".
        QCOMPARE(config->strategies[0].capital.raw(), std::int64_t(25'000'025'000'000));
        // "$${" is a literal "${".
        QCOMPARE(qs(config->data.path), QStringLiteral("/srv/data/m${x}.db"));
    }

    void processEnvironmentIsTheDefault()
    {
        qputenv("MERIDIAN_TST_CONFIG_SEED", "1234");
        const ConfigLoader loader(m_registry);
        const auto config = loader.loadText(
            edited({{4, "execution: {seed: '${MERIDIAN_TST_CONFIG_SEED}'}"}}), "a.yaml");
        qunsetenv("MERIDIAN_TST_CONFIG_SEED");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(config->execution.seed, std::uint64_t(1234));
    }

    void homeExpansion()
    {
        const auto config = m_loader.loadText(
            edited({{3, "data: {path: ~/.local/share/meridian/market.db, symbols: [SPY]}"}}),
            "/etc/meridian/backtest.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(qs(config->data.path),
                 QStringLiteral("/home/trader/.local/share/meridian/market.db"));
    }

    void dataSymbolsDefaultToTheStrategiesUnion()
    {
        const auto config = m_loader.loadFile(fixtures + "include_with_risk.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        // fast_sma trades [SPY, QQQ], hold_tlt [TLT, SPY]: first appearance order.
        QCOMPARE(config->data.symbols, (std::vector<std::string>{"SPY", "QQQ", "TLT"}));
    }

    void includedStrategiesAndRiskDefaults()
    {
        const auto config = m_loader.loadFile(fixtures + "include_with_risk.yaml");
        QVERIFY2(config, qPrintable(errorOf(config)));
        QCOMPARE(config->sourceFiles,
                 (std::vector<std::string>{fixtures + "include_with_risk.yaml",
                                           fixtures + "risk/defaults.yaml",
                                           fixtures + "strategies/two_strategies.yaml"}));
        QCOMPARE(config->strategies.size(), std::size_t(2));
        const StrategyConfig &fast = config->strategies[0];
        QCOMPARE(qs(fast.name), QStringLiteral("fast_sma"));
        QCOMPARE(qs(fast.strategy), QStringLiteral("sma_crossover"));
        QCOMPARE(fast.capital.raw(), std::int64_t(6'000'050'000'000));
        QCOMPARE(fast.params.integer("fast"), std::int64_t(5));
        QCOMPARE(fast.params.integer("slow"), std::int64_t(30));
        // Its own max_leverage wins; the rest comes from the file's defaults.
        QCOMPARE(fast.riskLimits.maxLeverage, 2.0);
        QCOMPARE(fast.riskLimits.maxPositionSize, 0.5);
        QCOMPARE(fast.riskLimits.maxDailyLoss, std::optional<double>(0.02));
        const StrategyConfig &hold = config->strategies[1];
        QCOMPARE(qs(hold.strategy), QStringLiteral("buy_and_hold"));
        QCOMPARE(hold.enabled, false);
        QCOMPARE(hold.params.number("target_percent"), 1.0);
        QCOMPARE(hold.riskLimits.maxLeverage, 1.5);
    }

    void errorInIncludedFileNamesThatFile()
    {
        const auto config = m_loader.loadFile(fixtures + "include_bad_capital.yaml");
        QCOMPARE(errorOf(config), qs(fixtures
                                     + "strategies/bad_capital.yaml:4:14: strategies[0].capital: "
                                       "expected a positive number, got 'abc'"));
    }

    void errorInRiskLimitsFileNamesThatFile()
    {
        const auto config = m_loader.loadFile(fixtures + "include_bad_risk.yaml");
        QCOMPARE(errorOf(config),
                 qs(fixtures
                    + "risk/bad.yaml:3:17: defaults.max_leverage: expected a number "
                      "in (0, 100], got '500'"));
    }

    void missingIncludedFile()
    {
        const auto config = m_loader.loadFile(fixtures + "include_missing.yaml");
        // "strategies: " is 12 characters.
        QCOMPARE(errorOf(config),
                 qs(fixtures
                    + "include_missing.yaml:2:13: strategies: cannot open strategies "
                      "file '"
                    + fixtures
                    + "strategies/does_not_exist.yaml': No such "
                      "file or directory"));
    }

    void missingConfigFile()
    {
        const auto config = m_loader.loadFile("/nonexistent/meridian/backtest.yaml");
        QCOMPARE(errorOf(config),
                 QStringLiteral("cannot open config file '/nonexistent/meridian/backtest.yaml': "
                                "No such file or directory"));
        const auto directory = m_loader.loadFile(fixtures);
        QCOMPARE(errorOf(directory),
                 qs("cannot open config file '" + fixtures + "': Is a directory"));
    }

    void editDistances_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("distance");
        QTest::newRow("equal") << "params"
                               << "params" << 0;
        QTest::newRow("case only") << "Capital"
                                   << "capital" << 0;
        QTest::newRow("one substitution") << "paramz"
                                          << "params" << 1;
        QTest::newRow("transposition") << "slwo"
                                       << "slow" << 1;
        QTest::newRow("insertion") << "mde"
                                   << "mode" << 1;
        QTest::newRow("kitten") << "kitten"
                                << "sitting" << 3;
        QTest::newRow("empty") << ""
                               << "abc" << 3;
        QTest::newRow("unrelated") << "fast"
                                   << "slow" << 4;
    }

    void editDistances()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, distance);
        QCOMPARE(int(editDistance(a.toStdString(), b.toStdString())), distance);
        QCOMPARE(int(editDistance(b.toStdString(), a.toStdString())), distance);
    }

    void closestMatches()
    {
        const std::vector<std::string> keys{"name",    "strategy", "enabled",    "capital",
                                            "symbols", "params",   "risk_limits"};
        QCOMPARE(closestMatch("paramz", keys), std::optional<std::string>("params"));
        QCOMPARE(closestMatch("symbol", keys), std::optional<std::string>("symbols"));
        QCOMPARE(closestMatch("risk_limit", keys), std::optional<std::string>("risk_limits"));
        QCOMPARE(closestMatch("nmae", keys), std::optional<std::string>("name"));
        QVERIFY(!closestMatch("colour", keys));
        // Two edits in a four-letter word is too far to be a typo.
        QVERIFY(!closestMatch("nope", keys));
    }

    void neverThrows()
    {
        QVERIFY(
            rc::check("loadText returns a Result for any text", [this](const std::string &text) {
                const auto config = m_loader.loadText(text, "fuzz.yaml");
                const bool answered = config.has_value() || !config.error().message().empty();
                RC_ASSERT(answered); // computed first: RC_ASSERT would not short-circuit ||
            }));
        // Text made of YAML's structural characters finds parser corner cases (a lone ','
        // made yaml-cpp 0.7's LoadAll loop forever).
        QVERIFY(rc::check("loadText returns a Result for YAML-like text", [this]() {
            const auto text = *rc::gen::container<std::string>(
                rc::gen::element('{', '}', '[', ']', ':', ',', '-', '?', '!', '&', '*', '|', '>',
                                 '#', '\'', '"', '%', '@', ' ', '\n', '\t', 'a', '1', '.'));
            const auto config = m_loader.loadText(text, "fuzz.yaml");
            const bool answered = config.has_value() || !config.error().message().empty();
            RC_ASSERT(answered);
        }));
        // Random edits of a valid file reach deeper into the loader than random text does.
        QVERIFY(rc::check("loadText survives edits of the minimal file", [this]() {
            std::string yaml = minimalYaml;
            const auto edits = *rc::gen::inRange(1, 4);
            for (int i = 0; i < edits; ++i) {
                const auto at = *rc::gen::inRange<std::size_t>(0, yaml.size());
                const auto c = *rc::gen::element('{', '}', '[', ']', ':', ',', '-', ' ', '\n', '$',
                                                 'x', '0', '\'', '#');
                if (*rc::gen::arbitrary<bool>())
                    yaml.insert(at, 1, c);
                else
                    yaml.erase(at, 1);
            }
            const auto config = m_loader.loadText(yaml, "fuzz.yaml");
            const bool answered = config.has_value() || !config.error().message().empty();
            RC_ASSERT(answered); // computed first: RC_ASSERT would not short-circuit ||
        }));
    }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "tst_config.moc"
