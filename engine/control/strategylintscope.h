#pragma once

// The strategy lint's mutable-global rule (see strategylint.h): follows namespace, class and
// function scopes over the lexer's tokens and reports mutable namespace-scope variables, static
// data members, static locals and thread_local. Internal to the lint.

#include "engine/control/strategylint.h"
#include "engine/control/strategylintlexer.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meridian::engine::detail {

enum class Scope { Namespace, Class };

struct StatementToken
{
    const Token *token;
    int depth; // () and [] nesting inside the statement
};

using Statement = std::vector<StatementToken>;

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

    void run();

private:
    enum class Block { Namespace, Class, Enum, Function, Initializer };

    [[nodiscard]] const Token &tok(std::size_t i) const { return *m_tokens[i]; }

    void report(const Token &at, std::string message);
    [[nodiscard]] const Token *declaratorAfter(std::size_t from) const;
    void declarations(std::size_t &i, Scope scope);
    void code(std::size_t &i);
    void staticLocal(std::size_t at);
    [[nodiscard]] Block blockKind(const Statement &s) const;
    void classify(const Statement &s, Scope scope, std::size_t bodyEnd, bool hadBody);
    void checkVariable(const Statement &decl, std::size_t end, const Token &name, Scope scope);
    void
    reportVariable(const Statement &decl, std::size_t nameIndex, const Token &name, Scope scope);

    static bool startsInitializer(const Token *next);
    static std::size_t skipPrefix(const Statement &s);
    static bool containsWord(const Statement &s, std::string_view word, std::size_t from = 0);
    static std::size_t findTopLevel(const Statement &s, std::string_view punct, std::size_t from);
    static std::size_t functionParen(const Statement &s, std::size_t from);
    static const Token *lastName(const Statement &s, std::size_t end);
    static bool isConst(const Statement &s, std::size_t end, int maxDepth = 0);
    static std::size_t declaratorEnd(const Statement &s, std::size_t from);

    std::vector<const Token *> m_tokens;
    const std::string &m_file;
    std::vector<LintFinding> &m_findings;
};

} // namespace meridian::engine::detail
