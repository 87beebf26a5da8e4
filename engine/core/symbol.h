#pragma once

// Symbol: a ticker held inline (no allocation, trivially copyable), and InstrumentTable, which
// maps symbols to the dense InstrumentIds that events carry.
//
//     InstrumentTable instruments;
//     InstrumentId spy = instruments.add(*Symbol::parse("SPY"));
//     instruments.symbol(spy).view();   // "SPY"

#include "engine/core/ids.h"
#include "engine/core/result.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

class Symbol
{
public:
    static constexpr std::size_t maxLength = 15;

    constexpr Symbol() = default;
    // Upper-case letters, digits and ".-/" ("BRK.B", "BTC/USD"), 1 to 15 characters.
    static Result<Symbol> parse(std::string_view text);

    std::string_view view() const { return std::string_view(m_chars.data(), m_length); }
    std::string toString() const { return std::string(view()); }
    bool isEmpty() const { return m_length == 0; }

    bool operator==(const Symbol &other) const { return view() == other.view(); }
    auto operator<=>(const Symbol &other) const { return view() <=> other.view(); }

private:
    std::array<char, maxLength> m_chars{};
    std::uint8_t m_length = 0;
};

class InstrumentTable
{
public:
    // Returns the existing id if the symbol is already known.
    InstrumentId add(Symbol symbol);
    std::optional<InstrumentId> find(Symbol symbol) const;
    std::optional<InstrumentId> find(std::string_view symbol) const;
    // The id must come from this table.
    const Symbol &symbol(InstrumentId id) const { return m_symbols[id.value() - 1]; }
    std::size_t size() const { return m_symbols.size(); }

private:
    std::vector<Symbol> m_symbols;
};

} // namespace meridian::engine
