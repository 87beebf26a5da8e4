#pragma once

// A strategy's parameters: the schema it declares (name, type, default, range, description) and
// the validated values it receives. The config loader validates YAML `params` against the schema
// (unknown names, types, ranges); the strategy reads values by name.
//
//     ParameterSchema schema;
//     schema.integer("fast", 10, 1, 1000, "fast SMA length in bars")
//           .number("target_percent", 1.0, 0.0, 1.0, "fraction of equity to hold");
//     Parameters p = Parameters::defaults(schema);
//     p.integer("fast");   // 10

#include "engine/core/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace meridian::engine {

enum class ParamType { Integer, Number, Boolean, Text };
std::string_view toString(ParamType type);

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;
std::string formatParamValue(const ParamValue &value);

struct ParamSpec
{
    std::string name;
    ParamType type = ParamType::Integer;
    ParamValue defaultValue;
    std::optional<double> minimum; // inclusive, for Integer and Number
    std::optional<double> maximum; // inclusive
    std::string description;
};

class ParameterSchema
{
public:
    ParameterSchema &integer(std::string name, std::int64_t defaultValue, std::int64_t minimum,
                             std::int64_t maximum, std::string description);
    ParameterSchema &number(std::string name, double defaultValue, double minimum, double maximum,
                            std::string description);
    ParameterSchema &boolean(std::string name, bool defaultValue, std::string description);
    ParameterSchema &text(std::string name, std::string defaultValue, std::string description);

    const std::vector<ParamSpec> &specs() const { return m_specs; }
    const ParamSpec *find(std::string_view name) const;
    // Checks type and range; an Integer value is accepted for a Number parameter. The error
    // names the expectation ("expected an integer in [1, 1000], got 0").
    Result<ParamValue> check(const ParamSpec &spec, const ParamValue &value) const;

private:
    std::vector<ParamSpec> m_specs;
};

class Parameters
{
public:
    static Parameters defaults(const ParameterSchema &schema);

    void set(const std::string &name, ParamValue value) { m_values[name] = std::move(value); }
    bool contains(const std::string &name) const { return m_values.count(name) != 0; }
    // Typed reads; a missing name or wrong type is a bug in the strategy (std::logic_error).
    std::int64_t integer(const std::string &name) const;
    double number(const std::string &name) const; // also reads an Integer parameter
    bool boolean(const std::string &name) const;
    const std::string &text(const std::string &name) const;
    const std::map<std::string, ParamValue> &values() const { return m_values; }

private:
    const ParamValue &get(const std::string &name) const;
    std::map<std::string, ParamValue> m_values;
};

} // namespace meridian::engine
