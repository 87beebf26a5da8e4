#include "ui/indicatoroverlay.h"

#include <cmath>
#include <limits>

namespace meridian::ui {

namespace {

const QStringList &offered()
{
    static const QStringList names{QStringLiteral("sma"), QStringLiteral("ema"), QStringLiteral("bollinger"),
                                   QStringLiteral("rsi"), QStringLiteral("macd")};
    return names;
}

QString shortName(const QString &name)
{
    return name == QLatin1String("bollinger") ? QStringLiteral("Bollinger") : name.toUpper();
}

} // namespace

QStringList overlayIndicators(const engine::IndicatorRegistry &registry)
{
    QStringList names;
    for (const QString &name : offered()) {
        if (registry.find(name.toStdString()) != nullptr)
            names << name;
    }
    return names;
}

QString overlayTitle(const engine::IndicatorRegistry &registry, const QString &name)
{
    const engine::IndicatorInfo *info = registry.find(name.toStdString());
    if (info == nullptr)
        return name;
    QStringList values;
    for (const engine::IndicatorParam &param : info->params)
        values << QString::fromStdString(engine::formatIndicatorNumber(param.defaultValue));
    return values.isEmpty() ? shortName(name) : shortName(name) + QLatin1Char(' ') + values.join(QLatin1Char('/'));
}

std::vector<OverlayLine> computeOverlay(const engine::IndicatorRegistry &registry, const QString &name,
                                        const std::vector<ChartBar> &bars)
{
    const engine::IndicatorInfo *info = registry.find(name.toStdString());
    if (info == nullptr || bars.empty())
        return {};
    std::vector<engine::IndicatorBar> input;
    input.reserve(bars.size());
    for (const ChartBar &bar : bars) {
        engine::IndicatorBar item;
        item.open = bar.open;
        item.high = bar.high;
        item.low = bar.low;
        item.close = bar.close;
        item.volume = bar.volume;
        input.push_back(item);
    }
    const auto series = engine::computeBatch(registry, info->name, {}, input);
    if (!series)
        return {};
    const QString title = overlayTitle(registry, name);
    const QString pane = info->pane == engine::IndicatorPane::Price ? QString() : title;
    std::vector<OverlayLine> lines;
    for (std::size_t output = 0; output < series->outputs.size(); ++output) {
        OverlayLine line;
        line.label = series->outputs.size() == 1
                         ? title
                         : title + QLatin1Char(' ') + QString::fromStdString(series->outputs[output]);
        line.pane = pane;
        line.values.assign(bars.size(), std::numeric_limits<double>::quiet_NaN());
        const auto &values = series->values[output];
        for (std::size_t row = 0; row < values.size() && series->firstBar + row < bars.size(); ++row)
            line.values[series->firstBar + row] = values[row];
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace meridian::ui
