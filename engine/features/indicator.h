#pragma once

// The indicator library behind one interface, for code that picks indicators by name (feature
// store, CLI, charts): a registry describes each indicator (parameters with defaults and ranges,
// output names, where a chart draws it) and creates incremental instances; computeBatch runs one
// over a whole bar series.
//
//     const IndicatorRegistry registry = IndicatorRegistry::builtin();
//     Result<IndicatorSeries> bands = computeBatch(registry, "bollinger", {{"period", 20}}, bars);
//     // bands->outputs == {"middle", "upper", "lower"}; bands->times[i] is the bar of
//     // bands->values[0][i]; bars before the first ready one have no row.
//
// The batch result is the incremental kernel run over the series, so it equals what a strategy
// sees bar by bar in backtest, paper and live exactly (same operations in the same order). The
// concrete kernels (movingaverages.h, rollingstats.h, ...) are for hot loops that know their
// indicator at compile time; both paths compute the same numbers.

#include "engine/core/result.h"
#include "engine/core/timestamp.h"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace meridian::engine {

// One bar as indicators see it. `benchmark` is the close of the second series for the two-series
// indicators (correlation, beta); others ignore it.
struct IndicatorBar
{
    Timestamp time;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;
    double benchmark = 0;
};

// Where a chart draws an indicator: over the price candles, or in a pane of its own.
enum class IndicatorPane { Price, Separate };
std::string_view toString(IndicatorPane pane);

struct IndicatorParam
{
    std::string name;
    double defaultValue = 0;
    double minimum = 0; // inclusive
    double maximum = 0; // inclusive
    bool integer = true;
    std::string description;
};

// Parameter values by name; ordered so that the text form (and the feature version) is stable.
// The same type as FeatureParams (engine/sdk/featurehandle.h).
using IndicatorParams = std::map<std::string, double, std::less<>>;
// "period=14,width=2" in name order; numbers in shortest round-trip form.
std::string formatIndicatorParams(const IndicatorParams &params);
// "14", "2.5", "1e-08": integers without a fraction, others in shortest round-trip form.
std::string formatIndicatorNumber(double value);

// An incremental indicator instance: feed bars in time order; outputs are readable once ready.
class Indicator
{
public:
    virtual ~Indicator() = default;
    // True when the outputs are ready after this bar. Input must be finite (FeatureStore checks).
    virtual bool update(const IndicatorBar &bar) = 0;
    virtual bool ready() const = 0;
    // Output i in IndicatorInfo::outputs order; only meaningful when ready().
    virtual double output(std::size_t i) const = 0;
    // Bars fed until the first ready value (the first value belongs to bar warmup() − 1).
    virtual std::size_t warmup() const = 0;
    // Back to the state before the first bar.
    virtual void reset() = 0;
};

struct IndicatorInfo
{
    std::string name;
    std::string description;
    std::vector<IndicatorParam> params;
    std::vector<std::string> outputs;
    IndicatorPane pane = IndicatorPane::Separate;
    bool needsBenchmark = false;
    // Receives every parameter (defaults filled in, ranges checked).
    std::function<Result<std::unique_ptr<Indicator>>(const IndicatorParams &)> create;
};

struct IndicatorSeries
{
    std::vector<std::string> outputs;
    std::size_t firstBar = 0;           // index into the input of the first ready bar
    std::vector<Timestamp> times;       // one per ready bar
    std::vector<std::vector<double>> values; // values[output][row]
};

class IndicatorRegistry
{
public:
    // Every indicator of the library (a fresh value: no global registry).
    static IndicatorRegistry builtin();

    Result<void> add(IndicatorInfo info);
    const IndicatorInfo *find(std::string_view name) const;
    const std::vector<IndicatorInfo> &all() const { return m_infos; }

    // Defaults for missing parameters; unknown names, non-integers and out-of-range values are
    // errors naming the indicator and the parameter.
    Result<IndicatorParams> resolve(std::string_view name, const IndicatorParams &overrides) const;
    Result<std::unique_ptr<Indicator>> create(std::string_view name,
                                              const IndicatorParams &overrides) const;

private:
    std::vector<IndicatorInfo> m_infos;
};

// Runs `indicator` (from its current state) over `bars`.
IndicatorSeries computeBatch(Indicator &indicator, const std::vector<std::string> &outputs,
                             std::span<const IndicatorBar> bars);
Result<IndicatorSeries> computeBatch(const IndicatorRegistry &registry, std::string_view name,
                                     const IndicatorParams &params,
                                     std::span<const IndicatorBar> bars);

} // namespace meridian::engine
