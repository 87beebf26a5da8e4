#include "engine/data/universe.h"

#include "engine/core/symbol.h"
#include "engine/data/historicaldatasource.h"

#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace meridian::engine {

namespace {

std::string at(const std::string &source, const YAML::Node &node, const std::string &path)
{
    return source + ":" + std::to_string(node.Mark().line + 1) + ":"
           + std::to_string(node.Mark().column + 1) + ": " + path;
}

Result<std::string> text(const YAML::Node &map,
                         const char *key,
                         const std::string &source,
                         const std::string &path,
                         bool required)
{
    const YAML::Node value = map[key];
    if (!value) {
        if (required)
            return Error(at(source, map, path) + ": missing " + quoted(key));
        return std::string();
    }
    if (!value.IsScalar())
        return Error(at(source, value, path + "." + key) + ": expected text");
    return value.as<std::string>();
}

// A number ≥ `low` under `key` of the filters map, or none when absent.
Result<std::optional<double>> positive(const YAML::Node &filters, const char *key, double low,
                                       const std::string &source)
{
    const YAML::Node value = filters[key];
    if (!value)
        return std::optional<double>();
    double number = 0;
    if (!value.IsScalar() || !YAML::convert<double>::decode(value, number) || number < low)
        return Error(at(source, value, std::string("filters.") + key) + ": expected a number ≥ "
                     + std::to_string(static_cast<long long>(low)));
    return std::optional<double>(number);
}

Result<UniverseFilter> parseFilter(const YAML::Node &filters, const std::string &source)
{
    if (!filters.IsMap())
        return Error(at(source, filters, "filters")
                     + ": expected a map (min_adv, adv_window, min_price, max_price, sector)");
    for (const auto &entry : filters) {
        const std::string key = entry.first.as<std::string>();
        if (key != "min_adv" && key != "adv_window" && key != "min_price" && key != "max_price"
            && key != "sector")
            return Error(at(source, entry.first, "filters." + key)
                         + ": unknown key (expected min_adv, adv_window, min_price, max_price, "
                           "sector)");
    }
    UniverseFilter filter;
    Result<std::optional<double>> adv = positive(filters, "min_adv", 0, source);
    Result<std::optional<double>> window = positive(filters, "adv_window", 1, source);
    Result<std::optional<double>> minPrice = positive(filters, "min_price", 0, source);
    Result<std::optional<double>> maxPrice = positive(filters, "max_price", 0, source);
    for (const auto *each : {&adv, &window, &minPrice, &maxPrice})
        if (!*each)
            return each->error();
    filter.minAverageDollarVolume = *adv;
    if (*window)
        filter.advWindow = static_cast<std::size_t>(**window);
    filter.minPrice = *minPrice;
    filter.maxPrice = *maxPrice;
    Result<std::string> sector = text(filters, "sector", source, "filters", false);
    if (!sector)
        return sector.error();
    if (!sector->empty())
        filter.sector = *sector;
    return filter;
}

} // namespace

bool UniverseFilter::any() const
{
    return minAverageDollarVolume || minPrice || maxPrice || sector;
}

std::optional<std::string> findUniverseFile(const std::string &nameOrPath,
                                            const std::vector<std::string> &directories)
{
    const bool isPath = nameOrPath.find('/') != std::string::npos
                        || nameOrPath.ends_with(".yaml") || nameOrPath.ends_with(".yml");
    for (const std::string &directory : directories) {
        std::string candidate = directory.empty() ? std::string() : directory + "/";
        candidate.append(nameOrPath);
        if (!isPath)
            candidate.append(".yaml");
        if (nameOrPath.starts_with('/'))
            candidate = nameOrPath;
        if (std::ifstream(candidate).good())
            return candidate;
    }
    return std::nullopt;
}

const UniverseMember *Universe::find(const std::string &symbol) const
{
    for (const UniverseMember &member : members)
        if (member.symbol == symbol)
            return &member;
    return nullptr;
}

Result<Universe> parseUniverse(const std::string &yaml, const std::string &source)
{
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception &error) {
        return Error(source + ":" + std::to_string(error.mark.line + 1) + ": " + error.msg);
    }
    if (!root.IsMap())
        return Error(source + ": expected a map with name and symbols");
    for (const auto &entry : root) {
        const std::string key = entry.first.as<std::string>();
        if (key != "name" && key != "symbols" && key != "description" && key != "filters")
            return Error(at(source, entry.first, key)
                         + ": unknown key (expected name, description, symbols, filters)");
    }
    Universe universe;
    Result<std::string> name = text(root, "name", source, "universe", true);
    if (!name)
        return name.error();
    universe.name = *name;
    if (const YAML::Node filters = root["filters"]) {
        Result<UniverseFilter> filter = parseFilter(filters, source);
        if (!filter)
            return filter.error();
        universe.filter = *filter;
    }
    const YAML::Node symbols = root["symbols"];
    if (!symbols || !symbols.IsSequence() || symbols.size() == 0)
        return Error(at(source, symbols ? symbols : root, "symbols")
                     + ": expected a non-empty list");
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        const YAML::Node item = symbols[i];
        const std::string path = "symbols[" + std::to_string(i) + "]";
        if (!item.IsMap())
            return Error(at(source, item, path) + ": expected {symbol, name, sector, exchange}");
        for (const auto &entry : item) {
            const std::string key = entry.first.as<std::string>();
            if (key != "symbol" && key != "name" && key != "sector" && key != "exchange")
                return Error(at(source, entry.first, path + "." + key)
                             + ": unknown key (expected symbol, name, sector, exchange)");
        }
        UniverseMember member;
        Result<std::string> symbol = text(item, "symbol", source, path, true);
        if (!symbol)
            return symbol.error();
        const Result<Symbol> parsed = Symbol::parse(*symbol);
        if (!parsed)
            return Error(at(source, item["symbol"], path + ".symbol") + ": "
                         + parsed.error().message());
        member.symbol = parsed->toString();
        if (universe.find(member.symbol) != nullptr)
            return Error(at(source, item["symbol"], path + ".symbol") + ": " + member.symbol
                         + " is listed twice");
        for (auto [key, target] :
             {std::pair{"name", &member.name}, std::pair{"sector", &member.sector},
              std::pair{"exchange", &member.exchange}}) {
            Result<std::string> value = text(item, key, source, path, false);
            if (!value)
                return value.error();
            *target = *value;
        }
        universe.members.push_back(std::move(member));
    }
    return universe;
}

Result<Universe> loadUniverseFile(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        return Error(path + ": cannot open");
    std::ostringstream content;
    content << in.rdbuf();
    return parseUniverse(content.str(), path);
}

Result<UniverseSelection> filterUniverse(const Universe &universe,
                                         const BarStore &store,
                                         const std::string &timeframe,
                                         Timestamp asOf,
                                         const UniverseFilter &filter)
{
    UniverseSelection selection;
    for (const UniverseMember &member : universe.members) {
        if (filter.sector && member.sector != *filter.sector) {
            selection.excluded.emplace_back(member.symbol, "sector " + quoted(member.sector));
            continue;
        }
        auto dataset = store.latestDataset(member.symbol, timeframe);
        if (!dataset)
            return dataset.error();
        if (!*dataset) {
            selection.excluded.emplace_back(member.symbol, "no " + timeframe + " data");
            continue;
        }
        auto bars
            = loadBars(store, **dataset, InstrumentId(1), Timestamp::min(), asOf, Adjustment::Raw);
        if (!bars)
            return bars.error();
        if (bars->empty()) {
            selection.excluded.emplace_back(member.symbol, "no bar by the date");
            continue;
        }
        UniverseMetrics metrics{member.symbol, 0, bars->back().second.close.toDouble(), 0};
        const std::size_t window = filter.advWindow == 0 ? 1 : filter.advWindow;
        const std::size_t first = bars->size() > window ? bars->size() - window : 0;
        for (std::size_t i = first; i < bars->size(); ++i)
            metrics.averageDollarVolume
                += (*bars)[i].second.close.toDouble() * (*bars)[i].second.volume.toDouble();
        metrics.bars = bars->size() - first;
        metrics.averageDollarVolume /= double(metrics.bars);
        if (filter.minAverageDollarVolume
            && metrics.averageDollarVolume < *filter.minAverageDollarVolume)
            selection.excluded.emplace_back(member.symbol,
                                            "average dollar volume "
                                                + std::to_string(metrics.averageDollarVolume)
                                                + " below the minimum");
        else if (filter.minPrice && metrics.lastClose < *filter.minPrice)
            selection.excluded.emplace_back(
                member.symbol, "price " + std::to_string(metrics.lastClose) + " below the minimum");
        else if (filter.maxPrice && metrics.lastClose > *filter.maxPrice)
            selection.excluded.emplace_back(
                member.symbol, "price " + std::to_string(metrics.lastClose) + " above the maximum");
        else
            selection.selected.push_back(metrics);
    }
    return selection;
}

} // namespace meridian::engine
