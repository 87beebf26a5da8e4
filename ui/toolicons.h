#pragma once

// The run controls' icons (run, pause, step, cancel), painted in the theme's text colour so they
// stay visible on the dark tool bar as well as the light one.

#include <QColor>
#include <QIcon>

namespace meridian::ui {

enum class ToolIcon { Run, Pause, Step, Cancel };

QIcon toolIcon(ToolIcon kind, const QColor &color);

} // namespace meridian::ui
