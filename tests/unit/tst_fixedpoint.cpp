// Fixed point (Price, Quantity, Money) against decimals worked out by hand: exact parsing and its
// errors, printing, checked addition and subtraction at the int64 edges, and the mixed products
// with their rounding (half-even for price × quantity, toward zero for quantityFor).

#include "engine/core/money.h"

#include <QtTest>

#include <cstdint>
#include <limits>
#include <type_traits>

using namespace meridian::engine;

namespace {

constexpr qint64 int64Max = std::numeric_limits<qint64>::max();
constexpr qint64 int64Min = std::numeric_limits<qint64>::min();

template<class A, class B>
concept Addable = requires(A a, B b)
{
    a + b;
};
template<class A, class B>
concept Subtractable = requires(A a, B b)
{
    a - b;
};
template<class A, class B>
concept Multipliable = requires(A a, B b)
{
    a *b;
};

// The three types never mix, except in the products that mean something.
static_assert(!std::is_convertible_v<Price, Quantity>);
static_assert(!std::is_convertible_v<Quantity, Money>);
static_assert(!std::is_convertible_v<Money, Price>);
static_assert(!std::is_convertible_v<std::int64_t, Price>);
static_assert(Addable<Price, Price> && !Addable<Price, Quantity> && !Addable<Money, Price>);
static_assert(Subtractable<Money, Money> && !Subtractable<Price, Money>);
static_assert(!Multipliable<Price, Price> && !Multipliable<Money, Quantity>);
static_assert(Multipliable<Price, Quantity> && Multipliable<Quantity, Price>);
static_assert(std::is_same_v<decltype(Price() * Quantity()), Money>);
static_assert(std::is_same_v<decltype(Quantity() * Price()), Money>);
static_assert(Price::scale == 100'000'000 && Price::decimals == 8);

} // namespace

class TestFixedPoint : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void toStringExact_data();
    void toStringExact();
    void roundTripsThroughText();
    void additionAndSubtraction();
    void overflowAtTheEdges();
    void comparisonFollowsRaw();
    void signHelpers();
    void fromUnits();
    void priceTimesQuantity_data();
    void priceTimesQuantity();
    void productOverflow();
    void averagePriceRoundsHalfEven_data();
    void averagePriceRoundsHalfEven();
    void quantityForRoundsTowardZero_data();
    void quantityForRoundsTowardZero();
    void zeroDivisors();
    void wholeUnitsTruncates_data();
    void wholeUnitsTruncates();
    void scaledByRatio_data();
    void scaledByRatio();
    void scaledAndIntegerFactor();
    void fromDouble_data();
    void fromDouble();
    void fromDoubleRejects();
    void toDouble();
};

void TestFixedPoint::parseValid_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("raw");

    QTest::newRow("167.41") << "167.41" << qint64(16741000000);
    QTest::newRow("smallest negative") << "-0.00000001" << qint64(-1);
    QTest::newRow("smallest positive") << "0.00000001" << qint64(1);
    QTest::newRow("plus sign") << "+5" << qint64(500000000);
    QTest::newRow("no integer digits") << ".5" << qint64(50000000);
    QTest::newRow("no fraction digits") << "5." << qint64(500000000);
    QTest::newRow("negative no integer digits") << "-.25" << qint64(-25000000);
    QTest::newRow("leading zeros") << "007.50" << qint64(750000000);
    QTest::newRow("many leading zeros") << "0000000000000000000000001" << qint64(100000000);
    QTest::newRow("zero") << "0" << qint64(0);
    QTest::newRow("negative zero") << "-0" << qint64(0);
    QTest::newRow("zero point zero") << "0.0" << qint64(0);
    QTest::newRow("eight decimals") << "1.12345678" << qint64(112345678);
    QTest::newRow("ninth decimal zero") << "1.000000000" << qint64(100000000);
    QTest::newRow("many trailing zeros") << "2.50000000000000000" << qint64(250000000);
    QTest::newRow("integer") << "100000" << qint64(10000000000000);
    QTest::newRow("largest") << "92233720368.54775807" << int64Max;
    QTest::newRow("smallest") << "-92233720368.54775808" << int64Min;
    QTest::newRow("largest integer") << "92233720368" << qint64(9223372036800000000);
    // clang-format on
}

void TestFixedPoint::parseValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, raw);
    const std::string utf8 = text.toStdString();
    const Result<Price> price = Price::parse(utf8);
    QVERIFY2(price.has_value(), price.has_value() ? "" : price.error().message().c_str());
    QCOMPARE(price->raw(), raw);
    // The three types share one parser.
    QCOMPARE(Quantity::parse(utf8)->raw(), raw);
    QCOMPARE(Money::parse(utf8)->raw(), raw);
}

void TestFixedPoint::parseInvalid_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << "" << "empty value is not a number";
    QTest::newRow("letters") << "abc" << "'abc' is not a number";
    QTest::newRow("exponent") << "1e5" << "'1e5' is not a number";
    QTest::newRow("nan") << "nan" << "'nan' is not a number";
    QTest::newRow("NaN") << "NaN" << "'NaN' is not a number";
    QTest::newRow("inf") << "inf" << "'inf' is not a number";
    QTest::newRow("-inf") << "-inf" << "'-inf' is not a number";
    QTest::newRow("nine decimals")
        << "1.123456789" << "'1.123456789' has more than 8 decimal places";
    QTest::newRow("tenth decimal non-zero")
        << "1.0000000001" << "'1.0000000001' has more than 8 decimal places";
    QTest::newRow("two points") << "1..2" << "'1..2' is not a number";
    QTest::newRow("two fractions") << "1.2.3" << "'1.2.3' is not a number";
    QTest::newRow("sign only") << "-" << "'-' is not a number";
    QTest::newRow("plus only") << "+" << "'+' is not a number";
    QTest::newRow("point only") << "." << "'.' is not a number";
    QTest::newRow("sign and point") << "-." << "'-.' is not a number";
    QTest::newRow("two signs") << "--1" << "'--1' is not a number";
    QTest::newRow("plus minus") << "+-1" << "'+-1' is not a number";
    QTest::newRow("leading space") << " 1" << "' 1' is not a number";
    QTest::newRow("trailing space") << "1 " << "'1 ' is not a number";
    QTest::newRow("thousands separator") << "1,000" << "'1,000' is not a number";
    QTest::newRow("trailing letters") << "12.5USD" << "'12.5USD' is not a number";
    QTest::newRow("hex") << "0x10" << "'0x10' is not a number";
    QTest::newRow("too large") << "92233720369" << "'92233720369' is out of range (±92 bn)";
    QTest::newRow("one unit over")
        << "92233720368.54775808" << "'92233720368.54775808' is out of range (±92 bn)";
    QTest::newRow("one unit under")
        << "-92233720368.54775809" << "'-92233720368.54775809' is out of range (±92 bn)";
    QTest::newRow("huge") << "123456789012345678901234567890"
                          << "'123456789012345678901234567890' is out of range (±92 bn)";
    // clang-format on
}

void TestFixedPoint::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const Result<Quantity> quantity = Quantity::parse(text.toStdString());
    QVERIFY(!quantity.has_value());
    QCOMPARE(QString::fromStdString(quantity.error().message()), message);
    QVERIFY_THROWS_EXCEPTION(BadResultAccess, (void)quantity.value());
}

void TestFixedPoint::toStringExact_data()
{
    // clang-format off
    QTest::addColumn<qint64>("raw");
    QTest::addColumn<int>("minDecimals");
    QTest::addColumn<QString>("text");

    QTest::newRow("167.41") << qint64(16741000000) << 0 << "167.41";
    QTest::newRow("167.41 min 2") << qint64(16741000000) << 2 << "167.41";
    QTest::newRow("167.41 min 4") << qint64(16741000000) << 4 << "167.4100";
    QTest::newRow("whole") << qint64(500000000) << 0 << "5";
    QTest::newRow("whole min 2") << qint64(500000000) << 2 << "5.00";
    QTest::newRow("whole min 8") << qint64(500000000) << 8 << "5.00000000";
    QTest::newRow("zero") << qint64(0) << 0 << "0";
    QTest::newRow("zero min 2") << qint64(0) << 2 << "0.00";
    QTest::newRow("one unit") << qint64(1) << 0 << "0.00000001";
    QTest::newRow("minus one unit") << qint64(-1) << 0 << "-0.00000001";
    QTest::newRow("minus half") << qint64(-50000000) << 0 << "-0.5";
    QTest::newRow("minus half min 2") << qint64(-50000000) << 2 << "-0.50";
    QTest::newRow("more digits than min") << qint64(123456789) << 2 << "1.23456789";
    QTest::newRow("inner zeros kept") << qint64(100000001) << 0 << "1.00000001";
    QTest::newRow("negative minDecimals acts as 0") << qint64(500000000) << -3 << "5";
    QTest::newRow("negative minDecimals trims") << qint64(250000000) << -1 << "2.5";
    QTest::newRow("minDecimals above 8 caps at 8") << qint64(250000000) << 12 << "2.50000000";
    QTest::newRow("max") << int64Max << 0 << "92233720368.54775807";
    QTest::newRow("min") << int64Min << 0 << "-92233720368.54775808";
    QTest::newRow("big whole") << qint64(9223372036800000000) << 2 << "92233720368.00";
    // clang-format on
}

void TestFixedPoint::toStringExact()
{
    QFETCH(qint64, raw);
    QFETCH(int, minDecimals);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(Money::fromRaw(raw).toString(minDecimals)), text);
}

void TestFixedPoint::roundTripsThroughText()
{
    const std::int64_t samples[] = {0,         1,          -1,          99999999,
                                    100000000, -100000000, 16741000000, 123456789012345678,
                                    int64Max,  int64Min,   int64Min + 1};
    for (const std::int64_t raw : samples) {
        for (int minDecimals = 0; minDecimals <= 8; ++minDecimals) {
            const std::string text = Price::fromRaw(raw).toString(minDecimals);
            const Result<Price> back = Price::parse(text);
            QVERIFY2(back.has_value(), text.c_str());
            QCOMPARE(back->raw(), raw);
        }
    }
}

void TestFixedPoint::additionAndSubtraction()
{
    const Money a = *Money::parse("100.10");
    const Money b = *Money::parse("0.20");
    QCOMPARE((a + b).raw(), qint64(10030000000));
    QCOMPARE((a - b).raw(), qint64(9990000000));
    QCOMPARE((b - a).toString(), std::string("-99.9"));
    QCOMPARE((-a).raw(), qint64(-10010000000));
    QCOMPARE((-a).abs(), a);
    Money sum;
    for (int i = 0; i < 10; ++i)
        sum += *Money::parse("0.1");
    // Ten dimes are exactly one dollar, unlike in binary floating point.
    QCOMPARE(sum, Money::fromUnits(1));
    sum -= Money::fromUnits(1);
    QVERIFY(sum.isZero());
}

void TestFixedPoint::overflowAtTheEdges()
{
    const Money max = Money::fromRaw(int64Max);
    const Money min = Money::fromRaw(int64Min);
    const Money unit = Money::fromRaw(1);

    // Exactly at the edges is fine.
    QCOMPARE((max - unit + unit).raw(), int64Max);
    QCOMPARE((min + unit - unit).raw(), int64Min);
    QCOMPARE((max + min).raw(), qint64(-1));
    QCOMPARE((min + Money()).raw(), int64Min);
    QCOMPARE((-max).raw(), int64Min + 1);

    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(max + unit));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(unit + max));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(min - unit));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(max - min));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(min - max + min));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(max + max));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(min + min));
    // -INT64_MIN does not fit.
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(-min));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)min.abs());
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(Money() - min));

    Money accumulator = max;
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, accumulator += unit);
    QCOMPARE(accumulator.raw(), int64Max); // a failed += leaves the value as it was
    accumulator = min;
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, accumulator -= unit);
    QCOMPARE(accumulator.raw(), int64Min);

    try {
        (void)(max + unit);
        QFAIL("no exception");
    } catch (const ArithmeticOverflow &overflow) {
        QCOMPARE(std::string(overflow.what()), std::string("fixed-point overflow in addition"));
    }
    try {
        (void)(min - unit);
        QFAIL("no exception");
    } catch (const ArithmeticOverflow &overflow) {
        QCOMPARE(std::string(overflow.what()), std::string("fixed-point overflow in subtraction"));
    }
    // A broken invariant, catchable at the strategy boundary as std::logic_error.
    static_assert(std::is_base_of_v<std::logic_error, ArithmeticOverflow>);
}

void TestFixedPoint::comparisonFollowsRaw()
{
    const Price a = *Price::parse("10.00000001");
    const Price b = *Price::parse("10.00000002");
    QVERIFY(a < b);
    QVERIFY(b > a);
    QVERIFY(a <= a);
    QVERIFY(a != b);
    QVERIFY(a == *Price::parse("10.000000010"));
    QVERIFY(*Price::parse("-1") < Price());
    QVERIFY(Price::fromRaw(int64Min) < Price::fromRaw(int64Max));
    QVERIFY(*Price::parse("5") == *Price::parse("5.00"));
    QVERIFY(*Price::parse("-0") == Price());
}

void TestFixedPoint::signHelpers()
{
    const Quantity positive = *Quantity::parse("0.5");
    const Quantity negative = *Quantity::parse("-0.5");
    const Quantity zero;
    QVERIFY(positive.isPositive() && !positive.isNegative() && !positive.isZero());
    QVERIFY(negative.isNegative() && !negative.isPositive() && !negative.isZero());
    QVERIFY(zero.isZero() && !zero.isPositive() && !zero.isNegative());
    QCOMPARE(positive.sign(), 1);
    QCOMPARE(negative.sign(), -1);
    QCOMPARE(zero.sign(), 0);
    QCOMPARE(negative.abs(), positive);
    QCOMPARE(positive.abs(), positive);
}

void TestFixedPoint::fromUnits()
{
    QCOMPARE(Quantity::fromUnits(100).raw(), qint64(10000000000));
    QCOMPARE(Quantity::fromUnits(-5).raw(), qint64(-500000000));
    QCOMPARE(Money::fromUnits(0).raw(), qint64(0));
    QCOMPARE(Money::fromUnits(92233720368).raw(), qint64(9223372036800000000));
    QCOMPARE(Money::fromUnits(-92233720368).raw(), qint64(-9223372036800000000));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Money::fromUnits(92233720369));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Money::fromUnits(-92233720369));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Money::fromUnits(int64Max));
}

void TestFixedPoint::priceTimesQuantity_data()
{
    // clang-format off
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("quantity");
    QTest::addColumn<QString>("money");

    // Exact products.
    QTest::newRow("167.41 x 100") << "167.41" << "100" << "16741";
    QTest::newRow("19.99 x 3") << "19.99" << "3" << "59.97";
    QTest::newRow("fractional shares") << "400.25" << "0.125" << "50.03125";
    QTest::newRow("zero quantity") << "167.41" << "0" << "0";
    QTest::newRow("short") << "167.41" << "-100" << "-16741";
    // Products below 1e-8 rounded half-even: ties go to the even neighbour.
    QTest::newRow("0.5 units -> 0 (even)") << "0.00000001" << "0.5" << "0";
    QTest::newRow("1.5 units -> 2 (even)") << "0.00000003" << "0.5" << "0.00000002";
    QTest::newRow("2.5 units -> 2 (even)") << "0.00000005" << "0.5" << "0.00000002";
    QTest::newRow("3.5 units -> 4 (even)") << "0.00000007" << "0.5" << "0.00000004";
    QTest::newRow("0.6 units -> 1") << "0.00000001" << "0.6" << "0.00000001";
    QTest::newRow("0.4 units -> 0") << "0.00000001" << "0.4" << "0";
    QTest::newRow("just above half -> 1") << "0.00000001" << "0.50000001" << "0.00000001";
    QTest::newRow("just below half -> 0") << "0.00000001" << "0.49999999" << "0";
    // Negative ties are symmetric: half-even is sign-blind.
    QTest::newRow("-0.5 units -> 0") << "-0.00000001" << "0.5" << "0";
    QTest::newRow("-1.5 units -> -2") << "-0.00000003" << "0.5" << "-0.00000002";
    QTest::newRow("-2.5 units -> -2") << "0.00000005" << "-0.5" << "-0.00000002";
    QTest::newRow("-3.5 units -> -4") << "-0.00000007" << "0.5" << "-0.00000004";
    QTest::newRow("-0.6 units -> -1") << "0.00000001" << "-0.6" << "-0.00000001";
    QTest::newRow("-0.4 units -> 0") << "-0.00000001" << "0.4" << "0";
    QTest::newRow("negative x negative") << "-0.00000003" << "-0.5" << "0.00000002";
    // 123.45678901 × 2.5 = 308.641972525: the 9th decimal is a tie, the 8th (2) is even.
    QTest::newRow("308.641972525 -> ...52") << "123.45678901" << "2.5" << "308.64197252";
    // 123.45678903 × 2.5 = 308.641972575: tie, 8th decimal 7 is odd -> up.
    QTest::newRow("308.641972575 -> ...58") << "123.45678903" << "2.5" << "308.64197258";
    QTest::newRow("-308.641972575 -> -...58") << "123.45678903" << "-2.5" << "-308.64197258";
    // 0.33333333 × 0.33333333 = 0.11111110|88888889: above half -> up.
    QTest::newRow("thirds") << "0.33333333" << "0.33333333" << "0.11111111";
    // Exactly at the range's edge.
    QTest::newRow("max x 1") << "92233720368.54775807" << "1" << "92233720368.54775807";
    QTest::newRow("min x 1") << "-92233720368.54775808" << "1" << "-92233720368.54775808";
    // 46116860184.27387904 × 2 = 92233720368.54775808, one unit too many: negated it fits.
    QTest::newRow("min by product") << "-46116860184.27387904" << "2" << "-92233720368.54775808";
    // clang-format on
}

void TestFixedPoint::priceTimesQuantity()
{
    QFETCH(QString, price);
    QFETCH(QString, quantity);
    QFETCH(QString, money);
    const Price p = *Price::parse(price.toStdString());
    const Quantity q = *Quantity::parse(quantity.toStdString());
    const Money expected = *Money::parse(money.toStdString());
    QCOMPARE((p * q).raw(), expected.raw());
    QCOMPARE((q * p).raw(), expected.raw());
}

void TestFixedPoint::productOverflow()
{
    const Price big = Price::fromUnits(92233720368);
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(big * Quantity::fromUnits(2)));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)(Price::fromUnits(1'000'000) * Quantity::fromUnits(100'000)));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)(Price::fromRaw(int64Min) * Quantity::fromUnits(-1)));
    // 46116860184.27387904 × 2 is one unit above the maximum.
    QVERIFY_THROWS_EXCEPTION(
        ArithmeticOverflow, (void)(*Price::parse("46116860184.27387904") * Quantity::fromUnits(2)));
    // A product that only fits after dividing by the scale does not overflow: the intermediate
    // is 128-bit.
    QCOMPARE((Price::fromUnits(1'000'000) * Quantity::fromUnits(10'000)).toString(),
             std::string("10000000000"));
}

void TestFixedPoint::averagePriceRoundsHalfEven_data()
{
    // clang-format off
    QTest::addColumn<QString>("amount");
    QTest::addColumn<QString>("quantity");
    QTest::addColumn<QString>("price");

    QTest::newRow("exact") << "16741" << "100" << "167.41";
    QTest::newRow("1000/3 down") << "1000" << "3" << "333.33333333";
    QTest::newRow("2000/3 up") << "2000" << "3" << "666.66666667";
    QTest::newRow("-1000/3") << "-1000" << "3" << "-333.33333333";
    QTest::newRow("-2000/3") << "-2000" << "3" << "-666.66666667";
    QTest::newRow("2000/-3") << "2000" << "-3" << "-666.66666667";
    QTest::newRow("0.5 units -> 0") << "0.00000001" << "2" << "0";
    QTest::newRow("1.5 units -> 2") << "0.00000003" << "2" << "0.00000002";
    QTest::newRow("2.5 units -> 2") << "0.00000005" << "2" << "0.00000002";
    QTest::newRow("-2.5 units -> -2") << "-0.00000005" << "2" << "-0.00000002";
    QTest::newRow("-3.5 units -> -4") << "-0.00000007" << "2" << "-0.00000004";
    QTest::newRow("fractional quantity") << "50.03125" << "0.125" << "400.25";
    QTest::newRow("tiny quantity") << "1" << "0.00000001" << "100000000";
    // clang-format on
}

void TestFixedPoint::averagePriceRoundsHalfEven()
{
    QFETCH(QString, amount);
    QFETCH(QString, quantity);
    QFETCH(QString, price);
    const Price average = averagePrice(*Money::parse(amount.toStdString()),
                                       *Quantity::parse(quantity.toStdString()));
    QCOMPARE(average.raw(), Price::parse(price.toStdString())->raw());
}

void TestFixedPoint::quantityForRoundsTowardZero_data()
{
    // clang-format off
    QTest::addColumn<QString>("amount");
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("quantity");

    QTest::newRow("exact") << "16741" << "167.41" << "100";
    QTest::newRow("1000/3") << "1000" << "3" << "333.33333333";
    QTest::newRow("2000/3 not rounded up") << "2000" << "3" << "666.66666666";
    QTest::newRow("-2000/3 toward zero") << "-2000" << "3" << "-666.66666666";
    QTest::newRow("2000/-3 toward zero") << "2000" << "-3" << "-666.66666666";
    // 10000 / 167.41 = 59.733588196...
    QTest::newRow("10000 at 167.41") << "10000" << "167.41" << "59.73358819";
    QTest::newRow("less than one unit") << "0.00000001" << "2" << "0";
    QTest::newRow("just under a unit") << "0.99999999" << "1" << "0.99999999";
    QTest::newRow("zero amount") << "0" << "5" << "0";
    // clang-format on
}

void TestFixedPoint::quantityForRoundsTowardZero()
{
    QFETCH(QString, amount);
    QFETCH(QString, price);
    QFETCH(QString, quantity);
    const Money budget = *Money::parse(amount.toStdString());
    const Price p = *Price::parse(price.toStdString());
    const Quantity q = quantityFor(budget, p);
    QCOMPARE(q.raw(), Quantity::parse(quantity.toStdString())->raw());
    // Never more than the budget buys (for a positive price and budget).
    if (budget.isPositive() && p.isPositive())
        QVERIFY((q * p) <= budget);
}

void TestFixedPoint::zeroDivisors()
{
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)averagePrice(Money::fromUnits(1), Quantity()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)quantityFor(Money::fromUnits(1), Price()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)scaledBy(Price::fromUnits(1), Price::fromUnits(1), Price()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Price::fromUnits(1).scaled(1, 0));
    try {
        (void)averagePrice(Money::fromUnits(1), Quantity());
        QFAIL("no exception");
    } catch (const ArithmeticOverflow &error) {
        QCOMPARE(std::string(error.what()), std::string("averagePrice: zero quantity"));
    }
    try {
        (void)quantityFor(Money::fromUnits(1), Price());
        QFAIL("no exception");
    } catch (const ArithmeticOverflow &error) {
        QCOMPARE(std::string(error.what()), std::string("quantityFor: zero price"));
    }
    // A quotient that does not fit: 1 bn / 0.00000001.
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)averagePrice(Money::fromUnits(1'000'000'000),
                                                                    Quantity::fromRaw(1)));
}

void TestFixedPoint::wholeUnitsTruncates_data()
{
    // clang-format off
    QTest::addColumn<QString>("quantity");
    QTest::addColumn<QString>("whole");

    QTest::newRow("2.99999999") << "2.99999999" << "2";
    QTest::newRow("3") << "3" << "3";
    QTest::newRow("0.5") << "0.5" << "0";
    QTest::newRow("0") << "0" << "0";
    QTest::newRow("-2.5 toward zero") << "-2.5" << "-2";
    QTest::newRow("-0.00000001") << "-0.00000001" << "0";
    QTest::newRow("max") << "92233720368.54775807" << "92233720368";
    QTest::newRow("min") << "-92233720368.54775808" << "-92233720368";
    // clang-format on
}

void TestFixedPoint::wholeUnitsTruncates()
{
    QFETCH(QString, quantity);
    QFETCH(QString, whole);
    QCOMPARE(wholeUnits(*Quantity::parse(quantity.toStdString())).raw(),
             Quantity::parse(whole.toStdString())->raw());
}

void TestFixedPoint::scaledByRatio_data()
{
    // clang-format off
    QTest::addColumn<QString>("price");
    QTest::addColumn<QString>("numerator");
    QTest::addColumn<QString>("denominator");
    QTest::addColumn<QString>("result");

    // Total-return adjustment: OHLC × adj_close / close.
    QTest::newRow("100 x 45/50") << "100" << "45" << "50" << "90";
    QTest::newRow("10 x 1/3") << "10" << "1" << "3" << "3.33333333";
    QTest::newRow("20 x 1/3") << "20" << "1" << "3" << "6.66666667";
    QTest::newRow("tie to even 0") << "0.00000001" << "1" << "2" << "0";
    QTest::newRow("tie to even 2") << "0.00000003" << "1" << "2" << "0.00000002";
    // 145.61 × 120.3017 / 145.61: the same close cancels exactly.
    QTest::newRow("cancels") << "145.61" << "120.3017" << "145.61" << "120.3017";
    // 150.00 × 142.25 / 146.5 = 145.648464163822... -> 145.64846416.
    QTest::newRow("adjusted open") << "150.00" << "142.25" << "146.5" << "145.64846416";
    QTest::newRow("negative ratio") << "10" << "-1" << "3" << "-3.33333333";
    // clang-format on
}

void TestFixedPoint::scaledByRatio()
{
    QFETCH(QString, price);
    QFETCH(QString, numerator);
    QFETCH(QString, denominator);
    QFETCH(QString, result);
    const Price scaled
        = scaledBy(*Price::parse(price.toStdString()), *Price::parse(numerator.toStdString()),
                   *Price::parse(denominator.toStdString()));
    QCOMPARE(QString::fromStdString(scaled.toString()),
             QString::fromStdString(Price::parse(result.toStdString())->toString()));
}

void TestFixedPoint::scaledAndIntegerFactor()
{
    const Money equity = *Money::parse("100000");
    QCOMPARE(equity.scaled(6, 10).toString(), std::string("60000"));
    QCOMPARE(equity.scaled(1, 3).toString(), std::string("33333.33333333"));
    QCOMPARE(equity.scaled(2, 3).toString(), std::string("66666.66666667"));
    QCOMPARE(Money::fromRaw(1).scaled(1, 2).raw(), qint64(0));
    QCOMPARE(Money::fromRaw(3).scaled(1, 2).raw(), qint64(2));
    QCOMPARE(Money::fromRaw(-3).scaled(1, 2).raw(), qint64(-2));
    QCOMPARE((*Money::parse("1.25") * 4).toString(), std::string("5"));
    QCOMPARE((*Money::parse("1.25") * -4).toString(), std::string("-5"));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)(Money::fromRaw(int64Max) * 2));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Money::fromRaw(int64Max).scaled(3, 2));
    // The intermediate is 128-bit: ×3/3 at the edge is exact.
    QCOMPARE(Money::fromRaw(int64Max).scaled(3, 3).raw(), int64Max);
}

void TestFixedPoint::fromDouble_data()
{
    // clang-format off
    QTest::addColumn<double>("value");
    QTest::addColumn<qint64>("raw");

    QTest::newRow("0.1") << 0.1 << qint64(10000000);
    QTest::newRow("167.41") << 167.41 << qint64(16741000000);
    QTest::newRow("-2.5") << -2.5 << qint64(-250000000);
    QTest::newRow("zero") << 0.0 << qint64(0);
    QTest::newRow("1e-9 -> 0") << 1e-9 << qint64(0);
    // 5e-9 × 1e8 is exactly 0.5 in binary, as is 2.5e-8 × 1e8 = 2.5: ties to even.
    QTest::newRow("tie 0.5 -> 0") << 5e-9 << qint64(0);
    QTest::newRow("tie 2.5 -> 2") << 2.5e-8 << qint64(2);
    QTest::newRow("tie -2.5 -> -2") << -2.5e-8 << qint64(-2);
    QTest::newRow("0.6 units -> 1") << 6e-9 << qint64(1);
    QTest::newRow("large") << 92233720368.0 << qint64(9223372036800000000);
    QTest::newRow("fraction of a share") << 0.333333333333 << qint64(33333333);
    // clang-format on
}

void TestFixedPoint::fromDouble()
{
    QFETCH(double, value);
    QFETCH(qint64, raw);
    QCOMPARE(Quantity::fromDouble(value).raw(), raw);
}

void TestFixedPoint::fromDoubleRejects()
{
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)Quantity::fromDouble(std::numeric_limits<double>::quiet_NaN()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)Quantity::fromDouble(std::numeric_limits<double>::infinity()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow,
                             (void)Quantity::fromDouble(-std::numeric_limits<double>::infinity()));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Quantity::fromDouble(1e11));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Quantity::fromDouble(-1e11));
    QVERIFY_THROWS_EXCEPTION(ArithmeticOverflow, (void)Quantity::fromDouble(92233720369.0));
}

void TestFixedPoint::toDouble()
{
    QCOMPARE(Price::parse("167.41")->toDouble(), 167.41);
    QCOMPARE(Price::parse("-0.5")->toDouble(), -0.5);
    QCOMPARE(Price().toDouble(), 0.0);
}

QTEST_APPLESS_MAIN(TestFixedPoint)

#include "tst_fixedpoint.moc"
