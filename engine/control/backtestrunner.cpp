#include "engine/control/backtestrunner.h"

#include "engine/core/clock.h"
#include "engine/core/nysecalendar.h"
#include "engine/data/barstore.h"
#include "engine/data/bundleddata.h"
#include "engine/data/historicaldatasource.h"
#include "engine/data/timeframe.h"
#include "engine/data/universe.h"
#include "engine/execution/simulatedbroker.h"

#include <algorithm>
#include <chrono>

namespace meridian::engine {

SimulatedBrokerConfig simulatedBrokerConfig(const ExecutionConfig &execution)
{
    SimulatedBrokerConfig config;
    config.fillAt = execution.fillAt == ExecutionConfig::FillAt::Close ? FillTiming::Close
                                                                       : FillTiming::NextOpen;
    switch (execution.slippage.model) {
    case SlippageConfig::Model::None:
        config.slippage.kind = SlippageModel::Kind::None;
        break;
    case SlippageConfig::Model::Fixed:
        config.slippage.kind = SlippageModel::Kind::Fixed;
        break;
    case SlippageConfig::Model::VolumeBased:
        config.slippage.kind = SlippageModel::Kind::VolumeBased;
        break;
    case SlippageConfig::Model::MarketImpact:
        config.slippage.kind = SlippageModel::Kind::MarketImpact;
        break;
    case SlippageConfig::Model::Spread:
        config.slippage.kind = SlippageModel::Kind::Spread;
        break;
    }
    config.slippage.impactK = execution.slippage.k;
    config.slippage.impactWindow = execution.slippage.window;
    config.slippage.spreadBps = execution.slippage.spreadBps;
    config.path = execution.intrabarPath == ExecutionConfig::IntrabarPath::Ohlc
                      ? IntrabarPath::OpenHighLowClose
                      : IntrabarPath::OpenLowHighClose;
    config.maxParticipation = execution.maxParticipation;
    config.queuePosition = execution.queuePosition;
    config.latencyMeanMs = execution.latency.meanMs;
    config.latencyStdMs = execution.latency.stdMs;
    config.seed = execution.seed;
    config.slippage.bps = execution.slippage.bps;
    config.slippage.baseBps = execution.slippage.baseBps;
    config.slippage.volumeFactor = execution.slippage.volumeFactor;
    const CommissionConfig &commission = execution.commission;
    switch (commission.model) {
    case CommissionConfig::Model::None:
        config.commission.kind = CommissionModel::Kind::None;
        break;
    case CommissionConfig::Model::PerShare:
        config.commission.kind = CommissionModel::Kind::PerShare;
        break;
    case CommissionConfig::Model::PerOrder:
        config.commission.kind = CommissionModel::Kind::PerOrder;
        break;
    case CommissionConfig::Model::Percent:
        config.commission.kind = CommissionModel::Kind::Percent;
        break;
    case CommissionConfig::Model::Alpaca:
        config.commission.kind = CommissionModel::Kind::Alpaca;
        break;
    }
    config.commission.secFeePerMillion = commission.secFeePerMillion;
    config.commission.finraTafPerShare = commission.finraTafPerShare;
    config.commission.finraTafMax = commission.finraTafMax;
    config.commission.perShare = commission.perShare;
    config.commission.perOrder = commission.perOrder;
    config.commission.percent = commission.percent;
    config.commission.minPerOrder = commission.minPerOrder;
    config.commission.maxPercent = commission.maxPercent;
    return config;
}

namespace {

// The datasets the run reads, importing bundled sample data into an empty store on first use.
Result<std::vector<HistoricalDataSource::Subscription>> subscribe(BarStore &store,
                                                                  const InstrumentTable &instruments,
                                                                  const std::string &timeframe,
                                                                  const std::string &bundledDataDir)
{
    std::vector<std::string> missing;
    for (std::size_t i = 1; i <= instruments.size(); ++i) {
        const std::string symbol = instruments.symbol(InstrumentId(static_cast<std::uint32_t>(i))).toString();
        const auto dataset = store.latestDataset(symbol, timeframe);
        if (!dataset)
            return dataset.error();
        if (!*dataset)
            missing.push_back(symbol);
    }
    if (!missing.empty() && !bundledDataDir.empty()) {
        const auto imported = importBundledData(store, bundledDataDir, missing, timeframe);
        if (!imported)
            return imported.error().withContext("importing the bundled sample data");
    }
    std::vector<HistoricalDataSource::Subscription> subscriptions;
    for (std::size_t i = 1; i <= instruments.size(); ++i) {
        const InstrumentId id(static_cast<std::uint32_t>(i));
        const std::string symbol = instruments.symbol(id).toString();
        const auto dataset = store.latestDataset(symbol, timeframe);
        if (!dataset)
            return dataset.error();
        if (!*dataset)
            return Error("no " + timeframe + " bars for " + symbol + " in " + store.path()
                         + "; import them with: meridian import --csv FILE --symbol " + symbol
                         + " --timeframe " + timeframe + " --store " + store.path());
        subscriptions.push_back({id, **dataset});
    }
    return subscriptions;
}

std::vector<EquityPoint> sumCurves(const std::vector<StrategyResult> &strategies)
{
    std::vector<EquityPoint> total;
    if (strategies.empty())
        return total;
    total = strategies.front().equity;
    for (std::size_t s = 1; s < strategies.size(); ++s) {
        const auto &curve = strategies[s].equity;
        for (std::size_t i = 0; i < total.size() && i < curve.size(); ++i) {
            total[i].equity += curve[i].equity;
            total[i].grossExposure += curve[i].grossExposure;
        }
    }
    return total;
}

// The historical source over the SQLite store, with the datasets it reads recorded in `result`.
std::string storePathFor(const EngineConfig &config, const BacktestOptions &options)
{
    if (!options.storePath.empty())
        return options.storePath;
    return !config.data.path.empty() ? expandUserPath(config.data.path) : defaultStorePath();
}

// The store must outlive the source.
Result<std::unique_ptr<DataSource>> openStoreSource(const EngineConfig &config, const BacktestOptions &options,
                                                    BarStore &store, BacktestResult &result)
{
    auto subscriptions = subscribe(store, result.instruments, config.data.timeframe, options.bundledDataDir);
    if (!subscriptions)
        return subscriptions.error();
    for (const auto &subscription : *subscriptions)
        result.datasets.push_back({subscription.dataset.symbol, subscription.dataset.timeframe,
                                   subscription.dataset.version, subscription.dataset.rows});

    Timestamp from = Timestamp::min();
    Timestamp to = Timestamp::max();
    if (config.clock.startDate)
        from = newYorkTime(*config.clock.startDate, TimeOfDay{});
    if (config.clock.endDate)
        to = newYorkTime(config.clock.endDate->addDays(1), TimeOfDay{}) - Duration::nanoseconds(1);
    if (options.from)
        from = *options.from;
    if (options.to)
        to = *options.to;
    if (to < from)
        return Error("the date range is empty: the end is before the start");

    const Adjustment adjustment = config.data.adjustment == DataConfig::Adjustment::TotalReturn
                                      ? Adjustment::TotalReturn
                                      : Adjustment::Raw;
    auto source = HistoricalDataSource::open(store, *subscriptions, from, to, adjustment);
    if (!source)
        return source.error();
    if (options.observer != nullptr && !subscriptions->empty()) {
        Timestamp first = Timestamp::max();
        Timestamp last = Timestamp::min();
        for (const auto &subscription : *subscriptions) {
            first = std::min(first, subscription.dataset.first);
            last = std::max(last, subscription.dataset.last);
        }
        options.observer->onRunStart(std::max(first, from), std::min(last, to));
    }
    return std::unique_ptr<DataSource>(std::move(*source));
}

} // namespace

Result<std::vector<StrategySetup>> strategySetups(const EngineConfig &config, const StrategyRegistry &registry,
                                                  const InstrumentTable &instruments)
{
    std::vector<StrategySetup> setups;
    for (std::size_t i = 0; i < config.strategies.size(); ++i) {
        const StrategyConfig &strategyConfig = config.strategies[i];
        if (!strategyConfig.enabled)
            continue;
        const StrategyInfo *info = registry.find(strategyConfig.strategy);
        if (info == nullptr)
            return Error(config.sourcePath + ": strategies[" + std::to_string(i) + "]: unknown strategy '"
                         + strategyConfig.strategy + "'");
        StrategySetup setup;
        setup.name = strategyConfig.name;
        setup.className = strategyConfig.strategy;
        setup.parameters = strategyConfig.params;
        setup.riskLimits = strategyConfig.riskLimits;
        setup.capital = strategyConfig.capital;
        if (const std::optional<FeatureDriftConfig> &drift = config.features.drift) {
            DriftSettings settings;
            settings.referenceSize = static_cast<std::size_t>(drift->referenceBars);
            settings.recentSize = static_cast<std::size_t>(drift->recentBars);
            settings.psiThreshold = drift->psiThreshold;
            settings.ksThreshold = drift->ksThreshold;
            setup.drift = settings;
        }
        for (const std::string &symbol : strategyConfig.symbols) {
            const auto id = instruments.find(symbol);
            if (!id)
                return Error(config.sourcePath + ": strategies[" + std::to_string(i) + "].symbols: " + symbol
                             + " is not in data.symbols");
            setup.instruments.push_back(*id);
        }
        try {
            setup.strategy = info->create(strategyConfig.params);
        } catch (const std::exception &error) {
            return Error(config.sourcePath + ": strategies[" + std::to_string(i) + "] (" + strategyConfig.name
                         + "): " + error.what());
        }
        setups.push_back(std::move(setup));
    }
    return setups;
}

std::optional<Error> addDataSymbols(const EngineConfig &config, BacktestResult &result)
{
    for (const std::string &text : config.data.symbols) {
        const auto symbol = Symbol::parse(text);
        if (!symbol)
            return symbol.error().withContext(config.sourcePath + ": data.symbols");
        result.instruments.add(*symbol);
        result.symbols.push_back(text);
    }
    return std::nullopt;
}

TradeRecord tradeRecord(std::string symbol, const RoundTrip &trip)
{
    TradeRecord trade;
    trade.symbol = std::move(symbol);
    trade.side = trip.side;
    trade.quantity = trip.quantity;
    trade.entryTime = trip.entryTime;
    trade.entryPrice = trip.entryPrice;
    trade.exitTime = trip.exitTime;
    trade.exitPrice = trip.exitPrice;
    trade.pnl = trip.pnl;
    trade.commission = trip.commission;
    return trade;
}

// The configuration with data.universe narrowed to the members that pass the universe's filters
// on the store's bars up to the day before clock.start_date (the latest bars without one), and
// each strategy's symbols to those; the excluded members and why go to `excluded`.
Result<EngineConfig> narrowToUniverse(const EngineConfig &config, const BacktestOptions &options,
                                      std::vector<std::pair<std::string, std::string>> &excluded)
{
    EngineConfig narrowed = config;
    narrowed.data.universePath.clear();
    const Result<Universe> universe = loadUniverseFile(config.data.universePath);
    if (!universe)
        return universe.error().withContext(config.sourcePath + ": data.universe");
    if (!universe->filter.any() || options.source != nullptr)
        return narrowed; // an in-memory source has no store to measure the members on
    auto store = BarStore::open(storePathFor(config, options));
    if (!store)
        return store.error();
    const Timestamp asOf = config.clock.startDate
                               ? newYorkTime(*config.clock.startDate, TimeOfDay{})
                               : Timestamp::max();
    auto selection = filterUniverse(*universe, *store, config.data.timeframe, asOf, universe->filter);
    if (!selection)
        return selection.error().withContext(config.sourcePath + ": data.universe " + universe->name);
    excluded = selection->excluded;
    narrowed.data.symbols.clear();
    for (const UniverseMetrics &member : selection->selected)
        narrowed.data.symbols.push_back(member.symbol);
    for (std::size_t i = 0; i < narrowed.strategies.size(); ++i) {
        StrategyConfig &strategy = narrowed.strategies[i];
        std::erase_if(strategy.symbols, [&](const std::string &symbol) {
            return std::find(narrowed.data.symbols.begin(), narrowed.data.symbols.end(), symbol)
                   == narrowed.data.symbols.end();
        });
        if (strategy.enabled && strategy.symbols.empty())
            return Error(config.sourcePath + ": strategies[" + std::to_string(i) + "] ("
                         + strategy.name + "): none of its symbols passes the filters of universe "
                         + universe->name);
    }
    return narrowed;
}

void collectRunResult(TradingEngine &engine, const EventLoop &loop, const Timeframe &timeframe,
                      double riskFreeRate, bool retainOrderLog, BacktestResult &result)
{
    result.eventsProcessed = loop.eventsProcessed();
    result.bars = engine.barsProcessed();
    const double periods = periodsPerYear(timeframe.length, timeframe.daily);
    for (const auto &runner : engine.strategies()) {
        StrategyResult strategy;
        strategy.name = runner->name();
        strategy.className = runner->className();
        for (const InstrumentId id : runner->instruments())
            strategy.symbols.push_back(result.instruments.symbol(id).toString());
        strategy.state = runner->state();
        strategy.fault = runner->fault();
        strategy.initialEquity = runner->capital();
        strategy.finalEquity = runner->book().equity();
        strategy.commission = runner->book().totalCommission();
        strategy.equity = runner->equityCurve();
        strategy.featureVersions = runner->features().versions();
        strategy.featureTraces = runner->featureTraces();
        strategy.featureIssues = runner->features().issues();
        strategy.corporateActions = runner->corporateActionLog();
        const std::size_t firstTrade = result.trades.size();
        for (const RoundTrip &trip : runner->book().closedTrades())
            result.trades.push_back(tradeRecord(result.instruments.symbol(trip.instrument).toString(), trip));
        for (const RoundTrip &trip : runner->book().openTrades())
            result.trades.push_back(tradeRecord(result.instruments.symbol(trip.instrument).toString(), trip));
        strategy.metrics = computeMetrics(strategy.equity,
                                          std::span(result.trades).subspan(firstTrade),
                                          strategy.initialEquity, periods, riskFreeRate);
        result.initialEquity += strategy.initialEquity;
        result.finalEquity += strategy.finalEquity;
        result.commission += strategy.commission;
        result.strategies.push_back(std::move(strategy));
    }
    result.equity = sumCurves(result.strategies);
    result.metrics = computeMetrics(result.equity, result.trades, result.initialEquity, periods,
                                    riskFreeRate);
    result.ordersSubmitted = engine.ordersSubmitted();
    result.ordersRejected = engine.ordersRejected();
    result.fillCount = engine.fillCount();
    result.execution = engine.executionSummary();
    if (retainOrderLog) {
        result.orders = engine.orders().takeAll();
        result.fills = engine.takeFills();
    }
    result.alerts = engine.alerts();
    result.featureDrift = engine.featureDrift();
}

Result<BacktestResult> runBacktest(const EngineConfig &config, const StrategyRegistry &registry,
                                   const BacktestOptions &options)
{
    if (!config.data.universePath.empty()) {
        std::vector<std::pair<std::string, std::string>> excluded;
        const Result<EngineConfig> narrowed = narrowToUniverse(config, options, excluded);
        if (!narrowed)
            return narrowed.error();
        Result<BacktestResult> result = runBacktest(*narrowed, registry, options);
        if (result)
            result->universeExcluded = std::move(excluded);
        return result;
    }
    if (config.mode != RunMode::Backtest)
        return Error(config.sourcePath + ": mode must be 'backtest' for a backtest (it is a "
                     + std::string(config.mode == RunMode::Paper ? "paper" : "live")
                     + " configuration; run it with `meridian run`)");
    if (config.execution.type != ExecutionConfig::Type::Simulated)
        return Error(config.sourcePath + ": a backtest needs execution.type: simulated");

    BacktestResult result;
    result.configPath = config.sourcePath;
    result.timeframe = config.data.timeframe;
    result.fillAtClose = config.execution.fillAt == ExecutionConfig::FillAt::Close;
    result.adjustment = config.data.adjustment == DataConfig::Adjustment::TotalReturn ? "total_return" : "raw";
    result.riskFreeRate = config.analytics.riskFreeRate;

    const auto timeframe = Timeframe::parse(config.data.timeframe);
    if (!timeframe)
        return timeframe.error().withContext(config.sourcePath + ": data.timeframe");

    if (const std::optional<Error> bad = addDataSymbols(config, result))
        return *bad;

    std::optional<BarStore> store;
    std::unique_ptr<DataSource> storeSource;
    DataSource *source = options.source;
    if (source == nullptr) {
        auto opened = BarStore::open(storePathFor(config, options));
        if (!opened)
            return opened.error();
        store.emplace(std::move(*opened));
        auto streamed = openStoreSource(config, options, *store, result);
        if (!streamed)
            return streamed.error();
        storeSource = std::move(*streamed);
        source = storeSource.get();
    }

    const NyseCalendar calendar;
    HistoricalClock clock(config.clock.speed);
    TradingEngine engine(result.instruments, calendar, clock, options.retainOrderLog);
    auto setups = strategySetups(config, registry, result.instruments);
    if (!setups)
        return setups.error();
    for (StrategySetup &setup : *setups) {
        // On raw prices the account itself must see splits and dividends; total-return prices
        // already contain them.
        if (store && config.data.adjustment != DataConfig::Adjustment::TotalReturn) {
            for (const InstrumentId id : setup.instruments) {
                const std::string symbol = result.instruments.symbol(id).toString();
                auto actions = loadCorporateActions(*store, symbol);
                if (!actions)
                    return actions.error().withContext("corporate actions of " + symbol);
                for (CorporateAction &action : *actions)
                    setup.corporateActions.emplace_back(id, std::move(action));
            }
        }
        engine.addStrategy(std::move(setup));
    }
    if (engine.strategies().empty())
        return Error(config.sourcePath + ": no enabled strategy to run");

    engine.setAccountLimits(config.accountRiskLimits);
    SimulatedBroker broker(engine, calendar, simulatedBrokerConfig(config.execution));
    engine.setBroker(broker);
    EventLoop loop(clock, engine, source);
    engine.attach(loop);
    engine.setInstantObserver(options.observer);
    loop.setRecorder(options.recorder);

    // Elapsed wall time is a report of the run, never an input to it.
    const auto started = std::chrono::steady_clock::now();
    engine.start();
    result.outcome = loop.run(options.cancel);
    if (result.outcome == EventLoop::Outcome::Completed) {
        // The data is exhausted, so this run only processes the cancellations (and whatever
        // they trigger) at the last instant.
        engine.cancelAtEndOfRun(clock.now());
        loop.run(options.cancel);
    }
    engine.finish();
    result.elapsedSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (result.outcome == EventLoop::Outcome::DataError)
        return Error(loop.dataError()->message());

    collectRunResult(engine, loop, *timeframe, config.analytics.riskFreeRate, options.retainOrderLog, result);
    return result;
}

} // namespace meridian::engine
