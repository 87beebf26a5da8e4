// Strategy plugins: the sample plugin in tests/plugins loads and its strategy trades; plugins
// of another API version, without the registration symbol, or failing halfway add nothing; a
// loaded library stays mapped exactly as long as something made from it lives.

#include "engine/control/strategylint.h"
#include "engine/control/strategypluginloader.h"
#include "strategies/builtinstrategies.h"

#include <QtTest>

#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <optional>

using namespace meridian::engine;

// tests/plugins/CMakeLists.txt passes the built plugins' paths; without it the test fails, but
// the build does not.
#ifndef MERIDIAN_SAMPLE_PLUGIN
#define MERIDIAN_PLUGINS_MISSING
#define MERIDIAN_SAMPLE_PLUGIN ""
#define MERIDIAN_WRONGAPI_PLUGIN ""
#define MERIDIAN_NOSYMBOL_PLUGIN ""
#define MERIDIAN_THROWING_PLUGIN ""
#endif

namespace {

const std::string samplePlugin = MERIDIAN_SAMPLE_PLUGIN;
const std::string wrongApiPlugin = MERIDIAN_WRONGAPI_PLUGIN;
const std::string noSymbolPlugin = MERIDIAN_NOSYMBOL_PLUGIN;
const std::string throwingPlugin = MERIDIAN_THROWING_PLUGIN;

StrategyRegistry builtins()
{
    StrategyRegistry registry;
    meridian::strategies::registerBuiltinStrategies(registry);
    return registry;
}

bool isLoaded(const std::string &path)
{
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr)
        return false;
    dlclose(handle);
    return true;
}

void copyFile(const std::string &from, const std::string &to)
{
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

// One instrument, scripted bars; enough Context for the sample strategy.
class OneSymbolContext final : public Context, private PortfolioView
{
public:
    OneSymbolContext()
        : m_id(m_table.add(*Symbol::parse("SPY")))
    {}

    InstrumentId id() const { return m_id; }
    void bar(Timestamp time, const char *close)
    {
        const Price price = *Price::parse(close);
        m_now = time;
        m_history.append(time, BarData{m_id, price, price, price, price, Quantity()});
    }
    void setPosition(Quantity quantity) { m_position = quantity; }

    Timestamp now() const override { return m_now; }
    std::string_view strategyName() const override { return "plugin_test"; }
    const Parameters &parameters() const override { return m_parameters; }
    const RiskLimits &riskLimits() const override { return m_limits; }
    const PortfolioView &portfolio() const override { return *this; }
    const NyseCalendar &calendar() const override { return m_calendar; }
    std::span<const InstrumentId> instruments() const override { return {&m_id, 1}; }
    const Symbol &symbol(InstrumentId instrument) const override
    {
        return m_table.symbol(instrument);
    }
    BarSeries history(InstrumentId, std::size_t n) const override { return m_history.last(n); }
    void requireHistory(std::size_t n) override { m_required = n; }
    std::optional<Price> lastPrice(InstrumentId) const override
    {
        if (m_history.size() == 0)
            return std::nullopt;
        return m_history.last(1).back().bar.close;
    }
    std::size_t required() const { return m_required; }

private:
    Money cash() const override { return Money(); }
    Money equity() const override { return Money(); }
    Money buyingPower() const override { return Money(); }
    Quantity position(InstrumentId) const override { return m_position; }
    Price averagePrice(InstrumentId) const override { return Price(); }
    Money realizedPnl() const override { return Money(); }
    Money unrealizedPnl() const override { return Money(); }
    Quantity openOrderQuantity(InstrumentId) const override { return Quantity(); }

    InstrumentTable m_table;
    InstrumentId m_id;
    BarHistory m_history{16};
    Parameters m_parameters;
    RiskLimits m_limits;
    NyseCalendar m_calendar;
    Timestamp m_now;
    Quantity m_position;
    std::size_t m_required = 0;
};

// Runs the sample strategy (lookback 1) over closes 10, 11, 9: buy on the rise, close on the fall.
void checkSampleTrades(Strategy &strategy)
{
    OneSymbolContext ctx;
    strategy.onStart(ctx);
    QCOMPARE(ctx.required(), std::size_t(2));
    OrderList orders;
    ctx.bar(dailyBarTimestamp(Date{2021, 3, 1}), "10");
    strategy.generateOrders(ctx, orders);
    QVERIFY(orders.empty());
    ctx.bar(dailyBarTimestamp(Date{2021, 3, 2}), "11");
    strategy.generateOrders(ctx, orders);
    QCOMPARE(orders.size(), std::size_t(1));
    QVERIFY(orders[0].sizing == OrderIntent::Sizing::Quantity);
    QVERIFY(orders[0].side == Side::Buy);
    QVERIFY(orders[0].quantity == Quantity::fromUnits(3));
    orders.clear();
    ctx.setPosition(Quantity::fromUnits(3));
    ctx.bar(dailyBarTimestamp(Date{2021, 3, 3}), "9");
    strategy.generateOrders(ctx, orders);
    QCOMPARE(orders.size(), std::size_t(1));
    QVERIFY(orders[0].sizing == OrderIntent::Sizing::TargetQuantity);
    QVERIFY(orders[0].quantity.isZero());
}

Parameters sampleParameters(const StrategyInfo &info)
{
    Parameters parameters = Parameters::defaults(info.schema);
    parameters.set("lookback", std::int64_t(1));
    parameters.set("quantity", 3.0);
    return parameters;
}

} // namespace

class TestPluginLoader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void loadsTheSamplePlugin();
    void libraryLivesAsLongAsItsStrategies();
    void relativePath();
    void refusals_data();
    void refusals();
    void duplicateNames();
    void notASharedLibrary();
    void folder();
    void folderIsAllOrNothing();
    void folderErrors();
    void samplePluginPassesTheLint();
};

void TestPluginLoader::initTestCase()
{
#ifdef MERIDIAN_PLUGINS_MISSING
    QFAIL("the test plugins are not built: tests/CMakeLists.txt needs add_subdirectory(plugins)");
#endif
}

void TestPluginLoader::loadsTheSamplePlugin()
{
    StrategyRegistry registry = builtins();
    const Result<std::vector<std::string>> added = loadStrategyPlugin(samplePlugin, registry);
    QVERIFY2(added.has_value(), added.has_value() ? "" : added.error().message().c_str());
    QCOMPARE(*added, std::vector<std::string>{"sample_momentum"});
    QCOMPARE(registry.names(),
             (std::vector<std::string>{"buy_and_hold", "mean_reversion", "rsi_reversal",
                                       "sample_momentum", "sixty_forty", "sma_crossover",
                                       "trend_following"}));
    const StrategyInfo *info = registry.find("sample_momentum");
    QVERIFY(info != nullptr);
    QCOMPARE(info->origin, samplePlugin);
    QCOMPARE(registry.find("sma_crossover")->origin, std::string("built-in"));
    QCOMPARE(info->schema.specs().size(), std::size_t(2));
    QCOMPARE(info->schema.specs()[0].name, std::string("lookback"));
    QCOMPARE(std::get<std::int64_t>(info->schema.specs()[0].defaultValue), std::int64_t(20));
    QCOMPARE(info->schema.specs()[1].name, std::string("quantity"));

    const std::unique_ptr<Strategy> strategy = info->create(sampleParameters(*info));
    QVERIFY(strategy != nullptr);
    checkSampleTrades(*strategy);
}

void TestPluginLoader::libraryLivesAsLongAsItsStrategies()
{
    QVERIFY(!isLoaded(samplePlugin));
    std::unique_ptr<Strategy> strategy;
    {
        StrategyRegistry registry;
        QVERIFY(loadStrategyPlugin(samplePlugin, registry).has_value());
        QVERIFY(isLoaded(samplePlugin));
        const StrategyRegistry copy = registry; // copies share the library
        strategy
            = copy.find("sample_momentum")->create(sampleParameters(*copy.find("sample_momentum")));
    }
    // Every registry is gone; the strategy's code must still be there.
    QVERIFY(isLoaded(samplePlugin));
    checkSampleTrades(*strategy);
    strategy.reset();
    QVERIFY(!isLoaded(samplePlugin));
}

void TestPluginLoader::relativePath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    copyFile(samplePlugin, dir.filePath("sample.so").toStdString());
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    StrategyRegistry registry;
    // A bare file name is the file in the working directory, not a search of the library path.
    const Result<std::vector<std::string>> added = loadStrategyPlugin("sample.so", registry);
    QVERIFY(QDir::setCurrent(previous));
    QVERIFY2(added.has_value(), added.has_value() ? "" : added.error().message().c_str());
    QCOMPARE(registry.find("sample_momentum")->origin, std::string("sample.so"));
}

void TestPluginLoader::refusals_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong API version")
        << QString::fromStdString(wrongApiPlugin)
        << QString::fromStdString("plugin " + wrongApiPlugin
                                  + " was built for strategy API 7, this Meridian has "
                                  + std::to_string(strategyApiVersion));
    QTest::newRow("missing register symbol")
        << QString::fromStdString(noSymbolPlugin)
        << QString::fromStdString(
               "plugin " + noSymbolPlugin
               + " does not export meridianRegisterStrategies (declare it extern \"C\")");
    QTest::newRow("registration throws")
        << QString::fromStdString(throwingPlugin)
        << QString::fromStdString(
               "plugin " + throwingPlugin
               + " failed while registering its strategies: cannot find my license file");
    QTest::newRow("missing file") << "/nonexistent/plugin.so"
                                  << "plugin /nonexistent/plugin.so does not exist";
    QTest::newRow("folder") << "/tmp"
                            << "plugin /tmp is a folder, not a shared library";
}

void TestPluginLoader::refusals()
{
    QFETCH(QString, path);
    QFETCH(QString, message);
    StrategyRegistry registry = builtins();
    const std::vector<std::string> before = registry.names();
    const Result<std::vector<std::string>> added = loadStrategyPlugin(path.toStdString(), registry);
    QVERIFY(!added);
    QCOMPARE(QString::fromStdString(added.error().message()), message);
    QCOMPARE(registry.names(), before);
    QVERIFY(registry.find("half_registered") == nullptr);
}

void TestPluginLoader::duplicateNames()
{
    StrategyRegistry registry = builtins();
    QVERIFY(loadStrategyPlugin(samplePlugin, registry).has_value());
    const Result<std::vector<std::string>> again = loadStrategyPlugin(samplePlugin, registry);
    QVERIFY(!again);
    QCOMPARE(again.error().message(),
             "plugin " + samplePlugin + ": strategy 'sample_momentum' is already registered (by "
                 + samplePlugin + ")");
    QCOMPARE(registry.names().size(), std::size_t(7));
    // The first load is intact.
    checkSampleTrades(*registry.find("sample_momentum")
                           ->create(sampleParameters(*registry.find("sample_momentum"))));
}

void TestPluginLoader::notASharedLibrary()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string text = dir.filePath("notes.so").toStdString();
    std::ofstream(text)
        << "This is a text file that happens to end in .so; it is long enough for the "
           "loader to read a whole ELF header from it and find that there is none.\n";
    StrategyRegistry registry;
    const Result<std::vector<std::string>> added = loadStrategyPlugin(text, registry);
    QVERIFY(!added);
    const QString message = QString::fromStdString(added.error().message());
    QVERIFY2(message.startsWith(
                 QString::fromStdString("plugin " + text + " is not a loadable shared library: ")),
             qPrintable(message));
    QVERIFY2(message.endsWith("notes.so: invalid ELF header"), qPrintable(message));

    // A shared library that is not a plugin: no version symbol.
    const std::string libm = "/lib/x86_64-linux-gnu/libm.so.6";
    if (std::filesystem::exists(libm)) {
        const Result<std::vector<std::string>> notPlugin = loadStrategyPlugin(libm, registry);
        QVERIFY(!notPlugin);
        QCOMPARE(notPlugin.error().message(),
                 "plugin " + libm
                     + " does not export meridianStrategyApiVersion (declare it extern \"C\")");
    }
    QVERIFY(registry.all().empty());
}

void TestPluginLoader::folder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    StrategyRegistry registry = builtins();
    // Empty folder: nothing to load, not an error.
    Result<std::vector<std::string>> added
        = loadStrategyPluginFolder(dir.path().toStdString(), registry);
    QVERIFY(added.has_value());
    QVERIFY(added->empty());

    copyFile(samplePlugin, dir.filePath("b_sample.so").toStdString());
    std::ofstream(dir.filePath("README.txt").toStdString()) << "only *.so files are plugins\n";
    std::filesystem::create_directory(dir.filePath("a_folder.so").toStdString());
    added = loadStrategyPluginFolder(dir.path().toStdString(), registry);
    QVERIFY2(added.has_value(), added.has_value() ? "" : added.error().message().c_str());
    QCOMPARE(*added, std::vector<std::string>{"sample_momentum"});
    QCOMPARE(registry.find("sample_momentum")->origin, dir.filePath("b_sample.so").toStdString());
}

void TestPluginLoader::folderIsAllOrNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string wrong = dir.filePath("a_wrong.so").toStdString();
    const std::string sample = dir.filePath("b_sample.so").toStdString();
    const std::string throwing = dir.filePath("c_throwing.so").toStdString();
    copyFile(wrongApiPlugin, wrong);
    copyFile(samplePlugin, sample);
    copyFile(throwingPlugin, throwing);
    StrategyRegistry registry = builtins();
    const Result<std::vector<std::string>> added
        = loadStrategyPluginFolder(dir.path().toStdString(), registry);
    QVERIFY(!added);
    QCOMPARE(added.error().message(),
             "plugin " + wrong + " was built for strategy API 7, this Meridian has "
                 + std::to_string(strategyApiVersion) + "\nplugin " + throwing
                 + " failed while registering its strategies: cannot find my license file");
    // The good plugin in between was not kept either.
    QVERIFY(registry.find("sample_momentum") == nullptr);
    QCOMPARE(registry.names().size(), std::size_t(6));
    QVERIFY(!isLoaded(sample));
}

void TestPluginLoader::folderErrors()
{
    StrategyRegistry registry;
    Result<std::vector<std::string>> added
        = loadStrategyPluginFolder("/nonexistent/plugins", registry);
    QVERIFY(!added);
    QCOMPARE(added.error().message(),
             std::string("plugin folder /nonexistent/plugins does not exist"));
    added = loadStrategyPluginFolder(samplePlugin, registry);
    QVERIFY(!added);
    QCOMPARE(added.error().message(), "plugin folder " + samplePlugin + " is not a folder");
}

void TestPluginLoader::samplePluginPassesTheLint()
{
    const Result<std::vector<LintFinding>> findings
        = lintStrategyFile(MERIDIAN_SOURCE_DIR "/tests/plugins/sampleplugin.cpp");
    QVERIFY(findings.has_value());
    QStringList lines;
    for (const LintFinding &finding : *findings)
        lines << QString::fromStdString(formatLintFinding(finding));
    QVERIFY2(lines.isEmpty(), qPrintable(lines.join('\n')));
}

QTEST_APPLESS_MAIN(TestPluginLoader)
#include "tst_pluginloader.moc"
