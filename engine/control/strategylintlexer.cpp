#include "engine/control/strategylintlexer.h"

#include <algorithm>
#include <utility>

namespace meridian::engine::detail {

static_assert(std::is_sorted(allowedStandardHeaders.begin(), allowedStandardHeaders.end()));

namespace {

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

} // namespace

std::vector<Token> Lexer::run()
{
    while (m_pos < m_source.size())
        step();
    return std::move(m_tokens);
}

void Lexer::newline(std::size_t newlinePos)
{
    ++m_line;
    m_lineStart = newlinePos + 1;
}

// Consumes a backslash-newline (line splice) at m_pos, if there is one.
bool Lexer::splice()
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

void Lexer::step()
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

void Lexer::emit(TokenKind kind, std::size_t start, std::size_t length, int line, int col)
{
    m_tokens.push_back(Token{kind, m_source.substr(start, length), line == 0 ? m_line : line,
                             col == 0 ? column(start) : col, m_inDirective});
}

void Lexer::identifierOrLiteral()
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

void Lexer::number()
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
void Lexer::quoted(std::size_t start, char delimiter)
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
    emit(delimiter == '"' ? TokenKind::String : TokenKind::Char, start, m_pos - start, line, col);
}

void Lexer::rawString(std::size_t start)
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
    const std::string terminator = std::string(1, ')').append(delimiter).append(1, '"');
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

void Lexer::skipBlanks()
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

void Lexer::directive()
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

void Lexer::report(int line, int col, std::string message)
{
    m_findings.push_back(LintFinding{m_file, line, col, "include", std::move(message)});
}

} // namespace meridian::engine::detail
