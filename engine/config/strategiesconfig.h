#pragma once

// The strategies section of a run configuration (see configloader.h): the strategy list, inline
// or in an included strategies file, params checked against the registered schemas, and risk
// limits with the defaults of a risk limits file. Internal to the config loader.

#include "engine/config/configloader.h"
#include "engine/config/engineconfig.h"
#include "engine/config/yamlreader.h"
#include "engine/sdk/parameters.h"
#include "engine/sdk/strategyregistry.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace meridian::engine::detail {

// Risk limits as written in one place (a strategy or the risk limits file's defaults).
struct PartialRiskLimits
{
    std::optional<double> maxPositionSize;
    std::optional<double> maxLeverage;
    std::optional<double> maxDailyLoss;
    std::optional<double> maxDrawdown;
    std::optional<bool> flattenOnBreach;
    std::optional<Quantity> maxPositionQuantity;
    std::optional<Quantity> maxOrderQuantity;
    std::optional<Money> maxOrderNotional;
    std::optional<double> priceCollar;
    std::optional<std::uint32_t> maxOrdersPerDay;
    std::optional<std::vector<std::string>> allowedSymbols;
    std::optional<std::vector<std::string>> deniedSymbols;
    std::optional<bool> allowShort;

    // Sets every limit written here; the others keep their value.
    void applyTo(RiskLimits &limits) const;
};

// Where the strategy list came from and which symbol items each strategy wrote, for the checks
// that need the whole configuration.
struct StrategyItems
{
    std::optional<Item> name;
    std::vector<std::pair<Item, std::string>> symbols; // each valid symbol with its item
};

// Reads the `strategies` and `risk_limits_file` keys; the loader derives from it for the rest.
class StrategiesReader : public YamlReader
{
protected:
    StrategiesReader(const StrategyRegistry &registry,
                     const ConfigLoader::EnvironmentLookup &environment)
        : YamlReader(environment)
        , m_registry(registry)
    {}

    PartialRiskLimits parseRiskLimitsFile(const Item &item);
    void parseStrategies(const Item &item, const PartialRiskLimits &riskDefaults);

    std::vector<StrategyConfig> m_strategies;   // in file order, disabled ones included
    std::vector<StrategyItems> m_strategyItems; // one per strategy in m_strategies

private:
    PartialRiskLimits parseRiskLimits(const Item &item);
    void parseStrategy(const Item &item, const PartialRiskLimits &riskDefaults);
    std::string unknownStrategy(const std::string &name) const;
    void parseParams(const Item &item, const StrategyInfo *info, Parameters &params);

    const StrategyRegistry &m_registry;
};

} // namespace meridian::engine::detail
