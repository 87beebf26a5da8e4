#include "engine/control/strategylintscope.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace meridian::engine::detail {

namespace {

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

} // namespace

void ScopeChecker::run()
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

void ScopeChecker::report(const Token &at, std::string message)
{
    m_findings.push_back(
        LintFinding{m_file, at.line, at.column, "mutable-global", std::move(message)});
}

// The declarator name of a declaration starting at `from`: the last identifier that is not
// a keyword before the first top-level '=', '{', '(', '[', ',', ':' or ';'.
const Token *ScopeChecker::declaratorAfter(std::size_t from) const
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
void ScopeChecker::declarations(std::size_t &i, Scope scope)
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
void ScopeChecker::code(std::size_t &i)
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

void ScopeChecker::staticLocal(std::size_t at)
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
bool ScopeChecker::startsInitializer(const Token *next)
{
    if (next == nullptr)
        return false;
    if (next->kind == TokenKind::Number || next->kind == TokenKind::String
        || next->kind == TokenKind::Char)
        return true;
    if (next->kind == TokenKind::Identifier)
        return next->text == "nullptr" || next->text == "true" || next->text == "false"
               || next->text == "this";
    return isPunct(*next, "-") || isPunct(*next, "+") || isPunct(*next, "!") || isPunct(*next, "~")
           || isPunct(*next, "{");
}

// Drops attributes, `template<...>` heads, `export` and `__extension__` from the front.
std::size_t ScopeChecker::skipPrefix(const Statement &s)
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
        } else if (isIdent(t, "template") && k + 1 < s.size() && isPunct(*s[k + 1].token, "<")) {
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

bool ScopeChecker::containsWord(const Statement &s, std::string_view word, std::size_t from)
{
    for (std::size_t k = from; k < s.size(); ++k) {
        if (s[k].depth == 0 && isIdent(*s[k].token, word))
            return true;
    }
    return false;
}

std::size_t ScopeChecker::findTopLevel(const Statement &s, std::string_view punct, std::size_t from)
{
    for (std::size_t k = from; k < s.size(); ++k) {
        if (s[k].depth == 0 && isPunct(*s[k].token, punct))
            return k;
    }
    return s.size();
}

// Index of the '(' of a function's parameter list, or s.size().
std::size_t ScopeChecker::functionParen(const Statement &s, std::size_t from)
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

ScopeChecker::Block ScopeChecker::blockKind(const Statement &s) const
{
    const std::size_t k = skipPrefix(s);
    if (k >= s.size())
        return Block::Initializer;
    const Token &first = *s[k].token;
    if (isIdent(first, "namespace")
        || (isIdent(first, "inline") && k + 1 < s.size() && isIdent(*s[k + 1].token, "namespace")))
        return Block::Namespace;
    if (isIdent(first, "extern") && k + 2 == s.size() && s[k + 1].token->kind == TokenKind::String)
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

const Token *ScopeChecker::lastName(const Statement &s, std::size_t end)
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
bool ScopeChecker::isConst(const Statement &s, std::size_t end, int maxDepth)
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
std::size_t ScopeChecker::declaratorEnd(const Statement &s, std::size_t from)
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

void ScopeChecker::classify(const Statement &s, Scope scope, std::size_t bodyEnd, bool hadBody)
{
    std::size_t k = skipPrefix(s);
    if (k >= s.size())
        return;
    const Token &first = *s[k].token;
    static constexpr std::array<std::string_view, 11> notVariables{
        {"using", "typedef", "namespace", "static_assert", "friend", "concept", "template",
         "public", "private", "protected", "requires"}};
    if (first.kind != TokenKind::Identifier
        || std::find(notVariables.begin(), notVariables.end(), first.text) != notVariables.end())
        return;
    if (containsWord(s, "thread_local"))
        return; // reported on its own
    if (isIdent(first, "extern") && k + 1 < s.size() && s[k + 1].token->kind == TokenKind::String)
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

void ScopeChecker::checkVariable(const Statement &decl,
                                 std::size_t end,
                                 const Token &name,
                                 Scope scope)
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

void ScopeChecker::reportVariable(const Statement &decl,
                                  std::size_t nameIndex,
                                  const Token &name,
                                  Scope scope)
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

} // namespace meridian::engine::detail
