#pragma once

// Feature definitions: a named, versioned value per bar built from one indicator output, fed
// either with a raw bar field or with another feature (a feature of a feature). The registry
// resolves a request (name + parameters) into a FeatureSpec: the full chain of dependencies with
// every parameter filled in and a version string that changes whenever the definition, its
// parameters or anything it depends on changes.
//
//     const FeatureRegistry features = FeatureRegistry::builtin();
//     auto rsi = features.resolve("rsi", {{"period", 14}});
//     rsi->version();   // "rsi@1(period=14)"
//     auto vol = features.resolve("return_volatility", {});
//     vol->version();   // "return_volatility@1(period=20,sample=1)<-log_return@1(period=1)"
//
// Built-in features: every indicator output of IndicatorRegistry::builtin() under the
// indicator's name ("sma", "rsi") or "indicator.output" for several outputs ("bollinger.upper",
// "macd.signal"), plus derived ones (volume_sma, volume_zscore, return_volatility).

#include "engine/core/result.h"
#include "engine/features/indicator.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

// The bar field fed as the indicator's close (single-series indicators). Indicators that read
// high/low/volume get the whole bar whatever this says.
enum class RawField { Open, High, Low, Close, Volume };
std::string_view toString(RawField field);

struct FeatureDefinition
{
    std::string name;
    int version = 1; // bump whenever the definition's meaning changes
    std::string description;
    std::string indicator;     // the IndicatorRegistry kernel
    std::size_t output = 0;    // which of its outputs
    RawField field = RawField::Close;
    // When set, the indicator is fed this feature's value (as close, high, low and open) instead
    // of a raw field; parameters of the input are fixed here.
    std::optional<std::string> inputFeature;
    IndicatorParams inputParams;
    IndicatorParams fixedParams; // indicator parameters the definition pins (not user-settable)
    // The range every value must fall in; a value outside it (or NaN/Inf) is withheld and
    // reported (FeatureStore::issues).
    double minimum = -1e308;
    double maximum = 1e308;
};

// A resolved feature: definition, complete parameters, and its input chain.
class FeatureSpec
{
public:
    const FeatureDefinition &definition() const { return *m_definition; }
    const IndicatorParams &params() const { return m_params; }   // user-visible, complete
    const IndicatorParams &indicatorParams() const { return m_indicatorParams; }
    const FeatureSpec *input() const { return m_input.get(); }
    // "name@version(params)", then "<-" and the input's version for a feature of a feature.
    const std::string &version() const { return m_version; }
    // FNV-1a 64 of version(), as 16 hex digits: the cache key part.
    std::string versionHash() const;
    // Bars until the first value (the feature's window), inputs included.
    std::size_t warmup() const { return m_warmup; }
    const std::string &name() const { return m_definition->name; }

private:
    friend class FeatureRegistry;
    const FeatureDefinition *m_definition = nullptr;
    IndicatorParams m_params;
    IndicatorParams m_indicatorParams;
    std::shared_ptr<const FeatureSpec> m_input;
    std::string m_version;
    std::size_t m_warmup = 0;
};

class FeatureRegistry
{
public:
    explicit FeatureRegistry(IndicatorRegistry indicators);
    static FeatureRegistry builtin();

    // Checks the indicator, the output and the input chain (no cycles, inputs registered first).
    Result<void> add(FeatureDefinition definition);
    const FeatureDefinition *find(std::string_view name) const;
    const std::vector<std::unique_ptr<FeatureDefinition>> &all() const { return m_definitions; }
    const IndicatorRegistry &indicators() const { return m_indicators; }
    // The user-settable parameters of a feature (its indicator's, minus the pinned ones).
    std::vector<IndicatorParam> params(const FeatureDefinition &definition) const;

    Result<FeatureSpec> resolve(std::string_view name, const IndicatorParams &params) const;
    // A fresh incremental indicator for one spec (not its input).
    Result<std::unique_ptr<Indicator>> createIndicator(const FeatureSpec &spec) const;

private:
    IndicatorRegistry m_indicators;
    std::vector<std::unique_ptr<FeatureDefinition>> m_definitions; // stable addresses
};

} // namespace meridian::engine
