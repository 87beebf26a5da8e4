#pragma once

// MainWindow: the workstation. Price and equity charts in the centre; docks for the strategy
// panel, the runs list, the metrics, the analytics charts, the trades / orders / fills /
// positions tables and the log (arranged freely, the layout kept in QSettings). The tool bar
// picks the configuration and strategy, the date range, and runs, pauses, steps or cancels; the
// status bar shows the run's state, its progress and the time left.
//
// The engine runs on the EngineController's worker thread; this window only reacts to its
// snapshots and outcomes, so it never waits for a backtest.

#include "ui/enginecontroller.h"
#include "ui/theme.h"

#include "engine/config/engineconfig.h"
#include "engine/features/indicator.h"
#include "engine/sdk/strategyregistry.h"

#include <QMainWindow>

#include <array>
#include <deque>
#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QCheckBox;
class QDateEdit;
class QDockWidget;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;
class QElapsedTimer;

namespace meridian::ui {

class EquityChart;
class ExposureChart;
class FillsModel;
class LanguageManager;
class LogModel;
class MetricsModel;
class MonthlyReturnsChart;
class OrdersModel;
class PositionsModel;
class PriceChart;
class RunsModel;
class StrategyPanel;
class TablePanel;
class TradeReturnsHistogram;
class TradesModel;
struct RunRecord;
struct LogEntry;

struct WorkstationOptions
{
    QString configDir;      // the run configurations offered in the selector (*.yaml)
    QString defaultConfig;  // selected at start
    QString storePath;      // empty: each config's data.path, else the default store
    QString bundledDataDir; // fills an empty store with the bundled sample data
    bool restoreLayout = true;
    // Bars from memory instead of the store (the GUI benchmark); must outlive every run.
    engine::DataSource *source = nullptr;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(const engine::StrategyRegistry &registry, LanguageManager &languages,
               WorkstationOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads a configuration into the selector and the strategy panel. An invalid file shows its
    // validation errors (strategy panel, log, status bar) and cannot be run.
    bool loadConfig(const QString &path);
    // Starts a backtest of the current selection; false (and why, in the UI) when it cannot.
    bool startRun();
    void cancelRun();
    void setTheme(ThemeKind kind);
    ThemeKind theme() const { return m_theme; }

    // For tests and screenshots.
    EngineController &controller() { return m_controller; }
    MetricsModel *metricsModel() const { return m_metrics; }
    TradesModel *tradesModel() const { return m_trades; }
    OrdersModel *ordersModel() const { return m_orders; }
    FillsModel *fillsModel() const { return m_fills; }
    PositionsModel *positionsModel() const { return m_positions; }
    LogModel *logModel() const { return m_log; }
    RunsModel *runsModel() const { return m_runs; }
    PriceChart *priceChart() const { return m_priceChart; }
    EquityChart *equityChart() const { return m_equityChart; }
    StrategyPanel *strategyPanel() const { return m_strategyPanel; }
    QComboBox *strategySelector() const { return m_strategySelector; }
    QComboBox *configSelector() const { return m_configSelector; }
    // Turns an indicator overlay ("sma", "rsi", ...) on or off.
    void setOverlay(const QString &indicator, bool on);
    QAction *runAction() const { return m_runAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    TablePanel *runsPanel() const { return m_runsPanel; }
    QString statusText() const;
    QString modeBadgeText() const;
    // Called after each slice of view building with its label and how long it took (the GUI
    // benchmark's breakdown of the event loop's time); empty: nothing measured.
    using SliceProbe = std::function<void(const char *label, qint64 nanoseconds)>;
    void setSliceProbe(SliceProbe probe) { m_sliceProbe = std::move(probe); }
    // Shows run `row` of the runs list (and, with `compareRow`, overlays that one).
    void showRun(int row, int compareRow = -1);

signals:
    void runFinished(meridian::ui::RunState state);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void createCentral();
    void createDocks();
    void createMenus();
    void createStatusBar();
    void retranslate();
    QDockWidget *addDock(QWidget *widget, const QString &objectName, Qt::DockWidgetArea area);
    void populateConfigs();
    void updateActions();
    void setMode(engine::RunMode mode);
    void addLog(int severity, const QString &source, const QString &message);
    void clearRunViews(const std::vector<std::string> &symbols);
    void showOutcome(const RunRecord &run);
    void showSymbol(int index);
    // The analytics tabs show `outcome`; each tab is filled when it is first in view.
    void setAnalytics(const OutcomePtr &outcome);
    void fillAnalyticsTab();
    void applyOverlays();
    void onStateChanged(RunState state);
    void onSnapshot(const SnapshotPtr &snapshot);
    void onFinished(const OutcomePtr &outcome);
    void finishLiveRun(const OutcomePtr &outcome);
    // The views of a finished run are built in slices, one per event-loop pass, so the GUI
    // thread never stalls on a big run; anything that reads or replaces the views flushes first.
    void queueSlice(const char *label, std::function<void()> slice);
    void runSlice();
    void flushSlices();
    void compareSelectedRuns();
    void saveConfigVersion();
    void openConfig();
    void exportReport();
    void showSettings();
    std::optional<engine::EngineConfig> runConfig(QStringList *errors);

    const engine::StrategyRegistry &m_registry;
    LanguageManager &m_languages;
    WorkstationOptions m_options;
    EngineController m_controller;
    ThemeKind m_theme = ThemeKind::Dark;

    std::optional<engine::EngineConfig> m_config; // the selected configuration, when valid
    QString m_configPath;
    QString m_configText;
    QString m_runConfigText; // the config (as edited) of the run in progress
    QString m_runStrategy;
    QString m_runConfigName;
    int m_shownRun = -1;
    int m_comparedRun = -1;
    int m_symbolIndex = 0;
    bool m_liveViews = false; // the views hold the running (or just finished) run's stream
    struct Slice
    {
        const char *label; // what the slice builds, for the slice probe
        std::function<void()> run;
    };
    std::deque<Slice> m_slices;
    SliceProbe m_sliceProbe;
    QTimer *m_sliceTimer = nullptr;
    std::vector<std::string> m_liveSymbols;
    OutcomePtr m_analyticsOutcome;
    std::array<bool, 3> m_analyticsFilled{}; // by analytics tab

    // Models.
    MetricsModel *m_metrics;
    TradesModel *m_trades;
    OrdersModel *m_orders;
    FillsModel *m_fills;
    PositionsModel *m_positions;
    LogModel *m_log;
    RunsModel *m_runs;

    // Widgets.
    PriceChart *m_priceChart = nullptr;
    EquityChart *m_equityChart = nullptr;
    QComboBox *m_symbolSelector = nullptr;
    QLabel *m_symbolLabel = nullptr;
    QPushButton *m_fitButton = nullptr;
    QToolButton *m_indicatorButton = nullptr;
    engine::IndicatorRegistry m_indicators = engine::IndicatorRegistry::builtin();
    QStringList m_activeOverlays;
    StrategyPanel *m_strategyPanel = nullptr;
    TablePanel *m_metricsPanel = nullptr;
    TablePanel *m_tradesPanel = nullptr;
    TablePanel *m_ordersPanel = nullptr;
    TablePanel *m_fillsPanel = nullptr;
    TablePanel *m_positionsPanel = nullptr;
    TablePanel *m_logPanel = nullptr;
    TablePanel *m_runsPanel = nullptr;
    QComboBox *m_severityFilter = nullptr;
    QPushButton *m_compareButton = nullptr;
    QTabWidget *m_analyticsTabs = nullptr;
    MonthlyReturnsChart *m_monthlyChart = nullptr;
    TradeReturnsHistogram *m_histogram = nullptr;
    ExposureChart *m_exposureChart = nullptr;
    QComboBox *m_configSelector = nullptr;
    QComboBox *m_strategySelector = nullptr;
    QCheckBox *m_rangeEnabled = nullptr;
    QDateEdit *m_fromDate = nullptr;
    QDateEdit *m_toDate = nullptr;
    QLabel *m_configLabel = nullptr;
    QLabel *m_strategyLabel = nullptr;
    QLabel *m_modeBadge = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_etaLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolBar *m_toolBar = nullptr;
    std::vector<std::pair<QDockWidget *, const char *>> m_docks; // with their untranslated titles

    QAction *m_runAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stepAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_fitAction = nullptr;
    QAction *m_resetLayoutAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_runMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QByteArray m_defaultState;
    std::optional<engine::RunMode> m_mode;
};

} // namespace meridian::ui
