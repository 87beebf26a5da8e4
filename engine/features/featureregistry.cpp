#include "engine/features/featureregistry.h"

#include <cstdio>
#include <utility>

namespace meridian::engine {

std::string_view toString(RawField field)
{
    switch (field) {
    case RawField::Open:
        return "open";
    case RawField::High:
        return "high";
    case RawField::Low:
        return "low";
    case RawField::Close:
        return "close";
    case RawField::Volume:
        return "volume";
    }
    return "close";
}

std::string FeatureSpec::versionHash() const
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char ch : m_version) {
        hash ^= static_cast<unsigned char>(ch);
        hash *= 1099511628211ULL;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

namespace {

// Ranges that hold by construction; a value outside one means a bug or bad input.
void setRange(FeatureDefinition &definition, const std::string &output)
{
    const std::string &indicator = definition.indicator;
    if (indicator == "rsi" || indicator == "stochastic" || indicator == "adx") {
        definition.minimum = 0;
        definition.maximum = 100;
    } else if (indicator == "stddev" || indicator == "variance" || indicator == "atr"
               || output == "vwap" || indicator == "sma" || indicator == "ema"
               || indicator == "wma" || indicator == "bollinger" || indicator == "rolling_min"
               || indicator == "rolling_max") {
        // Prices and dispersions are never negative (bands: the lower one can be, see below).
        definition.minimum = output == "lower" ? -1e308 : 0;
    } else if (indicator == "return") {
        definition.minimum = -1;
    }
}

} // namespace

FeatureRegistry::FeatureRegistry(IndicatorRegistry indicators)
    : m_indicators(std::move(indicators))
{}

FeatureRegistry FeatureRegistry::builtin()
{
    FeatureRegistry registry(IndicatorRegistry::builtin());
    for (const IndicatorInfo &info : registry.m_indicators.all()) {
        // Two-series indicators need a benchmark series a per-instrument store does not have.
        if (info.needsBenchmark)
            continue;
        for (std::size_t i = 0; i < info.outputs.size(); ++i) {
            FeatureDefinition definition;
            definition.name = info.outputs.size() == 1 ? info.name : info.name + "." + info.outputs[i];
            definition.description = info.description;
            if (info.outputs.size() > 1)
                definition.description += " (" + info.outputs[i] + ")";
            definition.indicator = info.name;
            definition.output = i;
            setRange(definition, info.outputs[i]);
            (void)registry.add(std::move(definition));
        }
    }

    FeatureDefinition volumeSma;
    volumeSma.name = "volume_sma";
    volumeSma.description = "simple moving average of the volume";
    volumeSma.indicator = "sma";
    volumeSma.field = RawField::Volume;
    volumeSma.minimum = 0;
    (void)registry.add(std::move(volumeSma));

    FeatureDefinition volumeZ;
    volumeZ.name = "volume_zscore";
    volumeZ.description = "z-score of the volume against its rolling mean";
    volumeZ.indicator = "zscore";
    volumeZ.field = RawField::Volume;
    (void)registry.add(std::move(volumeZ));

    FeatureDefinition volatility;
    volatility.name = "return_volatility";
    volatility.description = "rolling sample stddev of one-bar log returns (not annualised)";
    volatility.indicator = "stddev";
    volatility.inputFeature = "log_return";
    volatility.inputParams = {{"period", 1}};
    volatility.minimum = 0;
    (void)registry.add(std::move(volatility));
    return registry;
}

Result<void> FeatureRegistry::add(FeatureDefinition definition)
{
    const std::string where = "feature " + quoted(definition.name);
    if (definition.name.empty())
        return Error("a feature needs a name");
    if (find(definition.name) != nullptr)
        return Error(where + " is already registered");
    const IndicatorInfo *info = m_indicators.find(definition.indicator);
    if (info == nullptr)
        return Error(where + ": unknown indicator " + quoted(definition.indicator));
    if (definition.output >= info->outputs.size())
        return Error(where + ": indicator " + quoted(info->name) + " has no output "
                     + std::to_string(definition.output));
    if (definition.inputFeature) {
        // Inputs must already be registered, which also rules out cycles.
        if (find(*definition.inputFeature) == nullptr)
            return Error(where + ": input feature " + quoted(*definition.inputFeature)
                         + " is not registered (register inputs first)");
        if (Result<FeatureSpec> input = resolve(*definition.inputFeature, definition.inputParams);
            !input)
            return input.error().withContext(where + " input");
    }
    m_definitions.push_back(std::make_unique<FeatureDefinition>(std::move(definition)));
    return {};
}

const FeatureDefinition *FeatureRegistry::find(std::string_view name) const
{
    for (const auto &definition : m_definitions)
        if (definition->name == name)
            return definition.get();
    return nullptr;
}

std::vector<IndicatorParam> FeatureRegistry::params(const FeatureDefinition &definition) const
{
    std::vector<IndicatorParam> result;
    if (const IndicatorInfo *info = m_indicators.find(definition.indicator))
        for (const IndicatorParam &param : info->params)
            if (definition.fixedParams.count(param.name) == 0)
                result.push_back(param);
    return result;
}

Result<FeatureSpec> FeatureRegistry::resolve(std::string_view name,
                                             const IndicatorParams &params) const
{
    const FeatureDefinition *definition = find(name);
    if (definition == nullptr) {
        std::string known;
        for (const auto &d : m_definitions)
            known += (known.empty() ? "" : ", ") + d->name;
        return Error("unknown feature " + quoted(name) + " (known: " + known + ")");
    }
    for (const auto &[key, value] : params)
        if (definition->fixedParams.count(key) != 0)
            return Error("feature " + quoted(name) + ": parameter " + quoted(key)
                         + " is fixed by the definition");
    IndicatorParams merged = params;
    for (const auto &[key, value] : definition->fixedParams)
        merged[key] = value;
    Result<IndicatorParams> resolved = m_indicators.resolve(definition->indicator, merged);
    if (!resolved)
        return Error("feature " + quoted(name) + ": " + resolved.error().message());

    FeatureSpec spec;
    spec.m_definition = definition;
    spec.m_indicatorParams = *resolved;
    for (const auto &[key, value] : *resolved)
        if (definition->fixedParams.count(key) == 0)
            spec.m_params[key] = value;
    spec.m_version = definition->name + "@" + std::to_string(definition->version) + "("
                     + formatIndicatorParams(*resolved) + ")";
    if (definition->field != RawField::Close)
        spec.m_version += "[" + std::string(toString(definition->field)) + "]";

    Result<std::unique_ptr<Indicator>> probe = createIndicator(spec);
    if (!probe)
        return Error("feature " + quoted(name) + ": " + probe.error().message());
    spec.m_warmup = (*probe)->warmup();
    if (definition->inputFeature) {
        Result<FeatureSpec> input = resolve(*definition->inputFeature, definition->inputParams);
        if (!input)
            return input.error();
        spec.m_warmup += input->warmup() - 1;
        spec.m_version += "<-" + input->version();
        spec.m_input = std::make_shared<const FeatureSpec>(std::move(*input));
    }
    return spec;
}

Result<std::unique_ptr<Indicator>> FeatureRegistry::createIndicator(const FeatureSpec &spec) const
{
    const IndicatorInfo *info = m_indicators.find(spec.definition().indicator);
    if (info == nullptr)
        return Error("unknown indicator " + quoted(spec.definition().indicator));
    return info->create(spec.indicatorParams());
}

} // namespace meridian::engine
