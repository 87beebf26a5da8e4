#include "engine/features/indicator.h"

#include "engine/features/momentum.h"
#include "engine/features/movingaverages.h"
#include "engine/features/range.h"
#include "engine/features/rollingextrema.h"
#include "engine/features/rollingstats.h"
#include "engine/features/volume.h"

#include <charconv>
#include <cmath>
#include <utility>

namespace meridian::engine {

std::string_view toString(IndicatorPane pane)
{
    return pane == IndicatorPane::Price ? "price" : "separate";
}

std::string formatIndicatorNumber(double value)
{
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, written.ptr);
}

std::string formatIndicatorParams(const IndicatorParams &params)
{
    std::string text;
    for (const auto &[name, value] : params) {
        if (!text.empty())
            text += ',';
        text += name;
        text += '=';
        text += formatIndicatorNumber(value);
    }
    return text;
}

namespace {

// Wraps a concrete kernel: `step` feeds it one bar and says whether it is ready, `read` returns
// output i.
template<class Kernel, class Step, class Read>
class KernelIndicator final : public Indicator
{
public:
    KernelIndicator(Kernel kernel, Step step, Read read)
        : m_initial(kernel)
        , m_kernel(std::move(kernel))
        , m_step(step)
        , m_read(read)
    {}
    bool update(const IndicatorBar &bar) override { return m_ready = m_step(m_kernel, bar); }
    bool ready() const override { return m_ready; }
    double output(std::size_t i) const override { return m_read(m_kernel, i); }
    std::size_t warmup() const override { return m_kernel.warmup(); }
    void reset() override
    {
        m_kernel = m_initial;
        m_ready = false;
    }

private:
    Kernel m_initial;
    Kernel m_kernel;
    Step m_step;
    Read m_read;
    bool m_ready = false;
};

template<class Kernel, class Step, class Read>
Result<std::unique_ptr<Indicator>> wrap(Kernel kernel, Step step, Read read)
{
    return std::unique_ptr<Indicator>(
        std::make_unique<KernelIndicator<Kernel, Step, Read>>(std::move(kernel), step, read));
}

std::size_t count(const IndicatorParams &params, const char *name)
{
    return static_cast<std::size_t>(params.find(name)->second);
}

// A kernel on the closes with a single output `value()`.
template<class Kernel>
Result<std::unique_ptr<Indicator>> onClose(Kernel kernel)
{
    return wrap(
        std::move(kernel), [](Kernel &k, const IndicatorBar &bar) { return k.update(bar.close); },
        [](const Kernel &k, std::size_t) { return k.value(); });
}

// Correlation and beta are measured on one-bar simple returns of both series.
struct ReturnCovariance
{
    explicit ReturnCovariance(std::size_t period)
        : asset(1, ReturnKind::Simple)
        , benchmark(1, ReturnKind::Simple)
        , covariance(period)
    {}
    bool update(double assetClose, double benchmarkClose)
    {
        const bool ready = asset.update(assetClose);
        benchmark.update(benchmarkClose);
        return ready && covariance.update(asset.value(), benchmark.value());
    }
    std::size_t warmup() const { return covariance.warmup() + 1; }

    Returns asset;
    Returns benchmark;
    RollingCovariance covariance;
};

IndicatorParam period(double defaultValue, const char *description)
{
    return IndicatorParam{"period", defaultValue, 1, 100000, true, description};
}

IndicatorInfo info(std::string name, std::string description, std::vector<IndicatorParam> params,
                   std::vector<std::string> outputs, IndicatorPane pane)
{
    IndicatorInfo result;
    result.name = std::move(name);
    result.description = std::move(description);
    result.params = std::move(params);
    result.outputs = std::move(outputs);
    result.pane = pane;
    return result;
}

void addReturns(IndicatorRegistry &registry)
{
    for (const ReturnKind kind : {ReturnKind::Simple, ReturnKind::Log}) {
        const bool simple = kind == ReturnKind::Simple;
        IndicatorInfo i = info(simple ? "return" : "log_return",
                               simple ? "simple return over n bars: close / close n bars ago - 1"
                                      : "log return over n bars: ln(close / close n bars ago)",
                               {period(1, "bars between the two closes")},
                               {simple ? "return" : "log_return"}, IndicatorPane::Separate);
        i.create = [kind](const IndicatorParams &p) {
            return onClose(Returns(count(p, "period"), kind));
        };
        (void)registry.add(std::move(i));
    }
}

void addAverages(IndicatorRegistry &registry)
{
    IndicatorInfo sma = info("sma", "simple moving average of the close",
                             {period(20, "closes averaged")}, {"sma"}, IndicatorPane::Price);
    sma.create = [](const IndicatorParams &p) { return onClose(Sma(count(p, "period"))); };
    (void)registry.add(std::move(sma));

    IndicatorInfo ema = info("ema", "exponential moving average, alpha 2/(n+1), SMA seed",
                             {period(20, "EMA length")}, {"ema"}, IndicatorPane::Price);
    ema.create = [](const IndicatorParams &p) { return onClose(Ema(count(p, "period"))); };
    (void)registry.add(std::move(ema));

    IndicatorInfo wma = info("wma", "linearly weighted moving average (newest weight n)",
                             {period(20, "closes averaged")}, {"wma"}, IndicatorPane::Price);
    wma.create = [](const IndicatorParams &p) { return onClose(Wma(count(p, "period"))); };
    (void)registry.add(std::move(wma));
}

void addDispersion(IndicatorRegistry &registry)
{
    for (const bool isStddev : {false, true}) {
        IndicatorInfo i = info(isStddev ? "stddev" : "variance",
                               isStddev ? "rolling standard deviation of the close"
                                        : "rolling variance of the close",
                               {period(20, "closes in the window"),
                                IndicatorParam{"sample", 0, 0, 1, true,
                                               "1 divides by n - 1 (sample), 0 by n (population)"}},
                               {isStddev ? "stddev" : "variance"}, IndicatorPane::Separate);
        i.create = [isStddev](const IndicatorParams &p) {
            return wrap(
                RollingStdDev(count(p, "period"), count(p, "sample") == 1),
                [](RollingStdDev &k, const IndicatorBar &bar) { return k.update(bar.close); },
                [isStddev](const RollingStdDev &k, std::size_t) {
                    return isStddev ? k.stddev() : k.variance();
                });
        };
        (void)registry.add(std::move(i));
    }

    IndicatorInfo z = info("zscore", "(close - rolling mean) / population stddev, 0 if flat",
                           {period(20, "closes in the window")}, {"zscore"},
                           IndicatorPane::Separate);
    z.create = [](const IndicatorParams &p) { return onClose(ZScore(count(p, "period"))); };
    (void)registry.add(std::move(z));

    IndicatorInfo bands = info("bollinger", "Bollinger bands: mean +- width x population stddev",
                               {period(20, "closes in the window"),
                                IndicatorParam{"width", 2, 0, 100, false, "stddevs to each band"}},
                               {"middle", "upper", "lower"}, IndicatorPane::Price);
    bands.create = [](const IndicatorParams &p) {
        return wrap(
            Bollinger(count(p, "period"), p.find("width")->second),
            [](Bollinger &k, const IndicatorBar &bar) { return k.update(bar.close); },
            [](const Bollinger &k, std::size_t i) {
                return i == 0 ? k.middle() : (i == 1 ? k.upper() : k.lower());
            });
    };
    (void)registry.add(std::move(bands));

    for (const bool isBeta : {false, true}) {
        IndicatorInfo i = info(isBeta ? "beta" : "correlation",
                               isBeta ? "rolling beta of one-bar returns against the benchmark"
                                      : "rolling correlation of one-bar returns with the benchmark",
                               {period(20, "returns in the window")},
                               {isBeta ? "beta" : "correlation"}, IndicatorPane::Separate);
        i.needsBenchmark = true;
        i.create = [isBeta](const IndicatorParams &p) {
            return wrap(
                ReturnCovariance(count(p, "period")),
                [](ReturnCovariance &k, const IndicatorBar &bar) {
                    return k.update(bar.close, bar.benchmark);
                },
                [isBeta](const ReturnCovariance &k, std::size_t) {
                    return isBeta ? k.covariance.beta() : k.covariance.correlation();
                });
        };
        (void)registry.add(std::move(i));
    }
}

void addOscillators(IndicatorRegistry &registry)
{
    IndicatorInfo rsi = info("rsi", "relative strength index, Wilder smoothing",
                             {period(14, "changes averaged")}, {"rsi"}, IndicatorPane::Separate);
    rsi.create = [](const IndicatorParams &p) { return onClose(Rsi(count(p, "period"))); };
    (void)registry.add(std::move(rsi));

    IndicatorInfo macd = info("macd", "EMA(fast) - EMA(slow), its EMA signal and histogram",
                              {IndicatorParam{"fast", 12, 1, 100000, true, "fast EMA length"},
                               IndicatorParam{"slow", 26, 1, 100000, true, "slow EMA length"},
                               IndicatorParam{"signal", 9, 1, 100000, true, "signal EMA length"}},
                              {"macd", "signal", "histogram"}, IndicatorPane::Separate);
    macd.create = [](const IndicatorParams &p) -> Result<std::unique_ptr<Indicator>> {
        if (count(p, "fast") >= count(p, "slow"))
            return Error("macd: fast (" + std::to_string(count(p, "fast"))
                         + ") must be shorter than slow (" + std::to_string(count(p, "slow"))
                         + ")");
        return wrap(
            Macd(count(p, "fast"), count(p, "slow"), count(p, "signal")),
            [](Macd &k, const IndicatorBar &bar) { return k.update(bar.close); },
            [](const Macd &k, std::size_t i) {
                return i == 0 ? k.line() : (i == 1 ? k.signal() : k.histogram());
            });
    };
    (void)registry.add(std::move(macd));

    IndicatorInfo stochastic
        = info("stochastic", "stochastic oscillator %K and its SMA %D",
               {period(14, "bars of highest high / lowest low"),
                IndicatorParam{"smoothing", 3, 1, 100000, true, "%D SMA length"}},
               {"k", "d"}, IndicatorPane::Separate);
    stochastic.create = [](const IndicatorParams &p) {
        return wrap(
            Stochastic(count(p, "period"), count(p, "smoothing")),
            [](Stochastic &k, const IndicatorBar &bar) {
                return k.update(bar.high, bar.low, bar.close);
            },
            [](const Stochastic &k, std::size_t i) { return i == 0 ? k.k() : k.d(); });
    };
    (void)registry.add(std::move(stochastic));
}

void addRanges(IndicatorRegistry &registry)
{
    IndicatorInfo atr = info("atr", "average true range, Wilder smoothing",
                             {period(14, "true ranges averaged")}, {"atr"},
                             IndicatorPane::Separate);
    atr.create = [](const IndicatorParams &p) {
        return wrap(
            Atr(count(p, "period")),
            [](Atr &k, const IndicatorBar &bar) { return k.update(bar.high, bar.low, bar.close); },
            [](const Atr &k, std::size_t) { return k.value(); });
    };
    (void)registry.add(std::move(atr));

    IndicatorInfo adx = info("adx", "average directional index with +DI and -DI (Wilder)",
                             {period(14, "Wilder smoothing length")},
                             {"adx", "plus_di", "minus_di"}, IndicatorPane::Separate);
    adx.create = [](const IndicatorParams &p) {
        return wrap(
            Adx(count(p, "period")),
            [](Adx &k, const IndicatorBar &bar) { return k.update(bar.high, bar.low, bar.close); },
            [](const Adx &k, std::size_t i) {
                return i == 0 ? k.value() : (i == 1 ? k.plusDi() : k.minusDi());
            });
    };
    (void)registry.add(std::move(adx));

    IndicatorInfo low = info("rolling_min", "lowest low of the last n bars",
                             {period(20, "bars in the window")}, {"min"}, IndicatorPane::Price);
    low.create = [](const IndicatorParams &p) {
        return wrap(
            RollingMin(count(p, "period")),
            [](RollingMin &k, const IndicatorBar &bar) { return k.update(bar.low); },
            [](const RollingMin &k, std::size_t) { return k.value(); });
    };
    (void)registry.add(std::move(low));

    IndicatorInfo high = info("rolling_max", "highest high of the last n bars",
                              {period(20, "bars in the window")}, {"max"}, IndicatorPane::Price);
    high.create = [](const IndicatorParams &p) {
        return wrap(
            RollingMax(count(p, "period")),
            [](RollingMax &k, const IndicatorBar &bar) { return k.update(bar.high); },
            [](const RollingMax &k, std::size_t) { return k.value(); });
    };
    (void)registry.add(std::move(high));
}

void addVolume(IndicatorRegistry &registry)
{
    IndicatorInfo vwap
        = info("vwap", "session VWAP, anchored to the New York trading day",
               {IndicatorParam{"close_price", 0, 0, 1, true,
                               "1 weights the close, 0 the typical price (H+L+C)/3"}},
               {"vwap"}, IndicatorPane::Price);
    vwap.create = [](const IndicatorParams &p) {
        return wrap(
            Vwap(count(p, "close_price") == 1 ? VwapPrice::Close : VwapPrice::Typical),
            [](Vwap &k, const IndicatorBar &bar) {
                return k.update(bar.time, bar.high, bar.low, bar.close, bar.volume);
            },
            [](const Vwap &k, std::size_t) { return k.value(); });
    };
    (void)registry.add(std::move(vwap));

    IndicatorInfo obv = info("obv", "on-balance volume, 0 on the first bar", {}, {"obv"},
                             IndicatorPane::Separate);
    obv.create = [](const IndicatorParams &) {
        return wrap(
            Obv(), [](Obv &k, const IndicatorBar &bar) { return k.update(bar.close, bar.volume); },
            [](const Obv &k, std::size_t) { return k.value(); });
    };
    (void)registry.add(std::move(obv));
}

} // namespace

IndicatorRegistry IndicatorRegistry::builtin()
{
    IndicatorRegistry registry;
    addReturns(registry);
    addAverages(registry);
    addDispersion(registry);
    addOscillators(registry);
    addRanges(registry);
    addVolume(registry);
    return registry;
}

Result<void> IndicatorRegistry::add(IndicatorInfo info)
{
    if (info.name.empty() || !info.create || info.outputs.empty())
        return Error("indicator " + quoted(info.name) + ": needs a name, outputs and a factory");
    if (find(info.name) != nullptr)
        return Error("indicator " + quoted(info.name) + " is already registered");
    m_infos.push_back(std::move(info));
    return {};
}

const IndicatorInfo *IndicatorRegistry::find(std::string_view name) const
{
    for (const IndicatorInfo &info : m_infos)
        if (info.name == name)
            return &info;
    return nullptr;
}

Result<IndicatorParams> IndicatorRegistry::resolve(std::string_view name,
                                                   const IndicatorParams &overrides) const
{
    const IndicatorInfo *info = find(name);
    if (info == nullptr)
        return Error("unknown indicator " + quoted(name));
    IndicatorParams resolved;
    for (const auto &[key, value] : overrides) {
        const IndicatorParam *spec = nullptr;
        for (const IndicatorParam &param : info->params)
            if (param.name == key)
                spec = &param;
        if (spec == nullptr) {
            std::string known;
            for (const IndicatorParam &param : info->params)
                known += (known.empty() ? "" : ", ") + param.name;
            return Error(info->name + ": unknown parameter " + quoted(key) + " (known: "
                         + (known.empty() ? std::string("none") : known) + ")");
        }
        if (!std::isfinite(value) || value < spec->minimum || value > spec->maximum
            || (spec->integer && std::floor(value) != value))
            return Error(info->name + ": parameter " + quoted(key) + " must be "
                         + (spec->integer ? "an integer" : "a number") + " in ["
                         + formatIndicatorNumber(spec->minimum) + ", " + formatIndicatorNumber(spec->maximum)
                         + "], got " + formatIndicatorNumber(value));
        resolved[key] = value;
    }
    for (const IndicatorParam &param : info->params)
        resolved.emplace(param.name, param.defaultValue);
    return resolved;
}

Result<std::unique_ptr<Indicator>> IndicatorRegistry::create(std::string_view name,
                                                             const IndicatorParams &overrides) const
{
    Result<IndicatorParams> params = resolve(name, overrides);
    if (!params)
        return params.error();
    return find(name)->create(*params);
}

IndicatorSeries computeBatch(Indicator &indicator, const std::vector<std::string> &outputs,
                             std::span<const IndicatorBar> bars)
{
    IndicatorSeries series;
    series.outputs = outputs;
    series.firstBar = bars.size();
    series.values.resize(outputs.size());
    const std::size_t expected = bars.size() >= indicator.warmup()
                                     ? bars.size() - indicator.warmup() + 1
                                     : 0;
    series.times.reserve(expected);
    for (std::vector<double> &column : series.values)
        column.reserve(expected);
    for (std::size_t row = 0; row < bars.size(); ++row) {
        if (!indicator.update(bars[row]))
            continue;
        if (series.times.empty())
            series.firstBar = row;
        series.times.push_back(bars[row].time);
        for (std::size_t i = 0; i < outputs.size(); ++i)
            series.values[i].push_back(indicator.output(i));
    }
    return series;
}

Result<IndicatorSeries> computeBatch(const IndicatorRegistry &registry, std::string_view name,
                                     const IndicatorParams &params,
                                     std::span<const IndicatorBar> bars)
{
    Result<std::unique_ptr<Indicator>> indicator = registry.create(name, params);
    if (!indicator)
        return indicator.error();
    return computeBatch(**indicator, registry.find(name)->outputs, bars);
}

} // namespace meridian::engine
