#include "engine/features/drift.h"

#include "engine/core/civiltime.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace meridian::engine {

double populationStabilityIndex(std::span<const double> reference, std::span<const double> recent,
                                std::size_t bins)
{
    if (reference.empty() || recent.empty() || bins < 2)
        return 0.0;
    std::vector<double> sorted(reference.begin(), reference.end());
    std::sort(sorted.begin(), sorted.end());
    // Upper edges of bins 0..bins-2 at the reference quantiles k/bins; the last bin is open.
    std::vector<double> edges;
    for (std::size_t k = 1; k < bins; ++k)
        edges.push_back(sorted[k * sorted.size() / bins]);
    const auto binOf = [&](double x) {
        return static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin());
    };
    std::vector<double> p(bins, 0.0);
    std::vector<double> q(bins, 0.0);
    for (const double x : reference)
        p[binOf(x)] += 1.0;
    for (const double x : recent)
        q[binOf(x)] += 1.0;
    double psi = 0;
    for (std::size_t i = 0; i < bins; ++i) {
        const double pi = std::max(p[i] / static_cast<double>(reference.size()), 1e-4);
        const double qi = std::max(q[i] / static_cast<double>(recent.size()), 1e-4);
        psi += (qi - pi) * std::log(qi / pi);
    }
    return psi;
}

double kolmogorovSmirnov(std::span<const double> reference, std::span<const double> recent)
{
    if (reference.empty() || recent.empty())
        return 0.0;
    std::vector<double> a(reference.begin(), reference.end());
    std::vector<double> b(recent.begin(), recent.end());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::size_t i = 0;
    std::size_t j = 0;
    double d = 0;
    // Walk the merged order; at each distinct value both empirical CDFs include every equal one.
    while (i < a.size() || j < b.size()) {
        const double x = j == b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
        while (i < a.size() && a[i] <= x)
            ++i;
        while (j < b.size() && b[j] <= x)
            ++j;
        const double gap = std::fabs(static_cast<double>(i) / static_cast<double>(a.size())
                                     - static_cast<double>(j) / static_cast<double>(b.size()));
        d = std::max(d, gap);
    }
    return d;
}

DriftMonitor::DriftMonitor(std::string feature, std::string symbol, DriftSettings settings)
    : m_feature(std::move(feature))
    , m_symbol(std::move(symbol))
    , m_settings(settings)
{
    if (m_settings.referenceSize == 0)
        m_settings.referenceSize = 1;
    if (m_settings.recentSize == 0)
        m_settings.recentSize = 1;
    if (m_settings.checkEvery == 0)
        m_settings.checkEvery = 1;
    m_reference.reserve(m_settings.referenceSize);
    m_recent.reserve(m_settings.recentSize);
}

std::optional<DriftAlert> DriftMonitor::observe(Timestamp time, double value)
{
    if (!std::isfinite(value))
        return std::nullopt;
    if (m_reference.size() < m_settings.referenceSize) {
        m_reference.push_back(value);
        return std::nullopt;
    }
    if (m_recent.size() < m_settings.recentSize) {
        m_recent.push_back(value);
    } else {
        m_recent[m_next] = value;
        m_next = (m_next + 1) % m_recent.size();
    }
    if (m_recent.size() < m_settings.recentSize || ++m_sinceCheck < m_settings.checkEvery)
        return std::nullopt;
    m_sinceCheck = 0;
    m_lastPsi = populationStabilityIndex(m_reference, m_recent, m_settings.bins);
    m_lastKs = kolmogorovSmirnov(m_reference, m_recent);
    const bool over = m_lastPsi > m_settings.psiThreshold || m_lastKs > m_settings.ksThreshold;
    if (!over) {
        m_alerting = false;
        return std::nullopt;
    }
    if (m_alerting)
        return std::nullopt;
    m_alerting = true;
    char numbers[160];
    std::snprintf(numbers, sizeof numbers, ": PSI %.4f (threshold %.4g), KS %.4f (threshold %.4g)",
                  m_lastPsi, m_settings.psiThreshold, m_lastKs, m_settings.ksThreshold);
    std::string message = "drift in ";
    message.append(m_feature).append(" on ").append(m_symbol).append(" at ");
    message.append(formatIso(time)).append(numbers);
    return DriftAlert{time, m_lastPsi, m_lastKs, std::move(message)};
}

} // namespace meridian::engine
