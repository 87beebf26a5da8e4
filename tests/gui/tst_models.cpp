// Every table model of the workstation under QAbstractItemModelTester (structure, signals,
// roles) while it is filled, updated and reset; plus what the cells show, worked out by hand,
// the filter proxy, and the CSV / clipboard text of a table.

#include "ui/equitychart.h"
#include "ui/fillsmodel.h"
#include "ui/equitysampling.h"
#include "ui/formatting.h"
#include "ui/indicatoroverlay.h"
#include "ui/logmodel.h"
#include "ui/metricsmodel.h"
#include "ui/ordersmodel.h"
#include "ui/positionsmodel.h"
#include "ui/pricechart.h"
#include "ui/recordfilterproxy.h"
#include "ui/runsmodel.h"
#include "ui/tablepanel.h"
#include "ui/tradesmodel.h"

#include "engine/core/civiltime.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace meridian;
using namespace meridian::ui;

namespace {

engine::Price price(const char *text)
{
    return *engine::Price::parse(text);
}

engine::Money money(const char *text)
{
    return *engine::Money::parse(text);
}

engine::Timestamp at(int year, int month, int day)
{
    return engine::dailyBarTimestamp(engine::Date{year, month, day});
}

engine::TradeRecord trade(const char *symbol, const char *entry, const char *exit, const char *pnl)
{
    engine::TradeRecord t;
    t.symbol = symbol;
    t.quantity = engine::Quantity::fromUnits(100);
    t.entryTime = at(2020, 1, 2);
    t.entryPrice = price(entry);
    t.exitTime = at(2020, 1, 10);
    t.exitPrice = price(exit);
    t.pnl = money(pnl);
    return t;
}

engine::Order order(std::uint64_t id, engine::OrderStatus status, const char *reason = "")
{
    engine::Order o;
    o.id = engine::OrderId(id);
    o.instrument = engine::InstrumentId(1);
    o.quantity = engine::Quantity::fromUnits(10);
    o.submittedAt = at(2020, 1, 2);
    o.status = status;
    o.reason = reason;
    return o;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void tradesModel();
    void ordersModelUpdatesInPlace();
    void ordersModelShowsTypesLinksAndExecution();
    void fillsModel();
    void positionsModel();
    void logModelAndSeverityFilter();
    void metricsModelFormatsEveryKind();
    void runsModel();
    void filterProxySortsNumbersAsNumbers();
    void csvQuotesFields();
    void formatting();
    void indicatorOverlays();
    void lastPointPerDay();
    void equitySeriesDrawdown();
    void ordersMergeFinalCopiesOnlyChanges();
    void priceChartAppendsLikeSetBars();
    void chartBarSeriesAcrossBlocks();
    void equityLevelsKeepLowsAndHighs();
    void timePanesStayInSync();
};

void TestModels::tradesModel()
{
    TradesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrades({trade("SPY", "100.00", "110.00", "1000.00")});
    model.append(std::vector<engine::TradeRecord>{trade("SPY", "120.00", "108.00", "-1200.00"), trade("QQQ", "50.00", "55.00", "500.00")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, TradesModel::Pnl).data().toString(), QStringLiteral("1,000.00"));
    // Return = pnl / (qty × entry): 1000 / 10000 = 10 %, -1200 / 12000 = -10 %.
    QCOMPARE(model.index(0, TradesModel::ReturnPercent).data().toString(), QStringLiteral("10.00 %"));
    QCOMPARE(model.index(1, TradesModel::ReturnPercent).data().toString(), QStringLiteral("-10.00 %"));
    QVERIFY(model.index(1, TradesModel::Pnl).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(1, TradesModel::Pnl).data(RecordTableModel::SortRole).toDouble(), -1200.0);
    QCOMPARE(model.index(2, TradesModel::EntryTime).data().toString(), QStringLiteral("2020-01-02 16:00"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::ordersModelUpdatesInPlace()
{
    OrdersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols({"SPY"});
    model.update(std::vector<engine::Order>{order(1, engine::OrderStatus::New), order(2, engine::OrderStatus::New)});
    QCOMPARE(model.rowCount(), 2);
    model.update(std::vector<engine::Order>{order(1, engine::OrderStatus::Filled), order(3, engine::OrderStatus::Rejected, "max_leverage")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, OrdersModel::Status).data().toString(), QStringLiteral("filled"));
    QCOMPARE(model.index(2, OrdersModel::Status).data().toString(), QStringLiteral("rejected"));
    QCOMPARE(model.index(2, OrdersModel::Reason).data().toString(), QStringLiteral("max_leverage"));
    QCOMPARE(model.index(2, OrdersModel::Symbol).data().toString(), QStringLiteral("SPY"));
    model.setOrders({order(7, engine::OrderStatus::Canceled)});
    QCOMPARE(model.rowCount(), 1);
    model.update(std::vector<engine::Order>{order(7, engine::OrderStatus::Expired)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, OrdersModel::Status).data().toString(), QStringLiteral("expired"));
}

void TestModels::ordersModelShowsTypesLinksAndExecution()
{
    OrdersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols({"SPY"});
    // A stop-limit buy, ioc, bracket entry, replacing order 4; 5 of 10 filled at 100.50 against
    // an arrival price of 100.00, reaching the venue 12 ms after the decision.
    engine::Order entry = order(5, engine::OrderStatus::PendingCancel);
    entry.type = engine::OrderType::StopLimit;
    entry.timeInForce = engine::TimeInForce::Ioc;
    entry.orderClass = engine::OrderClass::Bracket;
    entry.limitPrice = price("101.00");
    entry.stopPrice = price("100.25");
    entry.replaces = engine::OrderId(4);
    entry.arrivalPrice = price("100.00");
    entry.arrivesAt = entry.submittedAt + engine::Duration::milliseconds(12);
    entry.filledQuantity = engine::Quantity::fromUnits(5);
    entry.filledNotional = money("502.50");
    // A trailing-stop sell exit of that bracket, rejected by the risk check.
    engine::Order exit = order(6, engine::OrderStatus::Rejected, "position limit 10 % exceeded");
    exit.side = engine::Side::Sell;
    exit.type = engine::OrderType::TrailingStop;
    exit.timeInForce = engine::TimeInForce::Gtc;
    exit.orderClass = engine::OrderClass::Bracket;
    exit.trailPercent = 1.5;
    exit.stopPrice = price("98.00");
    exit.rejectCode = "max_position_size";
    exit.parent = engine::OrderId(5);
    exit.sibling = engine::OrderId(7);
    model.setOrders({entry, exit, order(8, engine::OrderStatus::DoneForDay)});
    const auto cell = [&model](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(0, OrdersModel::Type), QStringLiteral("stop_limit"));
    QCOMPARE(cell(0, OrdersModel::TimeInForce), QStringLiteral("ioc"));
    QCOMPARE(cell(0, OrdersModel::Class), QStringLiteral("bracket"));
    QCOMPARE(cell(0, OrdersModel::LimitPrice), QStringLiteral("101.00"));
    QCOMPARE(cell(0, OrdersModel::StopPrice), QStringLiteral("100.25"));
    QCOMPARE(cell(0, OrdersModel::Status), QStringLiteral("pending_cancel"));
    QCOMPARE(cell(0, OrdersModel::Linked), QStringLiteral("replaces 4"));
    QCOMPARE(cell(0, OrdersModel::AveragePrice), QStringLiteral("100.50"));
    // (100.50 - 100.00) / 100.00 = 50 bps paid; 12 ms; 5 / 10 = 50 %.
    QCOMPARE(cell(0, OrdersModel::SlippageBps), QStringLiteral("50.00"));
    QVERIFY(model.index(0, OrdersModel::SlippageBps).data(Qt::ForegroundRole).isValid());
    QCOMPARE(cell(0, OrdersModel::LatencyMs), QStringLiteral("12.0"));
    QCOMPARE(cell(0, OrdersModel::FillRatio), QStringLiteral("50.0"));
    QCOMPARE(cell(1, OrdersModel::Type), QStringLiteral("trailing_stop"));
    QCOMPARE(model.index(1, OrdersModel::Type).data(Qt::ToolTipRole).toString(), QStringLiteral("trails by 1.50 %"));
    QCOMPARE(cell(1, OrdersModel::TimeInForce), QStringLiteral("gtc"));
    QCOMPARE(cell(1, OrdersModel::LimitPrice), QString());
    QCOMPARE(cell(1, OrdersModel::StopPrice), QStringLiteral("98.00"));
    QCOMPARE(cell(1, OrdersModel::RejectCode), QStringLiteral("max_position_size"));
    QCOMPARE(cell(1, OrdersModel::Reason), QStringLiteral("position limit 10 % exceeded"));
    QCOMPARE(cell(1, OrdersModel::Linked), QStringLiteral("parent 5 · sibling 7"));
    QCOMPARE(cell(1, OrdersModel::SlippageBps), QString()); // nothing filled
    QCOMPARE(cell(1, OrdersModel::FillRatio), QStringLiteral("0.0"));
    QCOMPARE(cell(2, OrdersModel::Status), QStringLiteral("done_for_day"));
    QCOMPARE(cell(2, OrdersModel::Type), QStringLiteral("market"));
    QCOMPARE(cell(2, OrdersModel::Class), QStringLiteral("simple"));
}

void TestModels::fillsModel()
{
    FillsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbols({"SPY", "TLT"});
    engine::FillRecord fill;
    fill.id = engine::FillId(4);
    fill.order = engine::OrderId(9);
    fill.instrument = engine::InstrumentId(2);
    fill.side = engine::Side::Sell;
    fill.quantity = engine::Quantity::fromUnits(1500);
    fill.price = price("98.765");
    fill.time = at(2021, 3, 31);
    model.append(std::vector<engine::FillRecord>{fill});
    model.append({});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, FillsModel::Symbol).data().toString(), QStringLiteral("TLT"));
    QCOMPARE(model.index(0, FillsModel::Quantity).data().toString(), QStringLiteral("1,500"));
    // Prices show two decimals, rounded half-even from the exact value: 98.765 -> 98.76.
    QCOMPARE(model.index(0, FillsModel::Price).data().toString(), QStringLiteral("98.76"));
    QCOMPARE(model.index(0, FillsModel::Side).data().toString(), QStringLiteral("sell"));
    model.clear();
}

void TestModels::positionsModel()
{
    PositionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PositionRow row{"s", "SPY", engine::Quantity::fromUnits(-50), price("10"), price("12"), money("-600"),
                    money("-100"), money("0")};
    model.setPositions({row});
    row.lastPrice = price("11");
    model.setPositions({row}); // same rows: values change in place
    QCOMPARE(model.index(0, PositionsModel::LastPrice).data().toString(), QStringLiteral("11.00"));
    model.setPositions({row, row});
    QCOMPARE(model.rowCount(), 2);

    // From a finished run: an open long trade of 100 at 50, last close 55, no commission.
    engine::BacktestResult result;
    engine::StrategyResult strategy;
    strategy.name = "spy_fast";
    strategy.symbols = {"SPY"};
    result.strategies.push_back(strategy);
    engine::TradeRecord open = trade("SPY", "50.00", "55.00", "500.00");
    open.exitTime.reset();
    result.trades = {trade("SPY", "40.00", "41.00", "100.00"), open};
    const auto rows = PositionsModel::fromResult(result);
    QCOMPARE(rows.size(), std::size_t(1));
    QCOMPARE(rows[0].strategy, std::string("spy_fast"));
    QCOMPARE(QString::fromStdString(rows[0].marketValue.toString(2)), QStringLiteral("5500.00"));
    QCOMPARE(QString::fromStdString(rows[0].unrealizedPnl.toString(2)), QStringLiteral("500.00"));
    model.clear();
}

void TestModels::logModelAndSeverityFilter()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add({QStringLiteral("10:00:00"), Severity::Info, QStringLiteral("run"), QStringLiteral("started")});
    engine::Alert alert;
    alert.time = at(2020, 3, 16);
    alert.severity = engine::Alert::Severity::Error;
    alert.source = "sma_crossover";
    alert.message = "max_daily_loss breached";
    engine::Alert warning = alert;
    warning.severity = engine::Alert::Severity::Warning;
    warning.message = "order rejected";
    model.addAlerts({alert, warning});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, LogModel::Time).data().toString(), QStringLiteral("2020-03-16 16:00"));
    QCOMPARE(model.index(1, LogModel::SeverityColumn).data().toString(), QStringLiteral("error"));

    RecordFilterProxy proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setMinimumLevel(LogModel::SeverityRole, static_cast<int>(Severity::Warning));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setMinimumLevel(LogModel::SeverityRole, static_cast<int>(Severity::Error));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setMinimumLevel(LogModel::SeverityRole, -1);
    proxy.setFilterText(QStringLiteral("REJECTED"));
    QCOMPARE(proxy.rowCount(), 1);
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestModels::metricsModelFormatsEveryKind()
{
    MetricsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QByteArray json = R"({"strategy":"a","symbols":["SPY","TLT"],"start":"2021-03-31T20:00:00Z",
        "bars":12345,"initial_equity":"1234567.50","total_return":-0.0525,"sharpe":1.23456,
        "max_drawdown":0.2,"max_drawdown_duration_days":40,"profit_factor":null,"elapsed_s":0.5,
        "dataset_versions":[{"symbol":"SPY","timeframe":"1d","version":2,"rows":5849}],
        "trade_list":[{"symbol":"SPY"}],
        "strategies":[{"name":"a","state":"faulted","fault":{"time":"x","callback":"onMarketEvent","message":"boom"}}],
        "zzz_new_key":"kept"})";
    QVERIFY(model.setReport(QStringLiteral("Run #1"), json));
    // trade_list is left to the trades table; the unknown key is shown, last.
    QCOMPARE(model.rowOf(QStringLiteral("trade_list")), -1);
    QCOMPARE(model.keyAt(model.rowCount() - 1), QStringLiteral("zzz_new_key"));
    const auto shown = [&](const char *key) {
        return model.index(model.rowOf(QString::fromLatin1(key)), 1).data().toString();
    };
    QCOMPARE(shown("symbols"), QStringLiteral("SPY, TLT"));
    QCOMPARE(shown("start"), QStringLiteral("2021-03-31 16:00")); // 20:00Z is 16:00 EDT
    QCOMPARE(shown("bars"), QStringLiteral("12,345"));
    QCOMPARE(shown("initial_equity"), QStringLiteral("1,234,567.50"));
    QCOMPARE(shown("total_return"), QStringLiteral("-5.25 %"));
    QCOMPARE(shown("sharpe"), QStringLiteral("1.23"));
    QCOMPARE(shown("max_drawdown"), QStringLiteral("20.00 %"));
    QCOMPARE(shown("max_drawdown_duration_days"), QStringLiteral("40 days"));
    QCOMPARE(shown("profit_factor"), QStringLiteral("—"));
    QCOMPARE(shown("dataset_versions[0]"), QStringLiteral("SPY 1d v2 (5,849 rows)"));
    QCOMPARE(shown("strategies[0].fault"), QStringLiteral("onMarketEvent: boom"));
    QCOMPARE(shown("strategies[0].state"), QStringLiteral("faulted"));
    // Sign colours: a loss and a drawdown are negative, the Sharpe ratio positive.
    const QVariant lossColour = model.index(model.rowOf(QStringLiteral("total_return")), 1).data(Qt::ForegroundRole);
    const QVariant drawdownColour = model.index(model.rowOf(QStringLiteral("max_drawdown")), 1).data(Qt::ForegroundRole);
    const QVariant sharpeColour = model.index(model.rowOf(QStringLiteral("sharpe")), 1).data(Qt::ForegroundRole);
    QVERIFY(lossColour.isValid() && lossColour == drawdownColour);
    QVERIFY(sharpeColour.isValid() && sharpeColour != lossColour);
    // The raw value is the JSON value itself.
    QCOMPARE(model.index(model.rowOf(QStringLiteral("total_return")), 1).data(RecordTableModel::RawRole).value<QJsonValue>(),
             QJsonValue(-0.0525));
    // Two runs side by side.
    QJsonObject other;
    other.insert(QStringLiteral("bars"), 7);
    model.setReports({{QStringLiteral("A"), QJsonDocument::fromJson(json).object()}, {QStringLiteral("B"), other}});
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.index(model.rowOf(QStringLiteral("bars")), 2).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(model.rowOf(QStringLiteral("sharpe")), 2).data().toString(), QString());
    QVERIFY(!model.setReport(QStringLiteral("bad"), "not json"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::runsModel()
{
    RunsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto outcome = std::make_shared<RunOutcome>();
    outcome->state = RunState::Cancelled;
    RunRecord run;
    run.number = 3;
    run.strategy = QStringLiteral("sma_crossover");
    run.outcome = outcome;
    run.report.insert(QStringLiteral("total_return"), 0.12003);
    run.report.insert(QStringLiteral("trades"), 101);
    model.add(run);
    QCOMPARE(model.index(0, RunsModel::State).data().toString(), QStringLiteral("cancelled"));
    QCOMPARE(model.index(0, RunsModel::TotalReturn).data().toString(), QStringLiteral("12.00 %"));
    QCOMPARE(model.index(0, RunsModel::Trades).data().toString(), QStringLiteral("101"));
    QVERIFY(model.run(1) == nullptr);
}

void TestModels::filterProxySortsNumbersAsNumbers()
{
    TradesModel model;
    model.setTrades({trade("SPY", "1.00", "2.00", "9.00"), trade("SPY", "1.00", "2.00", "10.00"),
                     trade("SPY", "1.00", "2.00", "-100.00")});
    RecordFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(TradesModel::Pnl, Qt::AscendingOrder);
    // As text "-100.00" < "10.00" < "9.00"; as numbers -100 < 9 < 10.
    QCOMPARE(proxy.index(0, TradesModel::Pnl).data().toString(), QStringLiteral("-100.00"));
    QCOMPARE(proxy.index(1, TradesModel::Pnl).data().toString(), QStringLiteral("9.00"));
    QCOMPARE(proxy.index(2, TradesModel::Pnl).data().toString(), QStringLiteral("10.00"));
}

void TestModels::csvQuotesFields()
{
    LogModel model;
    model.add({QStringLiteral("t"), Severity::Warning, QStringLiteral("a,b"), QStringLiteral("say \"hi\"")});
    const QString csv = tableText(model, {}, QLatin1Char(','));
    QCOMPARE(csv, QStringLiteral("Time,Severity,Source,Message\nt,warning,\"a,b\",\"say \"\"hi\"\"\"\n"));
    const QString tsv = tableText(model, {0}, QLatin1Char('\t'));
    QCOMPARE(tsv, QStringLiteral("Time\tSeverity\tSource\tMessage\nt\twarning\ta,b\tsay \"hi\"\n"));

    TablePanel panel(&model, QStringLiteral("log"));
    QTemporaryDir dir;
    QString error;
    QVERIFY(panel.exportCsv(dir.filePath(QStringLiteral("log.csv")), &error));
    QFile file(dir.filePath(QStringLiteral("log.csv")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), csv);
    QVERIFY(!panel.exportCsv(dir.filePath(QStringLiteral("missing/dir/log.csv")), &error));
    QVERIFY(error.contains(QStringLiteral("cannot write")));
}

void TestModels::formatting()
{
    QCOMPARE(format::groupDecimal(QStringLiteral("-1234567.891")), QStringLiteral("-1,234,567.891"));
    QCOMPARE(format::groupDecimal(QStringLiteral("999")), QStringLiteral("999"));
    QCOMPARE(format::money(money("100000")), QStringLiteral("100,000.00"));
    QCOMPARE(format::percent(0.12003), QStringLiteral("12.00 %"));
    // 2021-03-31 20:00Z is 16:00 in New York (EDT), and the chart's x is that wall-clock time.
    const auto t = engine::dailyBarTimestamp(engine::Date{2021, 3, 31});
    QCOMPARE(format::time(t), QStringLiteral("2021-03-31 16:00"));
    QCOMPARE(format::chartTimeText(format::chartTime(t)), QStringLiteral("2021-03-31 16:00"));
    // In winter (EST, UTC-5) too: 2021-01-04 16:00 New York is 21:00Z.
    const auto winter = engine::dailyBarTimestamp(engine::Date{2021, 1, 4});
    QCOMPARE(format::chartTimeText(format::chartTime(winter)), QStringLiteral("2021-01-04 16:00"));
}

void TestModels::indicatorOverlays()
{
    const auto registry = engine::IndicatorRegistry::builtin();
    QCOMPARE(overlayIndicators(registry),
             QStringList({QStringLiteral("sma"), QStringLiteral("ema"), QStringLiteral("bollinger"),
                          QStringLiteral("rsi"), QStringLiteral("macd")}));
    QCOMPARE(overlayTitle(registry, QStringLiteral("sma")), QStringLiteral("SMA 20"));
    // Closes 1, 2, ..., 25: SMA 20 is undefined for the first 19 bars, then the mean of the
    // last 20 closes: bar 19 -> mean(1..20) = 10.5, bar 24 -> mean(6..25) = 15.5.
    std::vector<ChartBar> bars;
    for (int i = 1; i <= 25; ++i)
        bars.push_back({i * 86400.0, double(i), double(i), double(i), double(i), 100.0});
    const auto sma = computeOverlay(registry, QStringLiteral("sma"), bars);
    QCOMPARE(sma.size(), std::size_t(1));
    QVERIFY(sma[0].pane.isEmpty());
    QCOMPARE(sma[0].values.size(), bars.size());
    QVERIFY(std::isnan(sma[0].values[18]));
    QCOMPARE(sma[0].values[19], 10.5);
    QCOMPARE(sma[0].values[24], 15.5);
    // Bollinger: three lines on the price; RSI: its own pane.
    QCOMPARE(computeOverlay(registry, QStringLiteral("bollinger"), bars).size(), std::size_t(3));
    const auto rsi = computeOverlay(registry, QStringLiteral("rsi"), bars);
    QCOMPARE(rsi.size(), std::size_t(1));
    QCOMPARE(rsi[0].pane, QStringLiteral("RSI 14"));
    // Closes that only rise: no loss, RSI 100 once ready.
    QCOMPARE(rsi[0].values.back(), 100.0);
    QVERIFY(computeOverlay(registry, QStringLiteral("nope"), bars).empty());
}

void TestModels::lastPointPerDay()
{
    // Minute points on two New York days (EDT): 2013-10-07 09:30, 09:31, 15:59 and
    // 2013-10-08 09:30, 16:00 (= 20:00Z, still the 8th in New York though 20:00 UTC).
    const auto at = [](int day, int hour, int minute) {
        return engine::newYorkTime(engine::Date{2013, 10, day}, engine::TimeOfDay::hms(hour, minute, 0));
    };
    std::vector<engine::EquityPoint> points;
    for (const auto &time : {at(7, 9, 30), at(7, 9, 31), at(7, 15, 59), at(8, 9, 30), at(8, 16, 0)})
        points.push_back({time, engine::Money::fromUnits(static_cast<std::int64_t>(points.size())), {}});
    const auto days = ui::lastPointPerDay(points);
    QCOMPARE(days.size(), std::size_t(3)); // the first point, the 7th's close, the 8th's close
    QCOMPARE(days[0].equity.toDouble(), 0.0);
    QCOMPARE(days[1].equity.toDouble(), 2.0);
    QCOMPARE(days[2].equity.toDouble(), 4.0);
    QVERIFY(ui::lastPointPerDay({}).empty());
    QCOMPARE(ui::lastPointPerDay(std::span(points).first(1)).size(), std::size_t(1));
}

void TestModels::equitySeriesDrawdown()
{
    // Equity 100, 110, 99, 121: the running peak is 100, 110, 110, 121, so the drawdown is
    // 0 %, 0 %, 99 / 110 - 1 = -10 %, 0 %. Times are 2013-10-07 09:30 EDT, = 09:30 as chart time.
    std::vector<engine::EquityPoint> points;
    const engine::Timestamp open = engine::newYorkTime(engine::Date{2013, 10, 7}, engine::TimeOfDay::hms(9, 30, 0));
    int minute = 0;
    for (const int equity : {100, 110, 99, 121})
        points.push_back({open + engine::Duration::minutes(minute++), engine::Money::fromUnits(equity), {}});
    const ui::EquitySeries series = ui::equitySeries(points);
    QCOMPARE(series.equity->size(), 4);
    QCOMPARE(series.drawdown->size(), 4);
    QCOMPARE(series.equity->at(2)->value, 99.0);
    QCOMPARE(series.drawdown->at(1)->value, 0.0);
    QVERIFY(std::abs(series.drawdown->at(2)->value - (-10.0)) < 1e-9);
    QCOMPARE(series.drawdown->at(3)->value, 0.0);
    // 2013-10-07 09:30 = 1381138200 s since the epoch.
    QCOMPARE(series.equity->at(0)->key, 1381138200.0);
    QCOMPARE(series.equity->at(3)->key, 1381138200.0 + 180.0);
}

void TestModels::ordersMergeFinalCopiesOnlyChanges()
{
    OrdersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(std::vector<engine::Order>{order(1, engine::OrderStatus::New), order(2, engine::OrderStatus::Filled)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Order 2 is as shown, order 1 has filled since, order 3 is new.
    model.mergeFinal(std::vector<engine::Order>{order(1, engine::OrderStatus::Filled), order(2, engine::OrderStatus::Filled),
                      order(3, engine::OrderStatus::Canceled)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 0); // only row 0 changed
    QCOMPARE(model.index(0, OrdersModel::Status).data().toString(), QStringLiteral("filled"));
    QCOMPARE(model.index(2, OrdersModel::Status).data().toString(), QStringLiteral("canceled"));
    changed.clear();
    model.mergeFinal(model.orders()); // nothing new: no signal
    QCOMPARE(changed.count(), 0);
}

void TestModels::chartBarSeriesAcrossBlocks()
{
    // 40,000 bars at times 0, 1, 2, ... appended in uneven pieces cross two block boundaries
    // (16,384 bars a block): every bar is where its time says.
    std::vector<ChartBar> bars(40000);
    for (std::size_t i = 0; i < bars.size(); ++i)
        bars[i].time = static_cast<double>(i);
    ChartBarSeries series;
    QVERIFY(series.empty());
    series.append(std::span(bars).first(10000));
    series.append(std::span(bars).subspan(10000, 20000));
    for (std::size_t i = 30000; i < bars.size(); ++i)
        series.push_back(bars[i]);
    QCOMPARE(series.size(), std::size_t(40000));
    for (const std::size_t i : {std::size_t(0), std::size_t(16383), std::size_t(16384),
                                std::size_t(32768), std::size_t(39999)})
        QCOMPARE(series[i].time, static_cast<double>(i));
    QCOMPARE(series.lowerIndex(-5.0), std::size_t(0));
    QCOMPARE(series.lowerIndex(16383.5), std::size_t(16384));
    QCOMPARE(series.lowerIndex(20000.0), std::size_t(20000));
    QCOMPARE(series.lowerIndex(1e9), std::size_t(40000));
    series.pop_back();
    QCOMPARE(series.back().time, 39998.0);
    QCOMPARE(ChartBarSeries(bars).size(), bars.size());
}

void TestModels::equityLevelsKeepLowsAndHighs()
{
    // Two buckets of 8: values 5 1 9 3 4 4 4 4 | 2 8 6 0 7 7 7 7. The first keeps the curve's
    // start (index 0), its low (1, at 1) and high (9, at 2); the second its high (8, at 9), low
    // (0, at 11) and the curve's end (15).
    const double values[] = {5, 1, 9, 3, 4, 4, 4, 4, 2, 8, 6, 0, 7, 7, 7, 7};
    QVector<QCPGraphData> points;
    for (int i = 0; i < 16; ++i)
        points.push_back(QCPGraphData(i, values[i]));
    const QVector<QCPGraphData> kept = lowsAndHighs(points, 8);
    QCOMPARE(kept.size(), 6);
    const double keys[] = {0, 1, 2, 9, 11, 15};
    for (int i = 0; i < 6; ++i)
        QCOMPARE(kept[i].key, keys[i]);

    // A 40,000-minute curve (equity 1000 + (i * 7919) mod 1000): levels of about 10,000 and
    // 2,500 points keep the whole value range (1000..1999), the first and the last minute.
    std::vector<engine::EquityPoint> curve;
    const engine::Timestamp open
        = engine::newYorkTime(engine::Date{2013, 10, 7}, engine::TimeOfDay::hms(9, 30, 0));
    for (int i = 0; i < 40000; ++i)
        curve.push_back({open + engine::Duration::minutes(i),
                         engine::Money::fromUnits(1000 + (i * 7919) % 1000),
                         {}});
    const EquitySeries series = equitySeries(curve);
    QCOMPARE(series.equity->size(), 40000);
    QCOMPARE(series.levels.size(), std::size_t(2));
    QVERIFY(series.levels.back().equity->size() <= equityLevelMinimum);
    for (const EquitySeries::Level &level : series.levels) {
        bool found = false;
        const QCPRange range = level.equity->valueRange(found);
        QCOMPARE(range.lower, 1000.0);
        QCOMPARE(range.upper, 1999.0);
        QCOMPARE(level.equity->constBegin()->key, series.equity->constBegin()->key);
        QCOMPARE((level.equity->constEnd() - 1)->key, (series.equity->constEnd() - 1)->key);
        const QCPRange drawdown = level.drawdown->valueRange(found);
        QCOMPARE(drawdown.lower, series.drawdownValues.lower);
    }
}

void TestModels::timePanesStayInSync()
{
    // 100 daily bars on a price chart wired to an equity chart as the main window wires them.
    std::vector<ChartBar> bars;
    std::vector<engine::EquityPoint> equity;
    for (int i = 0; i < 100; ++i) {
        bars.push_back({1.0e9 + i * 86400.0, 100.0, 101.0, 99.0, 100.0, 1000.0});
        equity.push_back(
            {engine::Timestamp::fromUnixNanos((1'000'000'000LL + i * 86400LL) * 1'000'000'000LL),
             engine::Money::fromUnits(1000 + i),
             {}});
    }
    PriceChart price;
    EquityChart equityChart;
    price.resize(800, 500);
    equityChart.resize(800, 300);
    price.setBars(QStringLiteral("SPY"), bars);
    equityChart.setEquity(QStringLiteral("Run"), equity);
    connect(&price, &PriceChart::timeRangeChanged, &equityChart, &EquityChart::setTimeRange);
    connect(&equityChart, &EquityChart::timeRangeChanged, &price, &PriceChart::setTimeRange);
    // An oscillator pane (three panes now): zooming any pane moves every pane of both charts.
    price.addOverlay(QStringLiteral("RSI"), QStringLiteral("RSI 14"),
                     std::vector<double>(bars.size(), 50.0));
    QCOMPARE(price.axisRects().size(), 3);
    QSignalSpy moved(&price, &PriceChart::timeRangeChanged);
    const QCPRange range(1.0e9 + 10 * 86400.0, 1.0e9 + 20 * 86400.0);
    price.axisRects().last()->axis(QCPAxis::atBottom)->setRange(range);
    QCOMPARE(moved.count(), 1);
    for (QCPAxisRect *rect : price.axisRects())
        QCOMPARE(rect->axis(QCPAxis::atBottom)->range(), range);
    QCOMPARE(equityChart.timeRange(), range);
    for (QCPAxisRect *rect : equityChart.axisRects())
        QCOMPARE(rect->axis(QCPAxis::atBottom)->range(), range);
    // Dates under the lowest pane only; back to price and volume without the overlay.
    QVERIFY(!price.axisRects().at(1)->axis(QCPAxis::atBottom)->tickLabels());
    QVERIFY(price.axisRects().at(2)->axis(QCPAxis::atBottom)->tickLabels());
    price.clearOverlays();
    QCOMPARE(price.axisRects().size(), 2);
    QVERIFY(price.axisRects().at(1)->axis(QCPAxis::atBottom)->tickLabels());
    QVERIFY(!price.axisRects().at(0)->axis(QCPAxis::atBottom)->tickLabels());
    // The equity chart moved back: the price chart follows.
    const QCPRange back(1.0e9, 1.0e9 + 50 * 86400.0);
    equityChart.setTimeRange(back);
    QCOMPARE(price.timeRange(), back);
}

void TestModels::priceChartAppendsLikeSetBars()
{
    // 3,001 daily bars (odd, so every level ends with a lone bar), given at once to one chart and
    // in chunks of 7 to another as a live run would: the same bars, levels and drawn candles.
    std::vector<ChartBar> bars;
    for (int i = 0; i < 3001; ++i) {
        const double close = 100.0 + (i % 37) - (i % 11);
        bars.push_back({1.0e9 + i * 86400.0, close - 1.0, close + 2.0, close - 2.0, close, 1000.0 + i});
    }
    PriceChart whole;
    PriceChart live;
    for (PriceChart *chart : {&whole, &live})
        chart->resize(900, 500);
    whole.setBars(QStringLiteral("SPY"), bars);
    live.setBars(QStringLiteral("SPY"), {});
    QCOMPARE(live.barCount(), std::size_t(0));
    for (std::size_t i = 0; i < bars.size(); i += 7)
        live.appendBars(std::vector<ChartBar>(bars.begin() + static_cast<std::ptrdiff_t>(i),
                                              bars.begin() + static_cast<std::ptrdiff_t>(std::min(i + 7, bars.size()))));
    QCOMPARE(live.barCount(), bars.size());
    for (PriceChart *chart : {&whole, &live})
        chart->fitAll();
    QCOMPARE(live.detailLevel(), whole.detailLevel());
    QVERIFY(whole.detailLevel() > 0); // 3,001 bars on 900 pixels are merged
    QCOMPARE(live.drawnCandles(), whole.drawnCandles());
    // A stretch of 40 bars is drawn bar by bar, identically.
    const QCPRange range(bars[1000].time, bars[1040].time);
    whole.setTimeRange(range);
    live.setTimeRange(range);
    QCOMPARE(live.detailLevel(), 0);
    QCOMPARE(live.drawnCandles(), whole.drawnCandles());
    // Markers: a buy and a sell of instrument 1 appended live; instrument 2's fill is ignored.
    engine::FillRecord buy;
    buy.instrument = engine::InstrumentId(1);
    buy.time = at(2020, 1, 2);
    buy.price = price("101.00");
    engine::FillRecord sell = buy;
    sell.side = engine::Side::Sell;
    sell.time = at(2020, 1, 3);
    engine::FillRecord other = buy;
    other.instrument = engine::InstrumentId(2);
    live.appendFills(std::vector<engine::FillRecord>{buy, other}, engine::InstrumentId(1));
    live.appendFills(std::vector<engine::FillRecord>{sell}, engine::InstrumentId(1));
    QCOMPARE(live.markerCount(), 2);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
