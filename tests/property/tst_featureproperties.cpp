// Properties of the indicator library and the resampler on random series (RapidCheck):
// - every indicator: incremental == batch bit for bit, also when the batch is fed in two pieces;
// - no indicator emits NaN or Inf once ready, for finite input with flat stretches;
// - rolling mean, variance, WMA and min/max equal a from-scratch recomputation of the
//   window, even on prices near 1e6 moving by cents (where naive sums lose every digit);
// - resampling keeps the volume and the extremes of the regular-session input, and streaming
//   equals batch.

#include "engine/core/civiltime.h"
#include "engine/data/resampler.h"
#include "engine/features/indicator.h"
#include "engine/features/movingaverages.h"
#include "engine/features/rollingextrema.h"
#include "engine/features/rollingstats.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <rapidcheck.h>

using namespace meridian::engine;

namespace {

// A random walk of bars; `flat` repeats the previous bar now and then.
std::vector<IndicatorBar> randomBars(std::size_t n, double start, double step)
{
    std::vector<IndicatorBar> bars;
    double close = start;
    double benchmark = 100;
    const Timestamp first = dailyBarTimestamp(Date{2020, 1, 2});
    for (std::size_t i = 0; i < n; ++i) {
        const bool flat = *rc::gen::inRange(0, 5) == 0 && !bars.empty();
        if (!flat) {
            close = std::max(0.01, close + step * (*rc::gen::inRange(-100, 101)) / 100.0);
            benchmark = std::max(0.01, benchmark + (*rc::gen::inRange(-100, 101)) / 100.0);
        }
        IndicatorBar bar;
        // Several bars a day, so that the session-anchored VWAP restarts now and then.
        bar.time = first + Duration::hours(static_cast<std::int64_t>(i) * 5);
        bar.close = close;
        bar.open = flat ? close : close - step * (*rc::gen::inRange(-50, 51)) / 100.0;
        bar.high = std::max(bar.open, bar.close)
                   + (flat ? 0 : step * (*rc::gen::inRange(0, 50)) / 100.0);
        bar.low = std::max(0.001, std::min(bar.open, bar.close)
                                      - (flat ? 0 : step * (*rc::gen::inRange(0, 50)) / 100.0));
        bar.volume = flat ? 0 : *rc::gen::inRange(0, 1'000'000);
        bar.benchmark = benchmark;
        bars.push_back(bar);
    }
    return bars;
}

IndicatorParams randomParams(const IndicatorInfo &info)
{
    IndicatorParams params;
    for (const IndicatorParam &param : info.params) {
        if (param.name == "slow" || param.name == "fast")
            continue;
        if (param.integer)
            params[param.name]
                = *rc::gen::inRange<int>(static_cast<int>(param.minimum),
                                         static_cast<int>(std::min(param.maximum, 30.0)) + 1);
        else
            params[param.name] = *rc::gen::inRange(0, 40) / 10.0;
    }
    if (info.name == "macd") {
        const int fast = *rc::gen::inRange(1, 15);
        params["fast"] = fast;
        params["slow"] = fast + *rc::gen::inRange(1, 15);
    }
    return params;
}

} // namespace

class TestFeatureProperties : public QObject
{
    Q_OBJECT

private slots:
    void incrementalEqualsBatchAndNoNaN()
    {
        const IndicatorRegistry registry = IndicatorRegistry::builtin();
        QVERIFY(rc::check(
            "every indicator: incremental == batch (also in two pieces), finite once ready", [&] {
                const auto &info
                    = registry.all()[*rc::gen::inRange<std::size_t>(0, registry.all().size())];
                const IndicatorParams params = randomParams(info);
                const auto bars = randomBars(*rc::gen::inRange<std::size_t>(1, 200), 100, 2);
                const auto batch = computeBatch(registry, info.name, params, bars);
                RC_ASSERT(batch.has_value());

                auto incremental = registry.create(info.name, params);
                std::size_t row = 0;
                for (const IndicatorBar &bar : bars) {
                    if (!(*incremental)->update(bar))
                        continue;
                    RC_ASSERT(batch->times[row] == bar.time);
                    for (std::size_t k = 0; k < info.outputs.size(); ++k) {
                        const double value = (*incremental)->output(k);
                        RC_ASSERT(std::isfinite(value));
                        RC_ASSERT(batch->values[k][row] == value);
                    }
                    ++row;
                }
                RC_ASSERT(row == batch->times.size());

                auto pieces = registry.create(info.name, params);
                const std::size_t cut = *rc::gen::inRange<std::size_t>(0, bars.size() + 1);
                const IndicatorSeries first
                    = computeBatch(**pieces, info.outputs, std::span(bars).first(cut));
                const IndicatorSeries second
                    = computeBatch(**pieces, info.outputs, std::span(bars).subspan(cut));
                for (std::size_t k = 0; k < info.outputs.size(); ++k) {
                    std::vector<double> joined = first.values[k];
                    joined.insert(joined.end(), second.values[k].begin(), second.values[k].end());
                    RC_ASSERT(joined == batch->values[k]);
                }
            }));
    }

    void rollingStatisticsMatchTheWindow()
    {
        QVERIFY(rc::check("rolling stats equal a from-scratch window near 1e6", [] {
            const std::size_t n = *rc::gen::inRange<std::size_t>(1, 25);
            const auto steps = *rc::gen::container<std::vector<int>>(
                *rc::gen::inRange<std::size_t>(1, 400), rc::gen::inRange(-300, 301));
            Sma sma(n);
            Wma wma(n);
            RollingStdDev sd(n);
            RollingMin lowest(n);
            RollingMax highest(n);
            std::vector<double> xs;
            double x = 1e6;
            for (const int step : steps) {
                x += step / 100.0;
                xs.push_back(x);
                const bool ready = sma.update(x);
                wma.update(x);
                sd.update(x);
                lowest.update(x);
                highest.update(x);
                RC_ASSERT(ready == (xs.size() >= n));
                if (!ready)
                    continue;
                const auto window = std::span(xs).last(n);
                double mean = 0;
                for (const double v : window)
                    mean += v;
                mean /= double(n);
                double squares = 0;
                double weighted = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    squares += (window[i] - mean) * (window[i] - mean);
                    weighted += double(i + 1) * window[i];
                }
                weighted /= double(n) * double(n + 1) / 2;
                RC_ASSERT(std::fabs(sma.value() - mean) <= 1e-9 * mean);
                RC_ASSERT(std::fabs(wma.value() - weighted) <= 1e-9 * weighted);
                // Variance to 1e-7 absolute: each update near 1e6 carries ~1e-9 of rounding
                // (ulp 1.2e-10 times the cent-sized deviations) and the window is recomputed every
                // n updates; a naive Σx² − (Σx)²/n is off by ~1e-4 here.
                RC_ASSERT(std::fabs(sd.variance() - squares / double(n)) <= 1e-7);
                RC_ASSERT(lowest.value() == *std::min_element(window.begin(), window.end()));
                RC_ASSERT(highest.value() == *std::max_element(window.begin(), window.end()));
            }
        }));
    }

    void resamplingKeepsVolumeAndExtremes()
    {
        const NyseCalendar calendar;
        QVERIFY(rc::check("resampling preserves volume and extremes; streaming == batch", [&] {
            // Random minute bars over two sessions (one an early close) and some pre-market bars.
            std::vector<std::pair<Timestamp, BarData>> bars;
            std::int64_t rthVolume = 0;
            double rthHigh = 0;
            double rthLow = 1e18;
            for (const Date day : {Date{2015, 12, 23}, Date{2015, 12, 24}}) {
                const Timestamp open = calendar.sessionOpen(day);
                const Timestamp close = calendar.sessionClose(day);
                for (Timestamp start = open - Duration::minutes(30); start < close;
                     start += Duration::minutes(1)) {
                    if (*rc::gen::inRange(0, 3) == 0)
                        continue; // minutes without trades have no bar
                    const auto low = *rc::gen::inRange<std::int64_t>(100, 200);
                    const auto high = low + *rc::gen::inRange<std::int64_t>(0, 10);
                    const auto volume = *rc::gen::inRange<std::int64_t>(0, 10000);
                    const BarData bar{InstrumentId(1),        Price::fromUnits(low),
                                      Price::fromUnits(high), Price::fromUnits(low),
                                      Price::fromUnits(high), Quantity::fromUnits(volume)};
                    bars.emplace_back(start + Duration::minutes(1), bar);
                    if (start >= open) {
                        rthVolume += volume;
                        rthHigh = std::max(rthHigh, double(high));
                        rthLow = std::min(rthLow, double(low));
                    }
                }
            }
            const char *target = *rc::gen::element("5m", "15m", "1h", "1d");
            const auto out
                = resampleBars(bars, *Timeframe::parse("1m"), *Timeframe::parse(target), calendar);
            RC_ASSERT(out.has_value());
            std::int64_t volume = 0;
            double high = 0;
            double low = 1e18;
            for (const auto &[time, bar] : *out) {
                volume += bar.volume.raw() / Quantity::scale;
                high = std::max(high, bar.high.toDouble());
                low = std::min(low, bar.low.toDouble());
                RC_ASSERT(bar.low <= bar.open && bar.open <= bar.high);
                RC_ASSERT(bar.low <= bar.close && bar.close <= bar.high);
            }
            RC_ASSERT(volume == rthVolume);
            if (!out->empty()) {
                RC_ASSERT(high == rthHigh);
                RC_ASSERT(low == rthLow);
            }
            auto live = BarResampler::create(*Timeframe::parse("1m"), *Timeframe::parse(target),
                                             calendar);
            std::vector<std::pair<Timestamp, BarData>> streamed;
            for (const auto &[time, bar] : bars)
                live->add(time, bar, streamed);
            live->flush(streamed);
            RC_ASSERT(streamed.size() == out->size());
            for (std::size_t i = 0; i < streamed.size(); ++i) {
                RC_ASSERT(streamed[i].first == (*out)[i].first);
                RC_ASSERT(streamed[i].second.volume == (*out)[i].second.volume);
                RC_ASSERT(streamed[i].second.close == (*out)[i].second.close);
            }
        }));
    }
};

QTEST_APPLESS_MAIN(TestFeatureProperties)
#include "tst_featureproperties.moc"
