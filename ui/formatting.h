#pragma once

// How the workstation writes numbers and times: money with thousands separators and two
// decimals from the exact fixed-point value (never through double), percentages with two
// decimals, times in New York wall-clock time (the exchange's).

#include "engine/core/money.h"
#include "engine/core/timestamp.h"

#include <QColor>
#include <QString>

namespace meridian::ui::format {

// "1,234,567.89" (the locale's separators); negative as "-1,234.50".
QString money(engine::Money value);
QString price(engine::Price value);
// Exact, without trailing zeros: "100", "0.5".
QString quantity(engine::Quantity value);
// Groups the integer part of an exact decimal string ("-1234567.5" -> "-1,234,567.5").
QString groupDecimal(const QString &decimal);
// 0.1234 -> "12.34 %".
QString percent(double fraction);
// Two decimals with separators: 1234.5 -> "1,234.50".
QString number(double value, int decimals = 2);
QString integer(qint64 value);
// "2021-03-31 16:00" New York time; daily bars (stamped 16:00 or 20:00Z/21:00Z) read the same.
QString time(engine::Timestamp utc);
// "2021-03-31T20:00:00Z" -> New York time as above; other text is returned unchanged.
QString isoTime(const QString &iso);
// The charts' x: New York wall-clock time in seconds, counted as if it were UTC (so calendar
// ticks and labels are New York dates whatever the computer's time zone).
double chartTime(engine::Timestamp utc);
// "2021-03-31 16:00" for a chart x.
QString chartTimeText(double x);

// -1, 0 or +1.
int sign(double value);

} // namespace meridian::ui::format
