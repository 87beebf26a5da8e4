// The indicator library against reference values computed independently from each formula's
// definition by tests/fixtures/features/generate_reference.py (pure Python, whole windows
// recomputed from scratch, sources cited there) on real SPY/IWM daily bars (2007-07..2009-06)
// and SPY regular-session minute bars (2013-10-04 and 07). Also: the first ready bar of each
// indicator, batch == incremental bit for bit, the registry's descriptions and its errors, and
// hand-worked small cases.

#include "engine/core/civiltime.h"
#include "engine/features/indicator.h"
#include "engine/features/momentum.h"
#include "engine/features/movingaverages.h"
#include "engine/features/range.h"
#include "engine/features/rollingextrema.h"
#include "engine/features/rollingstats.h"
#include "engine/features/volume.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace meridian::engine;

namespace {

const std::string fixtures = std::string(MERIDIAN_SOURCE_DIR) + "/tests/fixtures/features/";

std::vector<std::string> splitCsv(const std::string &line)
{
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (const char ch : line) {
        if (ch == '"')
            quoted = !quoted;
        else if (ch == ',' && !quoted) {
            fields.push_back(field);
            field.clear();
        } else
            field += ch;
    }
    fields.push_back(field);
    return fields;
}

std::vector<IndicatorBar> readBars(const std::string &file)
{
    std::ifstream in(fixtures + file);
    std::string line;
    std::getline(in, line);
    std::vector<IndicatorBar> bars;
    while (std::getline(in, line)) {
        const std::vector<std::string> f = splitCsv(line);
        IndicatorBar bar;
        if (f[0].size() == 10) {
            bar.time = dailyBarTimestamp(*Date::parse(f[0]));
        } else {
            // Minute bars are stamped at their end.
            bar.time = *parseTimestamp(f[0], LocalZone::NewYork) + Duration::minutes(1);
        }
        bar.open = std::stod(f[1]);
        bar.high = std::stod(f[2]);
        bar.low = std::stod(f[3]);
        bar.close = std::stod(f[4]);
        bar.volume = std::stod(f[5]);
        bar.benchmark = std::stod(f[6]);
        bars.push_back(bar);
    }
    return bars;
}

IndicatorParams parseParams(const std::string &text)
{
    IndicatorParams params;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        const auto eq = item.find('=');
        params[item.substr(0, eq)] = std::stod(item.substr(eq + 1));
    }
    return params;
}

// (input, indicator, params) -> output -> bar index -> value
using Key = std::tuple<std::string, std::string, std::string>;
using Reference = std::map<Key, std::map<std::string, std::map<std::size_t, double>>>;

Reference readReference()
{
    std::ifstream in(fixtures + "reference.csv");
    std::string line;
    std::getline(in, line);
    Reference reference;
    while (std::getline(in, line)) {
        const std::vector<std::string> f = splitCsv(line);
        reference[Key{f[0], f[1], f[2]}][f[4]][std::stoul(f[3])] = std::stod(f[5]);
    }
    return reference;
}

} // namespace

class TestIndicators : public QObject
{
    Q_OBJECT

private slots:
    void matchesIndependentReference()
    {
        const std::vector<IndicatorBar> daily = readBars("input_daily.csv");
        const std::vector<IndicatorBar> minute = readBars("input_minute.csv");
        QCOMPARE(daily.size(), std::size_t(504));
        QCOMPARE(minute.size(), std::size_t(780));
        const Reference reference = readReference();
        const IndicatorRegistry registry = IndicatorRegistry::builtin();

        std::set<std::string> covered;
        std::size_t compared = 0;
        for (const auto &[key, outputs] : reference) {
            const auto &[input, name, paramText] = key;
            const std::vector<IndicatorBar> &bars = input == "daily" ? daily : minute;
            const IndicatorInfo *info = registry.find(name);
            QVERIFY2(info != nullptr, name.c_str());
            covered.insert(name);
            auto created = registry.create(name, parseParams(paramText));
            QVERIFY2(created.has_value(), name.c_str());
            Indicator &indicator = **created;
            const std::string where = name + "(" + paramText + ")";

            const std::size_t firstExpected = outputs.begin()->second.begin()->first;
            QCOMPARE(indicator.warmup(), firstExpected + 1);
            for (std::size_t row = 0; row < bars.size(); ++row) {
                const bool ready = indicator.update(bars[row]);
                QVERIFY2(ready == (row >= firstExpected), (where + " row " + std::to_string(row)).c_str());
                if (!ready)
                    continue;
                for (std::size_t i = 0; i < info->outputs.size(); ++i) {
                    const auto column = outputs.find(info->outputs[i]);
                    QVERIFY2(column != outputs.end(), (where + " " + info->outputs[i]).c_str());
                    const double expected = column->second.at(row);
                    const double actual = indicator.output(i);
                    // Relative 1e-9 (absolute for values near 0, scaled to the input's size).
                    const double tolerance = 1e-9 * std::max(1.0, std::fabs(expected));
                    if (!(std::fabs(actual - expected) <= tolerance))
                        QFAIL((where + " " + info->outputs[i] + " at row " + std::to_string(row)
                               + ": expected " + std::to_string(expected) + ", got "
                               + std::to_string(actual))
                                  .c_str());
                    ++compared;
                }
            }
        }
        // Every indicator of the library has reference values.
        for (const IndicatorInfo &info : registry.all())
            QVERIFY2(covered.count(info.name) == 1, info.name.c_str());
        QVERIFY(compared > 25000);
    }

    void vwapMatchesDataReadmeFigures()
    {
        // shared/data/README.md: SPY RTH VWAP (sum close*volume / sum volume) 2013-10-04
        // 168.489706, 2013-10-07 167.917636. The VWAP restarts on the new day.
        const std::vector<IndicatorBar> minute = readBars("input_minute.csv");
        Vwap vwap(VwapPrice::Close);
        for (std::size_t i = 0; i < 390; ++i)
            vwap.update(minute[i].time, minute[i].high, minute[i].low, minute[i].close, minute[i].volume);
        QVERIFY(std::fabs(vwap.value() - 168.489706) < 5e-7);
        vwap.update(minute[390].time, minute[390].high, minute[390].low, minute[390].close,
                    minute[390].volume);
        QCOMPARE(vwap.value(), minute[390].close);
        for (std::size_t i = 391; i < 780; ++i)
            vwap.update(minute[i].time, minute[i].high, minute[i].low, minute[i].close, minute[i].volume);
        QVERIFY(std::fabs(vwap.value() - 167.917636) < 5e-7);
    }

    void batchEqualsIncrementalExactly()
    {
        const std::vector<IndicatorBar> daily = readBars("input_daily.csv");
        const IndicatorRegistry registry = IndicatorRegistry::builtin();
        for (const IndicatorInfo &info : registry.all()) {
            const Result<IndicatorSeries> batch = computeBatch(registry, info.name, {}, daily);
            QVERIFY(batch.has_value());
            auto incremental = registry.create(info.name, {});
            std::size_t row = 0;
            for (std::size_t i = 0; i < daily.size(); ++i) {
                if (!(*incremental)->update(daily[i]))
                    continue;
                if (row == 0)
                    QCOMPARE(batch->firstBar, i);
                QVERIFY(batch->times[row] == daily[i].time);
                for (std::size_t k = 0; k < info.outputs.size(); ++k)
                    QVERIFY2(batch->values[k][row] == (*incremental)->output(k), info.name.c_str());
                ++row;
            }
            QCOMPARE(batch->times.size(), row);
            // reset() starts over: the same numbers again.
            (*incremental)->reset();
            QVERIFY(!(*incremental)->ready());
            const IndicatorSeries again = computeBatch(**incremental, info.outputs, daily);
            QVERIFY(again.values == batch->values);
        }
    }

    void registryDescribesIndicators()
    {
        const IndicatorRegistry registry = IndicatorRegistry::builtin();
        const IndicatorInfo *bands = registry.find("bollinger");
        QVERIFY(bands != nullptr);
        QVERIFY(bands->pane == IndicatorPane::Price);
        QCOMPARE(bands->outputs, (std::vector<std::string>{"middle", "upper", "lower"}));
        QCOMPARE(bands->params.size(), std::size_t(2));
        QCOMPARE(bands->params[0].name, std::string("period"));
        QCOMPARE(bands->params[0].defaultValue, 20.0);
        QVERIFY(registry.find("rsi")->pane == IndicatorPane::Separate);
        QVERIFY(registry.find("beta")->needsBenchmark);
        QVERIFY(!registry.find("sma")->needsBenchmark);
        QCOMPARE(registry.find("macd")->outputs,
                 (std::vector<std::string>{"macd", "signal", "histogram"}));

        const Result<IndicatorParams> resolved = registry.resolve("macd", {{"slow", 30}});
        QVERIFY(resolved.has_value());
        QCOMPARE(formatIndicatorParams(*resolved), std::string("fast=12,signal=9,slow=30"));
    }

    void registryRejectsBadParameters()
    {
        const IndicatorRegistry registry = IndicatorRegistry::builtin();
        QCOMPARE(registry.create("nope", {}).error().message(), std::string("unknown indicator 'nope'"));
        QCOMPARE(registry.create("sma", {{"length", 3}}).error().message(),
                 std::string("sma: unknown parameter 'length' (known: period)"));
        QCOMPARE(registry.create("sma", {{"period", 0}}).error().message(),
                 std::string("sma: parameter 'period' must be an integer in [1, 100000], got 0"));
        QCOMPARE(registry.create("rsi", {{"period", 2.5}}).error().message(),
                 std::string("rsi: parameter 'period' must be an integer in [1, 100000], got 2.5"));
        QCOMPARE(registry.create("macd", {{"fast", 26}, {"slow", 12}}).error().message(),
                 std::string("macd: fast (26) must be shorter than slow (12)"));
        QCOMPARE(registry.create("bollinger", {{"width", NAN}}).error().message(),
                 std::string("bollinger: parameter 'width' must be a number in [0, 100], got nan"));
    }

    void handWorkedSmallCases()
    {
        // SMA(3) of 1,2,3,4: ready at the 3rd value, 2 then 3.
        Sma sma(3);
        QVERIFY(!sma.update(1));
        QVERIFY(!sma.update(2));
        QVERIFY(sma.update(3));
        QCOMPARE(sma.value(), 2.0);
        sma.update(4);
        QCOMPARE(sma.value(), 3.0);

        // EMA(3): seed SMA(1,2,3) = 2, alpha 0.5: next 2 + 0.5·(6 − 2) = 4.
        Ema ema(3);
        ema.update(1);
        ema.update(2);
        QVERIFY(ema.update(3));
        QCOMPARE(ema.value(), 2.0);
        ema.update(6);
        QCOMPARE(ema.value(), 4.0);

        // WMA(3) of 1,2,3 = (1 + 4 + 9) / 6; then 2,3,7 = (2 + 6 + 21) / 6.
        Wma wma(3);
        wma.update(1);
        wma.update(2);
        QVERIFY(wma.update(3));
        QCOMPARE(wma.value(), 14.0 / 6.0);
        wma.update(7);
        QCOMPARE(wma.value(), 29.0 / 6.0);

        // RSI(2): changes +1, +1 (seed gain 1, loss 0 → 100), then −2: gain 0.5, loss 1 → 33.33.
        Rsi rsi(2);
        QVERIFY(!rsi.update(10));
        QVERIFY(!rsi.update(11));
        QVERIFY(rsi.update(12));
        QCOMPARE(rsi.value(), 100.0);
        rsi.update(10);
        QVERIFY(std::fabs(rsi.value() - (100.0 - 100.0 / 1.5)) < 1e-12);

        // ATR(2): TR0 = 12 − 10 = 2, TR1 = max(1, |13 − 11|, |12 − 11|) = 2 → 2;
        // TR2 = max(3, |9 − 12.5|, |12 − 12.5|) = 3.5 → (2 + 3.5) / 2 = 2.75.
        Atr atr(2);
        QVERIFY(!atr.update(12, 10, 11));
        QVERIFY(atr.update(13, 12, 12.5));
        QCOMPARE(atr.value(), 2.0);
        atr.update(12, 9, 10);
        QCOMPARE(atr.value(), 2.75);

        // Rolling max(3) of 5,1,4,2,0: 5,5,4 once ready; min(3): 1,1,0.
        RollingMax highest(3);
        RollingMin lowest(3);
        const double xs[] = {5, 1, 4, 2, 0};
        std::vector<double> maxima;
        std::vector<double> minima;
        for (const double x : xs) {
            if (highest.update(x))
                maxima.push_back(highest.value());
            if (lowest.update(x))
                minima.push_back(lowest.value());
        }
        QCOMPARE(maxima, (std::vector<double>{5, 4, 4}));
        QCOMPARE(minima, (std::vector<double>{1, 1, 0}));

        // Flat window: z-score 0, correlation and beta 0 (no NaN).
        ZScore z(3);
        z.update(7);
        z.update(7);
        QVERIFY(z.update(7));
        QCOMPARE(z.value(), 0.0);
        RollingCovariance flat(2);
        flat.update(1, 5);
        QVERIFY(flat.update(2, 5));
        QCOMPARE(flat.correlation(), 0.0);
        QCOMPARE(flat.beta(), 0.0);

        // OBV: 0, +100 (up), +100 (flat), −50 (down) → 0, 100, 100, 50.
        Obv obv;
        obv.update(10, 10);
        QCOMPARE(obv.value(), 0.0);
        obv.update(11, 100);
        obv.update(11, 70);
        QCOMPARE(obv.value(), 100.0);
        obv.update(9, 50);
        QCOMPARE(obv.value(), 50.0);
    }
};

QTEST_APPLESS_MAIN(TestIndicators)
#include "tst_indicators.moc"
