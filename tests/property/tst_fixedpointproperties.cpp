// Fixed-point properties against a wider-integer oracle written here independently of
// engine/core/fixedpoint.cpp: the oracle rounds from the floor quotient, the engine from the
// truncated one, so a shared mistake is unlikely.

#include "engine/core/money.h"

#include <QtTest>

#include <rapidcheck.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

using namespace meridian::engine;

namespace {

__extension__ typedef __int128 Wide;

constexpr std::int64_t int64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t scale = 100'000'000;

bool fits(Wide value)
{
    return value >= int64Min && value <= int64Max;
}

// Floor division for any signs (divisor != 0).
Wide floorDiv(Wide numerator, Wide divisor)
{
    Wide quotient = numerator / divisor;
    if ((numerator % divisor != 0) && ((numerator < 0) != (divisor < 0)))
        --quotient;
    return quotient;
}

// numerator / divisor rounded to the nearest integer, ties to the even one; nullopt if the
// result does not fit in int64.
std::optional<std::int64_t> oracleHalfEven(Wide numerator, Wide divisor)
{
    if (divisor < 0) {
        numerator = -numerator;
        divisor = -divisor;
    }
    const Wide low = floorDiv(numerator, divisor);          // low <= exact < low + 1
    const Wide twiceRest = (numerator - low * divisor) * 2; // 0 <= twiceRest < 2 * divisor
    Wide rounded = low;
    if (twiceRest > divisor || (twiceRest == divisor && (low & 1) != 0))
        rounded = low + 1;
    if (!fits(rounded))
        return std::nullopt;
    return static_cast<std::int64_t>(rounded);
}

// numerator / divisor with the fraction dropped (toward zero).
std::optional<std::int64_t> oracleTowardZero(Wide numerator, Wide divisor)
{
    const bool negative = (numerator < 0) != (divisor < 0);
    const Wide magnitude
        = floorDiv(numerator < 0 ? -numerator : numerator, divisor < 0 ? -divisor : divisor);
    const Wide result = negative ? -magnitude : magnitude;
    if (!fits(result))
        return std::nullopt;
    return static_cast<std::int64_t>(result);
}

// Raw values from every part of the range: anywhere, small amounts (cents to millions), exact
// multiples of a unit, and the edges.
rc::Gen<std::int64_t> anyRaw()
{
    return rc::gen::weightedOneOf<std::int64_t>({
        {3, rc::gen::arbitrary<std::int64_t>()},
        {3, rc::gen::inRange<std::int64_t>(-100'000'000'000'000, 100'000'000'000'000)},
        {2, rc::gen::inRange<std::int64_t>(-1'000, 1'000)},
        {1, rc::gen::map(rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'000),
                         [](std::int64_t units) { return units * scale; })},
        {1, rc::gen::element(int64Max, int64Min, int64Min + 1, int64Max - 1, std::int64_t(0))},
    });
}

// Quantities that often produce exact ties: k × 0.5, k × 0.25, ...
rc::Gen<std::int64_t> tieProneRaw()
{
    return rc::gen::oneOf(anyRaw(),
                          rc::gen::map(rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'000),
                                       [](std::int64_t k) { return k * (scale / 2); }),
                          rc::gen::map(rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'000),
                                       [](std::int64_t k) { return k * (scale / 4); }));
}

template<class F>
bool throwsOverflow(F &&f)
{
    try {
        f();
    } catch (const ArithmeticOverflow &) {
        return true;
    }
    return false;
}

} // namespace

class TestFixedPointProperties : public QObject
{
    Q_OBJECT

private slots:
    void parseOfToStringIsIdentity();
    void toStringIsCanonical();
    void addThenSubtractRestores();
    void additionOverflowMatchesOracle();
    void subtractionOverflowMatchesOracle();
    void negationMatchesOracle();
    void productMatchesHalfEvenOracle();
    void productIsCommutative();
    void averagePriceMatchesOracle();
    void quantityForMatchesOracleAndStaysInBudget();
    void scaledByMatchesOracle();
    void wholeUnitsTruncates();
    void comparisonAgreesWithRaw();
};

void TestFixedPointProperties::parseOfToStringIsIdentity()
{
    QVERIFY(rc::check("parse(toString(x, d)) == x for every raw x and d in 0..8", [] {
        const std::int64_t raw = *anyRaw();
        const int minDecimals = *rc::gen::inRange(0, 9);
        const Price price = Price::fromRaw(raw);
        const Result<Price> back = Price::parse(price.toString(minDecimals));
        RC_ASSERT(back.has_value());
        RC_ASSERT(back->raw() == raw);
    }));
}

void TestFixedPointProperties::toStringIsCanonical()
{
    QVERIFY(rc::check("toString() is -?digits[.digits] without trailing zeros", [] {
        const std::int64_t raw = *anyRaw();
        const std::string text = Money::fromRaw(raw).toString();
        const std::size_t digitsStart = raw < 0 ? 1 : 0;
        RC_ASSERT((raw < 0) == (text.front() == '-'));
        const std::size_t point = text.find('.');
        RC_ASSERT(point != 0 && point != digitsStart);
        if (point != std::string::npos) {
            RC_ASSERT(text.back() != '0');
            RC_ASSERT(text.size() - point - 1 <= 8u);
        }
        // No leading zeros in the integer part except "0" itself.
        const std::string integer = text.substr(
            digitsStart, point == std::string::npos ? std::string::npos : point - digitsStart);
        RC_ASSERT(integer == "0" || integer.front() != '0');
        // The text has exactly minDecimals digits when the value needs fewer.
        const int minDecimals = *rc::gen::inRange(1, 9);
        const std::string padded = Money::fromRaw(raw).toString(minDecimals);
        const std::size_t paddedPoint = padded.find('.');
        RC_ASSERT(paddedPoint != std::string::npos);
        RC_ASSERT(padded.size() - paddedPoint - 1 >= static_cast<std::size_t>(minDecimals));
    }));
}

void TestFixedPointProperties::addThenSubtractRestores()
{
    QVERIFY(rc::check("a + b - b == a whenever a + b fits", [] {
        const Money a = Money::fromRaw(*anyRaw());
        const Money b = Money::fromRaw(*anyRaw());
        RC_PRE(fits(Wide(a.raw()) + b.raw()));
        RC_ASSERT(a + b - b == a);
        RC_ASSERT(a + b == b + a);
        Money accumulated = a;
        accumulated += b;
        accumulated -= b;
        RC_ASSERT(accumulated == a);
    }));
}

void TestFixedPointProperties::additionOverflowMatchesOracle()
{
    QVERIFY(rc::check("a + b throws exactly when the 128-bit sum does not fit", [] {
        const std::int64_t a = *anyRaw();
        const std::int64_t b = *anyRaw();
        const Wide exact = Wide(a) + b;
        if (fits(exact)) {
            RC_ASSERT((Quantity::fromRaw(a) + Quantity::fromRaw(b)).raw()
                      == static_cast<std::int64_t>(exact));
        } else {
            RC_ASSERT(throwsOverflow([&] { (void)(Quantity::fromRaw(a) + Quantity::fromRaw(b)); }));
        }
    }));
}

void TestFixedPointProperties::subtractionOverflowMatchesOracle()
{
    QVERIFY(rc::check("a - b throws exactly when the 128-bit difference does not fit", [] {
        const std::int64_t a = *anyRaw();
        const std::int64_t b = *anyRaw();
        const Wide exact = Wide(a) - b;
        if (fits(exact)) {
            RC_ASSERT((Money::fromRaw(a) - Money::fromRaw(b)).raw()
                      == static_cast<std::int64_t>(exact));
        } else {
            RC_ASSERT(throwsOverflow([&] { (void)(Money::fromRaw(a) - Money::fromRaw(b)); }));
        }
    }));
}

void TestFixedPointProperties::negationMatchesOracle()
{
    QVERIFY(rc::check("-a and abs(a) throw exactly for INT64_MIN", [] {
        const std::int64_t a = *anyRaw();
        if (a == int64Min) {
            RC_ASSERT(throwsOverflow([&] { (void)(-Money::fromRaw(a)); }));
            RC_ASSERT(throwsOverflow([&] { (void)Money::fromRaw(a).abs(); }));
        } else {
            RC_ASSERT((-Money::fromRaw(a)).raw() == -a);
            RC_ASSERT(Money::fromRaw(a).abs().raw() == (a < 0 ? -a : a));
        }
    }));
}

void TestFixedPointProperties::productMatchesHalfEvenOracle()
{
    QVERIFY(rc::check("price * quantity == oracle half-even(p * q / 1e8), or throws", [] {
        const std::int64_t p = *anyRaw();
        const std::int64_t q = *tieProneRaw();
        const std::optional<std::int64_t> expected = oracleHalfEven(Wide(p) * q, scale);
        if (expected) {
            RC_ASSERT((Price::fromRaw(p) * Quantity::fromRaw(q)).raw() == *expected);
        } else {
            RC_ASSERT(throwsOverflow([&] { (void)(Price::fromRaw(p) * Quantity::fromRaw(q)); }));
        }
    }));
    // Ties specifically: p odd × q = 0.5 gives a product of p / 2 units exactly half-way.
    QVERIFY(rc::check("x.5-unit products go to the even neighbour", [] {
        const std::int64_t p = *rc::gen::inRange<std::int64_t>(-1'000'000'000, 1'000'000'000);
        const std::int64_t expectedHalfEven = *oracleHalfEven(p, 2);
        RC_ASSERT((Price::fromRaw(p) * Quantity::fromRaw(scale / 2)).raw() == expectedHalfEven);
        RC_ASSERT(expectedHalfEven % 2 == 0 || p % 2 == 0);
    }));
}

void TestFixedPointProperties::productIsCommutative()
{
    QVERIFY(rc::check("price * quantity == quantity * price", [] {
        const Price p = Price::fromRaw(
            *rc::gen::inRange<std::int64_t>(-1'000'000'000'000, 1'000'000'000'000));
        const Quantity q = Quantity::fromRaw(*tieProneRaw());
        const bool overflow = throwsOverflow([&] { (void)(p * q); });
        RC_ASSERT(overflow == throwsOverflow([&] { (void)(q * p); }));
        if (!overflow)
            RC_ASSERT(p * q == q * p);
    }));
}

void TestFixedPointProperties::averagePriceMatchesOracle()
{
    QVERIFY(rc::check("averagePrice == oracle half-even(amount * 1e8 / quantity)", [] {
        const std::int64_t amount = *anyRaw();
        const std::int64_t quantity = *tieProneRaw();
        RC_PRE(quantity != 0);
        const std::optional<std::int64_t> expected = oracleHalfEven(Wide(amount) * scale, quantity);
        if (expected) {
            RC_ASSERT(averagePrice(Money::fromRaw(amount), Quantity::fromRaw(quantity)).raw()
                      == *expected);
        } else {
            RC_ASSERT(throwsOverflow(
                [&] { (void)averagePrice(Money::fromRaw(amount), Quantity::fromRaw(quantity)); }));
        }
    }));
    QVERIFY(rc::check("averagePrice ties (amount / 2, 4 or 8 whole units) go to even", [] {
        const std::int64_t amount = *rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'000);
        const std::int64_t units = *rc::gen::element<std::int64_t>(2, 4, 8, -2);
        RC_ASSERT(averagePrice(Money::fromRaw(amount), Quantity::fromUnits(units)).raw()
                  == *oracleHalfEven(amount, units));
    }));
}

void TestFixedPointProperties::quantityForMatchesOracleAndStaysInBudget()
{
    QVERIFY(rc::check("quantityFor == oracle trunc(amount * 1e8 / price); never over budget", [] {
        const std::int64_t amount = *anyRaw();
        const std::int64_t price = *anyRaw();
        RC_PRE(price != 0);
        const std::optional<std::int64_t> expected = oracleTowardZero(Wide(amount) * scale, price);
        if (!expected) {
            RC_ASSERT(throwsOverflow(
                [&] { (void)quantityFor(Money::fromRaw(amount), Price::fromRaw(price)); }));
            return;
        }
        const Quantity bought = quantityFor(Money::fromRaw(amount), Price::fromRaw(price));
        RC_ASSERT(bought.raw() == *expected);
        if (amount > 0 && price > 0) {
            // Exactly: bought × price <= amount < (bought + 1e-8) × price.
            RC_ASSERT(Wide(bought.raw()) * price <= Wide(amount) * scale);
            RC_ASSERT((Wide(bought.raw()) + 1) * price > Wide(amount) * scale);
        }
    }));
}

void TestFixedPointProperties::scaledByMatchesOracle()
{
    QVERIFY(rc::check("scaledBy == oracle half-even(price * num / den)", [] {
        const std::int64_t price = *anyRaw();
        const std::int64_t numerator = *anyRaw();
        const std::int64_t denominator = *anyRaw();
        RC_PRE(denominator != 0);
        const std::optional<std::int64_t> expected
            = oracleHalfEven(Wide(price) * numerator, denominator);
        const auto compute = [&] {
            return scaledBy(Price::fromRaw(price), Price::fromRaw(numerator),
                            Price::fromRaw(denominator));
        };
        if (expected)
            RC_ASSERT(compute().raw() == *expected);
        else
            RC_ASSERT(throwsOverflow(compute));
    }));
    QVERIFY(rc::check("scaledBy ties (price × 1/2, × 3/2) go to even", [] {
        const std::int64_t price = *rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'000);
        const std::int64_t numerator = *rc::gen::element<std::int64_t>(1, 3, -1);
        const Price scaled
            = scaledBy(Price::fromRaw(price), Price::fromUnits(numerator), Price::fromUnits(2));
        RC_ASSERT(scaled.raw() == *oracleHalfEven(Wide(price) * numerator, 2));
    }));
}

void TestFixedPointProperties::wholeUnitsTruncates()
{
    QVERIFY(rc::check("wholeUnits drops the fraction toward zero", [] {
        const std::int64_t raw = *anyRaw();
        const std::int64_t whole = wholeUnits(Quantity::fromRaw(raw)).raw();
        RC_ASSERT(whole % scale == 0);
        RC_ASSERT(*oracleTowardZero(raw, scale) * scale == whole);
    }));
}

void TestFixedPointProperties::comparisonAgreesWithRaw()
{
    QVERIFY(rc::check("<, <=, ==, != and <=> agree with the raw values", [] {
        const std::int64_t a = *anyRaw();
        const std::int64_t b
            = *rc::gen::oneOf(anyRaw(), rc::gen::just(a), rc::gen::just(a == int64Max ? a : a + 1));
        const Price x = Price::fromRaw(a);
        const Price y = Price::fromRaw(b);
        RC_ASSERT((x < y) == (a < b));
        RC_ASSERT((x <= y) == (a <= b));
        RC_ASSERT((x > y) == (a > b));
        RC_ASSERT((x == y) == (a == b));
        RC_ASSERT((x != y) == (a != b));
        RC_ASSERT((x <=> y) == (a <=> b));
        // Equal values print equally, and different values differently.
        RC_ASSERT((x.toString() == y.toString()) == (a == b));
    }));
}

QTEST_APPLESS_MAIN(TestFixedPointProperties)

#include "tst_fixedpointproperties.moc"
