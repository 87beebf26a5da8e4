#pragma once

// The look shared by the QCustomPlot charts: theme colours on axes, grid, ticks and background,
// calendar ticks on time axes and table-style numbers on value axes.

#include "ui/theme.h"

class QCustomPlot;
class QCPAxisRect;
class QCPAxis;

namespace meridian::ui {

void styleAxisRect(QCPAxisRect *rect, const ThemeColors &colors);
void stylePlot(QCustomPlot *plot, const ThemeColors &colors);
// Calendar ticks on a time axis (timeticker.h).
void useDateTicker(QCPAxis *axis);
// Grouped ("112,500") or compact ("5.2M") labels on a value axis (valueticker.h).
void useValueTicker(QCPAxis *axis, bool compact);

} // namespace meridian::ui
