#pragma once

// Drift monitoring: does a feature's recent distribution still look like its reference one?
// Two statistics over a reference sample and a recent sample:
// - population stability index, PSI = Σ (q_i − p_i) · ln(q_i / p_i) over bins cut at the
//   reference sample's deciles (p: reference share, q: recent share, both floored at 1e-4 so an
//   empty bin stays finite); rule of thumb: < 0.1 stable, 0.1–0.25 moderate, > 0.25 shifted.
// - two-sample Kolmogorov–Smirnov statistic D = max |F_ref(x) − F_recent(x)|.
//
//     DriftMonitor monitor("rsi@1(period=14)", "SPY", {.referenceSize = 250, .recentSize = 60});
//     if (std::optional<DriftAlert> alert = monitor.observe(time, value))
//         raise(alert->message);        // once per crossing; re-armed when back under
//
// The reference sample is the first referenceSize values observed; the recent one the last
// recentSize values, checked every checkEvery values once full.

#include "engine/core/timestamp.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace meridian::engine {

// PSI of `recent` against `reference` with `bins` quantile bins of the reference (bins ≥ 2,
// both samples non-empty).
double populationStabilityIndex(std::span<const double> reference, std::span<const double> recent,
                                std::size_t bins = 10);
// Two-sample KS statistic D in [0, 1].
double kolmogorovSmirnov(std::span<const double> reference, std::span<const double> recent);

struct DriftSettings
{
    std::size_t referenceSize = 250;
    std::size_t recentSize = 60;
    std::size_t checkEvery = 1;
    std::size_t bins = 10;
    double psiThreshold = 0.25;
    double ksThreshold = 0.3;
};

struct DriftAlert
{
    Timestamp time;
    double psi = 0;
    double ks = 0;
    std::string message; // "drift in rsi@1(period=14) on SPY at ...: PSI 0.41 > 0.25, KS ..."
};

class DriftMonitor
{
public:
    DriftMonitor(std::string feature, std::string symbol, DriftSettings settings);

    // An alert when this value's check crosses a threshold (not again until back under both).
    std::optional<DriftAlert> observe(Timestamp time, double value);
    double lastPsi() const { return m_lastPsi; }
    double lastKs() const { return m_lastKs; }
    bool referenceReady() const { return m_reference.size() == m_settings.referenceSize; }

private:
    std::string m_feature;
    std::string m_symbol;
    DriftSettings m_settings;
    std::vector<double> m_reference;
    std::vector<double> m_recent; // ring of recentSize
    std::size_t m_next = 0;
    std::size_t m_sinceCheck = 0;
    bool m_alerting = false;
    double m_lastPsi = 0;
    double m_lastKs = 0;
};

} // namespace meridian::engine
