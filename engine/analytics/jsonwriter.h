#pragma once

// A small, exact JSON writer: pretty-printed with a two-space indent, deterministic to the byte.
//
//     JsonWriter json;
//     json.beginObject();
//     json.key("total_return").value(3.070768282662284);
//     json.key("symbols").beginArray().value("SPY").value("TLT").endArray();
//     json.key("profit_factor").null();
//     json.endObject();
//     json.text();   // {\n  "total_return": 3.070768282662284,\n  "symbols": [\n    "SPY", ...
//
// Doubles are written in the shortest form that reads back to the same double (std::to_chars),
// so 0.1 is "0.1", 3.0 is "3" and 1e-7 is "1e-07"; -0.0 is written "0" and NaN or infinity as
// null (JSON has neither). Strings are escaped per RFC 8259: quote, backslash and control
// characters (\n, \t, ... or \u00XX), and a byte sequence that is not UTF-8 becomes U+FFFD, so
// the output is always valid JSON. Empty containers print as {} and []. The text has no trailing
// newline.
//
// Calls out of order (a value in an object without a key, endArray closing an object, a second
// top-level value) are bugs in the caller and throw JsonWriterMisuse.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace meridian::engine {

class JsonWriterMisuse : public std::logic_error
{
public:
    using std::logic_error::logic_error;
};

class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    // The name of the next member of the current object.
    JsonWriter &key(std::string_view name);

    JsonWriter &value(std::string_view text);
    // Without it a string literal would convert to bool rather than to string_view.
    JsonWriter &value(const char *text) { return value(std::string_view(text)); }
    JsonWriter &value(double number);
    JsonWriter &value(std::int64_t number);
    JsonWriter &value(std::uint64_t number);
    JsonWriter &value(bool flag);
    // Any other integer type (int, std::size_t, ...), exactly.
    // (enable_if rather than a requires-clause: Qt's moc cannot parse <concepts>.)
    template<class T,
             std::enable_if_t<
                 std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>,
                 int> = 0>
    JsonWriter &value(T number)
    {
        if constexpr (std::is_signed_v<T>)
            return value(static_cast<std::int64_t>(number));
        else
            return value(static_cast<std::uint64_t>(number));
    }
    JsonWriter &null();

    // The document so far; complete once the top-level value is closed.
    const std::string &text() const { return m_out; }
    bool isComplete() const { return m_complete; }

    // The JSON string literal of `text`, quotes included.
    static std::string quoted(std::string_view text);
    // The JSON number for `number` (shortest round trip), or "null" when it is not finite.
    static std::string number(double number);

private:
    enum class Container { Object, Array };
    struct Level
    {
        Container container;
        std::size_t members = 0;
    };

    void beginValue(const char *what);
    void endValue();
    void newLine(std::size_t depth);
    void open(Container container, char bracket);
    void close(Container container, char bracket);

    std::string m_out;
    std::vector<Level> m_levels;
    bool m_afterKey = false;
    bool m_complete = false;
};

} // namespace meridian::engine
