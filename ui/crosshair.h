#pragma once

// Crosshair: a vertical and a horizontal line following the mouse inside one axis rect of a
// QCustomPlot, with a readout box in the rect's top-left corner that the owner fills (the bar's
// OHLCV, the equity and drawdown at that time).

#include <QColor>
#include <QString>

class QCustomPlot;
class QCPAxisRect;
class QCPItemStraightLine;
class QCPItemText;

namespace meridian::ui {

class Crosshair
{
public:
    Crosshair(QCustomPlot *plot, QCPAxisRect *rect);

    // Puts the lines at plot coordinates (x, y); `y` is ignored when the mouse is not in this
    // rect (only the vertical line shows, synced from another rect).
    void show(double x, double y, bool showHorizontal, const QString &readout);
    void hide();
    void setColors(const QColor &line, const QColor &text, const QColor &background);
    bool isVisible() const;

private:
    QCPAxisRect *m_rect;
    QCPItemStraightLine *m_vertical;
    QCPItemStraightLine *m_horizontal;
    QCPItemText *m_readout;
};

} // namespace meridian::ui
