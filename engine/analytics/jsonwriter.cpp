#include "engine/analytics/jsonwriter.h"

#include <array>
#include <charconv>
#include <cmath>

namespace meridian::engine {

namespace {

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 if the bytes there are not one.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t at) {
        return static_cast<unsigned char>(text[at]);
    };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char secondMin = 0x80;
    unsigned char secondMax = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            secondMin = 0xA0;
        if (lead == 0xED)
            secondMax = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            secondMin = 0x90;
        if (lead == 0xF4)
            secondMax = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    if (byte(i + 1) < secondMin || byte(i + 1) > secondMax)
        return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    }
    return length;
}

void appendQuoted(std::string &out, std::string_view text)
{
    static constexpr std::string_view hex = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8SequenceLength(text, i);
            if (length == 0) {
                out += "\\ufffd";
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
        ++i;
    }
    out += '"';
}

} // namespace

std::string JsonWriter::quoted(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    appendQuoted(out, text);
    return out;
}

std::string JsonWriter::number(double number)
{
    if (!std::isfinite(number))
        return "null";
    // The sign of a zero means nothing in a report, and many readers drop it anyway.
    if (number == 0.0)
        return "0";
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    if (error != std::errc())
        throw JsonWriterMisuse("JsonWriter: cannot format a double");
    return std::string(buffer.data(), end);
}

void JsonWriter::newLine(std::size_t depth)
{
    m_out += '\n';
    m_out.append(depth * 2, ' ');
}

void JsonWriter::beginValue(const char *what)
{
    if (m_levels.empty()) {
        if (m_complete)
            throw JsonWriterMisuse(std::string("JsonWriter: ") + what
                                   + " after the complete top-level value");
        return;
    }
    Level &level = m_levels.back();
    if (level.container == Container::Object) {
        if (!m_afterKey)
            throw JsonWriterMisuse(std::string("JsonWriter: ") + what
                                   + " inside an object without a key");
        m_afterKey = false;
        return;
    }
    if (level.members > 0)
        m_out += ',';
    ++level.members;
    newLine(m_levels.size());
}

void JsonWriter::endValue()
{
    if (m_levels.empty())
        m_complete = true;
}

void JsonWriter::open(Container container, char bracket)
{
    beginValue(container == Container::Object ? "beginObject" : "beginArray");
    m_out += bracket;
    m_levels.push_back(Level{container});
}

void JsonWriter::close(Container container, char bracket)
{
    const char *what = container == Container::Object ? "endObject" : "endArray";
    if (m_levels.empty() || m_levels.back().container != container)
        throw JsonWriterMisuse(std::string("JsonWriter: ") + what + " with no open "
                               + (container == Container::Object ? "object" : "array"));
    if (m_afterKey)
        throw JsonWriterMisuse(std::string("JsonWriter: ") + what + " right after a key");
    const bool empty = m_levels.back().members == 0;
    m_levels.pop_back();
    if (!empty)
        newLine(m_levels.size());
    m_out += bracket;
    endValue();
}

JsonWriter &JsonWriter::beginObject()
{
    open(Container::Object, '{');
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    close(Container::Object, '}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    open(Container::Array, '[');
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    close(Container::Array, ']');
    return *this;
}

JsonWriter &JsonWriter::key(std::string_view name)
{
    if (m_levels.empty() || m_levels.back().container != Container::Object)
        throw JsonWriterMisuse("JsonWriter: key '" + std::string(name) + "' outside an object");
    if (m_afterKey)
        throw JsonWriterMisuse("JsonWriter: key '" + std::string(name)
                               + "' right after another key");
    Level &level = m_levels.back();
    if (level.members > 0)
        m_out += ',';
    ++level.members;
    newLine(m_levels.size());
    appendQuoted(m_out, name);
    m_out += ": ";
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view text)
{
    beginValue("a string");
    appendQuoted(m_out, text);
    endValue();
    return *this;
}

JsonWriter &JsonWriter::value(double number)
{
    beginValue("a number");
    m_out += JsonWriter::number(number);
    endValue();
    return *this;
}

namespace {
template<class Integer>
void appendInteger(std::string &out, Integer number)
{
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    out.append(buffer.data(), result.ptr);
}
} // namespace

JsonWriter &JsonWriter::value(std::int64_t number)
{
    beginValue("a number");
    appendInteger(m_out, number);
    endValue();
    return *this;
}

JsonWriter &JsonWriter::value(std::uint64_t number)
{
    beginValue("a number");
    appendInteger(m_out, number);
    endValue();
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    beginValue("a boolean");
    m_out += flag ? "true" : "false";
    endValue();
    return *this;
}

JsonWriter &JsonWriter::null()
{
    beginValue("null");
    m_out += "null";
    endValue();
    return *this;
}

} // namespace meridian::engine
