// Drift monitoring in a run (features.drift): a strategy reads sma(period=1), i.e. the close, and
// the engine watches its distribution. Expected PSI/KS are worked out by hand from the
// definitions in docs/features.md, in the comments.

#include "engine/config/configloader.h"
#include "engine/control/backtestreport.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/memorydatasource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace meridian::engine;

namespace {

class SmaReader final : public Strategy
{
public:
    void onStart(Context &ctx) override
    {
        if (!ctx.subscribeFeature("sma", {{"period", 1}}))
            throw std::runtime_error("sma(period=1) not available");
    }
    void onMarketEvent(Context &, const Event &) override {}
    void generateOrders(Context &, OrderList &) override {}
};

class DriftRecorder final : public EventRecorder
{
public:
    void record(const Event &event) override
    {
        if (event.type == EventType::FeatureDrift)
            drifts.push_back(event);
    }
    std::vector<Event> drifts;
};

Timestamp barTime(int i)
{
    return dailyBarTimestamp(Date{2021, 3 + i / 28, 1 + i % 28});
}

// Closes for bars 0..n-1 from `close(i)`.
template<class Close>
MemoryDataSource::Series series(int n, Close close)
{
    MemoryDataSource::Series out;
    for (int i = 0; i < n; ++i) {
        const Price p = Price::fromDouble(close(i));
        out.emplace_back(barTime(i),
                         BarData{InstrumentId(1), p, p, p, p, Quantity::fromUnits(1000)});
    }
    return out;
}

} // namespace

class TestFeatureDrift : public QObject
{
    Q_OBJECT

    StrategyRegistry m_registry;

    BacktestResult run(MemoryDataSource::Series bars, DriftRecorder &recorder)
    {
        const auto config = ConfigLoader(m_registry).loadText(
            "mode: backtest\n"
            "data: {symbols: [SPY]}\n"
            "features:\n"
            "  drift: {reference_bars: 10, recent_bars: 10, psi_threshold: 0.25, ks_threshold: 0.3}\n"
            "strategies:\n"
            "  - {name: reader, strategy: sma_reader, capital: 100000, symbols: [SPY]}\n",
            "drift.yaml");
        if (!config)
            qFatal("%s", config.error().message().c_str());
        MemoryDataSource source({std::move(bars)});
        BacktestOptions options;
        options.source = &source;
        options.recorder = &recorder;
        auto result = runBacktest(*config, m_registry, options);
        if (!result)
            qFatal("%s", result.error().message().c_str());
        return std::move(*result);
    }

private slots:
    void initTestCase()
    {
        StrategyInfo info;
        info.name = "sma_reader";
        info.description = "reads sma(period=1)";
        info.create = [](const Parameters &) { return std::make_unique<SmaReader>(); };
        QVERIFY(m_registry.add(std::move(info)));
    }

    void shiftAtAKnownBarRaisesOneAlert()
    {
        // Bars 0..19: 1, 2, ..., 10, 1, 2, ..., 10; from bar 20 on: 11, 12, ..., 20.
        // Reference = bars 0..9 = {1..10}: decile edges 2..10, one value per bin, p_i = 0.1.
        // Bar 19: recent = {1..10}, the same: PSI 0, KS 0.
        // Bar 20: recent = {2..10, 11}: bin 0 empty (q = 1e-4 floor), bins 1..8 0.1, bin 9
        // holds 10 and 11 (0.2). PSI = (1e-4 − 0.1)·ln(1e-4/0.1) + (0.2 − 0.1)·ln 2
        //                              = 0.0999·ln 1000 + 0.1·ln 2 = 0.759399470...
        // KS: F_ref − F_recent is 0.1 at every x in 1..10 and 0 at 11: D = 0.1 (under 0.3).
        // Later windows stay over the threshold: no second alert until back under both.
        DriftRecorder recorder;
        const BacktestResult result
            = run(series(30, [](int i) { return i < 20 ? 1.0 + i % 10 : 11.0 + (i - 20); }),
                  recorder);
        const double psi = 0.0999 * std::log(1000.0) + 0.1 * std::log(2.0);
        QCOMPARE(result.featureDrift.size(), std::size_t(1));
        const FeatureDriftRecord &drift = result.featureDrift.front();
        QCOMPARE(drift.time, barTime(20));
        QCOMPARE(QString::fromStdString(drift.strategy), QStringLiteral("reader"));
        QCOMPARE(QString::fromStdString(drift.feature), QStringLiteral("sma@1(period=1)"));
        QCOMPARE(QString::fromStdString(drift.symbol), QStringLiteral("SPY"));
        QVERIFY(drift.statistic == DriftStatistic::Psi);
        QVERIFY(std::fabs(drift.value - psi) < 1e-9);
        QCOMPARE(drift.threshold, 0.25);
        QVERIFY(std::fabs(drift.ks - 0.1) < 1e-12);

        // The event went through the queue with the same numbers.
        QCOMPARE(recorder.drifts.size(), std::size_t(1));
        const Event &event = recorder.drifts.front();
        QCOMPARE(event.timestamp, barTime(20));
        const FeatureDriftData &data = event.featureDrift();
        QVERIFY(data.statistic == DriftStatistic::Psi);
        QVERIFY(std::fabs(data.value - psi) < 1e-9);
        QCOMPARE(data.instrument, InstrumentId(1));
        QCOMPARE(QString::fromUtf8(data.feature.view().data(), qsizetype(data.feature.view().size())),
                 QStringLiteral("sma@1(period=1)"));

        // An Alert record for the reports, and the JSON.
        bool alerted = false;
        for (const Alert &alert : result.alerts)
            alerted = alerted
                      || (alert.time == barTime(20) && alert.source == "reader"
                          && alert.message.find("drift in sma@1(period=1) on SPY") == 0);
        QVERIFY(alerted);
        const QJsonObject json
            = QJsonDocument::fromJson(QByteArray::fromStdString(backtestJson(result))).object();
        const QJsonArray drifts = json.value("feature_drift").toArray();
        QCOMPARE(drifts.size(), 1);
        const QJsonObject first = drifts.at(0).toObject();
        QCOMPARE(first.value("statistic").toString(), QStringLiteral("psi"));
        QCOMPARE(first.value("symbol").toString(), QStringLiteral("SPY"));
        QVERIFY(std::fabs(first.value("value").toDouble() - psi) < 1e-9);
    }

    void stableSeriesRaisesNone()
    {
        // 1..10 repeated: every window of 10 consecutive bars is a permutation of the
        // reference, so PSI = 0 and KS = 0 at every check.
        DriftRecorder recorder;
        const BacktestResult result = run(series(40, [](int i) { return 1.0 + i % 10; }), recorder);
        QVERIFY(result.featureDrift.empty());
        QVERIFY(recorder.drifts.empty());
    }

    void driftKeysAreChecked()
    {
        const auto config = ConfigLoader(m_registry).loadText(
            "mode: backtest\n"
            "data: {symbols: [SPY]}\n"
            "features:\n"
            "  drift: {reference_bars: 2.5, psi_treshold: 1}\n"
            "strategies:\n"
            "  - {name: reader, strategy: sma_reader, capital: 100000, symbols: [SPY]}\n",
            "bad.yaml");
        QVERIFY(!config);
        const QString message = QString::fromStdString(config.error().message());
        QVERIFY2(message.contains("bad.yaml:4:"), qPrintable(message));
        QVERIFY2(message.contains("whole number of bars"), qPrintable(message));
        QVERIFY2(message.contains("psi_threshold"), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestFeatureDrift)
#include "tst_featuredrift.moc"
