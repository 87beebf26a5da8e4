#include "engine/core/symbol.h"

#include <algorithm>

namespace meridian::engine {

Result<Symbol> Symbol::parse(std::string_view text)
{
    if (text.empty())
        return Error("empty symbol");
    if (text.size() > maxLength)
        return Error("symbol " + quoted(text) + " is longer than 15 characters");
    const auto allowed = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/';
    };
    if (!std::all_of(text.begin(), text.end(), allowed))
        return Error("symbol " + quoted(text)
                     + " may hold only upper-case letters, digits and '.', '-', '/'");
    Symbol symbol;
    std::copy(text.begin(), text.end(), symbol.m_chars.begin());
    symbol.m_length = static_cast<std::uint8_t>(text.size());
    return symbol;
}

InstrumentId InstrumentTable::add(Symbol symbol)
{
    if (const auto existing = find(symbol))
        return *existing;
    m_symbols.push_back(symbol);
    return InstrumentId(static_cast<std::uint32_t>(m_symbols.size()));
}

std::optional<InstrumentId> InstrumentTable::find(Symbol symbol) const
{
    return find(symbol.view());
}

std::optional<InstrumentId> InstrumentTable::find(std::string_view symbol) const
{
    const auto it = std::find_if(m_symbols.begin(), m_symbols.end(), [symbol](const Symbol &s) {
        return s.view() == symbol;
    });
    if (it == m_symbols.end())
        return std::nullopt;
    return InstrumentId(static_cast<std::uint32_t>(it - m_symbols.begin() + 1));
}

} // namespace meridian::engine
