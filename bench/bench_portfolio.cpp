// Portfolio hot path: applyFill and mark throughput on a warmed-up sub-account.
//
// Prices and quantities come from a fixed, precomputed table (built before timing) so that the
// loop measures accounting only. Each benchmark reports items/s = fills or marks per second.

#include "engine/portfolio/portfolio.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

using namespace meridian::engine;

namespace {

struct Tick
{
    InstrumentId instrument;
    Side side;
    Quantity quantity;
    Price price;
};

// Random fills around 100.00 over `instruments` instruments, fractional quantities, both sides,
// so that the book keeps opening, reducing, closing and flipping positions. The table ends with
// one closing fill per instrument, so every pass over it leaves the book flat: trips stay
// bounded however many iterations the benchmark runs.
std::vector<Tick> makeTicks(std::uint32_t instruments)
{
    constexpr std::size_t randomTicks = 4096;
    std::mt19937_64 random(42);
    std::uniform_int_distribution<std::uint32_t> instrument(1, instruments);
    std::uniform_int_distribution<std::int64_t> quantity(1, 500 * Quantity::scale);
    std::uniform_int_distribution<std::int64_t> price(90 * Price::scale, 110 * Price::scale);
    std::bernoulli_distribution buy(0.5);
    std::vector<Quantity> net(instruments + 1);
    std::vector<Tick> ticks;
    ticks.reserve(randomTicks + instruments);
    for (std::size_t i = 0; i < randomTicks; ++i) {
        const Tick tick{InstrumentId{instrument(random)},
                        buy(random) ? Side::Buy : Side::Sell,
                        Quantity::fromRaw(quantity(random)),
                        Price::fromRaw(price(random))};
        net[tick.instrument.value()] += tick.side == Side::Buy ? tick.quantity : -tick.quantity;
        ticks.push_back(tick);
    }
    for (std::uint32_t id = 1; id <= instruments; ++id) {
        if (!net[id].isZero())
            ticks.push_back(Tick{InstrumentId{id},
                                 net[id].isPositive() ? Side::Sell : Side::Buy,
                                 net[id].abs(),
                                 Price::fromUnits(100)});
    }
    return ticks;
}

// Cycles through the table.
class TickCursor
{
public:
    explicit TickCursor(const std::vector<Tick> &ticks)
        : m_ticks(ticks)
    {}
    const Tick &next()
    {
        const Tick &tick = m_ticks[m_index];
        if (++m_index == m_ticks.size())
            m_index = 0;
        return tick;
    }

private:
    const std::vector<Tick> &m_ticks;
    std::size_t m_index = 0;
};

Portfolio warmedUp(const std::vector<Tick> &ticks)
{
    Portfolio portfolio(Money::fromUnits(10'000'000));
    for (const Tick &tick : ticks)
        portfolio.applyFill(Fill{tick.instrument,
                                 tick.side,
                                 tick.quantity,
                                 tick.price,
                                 Money::fromRaw(100'000),
                                 Timestamp::fromUnixNanos(0)});
    return portfolio;
}

void applyFill(benchmark::State &state)
{
    const auto ticks = makeTicks(static_cast<std::uint32_t>(state.range(0)));
    Portfolio portfolio = warmedUp(ticks);
    TickCursor cursor(ticks);
    std::int64_t time = 0;
    for (auto _ : state) {
        const Tick &tick = cursor.next();
        portfolio.applyFill(Fill{tick.instrument,
                                 tick.side,
                                 tick.quantity,
                                 tick.price,
                                 Money::fromRaw(100'000),
                                 Timestamp::fromUnixNanos(++time)});
        benchmark::DoNotOptimize(portfolio.cash());
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["closed_trips"] = static_cast<double>(portfolio.closedTrades().size());
}
BENCHMARK(applyFill)->Arg(1)->Arg(10)->Arg(100);

void mark(benchmark::State &state)
{
    const auto ticks = makeTicks(static_cast<std::uint32_t>(state.range(0)));
    Portfolio portfolio = warmedUp(ticks);
    TickCursor cursor(ticks);
    for (auto _ : state) {
        const Tick &tick = cursor.next();
        portfolio.mark(tick.instrument, tick.price);
        benchmark::DoNotOptimize(portfolio.equity());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(mark)->Arg(1)->Arg(10)->Arg(100);

// One bar for a strategy trading a few symbols: one fill, then every instrument marked at the
// close and equity read, as the event loop does per bar.
void fillThenMarkAll(benchmark::State &state)
{
    const auto instruments = static_cast<std::uint32_t>(state.range(0));
    const auto ticks = makeTicks(instruments);
    Portfolio portfolio = warmedUp(ticks);
    TickCursor cursor(ticks);
    constexpr std::size_t closeMask = 1023; // 1024 closing prices
    std::vector<Price> closes;
    for (std::size_t i = 0; i <= closeMask; ++i)
        closes.push_back(ticks[i].price);
    std::size_t closeIndex = 0;
    std::int64_t time = 0;
    for (auto _ : state) {
        const Tick &tick = cursor.next();
        portfolio.applyFill(Fill{tick.instrument,
                                 tick.side,
                                 tick.quantity,
                                 tick.price,
                                 Money(),
                                 Timestamp::fromUnixNanos(++time)});
        for (std::uint32_t id = 1; id <= instruments; ++id)
            portfolio.mark(InstrumentId{id}, closes[closeIndex++ & closeMask]);
        benchmark::DoNotOptimize(portfolio.equity());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(fillThenMarkAll)->Arg(2)->Arg(10);

} // namespace

BENCHMARK_MAIN();
