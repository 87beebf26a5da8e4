#pragma once

// The look shared by the QCustomPlot charts: theme colours on axes, grid, ticks and background,
// and the date axis (New York calendar dates, more detail as the view narrows).

#include "ui/theme.h"

class QCustomPlot;
class QCPAxisRect;
class QCPAxis;

namespace meridian::ui {

void styleAxisRect(QCPAxisRect *rect, const ThemeColors &colors);
void stylePlot(QCustomPlot *plot, const ThemeColors &colors);
// A date-time ticker on `axis` (New York time).
void useDateTicker(QCPAxis *axis);
// Dates only when the view spans weeks or more, dates and times when it spans days.
void adaptDateFormat(QCPAxis *axis);

} // namespace meridian::ui
