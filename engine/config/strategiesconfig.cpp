#include "engine/config/strategiesconfig.h"

#include "engine/config/suggestion.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace meridian::engine::detail {

namespace {

bool isInstanceName(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return c == '_' || c == '-' || c == '.' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
               || (c >= '0' && c <= '9');
    });
}

const std::initializer_list<std::string_view> strategyKeys
    = {"name", "strategy", "enabled", "capital", "symbols", "params", "risk_limits"};
const std::initializer_list<std::string_view> riskLimitKeys
    = {"max_position_size",  "max_leverage",       "max_daily_loss",    "max_drawdown",
       "flatten_on_breach",  "max_position_quantity", "max_order_quantity", "max_order_notional",
       "price_collar",       "max_orders_per_day", "allowed_symbols",   "denied_symbols",
       "allow_short"};

const Range positionSizeRange{0, true, 1e3, false};
const Range leverageRange{0, true, 100, false};
const Range dailyLossRange{0, true, 1, false};

// The YAML text as the schema type expects it; text that does not convert is passed on as
// text so that ParameterSchema::check names what it got.
ParamValue paramValue(const ParamSpec &spec, const std::string &text)
{
    switch (spec.type) {
    case ParamType::Integer:
    case ParamType::Number:
        if (const auto i = parseInteger(text))
            return *i;
        if (const auto d = parseNumber(text)) {
            // "1e3" or "10.0" for an integer parameter: accept when the value is whole.
            if (spec.type == ParamType::Integer && std::trunc(*d) == *d && std::fabs(*d) < 9.0e15)
                return static_cast<std::int64_t>(*d);
            return *d;
        }
        return text;
    case ParamType::Boolean:
        if (const auto b = parseBoolean(text))
            return *b;
        return text;
    case ParamType::Text:
        return text;
    }
    return text;
}

} // namespace

PartialRiskLimits StrategiesReader::parseRiskLimitsFile(const Item &item)
{
    const auto root = include(item, "risk limits file");
    if (!root)
        return {};
    const auto view = map(*root, {{"defaults"}});
    if (!view)
        return {};
    if (const Item *defaults = view->find("defaults"))
        return parseRiskLimits(*defaults);
    report(*root, "missing required key 'defaults'");
    return {};
}

PartialRiskLimits StrategiesReader::parseRiskLimits(const Item &item)
{
    PartialRiskLimits limits;
    const auto view = map(item, riskLimitKeys);
    if (!view)
        return limits;
    if (const Item *size = view->find("max_position_size"))
        limits.maxPositionSize = number(*size, positionSizeRange);
    if (const Item *leverage = view->find("max_leverage"))
        limits.maxLeverage = number(*leverage, leverageRange);
    if (const Item *loss = view->find("max_daily_loss"))
        limits.maxDailyLoss = number(*loss, dailyLossRange);
    if (const Item *drawdown = view->find("max_drawdown"))
        limits.maxDrawdown = number(*drawdown, dailyLossRange);
    if (const Item *shorts = view->find("allow_short"))
        limits.allowShort = boolean(*shorts);
    if (const Item *flatten = view->find("flatten_on_breach"))
        limits.flattenOnBreach = boolean(*flatten);
    const auto units = [&](const char *key) -> std::optional<Quantity> {
        const Item *found = view->find(key);
        if (!found)
            return std::nullopt;
        const auto value = number(*found, Range{0, true, 1e12, false}, "units");
        return value ? std::optional<Quantity>(Quantity::fromDouble(*value)) : std::nullopt;
    };
    limits.maxPositionQuantity = units("max_position_quantity");
    limits.maxOrderQuantity = units("max_order_quantity");
    if (const Item *notional = view->find("max_order_notional"))
        limits.maxOrderNotional = money(*notional, true);
    if (const Item *collar = view->find("price_collar"))
        limits.priceCollar = number(*collar, Range{0, true, 10, false}, "fraction of the last price");
    if (const Item *rate = view->find("max_orders_per_day")) {
        if (const auto value = number(*rate, Range{1, false, 1e9, false}, "orders")) {
            if (*value != static_cast<double>(static_cast<std::uint32_t>(*value)))
                report(*rate, "expected a whole number of orders");
            else
                limits.maxOrdersPerDay = static_cast<std::uint32_t>(*value);
        }
    }
    std::vector<std::pair<Item, std::string>> listed;
    if (const Item *allowed = view->find("allowed_symbols"))
        limits.allowedSymbols = symbolList(*allowed, listed);
    if (const Item *denied = view->find("denied_symbols"))
        limits.deniedSymbols = symbolList(*denied, listed);
    return limits;
}

void PartialRiskLimits::applyTo(RiskLimits &limits) const
{
    if (maxPositionSize)
        limits.maxPositionSize = *maxPositionSize;
    if (maxLeverage)
        limits.maxLeverage = *maxLeverage;
    if (maxDailyLoss)
        limits.maxDailyLoss = maxDailyLoss;
    if (maxDrawdown)
        limits.maxDrawdown = maxDrawdown;
    if (flattenOnBreach)
        limits.flattenOnBreach = *flattenOnBreach;
    if (maxPositionQuantity)
        limits.maxPositionQuantity = maxPositionQuantity;
    if (maxOrderQuantity)
        limits.maxOrderQuantity = maxOrderQuantity;
    if (maxOrderNotional)
        limits.maxOrderNotional = maxOrderNotional;
    if (priceCollar)
        limits.priceCollar = priceCollar;
    if (maxOrdersPerDay)
        limits.maxOrdersPerDay = maxOrdersPerDay;
    if (allowedSymbols)
        limits.allowedSymbols = *allowedSymbols;
    if (deniedSymbols)
        limits.deniedSymbols = *deniedSymbols;
    if (allowShort)
        limits.allowShort = *allowShort;
}

void StrategiesReader::parseStrategies(const Item &item, const PartialRiskLimits &riskDefaults)
{
    Item list = item;
    if (item.node.IsScalar()) {
        const auto root = include(item, "strategies file");
        if (!root)
            return;
        const auto view = map(*root, {{"strategies"}});
        if (!view)
            return;
        const Item *inner = view->find("strategies");
        if (!inner) {
            report(*root, "missing required key 'strategies'");
            return;
        }
        list = *inner;
    }
    const auto elements = sequence(list, "a list of strategies, or the path of a strategies "
                                         "file");
    if (!elements)
        return;
    if (elements->empty()) {
        report(list, "expected at least one strategy");
        return;
    }
    for (const Item &element : *elements)
        parseStrategy(element, riskDefaults);
}

void StrategiesReader::parseStrategy(const Item &item, const PartialRiskLimits &riskDefaults)
{
    const auto view = map(item, strategyKeys);
    if (!view)
        return;
    StrategyConfig strategy;
    StrategyItems items;

    const Item *name = view->find("name");
    if (!name)
        report(item, "missing required key 'name'");
    else if (const auto text = scalar(*name, "a strategy name")) {
        if (!isInstanceName(*text))
            report(*name,
                   "expected a name of letters, digits, '_', '.' and '-', got " + inQuotes(*text));
        else {
            strategy.name = *text;
            items.name = *name;
        }
    }

    const Item *registered = view->find("strategy");
    const Item *classItem = registered ? registered : (items.name ? name : nullptr);
    const StrategyInfo *info = nullptr;
    if (registered) {
        if (const auto text = scalar(*registered, "a registered strategy name"))
            strategy.strategy = *text;
        else
            classItem = nullptr;
    } else {
        strategy.strategy = strategy.name;
    }
    if (classItem) {
        info = m_registry.find(strategy.strategy);
        if (!info)
            report(*classItem, unknownStrategy(strategy.strategy));
    }

    if (const Item *enabled = view->find("enabled"))
        strategy.enabled = boolean(*enabled).value_or(true);

    if (const Item *capital = view->find("capital")) {
        if (const auto value = money(*capital, true))
            strategy.capital = *value;
    } else {
        report(item, "missing required key 'capital'");
    }

    if (const Item *symbols = view->find("symbols")) {
        if (const auto list = symbolList(*symbols, items.symbols))
            strategy.symbols = *list;
    } else {
        report(item, "missing required key 'symbols'");
    }

    if (info)
        strategy.params = Parameters::defaults(info->schema);
    if (const Item *params = view->find("params"))
        parseParams(*params, info, strategy.params);

    PartialRiskLimits limits;
    if (const Item *risk = view->find("risk_limits"))
        limits = parseRiskLimits(*risk);
    // The strategy's own limits override the defaults key by key.
    riskDefaults.applyTo(strategy.riskLimits);
    limits.applyTo(strategy.riskLimits);

    if (items.name) {
        for (std::size_t i = 0; i < m_strategies.size(); ++i) {
            if (m_strategies[i].name == strategy.name)
                report(*items.name, "duplicate strategy name " + inQuotes(strategy.name)
                                        + " (also strategies[" + std::to_string(i)
                                        + "]); give each instance its own name and set "
                                          "'strategy' to the registered class");
        }
    }
    m_strategies.push_back(std::move(strategy));
    m_strategyItems.push_back(std::move(items));
}

std::string StrategiesReader::unknownStrategy(const std::string &name) const
{
    const std::vector<std::string> names = m_registry.names();
    std::string message = "unknown strategy " + inQuotes(name);
    if (const auto suggestion = closestMatch(name, names))
        return message + "; did you mean " + inQuotes(*suggestion) + "?";
    if (names.empty())
        return message + "; no strategies are registered";
    return message + "; registered strategies: " + joinList(names);
}

void StrategiesReader::parseParams(const Item &item, const StrategyInfo *info, Parameters &params)
{
    const auto view = map(item, std::nullopt);
    if (!view)
        return;
    std::vector<std::string> names;
    if (info) {
        for (const ParamSpec &spec : info->schema.specs())
            names.push_back(spec.name);
    }
    for (const Entry &entry : view->entries) {
        if (!info) {
            // The strategy is unknown (already reported): check only the values' shape.
            scalar(entry.value, "a parameter value");
            continue;
        }
        const ParamSpec *spec = info->schema.find(entry.key);
        if (!spec) {
            std::string message = "unknown parameter of " + inQuotes(info->name);
            if (const auto suggestion = closestMatch(entry.key, names))
                message += "; did you mean " + inQuotes(*suggestion) + "?";
            else if (names.empty())
                message += "; it takes no parameters";
            else
                message += "; its parameters are " + joinList(names);
            report(at(*item.source, entry.keyMark, entry.value.path), message);
            continue;
        }
        const auto text = scalar(entry.value, "a " + std::string(toString(spec->type)));
        if (!text)
            continue;
        const auto checked = info->schema.check(*spec, paramValue(*spec, *text));
        if (!checked) {
            report(entry.value, checked.error().message());
            continue;
        }
        params.set(spec->name, *checked);
    }
}

} // namespace meridian::engine::detail
