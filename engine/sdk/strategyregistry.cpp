#include "engine/sdk/strategyregistry.h"

#include <algorithm>

namespace meridian::engine {

Result<void> StrategyRegistry::add(StrategyInfo info)
{
    if (info.name.empty())
        return Error("a strategy needs a name");
    if (!info.create)
        return Error("strategy '" + info.name + "' has no factory");
    if (const StrategyInfo *existing = find(info.name))
        return Error("strategy '" + info.name + "' is already registered (by " + existing->origin
                     + ")");
    m_strategies.push_back(std::move(info));
    return {};
}

const StrategyInfo *StrategyRegistry::find(std::string_view name) const
{
    const auto it = std::find_if(m_strategies.begin(), m_strategies.end(),
                                 [name](const StrategyInfo &info) { return info.name == name; });
    return it == m_strategies.end() ? nullptr : &*it;
}

std::vector<std::string> StrategyRegistry::names() const
{
    std::vector<std::string> names;
    names.reserve(m_strategies.size());
    for (const StrategyInfo &info : m_strategies)
        names.push_back(info.name);
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace meridian::engine
