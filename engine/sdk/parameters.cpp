#include "engine/sdk/parameters.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace meridian::engine {

namespace {

std::string formatBound(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string rangeText(const ParamSpec &spec)
{
    if (!spec.minimum && !spec.maximum)
        return {};
    return " in [" + (spec.minimum ? formatBound(*spec.minimum) : std::string("-inf")) + ", "
           + (spec.maximum ? formatBound(*spec.maximum) : std::string("inf")) + "]";
}

} // namespace

std::string_view toString(ParamType type)
{
    switch (type) {
    case ParamType::Integer:
        return "integer";
    case ParamType::Number:
        return "number";
    case ParamType::Boolean:
        return "boolean";
    case ParamType::Text:
        return "text";
    }
    return "?";
}

std::string formatParamValue(const ParamValue &value)
{
    if (const auto *i = std::get_if<std::int64_t>(&value))
        return std::to_string(*i);
    if (const auto *d = std::get_if<double>(&value))
        return formatBound(*d);
    if (const auto *b = std::get_if<bool>(&value))
        return *b ? "true" : "false";
    return "'" + std::get<std::string>(value) + "'";
}

ParameterSchema &ParameterSchema::integer(std::string name, std::int64_t defaultValue,
                                          std::int64_t minimum, std::int64_t maximum,
                                          std::string description)
{
    m_specs.push_back(ParamSpec{std::move(name), ParamType::Integer, defaultValue,
                                static_cast<double>(minimum), static_cast<double>(maximum),
                                std::move(description)});
    return *this;
}

ParameterSchema &ParameterSchema::number(std::string name, double defaultValue, double minimum,
                                         double maximum, std::string description)
{
    m_specs.push_back(ParamSpec{std::move(name), ParamType::Number, defaultValue, minimum, maximum,
                                std::move(description)});
    return *this;
}

ParameterSchema &ParameterSchema::boolean(std::string name, bool defaultValue, std::string description)
{
    m_specs.push_back(ParamSpec{std::move(name), ParamType::Boolean, defaultValue, std::nullopt,
                                std::nullopt, std::move(description)});
    return *this;
}

ParameterSchema &ParameterSchema::text(std::string name, std::string defaultValue, std::string description)
{
    m_specs.push_back(ParamSpec{std::move(name), ParamType::Text, std::move(defaultValue),
                                std::nullopt, std::nullopt, std::move(description)});
    return *this;
}

const ParamSpec *ParameterSchema::find(std::string_view name) const
{
    for (const ParamSpec &spec : m_specs) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

Result<ParamValue> ParameterSchema::check(const ParamSpec &spec, const ParamValue &value) const
{
    const auto expected = [&spec]() {
        return Error("expected " + std::string(spec.type == ParamType::Integer ? "an " : "a ")
                     + std::string(toString(spec.type)) + rangeText(spec));
    };
    const auto inRange = [&spec](double v) {
        return (!spec.minimum || v >= *spec.minimum) && (!spec.maximum || v <= *spec.maximum);
    };
    switch (spec.type) {
    case ParamType::Integer:
        if (const auto *i = std::get_if<std::int64_t>(&value)) {
            if (inRange(static_cast<double>(*i)))
                return value;
        }
        break;
    case ParamType::Number: {
        double v = NAN;
        if (const auto *i = std::get_if<std::int64_t>(&value))
            v = static_cast<double>(*i);
        else if (const auto *d = std::get_if<double>(&value))
            v = *d;
        if (std::isfinite(v) && inRange(v))
            return ParamValue(v);
        break;
    }
    case ParamType::Boolean:
        if (std::holds_alternative<bool>(value))
            return value;
        break;
    case ParamType::Text:
        if (std::holds_alternative<std::string>(value))
            return value;
        break;
    }
    return Error(expected().message() + ", got " + formatParamValue(value));
}

Parameters Parameters::defaults(const ParameterSchema &schema)
{
    Parameters parameters;
    for (const ParamSpec &spec : schema.specs())
        parameters.set(spec.name, spec.defaultValue);
    return parameters;
}

const ParamValue &Parameters::get(const std::string &name) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end())
        throw std::logic_error("strategy parameter '" + name + "' is not declared in its schema");
    return it->second;
}

std::int64_t Parameters::integer(const std::string &name) const
{
    if (const auto *i = std::get_if<std::int64_t>(&get(name)))
        return *i;
    throw std::logic_error("strategy parameter '" + name + "' is not an integer");
}

double Parameters::number(const std::string &name) const
{
    const ParamValue &value = get(name);
    if (const auto *d = std::get_if<double>(&value))
        return *d;
    if (const auto *i = std::get_if<std::int64_t>(&value))
        return static_cast<double>(*i);
    throw std::logic_error("strategy parameter '" + name + "' is not a number");
}

bool Parameters::boolean(const std::string &name) const
{
    if (const auto *b = std::get_if<bool>(&get(name)))
        return *b;
    throw std::logic_error("strategy parameter '" + name + "' is not a boolean");
}

const std::string &Parameters::text(const std::string &name) const
{
    if (const auto *s = std::get_if<std::string>(&get(name)))
        return *s;
    throw std::logic_error("strategy parameter '" + name + "' is not text");
}

} // namespace meridian::engine
