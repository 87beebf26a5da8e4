// The cost of realistic execution. (1) Bar events per second through the full loop (as in
// bench_backtest: sma_crossover on 20 × 5,849 bundled daily SPY bars from memory) with the plain
// model (no slippage, no latency, no commission) and with the realistic models on
// (volume_based slippage, 10 ± 5 ms latency, Alpaca fees, a 10% volume cap) — target: within
// 25%. (2) Order-to-fill processing: one market order submitted to the SimulatedBroker and
// filled by the next bar, and one order event through the transition table. Results go to
// docs/performance.md.

#include "engine/config/configloader.h"
#include "engine/control/backtestrunner.h"
#include "engine/data/memorydatasource.h"
#include "engine/execution/simulatedbroker.h"
#include "strategies/builtinstrategies.h"

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

using namespace meridian::engine;

namespace {

constexpr int kSymbols = 20;

MemoryDataSource::Series spySeries(std::uint32_t instrument)
{
    std::ifstream in(MERIDIAN_SOURCE_DIR "/resources/data/daily/SPY.csv");
    std::string line;
    std::getline(in, line); // header
    MemoryDataSource::Series series;
    while (std::getline(in, line)) {
        std::stringstream row(line);
        std::string date, open, high, low, close, volume;
        std::getline(row, date, ',');
        std::getline(row, open, ',');
        std::getline(row, high, ',');
        std::getline(row, low, ',');
        std::getline(row, close, ',');
        std::getline(row, volume, ',');
        series.emplace_back(dailyBarTimestamp(*Date::parse(date)),
                            BarData{InstrumentId(instrument), *Price::parse(open), *Price::parse(high),
                                    *Price::parse(low), *Price::parse(close), *Quantity::parse(volume)});
    }
    return series;
}

std::string configText(const char *execution)
{
    std::string symbols;
    for (int i = 0; i < kSymbols; ++i)
        symbols.append(i ? ", S" : "S").append(std::to_string(i));
    return std::string("mode: backtest\n"
                       "data: {timeframe: 1d, symbols: [")
        .append(symbols)
        .append("]}\nexecution: ")
        .append(execution)
        .append("\nstrategies:\n  - {name: sma_crossover, capital: 10000000, symbols: [")
        .append(symbols)
        .append("],\n     params: {fast: 10, slow: 30, quantity: 100}, risk_limits: {max_position_size: 1.0, "
                "max_leverage: 1.0}}\n");
}

struct Fixture
{
    StrategyRegistry registry;
    EngineConfig plain;
    EngineConfig realistic;
    std::vector<MemoryDataSource::Series> series;

    Fixture()
    {
        meridian::strategies::registerBuiltinStrategies(registry);
        for (int i = 0; i < kSymbols; ++i)
            series.push_back(spySeries(static_cast<std::uint32_t>(i + 1)));
        const ConfigLoader loader(registry);
        plain = *loader.loadText(configText("{type: simulated}"), "plain.yaml");
        realistic = *loader.loadText(
            configText("{type: simulated, max_participation: 0.1,\n"
                       "  slippage: {model: volume_based, base_bps: 5, volume_factor: 0.1},\n"
                       "  latency: {mean_ms: 10, std_ms: 5}, commission: {model: alpaca}, seed: 42}"),
            "realistic.yaml");
    }
};

Fixture &fixture()
{
    static Fixture instance;
    return instance;
}

void runLoop(benchmark::State &state, const EngineConfig &config)
{
    Fixture &f = fixture();
    MemoryDataSource source(f.series);
    BacktestOptions options;
    options.source = &source;
    options.retainOrderLog = false;
    std::uint64_t events = 0;
    for (auto _ : state) {
        state.PauseTiming();
        source.rewind();
        state.ResumeTiming();
        const auto result = runBacktest(config, f.registry, options);
        events += result->bars;
    }
    state.counters["bar_events_per_s"]
        = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_LoopPlainExecution(benchmark::State &state)
{
    runLoop(state, fixture().plain);
}
BENCHMARK(BM_LoopPlainExecution)->Unit(benchmark::kMillisecond);

void BM_LoopRealisticExecution(benchmark::State &state)
{
    runLoop(state, fixture().realistic);
}
BENCHMARK(BM_LoopRealisticExecution)->Unit(benchmark::kMillisecond);

class CountingSink final : public OrderEventSink
{
public:
    void onOrderEvent(const Event &event) override { fills += event.type == EventType::OrderFilled; }
    std::uint64_t fills = 0;
};

// One market order: submit, then the next bar fills it (accepted + fill events).
void orderToFill(benchmark::State &state, const SimulatedBrokerConfig &config)
{
    const NyseCalendar calendar;
    CountingSink sink;
    SimulatedBroker broker(sink, calendar, config);
    Order order;
    order.strategy = StrategyId(1);
    order.instrument = InstrumentId(1);
    order.timeInForce = TimeInForce::Gtc;
    order.quantity = Quantity::fromUnits(100);
    BarData bar{InstrumentId(1), Price::fromUnits(100), Price::fromUnits(101), Price::fromUnits(99),
                Price::fromUnits(100), Quantity::fromUnits(1'000'000)};
    std::int64_t t = 1'000'000'000;
    std::uint64_t id = 1;
    for (auto _ : state) {
        order.id = OrderId(id++);
        order.side = (id & 1) ? Side::Buy : Side::Sell;
        broker.submit(order, Timestamp::fromUnixNanos(t));
        t += 60'000'000'000;
        broker.onMarketData(Event::makeBar(Timestamp::fromUnixNanos(t), bar));
    }
    state.counters["orders_per_s"]
        = benchmark::Counter(static_cast<double>(sink.fills), benchmark::Counter::kIsRate);
}

void BM_OrderToFillPlain(benchmark::State &state)
{
    orderToFill(state, SimulatedBrokerConfig{});
}
BENCHMARK(BM_OrderToFillPlain);

void BM_OrderToFillRealistic(benchmark::State &state)
{
    SimulatedBrokerConfig config;
    config.slippage.kind = SlippageModel::Kind::VolumeBased;
    config.slippage.baseBps = 5;
    config.slippage.volumeFactor = 0.1;
    config.commission.kind = CommissionModel::Kind::Alpaca;
    config.latencyMeanMs = 10;
    config.latencyStdMs = 5;
    config.maxParticipation = 0.1;
    orderToFill(state, config);
}
BENCHMARK(BM_OrderToFillRealistic);

// One event through the transition table and the fill accounting.
void BM_ApplyOrderEvent(benchmark::State &state)
{
    Order order;
    order.id = OrderId(1);
    order.quantity = Quantity::fromUnits(1'000'000'000);
    order.status = OrderStatus::New;
    OrderEventData data;
    data.orderId = order.id;
    data.lastQuantity = Quantity::fromUnits(1);
    data.lastPrice = Price::fromUnits(100);
    const Event fill = Event::makeOrder(Timestamp::fromUnixNanos(1), EventType::OrderPartiallyFilled, data);
    for (auto _ : state) {
        if (order.leavesQuantity() <= data.lastQuantity) {
            order.filledQuantity = Quantity();
            order.filledNotional = Money();
        }
        benchmark::DoNotOptimize(applyOrderEvent(order, fill));
    }
}
BENCHMARK(BM_ApplyOrderEvent);

} // namespace

BENCHMARK_MAIN();
