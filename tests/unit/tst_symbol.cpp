// Symbol parsing and its errors, InstrumentTable ids, and the strong id types.

// QtTest first: moc (Qt 6.4) cannot parse <concepts> when it is reached through <compare>
// before any other standard header, as engine/core/ids.h does.
#include <QtTest>

#include "engine/core/symbol.h"

#include <string>
#include <type_traits>
#include <unordered_set>

using namespace meridian::engine;

namespace {

template<class A, class B>
concept EqualityComparable = requires(A a, B b)
{
    a == b;
};

// Strong ids never convert into one another or from integers.
static_assert(!std::is_convertible_v<OrderId, FillId>);
static_assert(!std::is_convertible_v<std::uint64_t, OrderId>);
static_assert(!std::is_convertible_v<StrategyId, InstrumentId>);
static_assert(!EqualityComparable<OrderId, FillId>);
static_assert(!EqualityComparable<StrategyId, InstrumentId>);
static_assert(EqualityComparable<OrderId, OrderId>);
static_assert(std::is_same_v<InstrumentId::ValueType, std::uint32_t>);
static_assert(std::is_same_v<OrderId::ValueType, std::uint64_t>);
// Symbols are held inline: events and tables copy them freely.
static_assert(std::is_trivially_copyable_v<Symbol>);

} // namespace

class TestSymbol : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void emptyAndOrdering();
    void instrumentTable();
    void strongIds();
};

void TestSymbol::parseValid_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::newRow("SPY") << "SPY";
    QTest::newRow("one letter") << "A";
    QTest::newRow("share class") << "BRK.B";
    QTest::newRow("crypto pair") << "BTC/USD";
    QTest::newRow("dash") << "ES-1";
    QTest::newRow("digits") << "0700";
    QTest::newRow("15 characters") << "ABCDEFGHIJKLMNO";
    // clang-format on
}

void TestSymbol::parseValid()
{
    QFETCH(QString, text);
    const Result<Symbol> symbol = Symbol::parse(text.toStdString());
    QVERIFY2(symbol.has_value(), symbol ? "" : symbol.error().message().c_str());
    QCOMPARE(QString::fromStdString(symbol->toString()), text);
    QCOMPARE(symbol->view().size(), std::size_t(text.size()));
    QVERIFY(!symbol->isEmpty());
}

void TestSymbol::parseInvalid_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString charset
        = QStringLiteral(" may hold only upper-case letters, digits and '.', '-', '/'");
    QTest::newRow("empty") << "" << "empty symbol";
    QTest::newRow("16 characters") << "ABCDEFGHIJKLMNOP"
                                   << "symbol 'ABCDEFGHIJKLMNOP' is longer than 15 characters";
    QTest::newRow("lower case") << "spy" << "symbol 'spy'" + charset;
    QTest::newRow("mixed case") << "Spy" << "symbol 'Spy'" + charset;
    QTest::newRow("space") << "SP Y" << "symbol 'SP Y'" + charset;
    QTest::newRow("trailing space") << "SPY " << "symbol 'SPY '" + charset;
    QTest::newRow("newline") << "SPY\n" << "symbol 'SPY\n'" + charset;
    QTest::newRow("underscore") << "BRK_B" << "symbol 'BRK_B'" + charset;
    QTest::newRow("non-ASCII")
        << QStringLiteral("ÄPL") << QStringLiteral("symbol 'ÄPL'") + charset;
    // clang-format on
}

void TestSymbol::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const Result<Symbol> symbol = Symbol::parse(text.toStdString());
    QVERIFY(!symbol.has_value());
    QCOMPARE(QString::fromStdString(symbol.error().message()), message);
}

void TestSymbol::emptyAndOrdering()
{
    const Symbol none;
    QVERIFY(none.isEmpty());
    QCOMPARE(none.view(), std::string_view());
    const Symbol spy = *Symbol::parse("SPY");
    const Symbol tlt = *Symbol::parse("TLT");
    QVERIFY(spy == *Symbol::parse("SPY"));
    QVERIFY(spy != tlt);
    QVERIFY(spy < tlt);
    QVERIFY(none < spy);
    QVERIFY(*Symbol::parse("SP") < spy); // a prefix sorts first
    // Comparison looks at the text only, not at the unused bytes.
    Symbol copy = spy;
    QVERIFY(copy == spy);
}

void TestSymbol::instrumentTable()
{
    InstrumentTable table;
    QCOMPARE(table.size(), std::size_t(0));
    QVERIFY(!table.find("SPY").has_value());

    const InstrumentId spy = table.add(*Symbol::parse("SPY"));
    const InstrumentId tlt = table.add(*Symbol::parse("TLT"));
    QCOMPARE(spy, InstrumentId(1)); // 1-based: 0 means "no instrument"
    QCOMPARE(tlt, InstrumentId(2));
    QVERIFY(spy.isValid());
    QCOMPARE(table.add(*Symbol::parse("SPY")), spy); // known symbols keep their id
    QCOMPARE(table.size(), std::size_t(2));

    QCOMPARE(table.find(*Symbol::parse("TLT")), std::optional<InstrumentId>(tlt));
    QCOMPARE(table.find("SPY"), std::optional<InstrumentId>(spy));
    QVERIFY(!table.find("spy").has_value());
    QVERIFY(!table.find("").has_value());
    QVERIFY(!table.find(*Symbol::parse("GLD")).has_value());
    QCOMPARE(table.symbol(spy).view(), std::string_view("SPY"));
    QCOMPARE(table.symbol(tlt).toString(), std::string("TLT"));

    for (int i = 0; i < 50; ++i)
        table.add(*Symbol::parse("X" + std::to_string(i)));
    QCOMPARE(table.size(), std::size_t(52));
    QCOMPARE(table.find("X49"), std::optional<InstrumentId>(InstrumentId(52)));
    QCOMPARE(table.symbol(InstrumentId(3)).view(), std::string_view("X0"));
}

void TestSymbol::strongIds()
{
    const OrderId none;
    QVERIFY(!none.isValid());
    QCOMPARE(none.value(), std::uint64_t(0));
    const OrderId order(42);
    QVERIFY(order.isValid());
    QCOMPARE(order.value(), std::uint64_t(42));
    QVERIFY(OrderId(1) < OrderId(2));
    QVERIFY(OrderId(7) == OrderId(7));
    std::unordered_set<OrderId> ids{OrderId(1), OrderId(2), OrderId(1)};
    QCOMPARE(ids.size(), std::size_t(2));
    QVERIFY(ids.count(OrderId(2)) == 1);
    QCOMPARE(std::hash<OrderId>()(OrderId(5)), std::hash<std::uint64_t>()(5));
}

QTEST_APPLESS_MAIN(TestSymbol)

#include "tst_symbol.moc"
