#pragma once

// Result<T>: a value or an Error, for expected failures (bad input, missing data, a refused
// order). It follows the std::expected API (has_value, value, error, operator*, operator->) so
// that C++23 can alias it.
//
//     Result<Price> price = Price::parse("167.41");
//     if (!price)
//         return price.error();          // Error converts into any Result<U>
//     use(*price);

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace meridian::engine {

// What went wrong and where: "bars.csv:142: close: 'nan' is not a number".
class Error
{
public:
    Error() = default;
    explicit Error(std::string message)
        : m_message(std::move(message))
    {}

    const std::string &message() const { return m_message; }

    // Prefixes a location: Error("x is bad").withContext("file.csv:3") -> "file.csv:3: x is bad".
    [[nodiscard]] Error withContext(const std::string &where) const
    {
        return Error(where + ": " + m_message);
    }

    bool operator==(const Error &) const = default;

private:
    std::string m_message;
};

// Thrown by Result::value() on an error: a bug in the caller, never an expected failure.
class BadResultAccess : public std::logic_error
{
public:
    explicit BadResultAccess(const Error &error)
        : std::logic_error("Result holds an error: " + error.message())
    {}
};

// 'text' in single quotes, for error messages. (Appending rather than "'" + std::string(text)
// also keeps GCC 12's -Wrestrict false positive, bug 105329, out of optimised builds.)
inline std::string quoted(std::string_view text)
{
    std::string result;
    result.reserve(text.size() + 2);
    result += '\'';
    result.append(text);
    result += '\'';
    return result;
}

template<class T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() &
    {
        check();
        return std::get<0>(m_state);
    }
    const T &value() const &
    {
        check();
        return std::get<0>(m_state);
    }
    T &&value() &&
    {
        check();
        return std::get<0>(std::move(m_state));
    }
    T value_or(T fallback) const { return has_value() ? std::get<0>(m_state) : fallback; }

    const Error &error() const { return std::get<1>(m_state); }

    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

private:
    void check() const
    {
        if (!has_value())
            throw BadResultAccess(std::get<1>(m_state));
    }

    std::variant<T, Error> m_state;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {}

    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }
    void value() const
    {
        if (m_failed)
            throw BadResultAccess(m_error);
    }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace meridian::engine
