#pragma once

// The workstation's two looks: a dark terminal theme (the default, as traders expect) and a light
// one for bright rooms and print. One colour table per theme drives everything: the application
// palette, the style sheet (resources/styles/terminal.qss, whose @name@ placeholders are filled
// from the table) and the charts, so a widget never hard-codes a colour.
//
//     applyTheme(app, ThemeKind::Dark);
//     const ThemeColors &c = themeColors(ThemeKind::Dark);
//     series->setColor(pnl < 0 ? c.negative : c.positive);

#include <QColor>
#include <QPalette>
#include <QString>
#include <optional>

class QApplication;

namespace meridian::ui {

enum class ThemeKind { Dark, Light };

struct ThemeColors
{
    QColor window; // the main window and dock backgrounds
    QColor panel;  // tables, charts, text fields
    QColor text;
    QColor mutedText; // labels, axis text, disabled items
    QColor grid;      // chart grid and table grid lines
    QColor accent;    // the one highlight colour: focus, progress, default button, tabs
    QColor positive;  // gains, long, filled
    QColor negative;  // losses, short, rejected
    QColor candleUp;
    QColor candleDown;
    QColor volume;
    QColor equity;
    QColor drawdown;
    QColor buyMarker;
    QColor sellMarker;
    QColor crosshair;
    QColor border;       // frames between panels
    QColor header;       // table headers, dock titles, tool bar
    QColor alternateRow; // every other table row
    QColor selection;    // selected rows and text
    QColor selectionText;
    QColor exposure; // the exposure chart's area
};

const ThemeColors &themeColors(ThemeKind kind);

// The application palette of a theme (Active, Inactive and Disabled groups).
QPalette themePalette(ThemeKind kind);

// The application style sheet of a theme: the template resources/styles/terminal.qss with every
// @name@ replaced by that colour of the theme.
QString themeStyleSheet(ThemeKind kind);

// Palette and style sheet, app-wide. Widgets that paint with ThemeColors (charts) are told
// separately by their owner through setTheme().
void applyTheme(QApplication &app, ThemeKind kind);

// "dark" / "light", the names kept in QSettings("theme").
QString themeName(ThemeKind kind);
std::optional<ThemeKind> themeFromName(const QString &name);

// The WCAG 2.x contrast ratio of two opaque colours, 1 (equal luminance) to 21 (black on white):
// (L1 + 0.05) / (L2 + 0.05) with L the relative luminance of the sRGB colour, L1 ≥ L2.
double contrastRatio(const QColor &a, const QColor &b);

} // namespace meridian::ui
