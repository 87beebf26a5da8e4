// config/environments/backtest.yaml — ARCHITECTURE.md's configuration shape with volume-based
// slippage (5 bps + 0.1 × participation), 10 ± 5 ms latency, Alpaca fees and the shared
// config/strategies/sma_crossover.yaml (20 shares, a 10% position limit) — run on the bundled daily SPY and checked fill by fill against the independent
// pure-Python replay tests/fixtures/reference/realistic_execution_spy.py (its output is checked
// in next to it).

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "strategies/builtinstrategies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace meridian::engine;

class TestRealisticBacktest : public QObject
{
    Q_OBJECT

private slots:
    void shippedBacktestMatchesTheIndependentReplay()
    {
        QFile file(MERIDIAN_SOURCE_DIR "/tests/fixtures/reference/realistic_execution_spy.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(file.readAll()).object();

        StrategyRegistry registry;
        meridian::strategies::registerBuiltinStrategies(registry);
        const auto config = ConfigLoader(registry).loadFile(MERIDIAN_SOURCE_DIR "/config/environments/backtest.yaml");
        QVERIFY2(config, config ? "" : config.error().message().c_str());
        QTemporaryDir dir;
        BacktestOptions options;
        options.storePath = (dir.path() + "/market.db").toStdString();
        options.bundledDataDir = MERIDIAN_SOURCE_DIR "/resources/data";
        const auto result = runBacktest(*config, registry, options);
        QVERIFY2(result, result ? "" : result.error().message().c_str());

        QCOMPARE(static_cast<qint64>(result->bars), expected["bars"].toInteger());
        QCOMPARE(result->ordersRejected, std::uint64_t(0));
        const QJsonArray fills = expected["fills"].toArray();
        QCOMPARE(result->fills.size(), static_cast<std::size_t>(fills.size()));
        for (qsizetype i = 0; i < fills.size(); ++i) {
            const QJsonObject fill = fills[i].toObject();
            const FillRecord &actual = result->fills[static_cast<std::size_t>(i)];
            QCOMPARE(QString::fromStdString(formatNewYork(actual.time).substr(0, 10)), fill["date"].toString());
            QVERIFY((actual.side == Side::Buy) == (fill["side"].toString() == "buy"));
            QCOMPARE(actual.quantity, *Quantity::parse(fill["qty"].toString().toStdString()));
            QCOMPARE(actual.price, *Price::parse(fill["price"].toString().toStdString()));
            QCOMPARE(actual.commission, *Money::parse(fill["commission"].toString().toStdString()));
        }
        QCOMPARE(result->commission, *Money::parse(expected["commission"].toString().toStdString()));
        QCOMPARE(result->finalEquity, *Money::parse(expected["final_equity"].toString().toStdString()));
        // Latency was drawn for every order (10 ± 5 ms) but never moved a daily fill.
        QVERIFY(result->execution.averageLatencyMs > 5.0 && result->execution.averageLatencyMs < 15.0);
        QCOMPARE(result->execution.fillRate, 1.0);
    }
};

QTEST_APPLESS_MAIN(TestRealisticBacktest)
#include "tst_realisticbacktest.moc"
