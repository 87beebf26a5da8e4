// The strategy lint: each rule against its fixture in tests/fixtures/lint/ (exact findings, in
// the .expected file next to it), tricky tokenization cases inline, and the real strategies/
// sources, which must produce no finding at all.

#include "engine/control/strategylint.h"

#include <QtTest>
#include <rapidcheck.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace meridian::engine;

namespace {

const std::string fixtureDir = MERIDIAN_SOURCE_DIR "/tests/fixtures/lint/";

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        qFatal("cannot open %s", path.c_str());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

QStringList formatted(const std::vector<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &finding : findings)
        out << QString::fromStdString(formatLintFinding(finding));
    return out;
}

} // namespace

class TestStrategyLint : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void snippets_data();
    void snippets();
    void findingFormat();
    void commentsAndStringsNeverTrigger();
    void realStrategiesAreClean();
    void unreadableFile();
    void allowedHeaders();
    void arbitraryInputIsSafe();
};

void TestStrategyLint::fixtures_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("wall-clock") << "wallclock";
    QTest::newRow("io") << "io";
    QTest::newRow("mutable-global") << "mutableglobal";
    QTest::newRow("include") << "include";
    QTest::newRow("clean") << "clean";
}

void TestStrategyLint::fixtures()
{
    QFETCH(QString, name);
    const std::string source = readFile(fixtureDir + name.toStdString() + ".cpp");
    const QString expectedText
        = QString::fromStdString(readFile(fixtureDir + name.toStdString() + ".expected"));
    const QStringList expected = expectedText.split('\n', Qt::SkipEmptyParts);
    const QStringList actual = formatted(lintStrategySource(source, name.toStdString() + ".cpp"));
    if (actual != expected) {
        qWarning().noquote() << "actual findings:\n" + actual.join('\n');
        qWarning().noquote() << "expected findings:\n" + expected.join('\n');
    }
    QCOMPARE(actual, expected);
    if (name != "clean")
        QVERIFY(!expected.isEmpty());
}

void TestStrategyLint::snippets_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("expected"); // "line:column rule"

    QTest::newRow("digit separators")
        << QStringLiteral("constexpr int a = 1'000'000; const long b = time(0);")
        << QStringList{"1:45 wall-clock"};
    QTest::newRow("char literal quote")
        << QStringLiteral("const char q = '\"'; const long t = time(nullptr);")
        << QStringList{"1:36 wall-clock"};
    QTest::newRow("escaped quote in string")
        << QStringLiteral("const char *const s = \"a \\\" fopen(\"; FILE *f;")
        << QStringList{"1:38 io", "1:44 mutable-global"};
    QTest::newRow("raw string delimiter") << QStringLiteral(
        "const char *const r = R\"x(fopen)\" system_clock)x\"; void g() { printf(\"x\"); }")
                                          << QStringList{"1:63 io"};
    QTest::newRow("string prefixes")
        << QStringLiteral("const auto *const a = u8\"cout\"; const wchar_t *const b = L\"cerr\"; "
                          "const char16_t c = u'x';")
        << QStringList{};
    QTest::newRow("line comment splice")
        << QStringLiteral("// comment \\\n continued fopen\nint x;")
        << QStringList{"3:5 mutable-global"};
    QTest::newRow("block comment")
        << QStringLiteral("/* fopen */ const int k = 1;") << QStringList{};
    QTest::newRow("member access")
        << QStringLiteral("void f(Bar b) { b.time(); b->clock(); b.system(); b.cout; }")
        << QStringList{};
    QTest::newRow("declarations named like calls")
        << QStringLiteral("struct S { long time() const; int clock(int); void system(); };")
        << QStringList{};
    QTest::newRow("other namespaces")
        << QStringLiteral("void f() { other::time(); Foo::system(1); }") << QStringList{};
    QTest::newRow("using namespace chrono")
        << QStringLiteral("void f() { using namespace std::chrono; auto n = system_clock::now(); }")
        << QStringList{"1:50 wall-clock"};
    QTest::newRow("static locals")
        << QStringLiteral("int f() { static const int a = 1; static constexpr int b = 2; static "
                          "int c; return a + b + c; }")
        << QStringList{"1:74 mutable-global"};
    QTest::newRow("pointer constness")
        << QStringLiteral("int *const p = nullptr; const int *q = nullptr;")
        << QStringList{"1:36 mutable-global"};
    QTest::newRow("function pointer")
        << QStringLiteral("void (*callback)(int) = nullptr;") << QStringList{"1:8 mutable-global"};
    QTest::newRow("vexing parse") << QStringLiteral("Foo g(42); Foo h(int); Foo k();")
                                  << QStringList{"1:5 mutable-global"};
    QTest::newRow("static functions")
        << QStringLiteral("static void helper(); static int twice(int x) { return 2 * x; }")
        << QStringList{};
    QTest::newRow("extern C block") << QStringLiteral("extern \"C\" { int count; int f(); }")
                                    << QStringList{"1:18 mutable-global"};
    QTest::newRow("constructor brace inits")
        << QStringLiteral("struct S { S() : a{1}, b{2} {} int a; int b; static int n; };")
        << QStringList{"1:57 mutable-global"};
    QTest::newRow("variable templates") << QStringLiteral(
        "template<class T> T zero = T(); template<class T> constexpr T one = T(1);")
                                        << QStringList{"1:21 mutable-global"};
    QTest::newRow("unterminated string")
        << QStringLiteral("const char *const s = \"abc\nvoid f() { fopen(\"x\"); }")
        << QStringList{"2:12 io"};
    QTest::newRow("function pointer members")
        << QStringLiteral("struct S { void (*each)(int); static void (*shared)(int); static void "
                          "(*const fixed)(int); };")
        << QStringList{"1:45 mutable-global"};
    QTest::newRow("const function pointer")
        << QStringLiteral("void (*const handler)(int) = nullptr; int (&ref)[3] = table;")
        << QStringList{"1:45 mutable-global"};
    QTest::newRow("include_next") << QStringLiteral("#include_next <vector>")
                                  << QStringList{"1:15 include"};
    QTest::newRow("macro body") << QStringLiteral("#define LOG(x) std::cout << x\n")
                                << QStringList{"1:16 io"};
    QTest::newRow("anonymous namespace")
        << QStringLiteral("namespace { int hits = 0; }") << QStringList{"1:17 mutable-global"};
    QTest::newRow("enum with variable")
        << QStringLiteral("enum Color { Red, Green } color;") << QStringList{"1:27 mutable-global"};
    QTest::newRow("const static members")
        << QStringLiteral("struct S { static constexpr int a = 1; static inline const int b = 2; "
                          "static const int c; };")
        << QStringList{};
    QTest::newRow("attributes") << QStringLiteral("[[maybe_unused]] static int unused = 0;")
                                << QStringList{"1:29 mutable-global"};
    QTest::newRow("lambda initializer")
        << QStringLiteral("const int v = [] { static int k = 0; return k; }();")
        << QStringList{"1:31 mutable-global"};
    QTest::newRow("typedef struct") << QStringLiteral("typedef struct { int a; } Pair; Pair pair;")
                                    << QStringList{"1:38 mutable-global"};
    QTest::newRow("operator overload")
        << QStringLiteral("bool operator<(const A &a, const B &b) { return true; }")
        << QStringList{};
    QTest::newRow("elaborated type variable")
        << QStringLiteral("struct tm now;") << QStringList{"1:11 mutable-global"};
    QTest::newRow("time_t is not time")
        << QStringLiteral("std::time_t stampOf(long t); using T = std::time_t;") << QStringList{};
    QTest::newRow("declared return types") << QStringLiteral(
        "struct S { Clock &clock(); const Foo *time() const; std::vector<int> &&system(); };")
                                           << QStringList{};
    QTest::newRow("products call")
        << QStringLiteral("long f(long a) { return a * time(nullptr) + (b * clock()); }")
        << QStringList{"1:29 wall-clock", "1:50 wall-clock"};
    QTest::newRow("sleep") << QStringLiteral("void f() { sleep(1); }")
                           << QStringList{"1:12 wall-clock"};
    QTest::newRow("return time") << QStringLiteral("long f() { return time(nullptr); }")
                                 << QStringList{"1:19 wall-clock"};
    QTest::newRow("member function bodies")
        << QStringLiteral("struct S { void f() { static int n; } };")
        << QStringList{"1:34 mutable-global"};
    QTest::newRow("class template")
        << QStringLiteral("template<class T> struct Box { static T value; T item; };")
        << QStringList{"1:41 mutable-global"};
    QTest::newRow("angle brackets in types")
        << QStringLiteral("std::map<int, std::vector<const int *>> table;")
        << QStringList{"1:41 mutable-global"};
}

void TestStrategyLint::snippets()
{
    QFETCH(QString, source);
    QFETCH(QStringList, expected);
    QStringList actual;
    for (const LintFinding &finding : lintStrategySource(source.toStdString(), "s.cpp"))
        actual << QStringLiteral("%1:%2 %3")
                      .arg(finding.line)
                      .arg(finding.column)
                      .arg(QString::fromStdString(finding.rule));
    QCOMPARE(actual, expected);
}

void TestStrategyLint::findingFormat()
{
    const std::string source = "#include \"engine/sdk/strategy.h\"\n"
                               "\n"
                               "void f()\n"
                               "{\n"
                               "    auto t = std::chrono::system_clock::now();\n"
                               "}\n";
    const std::vector<LintFinding> findings = lintStrategySource(source, "bad.cpp");
    QCOMPARE(findings.size(), std::size_t(1));
    QCOMPARE(findings[0].file, std::string("bad.cpp"));
    QCOMPARE(findings[0].line, 5);
    QCOMPARE(findings[0].column, 14);
    QCOMPARE(findings[0].rule, std::string("wall-clock"));
    QCOMPARE(
        formatLintFinding(findings[0]),
        std::string("bad.cpp:5:14: wall-clock: std::chrono::system_clock reads the wall clock; "
                    "use ctx.now()"));
}

void TestStrategyLint::commentsAndStringsNeverTrigger()
{
    const std::string source = "// fopen(\"a\", \"r\"); std::cout << time(nullptr);\n"
                               "/* static int n = 0; #include <fstream>\n"
                               "   system(\"ls\"); */\n"
                               "const char *const a = \"fopen(\\\"x\\\") std::ofstream f;\";\n"
                               "const char *const b = R\"(static int g; gettimeofday)\";\n"
                               "const char c = 'f';\n";
    QCOMPARE(formatted(lintStrategySource(source, "quiet.cpp")), QStringList{});
    // ...while the same words in code do.
    QCOMPARE(
        formatted(lintStrategySource("void f() { fopen(\"a\", \"r\"); }", "loud.cpp")),
        QStringList{"loud.cpp:1:12: io: fopen is file I/O; a strategy gets its data only through "
                    "Context"});
}

void TestStrategyLint::realStrategiesAreClean()
{
    int files = 0;
    std::vector<std::filesystem::path> paths;
    for (const auto &entry :
         std::filesystem::directory_iterator(MERIDIAN_SOURCE_DIR "/strategies")) {
        const std::string extension = entry.path().extension().string();
        if (extension == ".cpp" || extension == ".h")
            paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const std::filesystem::path &path : paths) {
        const Result<std::vector<LintFinding>> findings = lintStrategyFile(path.string());
        QVERIFY2(findings.has_value(),
                 findings.has_value() ? "" : findings.error().message().c_str());
        const QStringList lines = formatted(*findings);
        QVERIFY2(lines.isEmpty(), qPrintable(lines.join('\n')));
        ++files;
    }
    // buy_and_hold, sma_crossover, sixty_forty, mean_reversion and the registry, .h and .cpp.
    QVERIFY(files >= 10);
}

void TestStrategyLint::unreadableFile()
{
    const Result<std::vector<LintFinding>> missing = lintStrategyFile("/nonexistent/strategy.cpp");
    QVERIFY(!missing);
    QCOMPARE(missing.error().message(),
             std::string("cannot read '/nonexistent/strategy.cpp': No such file or directory"));
    // A file on disk names itself in its findings.
    const Result<std::vector<LintFinding>> io = lintStrategyFile(fixtureDir + "io.cpp");
    QVERIFY(io.has_value());
    QVERIFY(!io->empty());
    QCOMPARE(io->front().file, fixtureDir + "io.cpp");
}

void TestStrategyLint::allowedHeaders()
{
    const auto headers = lintAllowedStandardHeaders();
    QVERIFY(std::is_sorted(headers.begin(), headers.end()));
    for (const char *pure :
         {"algorithm",  "array",    "cmath",   "cstddef",       "cstdint",     "limits",
          "numeric",    "optional", "span",    "string",        "string_view", "utility",
          "vector",     "deque",    "map",     "unordered_map", "memory",      "stdexcept",
          "functional", "tuple",    "variant", "type_traits",   "cassert"})
        QVERIFY2(std::binary_search(headers.begin(), headers.end(), std::string_view(pure)), pure);
    for (const char *impure :
         {"chrono", "ctime", "fstream", "iostream", "cstdio", "thread", "mutex", "atomic", "random",
          "filesystem", "future", "locale", "cstdlib"})
        QVERIFY2(!std::binary_search(headers.begin(), headers.end(), std::string_view(impure)),
                 impure);
}

void TestStrategyLint::arbitraryInputIsSafe()
{
    // Half-written code (unbalanced braces, unterminated literals and comments) must give
    // findings that point inside the text, never a crash or a hang.
    const std::vector<std::string> pieces{"{",
                                          "}",
                                          "(",
                                          ")",
                                          "[",
                                          "]",
                                          ";",
                                          ":",
                                          "::",
                                          "<",
                                          ">",
                                          "=",
                                          "*",
                                          "&",
                                          ",",
                                          "\"",
                                          "'",
                                          "R\"x(",
                                          ")x\"",
                                          "/*",
                                          "*/",
                                          "//",
                                          "\n",
                                          "\\\n",
                                          "#include ",
                                          "<vector>",
                                          "#define X ",
                                          "static",
                                          "const",
                                          "constexpr",
                                          "thread_local",
                                          "int",
                                          "x",
                                          "namespace",
                                          "struct",
                                          "class",
                                          "enum",
                                          "extern",
                                          "\"C\"",
                                          "template",
                                          "operator",
                                          "time",
                                          "std",
                                          "chrono",
                                          "system_clock",
                                          "fopen",
                                          "cout",
                                          " ",
                                          "1'000",
                                          "u8",
                                          "L",
                                          "typedef",
                                          "using"};
    QVERIFY(rc::check("lint of token soup stays in bounds", [&] {
        const auto picks = *rc::gen::container<std::vector<std::size_t>>(
            rc::gen::inRange<std::size_t>(0, pieces.size()));
        std::string source;
        for (const std::size_t pick : picks)
            source += pieces[pick] + (pick % 3 == 0 ? " " : "");
        const int lines = static_cast<int>(std::count(source.begin(), source.end(), '\n')) + 1;
        for (const LintFinding &finding : lintStrategySource(source, "soup.cpp")) {
            RC_ASSERT(finding.line >= 1);
            RC_ASSERT(finding.line <= lines);
            RC_ASSERT(finding.column >= 1);
            RC_ASSERT(!finding.message.empty());
        }
    }));
    QVERIFY(rc::check("lint of arbitrary bytes stays in bounds", [] {
        const auto source = *rc::gen::arbitrary<std::string>();
        const int lines = static_cast<int>(std::count(source.begin(), source.end(), '\n')) + 1;
        for (const LintFinding &finding : lintStrategySource(source, "bytes.cpp")) {
            RC_ASSERT(finding.line >= 1);
            RC_ASSERT(finding.line <= lines);
            RC_ASSERT(finding.column >= 1);
        }
    }));
}

QTEST_APPLESS_MAIN(TestStrategyLint)
#include "tst_strategylint.moc"
