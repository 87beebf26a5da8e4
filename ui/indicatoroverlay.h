#pragma once

// Indicator overlays for the price chart, computed from the feature library's indicator registry
// (engine/features/indicator.h) over the bars the chart shows: one line per indicator output,
// aligned with the bars (NaN during the warm-up), drawn over the price for price-pane
// indicators (SMA, EMA, Bollinger) or in a pane of their own (RSI, MACD).

#include "ui/runsnapshot.h"

#include "engine/features/indicator.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace meridian::ui {

struct OverlayLine
{
    QString label; // "SMA 20", "Bollinger 20 upper"
    QString pane;  // empty: over the price; else the pane's name ("RSI 14")
    std::vector<double> values;
};

// The indicators offered in the chart's menu, in menu order (those the registry has).
QStringList overlayIndicators(const engine::IndicatorRegistry &registry);
// "SMA 20", "MACD 12/26/9": the indicator with its default parameters.
QString overlayTitle(const engine::IndicatorRegistry &registry, const QString &name);

// The lines of indicator `name` (default parameters) over `bars`; empty when it cannot be
// computed (unknown name, too few bars).
std::vector<OverlayLine> computeOverlay(const engine::IndicatorRegistry &registry, const QString &name,
                                        const std::vector<ChartBar> &bars);

} // namespace meridian::ui
