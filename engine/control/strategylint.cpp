#include "engine/control/strategylint.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

namespace meridian::engine {

namespace {

// Pure standard headers: no clocks, streams, files, threads or locale. Kept sorted.
constexpr std::array<std::string_view, 43> allowedStandardHeaders{{
    "algorithm",   "array",         "bit",           "bitset",  "cassert",     "cfloat",
    "charconv",    "cinttypes",     "climits",       "cmath",   "compare",     "complex",
    "concepts",    "cstddef",       "cstdint",       "deque",   "functional",  "initializer_list",
    "iterator",    "limits",        "list",          "map",     "memory",      "numbers",
    "numeric",     "optional",      "queue",         "ranges",  "ratio",       "set",
    "span",        "stack",         "stdexcept",     "string",  "string_view", "tuple",
    "type_traits", "unordered_map", "unordered_set", "utility", "valarray",    "variant",
    "vector",
}};
static_assert(std::is_sorted(allowedStandardHeaders.begin(), allowedStandardHeaders.end()));

enum class TokenKind { Identifier, Number, String, Char, Punct };

struct Token
{
    TokenKind kind = TokenKind::Punct;
    std::string_view text;
    int line = 0;
    int column = 0;
    bool directive = false; // part of a preprocessor line, not of the code's structure
};

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isIdentChar(char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isPunct(const Token &token, std::string_view text)
{
    return token.kind == TokenKind::Punct && token.text == text;
}

bool isIdent(const Token &token, std::string_view text)
{
    return token.kind == TokenKind::Identifier && token.text == text;
}

const std::string includeAdvice
    = "a strategy includes only \"engine/sdk/...\", \"engine/core/...\", "
      "\"strategies/<name>.h\" and pure standard headers";

bool allowedQuotedInclude(std::string_view header)
{
    // No way out of the allowed folders.
    for (std::size_t pos = 0; pos <= header.size();) {
        const std::size_t slash = std::min(header.find('/', pos), header.size());
        if (header.substr(pos, slash - pos) == "..")
            return false;
        pos = slash + 1;
    }
    for (const std::string_view root :
         {std::string_view("engine/sdk/"), std::string_view("engine/core/")}) {
        if (header.size() > root.size() && header.substr(0, root.size()) == root)
            return true;
    }
    const std::string_view strategies = "strategies/";
    if (header.size() > strategies.size() + 2
        && header.substr(0, strategies.size()) == strategies) {
        const std::string_view name = header.substr(strategies.size());
        return name.find('/') == std::string_view::npos && name.substr(name.size() - 2) == ".h";
    }
    return false;
}

// Splits the source into tokens. Comments disappear; string, character and raw-string literals
// become single tokens whose content no rule looks at. #include lines are checked here.
class Lexer
{
public:
    Lexer(std::string_view source, const std::string &file, std::vector<LintFinding> &findings)
        : m_source(source)
        , m_file(file)
        , m_findings(findings)
    {}

    std::vector<Token> run()
    {
        while (m_pos < m_source.size())
            step();
        return std::move(m_tokens);
    }

private:
    [[nodiscard]] char at(std::size_t pos) const
    {
        return pos < m_source.size() ? m_source[pos] : '\0';
    }
    [[nodiscard]] int column(std::size_t pos) const
    {
        return static_cast<int>(pos - m_lineStart) + 1;
    }

    void newline(std::size_t newlinePos)
    {
        ++m_line;
        m_lineStart = newlinePos + 1;
    }

    // Consumes a backslash-newline (line splice) at m_pos, if there is one.
    bool splice()
    {
        if (at(m_pos) != '\\')
            return false;
        std::size_t next = m_pos + 1;
        if (at(next) == '\r')
            ++next;
        if (at(next) != '\n')
            return false;
        newline(next);
        m_pos = next + 1;
        return true;
    }

    void step()
    {
        const char c = m_source[m_pos];
        if (c == '\n') {
            newline(m_pos);
            ++m_pos;
            m_inDirective = false;
            m_atLineStart = true;
            return;
        }
        if (splice())
            return;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            ++m_pos;
            return;
        }
        if (c == '/' && at(m_pos + 1) == '/') {
            while (m_pos < m_source.size() && m_source[m_pos] != '\n') {
                if (!splice())
                    ++m_pos;
            }
            return;
        }
        if (c == '/' && at(m_pos + 1) == '*') {
            m_pos += 2;
            while (m_pos < m_source.size() && !(m_source[m_pos] == '*' && at(m_pos + 1) == '/')) {
                if (m_source[m_pos] == '\n')
                    newline(m_pos);
                ++m_pos;
            }
            m_pos = std::min(m_pos + 2, m_source.size());
            return;
        }
        if (c == '#' && m_atLineStart) {
            directive();
            return;
        }
        m_atLineStart = false;
        if (isIdentStart(c)) {
            identifierOrLiteral();
            return;
        }
        if (isDigit(c) || (c == '.' && isDigit(at(m_pos + 1)))) {
            number();
            return;
        }
        if (c == '"' || c == '\'') {
            quoted(m_pos, c);
            return;
        }
        const std::size_t length
            = (c == ':' && at(m_pos + 1) == ':') || (c == '-' && at(m_pos + 1) == '>') ? 2 : 1;
        emit(TokenKind::Punct, m_pos, length);
        m_pos += length;
    }

    void emit(TokenKind kind, std::size_t start, std::size_t length, int line = 0, int col = 0)
    {
        m_tokens.push_back(Token{kind, m_source.substr(start, length), line == 0 ? m_line : line,
                                 col == 0 ? column(start) : col, m_inDirective});
    }

    void identifierOrLiteral()
    {
        const std::size_t start = m_pos;
        while (isIdentChar(at(m_pos)))
            ++m_pos;
        const std::string_view word = m_source.substr(start, m_pos - start);
        const char next = at(m_pos);
        if (next == '"'
            && (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR")) {
            rawString(start);
            return;
        }
        if ((next == '"' || next == '\'')
            && (word == "u8" || word == "u" || word == "U" || word == "L")) {
            quoted(start, next);
            return;
        }
        emit(TokenKind::Identifier, start, m_pos - start);
    }

    void number()
    {
        // pp-number: digits, letters, '.', digit separators and exponent signs.
        const std::size_t start = m_pos;
        while (m_pos < m_source.size()) {
            const char c = m_source[m_pos];
            if ((c == '+' || c == '-') && m_pos > start) {
                const char e = m_source[m_pos - 1];
                if (e == 'e' || e == 'E' || e == 'p' || e == 'P') {
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (isIdentChar(c) || c == '.' || (c == '\'' && isIdentChar(at(m_pos + 1))))
                ++m_pos;
            else
                break;
        }
        emit(TokenKind::Number, start, m_pos - start);
    }

    // A "..." or '...' literal starting at `start` (its prefix included) whose opening quote is
    // at m_pos. An unterminated literal ends at the end of the line.
    void quoted(std::size_t start, char delimiter)
    {
        const int line = m_line;
        const int col = column(start);
        ++m_pos;
        while (m_pos < m_source.size() && m_source[m_pos] != delimiter && m_source[m_pos] != '\n') {
            if (m_source[m_pos] == '\\' && m_pos + 1 < m_source.size()) {
                if (m_source[m_pos + 1] == '\n')
                    newline(m_pos + 1);
                m_pos += 2;
                continue;
            }
            ++m_pos;
        }
        if (at(m_pos) == delimiter)
            ++m_pos;
        // A user-defined-literal suffix ("abc"s) belongs to the literal.
        while (isIdentChar(at(m_pos)))
            ++m_pos;
        emit(delimiter == '"' ? TokenKind::String : TokenKind::Char, start, m_pos - start, line,
             col);
    }

    void rawString(std::size_t start)
    {
        const int line = m_line;
        const int col = column(start);
        const std::size_t open = m_source.find('(', m_pos + 1);
        const std::string_view delimiter = open == std::string_view::npos
                                               ? std::string_view()
                                               : m_source.substr(m_pos + 1, open - m_pos - 1);
        if (open == std::string_view::npos || delimiter.size() > 16
            || delimiter.find_first_of(" ()\\\t\v\f\r\n\"") != std::string_view::npos) {
            quoted(start, '"'); // not a valid raw string: read it as an ordinary one
            return;
        }
        const std::string terminator = ")" + std::string(delimiter) + "\"";
        const std::size_t close = m_source.find(terminator, open + 1);
        const std::size_t end
            = close == std::string_view::npos ? m_source.size() : close + terminator.size();
        for (std::size_t p = open; p < end; ++p) {
            if (m_source[p] == '\n')
                newline(p);
        }
        m_pos = end;
        emit(TokenKind::String, start, end - start, line, col);
    }

    void skipBlanks()
    {
        while (at(m_pos) == ' ' || at(m_pos) == '\t' || splice()) {
            if (at(m_pos) == ' ' || at(m_pos) == '\t')
                ++m_pos;
        }
        // A comment between '#' and the directive name counts as a blank.
        if (at(m_pos) == '/' && at(m_pos + 1) == '*') {
            const std::size_t end = m_source.find("*/", m_pos + 2);
            m_pos = end == std::string_view::npos ? m_source.size() : end + 2;
            skipBlanks();
        }
    }

    void directive()
    {
        const int hashColumn = column(m_pos);
        ++m_pos;
        m_atLineStart = false;
        m_inDirective = true;
        skipBlanks();
        const std::size_t nameStart = m_pos;
        while (isIdentChar(at(m_pos)))
            ++m_pos;
        const std::string_view name = m_source.substr(nameStart, m_pos - nameStart);
        if (name != "include" && name != "include_next" && name != "import")
            return; // the rest of the line is tokenized (macro bodies are checked too)
        skipBlanks();
        const char open = at(m_pos);
        const int col = column(m_pos);
        const char close = open == '<' ? '>' : open == '"' ? '"' : '\0';
        const std::size_t end
            = close == '\0' ? std::string_view::npos : m_source.find(close, m_pos + 1);
        const std::size_t lineEnd = std::min(m_source.find('\n', m_pos), m_source.size());
        if (end == std::string_view::npos || end > lineEnd) {
            report(m_line, close == '\0' ? col : hashColumn,
                   std::string(1, '#').append(name).append(
                       " without a literal header name cannot be checked; ")
                       + includeAdvice);
        } else {
            const std::string_view header = m_source.substr(m_pos + 1, end - m_pos - 1);
            const bool allowed
                = name != "include_next"
                  && (open == '<' ? std::binary_search(allowedStandardHeaders.begin(),
                                                       allowedStandardHeaders.end(), header)
                                  : allowedQuotedInclude(header));
            if (!allowed)
                report(m_line, col,
                       std::string(1, open) + std::string(header) + std::string(1, close)
                           + " is not allowed: " + includeAdvice);
        }
        m_pos = lineEnd; // the newline ends the directive
    }

    void report(int line, int col, std::string message)
    {
        m_findings.push_back(LintFinding{m_file, line, col, "include", std::move(message)});
    }

private:
    std::string_view m_source;
    const std::string &m_file;
    std::vector<LintFinding> &m_findings;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    std::size_t m_lineStart = 0;
    int m_line = 1;
    bool m_atLineStart = true;
    bool m_inDirective = false;
};

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

// --- mutable-global: scopes and declarations -------------------------------------------------

enum class Scope { Namespace, Class };

struct StatementToken
{
    const Token *token;
    int depth; // () and [] nesting inside the statement
};

using Statement = std::vector<StatementToken>;

bool isDeclKeyword(std::string_view word)
{
    static constexpr std::array<std::string_view, 28> words{
        {"const",  "volatile", "constexpr", "constinit", "consteval", "static",   "inline",
         "extern", "mutable",  "unsigned",  "signed",    "int",       "long",     "short",
         "char",   "double",   "float",     "bool",      "void",      "auto",     "thread_local",
         "struct", "class",    "union",     "enum",      "typename",  "register", "wchar_t"}};
    return std::find(words.begin(), words.end(), word) != words.end();
}

// Identifiers before '(' that are not a function's name.
bool isParenKeyword(std::string_view word)
{
    static constexpr std::array<std::string_view, 13> words{
        {"alignas", "decltype", "sizeof", "alignof", "noexcept", "__attribute__", "static_assert",
         "requires", "typeof", "__typeof__", "if", "while", "explicit"}};
    return std::find(words.begin(), words.end(), word) != words.end();
}

class ScopeChecker
{
public:
    ScopeChecker(std::vector<const Token *> tokens,
                 const std::string &file,
                 std::vector<LintFinding> &findings)
        : m_tokens(std::move(tokens))
        , m_file(file)
        , m_findings(findings)
    {}

    void run()
    {
        std::size_t i = 0;
        while (i < m_tokens.size()) {
            declarations(i, Scope::Namespace);
            // A '}' with no opening brace at file scope (unbalanced #if branches): skip it.
        }
        for (std::size_t k = 0; k < m_tokens.size(); ++k) {
            if (isIdent(*m_tokens[k], "thread_local")) {
                const Token *name = declaratorAfter(k);
                report(name != nullptr ? *name : *m_tokens[k],
                       "thread_local '" + std::string(name != nullptr ? name->text : "?")
                           + "' is mutable global state; keep state in the strategy object");
            }
        }
    }

private:
    [[nodiscard]] const Token &tok(std::size_t i) const { return *m_tokens[i]; }

    void report(const Token &at, std::string message)
    {
        m_findings.push_back(
            LintFinding{m_file, at.line, at.column, "mutable-global", std::move(message)});
    }

    // The declarator name of a declaration starting at `from`: the last identifier that is not
    // a keyword before the first top-level '=', '{', '(', '[', ',', ':' or ';'.
    [[nodiscard]] const Token *declaratorAfter(std::size_t from) const
    {
        const Token *name = nullptr;
        int angle = 0;
        for (std::size_t k = from; k < m_tokens.size(); ++k) {
            const Token &t = tok(k);
            if (isPunct(t, "<"))
                ++angle;
            else if (isPunct(t, ">"))
                --angle;
            if (angle <= 0
                && (isPunct(t, "=") || isPunct(t, "{") || isPunct(t, "(") || isPunct(t, "[")
                    || isPunct(t, ",") || isPunct(t, ";") || isPunct(t, ":") || isPunct(t, "}")))
                break;
            if (t.kind == TokenKind::Identifier && !isDeclKeyword(t.text))
                name = &t;
        }
        return name;
    }

    // Parses declarations up to and including the '}' that closes this scope.
    void declarations(std::size_t &i, Scope scope)
    {
        Statement statement;
        std::size_t bodyEnd = 0; // statement tokens before this index precede a class/enum body
        bool hadBody = false;
        int depth = 0;
        const auto reset = [&] {
            statement.clear();
            hadBody = false;
            bodyEnd = 0;
            depth = 0;
        };
        while (i < m_tokens.size()) {
            const Token &t = tok(i);
            if (isPunct(t, "}") && depth == 0) {
                ++i;
                return;
            }
            if (isPunct(t, "(") || isPunct(t, "[")) {
                statement.push_back({&t, depth});
                ++depth;
                ++i;
                continue;
            }
            if (isPunct(t, ")") || isPunct(t, "]")) {
                depth = std::max(0, depth - 1);
                statement.push_back({&t, depth});
                ++i;
                continue;
            }
            if (isPunct(t, ";") && depth == 0) {
                classify(statement, scope, hadBody ? bodyEnd : 0, hadBody);
                reset();
                ++i;
                continue;
            }
            if (scope == Scope::Class && isPunct(t, ":") && !statement.empty()
                && statement.size() <= 2) {
                const std::string_view first = statement.front().token->text;
                if (first == "public" || first == "private" || first == "protected") {
                    reset();
                    ++i;
                    continue;
                }
            }
            if (isPunct(t, "{")) {
                ++i;
                if (depth > 0) {
                    code(i); // a lambda or braced initializer inside parentheses
                    continue;
                }
                switch (blockKind(statement)) {
                case Block::Namespace:
                    declarations(i, Scope::Namespace);
                    reset();
                    break;
                case Block::Class:
                    declarations(i, Scope::Class);
                    hadBody = true;
                    bodyEnd = statement.size();
                    break;
                case Block::Enum:
                    code(i);
                    hadBody = true;
                    bodyEnd = statement.size();
                    break;
                case Block::Function:
                    code(i);
                    reset();
                    break;
                case Block::Initializer:
                    code(i);
                    break;
                }
                continue;
            }
            statement.push_back({&t, depth});
            ++i;
        }
    }

    // Function bodies, initializers, lambdas: only `static` declarations matter here.
    void code(std::size_t &i)
    {
        while (i < m_tokens.size()) {
            const Token &t = tok(i);
            ++i;
            if (isPunct(t, "}"))
                return;
            if (isPunct(t, "{")) {
                code(i);
                continue;
            }
            if (isIdent(t, "static"))
                staticLocal(i - 1);
        }
    }

    void staticLocal(std::size_t at)
    {
        Statement decl;
        std::size_t k = at;
        for (; k < m_tokens.size(); ++k) {
            const Token &t = tok(k);
            if (isPunct(t, "=") || isPunct(t, "{") || isPunct(t, "(") || isPunct(t, "[")
                || isPunct(t, ",") || isPunct(t, ";") || isPunct(t, "}"))
                break;
            decl.push_back({&t, 0});
        }
        if (k < m_tokens.size() && isPunct(tok(k), "(")
            && !startsInitializer(k + 1 < m_tokens.size() ? m_tokens[k + 1] : nullptr))
            return; // a static member function of a local class
        const Token *name = lastName(decl, decl.size());
        if (name == nullptr || containsWord(decl, "thread_local") || isConst(decl, decl.size()))
            return;
        report(*name, "static local '" + std::string(name->text)
                          + "' is mutable state shared by every instance and run; keep it in the "
                            "strategy object");
    }

    // Whether `next`, the token after a '(', starts an initializer (`Foo g(42)`) rather than a
    // parameter list (`Foo g(int)`).
    static bool startsInitializer(const Token *next)
    {
        if (next == nullptr)
            return false;
        if (next->kind == TokenKind::Number || next->kind == TokenKind::String
            || next->kind == TokenKind::Char)
            return true;
        if (next->kind == TokenKind::Identifier)
            return next->text == "nullptr" || next->text == "true" || next->text == "false"
                   || next->text == "this";
        return isPunct(*next, "-") || isPunct(*next, "+") || isPunct(*next, "!")
               || isPunct(*next, "~") || isPunct(*next, "{");
    }

    enum class Block { Namespace, Class, Enum, Function, Initializer };

    // Drops attributes, `template<...>` heads, `export` and `__extension__` from the front.
    static std::size_t skipPrefix(const Statement &s)
    {
        std::size_t k = 0;
        while (k < s.size()) {
            const Token &t = *s[k].token;
            if (isIdent(t, "export") || isIdent(t, "__extension__")) {
                ++k;
            } else if (isPunct(t, "[") && k + 1 < s.size() && isPunct(*s[k + 1].token, "[")) {
                const int depth = s[k].depth;
                ++k;
                while (k < s.size() && !(isPunct(*s[k].token, "]") && s[k].depth == depth))
                    ++k;
                ++k;
            } else if (isIdent(t, "template") && k + 1 < s.size()
                       && isPunct(*s[k + 1].token, "<")) {
                int angle = 0;
                ++k;
                for (; k < s.size(); ++k) {
                    if (s[k].depth != s[0].depth)
                        continue;
                    if (isPunct(*s[k].token, "<"))
                        ++angle;
                    else if (isPunct(*s[k].token, ">") && --angle == 0)
                        break;
                }
                ++k;
            } else {
                break;
            }
        }
        return k;
    }

    static bool containsWord(const Statement &s, std::string_view word, std::size_t from = 0)
    {
        for (std::size_t k = from; k < s.size(); ++k) {
            if (s[k].depth == 0 && isIdent(*s[k].token, word))
                return true;
        }
        return false;
    }

    static std::size_t findTopLevel(const Statement &s, std::string_view punct, std::size_t from)
    {
        for (std::size_t k = from; k < s.size(); ++k) {
            if (s[k].depth == 0 && isPunct(*s[k].token, punct))
                return k;
        }
        return s.size();
    }

    // Index of the '(' of a function's parameter list, or s.size().
    static std::size_t functionParen(const Statement &s, std::size_t from)
    {
        const std::size_t equals = findTopLevel(s, "=", from);
        for (std::size_t k = from + 1; k < equals; ++k) {
            if (s[k].depth != 0 || !isPunct(*s[k].token, "("))
                continue;
            const Token &before = *s[k - 1].token;
            const bool named = (before.kind == TokenKind::Identifier && !isParenKeyword(before.text)
                                && !isDeclKeyword(before.text))
                               || isPunct(before, ">");
            if (!named)
                continue;
            if (k + 1 < s.size()) {
                const Token &inner = *s[k + 1].token;
                if (isPunct(inner, "*") || isPunct(inner, "&") || isPunct(inner, "^"))
                    return s.size(); // (*name): a pointer to function, a variable
            }
            return startsInitializer(k + 1 < s.size() ? s[k + 1].token : nullptr) ? s.size() : k;
        }
        return s.size();
    }

    [[nodiscard]] Block blockKind(const Statement &s) const
    {
        const std::size_t k = skipPrefix(s);
        if (k >= s.size())
            return Block::Initializer;
        const Token &first = *s[k].token;
        if (isIdent(first, "namespace")
            || (isIdent(first, "inline") && k + 1 < s.size()
                && isIdent(*s[k + 1].token, "namespace")))
            return Block::Namespace;
        if (isIdent(first, "extern") && k + 2 == s.size()
            && s[k + 1].token->kind == TokenKind::String)
            return Block::Namespace;
        if (containsWord(s, "operator", k) && findTopLevel(s, "=", k) > k)
            return Block::Function;
        std::size_t head = k;
        if (isIdent(first, "typedef"))
            ++head;
        if (head < s.size()) {
            const Token &key = *s[head].token;
            if (isIdent(key, "enum"))
                return Block::Enum;
            if ((isIdent(key, "class") || isIdent(key, "struct") || isIdent(key, "union"))
                && findTopLevel(s, "=", head) == s.size() && findTopLevel(s, "(", head) == s.size())
                return Block::Class;
        }
        if (findTopLevel(s, "=", k) < s.size())
            return Block::Initializer;
        const std::size_t paren = functionParen(s, k);
        if (paren == s.size())
            return Block::Initializer; // T name{...}
        // Constructor initializer list: `: m_a{1}` initializes a member; the body's '{' follows
        // a ')' or '}'.
        std::size_t close = paren + 1;
        while (close < s.size() && !(s[close].depth == 0 && isPunct(*s[close].token, ")")))
            ++close;
        if (findTopLevel(s, ":", close) < s.size()) {
            const Token &last = *s.back().token;
            if (last.kind == TokenKind::Identifier || isPunct(last, ">"))
                return Block::Initializer;
        }
        return Block::Function;
    }

    static const Token *lastName(const Statement &s, std::size_t end)
    {
        const Token *name = nullptr;
        int angle = 0;
        for (std::size_t k = 0; k < end; ++k) {
            const Token &t = *s[k].token;
            if (isPunct(t, "<"))
                ++angle;
            else if (isPunct(t, ">"))
                --angle;
            else if (angle <= 0 && s[k].depth == 0 && t.kind == TokenKind::Identifier
                     && !isDeclKeyword(t.text))
                name = &t;
        }
        return name;
    }

    // Whether the declared object itself is immutable, from the tokens before its name:
    // constexpr, or const applying to the object (after the last '*', if any).
    static bool isConst(const Statement &s, std::size_t end, int maxDepth = 0)
    {
        int angle = 0;
        bool constAfterStar = false;
        for (std::size_t k = 0; k < end; ++k) {
            const Token &t = *s[k].token;
            if (isPunct(t, "<")) {
                ++angle;
            } else if (isPunct(t, ">")) {
                --angle;
            } else if (angle <= 0 && s[k].depth <= maxDepth) {
                if (isIdent(t, "constexpr"))
                    return true;
                if (isPunct(t, "*"))
                    constAfterStar = false;
                else if (isIdent(t, "const"))
                    constAfterStar = true;
            }
        }
        return constAfterStar;
    }

    // The index where the declarator list starts being terminated: '=', '[', ',', ':' or '('.
    static std::size_t declaratorEnd(const Statement &s, std::size_t from)
    {
        int angle = 0;
        for (std::size_t k = from; k < s.size(); ++k) {
            const Token &t = *s[k].token;
            if (isPunct(t, "<"))
                ++angle;
            else if (isPunct(t, ">"))
                --angle;
            else if (angle <= 0 && s[k].depth == 0
                     && (isPunct(t, "=") || isPunct(t, "[") || isPunct(t, ",") || isPunct(t, ":")
                         || isPunct(t, "(")))
                return k;
        }
        return s.size();
    }

    void classify(const Statement &s, Scope scope, std::size_t bodyEnd, bool hadBody)
    {
        std::size_t k = skipPrefix(s);
        if (k >= s.size())
            return;
        const Token &first = *s[k].token;
        static constexpr std::array<std::string_view, 11> notVariables{
            {"using", "typedef", "namespace", "static_assert", "friend", "concept", "template",
             "public", "private", "protected", "requires"}};
        if (first.kind != TokenKind::Identifier
            || std::find(notVariables.begin(), notVariables.end(), first.text)
                   != notVariables.end())
            return;
        if (containsWord(s, "thread_local"))
            return; // reported on its own
        if (isIdent(first, "extern") && k + 1 < s.size()
            && s[k + 1].token->kind == TokenKind::String)
            k += 2;
        Statement decl(s.begin() + static_cast<std::ptrdiff_t>(k), s.end());
        if (hadBody) {
            // struct S {...} s; — the declarators follow the body.
            const std::size_t body = bodyEnd - k;
            const std::size_t end = declaratorEnd(decl, body);
            const Token *name = nullptr;
            for (std::size_t j = body; j < end; ++j) {
                if (decl[j].depth == 0 && decl[j].token->kind == TokenKind::Identifier
                    && !isDeclKeyword(decl[j].token->text))
                    name = decl[j].token;
            }
            if (name != nullptr)
                checkVariable(decl, end, *name, scope);
            return;
        }
        if (isIdent(first, "class") || isIdent(first, "struct") || isIdent(first, "union")
            || isIdent(first, "enum")) {
            // A forward declaration names one (qualified) type: `class Foo;`, `enum class E :
            // int;`.
            std::size_t j = 1;
            if (j < decl.size()
                && (isIdent(*decl[j].token, "class") || isIdent(*decl[j].token, "struct")))
                ++j;
            int names = 0;
            for (; j < decl.size() && !isPunct(*decl[j].token, ":"); ++j) {
                if (decl[j].token->kind == TokenKind::Identifier
                    && !(j > 0 && isPunct(*decl[j - 1].token, "::")))
                    ++names;
            }
            if (names <= 1)
                return;
        }
        if (containsWord(decl, "operator"))
            return;
        if (functionParen(decl, 0) < decl.size())
            return;
        const std::size_t end = declaratorEnd(decl, 0);
        if (end < decl.size() && isPunct(*decl[end].token, "(") && end + 1 < decl.size()
            && (isPunct(*decl[end + 1].token, "*") || isPunct(*decl[end + 1].token, "&"))) {
            // void (*name)(int): a pointer (or reference) to function, named inside the parens.
            if (scope == Scope::Class && !containsWord(decl, "static"))
                return;
            for (std::size_t j = end + 1; j < decl.size() && decl[j].depth > 0; ++j) {
                const Token &t = *decl[j].token;
                if (t.kind == TokenKind::Identifier && !isDeclKeyword(t.text)) {
                    if (!isConst(decl, j, decl[end].depth + 1))
                        reportVariable(decl, j, t, scope);
                    return;
                }
            }
            return;
        }
        const Token *name = lastName(decl, end);
        if (name != nullptr)
            checkVariable(decl, end, *name, scope);
    }

    void checkVariable(const Statement &decl, std::size_t end, const Token &name, Scope scope)
    {
        const bool isStatic = containsWord(decl, "static");
        if (scope == Scope::Class && !isStatic)
            return; // an ordinary data member: per-object state
        std::size_t nameIndex = 0;
        while (nameIndex < end && decl[nameIndex].token != &name)
            ++nameIndex;
        if (isConst(decl, nameIndex))
            return;
        reportVariable(decl, nameIndex, name, scope);
    }

    void
    reportVariable(const Statement &decl, std::size_t nameIndex, const Token &name, Scope scope)
    {
        // `int Foo::count = 0;` defines a static data member outside its class.
        std::string qualified(name.text);
        for (std::size_t j = nameIndex; j >= 2 && isPunct(*decl[j - 1].token, "::")
                                        && decl[j - 2].token->kind == TokenKind::Identifier;
             j -= 2)
            qualified.insert(0, std::string(decl[j - 2].token->text) + "::");
        const bool member = scope == Scope::Class || qualified != name.text;
        if (member)
            report(name, "static data member '" + qualified
                             + "' is mutable state shared by every instance; make it const or "
                               "constexpr, or a non-static member");
        else
            report(name, "namespace-scope variable '" + qualified
                             + "' is mutable; make it const or constexpr, or keep state in the "
                               "strategy object");
    }

    std::vector<const Token *> m_tokens;
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
    return allowedStandardHeaders;
}

std::vector<LintFinding> lintStrategySource(std::string_view source, const std::string &fileName)
{
    std::vector<LintFinding> findings;
    const std::vector<Token> tokens = Lexer(source, fileName, findings).run();
    Linter(tokens, fileName, findings).checkNames();
    std::vector<const Token *> code;
    code.reserve(tokens.size());
    for (const Token &token : tokens) {
        if (!token.directive)
            code.push_back(&token);
    }
    ScopeChecker(std::move(code), fileName, findings).run();
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
