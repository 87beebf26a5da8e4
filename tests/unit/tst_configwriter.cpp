// configYaml: every configuration the project ships or tests with survives load → write → load,
// and a non-default value of every key the loader reads comes back unchanged.

#include "strategies/builtinstrategies.h"

#include "engine/config/configloader.h"
#include "engine/config/configwriter.h"

#include <QtTest>

#include <filesystem>
#include <optional>
#include <string>

using namespace meridian::engine;

namespace {

const std::string sourceDir = MERIDIAN_SOURCE_DIR;

// Only HOME, so that '~' in a data path expands the same on every machine.
std::optional<std::string> noEnvironment(const std::string &name)
{
    if (name == "HOME")
        return std::string("/home/tester");
    return std::nullopt;
}

} // namespace

class TestConfigWriter : public QObject
{
    Q_OBJECT

private:
    StrategyRegistry m_registry;

    // The reloaded configuration, or a failed test naming the loader's complaint.
    std::optional<EngineConfig> reload(const EngineConfig &config, const std::string &yaml)
    {
        const ConfigLoader loader(m_registry, noEnvironment);
        auto again = loader.loadText(yaml, config.sourcePath);
        if (!again) {
            qWarning("%s\n%s", again.error().message().c_str(), yaml.c_str());
            return std::nullopt;
        }
        return std::move(*again);
    }

    // `yaml` loaded, saved by the writer and loaded again; nullopt (with the complaint) when a
    // load fails.
    std::optional<EngineConfig> savedAndReloaded(const std::string &yaml, const std::string &name)
    {
        const ConfigLoader loader(m_registry, noEnvironment);
        const auto config = loader.loadText(yaml, name);
        if (!config) {
            qWarning("%s", config.error().message().c_str());
            return std::nullopt;
        }
        return reload(*config, configYaml(*config));
    }

private slots:
    void initTestCase() { meridian::strategies::registerBuiltinStrategies(m_registry); }

    void everyLoadableConfigRoundTrips()
    {
        const ConfigLoader loader(m_registry, noEnvironment);
        int loaded = 0;
        int environments = 0;
        for (const char *folder : {"/config/environments", "/tests/fixtures/config"}) {
            for (const auto &entry :
                 std::filesystem::recursive_directory_iterator(sourceDir + folder)) {
                if (entry.path().extension() != ".yaml")
                    continue;
                const auto config = loader.loadFile(entry.path().string());
                if (!config)
                    continue; // strategies/risk fragments and the deliberately broken fixtures
                ++loaded;
                if (std::string(folder) == "/config/environments")
                    ++environments;
                const std::string first = configYaml(*config);
                const auto again = reload(*config, first);
                QVERIFY2(again.has_value(), entry.path().c_str());
                QCOMPARE(configYaml(*again), first);
                QVERIFY(again->strategies.size() == config->strategies.size());
                QVERIFY(again->data.symbols == config->data.symbols);
                QVERIFY(again->mode == config->mode);
            }
        }
        // Every shipped environment loads (paper/live need no credentials to load), plus the
        // fixtures architecture_backtest.yaml and include_with_risk.yaml.
        QCOMPARE(environments, 5);
        QVERIFY(loaded >= 7);
    }

    void defaultsOfTheBacktestSurvive()
    {
        const ConfigLoader loader(m_registry, noEnvironment);
        const auto config = loader.loadFile(sourceDir + "/config/environments/backtest.yaml");
        QVERIFY(config.has_value());
        const auto again = reload(*config, configYaml(*config));
        QVERIFY(again.has_value());
        QVERIFY(again->clock.startDate == Date::parse("2003-01-01").value());
        QVERIFY(again->clock.endDate == Date::parse("2021-03-31").value());
        QCOMPARE(again->clock.speed, 0.0);
        QVERIFY(again->execution.slippage.model == SlippageConfig::Model::VolumeBased);
        QCOMPARE(again->execution.slippage.baseBps, 5.0);
        QCOMPARE(again->execution.slippage.volumeFactor, 0.1);
        QVERIFY(again->execution.commission.model == CommissionConfig::Model::Alpaca);
        // Alpaca's published fee rates, the documented defaults (docs/execution.md).
        QCOMPARE(again->execution.commission.secFeePerMillion, 27.80);
        QCOMPARE(again->execution.commission.finraTafPerShare, 0.000166);
        QCOMPARE(again->execution.commission.finraTafMax.toString(), std::string("8.3"));
        const StrategyConfig &sma = again->strategies.at(0);
        QCOMPARE(sma.params.integer("fast"), std::int64_t{10});
        QCOMPARE(sma.params.integer("slow"), std::int64_t{30});
        QCOMPARE(sma.riskLimits.maxPositionSize, 0.1);
        QCOMPARE(sma.riskLimits.maxDailyLoss.value(), 0.02);
    }

    // The URL keys of a paper run pointed at another host (docs/live.md).
    void alpacaUrlKeysSurvive()
    {
        const char *yaml = R"(
mode: paper
clock: {type: realtime, source: broker, speed: 60x}
data: {type: realtime, source: alpaca, timeframe: 1m, url: 'http://127.0.0.1:8123',
       stream_url: 'ws://127.0.0.1:8123/v2/iex', trades: true, quotes: true}
execution: {type: broker, trading_url: 'http://127.0.0.1:8123', on_stop: keep, start_check: warn}
strategies:
  - name: sma_crossover
    capital: 1000
    symbols: [SPY]
)";
        const auto c = savedAndReloaded(yaml, "paper.yaml");
        QVERIFY(c.has_value());
        QCOMPARE(c->data.url, std::string("http://127.0.0.1:8123"));
        QCOMPARE(c->data.streamUrl, std::string("ws://127.0.0.1:8123/v2/iex"));
        QCOMPARE(c->execution.tradingUrl, std::string("http://127.0.0.1:8123"));
        QVERIFY(c->execution.onStop == ExecutionConfig::OnStop::Keep);
        QVERIFY(c->execution.startCheck == ExecutionConfig::StartCheck::Warn);
        QVERIFY(!c->execution.confirmLive);
        QVERIFY(c->clock.source == ClockConfig::Source::Broker);
        QVERIFY(c->data.trades);
        QVERIFY(c->data.quotes);
        QCOMPARE(c->clock.speed, 60.0);
    }

    // A live file's own consent is part of the file: a saved version keeps it (the command line's
    // --confirm-live is still needed on top).
    void liveConsentSurvives()
    {
        const char *yaml = R"(
mode: live
clock: {type: realtime}
data: {type: realtime, source: alpaca, timeframe: 1m}
execution: {type: broker, endpoint: live, confirm_live: true}
strategies:
  - name: sma_crossover
    capital: 1000
    symbols: [SPY]
)";
        const auto c = savedAndReloaded(yaml, "live.yaml");
        QVERIFY(c.has_value());
        QVERIFY(c->mode == RunMode::Live);
        QVERIFY(c->execution.confirmLive);
        QVERIFY(c->execution.onStop == ExecutionConfig::OnStop::Cancel);
        QVERIFY(c->execution.startCheck == ExecutionConfig::StartCheck::RequireFlat);
    }

    // A value other than the default for every key the execution work added.
    void nonDefaultValuesOfEveryKeySurvive()
    {
        const char *yaml = R"(
mode: backtest
clock: {type: historical, start_date: 2010-01-04, speed: 10x, market_hours_only: true}
data: {type: historical, timeframe: 5m, symbols: [SPY, AGG], adjustment: total_return, feed: sip}
execution:
  type: simulated
  fill_at: close
  intrabar_path: olhc
  max_participation: 0.25
  queue_position: true
  slippage: {model: market_impact, k: 0.7, window: 15}
  latency: {mean_ms: 12.5, std_ms: 3}
  commission: {model: alpaca, sec_fee_per_million: 8, finra_taf_per_share: 0.000195,
               finra_taf_max: 9.79}
  seed: 7
strategies:
  - name: a
    strategy: sma_crossover
    enabled: false
    capital: 2500.5
    symbols: [SPY]
    params: {fast: 5, slow: 50, quantity: 3}
    risk_limits: {max_position_size: 0.4, max_leverage: 2, max_daily_loss: 0.03,
                  max_drawdown: 0.15, flatten_on_breach: true, max_position_quantity: 400,
                  max_order_quantity: 50, max_order_notional: 12000.25, price_collar: 0.05,
                  max_orders_per_day: 9, allowed_symbols: [SPY], denied_symbols: [AGG],
                  allow_short: false}
  - name: b
    strategy: buy_and_hold
    capital: 1000
    symbols: [AGG]
features: {cache: false, compute_on_demand: false, drift: {reference_bars: 120, recent_bars: 30, psi_threshold: 0.2, ks_threshold: 0.15}}
analytics: {risk_free_rate: 0.021}
account_risk_limits: {max_leverage: 1.5, max_position_size: 0.25, max_daily_loss: 0.03, max_drawdown: 0.2, flatten_on_breach: true}
)";
        const ConfigLoader loader(m_registry, noEnvironment);
        const auto config = loader.loadText(yaml, "all_keys.yaml");
        QVERIFY2(config.has_value(), config ? "" : config.error().message().c_str());
        const std::string written = configYaml(*config);
        QVERIFY(written.rfind("# Saved by Meridian (from all_keys.yaml)", 0) == 0);
        const auto c = reload(*config, written);
        QVERIFY(c.has_value());
        QCOMPARE(configYaml(*c), written);

        QVERIFY(c->clock.startDate == Date::parse("2010-01-04").value());
        QVERIFY(!c->clock.endDate);
        QCOMPARE(c->clock.speed, 10.0);
        QVERIFY(c->clock.marketHoursOnly);
        QCOMPARE(c->data.timeframe, std::string("5m"));
        QVERIFY((c->data.symbols == std::vector<std::string>{"SPY", "AGG"}));
        QVERIFY(c->data.adjustment == DataConfig::Adjustment::TotalReturn);
        QCOMPARE(c->data.feed, std::string("sip"));

        const ExecutionConfig &e = c->execution;
        QVERIFY(e.fillAt == ExecutionConfig::FillAt::Close);
        QVERIFY(e.intrabarPath == ExecutionConfig::IntrabarPath::Olhc);
        QCOMPARE(e.maxParticipation, 0.25);
        QVERIFY(e.queuePosition);
        QVERIFY(e.slippage.model == SlippageConfig::Model::MarketImpact);
        QCOMPARE(e.slippage.k, 0.7);
        QCOMPARE(e.slippage.window, 15);
        QCOMPARE(e.latency.meanMs, 12.5);
        QCOMPARE(e.latency.stdMs, 3.0);
        QCOMPARE(e.commission.secFeePerMillion, 8.0);
        QCOMPARE(e.commission.finraTafPerShare, 0.000195);
        QCOMPARE(e.commission.finraTafMax.toString(), std::string("9.79"));
        QCOMPARE(e.seed, std::uint64_t{7});

        QCOMPARE(c->strategies.size(), std::size_t{2});
        const StrategyConfig &a = c->strategies[0];
        QVERIFY(!a.enabled);
        QCOMPARE(a.capital.toString(), std::string("2500.5"));
        QCOMPARE(a.params.integer("fast"), std::int64_t{5});
        QCOMPARE(a.params.integer("slow"), std::int64_t{50});
        const RiskLimits &r = a.riskLimits;
        QCOMPARE(r.maxPositionSize, 0.4);
        QCOMPARE(r.maxLeverage, 2.0);
        QCOMPARE(r.maxDailyLoss.value(), 0.03);
        QCOMPARE(r.maxDrawdown.value(), 0.15);
        QVERIFY(r.flattenOnBreach);
        QCOMPARE(r.maxPositionQuantity->toString(), std::string("400"));
        QCOMPARE(r.maxOrderQuantity->toString(), std::string("50"));
        QCOMPARE(r.maxOrderNotional->toString(), std::string("12000.25"));
        QCOMPARE(r.priceCollar.value(), 0.05);
        QCOMPARE(r.maxOrdersPerDay.value(), std::uint32_t{9});
        QVERIFY(r.allowedSymbols == std::vector<std::string>{"SPY"});
        QVERIFY(r.deniedSymbols == std::vector<std::string>{"AGG"});
        QVERIFY(!r.allowShort);
        QCOMPARE(c->strategies[1].strategy, std::string("buy_and_hold"));
        QVERIFY(!c->strategies[1].riskLimits.maxDrawdown);

        QVERIFY(!c->features.cache);
        QVERIFY(!c->features.computeOnDemand);
        QVERIFY(c->features.drift.has_value());
        QCOMPARE(c->features.drift->referenceBars, 120);
        QCOMPARE(c->features.drift->recentBars, 30);
        QCOMPARE(c->features.drift->psiThreshold, 0.2);
        QCOMPARE(c->features.drift->ksThreshold, 0.15);
        QCOMPARE(c->analytics.riskFreeRate, 0.021);
        QCOMPARE(c->accountRiskLimits.maxLeverage.value(), 1.5);
        QCOMPARE(c->accountRiskLimits.maxDrawdown.value(), 0.2);
        QCOMPARE(c->accountRiskLimits.maxPositionSize.value(), 0.25);
        QCOMPARE(c->accountRiskLimits.maxDailyLoss.value(), 0.03);
        QVERIFY(c->accountRiskLimits.flattenOnBreach);
    }

    // The models' own keys: each model writes only what it reads (another model's key is an
    // error on loading).
    void everySlippageAndCommissionModelRoundTrips_data()
    {
        QTest::addColumn<QString>("slippage");
        QTest::addColumn<QString>("commission");
        QTest::newRow("none") << "{model: none}" << "{model: none}";
        QTest::newRow("fixed/per_share")
            << "{model: fixed, bps: 2.5}"
            << "{model: per_share, per_share: 0.005, min_per_order: 1, max_percent: 0.01}";
        QTest::newRow("volume/per_order")
            << "{model: volume_based, base_bps: 1, volume_factor: 0.3}"
            << "{model: per_order, per_order: 4.95}";
        QTest::newRow("spread/percent") << "{model: spread, spread_bps: 3}"
                                        << "{model: percent, percent: 0.001, min_per_order: 2}";
    }

    void everySlippageAndCommissionModelRoundTrips()
    {
        QFETCH(QString, slippage);
        QFETCH(QString, commission);
        const std::string yaml = "mode: backtest\nexecution: {slippage: " + slippage.toStdString()
                                 + ", commission: " + commission.toStdString()
                                 + "}\nstrategies:\n  - {name: buy_and_hold, capital: 1000, "
                                   "symbols: [SPY]}\n";
        const ConfigLoader loader(m_registry, noEnvironment);
        const auto config = loader.loadText(yaml, "models.yaml");
        QVERIFY2(config.has_value(), config ? "" : config.error().message().c_str());
        const auto c = reload(*config, configYaml(*config));
        QVERIFY(c.has_value());
        const SlippageConfig &s = c->execution.slippage;
        const SlippageConfig &s0 = config->execution.slippage;
        QVERIFY(s.model == s0.model);
        QCOMPARE(s.bps, s0.bps);
        QCOMPARE(s.baseBps, s0.baseBps);
        QCOMPARE(s.volumeFactor, s0.volumeFactor);
        QCOMPARE(s.spreadBps, s0.spreadBps);
        const CommissionConfig &m = c->execution.commission;
        const CommissionConfig &m0 = config->execution.commission;
        QVERIFY(m.model == m0.model);
        QVERIFY(m.perShare == m0.perShare);
        QVERIFY(m.perOrder == m0.perOrder);
        QCOMPARE(m.percent, m0.percent);
        QVERIFY(m.minPerOrder == m0.minPerOrder);
        QVERIFY(m.maxPercent == m0.maxPercent);
    }
};

QTEST_GUILESS_MAIN(TestConfigWriter)
#include "tst_configwriter.moc"
