#include "ui/mainwindow.h"

#include "ui/analyticscharts.h"
#include "ui/configwriter.h"
#include "ui/equitychart.h"
#include "ui/equitysampling.h"
#include "ui/fillsmodel.h"
#include "ui/formatting.h"
#include "ui/indicatoroverlay.h"
#include "ui/languagemanager.h"
#include "ui/logmodel.h"
#include "ui/metricsmodel.h"
#include "ui/ordersmodel.h"
#include "ui/positionsmodel.h"
#include "ui/pricechart.h"
#include "ui/recordfilterproxy.h"
#include "ui/reportexporter.h"
#include "ui/runsmodel.h"
#include "ui/settingsdialog.h"
#include "ui/strategypanel.h"
#include "ui/tablepanel.h"
#include "ui/toolicons.h"
#include "ui/tradesmodel.h"

#include "engine/config/configloader.h"
#include "engine/core/civiltime.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QElapsedTimer>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QMenu>
#include <QVBoxLayout>

#include <cmath>
#include <memory>
#include <span>

namespace meridian::ui {

namespace {

constexpr int layoutVersion = 1;

std::string stdText(const QString &text)
{
    return text.toStdString();
}

QDate qDate(const engine::Date &date)
{
    return QDate(date.year, date.month, date.day);
}

QString durationText(double seconds)
{
    // A daily backtest takes milliseconds: "0.00 s" would read as "nothing happened".
    if (seconds < 1.0)
        return QCoreApplication::translate("MainWindow", "%1 ms").arg(std::max(1.0, std::round(seconds * 1000.0)), 0, 'f', 0);
    if (seconds < 60.0)
        return QCoreApplication::translate("MainWindow", "%1 s").arg(std::max(0.0, seconds), 0, 'f', seconds < 10.0 ? 2 : 1);
    const int whole = static_cast<int>(seconds);
    return QCoreApplication::translate("MainWindow", "%1 min %2 s").arg(whole / 60).arg(whole % 60);
}

} // namespace

MainWindow::MainWindow(const engine::StrategyRegistry &registry, LanguageManager &languages,
                       WorkstationOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(registry)
    , m_languages(languages)
    , m_options(std::move(options))
    , m_controller(registry)
    , m_metrics(new MetricsModel(this))
    , m_trades(new TradesModel(this))
    , m_orders(new OrdersModel(this))
    , m_fills(new FillsModel(this))
    , m_positions(new PositionsModel(this))
    , m_log(new LogModel(this))
    , m_runs(new RunsModel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/meridian.png")));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    setMinimumSize(960, 600);
    createActions();
    createToolBar();
    createCentral();
    createDocks();
    createMenus();
    createStatusBar();

    connect(&m_controller, &EngineController::stateChanged, this, &MainWindow::onStateChanged);
    connect(&m_controller, &EngineController::snapshot, this, &MainWindow::onSnapshot);
    connect(&m_controller, &EngineController::finished, this, &MainWindow::onFinished);
    m_sliceTimer = new QTimer(this);
    m_sliceTimer->setSingleShot(true);
    m_sliceTimer->setInterval(0);
    connect(m_sliceTimer, &QTimer::timeout, this, &MainWindow::runSlice);
    // A chart redraw takes a few milliseconds: as a slice of its own it never shares a pass with
    // a snapshot's table rows or the other chart's redraw.
    m_priceChart->setReplotScheduler(
        [this] { queueSlice("redraw price chart", [this] { m_priceChart->replotIfPending(); }); });
    m_equityChart->setReplotScheduler([this] {
        queueSlice("redraw equity chart", [this] { m_equityChart->replotIfPending(); });
    });

    QSettings settings;
    m_theme = themeFromName(settings.value(QStringLiteral("theme")).toString()).value_or(ThemeKind::Dark);
    setTheme(m_theme);
    retranslate();

    m_defaultState = saveState(layoutVersion);
    if (m_options.restoreLayout) {
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), layoutVersion);
    }
    populateConfigs();
    if (!m_options.defaultConfig.isEmpty())
        loadConfig(m_options.defaultConfig);
    addLog(0, tr("workstation"), tr("Ready. Pick a configuration and a strategy, then Run (Ctrl+R)."));
    updateActions();
}

MainWindow::~MainWindow()
{
    // The charts outlive the slice queue (they are child widgets): no more redraws through it.
    m_priceChart->setReplotScheduler({});
    m_equityChart->setReplotScheduler({});
}

void MainWindow::createActions()
{
    QStyle *s = style();
    m_runAction = new QAction(QString(), this);
    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::startRun);
    m_cancelAction = new QAction(QString(), this);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelRun);
    m_pauseAction = new QAction(QString(), this);
    m_pauseAction->setShortcut(QKeySequence(Qt::Key_F6));
    connect(m_pauseAction, &QAction::triggered, this, [this] {
        if (m_controller.state() == RunState::Paused)
            m_controller.resume();
        else
            m_controller.pause();
    });
    m_stepAction = new QAction(QString(), this);
    m_stepAction->setShortcut(QKeySequence(Qt::Key_F10));
    connect(m_stepAction, &QAction::triggered, &m_controller, &EngineController::step);

    m_openAction = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), QString(), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openConfig);
    m_saveAction = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), QString(), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveConfigVersion);
    m_exportAction = new QAction(QString(), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportReport);
    m_settingsAction = new QAction(QString(), this);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    m_quitAction = new QAction(QString(), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    const auto zoom = [this](double factor) {
        const QCPRange range = m_priceChart->barCount() > 0 ? m_priceChart->timeRange() : m_equityChart->timeRange();
        const double center = range.center();
        const QCPRange zoomed(center - range.size() * factor / 2.0, center + range.size() * factor / 2.0);
        m_priceChart->setTimeRange(zoomed);
        m_equityChart->setTimeRange(zoomed);
    };
    m_zoomInAction = new QAction(QString(), this);
    m_zoomInAction->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(m_zoomInAction, &QAction::triggered, this, [zoom] { zoom(0.8); });
    m_zoomOutAction = new QAction(QString(), this);
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOutAction, &QAction::triggered, this, [zoom] { zoom(1.25); });
    m_fitAction = new QAction(QString(), this);
    m_fitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_fitAction, &QAction::triggered, this, [this] {
        m_priceChart->fitAll();
        m_equityChart->fitAll();
    });
    m_resetLayoutAction = new QAction(QString(), this);
    connect(m_resetLayoutAction, &QAction::triggered, this, [this] { restoreState(m_defaultState, layoutVersion); });
    m_aboutAction = new QAction(QString(), this);
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Meridian"),
                           tr("<b>Meridian</b> %1<br>A trading workstation: backtests on real market data, "
                              "one engine for backtest, paper and live.")
                               .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::createToolBar()
{
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_configLabel = new QLabel(this);
    m_configSelector = new QComboBox(this);
    m_configSelector->setMinimumContentsLength(18);
    m_configSelector->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_configSelector, &QComboBox::activated, this, [this](int index) {
        loadConfig(m_configSelector->itemData(index).toString());
    });
    m_strategyLabel = new QLabel(this);
    m_strategySelector = new QComboBox(this);
    for (const std::string &name : m_registry.names())
        m_strategySelector->addItem(QString::fromStdString(name), QString::fromStdString(name));
    m_strategySelector->setMinimumContentsLength(14);
    connect(m_strategySelector, &QComboBox::activated, this, [this](int index) {
        m_strategyPanel->setStrategyClass(m_strategySelector->itemData(index).toString());
    });

    m_rangeEnabled = new QCheckBox(this);
    m_fromDate = new QDateEdit(this);
    m_toDate = new QDateEdit(this);
    for (QDateEdit *edit : {m_fromDate, m_toDate}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setDateRange(QDate(1990, 1, 1), QDate(2100, 12, 31));
        edit->setEnabled(false);
        connect(m_rangeEnabled, &QCheckBox::toggled, edit, &QWidget::setEnabled);
    }
    m_fromDate->setDate(QDate(1998, 1, 2));
    m_toDate->setDate(QDate(2021, 3, 31));

    m_modeBadge = new QLabel(this);
    m_modeBadge->setObjectName(QStringLiteral("modeBadge"));
    m_modeBadge->setAlignment(Qt::AlignCenter);
    m_modeBadge->setMinimumWidth(96);

    auto *spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_toolBar->addWidget(m_configLabel);
    m_toolBar->addWidget(m_configSelector);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(m_strategyLabel);
    m_toolBar->addWidget(m_strategySelector);
    m_toolBar->addSeparator();
    m_toolBar->addWidget(m_rangeEnabled);
    m_toolBar->addWidget(m_fromDate);
    m_toolBar->addWidget(new QLabel(QStringLiteral("–"), this));
    m_toolBar->addWidget(m_toDate);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_runAction);
    m_toolBar->addAction(m_pauseAction);
    m_toolBar->addAction(m_stepAction);
    m_toolBar->addAction(m_cancelAction);
    m_toolBar->addWidget(spacer);
    m_toolBar->addWidget(m_modeBadge);
}

void MainWindow::createCentral()
{
    m_priceChart = new PriceChart(this);
    m_equityChart = new EquityChart(this);
    connect(m_priceChart, &PriceChart::timeRangeChanged, m_equityChart, &EquityChart::setTimeRange);
    connect(m_equityChart, &EquityChart::timeRangeChanged, m_priceChart, &PriceChart::setTimeRange);
    connect(m_priceChart, &PriceChart::crosshairMoved, m_equityChart, &EquityChart::showCrosshairAt);
    connect(m_equityChart, &EquityChart::crosshairMoved, m_priceChart, &PriceChart::showCrosshairAt);

    m_symbolLabel = new QLabel(this);
    m_symbolSelector = new QComboBox(this);
    m_symbolSelector->setMinimumContentsLength(6);
    connect(m_symbolSelector, &QComboBox::activated, this, &MainWindow::showSymbol);
    m_fitButton = new QPushButton(this);
    connect(m_fitButton, &QPushButton::clicked, m_fitAction, &QAction::trigger);
    m_indicatorButton = new QToolButton(this);
    m_indicatorButton->setPopupMode(QToolButton::InstantPopup);
    auto *indicators = new QMenu(m_indicatorButton);
    for (const QString &name : overlayIndicators(m_indicators)) {
        QAction *action = indicators->addAction(overlayTitle(m_indicators, name));
        action->setCheckable(true);
        action->setData(name);
        connect(action, &QAction::toggled, this, [this, name](bool on) { setOverlay(name, on); });
    }
    m_indicatorButton->setMenu(indicators);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(6, 4, 6, 0);
    header->addWidget(m_symbolLabel);
    header->addWidget(m_symbolSelector);
    header->addWidget(m_indicatorButton);
    header->addStretch(1);
    header->addWidget(m_fitButton);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_priceChart);
    splitter->addWidget(m_equityChart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);
}

QDockWidget *MainWindow::addDock(QWidget *widget, const QString &objectName, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                      | QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks()
{
    m_strategyPanel = new StrategyPanel(m_registry, this);
    connect(m_strategyPanel, &StrategyPanel::saveRequested, this, &MainWindow::saveConfigVersion);
    connect(m_strategyPanel, &StrategyPanel::loadRequested, this, &MainWindow::openConfig);
    connect(m_strategyPanel, &StrategyPanel::changed, this, [this] {
        const int index = m_strategySelector->findData(m_strategyPanel->strategyClass());
        if (index >= 0)
            m_strategySelector->setCurrentIndex(index);
    });

    m_runsPanel = new TablePanel(m_runs, tr("runs"), this);
    m_runsPanel->view()->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_compareButton = new QPushButton(this);
    m_compareButton->setEnabled(false);
    m_runsPanel->toolRow()->addWidget(m_compareButton);
    connect(m_compareButton, &QPushButton::clicked, this, &MainWindow::compareSelectedRuns);
    connect(m_runsPanel->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_runsPanel->view()->selectionModel()->selectedRows();
        m_compareButton->setEnabled(rows.size() == 2);
        if (rows.size() == 1)
            showRun(m_runsPanel->proxy()->mapToSource(rows.front()).row());
    });

    m_metricsPanel = new TablePanel(m_metrics, tr("metrics"), this);
    m_metricsPanel->setStretchColumns();
    m_metricsPanel->view()->setSortingEnabled(false);
    m_tradesPanel = new TablePanel(m_trades, tr("trades"), this);
    m_ordersPanel = new TablePanel(m_orders, tr("orders"), this);
    m_fillsPanel = new TablePanel(m_fills, tr("fills"), this);
    m_positionsPanel = new TablePanel(m_positions, tr("positions"), this);
    m_logPanel = new TablePanel(m_log, tr("log"), this);
    m_logPanel->view()->horizontalHeader()->resizeSection(LogModel::Time, 130);
    m_logPanel->view()->horizontalHeader()->resizeSection(LogModel::Source, 120);
    m_severityFilter = new QComboBox(this);
    m_severityFilter->addItem(QString(), -1);
    m_severityFilter->addItem(QString(), 1);
    m_severityFilter->addItem(QString(), 2);
    m_logPanel->toolRow()->addWidget(m_severityFilter);
    connect(m_severityFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_logPanel->proxy()->setMinimumLevel(LogModel::SeverityRole, m_severityFilter->currentData().toInt());
    });

    m_analyticsTabs = new QTabWidget(this);
    m_monthlyChart = new MonthlyReturnsChart(this);
    m_histogram = new TradeReturnsHistogram(this);
    m_exposureChart = new ExposureChart(this);
    m_analyticsTabs->addTab(m_monthlyChart, QString());
    m_analyticsTabs->addTab(m_histogram, QString());
    m_analyticsTabs->addTab(m_exposureChart, QString());
    m_analyticsTabs->setMinimumSize(280, 200);
    connect(m_analyticsTabs, &QTabWidget::currentChanged, this, &MainWindow::fillAnalyticsTab);

    QDockWidget *strategy = addDock(m_strategyPanel, QStringLiteral("strategyDock"), Qt::LeftDockWidgetArea);
    QDockWidget *runs = addDock(m_runsPanel, QStringLiteral("runsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *metrics = addDock(m_metricsPanel, QStringLiteral("metricsDock"), Qt::RightDockWidgetArea);
    QDockWidget *analytics = addDock(m_analyticsTabs, QStringLiteral("analyticsDock"), Qt::RightDockWidgetArea);
    QDockWidget *trades = addDock(m_tradesPanel, QStringLiteral("tradesDock"), Qt::BottomDockWidgetArea);
    QDockWidget *orders = addDock(m_ordersPanel, QStringLiteral("ordersDock"), Qt::BottomDockWidgetArea);
    QDockWidget *fills = addDock(m_fillsPanel, QStringLiteral("fillsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *positions = addDock(m_positionsPanel, QStringLiteral("positionsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *log = addDock(m_logPanel, QStringLiteral("logDock"), Qt::BottomDockWidgetArea);
    // The runs list has eight columns: it sits with the other wide tables at the bottom.
    splitDockWidget(metrics, analytics, Qt::Vertical);
    tabifyDockWidget(trades, orders);
    tabifyDockWidget(orders, fills);
    tabifyDockWidget(fills, positions);
    tabifyDockWidget(positions, log);
    tabifyDockWidget(log, runs);
    trades->raise();
    resizeDocks({strategy, metrics}, {300, 360}, Qt::Horizontal);
    resizeDocks({metrics, analytics}, {380, 260}, Qt::Vertical);
    resizeDocks({trades}, {220}, Qt::Vertical);
    m_docks = {{strategy, QT_TR_NOOP("Strategy")},   {runs, QT_TR_NOOP("Runs")},
               {metrics, QT_TR_NOOP("Metrics")},     {analytics, QT_TR_NOOP("Analytics")},
               {trades, QT_TR_NOOP("Trades")},       {orders, QT_TR_NOOP("Orders")},
               {fills, QT_TR_NOOP("Fills")},         {positions, QT_TR_NOOP("Positions")},
               {log, QT_TR_NOOP("Log and alerts")}};
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_openAction);
    m_fileMenu->addAction(m_saveAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_settingsAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);
    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->addAction(m_runAction);
    m_runMenu->addAction(m_pauseAction);
    m_runMenu->addAction(m_stepAction);
    m_runMenu->addAction(m_cancelAction);
    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_zoomInAction);
    m_viewMenu->addAction(m_zoomOutAction);
    m_viewMenu->addAction(m_fitAction);
    m_viewMenu->addSeparator();
    for (const auto &dock : m_docks)
        m_viewMenu->addAction(dock.first->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_resetLayoutAction);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::createStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("runState"));
    m_stateLabel->setMinimumWidth(260);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setMaximumWidth(240);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%p %"));
    m_etaLabel = new QLabel(this);
    m_etaLabel->setMinimumWidth(150);
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_etaLabel);
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Meridian — Trading Workstation"));
    m_toolBar->setWindowTitle(tr("Run"));
    m_runAction->setText(tr("Run"));
    m_runAction->setToolTip(tr("Run the backtest (Ctrl+R)"));
    m_cancelAction->setText(tr("Cancel"));
    m_cancelAction->setToolTip(tr("Cancel the running backtest (Esc)"));
    m_pauseAction->setText(m_controller.state() == RunState::Paused ? tr("Resume") : tr("Pause"));
    m_pauseAction->setToolTip(tr("Pause or resume the running backtest (F6)"));
    m_stepAction->setText(tr("Step"));
    m_stepAction->setToolTip(tr("While paused: advance one bar (F10)"));
    m_openAction->setText(tr("&Open configuration…"));
    m_saveAction->setText(tr("&Save configuration as new version"));
    m_exportAction->setText(tr("&Export report…"));
    m_exportAction->setToolTip(tr("Write the shown run as a PDF or HTML report"));
    m_settingsAction->setText(tr("Se&ttings…"));
    m_quitAction->setText(tr("&Quit"));
    m_zoomInAction->setText(tr("Zoom &in"));
    m_zoomOutAction->setText(tr("Zoom &out"));
    m_fitAction->setText(tr("&Fit all"));
    m_resetLayoutAction->setText(tr("&Reset layout"));
    m_aboutAction->setText(tr("&About Meridian"));
    m_fileMenu->setTitle(tr("&File"));
    m_runMenu->setTitle(tr("&Run"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_configLabel->setText(tr("Config "));
    m_configSelector->setToolTip(tr("The run configuration (config/environments)"));
    m_strategyLabel->setText(tr(" Strategy "));
    m_strategySelector->setToolTip(tr("The registered strategy to run; its parameters are in the Strategy panel"));
    m_rangeEnabled->setText(tr("Range"));
    m_rangeEnabled->setToolTip(tr("Limit the run to these dates (otherwise the configuration's range)"));
    m_fromDate->setToolTip(tr("First session (inclusive)"));
    m_toDate->setToolTip(tr("Last session (inclusive)"));
    m_modeBadge->setToolTip(tr("The configuration's mode: BACKTEST, PAPER or LIVE"));
    m_symbolLabel->setText(tr("Symbol"));
    m_symbolSelector->setToolTip(tr("The instrument shown in the price chart"));
    m_fitButton->setText(tr("Fit all"));
    m_indicatorButton->setText(tr("Indicators"));
    m_indicatorButton->setToolTip(tr("Overlay indicators from the feature library: SMA, EMA and Bollinger on "
                                     "the price, RSI and MACD in panes of their own"));
    m_fitButton->setToolTip(tr("Show the whole run (Ctrl+0); zoom with the mouse wheel, pan by dragging"));
    m_compareButton->setText(tr("Compare"));
    m_compareButton->setToolTip(tr("Select two runs to overlay their equity and compare their metrics"));
    m_severityFilter->setItemText(0, tr("All severities"));
    m_severityFilter->setItemText(1, tr("Warnings and errors"));
    m_severityFilter->setItemText(2, tr("Errors only"));
    m_analyticsTabs->setTabText(0, tr("Monthly returns"));
    m_analyticsTabs->setTabText(1, tr("Trade returns"));
    m_analyticsTabs->setTabText(2, tr("Exposure"));
    for (const auto &dock : m_docks)
        dock.first->setWindowTitle(tr(dock.second));
    if (m_mode)
        setMode(*m_mode);
    if (m_stateLabel->text().isEmpty())
        m_stateLabel->setText(tr("Idle"));
}

void MainWindow::populateConfigs()
{
    m_configSelector->clear();
    const QDir dir(m_options.configDir);
    for (const QFileInfo &file : dir.entryInfoList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        m_configSelector->addItem(file.fileName(), file.absoluteFilePath());
}

void MainWindow::addLog(int severity, const QString &source, const QString &message)
{
    m_log->add({QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), static_cast<Severity>(severity), source,
                message});
}

bool MainWindow::loadConfig(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    int index = m_configSelector->findData(absolute);
    if (index < 0) {
        m_configSelector->addItem(QFileInfo(path).fileName(), absolute);
        index = m_configSelector->count() - 1;
    }
    m_configSelector->setCurrentIndex(index);
    m_configPath = absolute;
    QFile file(absolute);
    m_configText = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();

    const engine::ConfigLoader loader(m_registry);
    auto loaded = loader.loadFile(stdText(absolute));
    if (!loaded) {
        m_config.reset();
        const QString message = QString::fromStdString(loaded.error().message());
        m_strategyPanel->setConfigError(tr("This configuration is not valid:\n%1").arg(message));
        for (const QString &line : message.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            addLog(2, tr("config"), line);
        m_stateLabel->setText(tr("Invalid configuration: %1").arg(message.section(QLatin1Char('\n'), 0, 0)));
        updateActions();
        return false;
    }
    m_config = std::move(*loaded);
    m_strategyPanel->setConfigError(QString());
    if (!m_config->strategies.empty()) {
        m_strategyPanel->setStrategy(m_config->strategies.front());
        const int strategy = m_strategySelector->findData(QString::fromStdString(m_config->strategies.front().strategy));
        if (strategy >= 0)
            m_strategySelector->setCurrentIndex(strategy);
    }
    if (m_config->clock.startDate)
        m_fromDate->setDate(qDate(*m_config->clock.startDate));
    if (m_config->clock.endDate)
        m_toDate->setDate(qDate(*m_config->clock.endDate));
    setMode(m_config->mode);
    addLog(0, tr("config"), tr("Loaded %1").arg(QDir::toNativeSeparators(absolute)));
    if (m_controller.state() != RunState::Running && m_controller.state() != RunState::Paused)
        m_stateLabel->setText(tr("Ready: %1").arg(QFileInfo(absolute).fileName()));
    updateActions();
    return true;
}

void MainWindow::setMode(engine::RunMode mode)
{
    m_mode = mode;
    QString text;
    QString colors;
    switch (mode) {
    case engine::RunMode::Backtest:
        text = tr("BACKTEST");
        colors = QStringLiteral("background:#1e66c8;color:#ffffff;");
        break;
    case engine::RunMode::Paper:
        text = tr("PAPER");
        colors = QStringLiteral("background:#e0a100;color:#1a1a1a;");
        break;
    case engine::RunMode::Live:
        text = tr("LIVE");
        colors = QStringLiteral("background:#d32f2f;color:#ffffff;");
        break;
    }
    m_modeBadge->setText(text);
    m_modeBadge->setStyleSheet(QStringLiteral("QLabel#modeBadge{%1font-weight:bold;border-radius:4px;"
                                              "padding:3px 12px;letter-spacing:1px;}")
                                   .arg(colors));
}

QString MainWindow::modeBadgeText() const
{
    return m_modeBadge->text();
}

QString MainWindow::statusText() const
{
    return m_stateLabel->text();
}

void MainWindow::updateActions()
{
    const RunState state = m_controller.state();
    const bool active = state == RunState::Running || state == RunState::Paused;
    m_runAction->setEnabled(!active && m_config.has_value());
    m_cancelAction->setEnabled(active);
    m_pauseAction->setEnabled(active);
    m_pauseAction->setText(state == RunState::Paused ? tr("Resume") : tr("Pause"));
    m_stepAction->setEnabled(state == RunState::Paused);
    const RunRecord *shown = m_runs->run(m_shownRun);
    m_exportAction->setEnabled(shown != nullptr && shown->outcome->result != nullptr);
    m_configSelector->setEnabled(!active);
    m_strategySelector->setEnabled(!active);
}

std::optional<engine::EngineConfig> MainWindow::runConfig(QStringList *errors)
{
    if (!m_config) {
        *errors << tr("The selected configuration is not valid; see the Strategy panel.");
        return std::nullopt;
    }
    engine::EngineConfig config = *m_config;
    const auto strategy = m_strategyPanel->strategyConfig(errors);
    if (!strategy)
        return std::nullopt;
    if (config.strategies.empty())
        config.strategies.push_back(*strategy);
    else
        config.strategies.front() = *strategy;
    // Every symbol a strategy trades is streamed (the panel may have changed them).
    config.data.symbols.clear();
    for (const engine::StrategyConfig &s : config.strategies) {
        if (!s.enabled)
            continue;
        for (const std::string &symbol : s.symbols) {
            if (std::find(config.data.symbols.begin(), config.data.symbols.end(), symbol) == config.data.symbols.end())
                config.data.symbols.push_back(symbol);
        }
    }
    if (m_rangeEnabled->isChecked()) {
        if (m_toDate->date() < m_fromDate->date()) {
            *errors << tr("The date range is empty: the end is before the start.");
            return std::nullopt;
        }
        config.clock.startDate = engine::Date{m_fromDate->date().year(), m_fromDate->date().month(),
                                              m_fromDate->date().day()};
        config.clock.endDate = engine::Date{m_toDate->date().year(), m_toDate->date().month(),
                                            m_toDate->date().day()};
    }
    return config;
}

bool MainWindow::startRun()
{
    flushSlices();
    const RunState state = m_controller.state();
    if (state == RunState::Running || state == RunState::Paused)
        return false;
    QStringList errors;
    const auto config = runConfig(&errors);
    if (!config) {
        for (const QString &error : errors)
            addLog(2, tr("run"), error);
        m_stateLabel->setText(tr("Cannot run: %1").arg(errors.value(0)));
        return false;
    }
    RunRequest request;
    request.config = *config;
    request.storePath = stdText(m_options.storePath);
    request.bundledDataDir = stdText(m_options.bundledDataDir);
    request.source = m_options.source;
    m_runConfigText = QString::fromStdString(configYaml(*config));
    QStringList names;
    for (const engine::StrategyConfig &s : config->strategies) {
        if (s.enabled)
            names << QString::fromStdString(s.name);
    }
    m_runStrategy = names.join(QStringLiteral(", "));
    m_runConfigName = QFileInfo(m_configPath).fileName();
    clearRunViews(config->data.symbols);
    const std::uint64_t id = m_controller.run(std::move(request));
    addLog(0, tr("run"), tr("Run #%1 started: %2 on %3").arg(id).arg(m_runStrategy, m_runConfigName));
    m_stateLabel->setText(tr("Run #%1: starting…").arg(id));
    m_progress->setValue(0);
    m_etaLabel->clear();
    // The state is Running once the worker says so; until then Run must not start a second one.
    m_runAction->setEnabled(false);
    m_cancelAction->setEnabled(true);
    return true;
}

void MainWindow::cancelRun()
{
    const RunState state = m_controller.state();
    if (state != RunState::Running && state != RunState::Paused && m_runAction->isEnabled())
        return;
    m_controller.cancel();
    m_stateLabel->setText(tr("Cancelling…"));
}

void MainWindow::clearRunViews(const std::vector<std::string> &symbols)
{
    m_liveSymbols = symbols;
    m_shownRun = -1;
    m_comparedRun = -1;
    m_orders->setSymbols(symbols);
    m_fills->setSymbols(symbols);
    m_trades->clear();
    m_orders->clear();
    m_fills->clear();
    m_positions->clear();
    m_metrics->clear();
    m_priceChart->clear();
    m_equityChart->clear();
    m_symbolSelector->clear();
    for (const std::string &symbol : symbols)
        m_symbolSelector->addItem(QString::fromStdString(symbol));
    // The price chart fills in with the shown symbol's bars as snapshots arrive.
    m_symbolIndex = std::clamp(m_symbolIndex, 0, std::max(0, static_cast<int>(symbols.size()) - 1));
    m_symbolSelector->setCurrentIndex(m_symbolIndex);
    if (!symbols.empty())
        m_priceChart->setBars(QString::fromStdString(symbols[static_cast<std::size_t>(m_symbolIndex)]), {});
    m_liveViews = true;
}

void MainWindow::onStateChanged(RunState state)
{
    if (state == RunState::Running)
        m_stateLabel->setText(tr("Run #%1: running").arg(m_controller.currentRun()));
    else if (state == RunState::Paused)
        m_stateLabel->setText(tr("Run #%1: paused").arg(m_controller.currentRun()));
    updateActions();
}

void MainWindow::onSnapshot(const SnapshotPtr &snapshot)
{
    if (snapshot->progress >= 0.0) {
        m_progress->setValue(static_cast<int>(std::lround(snapshot->progress * 1000.0)));
        if (snapshot->progress > 0.001) {
            const double left = snapshot->elapsedSeconds * (1.0 - snapshot->progress) / snapshot->progress;
            m_etaLabel->setText(tr("ETA %1").arg(durationText(left)));
        }
    } else {
        m_progress->setRange(0, 0); // unknown span: busy indicator
    }
    if (snapshot->time != engine::Timestamp())
        m_stateLabel->setText(tr("Run #%1: %2 at %3")
                                  .arg(snapshot->runId)
                                  .arg(runStateName(m_controller.state()), format::time(snapshot->time)));
    // The streams go in slices of bounded size, one per event-loop pass: a fast engine hands
    // over 100,000 bars and thousands of orders per snapshot, more than one pass may take.
    const auto chunks = [this, &snapshot](const char *label, const auto &items, std::size_t size,
                                          auto apply) {
        using Item = typename std::decay_t<decltype(items)>::value_type;
        for (std::size_t from = 0; from < items.size(); from += size) {
            const std::span<const Item> chunk = std::span<const Item>(items).subspan(from, std::min(size, items.size() - from));
            queueSlice(label, [snapshot, chunk, apply] { apply(chunk); });
        }
    };
    chunks("live equity", snapshot->newEquity, 50000,
           [this](auto points) { m_equityChart->appendEquity(points); });
    chunks("live orders", snapshot->changedOrders, 2000,
           [this](auto orders) { m_orders->update(orders); });
    chunks("live fills", snapshot->newFills, 2000, [this](auto fills) { m_fills->append(fills); });
    chunks("live trades", snapshot->newTrades, 2000,
           [this](auto trades) { m_trades->append(trades); });
    queueSlice("live positions",
               [this, snapshot] { m_positions->setPositions(snapshot->positions); });
    const auto shown = static_cast<std::size_t>(m_symbolIndex);
    if (shown < snapshot->newBars.size()) {
        const std::vector<ChartBar> &bars = snapshot->newBars[shown];
        chunks("live bars", bars, 40000, [this](auto chunk) { m_priceChart->appendBars(chunk); });
    }
    const engine::InstrumentId instrument(static_cast<std::uint32_t>(shown + 1));
    chunks("live markers", snapshot->newFills, 8000,
           [this, instrument](auto fills) { m_priceChart->appendFills(fills, instrument); });
}

void MainWindow::onFinished(const OutcomePtr &outcome)
{
    m_progress->setRange(0, 1000);
    RunRecord record;
    record.number = static_cast<int>(outcome->runId);
    record.strategy = m_runStrategy;
    record.configName = m_runConfigName;
    record.configYaml = m_runConfigText;
    record.outcome = outcome;
    record.report = outcome->report; // parsed on the worker thread
    if (outcome->result)
        m_log->addAlerts(outcome->result->alerts);

    const int number = record.number;
    switch (outcome->state) {
    case RunState::Completed: {
        const auto &result = *outcome->result;
        m_progress->setValue(1000);
        m_stateLabel->setText(tr("Run #%1 completed: %2 bars in %3, total return %4")
                                  .arg(number)
                                  .arg(format::integer(static_cast<qint64>(result.bars)),
                                       durationText(result.elapsedSeconds),
                                       format::percent(result.metrics.totalReturn)));
        addLog(0, tr("run"), m_stateLabel->text());
        break;
    }
    case RunState::Cancelled:
        m_stateLabel->setText(tr("Run #%1 cancelled").arg(number));
        addLog(1, tr("run"), m_stateLabel->text());
        break;
    case RunState::Faulted:
        m_stateLabel->setText(tr("Run #%1 faulted: %2").arg(number).arg(outcome->message));
        addLog(2, tr("strategy"), m_stateLabel->text());
        break;
    case RunState::Failed:
        m_stateLabel->setText(tr("Run #%1 failed: %2").arg(number).arg(outcome->message));
        addLog(2, tr("run"), m_stateLabel->text());
        break;
    default:
        break;
    }
    m_etaLabel->clear();
    m_runs->add(std::move(record));
    m_runsPanel->fitColumns();
    const int row = m_runs->rowCount() - 1;
    if (!outcome->result) {
        m_shownRun = row;
        m_liveViews = false;
        updateActions();
        emit runFinished(outcome->state);
        return;
    }
    // The live views already hold what the snapshots carried; one strategy's trades arrive in the
    // result's order, so only the rest is added. Otherwise the run is shown from scratch.
    if (m_liveViews && outcome->result->strategies.size() == 1)
        finishLiveRun(outcome);
    else
        queueSlice("show run", [this, row] { showRun(row); });
    queueSlice("run finished", [this, state = outcome->state] {
        updateActions();
        emit runFinished(state);
    });
}

void MainWindow::finishLiveRun(const OutcomePtr &outcome)
{
    m_liveViews = false;
    m_shownRun = m_runs->rowCount() - 1;
    m_comparedRun = -1;
    // What came after the last snapshot, counted once the snapshots' slices queued before have
    // run; each part of the rest is a slice of its own.
    struct Shown
    {
        std::size_t trades = 0;
        std::size_t fills = 0;
    };
    const auto shown = std::make_shared<Shown>();
    queueSlice("count shown", [this, shown] {
        shown->trades = static_cast<std::size_t>(m_trades->rowCount());
        shown->fills = static_cast<std::size_t>(m_fills->rowCount());
    });
    const engine::BacktestResult &result = *outcome->result;
    queueSlice("final trades", [this, outcome, shown] {
        const auto &trades = outcome->result->trades;
        m_trades->append(std::span(trades).subspan(std::min(shown->trades, trades.size())));
    });
    queueSlice("final fills", [this, outcome, shown] {
        const auto &fills = outcome->result->fills;
        m_fills->append(std::span(fills).subspan(std::min(shown->fills, fills.size())));
    });
    constexpr std::size_t ordersPerSlice = 20000;
    for (std::size_t from = 0; from < result.orders.size(); from += ordersPerSlice) {
        const auto orders = std::span(result.orders).subspan(from, std::min(ordersPerSlice, result.orders.size() - from));
        queueSlice("final orders", [this, outcome, orders] { m_orders->mergeFinal(orders); });
    }
    queueSlice("final metrics", [this, outcome] {
        const RunRecord *run = m_runs->run(m_shownRun);
        if (run != nullptr)
            m_metrics->setReports({{tr("Run #%1").arg(run->number), run->report}});
    });
    queueSlice("final positions", [this, outcome] {
        m_positions->setPositions(PositionsModel::fromResult(*outcome->result));
    });
    queueSlice("final equity", [this, outcome] {
        m_equityChart->setComparison(QString(), EquitySeries{});
        m_equityChart->setEquity(tr("Run #%1").arg(outcome->runId), outcome->equity);
    });
    queueSlice("final price chart", [this, outcome, shown] {
        const auto index = static_cast<std::size_t>(m_symbolIndex);
        if (index < outcome->bars.size()) {
            const std::vector<ChartBar> &bars = outcome->bars[index];
            if (m_priceChart->barCount() <= bars.size())
                m_priceChart->appendBars(std::span(bars).subspan(m_priceChart->barCount()));
            const auto &fills = outcome->result->fills;
            m_priceChart->appendFills(std::span(fills).subspan(std::min(shown->fills, fills.size())),
                                      engine::InstrumentId(static_cast<std::uint32_t>(index + 1)));
        }
        applyOverlays();
        m_priceChart->setTimeRange(m_equityChart->timeRange());
    });
    queueSlice("analytics", [this, outcome] { setAnalytics(outcome); });
    for (TablePanel *panel : {m_tradesPanel, m_ordersPanel, m_fillsPanel, m_positionsPanel})
        queueSlice("fit columns", [panel] { panel->fitColumns(); });
}

void MainWindow::setAnalytics(const OutcomePtr &outcome)
{
    m_analyticsOutcome = outcome;
    m_analyticsFilled = {};
    fillAnalyticsTab();
}

void MainWindow::fillAnalyticsTab()
{
    // Only the tab in view: each Qt Charts chart costs a few milliseconds to fill and as much
    // again to lay out, which a hidden tab need not spend until it is shown.
    const int tab = m_analyticsTabs->currentIndex();
    if (m_analyticsOutcome == nullptr || m_analyticsOutcome->result == nullptr || tab < 0
        || tab >= static_cast<int>(m_analyticsFilled.size()))
        return;
    bool &filled = m_analyticsFilled[static_cast<std::size_t>(tab)];
    if (filled)
        return;
    filled = true;
    const RunOutcome &outcome = *m_analyticsOutcome;
    const std::vector<engine::EquityPoint> &curve
        = outcome.dailyEquity.empty() ? outcome.result->equity : outcome.dailyEquity;
    QWidget *chart = m_analyticsTabs->widget(tab);
    if (chart == m_monthlyChart)
        m_monthlyChart->setEquity(curve);
    else if (chart == m_exposureChart)
        m_exposureChart->setEquity(curve);
    else if (chart == m_histogram)
        m_histogram->setTrades(outcome.result->trades);
}

void MainWindow::queueSlice(const char *label, std::function<void()> slice)
{
    m_slices.push_back({label, std::move(slice)});
    if (!m_sliceTimer->isActive())
        m_sliceTimer->start();
}

void MainWindow::runSlice()
{
    // Slices until about 4 ms have passed, then back to the event loop: small slices share one
    // pass (and one chart redraw), a big one runs alone; the pass plus the redraws it causes
    // stays well inside a 16 ms frame.
    QElapsedTimer budget;
    budget.start();
    while (!m_slices.empty() && budget.nsecsElapsed() < 4'000'000) {
        const Slice slice = std::move(m_slices.front());
        m_slices.pop_front();
        if (m_sliceProbe) {
            const qint64 start = budget.nsecsElapsed();
            slice.run();
            m_sliceProbe(slice.label, budget.nsecsElapsed() - start);
        } else {
            slice.run();
        }
    }
    if (!m_slices.empty())
        m_sliceTimer->start();
}

void MainWindow::flushSlices()
{
    m_sliceTimer->stop();
    while (!m_slices.empty()) {
        const Slice slice = std::move(m_slices.front());
        m_slices.pop_front();
        slice.run();
    }
}

void MainWindow::showRun(int row, int compareRow)
{
    flushSlices();
    const RunRecord *run = m_runs->run(row);
    if (run == nullptr || run->outcome->result == nullptr)
        return;
    if (row != m_shownRun)
        showOutcome(*run);
    m_shownRun = row;
    m_comparedRun = compareRow;
    const RunRecord *other = m_runs->run(compareRow);
    if (other != nullptr && other->outcome->result != nullptr) {
        m_equityChart->setComparison(tr("Run #%1").arg(other->number), other->outcome->equity);
        m_metrics->setReports({{tr("Run #%1").arg(run->number), run->report},
                               {tr("Run #%1").arg(other->number), other->report}});
    } else {
        m_equityChart->setComparison(QString(), EquitySeries{});
        m_metrics->setReports({{tr("Run #%1").arg(run->number), run->report}});
    }
    m_equityChart->fitAll();
    updateActions();
}

void MainWindow::showOutcome(const RunRecord &run)
{
    const engine::BacktestResult &result = *run.outcome->result;
    m_liveSymbols = run.outcome->symbols;
    m_orders->setSymbols(m_liveSymbols);
    m_fills->setSymbols(m_liveSymbols);
    m_trades->setTrades(result.trades);
    m_orders->setOrders(result.orders);
    m_fills->setFills(result.fills);
    m_positions->setPositions(PositionsModel::fromResult(result));
    m_equityChart->setEquity(tr("Run #%1").arg(run.number), run.outcome->equity);
    setAnalytics(run.outcome);
    m_symbolSelector->clear();
    for (const std::string &symbol : m_liveSymbols)
        m_symbolSelector->addItem(QString::fromStdString(symbol));
    m_shownRun = static_cast<int>(&run - m_runs->runs().data());
    showSymbol(std::clamp(m_symbolIndex, 0, std::max(0, static_cast<int>(m_liveSymbols.size()) - 1)));
}

void MainWindow::showSymbol(int index)
{
    const RunRecord *run = m_runs->run(m_shownRun);
    if (run == nullptr || run->outcome->result == nullptr || index < 0
        || index >= static_cast<int>(run->outcome->bars.size()))
        return;
    m_symbolIndex = index;
    m_symbolSelector->setCurrentIndex(index);
    m_priceChart->clear();
    m_priceChart->setBars(QString::fromStdString(run->outcome->symbols[static_cast<std::size_t>(index)]),
                          run->outcome->bars[static_cast<std::size_t>(index)]);
    m_priceChart->setFills(run->outcome->result->fills, engine::InstrumentId(static_cast<std::uint32_t>(index + 1)));
    applyOverlays();
    m_priceChart->setTimeRange(m_equityChart->timeRange());
}

void MainWindow::setOverlay(const QString &indicator, bool on)
{
    m_activeOverlays.removeAll(indicator);
    if (on)
        m_activeOverlays << indicator;
    for (QAction *action : m_indicatorButton->menu()->actions()) {
        if (action->data().toString() == indicator && action->isChecked() != on) {
            const QSignalBlocker blocker(action);
            action->setChecked(on);
        }
    }
    applyOverlays();
}

void MainWindow::applyOverlays()
{
    m_priceChart->clearOverlays();
    const RunRecord *run = m_runs->run(m_shownRun);
    if (run == nullptr || m_symbolIndex >= static_cast<int>(run->outcome->bars.size()))
        return;
    const std::vector<ChartBar> &bars = run->outcome->bars[static_cast<std::size_t>(m_symbolIndex)];
    for (const QString &name : m_activeOverlays) {
        for (const OverlayLine &line : computeOverlay(m_indicators, name, bars))
            m_priceChart->addOverlay(line.label, line.pane, line.values);
    }
}

void MainWindow::compareSelectedRuns()
{
    QList<int> rows;
    for (const QModelIndex &index : m_runsPanel->view()->selectionModel()->selectedRows())
        rows << m_runsPanel->proxy()->mapToSource(index).row();
    if (rows.size() != 2)
        return;
    std::sort(rows.begin(), rows.end());
    showRun(rows.at(1), rows.at(0));
}

void MainWindow::saveConfigVersion()
{
    QStringList errors;
    const auto config = runConfig(&errors);
    if (!config) {
        for (const QString &error : errors)
            addLog(2, tr("config"), error);
        m_stateLabel->setText(tr("Not saved: %1").arg(errors.value(0)));
        return;
    }
    engine::EngineConfig toSave = *config;
    toSave.sourcePath = stdText(m_configPath);
    QString error;
    const QString path = ui::saveConfigVersion(toSave, m_registry, &error);
    if (path.isEmpty()) {
        addLog(2, tr("config"), error);
        m_stateLabel->setText(tr("Not saved: %1").arg(error));
        return;
    }
    addLog(0, tr("config"), tr("Saved as %1").arg(QDir::toNativeSeparators(path)));
    loadConfig(path);
}

void MainWindow::openConfig()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open configuration"), m_options.configDir,
                                                      tr("Run configurations (*.yaml *.yml)"));
    if (!path.isEmpty())
        loadConfig(path);
}

void MainWindow::exportReport()
{
    const RunRecord *run = m_runs->run(m_shownRun);
    if (run == nullptr || run->outcome->result == nullptr)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report"),
                                                      QStringLiteral("meridian-run-%1.pdf").arg(run->number),
                                                      tr("PDF report (*.pdf);;HTML report (*.html)"));
    if (path.isEmpty())
        return;
    const ReportExporter exporter(*run->outcome->result, run->configYaml);
    QString error;
    const bool written = path.endsWith(QStringLiteral(".html"), Qt::CaseInsensitive) ? exporter.writeHtml(path, &error)
                                                                                     : exporter.writePdf(path, &error);
    if (written)
        addLog(0, tr("report"), tr("Report written to %1").arg(QDir::toNativeSeparators(path)));
    else
        QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_theme, m_languages, this);
    connect(&dialog, &SettingsDialog::themeChosen, this, &MainWindow::setTheme);
    dialog.exec();
}

void MainWindow::setTheme(ThemeKind kind)
{
    m_theme = kind;
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyTheme(*app, kind);
    QSettings().setValue(QStringLiteral("theme"), themeName(kind));
    const ThemeColors &colors = themeColors(kind);
    m_runAction->setIcon(toolIcon(ToolIcon::Run, colors.positive));
    m_pauseAction->setIcon(toolIcon(ToolIcon::Pause, colors.text));
    m_stepAction->setIcon(toolIcon(ToolIcon::Step, colors.text));
    m_cancelAction->setIcon(toolIcon(ToolIcon::Cancel, colors.negative));
    m_priceChart->setTheme(kind);
    m_equityChart->setTheme(kind);
    m_monthlyChart->setTheme(kind);
    m_histogram->setTheme(kind);
    m_exposureChart->setTheme(kind);
    for (RecordTableModel *model : std::initializer_list<RecordTableModel *>{m_metrics, m_trades, m_orders, m_fills,
                                                                            m_positions, m_log, m_runs})
        model->setSignColors(colors.positive, colors.negative);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(layoutVersion));
    m_controller.cancel();
    QMainWindow::closeEvent(event);
}

} // namespace meridian::ui
