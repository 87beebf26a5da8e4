// Portfolio invariants under random sequences of fills and marks (RapidCheck, stateful).
//
// The model is an independent wide-integer (__int128) oracle: signed position quantities, the
// cash ledger (each fill split at zero by the model itself and every notional rounded half-even
// by its own routine), total commission, last prices and the number of finished round trips.
// After every command the real Portfolio must agree with the model and satisfy, as raw int64
// equalities:
//     equity == cash + Σ marketValue
//     equity == initialCash + realizedPnl + unrealizedPnl − totalCommission
//     Σ closed-trip pnl + Σ open-trip pnl == realizedPnl + unrealizedPnl − totalCommission
// Commands that could take any amount past about half the ±92 bn range are not generated (the
// model keeps a bound on every magnitude), so no step overflows; overflow itself is covered by
// tst_portfolio.

#include "engine/core/money.h"
#include "engine/portfolio/portfolio.h"

#include <QtTest>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <ostream>

using namespace meridian::engine;

namespace {

using Int128 = detail::Int128;

constexpr std::int64_t kScale = 100'000'000;
// Every magnitude the portfolio can reach stays under this bound (raw 1e-8 units): 4.5e10.
constexpr Int128 kBudget = Int128(45'000'000'000) * kScale;

const std::array<std::uint32_t, 5> kInstruments{1, 2, 3, 7, 40};

Int128 abs128(Int128 value)
{
    return value < 0 ? -value : value;
}

// a × b / kScale rounded half-to-even, written independently of engine/core.
Int128 productHalfEven(Int128 a, Int128 b)
{
    const Int128 product = a * b;
    Int128 quotient = product / kScale;
    Int128 remainder = product % kScale; // same sign as product
    if (remainder < 0) {
        remainder += kScale;
        quotient -= 1; // now floor division, 0 ≤ remainder < kScale
    }
    if (2 * remainder > kScale || (2 * remainder == kScale && quotient % 2 != 0))
        quotient += 1;
    return quotient;
}

int sign128(Int128 value)
{
    return (value > 0) - (value < 0);
}

struct InstrumentModel
{
    Int128 quantity = 0;
    Int128 lastPrice = 0;
    Int128 maxPrice = 0;        // the largest price ever seen: bounds market value
    Int128 lifetimeNotional = 0; // Σ |notional|: bounds cost basis, realized PnL, trip sums
};

struct Model
{
    Int128 initialCash = 0;
    Int128 cash = 0;
    Int128 commission = 0;
    Int128 absCommission = 0;
    std::size_t closedTrips = 0;
    std::map<std::uint32_t, InstrumentModel> instruments; // only those ever traded

    // A generous bound on every amount the portfolio holds (see the file comment).
    [[nodiscard]] Int128 magnitudeBound() const
    {
        Int128 bound = abs128(initialCash) + absCommission;
        for (const auto &[id, instrument] : instruments)
            bound += 2 * instrument.lifetimeNotional
                     + productHalfEven(abs128(instrument.quantity), instrument.maxPrice) + 1;
        return bound;
    }
};

// A positive or zero decimal with up to maxIntegerDigits integer digits and up to 8 decimals,
// spread over magnitudes so that tiny and huge values both occur.
rc::Gen<std::int64_t> decimalRaw(int maxIntegerDigits)
{
    // Full range at every size: shrinking still goes towards small values.
    return rc::gen::resize(100, rc::gen::exec([maxIntegerDigits] {
        const int integerDigits = *rc::gen::inRange(0, maxIntegerDigits + 1);
        const int fractionDigits = *rc::gen::inRange(0, 9);
        std::int64_t integerLimit = 1;
        for (int i = 0; i < integerDigits; ++i)
            integerLimit *= 10;
        std::int64_t fractionLimit = 1;
        for (int i = 0; i < fractionDigits; ++i)
            fractionLimit *= 10;
        const auto units = *rc::gen::inRange<std::int64_t>(0, integerLimit + 1);
        const auto fraction = *rc::gen::inRange<std::int64_t>(0, fractionLimit);
        return units * kScale + fraction * (kScale / fractionLimit);
    }));
}

using Command = rc::state::Command<Model, Portfolio>;

void checkPortfolio(const Model &model, const Portfolio &portfolio);

struct ApplyFill : Command
{
    Fill fill;

    explicit ApplyFill(const Model &)
    {
        fill.instrument = InstrumentId{*rc::gen::elementOf(kInstruments)};
        fill.side = *rc::gen::element(Side::Buy, Side::Sell);
        // Quantity up to 1e6, price up to 1e4, each with up to 8 decimals.
        fill.quantity = Quantity::fromRaw(*rc::gen::suchThat(decimalRaw(6), [](std::int64_t raw) {
            return raw > 0 && raw <= 1'000'000 * kScale;
        }));
        fill.price = Price::fromRaw(*rc::gen::suchThat(decimalRaw(4), [](std::int64_t raw) {
            return raw <= 10'000 * kScale;
        }));
        // Commission up to 100, now and then a rebate.
        const auto commission = *decimalRaw(2);
        fill.commission = Money::fromRaw(*rc::gen::weightedElement<int>({{9, 1}, {1, -1}})
                                         * commission);
        fill.time = Timestamp::fromUnixNanos(*rc::gen::inRange<std::int64_t>(0, 2'000'000'000)
                                             * 1'000'000'000);
    }

    void checkPreconditions(const Model &s0) const override
    {
        RC_PRE(nextState(s0).magnitudeBound() < kBudget);
    }

    void apply(Model &s0) const override
    {
        InstrumentModel &instrument = s0.instruments[fill.instrument.value()];
        const int side = fill.side == Side::Buy ? 1 : -1;
        const Int128 quantity = fill.quantity.raw();
        const Int128 price = fill.price.raw();
        const Int128 held = instrument.quantity;
        // Split at zero: the part that reduces the position, and the rest.
        const Int128 closing = sign128(held) == -side ? std::min(quantity, abs128(held)) : 0;
        const Int128 opening = quantity - closing;
        const Int128 notional = productHalfEven(price, closing) + productHalfEven(price, opening);
        s0.cash -= side * notional;
        s0.cash -= fill.commission.raw();
        s0.commission += fill.commission.raw();
        s0.absCommission += abs128(fill.commission.raw());
        instrument.quantity += side * quantity;
        instrument.lastPrice = price;
        instrument.maxPrice = std::max(instrument.maxPrice, price);
        instrument.lifetimeNotional += notional;
        if (held != 0 && sign128(instrument.quantity) != sign128(held))
            ++s0.closedTrips; // back to flat, or flipped through it
    }

    void run(const Model &s0, Portfolio &portfolio) const override
    {
        portfolio.applyFill(fill);
        checkPortfolio(nextState(s0), portfolio);
    }

    void show(std::ostream &os) const override
    {
        os << "applyFill(" << fill.instrument.value() << ", " << toString(fill.side) << ' '
           << fill.quantity.toString() << " @ " << fill.price.toString() << ", commission "
           << fill.commission.toString() << ')';
    }
};

struct Mark : Command
{
    InstrumentId instrument;
    Price price;

    explicit Mark(const Model &)
        : instrument(*rc::gen::elementOf(kInstruments))
        , price(Price::fromRaw(*rc::gen::suchThat(decimalRaw(4), [](std::int64_t raw) {
            return raw <= 10'000 * kScale;
        })))
    {}

    void checkPreconditions(const Model &s0) const override
    {
        RC_PRE(nextState(s0).magnitudeBound() < kBudget);
    }

    void apply(Model &s0) const override
    {
        const auto it = s0.instruments.find(instrument.value());
        if (it == s0.instruments.end())
            return; // never traded: ignored
        it->second.lastPrice = price.raw();
        it->second.maxPrice = std::max(it->second.maxPrice, Int128(price.raw()));
    }

    void run(const Model &s0, Portfolio &portfolio) const override
    {
        portfolio.mark(instrument, price);
        checkPortfolio(nextState(s0), portfolio);
    }

    void show(std::ostream &os) const override
    {
        os << "mark(" << instrument.value() << ", " << price.toString() << ')';
    }
};

void checkPortfolio(const Model &model, const Portfolio &portfolio)
{
    // Against the oracle.
    RC_ASSERT(Int128(portfolio.cash().raw()) == model.cash);
    RC_ASSERT(Int128(portfolio.totalCommission().raw()) == model.commission);
    RC_ASSERT(portfolio.positions().size() == model.instruments.size());
    Int128 oracleEquity = model.cash;
    for (const std::uint32_t id : kInstruments) {
        const auto it = model.instruments.find(id);
        const Int128 expected = it == model.instruments.end() ? 0 : it->second.quantity;
        RC_ASSERT(Int128(portfolio.quantity(InstrumentId{id}).raw()) == expected);
        if (it != model.instruments.end()) {
            RC_ASSERT(Int128(portfolio.position(InstrumentId{id})->lastPrice.raw())
                      == it->second.lastPrice);
            oracleEquity += productHalfEven(it->second.quantity, it->second.lastPrice);
        }
    }
    RC_ASSERT(Int128(portfolio.equity().raw()) == oracleEquity);

    // The accounting identities, raw and in wide integers so that nothing can hide in rounding.
    Int128 marketValue = 0;
    Int128 grossExposure = 0;
    Int128 costBasis = 0;
    Int128 realized = 0;
    std::size_t nonFlat = 0;
    for (const Position &position : portfolio.positions()) {
        const Int128 value = position.marketValue().raw();
        marketValue += value;
        grossExposure += abs128(value);
        costBasis += position.costBasis.raw();
        realized += position.realizedPnl.raw();
        RC_ASSERT(position.unrealizedPnl().raw() == value - position.costBasis.raw());
        if (position.isFlat())
            RC_ASSERT(position.costBasis.isZero());
        else
            ++nonFlat;
    }
    const Int128 equity = portfolio.equity().raw();
    RC_ASSERT(equity == Int128(portfolio.cash().raw()) + marketValue);
    RC_ASSERT(equity
              == Int128(portfolio.initialCash().raw()) + portfolio.realizedPnl().raw()
                     + portfolio.unrealizedPnl().raw() - portfolio.totalCommission().raw());
    RC_ASSERT(Int128(portfolio.netExposure().raw()) == marketValue);
    RC_ASSERT(Int128(portfolio.grossExposure().raw()) == grossExposure);
    RC_ASSERT(Int128(portfolio.unrealizedPnl().raw()) == marketValue - costBasis);
    RC_ASSERT(Int128(portfolio.realizedPnl().raw()) == realized);

    // Round trips account for every cent of PnL and commission.
    const auto open = portfolio.openTrades();
    RC_ASSERT(open.size() == nonFlat);
    RC_ASSERT(portfolio.closedTrades().size() == model.closedTrips);
    Int128 tripPnl = 0;
    Int128 tripCommission = 0;
    for (const RoundTrip &trip : portfolio.closedTrades()) {
        RC_ASSERT(!trip.isOpen());
        RC_ASSERT(trip.quantity.isPositive());
        RC_ASSERT(*trip.exitTime >= Timestamp::fromUnixNanos(0));
        tripPnl += trip.pnl.raw();
        tripCommission += trip.commission.raw();
    }
    for (const RoundTrip &trip : open) {
        RC_ASSERT(trip.isOpen());
        const Position *position = portfolio.position(trip.instrument);
        RC_ASSERT(position != nullptr);
        RC_ASSERT(trip.quantity >= position->quantity.abs());
        RC_ASSERT(trip.side == (position->quantity.isPositive() ? Side::Buy : Side::Sell));
        RC_ASSERT(trip.exitPrice == position->lastPrice);
        tripPnl += trip.pnl.raw();
        tripCommission += trip.commission.raw();
    }
    RC_ASSERT(tripPnl
              == Int128(portfolio.realizedPnl().raw()) + portfolio.unrealizedPnl().raw()
                     - portfolio.totalCommission().raw());
    RC_ASSERT(tripCommission == Int128(portfolio.totalCommission().raw()));
}

} // namespace

class TestPortfolioProperties : public QObject
{
    Q_OBJECT

private slots:
    void invariantsHoldUnderRandomFillsAndMarks();
    void closingEverythingRealizesAllPnl();
};

void TestPortfolioProperties::invariantsHoldUnderRandomFillsAndMarks()
{
    QVERIFY(rc::check("cash, equity, PnL and round trips agree exactly after every step", [] {
        const auto initialCash = *decimalRaw(9);
        Model model;
        model.initialCash = initialCash;
        model.cash = initialCash;
        Portfolio portfolio(Money::fromRaw(initialCash));
        rc::state::check(model, portfolio, rc::state::gen::execOneOfWithArgs<ApplyFill, Mark>());
    }));
}

void TestPortfolioProperties::closingEverythingRealizesAllPnl()
{
    // Open a position in random lots, then close it in random lots at random prices: once flat,
    // cash moved by exactly realized − commission, the cost basis is exactly zero and one round
    // trip holds all of it.
    QVERIFY(rc::check("a position closed in lots leaves no residue", [] {
        const auto lotCount = *rc::gen::inRange(1, 8);
        const Side side = *rc::gen::element(Side::Buy, Side::Sell);
        Portfolio portfolio(Money::fromUnits(1'000'000));
        const InstrumentId instrument{3};
        Quantity held;
        Quantity opened;
        std::int64_t t = 0;
        const auto lot = rc::gen::suchThat(decimalRaw(4), [](std::int64_t raw) { return raw > 0; });
        const auto priceGen = rc::gen::resize(100,
                                              rc::gen::inRange<std::int64_t>(1, 1'000 * kScale));
        const auto commissionGen = rc::gen::resize(100, rc::gen::inRange<std::int64_t>(0, kScale));
        for (int i = 0; i < lotCount; ++i) {
            const Quantity quantity = Quantity::fromRaw(*lot);
            portfolio.applyFill(Fill{instrument,
                                     side,
                                     quantity,
                                     Price::fromRaw(*priceGen),
                                     Money::fromRaw(*commissionGen),
                                     Timestamp::fromUnixNanos(++t)});
            held += quantity;
            opened += quantity;
        }
        const auto closeCount = *rc::gen::inRange(1, 8);
        for (int i = 1; i <= closeCount && !held.isZero(); ++i) {
            // A random share of what is left, the last lot taking all of it.
            const auto percent = *rc::gen::resize(100, rc::gen::inRange<std::int64_t>(1, 101));
            const Quantity quantity = i == closeCount ? held
                                                      : std::clamp(held.scaled(percent, 100),
                                                                   Quantity::fromRaw(1),
                                                                   held);
            portfolio.applyFill(Fill{instrument,
                                     opposite(side),
                                     quantity,
                                     Price::fromRaw(*priceGen),
                                     Money::fromRaw(*commissionGen),
                                     Timestamp::fromUnixNanos(++t)});
            held -= quantity;
        }
        RC_ASSERT(portfolio.position(instrument)->costBasis.isZero());
        RC_ASSERT(portfolio.unrealizedPnl().isZero());
        RC_ASSERT(portfolio.cash() - portfolio.initialCash()
                  == portfolio.realizedPnl() - portfolio.totalCommission());
        RC_ASSERT(portfolio.closedTrades().size() == 1U);
        const RoundTrip &trip = portfolio.closedTrades()[0];
        RC_ASSERT(trip.side == side);
        RC_ASSERT(trip.quantity == opened);
        RC_ASSERT(trip.pnl == portfolio.realizedPnl() - portfolio.totalCommission());
        RC_ASSERT(trip.commission == portfolio.totalCommission());
        RC_ASSERT(*trip.exitTime == Timestamp::fromUnixNanos(t));
        RC_ASSERT(trip.entryTime == Timestamp::fromUnixNanos(1));
    }));
}

QTEST_APPLESS_MAIN(TestPortfolioProperties)
#include "tst_portfolioproperties.moc"
