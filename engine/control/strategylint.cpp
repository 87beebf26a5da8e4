#include "engine/control/strategylint.h"

#include "engine/control/strategylintlexer.h"
#include "engine/control/strategylintscope.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

namespace meridian::engine {

namespace {

using detail::isPunct;
using detail::Token;
using detail::TokenKind;

// --- wall-clock and io: names --------------------------------------------------------------

enum class Match {
    Anywhere, // the name itself is the problem, wherever it appears (but not as a member: x.name)
    Call,     // a common word: only a call of the free or std:: function, not a declaration
};

struct NameRule
{
    std::string_view name;
    Match match;
    std::string_view rule;
    std::string_view what; // appended to the name as written
};

constexpr std::string_view readsClock = "reads the wall clock; use ctx.now()";
constexpr std::string_view sleeps = "waits on the wall clock; a strategy never sleeps";
constexpr std::string_view fileIo = "is file I/O; a strategy gets its data only through Context";
constexpr std::string_view consoleIo
    = "is console I/O (stdout/stderr/stdin); a strategy does no I/O";
constexpr std::string_view fsIo
    = "is file-system access (I/O); a strategy gets its data only through Context";
constexpr std::string_view netIo = "is network I/O; a strategy gets its data only through Context";
constexpr std::string_view processIo = "starts another process (I/O); a strategy does no I/O";
constexpr std::string_view envIo
    = "reads the process environment; a strategy gets its inputs from its parameters";

constexpr std::array<NameRule, 77> nameRules{{
    {"system_clock", Match::Anywhere, "wall-clock", readsClock},
    {"steady_clock", Match::Anywhere, "wall-clock", readsClock},
    {"high_resolution_clock", Match::Anywhere, "wall-clock", readsClock},
    {"utc_clock", Match::Anywhere, "wall-clock", readsClock},
    {"tai_clock", Match::Anywhere, "wall-clock", readsClock},
    {"gps_clock", Match::Anywhere, "wall-clock", readsClock},
    {"file_clock", Match::Anywhere, "wall-clock", readsClock},
    {"gettimeofday", Match::Anywhere, "wall-clock", readsClock},
    {"clock_gettime", Match::Anywhere, "wall-clock", readsClock},
    {"timespec_get", Match::Anywhere, "wall-clock", readsClock},
    {"localtime", Match::Anywhere, "wall-clock", readsClock},
    {"localtime_r", Match::Anywhere, "wall-clock", readsClock},
    {"localtime_s", Match::Anywhere, "wall-clock", readsClock},
    {"ftime", Match::Anywhere, "wall-clock", readsClock},
    {"QElapsedTimer", Match::Anywhere, "wall-clock", readsClock},
    {"RealtimeClock", Match::Anywhere, "wall-clock", readsClock},
    {"time", Match::Call, "wall-clock", readsClock},
    {"clock", Match::Call, "wall-clock", readsClock},
    {"sleep_for", Match::Anywhere, "wall-clock", sleeps},
    {"sleep_until", Match::Anywhere, "wall-clock", sleeps},
    {"usleep", Match::Anywhere, "wall-clock", sleeps},
    {"nanosleep", Match::Anywhere, "wall-clock", sleeps},
    {"sleep", Match::Call, "wall-clock", sleeps},
    {"fstream", Match::Anywhere, "io", fileIo},
    {"ifstream", Match::Anywhere, "io", fileIo},
    {"ofstream", Match::Anywhere, "io", fileIo},
    {"wfstream", Match::Anywhere, "io", fileIo},
    {"wifstream", Match::Anywhere, "io", fileIo},
    {"wofstream", Match::Anywhere, "io", fileIo},
    {"basic_fstream", Match::Anywhere, "io", fileIo},
    {"basic_ifstream", Match::Anywhere, "io", fileIo},
    {"basic_ofstream", Match::Anywhere, "io", fileIo},
    {"filebuf", Match::Anywhere, "io", fileIo},
    {"basic_filebuf", Match::Anywhere, "io", fileIo},
    {"FILE", Match::Anywhere, "io", fileIo},
    {"fopen", Match::Anywhere, "io", fileIo},
    {"freopen", Match::Anywhere, "io", fileIo},
    {"fread", Match::Anywhere, "io", fileIo},
    {"fwrite", Match::Anywhere, "io", fileIo},
    {"fclose", Match::Anywhere, "io", fileIo},
    {"fgets", Match::Anywhere, "io", fileIo},
    {"fputs", Match::Anywhere, "io", fileIo},
    {"fprintf", Match::Anywhere, "io", fileIo},
    {"fscanf", Match::Anywhere, "io", fileIo},
    {"tmpfile", Match::Anywhere, "io", fileIo},
    {"QFile", Match::Anywhere, "io", fileIo},
    {"QSaveFile", Match::Anywhere, "io", fileIo},
    {"QTemporaryFile", Match::Anywhere, "io", fileIo},
    {"QDir", Match::Anywhere, "io", fsIo},
    {"QFileInfo", Match::Anywhere, "io", fsIo},
    {"filesystem", Match::Anywhere, "io", fsIo},
    {"cout", Match::Anywhere, "io", consoleIo},
    {"cerr", Match::Anywhere, "io", consoleIo},
    {"clog", Match::Anywhere, "io", consoleIo},
    {"cin", Match::Anywhere, "io", consoleIo},
    {"wcout", Match::Anywhere, "io", consoleIo},
    {"wcerr", Match::Anywhere, "io", consoleIo},
    {"printf", Match::Anywhere, "io", consoleIo},
    {"puts", Match::Anywhere, "io", consoleIo},
    {"putchar", Match::Anywhere, "io", consoleIo},
    {"scanf", Match::Anywhere, "io", consoleIo},
    {"perror", Match::Anywhere, "io", consoleIo},
    {"stdout", Match::Anywhere, "io", consoleIo},
    {"stderr", Match::Anywhere, "io", consoleIo},
    {"stdin", Match::Anywhere, "io", consoleIo},
    {"qDebug", Match::Anywhere, "io", consoleIo},
    {"QTcpSocket", Match::Anywhere, "io", netIo},
    {"QUdpSocket", Match::Anywhere, "io", netIo},
    {"QSslSocket", Match::Anywhere, "io", netIo},
    {"QWebSocket", Match::Anywhere, "io", netIo},
    {"socket", Match::Call, "io", netIo},
    {"connect", Match::Call, "io", netIo},
    {"getaddrinfo", Match::Anywhere, "io", netIo},
    {"system", Match::Call, "io", processIo},
    {"popen", Match::Anywhere, "io", processIo},
    {"QProcess", Match::Anywhere, "io", processIo},
    {"getenv", Match::Anywhere, "io", envIo},
}};

const NameRule *findNameRule(std::string_view name)
{
    for (const NameRule &rule : nameRules) {
        if (rule.name == name)
            return &rule;
    }
    return nullptr;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

// Words that may precede a call expression; any other identifier before `name(` makes it a
// declaration (`Timestamp time() const`).
bool isExpressionKeyword(std::string_view word)
{
    static constexpr std::array<std::string_view, 13> words{{"return", "throw", "case", "co_return",
                                                             "co_await", "co_yield", "else", "do",
                                                             "new", "delete", "not", "and", "or"}};
    return std::find(words.begin(), words.end(), word) != words.end();
}

class Linter
{
public:
    Linter(const std::vector<Token> &tokens,
           const std::string &file,
           std::vector<LintFinding> &findings)
        : m_tokens(tokens)
        , m_file(file)
        , m_findings(findings)
    {}

    void checkNames()
    {
        for (std::size_t i = 0; i < m_tokens.size(); ++i) {
            if (m_tokens[i].kind != TokenKind::Identifier)
                continue;
            const bool afterScope = i > 0 && isPunct(m_tokens[i - 1], "::");
            if (afterScope && i > 1
                && (m_tokens[i - 2].kind == TokenKind::Identifier || isPunct(m_tokens[i - 2], ">")))
                continue; // inside a qualified name; checked from its start
            const std::size_t start = afterScope ? i - 1 : i;
            if (start > 0
                && (isPunct(m_tokens[start - 1], ".") || isPunct(m_tokens[start - 1], "->")))
                continue; // a member of some object, not the library's name
            std::vector<std::size_t> parts{i};
            while (parts.back() + 2 < m_tokens.size() && isPunct(m_tokens[parts.back() + 1], "::")
                   && m_tokens[parts.back() + 2].kind == TokenKind::Identifier)
                parts.push_back(parts.back() + 2);
            checkQualifiedName(start, parts);
        }
    }

private:
    // The name as written up to part `count`, with its leading "::" if it has one.
    [[nodiscard]] std::string
    joined(std::size_t start, const std::vector<std::size_t> &parts, std::size_t count) const
    {
        std::string text = start != parts[0] ? "::" : "";
        for (std::size_t k = 0; k < count; ++k) {
            if (k > 0)
                text += "::";
            text += m_tokens[parts[k]].text;
        }
        return text;
    }

    void checkQualifiedName(std::size_t start, const std::vector<std::size_t> &parts)
    {
        const Token &first = m_tokens[start];
        for (std::size_t k = 0; k < parts.size(); ++k) {
            const std::string_view word = m_tokens[parts[k]].text;
            if (k > 0 && (word.substr(0, 7) == "current")) {
                const std::string_view owner = m_tokens[parts[k - 1]].text;
                if (owner == "QDateTime" || owner == "QTime" || owner == "QDate") {
                    report(first, "wall-clock",
                           joined(start, parts, k + 1) + " " + std::string(readsClock));
                    return;
                }
            }
            if (startsWith(word, "QNetwork")) {
                report(first, "io", joined(start, parts, k + 1) + " " + std::string(netIo));
                return;
            }
            const NameRule *rule = findNameRule(word);
            if (rule == nullptr)
                continue;
            if (rule->match == Match::Anywhere) {
                report(first, rule->rule,
                       joined(start, parts, k + 1) + " " + std::string(rule->what));
                return;
            }
            // A common word: only the C/std function called by its own name.
            const bool lastPart = k + 1 == parts.size();
            const bool qualifiedOk = k == 0 || (k == 1 && m_tokens[parts[0]].text == "std");
            const std::size_t after = parts.back() + 1;
            if (!lastPart || !qualifiedOk || after >= m_tokens.size()
                || !isPunct(m_tokens[after], "("))
                return;
            if (start > 0) {
                const Token &before = m_tokens[start - 1];
                if (before.kind == TokenKind::Identifier && !isExpressionKeyword(before.text))
                    return; // declares a function of that name
                if (isPunct(before, "~"))
                    return;
                if (isDeclaratorPrefix(start - 1))
                    return; // Clock &clock(), const Foo *time()
            }
            report(first, rule->rule,
                   joined(start, parts, k + 1) + "() " + std::string(rule->what));
            return;
        }
    }

    // Whether the '&', '&&' or '*' at index k belongs to a declared return type (`Clock &clock()`)
    // rather than to an expression (`a * time(nullptr)`): a type name before it, and before
    // that something that cannot end an operand.
    [[nodiscard]] bool isDeclaratorPrefix(std::size_t k) const
    {
        const Token &t = m_tokens[k];
        if (!(isPunct(t, "&") || isPunct(t, "*")) || k == 0)
            return false;
        std::size_t type = k - 1;
        if (isPunct(m_tokens[type], "&") && type > 0) // '&&' arrives as two tokens
            --type;
        const Token &typeToken = m_tokens[type];
        if (typeToken.kind != TokenKind::Identifier && !isPunct(typeToken, ">"))
            return false;
        if (typeToken.kind == TokenKind::Identifier && isExpressionKeyword(typeToken.text))
            return false;
        if (type == 0)
            return true;
        const Token &before = m_tokens[type - 1];
        if (before.kind == TokenKind::Identifier)
            return !isExpressionKeyword(before.text);
        return isPunct(before, ";") || isPunct(before, "{") || isPunct(before, "}")
               || isPunct(before, ":") || isPunct(before, "::") || isPunct(before, "<")
               || isPunct(before, ",") || isPunct(before, ">");
    }

    void report(const Token &at, std::string_view rule, std::string message)
    {
        m_findings.push_back(
            LintFinding{m_file, at.line, at.column, std::string(rule), std::move(message)});
    }

    const std::vector<Token> &m_tokens;
    const std::string &m_file;
    std::vector<LintFinding> &m_findings;
};

} // namespace

std::string formatLintFinding(const LintFinding &finding)
{
    return finding.file + ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column)
           + ": " + finding.rule + ": " + finding.message;
}

std::span<const std::string_view> lintAllowedStandardHeaders()
{
    return detail::allowedStandardHeaders;
}

std::vector<LintFinding> lintStrategySource(std::string_view source, const std::string &fileName)
{
    std::vector<LintFinding> findings;
    const std::vector<Token> tokens = detail::Lexer(source, fileName, findings).run();
    Linter(tokens, fileName, findings).checkNames();
    std::vector<const Token *> code;
    code.reserve(tokens.size());
    for (const Token &token : tokens) {
        if (!token.directive)
            code.push_back(&token);
    }
    detail::ScopeChecker(std::move(code), fileName, findings).run();
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LintFinding &a, const LintFinding &b) {
                         return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return findings;
}

Result<std::vector<LintFinding>> lintStrategyFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error("cannot read '" + path + "': " + std::generic_category().message(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return Error("cannot read '" + path + "': " + std::generic_category().message(errno));
    return lintStrategySource(text.str(), path);
}

} // namespace meridian::engine
