// JsonWriter: exact layout, escaping, shortest round-trip doubles, misuse detection; its output
// is read back with an independent parser (QJsonDocument).

#include "engine/analytics/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <rapidcheck.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

using namespace meridian::engine;

class TestJsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void emptyContainers();
    void nestedLayout();
    void scalarsAtTopLevel();
    void escaping_data();
    void escaping();
    void doubles_data();
    void doubles();
    void doublesRoundTrip();
    void integers();
    void misuseThrows();
    void independentParserReadsIt();
};

void TestJsonWriter::emptyContainers()
{
    JsonWriter object;
    object.beginObject().endObject();
    QCOMPARE(object.text(), std::string("{}"));
    QVERIFY(object.isComplete());

    JsonWriter array;
    array.beginArray().endArray();
    QCOMPARE(array.text(), std::string("[]"));

    JsonWriter nested;
    nested.beginObject();
    nested.key("a").beginArray().endArray();
    nested.key("o").beginObject().endObject();
    nested.endObject();
    QCOMPARE(nested.text(), std::string("{\n  \"a\": [],\n  \"o\": {}\n}"));
}

void TestJsonWriter::nestedLayout()
{
    JsonWriter json;
    QVERIFY(!json.isComplete());
    json.beginObject();
    json.key("strategy").value("sma_crossover");
    json.key("bars").value(std::int64_t{5849});
    json.key("symbols").beginArray().value("SPY").value("TLT").endArray();
    json.key("total_return").value(3.070768282662284);
    json.key("profit_factor").null();
    json.key("ok").value(true);
    json.key("trade_list").beginArray();
    json.beginObject();
    json.key("side").value("long");
    json.key("exit_time").null();
    json.endObject();
    json.beginArray().value(1).value(false).endArray();
    json.endArray();
    QVERIFY(!json.isComplete());
    json.endObject();
    QVERIFY(json.isComplete());

    const std::string expected = R"({
  "strategy": "sma_crossover",
  "bars": 5849,
  "symbols": [
    "SPY",
    "TLT"
  ],
  "total_return": 3.070768282662284,
  "profit_factor": null,
  "ok": true,
  "trade_list": [
    {
      "side": "long",
      "exit_time": null
    },
    [
      1,
      false
    ]
  ]
})";
    QCOMPARE(json.text(), expected);
}

void TestJsonWriter::scalarsAtTopLevel()
{
    JsonWriter number;
    number.value(0.5);
    QCOMPARE(number.text(), std::string("0.5"));
    QVERIFY(number.isComplete());

    JsonWriter text;
    text.value("x");
    QCOMPARE(text.text(), std::string("\"x\""));

    JsonWriter nothing;
    nothing.null();
    QCOMPARE(nothing.text(), std::string("null"));
}

void TestJsonWriter::escaping_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << QByteArray("SPY") << QByteArray(R"("SPY")");
    QTest::newRow("empty") << QByteArray("") << QByteArray(R"("")");
    QTest::newRow("quote and backslash") << QByteArray(R"(a"b\c)") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("short escapes") << QByteArray("\n\t\r\b\f") << QByteArray(R"("\n\t\r\b\f")");
    QTest::newRow("other controls as \\u00XX")
        << QByteArray("\x01\x1f\x7f", 3) << QByteArray(R"("\u0001\u001f\u007f")");
    QTest::newRow("NUL inside") << QByteArray("a\0b", 3) << QByteArray(R"("a\u0000b")");
    QTest::newRow("slash is not escaped") << QByteArray("a/b") << QByteArray(R"("a/b")");
    QTest::newRow("UTF-8 passes through")
        << QByteArray("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80")
        << QByteArray("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    QTest::newRow("stray byte") << QByteArray("a\xff"
                                              "b")
                                << QByteArray(R"("a\ufffdb")");
    QTest::newRow("truncated sequence") << QByteArray("\xc3") << QByteArray(R"("\ufffd")");
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray(R"("\ufffd\ufffd")");
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80")
                               << QByteArray(R"("\ufffd\ufffd\ufffd")");
    QTest::newRow("above U+10FFFF")
        << QByteArray("\xf4\x90\x80\x80") << QByteArray(R"("\ufffd\ufffd\ufffd\ufffd")");
}

void TestJsonWriter::escaping()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const std::string_view text(input.constData(), static_cast<std::size_t>(input.size()));
    const std::string want(expected.constData(), static_cast<std::size_t>(expected.size()));
    QCOMPARE(JsonWriter::quoted(text), want);

    JsonWriter json;
    json.value(text);
    QCOMPARE(json.text(), want);

    // Keys are escaped the same way.
    JsonWriter object;
    object.beginObject().key(text).value(1).endObject();
    QCOMPARE(object.text(), "{\n  " + want + ": 1\n}");
}

void TestJsonWriter::doubles_data()
{
    QTest::addColumn<double>("number");
    QTest::addColumn<QString>("expected");

    QTest::newRow("0.1") << 0.1 << "0.1";
    QTest::newRow("1e-7") << 1e-7 << "1e-07";
    QTest::newRow("3.0") << 3.0 << "3";
    QTest::newRow("-0.0") << -0.0 << "0";
    QTest::newRow("0.0") << 0.0 << "0";
    QTest::newRow("-2.5") << -2.5 << "-2.5";
    QTest::newRow("100") << 100.0 << "100";
    QTest::newRow("0.1 + 0.2") << 0.1 + 0.2 << "0.30000000000000004";
    QTest::newRow("1/3") << 1.0 / 3.0 << "0.3333333333333333";
    QTest::newRow("1e16") << 1e16 << "1e+16";
    QTest::newRow("1e21") << 1e21 << "1e+21";
    QTest::newRow("123456789012.5") << 123456789012.5 << "123456789012.5";
    QTest::newRow("smallest subnormal") << 5e-324 << "5e-324";
    QTest::newRow("largest") << std::numeric_limits<double>::max() << "1.7976931348623157e+308";
    QTest::newRow("SPY total return") << 3.070768282662284 << "3.070768282662284";
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << "null";
    QTest::newRow("+inf") << std::numeric_limits<double>::infinity() << "null";
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << "null";
}

void TestJsonWriter::doubles()
{
    QFETCH(double, number);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(JsonWriter::number(number)), expected);
    JsonWriter json;
    json.beginArray().value(number).endArray();
    QCOMPARE(QString::fromStdString(json.text()), "[\n  " + expected + "\n]");
}

void TestJsonWriter::doublesRoundTrip()
{
    QVERIFY(rc::check("a finite double reads back bit for bit (zero loses its sign)", [] {
        const auto bits = *rc::gen::arbitrary<std::uint64_t>();
        double x = 0.0;
        std::memcpy(&x, &bits, sizeof x);
        RC_PRE(std::isfinite(x));
        const std::string text = JsonWriter::number(x);
        double back = 1.0;
        const auto result = std::from_chars(text.data(), text.data() + text.size(), back);
        RC_ASSERT(result.ec == std::errc());
        RC_ASSERT(result.ptr == text.data() + text.size());
        if (x == 0.0)
            RC_ASSERT(text == std::string("0"));
        else
            RC_ASSERT(std::memcmp(&back, &x, sizeof x) == 0);
    }));
}

void TestJsonWriter::integers()
{
    JsonWriter json;
    json.beginArray();
    json.value(std::numeric_limits<std::int64_t>::min());
    json.value(std::numeric_limits<std::int64_t>::max());
    json.value(std::numeric_limits<std::uint64_t>::max());
    json.value(std::size_t{42});
    json.value(-7);
    json.value(0);
    json.endArray();
    QCOMPARE(json.text(),
             std::string("[\n  -9223372036854775808,\n  9223372036854775807,\n"
                         "  18446744073709551615,\n  42,\n  -7,\n  0\n]"));
}

void TestJsonWriter::misuseThrows()
{
    {
        JsonWriter json;
        json.beginObject();
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.value(1.0)); // no key
    }
    {
        JsonWriter json;
        json.beginArray();
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.key("a")); // key in an array
    }
    {
        JsonWriter json;
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.key("a")); // key at top level
    }
    {
        JsonWriter json;
        json.beginObject();
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.endArray()); // wrong bracket
    }
    {
        JsonWriter json;
        json.beginObject().key("a");
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.key("b"));    // key after key
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.endObject()); // dangling key
    }
    {
        JsonWriter json;
        json.beginObject().endObject();
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.null());      // second document
        QVERIFY_THROWS_EXCEPTION(JsonWriterMisuse, json.endObject()); // nothing open
    }
    try {
        JsonWriter json;
        json.beginArray();
        json.key("symbol");
        QFAIL("no exception");
    } catch (const JsonWriterMisuse &error) {
        QCOMPARE(std::string(error.what()),
                 std::string("JsonWriter: key 'symbol' outside an object"));
    }
}

void TestJsonWriter::independentParserReadsIt()
{
    JsonWriter json;
    json.beginObject();
    json.key("name\t\"x\"").value("line1\nline2 \x01 caf\xc3\xa9");
    json.key("ratio").value(0.1);
    json.key("tiny").value(1e-7);
    json.key("nan").value(std::nan(""));
    json.key("list").beginArray().value(1).value(2.5).value(true).null().endArray();
    json.key("nested").beginObject().key("k").value("v").endObject();
    json.endObject();

    QJsonParseError error;
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromStdString(json.text()), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = doc.object();
    QCOMPARE(root.value("name\t\"x\"").toString(),
             QString::fromUtf8("line1\nline2 \x01 caf\xc3\xa9"));
    QCOMPARE(root.value("ratio").toDouble(), 0.1);
    QCOMPARE(root.value("tiny").toDouble(), 1e-7);
    QVERIFY(root.value("nan").isNull());
    const QJsonArray list = root.value("list").toArray();
    QCOMPARE(list.size(), 4);
    QCOMPARE(list.at(1).toDouble(), 2.5);
    QVERIFY(list.at(2).toBool());
    QVERIFY(list.at(3).isNull());
    QCOMPARE(root.value("nested").toObject().value("k").toString(), QString("v"));
}

QTEST_APPLESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
