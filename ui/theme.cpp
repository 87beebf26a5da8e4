#include "ui/theme.h"

#include <QApplication>
#include <QFile>
#include <cmath>

// Q_INIT_RESOURCE must be expanded outside any namespace. meridian_ui is a static library, so
// without an explicit reference the linker may drop the style sheet resource from the app.
static void initStyleResources()
{
    Q_INIT_RESOURCE(styles);
}

namespace meridian::ui {

namespace {

// Dark: near-black blue panels, light grey text, amber accent (terminal style), teal/red for
// sign. Light: white panels, ink text, blue accent, darker teal/red that keep 4.5:1 on white.
const ThemeColors darkColors{
    .window = QColor(0x0b, 0x0e, 0x14),
    .panel = QColor(0x13, 0x17, 0x22),
    .text = QColor(0xd1, 0xd4, 0xdc),
    .mutedText = QColor(0x8b, 0x93, 0xa7),
    .grid = QColor(0x23, 0x28, 0x35),
    .accent = QColor(0xf5, 0xa6, 0x23),
    .positive = QColor(0x26, 0xa6, 0x9a),
    .negative = QColor(0xef, 0x53, 0x50),
    .candleUp = QColor(0x26, 0xa6, 0x9a),
    .candleDown = QColor(0xef, 0x53, 0x50),
    .volume = QColor(0x4a, 0x55, 0x6e),
    .equity = QColor(0x4c, 0x9a, 0xff),
    .drawdown = QColor(0xef, 0x53, 0x50),
    .buyMarker = QColor(0x00, 0xe6, 0x76),
    .sellMarker = QColor(0xff, 0x52, 0x52),
    .crosshair = QColor(0x95, 0x98, 0xa1),
    .border = QColor(0x2a, 0x2e, 0x39),
    .header = QColor(0x1a, 0x1e, 0x2a),
    .alternateRow = QColor(0x17, 0x1b, 0x27),
    .selection = QColor(0x2b, 0x3d, 0x63),
    .selectionText = QColor(0xff, 0xff, 0xff),
    .exposure = QColor(0xb3, 0x88, 0xff),
};

const ThemeColors lightColors{
    .window = QColor(0xee, 0xf1, 0xf6),
    .panel = QColor(0xff, 0xff, 0xff),
    .text = QColor(0x13, 0x17, 0x22),
    .mutedText = QColor(0x5a, 0x60, 0x70),
    .grid = QColor(0xe3, 0xe6, 0xee),
    .accent = QColor(0x1d, 0x5f, 0xd1),
    .positive = QColor(0x06, 0x76, 0x66),
    .negative = QColor(0xc6, 0x28, 0x28),
    .candleUp = QColor(0x08, 0x99, 0x81),
    .candleDown = QColor(0xf2, 0x36, 0x45),
    .volume = QColor(0xb8, 0xc0, 0xd0),
    .equity = QColor(0x1d, 0x5f, 0xd1),
    .drawdown = QColor(0xc6, 0x28, 0x28),
    .buyMarker = QColor(0x00, 0x96, 0x4b),
    .sellMarker = QColor(0xd5, 0x00, 0x00),
    .crosshair = QColor(0x6a, 0x6d, 0x78),
    .border = QColor(0xc9, 0xce, 0xd9),
    .header = QColor(0xe4, 0xe8, 0xf0),
    .alternateRow = QColor(0xf6, 0xf8, 0xfb),
    .selection = QColor(0xcf, 0xe0, 0xff),
    .selectionText = QColor(0x13, 0x17, 0x22),
    .exposure = QColor(0x6a, 0x3d, 0xc8),
};

double linearChannel(double channel)
{
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

double relativeLuminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * linearChannel(rgb.redF()) + 0.7152 * linearChannel(rgb.greenF())
           + 0.0722 * linearChannel(rgb.blueF());
}

QString colorText(const QColor &color)
{
    return color.name(QColor::HexRgb);
}

} // namespace

const ThemeColors &themeColors(ThemeKind kind)
{
    return kind == ThemeKind::Light ? lightColors : darkColors;
}

QPalette themePalette(ThemeKind kind)
{
    const ThemeColors &c = themeColors(kind);
    QPalette palette;
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        palette.setColor(group, QPalette::Window, c.window);
        palette.setColor(group, QPalette::WindowText, c.text);
        palette.setColor(group, QPalette::Base, c.panel);
        palette.setColor(group, QPalette::AlternateBase, c.alternateRow);
        palette.setColor(group, QPalette::Text, c.text);
        palette.setColor(group, QPalette::Button, c.header);
        palette.setColor(group, QPalette::ButtonText, c.text);
        palette.setColor(group, QPalette::BrightText, c.selectionText);
        palette.setColor(group, QPalette::Highlight, c.selection);
        palette.setColor(group, QPalette::HighlightedText, c.selectionText);
        palette.setColor(group, QPalette::ToolTipBase, c.header);
        palette.setColor(group, QPalette::ToolTipText, c.text);
        palette.setColor(group, QPalette::PlaceholderText, c.mutedText);
        palette.setColor(group, QPalette::Link, c.accent);
        palette.setColor(group, QPalette::LinkVisited, c.accent);
        palette.setColor(group, QPalette::Light, c.border.lighter(130));
        palette.setColor(group, QPalette::Midlight, c.border);
        palette.setColor(group, QPalette::Mid, c.border);
        palette.setColor(group, QPalette::Dark, c.window);
        palette.setColor(group, QPalette::Shadow, c.window.darker(150));
    }
    palette.setColor(QPalette::Disabled, QPalette::Window, c.window);
    palette.setColor(QPalette::Disabled, QPalette::Base, c.window);
    palette.setColor(QPalette::Disabled, QPalette::Button, c.window);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, c.mutedText);
    palette.setColor(QPalette::Disabled, QPalette::Text, c.mutedText);
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, c.mutedText);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, c.border);
    palette.setColor(QPalette::Disabled, QPalette::HighlightedText, c.mutedText);
    return palette;
}

QString themeStyleSheet(ThemeKind kind)
{
    initStyleResources();
    QFile file(QStringLiteral(":/styles/terminal.qss"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QString sheet = QString::fromUtf8(file.readAll());
    const ThemeColors &c = themeColors(kind);
    const std::pair<const char *, const QColor &> colors[] = {
        {"window", c.window},
        {"panel", c.panel},
        {"text", c.text},
        {"mutedText", c.mutedText},
        {"grid", c.grid},
        {"accent", c.accent},
        {"positive", c.positive},
        {"negative", c.negative},
        {"border", c.border},
        {"header", c.header},
        {"alternateRow", c.alternateRow},
        {"selection", c.selection},
        {"selectionText", c.selectionText},
    };
    for (const auto &[name, color] : colors)
        sheet.replace(QLatin1Char('@') + QLatin1String(name) + QLatin1Char('@'), colorText(color));
    // The accent's text colour: dark ink on the amber of the dark theme, white on the blue.
    sheet.replace(QStringLiteral("@accentText@"),
                  colorText(kind == ThemeKind::Dark ? c.window : c.panel));
    return sheet;
}

void applyTheme(QApplication &app, ThemeKind kind)
{
    // Fusion draws every control from the palette, so both themes look the same on every desktop.
    app.setStyle(QStringLiteral("Fusion"));
    app.setPalette(themePalette(kind));
    app.setStyleSheet(themeStyleSheet(kind));
}

QString themeName(ThemeKind kind)
{
    return kind == ThemeKind::Light ? QStringLiteral("light") : QStringLiteral("dark");
}

std::optional<ThemeKind> themeFromName(const QString &name)
{
    if (name == QLatin1String("dark"))
        return ThemeKind::Dark;
    if (name == QLatin1String("light"))
        return ThemeKind::Light;
    return std::nullopt;
}

double contrastRatio(const QColor &a, const QColor &b)
{
    double lighter = relativeLuminance(a);
    double darker = relativeLuminance(b);
    if (lighter < darker)
        std::swap(lighter, darker);
    return (lighter + 0.05) / (darker + 0.05);
}

} // namespace meridian::ui
