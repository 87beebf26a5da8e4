#pragma once

// What a strategy holds to read a feature: a handle from Context::subscribeFeature and the
// parameters it asked with. The features themselves live in engine/features.

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace meridian::engine {

// Parameter values by name ({{"period", 14}}); parameters not named take their defaults.
using FeatureParams = std::map<std::string, double, std::less<>>;

struct FeatureHandle
{
    std::uint32_t index = 0;
    auto operator<=>(const FeatureHandle &) const = default;
};

} // namespace meridian::engine
