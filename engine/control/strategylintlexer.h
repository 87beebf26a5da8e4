#pragma once

// The strategy lint's tokenizer (see strategylint.h): splits strategy source into tokens, drops
// comments, keeps literals whole and checks #include lines as it goes. Internal to the lint.

#include "engine/control/strategylint.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine::detail {

// Pure standard headers: no clocks, streams, files, threads or locale. Kept sorted.
inline constexpr std::array<std::string_view, 43> allowedStandardHeaders{{
    "algorithm",   "array",         "bit",           "bitset",  "cassert",     "cfloat",
    "charconv",    "cinttypes",     "climits",       "cmath",   "compare",     "complex",
    "concepts",    "cstddef",       "cstdint",       "deque",   "functional",  "initializer_list",
    "iterator",    "limits",        "list",          "map",     "memory",      "numbers",
    "numeric",     "optional",      "queue",         "ranges",  "ratio",       "set",
    "span",        "stack",         "stdexcept",     "string",  "string_view", "tuple",
    "type_traits", "unordered_map", "unordered_set", "utility", "valarray",    "variant",
    "vector",
}};

enum class TokenKind { Identifier, Number, String, Char, Punct };

struct Token
{
    TokenKind kind = TokenKind::Punct;
    std::string_view text;
    int line = 0;
    int column = 0;
    bool directive = false; // part of a preprocessor line, not of the code's structure
};

inline bool isPunct(const Token &token, std::string_view text)
{
    return token.kind == TokenKind::Punct && token.text == text;
}

inline bool isIdent(const Token &token, std::string_view text)
{
    return token.kind == TokenKind::Identifier && token.text == text;
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

    std::vector<Token> run();

private:
    [[nodiscard]] char at(std::size_t pos) const
    {
        return pos < m_source.size() ? m_source[pos] : '\0';
    }
    [[nodiscard]] int column(std::size_t pos) const
    {
        return static_cast<int>(pos - m_lineStart) + 1;
    }

    void newline(std::size_t newlinePos);
    bool splice();
    void step();
    void emit(TokenKind kind, std::size_t start, std::size_t length, int line = 0, int col = 0);
    void identifierOrLiteral();
    void number();
    void quoted(std::size_t start, char delimiter);
    void rawString(std::size_t start);
    void skipBlanks();
    void directive();
    void report(int line, int col, std::string message);

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

} // namespace meridian::engine::detail
