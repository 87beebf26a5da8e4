// Journey tests of the workstation window on the bundled sample data (offscreen): run
// sma_crossover on SPY and check every view against the backtest report of the same
// configuration; cancel, pause and step a slow run; refuse a faulty configuration; survive a
// strategy that throws. With MERIDIAN_SCREENSHOT_DIR set, the window is also saved as
// mainwindow-dark.png / mainwindow-light.png after the run (docs/images).

#include "ui/analyticscharts.h"
#include "ui/equitychart.h"
#include "ui/fillsmodel.h"
#include "ui/formatting.h"
#include "ui/languagemanager.h"
#include "ui/logmodel.h"
#include "ui/mainwindow.h"
#include "ui/metricsmodel.h"
#include "ui/ordersmodel.h"
#include "ui/pricechart.h"
#include "ui/runsmodel.h"
#include "ui/settingsdialog.h"
#include "ui/strategypanel.h"
#include "ui/tradesmodel.h"

#include "engine/config/configloader.h"
#include "engine/core/civiltime.h"
#include "engine/control/backtestreport.h"
#include "strategies/builtinstrategies.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSettings>
#include <QSpinBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace meridian;
using namespace meridian::ui;

namespace {

const QString sourceDir = QStringLiteral(MERIDIAN_SOURCE_DIR);

// Throws from onMarketEvent on the 50th bar: the run must end "faulted" with this message.
class ThrowingStrategy final : public engine::Strategy
{
public:
    void onMarketEvent(engine::Context &, const engine::Event &) override
    {
        if (++m_bars == 50)
            throw std::runtime_error("deliberate failure on bar 50");
    }
    void generateOrders(engine::Context &, engine::OrderList &) override {}

private:
    int m_bars = 0;
};

engine::StrategyRegistry testRegistry()
{
    engine::StrategyRegistry registry;
    strategies::registerBuiltinStrategies(registry);
    engine::StrategyInfo thrower;
    thrower.name = "thrower";
    thrower.description = "throws on its 50th bar (test only)";
    thrower.create = [](const engine::Parameters &) { return std::make_unique<ThrowingStrategy>(); };
    [[maybe_unused]] auto added = registry.add(std::move(thrower));
    return registry;
}

// The JSON value at a metrics-table key ("sharpe", "dataset_versions[0]", "strategies[0].state",
// "execution.rejections_by_reason.max_position_size").
QJsonValue jsonAt(const QJsonObject &report, const QString &key)
{
    const QStringList steps = key.split(QLatin1Char('.'));
    const QString &head = steps.first();
    const qsizetype bracket = head.indexOf(QLatin1Char('['));
    QJsonValue value = report.value(bracket < 0 ? head : head.left(bracket));
    if (bracket >= 0)
        value = value.toArray().at(head.mid(bracket + 1, head.indexOf(QLatin1Char(']')) - bracket - 1).toInt());
    for (qsizetype i = 1; i < steps.size(); ++i)
        value = value.toObject().value(steps.at(i));
    return value;
}

// The keys of an object section down to its leaves (an empty object is a leaf).
void addLeafKeys(const QString &path, const QJsonObject &section, QSet<QString> &keys)
{
    for (auto it = section.begin(); it != section.end(); ++it) {
        const QString key = path + QLatin1Char('.') + it.key();
        if (it.value().isObject() && !it.value().toObject().isEmpty())
            addLeafKeys(key, it.value().toObject(), keys);
        else
            keys << key;
    }
}

// The number of daily SPY bars a configuration replays, worked out without the engine: the
// rows of the bundled CSV whose date lies within the config file's clock start_date..end_date
// (inclusive; a missing bound is open). One symbol, so one instant per bar.
int expectedSpyBars(const QString &configPath)
{
    QFile config(configPath);
    if (!config.open(QIODevice::ReadOnly))
        return -1;
    const QString yaml = QString::fromUtf8(config.readAll());
    const auto bound = [&yaml](const QString &key) {
        const QRegularExpression pattern(key + QStringLiteral(R"(\s*:\s*(\d{4}-\d{2}-\d{2}))"));
        return pattern.match(yaml).captured(1);
    };
    const QString start = bound(QStringLiteral("start_date"));
    const QString end = bound(QStringLiteral("end_date"));
    QFile csv(sourceDir + QStringLiteral("/resources/data/daily/SPY.csv"));
    if (!csv.open(QIODevice::ReadOnly))
        return -1;
    csv.readLine(); // header
    int rows = 0;
    while (!csv.atEnd()) {
        const QString date = QString::fromLatin1(csv.readLine()).section(QLatin1Char(','), 0, 0);
        if (date.isEmpty())
            continue;
        // ISO dates compare correctly as strings.
        if ((start.isEmpty() || date >= start) && (end.isEmpty() || date <= end))
            ++rows;
    }
    return rows;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void journeySmaCrossoverOnSpy();
    void cancelMidRunLeavesTheAppUsable();
    void pauseAndStep();
    void faultyConfigShowsTheErrorAndDoesNotRun();
    void throwingStrategyFaultsAndTheAppKeepsWorking();
    void savesAConfigVersionThatLoadsBack();
    void compareTwoRuns();
    void invalidParameterIsShownInlineAndBlocksTheRun();
    void settingsSwitchTheTheme();
    void layoutIsSavedAndRestored();
    void cleanupTestCase();

private:
    QString writeConfig(const QString &name, const QString &yaml);
    bool runAndWait(int timeoutMs = 120000);

    QTemporaryDir m_dir;
    WorkstationOptions m_options;
    engine::StrategyRegistry m_registry = testRegistry();
    std::unique_ptr<LanguageManager> m_languages;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MeridianTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QVERIFY(m_dir.isValid());
    m_languages = std::make_unique<LanguageManager>();
    WorkstationOptions options;
    options.configDir = sourceDir + QStringLiteral("/config/environments");
    options.defaultConfig = options.configDir + QStringLiteral("/backtest.yaml");
    options.storePath = m_dir.filePath(QStringLiteral("market.db"));
    options.bundledDataDir = sourceDir + QStringLiteral("/resources/data");
    options.restoreLayout = false;
    m_options = options;
    m_window = std::make_unique<MainWindow>(m_registry, *m_languages, options);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
}

QString TestMainWindow::writeConfig(const QString &name, const QString &yaml)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(yaml.toUtf8());
    return path;
}

bool TestMainWindow::runAndWait(int timeoutMs)
{
    QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
    m_window->runAction()->trigger();
    return finished.wait(timeoutMs) || finished.count() == 1;
}

void TestMainWindow::journeySmaCrossoverOnSpy()
{
    QVERIFY(m_window->loadConfig(sourceDir + QStringLiteral("/config/environments/backtest.yaml")));
    QCOMPARE(m_window->modeBadgeText(), QStringLiteral("BACKTEST"));
    // Pick sma_crossover in the tool bar (the config's strategy already; the pick must keep it).
    QComboBox *strategies = m_window->strategySelector();
    const int sma = strategies->findData(QStringLiteral("sma_crossover"));
    QVERIFY(sma >= 0);
    strategies->setCurrentIndex(sma);
    emit strategies->activated(sma);
    QCOMPARE(m_window->strategyPanel()->strategyClass(), QStringLiteral("sma_crossover"));

    // Click Run (Ctrl+R) and wait for the worker thread to finish.
    QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.first().first().value<RunState>() == RunState::Completed);
    QVERIFY2(m_window->statusText().contains(QStringLiteral("completed")), qPrintable(m_window->statusText()));

    // The same configuration through the command line's path: runBacktest + backtestJson.
    const engine::ConfigLoader loader(m_registry);
    auto config = loader.loadFile((sourceDir + QStringLiteral("/config/environments/backtest.yaml")).toStdString());
    QVERIFY(config.has_value());
    engine::BacktestOptions options;
    options.storePath = m_dir.filePath(QStringLiteral("market.db")).toStdString();
    auto expected = engine::runBacktest(*config, m_registry, options);
    QVERIFY(expected.has_value());
    const QJsonObject report
        = QJsonDocument::fromJson(QByteArray::fromStdString(engine::backtestJson(*expected))).object();

    // The bars of the bundled SPY file within the config's date range, counted in the CSV.
    const int bars = expectedSpyBars(sourceDir + QStringLiteral("/config/environments/backtest.yaml"));
    QVERIFY(bars >= 1000 && bars < 1000000); // the grouping below assumes one separator
    QCOMPARE(report.value(QStringLiteral("bars")).toInt(), bars);

    // Metrics: one row per report key (trade_list excepted, nested values flattened), each
    // holding exactly the report's value; only the wall-clock figures may differ.
    MetricsModel *metrics = m_window->metricsModel();
    QSet<QString> expectedKeys;
    for (auto it = report.begin(); it != report.end(); ++it) {
        if (it.key() == QLatin1String("trade_list"))
            continue;
        if (it.key() == QLatin1String("dataset_versions")) {
            for (int i = 0; i < it.value().toArray().size(); ++i)
                expectedKeys << QStringLiteral("dataset_versions[%1]").arg(i);
        } else if (it.key() == QLatin1String("strategies")) {
            const QJsonArray list = it.value().toArray();
            for (int i = 0; i < list.size(); ++i) {
                for (const QString &field : list.at(i).toObject().keys())
                    expectedKeys << QStringLiteral("strategies[%1].%2").arg(i).arg(field);
            }
        } else if (it.value().isObject()) {
            addLeafKeys(it.key(), it.value().toObject(), expectedKeys);
        } else {
            expectedKeys << it.key();
        }
    }
    QSet<QString> shownKeys;
    for (int row = 0; row < metrics->rowCount(); ++row) {
        const QString key = metrics->keyAt(row);
        shownKeys << key;
        if (key == QLatin1String("elapsed_s") || key == QLatin1String("events_per_s"))
            continue;
        const QJsonValue shown = metrics->index(row, 1).data(RecordTableModel::RawRole).value<QJsonValue>();
        QVERIFY2(shown == jsonAt(report, key), qPrintable(key));
    }
    QCOMPARE(shownKeys, expectedKeys);
    // The execution section is there, leaf by leaf (docs/metrics.md, "execution").
    QVERIFY(report.value(QStringLiteral("execution")).isObject());
    for (const char *field : {"orders_finished", "filled", "fill_rate", "avg_slippage_bps", "p95_slippage_bps",
                              "avg_latency_ms", "commission"})
        QVERIFY2(shownKeys.contains(QStringLiteral("execution.") + QLatin1String(field)), field);
    // 10 +- 5 ms latency in the config: the average shown is the report's, in ms.
    const double latency = report.value(QStringLiteral("execution")).toObject().value(QStringLiteral("avg_latency_ms")).toDouble();
    QCOMPARE(metrics->index(metrics->rowOf(QStringLiteral("execution.avg_latency_ms")), 1).data().toString(),
             QString::number(latency, 'f', 2) + QStringLiteral(" ms"));
    // Formatting, worked out by hand from the report's numbers.
    const double totalReturn = report.value(QStringLiteral("total_return")).toDouble();
    QCOMPARE(metrics->index(metrics->rowOf(QStringLiteral("total_return")), 1).data().toString(),
             QString::number(totalReturn * 100.0, 'f', 2) + QStringLiteral(" %"));
    QCOMPARE(metrics->index(metrics->rowOf(QStringLiteral("initial_equity")), 1).data().toString(),
             QStringLiteral("100,000.00"));
    QCOMPARE(metrics->index(metrics->rowOf(QStringLiteral("bars")), 1).data().toString(),
             QString::number(bars / 1000) + QLatin1Char(',')
                 + QString::number(bars % 1000).rightJustified(3, QLatin1Char('0')));

    // One equity point per bar (one symbol: one instant per bar), drawdown alongside.
    QCOMPARE(m_window->equityChart()->pointCount(), bars);
    QCOMPARE(m_window->equityChart()->drawdownPointCount(), bars);
    // The price chart holds every bar and one marker per fill.
    QCOMPARE(m_window->priceChart()->barCount(), std::size_t(bars));
    const int fills = report.value(QStringLiteral("fills")).toInt();
    QVERIFY(fills > 0);
    QCOMPARE(m_window->priceChart()->markerCount(), fills);
    QCOMPARE(m_window->fillsModel()->rowCount(), fills);
    QCOMPARE(m_window->ordersModel()->rowCount(), report.value(QStringLiteral("orders")).toInt());

    // The trades table is the report's trade list, line by line.
    const QJsonArray tradeList = report.value(QStringLiteral("trade_list")).toArray();
    TradesModel *trades = m_window->tradesModel();
    QCOMPARE(trades->rowCount(), tradeList.size());
    for (int i = 0; i < tradeList.size(); ++i) {
        const QJsonObject line = tradeList.at(i).toObject();
        const engine::TradeRecord &trade = trades->trades()[static_cast<std::size_t>(i)];
        QCOMPARE(QString::fromStdString(trade.symbol), line.value(QStringLiteral("symbol")).toString());
        QCOMPARE(QString::fromStdString(trade.pnl.toString(2)), line.value(QStringLiteral("pnl")).toString());
        QCOMPARE(QString::fromStdString(trade.entryPrice.toString(2)), line.value(QStringLiteral("entry_price")).toString());
        QCOMPARE(QString::fromStdString(engine::formatIso(trade.entryTime)),
                 line.value(QStringLiteral("entry_time")).toString());
    }
    // The first trade's PnL cell shows the same money to the cent, grouped.
    QCOMPARE(trades->index(0, TradesModel::Pnl).data().toString().remove(QLatin1Char(',')),
             QString::number(tradeList.at(0).toObject().value(QStringLiteral("pnl")).toString().toDouble(), 'f', 2));

    QCOMPARE(m_window->runsModel()->rowCount(), 1);

    // The analytics tab in view (monthly returns) shows the run; the exposure tab is filled when
    // it is shown: one value per equity point (a daily curve this short is drawn point by point).
    auto *monthly = m_window->findChild<MonthlyReturnsChart *>();
    auto *exposure = m_window->findChild<ExposureChart *>();
    QVERIFY(monthly != nullptr && exposure != nullptr);
    auto *analytics = qobject_cast<QTabWidget *>(exposure->parentWidget()->parentWidget());
    QVERIFY(analytics != nullptr);
    QCOMPARE(analytics->currentWidget(), monthly);
    QVERIFY(!monthly->values().empty());
    analytics->setCurrentWidget(exposure);
    QCOMPARE(exposure->values().size(), std::size_t(bars));
    analytics->setCurrentWidget(monthly);

    // Indicator overlays from the feature registry: SMA over the price, RSI in its own pane.
    m_window->setOverlay(QStringLiteral("sma"), true);
    m_window->setOverlay(QStringLiteral("rsi"), true);
    QCOMPARE(m_window->priceChart()->overlayNames(), QStringList({QStringLiteral("SMA 20"), QStringLiteral("RSI 14")}));

    const QString shots = qEnvironmentVariable("MERIDIAN_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QDir().mkpath(shots);
        // The last two years, where candles, markers and the SMA are all readable.
        m_window->priceChart()->setTimeRange(
            QCPRange(format::chartTime(engine::dailyBarTimestamp(engine::Date{2019, 6, 3})),
                     format::chartTime(engine::dailyBarTimestamp(engine::Date{2021, 4, 6}))));
        m_window->setTheme(ThemeKind::Dark);
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(shots + QStringLiteral("/mainwindow-dark.png")));
        m_window->setTheme(ThemeKind::Light);
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(shots + QStringLiteral("/mainwindow-light.png")));
        m_window->setTheme(ThemeKind::Dark);
    }
}

void TestMainWindow::cancelMidRunLeavesTheAppUsable()
{
    // Paced replay: about 4 ms per daily bar, so the run lasts ~25 s unless cancelled.
    const QString path = writeConfig(QStringLiteral("slow.yaml"), QStringLiteral(R"(mode: backtest
clock: {type: historical, speed: 20000000x}
data: {type: historical, timeframe: 1d}
execution: {type: simulated, fill_at: next_open}
strategies:
  - name: sma_crossover
    capital: 100000
    symbols: [SPY]
    params: {fast: 10, slow: 30, quantity: 100}
)"));
    QVERIFY(m_window->loadConfig(path));
    QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
    const std::uint64_t before = m_window->controller().snapshotCount();
    QVERIFY(m_window->startRun());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->controller().snapshotCount() > before + 2, 20000);
    QVERIFY(m_window->cancelAction()->isEnabled());
    // The price chart fills in while the run goes: some of the bars, not yet all of them.
    const std::size_t liveBars = m_window->priceChart()->barCount();
    QVERIFY2(liveBars > 0, "no bars in the price chart during the run");
    QVERIFY(liveBars < std::size_t(expectedSpyBars(path)));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->priceChart()->barCount() > liveBars, 5000);
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.first().first().value<RunState>() == RunState::Cancelled);
    QVERIFY2(m_window->statusText().contains(QStringLiteral("cancelled")), qPrintable(m_window->statusText()));
    const RunsModel *runs = m_window->runsModel();
    QCOMPARE(runs->index(runs->rowCount() - 1, RunsModel::State).data().toString(), QStringLiteral("cancelled"));
    QVERIFY(m_window->equityChart()->pointCount() < expectedSpyBars(path));

    // Still usable: the default configuration runs to completion.
    QVERIFY(m_window->runAction()->isEnabled());
    QVERIFY(m_window->loadConfig(sourceDir + QStringLiteral("/config/environments/backtest.yaml")));
    QVERIFY(runAndWait());
    QCOMPARE(m_window->equityChart()->pointCount(),
             expectedSpyBars(sourceDir + QStringLiteral("/config/environments/backtest.yaml")));
    QVERIFY(m_window->statusText().contains(QStringLiteral("completed")));
}

void TestMainWindow::pauseAndStep()
{
    QVERIFY(m_window->loadConfig(m_dir.filePath(QStringLiteral("slow.yaml"))));
    QSignalSpy states(&m_window->controller(), &EngineController::stateChanged);
    QSignalSpy snapshots(&m_window->controller(), &EngineController::snapshot);
    QVERIFY(m_window->startRun());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->controller().state() == RunState::Running, 20000);
    m_window->controller().pause();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->controller().state() == RunState::Paused, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 5000);
    QVERIFY(m_window->statusText().contains(QStringLiteral("paused")));
    // One step: exactly one more instant, then paused again.
    const std::uint64_t instants = snapshots.last().first().value<SnapshotPtr>()->instants;
    snapshots.clear();
    m_window->controller().step();
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 5000);
    QCOMPARE(snapshots.last().first().value<SnapshotPtr>()->instants, instants + 1);
    QVERIFY(m_window->controller().state() == RunState::Paused);
    QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
    m_window->cancelRun();
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.first().first().value<RunState>() == RunState::Cancelled);
}

void TestMainWindow::faultyConfigShowsTheErrorAndDoesNotRun()
{
    const QString path = writeConfig(QStringLiteral("faulty.yaml"), QStringLiteral(R"(mode: backtest
data: {timeframe: 1d}
strategies:
  - name: sma_crossover
    capital: abc
    symbols: [SPY]
)"));
    const int runsBefore = m_window->runsModel()->rowCount();
    const std::uint64_t lastRun = m_window->controller().currentRun();
    QVERIFY(!m_window->loadConfig(path));
    // The loader's message names the file, line and key.
    const QString error = m_window->strategyPanel()->configError();
    QVERIFY2(error.contains(QStringLiteral("faulty.yaml:5")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("capital")), qPrintable(error));
    QVERIFY(m_window->statusText().startsWith(QStringLiteral("Invalid configuration")));
    const LogModel *log = m_window->logModel();
    QVERIFY(log->entries().back().severity == Severity::Error);
    QVERIFY(log->entries().back().message.contains(QStringLiteral("capital")));
    QVERIFY(!m_window->runAction()->isEnabled());
    QVERIFY(!m_window->startRun());
    QTest::qWait(100);
    QCOMPARE(m_window->runsModel()->rowCount(), runsBefore);
    QCOMPARE(m_window->controller().currentRun(), lastRun);
}

void TestMainWindow::throwingStrategyFaultsAndTheAppKeepsWorking()
{
    const QString path = writeConfig(QStringLiteral("thrower.yaml"), QStringLiteral(R"(mode: backtest
data: {timeframe: 1d}
execution: {type: simulated}
strategies:
  - name: thrower
    capital: 100000
    symbols: [SPY]
)"));
    QVERIFY(m_window->loadConfig(path));
    QSignalSpy finished(m_window.get(), &MainWindow::runFinished);
    QVERIFY(m_window->startRun());
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().first().value<RunState>() == RunState::Faulted);
    QVERIFY2(m_window->statusText().contains(QStringLiteral("faulted")), qPrintable(m_window->statusText()));
    QVERIFY(m_window->statusText().contains(QStringLiteral("deliberate failure on bar 50")));
    bool logged = false;
    for (const LogEntry &entry : m_window->logModel()->entries())
        logged = logged || (entry.severity == Severity::Error && entry.message.contains(QStringLiteral("deliberate")));
    QVERIFY(logged);
    const MetricsModel *metrics = m_window->metricsModel();
    QCOMPARE(metrics->index(metrics->rowOf(QStringLiteral("strategies[0].state")), 1).data().toString(),
             QStringLiteral("faulted"));

    QVERIFY(m_window->loadConfig(sourceDir + QStringLiteral("/config/environments/backtest.yaml")));
    QVERIFY(runAndWait());
    QVERIFY(m_window->statusText().contains(QStringLiteral("completed")));
}

void TestMainWindow::savesAConfigVersionThatLoadsBack()
{
    // A copy of the default config in the temporary folder, then fast = 5 saved as v2.
    const QString path = writeConfig(QStringLiteral("mine.yaml"), QStringLiteral(R"(mode: backtest
data: {timeframe: 1d}
execution:
  type: simulated
  intrabar_path: olhc
  max_participation: 0.25
  slippage: {model: market_impact, k: 0.7, window: 30}
  commission: {model: alpaca}
account_risk_limits: {max_drawdown: 0.3}
strategies:
  - name: sma_crossover
    capital: 50000
    symbols: [SPY]
    params: {fast: 10, slow: 30, quantity: 100}
    risk_limits: {max_daily_loss: 0.05, max_orders_per_day: 4, price_collar: 0.1, max_order_quantity: 500,
                  allowed_symbols: [SPY], allow_short: false}
)"));
    QVERIFY(m_window->loadConfig(path));
    auto *fast = qobject_cast<QSpinBox *>(m_window->strategyPanel()->parameterEditor(QStringLiteral("fast")));
    QVERIFY(fast != nullptr);
    fast->setValue(5);
    QMetaObject::invokeMethod(m_window->strategyPanel(), "saveRequested");
    const QString saved = m_dir.filePath(QStringLiteral("mine.v2.yaml"));
    QVERIFY(QFile::exists(saved));
    const engine::ConfigLoader loader(m_registry);
    const auto reloaded = loader.loadFile(saved.toStdString());
    QVERIFY2(reloaded.has_value(), reloaded ? "" : reloaded.error().message().c_str());
    const engine::StrategyConfig &strategy = reloaded->strategies.front();
    QCOMPARE(strategy.params.integer("fast"), std::int64_t(5));
    QCOMPARE(strategy.params.integer("slow"), std::int64_t(30));
    QCOMPARE(strategy.params.number("quantity"), 100.0);
    QCOMPARE(QString::fromStdString(strategy.capital.toString(2)), QStringLiteral("50000.00"));
    QCOMPARE(strategy.riskLimits.maxDailyLoss.value_or(0.0), 0.05);
    QVERIFY(reloaded->data.symbols == std::vector<std::string>{"SPY"});
    // Everything else of the file survives the round trip too.
    QCOMPARE(strategy.riskLimits.maxOrdersPerDay.value_or(0), 4u);
    QCOMPARE(strategy.riskLimits.priceCollar.value_or(0.0), 0.1);
    QCOMPARE(QString::fromStdString(strategy.riskLimits.maxOrderQuantity.value_or(engine::Quantity()).toString()),
             QStringLiteral("500"));
    QVERIFY(strategy.riskLimits.allowedSymbols == std::vector<std::string>{"SPY"});
    QVERIFY(!strategy.riskLimits.allowShort);
    const engine::ExecutionConfig &execution = reloaded->execution;
    QVERIFY(execution.intrabarPath == engine::ExecutionConfig::IntrabarPath::Olhc);
    QCOMPARE(execution.maxParticipation, 0.25);
    QVERIFY(execution.slippage.model == engine::SlippageConfig::Model::MarketImpact);
    QCOMPARE(execution.slippage.k, 0.7);
    QCOMPARE(execution.slippage.window, 30);
    QVERIFY(execution.commission.model == engine::CommissionConfig::Model::Alpaca);
    QCOMPARE(execution.commission.secFeePerMillion, 27.80); // the documented default
    QCOMPARE(reloaded->accountRiskLimits.maxDrawdown.value_or(0.0), 0.3);
    // The window now shows the new version.
    QCOMPARE(m_window->configSelector()->currentText(), QStringLiteral("mine.v2.yaml"));
}

void TestMainWindow::compareTwoRuns()
{
    const RunsModel *runs = m_window->runsModel();
    int first = -1;
    int second = -1;
    for (int row = 0; row < runs->rowCount(); ++row) {
        if (runs->run(row)->outcome->state == RunState::Completed) {
            (first < 0 ? first : second) = row;
            if (second >= 0)
                break;
        }
    }
    QVERIFY(first >= 0 && second >= 0);
    m_window->showRun(second, first);
    QCOMPARE(m_window->metricsModel()->columnCount(), 3);
    QCOMPARE(m_window->equityChart()->comparisonPointCount(),
             expectedSpyBars(sourceDir + QStringLiteral("/config/environments/backtest.yaml")));
    m_window->showRun(second);
    QCOMPARE(m_window->metricsModel()->columnCount(), 2);
    QCOMPARE(m_window->equityChart()->comparisonPointCount(), 0);
}

void TestMainWindow::invalidParameterIsShownInlineAndBlocksTheRun()
{
    QVERIFY(m_window->loadConfig(sourceDir + QStringLiteral("/config/environments/backtest.yaml")));
    auto *quantity = qobject_cast<QDoubleSpinBox *>(m_window->strategyPanel()->parameterEditor(QStringLiteral("quantity")));
    QVERIFY(quantity != nullptr);
    // The schema's range for quantity is [1e-08, 1e9]: 0 is out of it.
    quantity->setValue(0.0);
    const QString error = m_window->strategyPanel()->parameterError(QStringLiteral("quantity"));
    QVERIFY2(error.contains(QStringLiteral("got 0")), qPrintable(error));
    const int runs = m_window->runsModel()->rowCount();
    QVERIFY(!m_window->startRun());
    QVERIFY(m_window->statusText().startsWith(QStringLiteral("Cannot run")));
    QTest::qWait(100);
    QCOMPARE(m_window->runsModel()->rowCount(), runs);
    quantity->setValue(100.0);
    QVERIFY(m_window->strategyPanel()->parameterError(QStringLiteral("quantity")).isEmpty());
}

void TestMainWindow::settingsSwitchTheTheme()
{
    SettingsDialog dialog(ThemeKind::Dark, *m_languages);
    QSignalSpy chosen(&dialog, &SettingsDialog::themeChosen);
    const QList<QComboBox *> combos = dialog.findChildren<QComboBox *>();
    QCOMPARE(combos.size(), 2);
    combos.at(0)->setCurrentIndex(1);
    QCOMPARE(chosen.count(), 1);
    QVERIFY(chosen.first().first().value<ThemeKind>() == ThemeKind::Light);
    m_window->setTheme(ThemeKind::Light);
    QCOMPARE(QSettings().value(QStringLiteral("theme")).toString(), QStringLiteral("light"));
    m_window->setTheme(ThemeKind::Dark);
    QCOMPARE(QSettings().value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
}

void TestMainWindow::layoutIsSavedAndRestored()
{
    // Rearrange: hide the orders dock, move the runs dock to the right, then close (which saves).
    auto *orders = m_window->findChild<QDockWidget *>(QStringLiteral("ordersDock"));
    auto *runs = m_window->findChild<QDockWidget *>(QStringLiteral("runsDock"));
    QVERIFY(orders != nullptr && runs != nullptr);
    QVERIFY(m_window->dockWidgetArea(runs) != Qt::RightDockWidgetArea);
    orders->hide();
    m_window->addDockWidget(Qt::RightDockWidgetArea, runs);
    runs->show();
    QTest::qWait(50);
    struct Dock
    {
        QString name;
        bool visible;
        Qt::DockWidgetArea area;
        QSize size;
    };
    std::vector<Dock> expected;
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
        expected.push_back({dock->objectName(), dock->isVisibleTo(m_window.get()), m_window->dockWidgetArea(dock), dock->size()});
    QVERIFY(expected.size() >= 5);
    const QSize windowSize = m_window->size();
    QVERIFY(m_window->close());

    // A new window restoring the saved layout has the same docks in the same places and sizes.
    WorkstationOptions options = m_options;
    options.restoreLayout = true;
    MainWindow restored(m_registry, *m_languages, options);
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QTest::qWait(50);
    QCOMPARE(restored.size(), windowSize);
    for (const Dock &dock : expected) {
        auto *twin = restored.findChild<QDockWidget *>(dock.name);
        QVERIFY2(twin != nullptr, qPrintable(dock.name));
        QVERIFY2(twin->isVisibleTo(&restored) == dock.visible, qPrintable(dock.name));
        QVERIFY2(restored.dockWidgetArea(twin) == dock.area, qPrintable(dock.name));
        if (dock.visible)
            QCOMPARE(twin->size(), dock.size);
    }
    QVERIFY(!restored.findChild<QDockWidget *>(QStringLiteral("ordersDock"))->isVisibleTo(&restored));
    QCOMPARE(restored.dockWidgetArea(restored.findChild<QDockWidget *>(QStringLiteral("runsDock"))),
             Qt::RightDockWidgetArea);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
