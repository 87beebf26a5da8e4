// The built-in strategies driven bar by bar through a scripted Context: each test feeds
// hand-made bars and asserts exactly which OrderIntents come out at which bar. The expected
// SMAs, z-scores and dates are worked out by hand in the comments.

#include "engine/sdk/strategyregistry.h"
#include "strategies/builtinstrategies.h"
#include "strategies/buyandhold.h"
#include "strategies/meanreversion.h"
#include "strategies/perinstrument.h"
#include "strategies/rollingwindow.h"
#include "strategies/sixtyforty.h"
#include "strategies/smacrossover.h"

#include <QtTest>
#include <rapidcheck.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using namespace meridian::engine;
using namespace meridian::strategies;

namespace {

Price price(const char *text)
{
    const Result<Price> parsed = Price::parse(text);
    if (!parsed)
        qFatal("bad price in test: %s", text);
    return *parsed;
}

Timestamp closeOf(int year, int month, int day)
{
    return dailyBarTimestamp(Date{year, month, day});
}

// A Context with scripted time, bars and holdings: the test plays the engine.
class ScriptedContext final : public Context, private PortfolioView
{
public:
    ScriptedContext(const std::vector<std::string> &symbols, Parameters parameters)
        : m_parameters(std::move(parameters))
    {
        for (const std::string &text : symbols) {
            const InstrumentId id = m_table.add(*Symbol::parse(text));
            m_instruments.push_back(id);
            m_histories.emplace_back(64);
            m_lastPrices.emplace_back();
        }
    }

    InstrumentId id(const std::string &symbol) const { return *m_table.find(symbol); }
    void setNow(Timestamp now) { m_now = now; }
    void addBar(Timestamp time, const BarData &bar)
    {
        m_histories[bar.instrument.value() - 1].append(time, bar);
        m_lastPrices[bar.instrument.value() - 1] = bar.close;
    }
    void setPosition(InstrumentId instrument, Quantity quantity)
    {
        m_positions[instrument] = quantity;
    }
    void setOpenOrders(InstrumentId instrument, Quantity quantity)
    {
        m_open[instrument] = quantity;
    }
    int historyRequested() const { return static_cast<int>(m_required); }

    // Context
    Timestamp now() const override { return m_now; }
    std::string_view strategyName() const override { return "under_test"; }
    const Parameters &parameters() const override { return m_parameters; }
    const RiskLimits &riskLimits() const override { return m_limits; }
    const PortfolioView &portfolio() const override { return *this; }
    const NyseCalendar &calendar() const override { return m_calendar; }
    std::span<const InstrumentId> instruments() const override { return m_instruments; }
    const Symbol &symbol(InstrumentId instrument) const override
    {
        return m_table.symbol(instrument);
    }
    BarSeries history(InstrumentId instrument, std::size_t n) const override
    {
        return m_histories[instrument.value() - 1].last(n);
    }
    void requireHistory(std::size_t n) override { m_required = n; }
    std::optional<Price> lastPrice(InstrumentId instrument) const override
    {
        return m_lastPrices[instrument.value() - 1];
    }

private:
    // PortfolioView: only positions and open orders matter to these strategies.
    Money cash() const override { return Money::fromUnits(100000); }
    Money equity() const override { return Money::fromUnits(100000); }
    Money buyingPower() const override { return Money::fromUnits(100000); }
    Quantity position(InstrumentId instrument) const override
    {
        return lookup(m_positions, instrument);
    }
    Price averagePrice(InstrumentId) const override { return Price(); }
    Money realizedPnl() const override { return Money(); }
    Money unrealizedPnl() const override { return Money(); }
    Quantity openOrderQuantity(InstrumentId instrument) const override
    {
        return lookup(m_open, instrument);
    }
    static Quantity lookup(const std::map<InstrumentId, Quantity> &map, InstrumentId instrument)
    {
        const auto it = map.find(instrument);
        return it == map.end() ? Quantity() : it->second;
    }

    InstrumentTable m_table;
    std::vector<InstrumentId> m_instruments;
    std::vector<BarHistory> m_histories;
    std::vector<std::optional<Price>> m_lastPrices;
    std::map<InstrumentId, Quantity> m_positions;
    std::map<InstrumentId, Quantity> m_open;
    Parameters m_parameters;
    RiskLimits m_limits;
    NyseCalendar m_calendar;
    Timestamp m_now;
    std::size_t m_required = 0;
};

// One instant as the engine runs it: every bar stamped t delivered, then one decision.
struct Tick
{
    std::string symbol;
    const char *close;
};

QStringList describe(const ScriptedContext &ctx, const OrderList &orders)
{
    QStringList out;
    for (const OrderIntent &intent : orders) {
        const QString symbol = QString::fromStdString(ctx.symbol(intent.instrument).toString());
        switch (intent.sizing) {
        case OrderIntent::Sizing::Quantity:
            out << QStringLiteral("%1 %2 %3 %4 %5")
                       .arg(symbol, QString::fromLatin1(toString(intent.side).data()),
                            QString::fromStdString(intent.quantity.toString()),
                            QString::fromLatin1(toString(intent.type).data()),
                            QString::fromLatin1(toString(intent.timeInForce).data()));
            break;
        case OrderIntent::Sizing::TargetQuantity:
            out << QStringLiteral("%1 target-quantity %2")
                       .arg(symbol, QString::fromStdString(intent.quantity.toString()));
            break;
        case OrderIntent::Sizing::TargetPercent:
            out << QStringLiteral("%1 target-percent %2")
                       .arg(symbol)
                       .arg(intent.targetFraction, 0, 'g', 12);
            break;
        }
    }
    return out;
}

QStringList
step(Strategy &strategy, ScriptedContext &ctx, Timestamp time, const std::vector<Tick> &ticks)
{
    ctx.setNow(time);
    for (const Tick &tick : ticks) {
        const Price close = price(tick.close);
        const BarData bar{ctx.id(tick.symbol),      close, close, close, close,
                          Quantity::fromUnits(1000)};
        ctx.addBar(time, bar);
        strategy.onMarketEvent(ctx, Event::makeBar(time, bar));
    }
    OrderList orders;
    strategy.generateOrders(ctx, orders);
    return describe(ctx, orders);
}

Parameters params(const StrategyInfo &info, const std::map<std::string, ParamValue> &values)
{
    Parameters parameters = Parameters::defaults(info.schema);
    for (const auto &[name, value] : values) {
        const ParamSpec *spec = info.schema.find(name);
        if (spec == nullptr)
            qFatal("unknown parameter %s", name.c_str());
        parameters.set(name, *info.schema.check(*spec, value));
    }
    return parameters;
}

const StrategyRegistry &registry()
{
    static const StrategyRegistry builtins = [] {
        StrategyRegistry r;
        registerBuiltinStrategies(r);
        return r;
    }();
    return builtins;
}

std::unique_ptr<Strategy> make(const std::string &name, const Parameters &parameters)
{
    return registry().find(name)->create(parameters);
}

// Consecutive NYSE sessions from 2021-03-01 (a Monday) on, as daily-bar stamps.
std::vector<Timestamp> sessions(int count)
{
    NyseCalendar nyse;
    std::vector<Timestamp> out;
    Date date{2021, 3, 1};
    for (int i = 0; i < count; ++i) {
        out.push_back(dailyBarTimestamp(date));
        date = nyse.nextSession(date);
    }
    return out;
}

} // namespace

class TestStrategies : public QObject
{
    Q_OBJECT

private slots:
    void rollingWindow();
    void perInstrument();
    void registryHasTheBuiltins();
    void schemas_data();
    void schemas();

    void buyAndHoldTargetPercentOnFirstBar();
    void buyAndHoldQuantity();
    void buyAndHoldSplitsAcrossSymbols();

    void smaCrossoverHandWorked();
    void smaCrossoverEqualAveragesNeitherTriggerNorBlock();
    void smaCrossoverCrossBelowThroughEquality();
    void smaCrossoverNoSignalOnFirstReadyBar();
    void smaCrossoverNoBuyWhenLongOrPending();
    void smaCrossoverSymbolsAreIndependent();
    void smaCrossoverComparesExactly();
    void smaCrossoverIgnoresNonBarEvents();
    void smaCrossoverFactoryErrors_data();
    void smaCrossoverFactoryErrors();
    void smaCrossoverMatchesNaiveAverages();

    void sixtyFortyInitialAllocationAndMonthEnds();
    void sixtyFortyNeedsBothBars();
    void sixtyFortyOtherWeight();
    void sixtyFortyNeedsTwoSymbols();

    void meanReversionHandWorked();
    void meanReversionFlatWindowHasNoZ();
    void meanReversionFactoryErrors();
    void meanReversionMatchesTwoPass();
};

void TestStrategies::rollingWindow()
{
    RollingWindow window(3);
    QCOMPARE(window.capacity(), std::size_t(3));
    QVERIFY(!window.push(10));
    QVERIFY(!window.push(11));
    QVERIFY(!window.full());
    QVERIFY(!window.push(12));
    QVERIFY(window.full());
    QCOMPARE(window.back(0), std::int64_t(12));
    QCOMPARE(window.back(2), std::int64_t(10));
    QCOMPARE(window.push(13), std::optional<std::int64_t>(10)); // the oldest makes room
    QCOMPARE(window.push(14), std::optional<std::int64_t>(11));
    QCOMPARE(window.size(), std::size_t(3));
    QCOMPARE(window.back(0), std::int64_t(14));
    QCOMPARE(window.back(1), std::int64_t(13));
    QCOMPARE(window.back(2), std::int64_t(12));
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, (void)window.back(3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RollingWindow(0));
}

void TestStrategies::perInstrument()
{
    PerInstrument<int> counts;
    const std::vector<InstrumentId> ids{InstrumentId(3), InstrumentId(1)};
    counts.reset(ids, 7);
    QCOMPARE(counts.size(), std::size_t(2));
    *counts.find(InstrumentId(1)) += 1;
    QVERIFY(counts.find(InstrumentId(2)) == nullptr);
    std::vector<std::pair<std::uint32_t, int>> seen;
    for (const auto &[instrument, count] : std::as_const(counts))
        seen.emplace_back(instrument.value(), count);
    // Configuration order, not id order.
    QCOMPARE(seen, (std::vector<std::pair<std::uint32_t, int>>{{3, 7}, {1, 8}}));
}

void TestStrategies::registryHasTheBuiltins()
{
    const std::vector<std::string> expected{"buy_and_hold",  "mean_reversion", "rsi_reversal",
                                            "sixty_forty",   "sma_crossover",  "trend_following"};
    QCOMPARE(registry().names(), expected);
    for (const StrategyInfo &info : registry().all()) {
        QCOMPARE(info.origin, std::string("built-in"));
        QVERIFY(!info.description.empty());
        QVERIFY(make(info.name, Parameters::defaults(info.schema)) != nullptr);
    }
    // Registering twice is a bug, not a silent overwrite.
    StrategyRegistry twice;
    registerBuiltinStrategies(twice);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, registerBuiltinStrategies(twice));
}

void TestStrategies::schemas_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("expected"); // name:type:default:[min,max] per parameter

    QTest::newRow("buy_and_hold") << "buy_and_hold"
                                  << "quantity:number:0:[0,1e+09] target_percent:number:1:[0,1]";
    QTest::newRow("sma_crossover")
        << "sma_crossover"
        << "fast:integer:10:[1,10000] slow:integer:30:[2,10000] quantity:number:100:[1e-08,1e+09]";
    QTest::newRow("sixty_forty") << "sixty_forty"
                                 << "stock_weight:number:0.6:[0,1]";
    QTest::newRow("rsi_reversal")
        << "rsi_reversal"
        << "period:integer:14:[2,1000] oversold:number:30:[0,100] overbought:number:70:[0,100] "
           "quantity:number:100:[1e-08,1e+09]";
    QTest::newRow("trend_following")
        << "trend_following"
        << "fast:integer:20:[1,10000] slow:integer:50:[2,10000] atr_period:integer:14:[1,1000] "
           "atr_multiple:number:3:[0.1,100] quantity:number:100:[1e-08,1e+09]";
    QTest::newRow("mean_reversion")
        << "mean_reversion"
        << "window:integer:20:[2,1000] entry_z:number:2:[1e-06,10] exit_z:number:0.5:[0,10] "
           "quantity:number:100:[1e-08,1e+09]";
}

void TestStrategies::schemas()
{
    QFETCH(QString, strategy);
    QFETCH(QString, expected);
    const StrategyInfo *info = registry().find(strategy.toStdString());
    QVERIFY(info != nullptr);
    QStringList parts;
    for (const ParamSpec &spec : info->schema.specs()) {
        QVERIFY(!spec.description.empty());
        parts << QStringLiteral("%1:%2:%3:[%4,%5]")
                     .arg(QString::fromStdString(spec.name),
                          QString::fromLatin1(toString(spec.type).data()),
                          QString::fromStdString(formatParamValue(spec.defaultValue)))
                     .arg(*spec.minimum, 0, 'g', 6)
                     .arg(*spec.maximum, 0, 'g', 6);
    }
    QCOMPARE(parts.join(' '), expected);
}

void TestStrategies::buyAndHoldTargetPercentOnFirstBar()
{
    const auto strategy
        = make("buy_and_hold", Parameters::defaults(registry().find("buy_and_hold")->schema));
    ScriptedContext ctx({"SPY"}, {});
    strategy->onStart(ctx);
    OrderList none;
    ctx.setNow(closeOf(2021, 3, 1));
    strategy->generateOrders(ctx, none); // an instant before any bar: nothing to buy at
    QVERIFY(none.empty());
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 2), {{"SPY", "389.58"}}),
             QStringList{"SPY target-percent 1"});
    for (int day = 3; day <= 5; ++day)
        QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, day), {{"SPY", "390"}}), QStringList{});
}

void TestStrategies::buyAndHoldQuantity()
{
    const StrategyInfo &info = *registry().find("buy_and_hold");
    const auto strategy = make("buy_and_hold", params(info, {{"quantity", 12.5}}));
    ScriptedContext ctx({"SPY"}, {});
    strategy->onStart(ctx);
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 1), {{"SPY", "389.58"}}),
             QStringList{"SPY buy 12.5 market day"});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 2), {{"SPY", "389"}}), QStringList{});
}

void TestStrategies::buyAndHoldSplitsAcrossSymbols()
{
    const StrategyInfo &info = *registry().find("buy_and_hold");
    const auto strategy = make("buy_and_hold", params(info, {{"target_percent", 0.9}}));
    ScriptedContext ctx({"SPY", "TLT", "AGG"}, {});
    strategy->onStart(ctx);
    // Each symbol is bought on its own first bar, with 0.9 / 3 = 0.3 of equity.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 1), {{"TLT", "150"}}),
             QStringList{"TLT target-percent 0.3"});
    QCOMPARE(
        step(*strategy, ctx, closeOf(2021, 3, 2), {{"SPY", "380"}, {"TLT", "151"}, {"AGG", "115"}}),
        (QStringList{"SPY target-percent 0.3", "AGG target-percent 0.3"}));
    QCOMPARE(
        step(*strategy, ctx, closeOf(2021, 3, 3), {{"SPY", "381"}, {"TLT", "152"}, {"AGG", "116"}}),
        QStringList{});
}

void TestStrategies::smaCrossoverHandWorked()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover", params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}}));
    auto &sma = static_cast<SmaCrossover &>(*strategy);
    ScriptedContext ctx({"SPY"}, {});
    const InstrumentId spy = ctx.id("SPY");
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(9);
    //  bar close  fast SMA  slow SMA  sign  action
    //   1   10      -         -        0
    //   2   11      -         -        0
    //   3   12     11.5      11        +    first ready bar: remembered, no signal
    //   4   11     11.5      11.333    +
    //   5   10     10.5      11        -    cross below while flat: nothing
    //   6   10     10        10.333    -
    //   7   11     10.5      10.333    +    cross above, flat: buy 100
    //   8   12     11.5      11        +    (filled: long 100) no cross
    //   9    9     10.5      10.667    -    cross below while long: close
    QCOMPARE(step(*strategy, ctx, t[0], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), 0);
    QCOMPARE(step(*strategy, ctx, t[1], {{"SPY", "11"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), 0);
    QCOMPARE(step(*strategy, ctx, t[2], {{"SPY", "12"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), 1);
    QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "11"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[4], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), -1);
    QCOMPARE(step(*strategy, ctx, t[5], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[6], {{"SPY", "11"}}), QStringList{"SPY buy 100 market day"});
    ctx.setPosition(spy, Quantity::fromUnits(100));
    QCOMPARE(step(*strategy, ctx, t[7], {{"SPY", "12"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[8], {{"SPY", "9"}}), QStringList{"SPY target-quantity 0"});
}

void TestStrategies::smaCrossoverEqualAveragesNeitherTriggerNorBlock()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover",
        params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}, {"quantity", 7.0}}));
    auto &sma = static_cast<SmaCrossover &>(*strategy);
    ScriptedContext ctx({"SPY"}, {});
    const InstrumentId spy = ctx.id("SPY");
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(7);
    //  bar close  fast   slow    sign
    //   3   10    10.5   11       -
    //   4   12    11     11       0    equal: no signal, last non-zero stays -
    //   5   13    12.5   11.667   +    cross above (last non-zero -): buy
    //   6   11    12     12       0    equal
    //   7   16    13.5   13.333   +    last non-zero already +: no buy even though flat
    step(*strategy, ctx, t[0], {{"SPY", "12"}});
    step(*strategy, ctx, t[1], {{"SPY", "11"}});
    QCOMPARE(step(*strategy, ctx, t[2], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), -1);
    QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "12"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), 0);
    QCOMPARE(step(*strategy, ctx, t[4], {{"SPY", "13"}}), QStringList{"SPY buy 7 market day"});
    // The order was rejected: still flat.
    QCOMPARE(step(*strategy, ctx, t[5], {{"SPY", "11"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), 0);
    QCOMPARE(step(*strategy, ctx, t[6], {{"SPY", "16"}}), QStringList{});
    QCOMPARE(sma.spreadSign(spy), 1);
}

void TestStrategies::smaCrossoverCrossBelowThroughEquality()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover", params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}}));
    ScriptedContext ctx({"SPY"}, {});
    const InstrumentId spy = ctx.id("SPY");
    strategy->onStart(ctx);
    ctx.setPosition(spy, Quantity::fromUnits(50));
    const std::vector<Timestamp> t = sessions(5);
    //  bar close  fast   slow    sign
    //   3   12    11.5   11       +
    //   4   10    11     11       0
    //   5    9     9.5   10.333   -    cross below (last non-zero +), long 50: close
    step(*strategy, ctx, t[0], {{"SPY", "10"}});
    step(*strategy, ctx, t[1], {{"SPY", "11"}});
    QCOMPARE(step(*strategy, ctx, t[2], {{"SPY", "12"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[4], {{"SPY", "9"}}), QStringList{"SPY target-quantity 0"});
}

void TestStrategies::smaCrossoverNoSignalOnFirstReadyBar()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover", params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}}));
    ScriptedContext ctx({"SPY"}, {});
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(4);
    // Closes 12, 10, 9, 12: bar 3 is the first ready bar (fast 9.5 < slow 10.333), bar 4 crosses
    // above (fast 10.5 > slow 10.333) and buys.
    QCOMPARE(step(*strategy, ctx, t[0], {{"SPY", "12"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[1], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[2], {{"SPY", "9"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "12"}}), QStringList{"SPY buy 100 market day"});

    // Closes 10, 9, 12: the first ready bar has fast 10.5 > slow 10.333 — no earlier sign, no buy.
    const auto fresh = make("sma_crossover",
                            params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}}));
    ScriptedContext ctx2({"SPY"}, {});
    fresh->onStart(ctx2);
    QCOMPARE(step(*fresh, ctx2, t[0], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(step(*fresh, ctx2, t[1], {{"SPY", "9"}}), QStringList{});
    QCOMPARE(step(*fresh, ctx2, t[2], {{"SPY", "12"}}), QStringList{});
    QCOMPARE(static_cast<SmaCrossover &>(*fresh).spreadSign(ctx2.id("SPY")), 1);
}

void TestStrategies::smaCrossoverNoBuyWhenLongOrPending()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const Parameters p = params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}});
    const std::vector<Timestamp> t = sessions(4);
    // Closes 12, 10, 9, 12 cross above on bar 4 (see above).
    for (const bool pendingOrder : {false, true}) {
        const auto strategy = make("sma_crossover", p);
        ScriptedContext ctx({"SPY"}, {});
        strategy->onStart(ctx);
        if (pendingOrder)
            ctx.setOpenOrders(ctx.id("SPY"), Quantity::fromUnits(100));
        else
            ctx.setPosition(ctx.id("SPY"), Quantity::fromUnits(30));
        step(*strategy, ctx, t[0], {{"SPY", "12"}});
        step(*strategy, ctx, t[1], {{"SPY", "10"}});
        step(*strategy, ctx, t[2], {{"SPY", "9"}});
        QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "12"}}), QStringList{});
    }
    // A long position exactly offset by a working sell is no longer long: no second close.
    const auto strategy = make("sma_crossover", p);
    ScriptedContext ctx({"SPY"}, {});
    strategy->onStart(ctx);
    ctx.setPosition(ctx.id("SPY"), Quantity::fromUnits(100));
    ctx.setOpenOrders(ctx.id("SPY"), -Quantity::fromUnits(100));
    step(*strategy, ctx, t[0], {{"SPY", "10"}});
    step(*strategy, ctx, t[1], {{"SPY", "11"}});
    step(*strategy, ctx, t[2], {{"SPY", "12"}});
    QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "9"}}), QStringList{}); // fast 10.5 < slow 10.667
}

void TestStrategies::smaCrossoverSymbolsAreIndependent()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover", params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}}));
    ScriptedContext ctx({"SPY", "QQQ"}, {});
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(5);
    // SPY: 12, 10, 9, 12 -> cross above on bar 4. QQQ: 10, 11, 12, 11, 9 -> stays above until
    // bar 5 (fast 10 < slow 10.667) but is flat, so nothing; QQQ misses bar 2 entirely.
    QCOMPARE(step(*strategy, ctx, t[0], {{"SPY", "12"}, {"QQQ", "10"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[1], {{"SPY", "10"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[2], {{"SPY", "9"}, {"QQQ", "11"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[3], {{"SPY", "12"}, {"QQQ", "12"}}),
             QStringList{"SPY buy 100 market day"});
    ctx.setPosition(ctx.id("QQQ"), Quantity::fromUnits(5));
    ctx.setPosition(ctx.id("SPY"), Quantity::fromUnits(100));
    // QQQ bar 4 (11): fast 11.5 > slow 11.333; bar 5 (9): fast 10 < slow 10.667 -> close QQQ.
    QCOMPARE(step(*strategy, ctx, t[4], {{"QQQ", "11"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[4] + Duration::hours(24), {{"QQQ", "9"}}),
             QStringList{"QQQ target-quantity 0"});
}

void TestStrategies::smaCrossoverComparesExactly()
{
    // fast = 1, slow = 3 over 0.1, 0.3, 0.2: the slow average is exactly 0.2, equal to the
    // latest close. In binary floating point (0.1 + 0.3 + 0.2) / 3 = 0.20000000000000004,
    // which would read as fast < slow.
    QVERIFY((0.1 + 0.3 + 0.2) / 3 != 0.2);
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover", params(info, {{"fast", std::int64_t(1)}, {"slow", std::int64_t(3)}}));
    auto &sma = static_cast<SmaCrossover &>(*strategy);
    ScriptedContext ctx({"SPY"}, {});
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(3);
    step(*strategy, ctx, t[0], {{"SPY", "0.1"}});
    step(*strategy, ctx, t[1], {{"SPY", "0.3"}});
    step(*strategy, ctx, t[2], {{"SPY", "0.2"}});
    QCOMPARE(sma.spreadSign(ctx.id("SPY")), 0);
}

void TestStrategies::smaCrossoverIgnoresNonBarEvents()
{
    const StrategyInfo &info = *registry().find("sma_crossover");
    const auto strategy = make(
        "sma_crossover", params(info, {{"fast", std::int64_t(2)}, {"slow", std::int64_t(3)}}));
    ScriptedContext ctx({"SPY"}, {});
    strategy->onStart(ctx);
    OrderEventData fill;
    fill.instrument = ctx.id("SPY");
    strategy->onOrderUpdate(ctx,
                            Event::makeOrder(closeOf(2021, 3, 1), EventType::OrderFilled, fill));
    strategy->onMarketEvent(ctx,
                            Event{closeOf(2021, 3, 1), 0, EventType::Trade,
                                  TradeData{ctx.id("SPY"), price("5"), Quantity::fromUnits(1)}});
    OrderList orders;
    strategy->generateOrders(ctx, orders);
    QVERIFY(orders.empty());
    QCOMPARE(static_cast<SmaCrossover &>(*strategy).spreadSign(ctx.id("SPY")), 0);
}

void TestStrategies::smaCrossoverFactoryErrors_data()
{
    QTest::addColumn<qint64>("fast");
    QTest::addColumn<qint64>("slow");
    QTest::addColumn<QString>("message");
    QTest::newRow("equal") << qint64(30) << qint64(30)
                           << "sma_crossover: fast (30) must be at least 1 and less than slow (30)";
    QTest::newRow("greater") << qint64(
        50) << qint64(20) << "sma_crossover: fast (50) must be at least 1 and less than slow (20)";
}

void TestStrategies::smaCrossoverFactoryErrors()
{
    QFETCH(qint64, fast);
    QFETCH(qint64, slow);
    QFETCH(QString, message);
    const StrategyInfo &info = *registry().find("sma_crossover");
    Parameters p = Parameters::defaults(info.schema);
    p.set("fast", std::int64_t(fast));
    p.set("slow", std::int64_t(slow));
    try {
        (void)info.create(p);
        QFAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument &error) {
        QCOMPARE(QString::fromStdString(error.what()), message);
    }
}

void TestStrategies::smaCrossoverMatchesNaiveAverages()
{
    // The O(1) ring sums against a full recomputation from every close so far, compared as
    // exact rationals: fastSum/fast vs slowSum/slow.
    QVERIFY(rc::check("incremental SMA spread sign equals the naive one", [] {
        const auto slow = *rc::gen::inRange<std::int64_t>(2, 12);
        const auto fast = *rc::gen::inRange<std::int64_t>(1, slow);
        const auto closes = *rc::gen::container<std::vector<std::int64_t>>(
            *rc::gen::inRange<std::size_t>(1, 60), rc::gen::inRange<std::int64_t>(1, 2000));
        const StrategyInfo &info = *registry().find("sma_crossover");
        Parameters p = Parameters::defaults(info.schema);
        p.set("fast", fast);
        p.set("slow", slow);
        const auto strategy = info.create(p);
        auto &sma = static_cast<SmaCrossover &>(*strategy);
        ScriptedContext ctx({"SPY"}, {});
        strategy->onStart(ctx);
        const InstrumentId spy = ctx.id("SPY");
        Timestamp time = closeOf(2021, 3, 1);
        for (std::size_t i = 0; i < closes.size(); ++i) {
            time += Duration::minutes(1);
            const Price close = Price::fromRaw(closes[i] * 1'000'000); // 0.01 .. 20.00
            const BarData bar{spy, close, close, close, close, Quantity()};
            strategy->onMarketEvent(ctx, Event::makeBar(time, bar));
            int expected = 0;
            if (i + 1 >= static_cast<std::size_t>(slow)) {
                long double fastSum = 0;
                long double slowSum = 0;
                for (std::int64_t k = 0; k < slow; ++k) {
                    slowSum += closes[i - k];
                    if (k < fast)
                        fastSum += closes[i - k];
                }
                const long double diff = fastSum * slow - slowSum * fast; // small integers: exact
                expected = (diff > 0) - (diff < 0);
            }
            RC_ASSERT(sma.spreadSign(spy) == expected);
        }
    }));
}

void TestStrategies::sixtyFortyInitialAllocationAndMonthEnds()
{
    const auto strategy
        = make("sixty_forty", Parameters::defaults(registry().find("sixty_forty")->schema));
    ScriptedContext ctx({"SPY", "TLT"}, {});
    strategy->onStart(ctx);
    const QStringList rebalance{"SPY target-percent 0.6", "TLT target-percent 0.4"};
    // SPY trades from 2021-03-26, TLT only from 03-29: the first common close allocates.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 26), {{"SPY", "395.98"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 29), {{"SPY", "395.78"}, {"TLT", "136.71"}}),
             rebalance);
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 30), {{"SPY", "394.73"}, {"TLT", "136.12"}}),
             QStringList{});
    // Wednesday 2021-03-31 is the last session of March.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 3, 31), {{"SPY", "396.33"}, {"TLT", "136.36"}}),
             rebalance);
    // Thursday 04-01; Good Friday 04-02 is a holiday.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 4, 1), {{"SPY", "400.61"}, {"TLT", "137.77"}}),
             QStringList{});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 4, 29), {{"SPY", "420.06"}, {"TLT", "138.3"}}),
             QStringList{});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 4, 30), {{"SPY", "417.3"}, {"TLT", "137.96"}}),
             rebalance);
    // May 2021 ends on Memorial Day (Monday 05-31): Friday 05-28 is the last session.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 5, 27), {{"SPY", "419.29"}, {"TLT", "136.35"}}),
             QStringList{});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 5, 28), {{"SPY", "420.04"}, {"TLT", "137.38"}}),
             rebalance);
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 6, 1), {{"SPY", "419.67"}, {"TLT", "136.02"}}),
             QStringList{});
}

void TestStrategies::sixtyFortyNeedsBothBars()
{
    const auto strategy
        = make("sixty_forty", Parameters::defaults(registry().find("sixty_forty")->schema));
    ScriptedContext ctx({"SPY", "TLT"}, {});
    strategy->onStart(ctx);
    const QStringList rebalance{"SPY target-percent 0.6", "TLT target-percent 0.4"};
    // A stale TLT bar from an earlier instant does not count as "both at now".
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 4, 28), {{"TLT", "138"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 4, 29), {{"SPY", "420.06"}}), QStringList{});
    // The first common close is itself the month end: one allocation, not two.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 4, 30), {{"SPY", "417.3"}, {"TLT", "137.96"}}),
             rebalance);
    // May's last session with only SPY trading: no rebalance, and none on June 1 either.
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 5, 28), {{"SPY", "420.04"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, closeOf(2021, 6, 1), {{"SPY", "419.67"}, {"TLT", "136.02"}}),
             QStringList{});
    // Intraday bars on June 30: nothing before the 16:00 close, then exactly once.
    const Date june30{2021, 6, 30};
    QCOMPARE(step(*strategy, ctx, newYorkTime(june30, TimeOfDay::hms(15, 59, 0)),
                  {{"SPY", "428"}, {"TLT", "144"}}),
             QStringList{});
    QCOMPARE(step(*strategy, ctx, newYorkTime(june30, TimeOfDay::hms(16, 0, 0)),
                  {{"SPY", "428.06"}, {"TLT", "144.4"}}),
             rebalance);
    QCOMPARE(step(*strategy, ctx, newYorkTime(june30, TimeOfDay::hms(16, 1, 0)),
                  {{"SPY", "428.1"}, {"TLT", "144.4"}}),
             QStringList{});
}

void TestStrategies::sixtyFortyOtherWeight()
{
    const StrategyInfo &info = *registry().find("sixty_forty");
    const auto strategy = make("sixty_forty", params(info, {{"stock_weight", 0.75}}));
    ScriptedContext ctx({"QQQ", "AGG"}, {});
    strategy->onStart(ctx);
    QCOMPARE(step(*strategy, ctx, closeOf(2016, 1, 4), {{"QQQ", "108"}, {"AGG", "108.5"}}),
             (QStringList{"QQQ target-percent 0.75", "AGG target-percent 0.25"}));
}

void TestStrategies::sixtyFortyNeedsTwoSymbols()
{
    const StrategyInfo &info = *registry().find("sixty_forty");
    for (const std::vector<std::string> &symbols :
         {std::vector<std::string>{"SPY"}, std::vector<std::string>{"SPY", "TLT", "AGG"}}) {
        const auto strategy = make("sixty_forty", Parameters::defaults(info.schema));
        ScriptedContext ctx(symbols, {});
        try {
            strategy->onStart(ctx);
            QFAIL("expected std::invalid_argument");
        } catch (const std::invalid_argument &error) {
            QCOMPARE(
                QString::fromStdString(error.what()),
                QStringLiteral("sixty_forty needs exactly two symbols (stock, then bond), got %1")
                    .arg(symbols.size()));
        }
    }
}

void TestStrategies::meanReversionHandWorked()
{
    const StrategyInfo &info = *registry().find("mean_reversion");
    const auto strategy = make("mean_reversion", params(info, {{"window", std::int64_t(3)},
                                                               {"entry_z", 1.0},
                                                               {"exit_z", 0.5},
                                                               {"quantity", 10.0}}));
    auto &mr = static_cast<MeanReversion &>(*strategy);
    ScriptedContext ctx({"IBM"}, {});
    const InstrumentId ibm = ctx.id("IBM");
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(5);
    // z = (n·x − Σx) / sqrt(n·Σx² − (Σx)²), window 3, population standard deviation.
    //  closes       z
    //  10 10 7      (21 − 27) / sqrt(3·249 − 729) = −6 / sqrt(18) = −1.41421  < −1: buy 10
    //  10 7 8       (24 − 25) / sqrt(3·213 − 625) = −1 / sqrt(14) = −0.26726  > −0.5: exit
    //  7 8 6        (18 − 21) / sqrt(3·149 − 441) = −3 / sqrt(6)  = −1.22474  < −1: buy (flat)
    QCOMPARE(step(*strategy, ctx, t[0], {{"IBM", "10"}}), QStringList{});
    QCOMPARE(step(*strategy, ctx, t[1], {{"IBM", "10"}}), QStringList{});
    QVERIFY(!mr.zScore(ibm));
    QCOMPARE(step(*strategy, ctx, t[2], {{"IBM", "7"}}), QStringList{"IBM buy 10 market day"});
    QCOMPARE(*mr.zScore(ibm), -6.0 / std::sqrt(18.0));
    ctx.setPosition(ibm, Quantity::fromUnits(10));
    QCOMPARE(step(*strategy, ctx, t[3], {{"IBM", "8"}}), QStringList{"IBM target-quantity 0"});
    QCOMPARE(*mr.zScore(ibm), -1.0 / std::sqrt(14.0));
    ctx.setPosition(ibm, Quantity());
    QCOMPARE(step(*strategy, ctx, t[4], {{"IBM", "6"}}), QStringList{"IBM buy 10 market day"});
    QCOMPARE(*mr.zScore(ibm), -3.0 / std::sqrt(6.0));
}

void TestStrategies::meanReversionFlatWindowHasNoZ()
{
    const StrategyInfo &info = *registry().find("mean_reversion");
    const auto strategy = make("mean_reversion", params(info, {{"window", std::int64_t(3)}}));
    ScriptedContext ctx({"IBM"}, {});
    strategy->onStart(ctx);
    const std::vector<Timestamp> t = sessions(4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(step(*strategy, ctx, t[i], {{"IBM", "125.5"}}), QStringList{});
    QVERIFY(!static_cast<MeanReversion &>(*strategy).zScore(ctx.id("IBM")));
}

void TestStrategies::meanReversionFactoryErrors()
{
    const StrategyInfo &info = *registry().find("mean_reversion");
    try {
        (void)info.create(params(info, {{"entry_z", 1.0}, {"exit_z", 1.5}}));
        QFAIL("expected std::invalid_argument");
    } catch (const std::invalid_argument &error) {
        QCOMPARE(QString::fromStdString(error.what()),
                 QStringLiteral("mean_reversion: need 0 <= exit_z <= entry_z and entry_z > 0, got "
                                "entry_z 1, exit_z 1.5"));
    }
    // A close beyond the exact range faults the strategy with a clear message.
    const auto strategy = info.create(Parameters::defaults(info.schema));
    ScriptedContext ctx({"IBM"}, {});
    strategy->onStart(ctx);
    const Price huge = Price::fromRaw(MeanReversion::maxAbsRawClose + 1);
    const BarData bar{ctx.id("IBM"), huge, huge, huge, huge, Quantity()};
    try {
        strategy->onMarketEvent(ctx, Event::makeBar(closeOf(2021, 3, 1), bar));
        QFAIL("expected std::out_of_range");
    } catch (const std::out_of_range &error) {
        QCOMPARE(
            QString::fromStdString(error.what()),
            QStringLiteral("mean_reversion: close 90071992.54740993 of IBM is beyond the exact "
                           "z-score range of +-90071992.54740992"));
    }
}

void TestStrategies::meanReversionMatchesTwoPass()
{
    // Prices near 1e6 that move by cents: a naive running Σx² − (Σx)²/n in double loses every
    // digit here; the exact sums must agree with a two-pass mean/variance over the window.
    QVERIFY(rc::check("rolling z-score equals the two-pass z-score of the window", [] {
        const auto window = *rc::gen::inRange<std::int64_t>(2, 15);
        const auto steps = *rc::gen::container<std::vector<std::int64_t>>(
            *rc::gen::inRange<std::size_t>(1, 80), rc::gen::inRange<std::int64_t>(-500, 501));
        const StrategyInfo &info = *registry().find("mean_reversion");
        Parameters p = Parameters::defaults(info.schema);
        p.set("window", window);
        const auto strategy = info.create(p);
        auto &mr = static_cast<MeanReversion &>(*strategy);
        ScriptedContext ctx({"BRK.A"}, {});
        strategy->onStart(ctx);
        const InstrumentId id = ctx.id("BRK.A");
        std::vector<std::int64_t> closes; // in cents
        std::int64_t cents = 100'000'000; // 1,000,000.00
        Timestamp time = closeOf(2021, 3, 1);
        for (const std::int64_t delta : steps) {
            cents += delta;
            closes.push_back(cents);
            time += Duration::minutes(1);
            const Price close = Price::fromRaw(cents * 1'000'000);
            strategy->onMarketEvent(
                ctx, Event::makeBar(time, BarData{id, close, close, close, close, Quantity()}));
            const std::optional<double> z = mr.zScore(id);
            if (closes.size() < static_cast<std::size_t>(window)) {
                RC_ASSERT(!z);
                continue;
            }
            // Two passes over the window in cents relative to its first close: small exact
            // integers, so mean and deviations are exact enough in long double.
            const std::size_t first = closes.size() - static_cast<std::size_t>(window);
            long double mean = 0;
            for (std::size_t i = first; i < closes.size(); ++i)
                mean += closes[i] - closes[first];
            mean /= window;
            long double variance = 0;
            for (std::size_t i = first; i < closes.size(); ++i) {
                const long double d = (closes[i] - closes[first]) - mean;
                variance += d * d;
            }
            variance /= window;
            if (variance == 0) {
                RC_ASSERT(!z);
                continue;
            }
            const long double expected
                = ((closes.back() - closes[first]) - mean) / std::sqrt(variance);
            RC_ASSERT(z.has_value());
            RC_ASSERT(std::fabs(static_cast<long double>(*z) - expected)
                      <= 1e-9L * (1 + std::fabs(expected)));
        }
    }));
}

QTEST_APPLESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
