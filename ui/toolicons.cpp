#include "ui/toolicons.h"

#include <QPainter>
#include <QPixmap>
#include <QPolygonF>

namespace meridian::ui {

namespace {

QPixmap paint(ToolIcon kind, const QColor &color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.scale(size / 16.0, size / 16.0);
    switch (kind) {
    case ToolIcon::Run:
        painter.drawPolygon(QPolygonF({QPointF(4, 2.5), QPointF(13.5, 8), QPointF(4, 13.5)}));
        break;
    case ToolIcon::Pause:
        painter.drawRoundedRect(QRectF(3.5, 2.5, 3.2, 11), 0.8, 0.8);
        painter.drawRoundedRect(QRectF(9.3, 2.5, 3.2, 11), 0.8, 0.8);
        break;
    case ToolIcon::Step:
        painter.drawPolygon(QPolygonF({QPointF(2.5, 2.5), QPointF(10.5, 8), QPointF(2.5, 13.5)}));
        painter.drawRoundedRect(QRectF(11, 2.5, 2.6, 11), 0.6, 0.6);
        break;
    case ToolIcon::Cancel:
        painter.drawRoundedRect(QRectF(3, 3, 10, 10), 1.5, 1.5);
        break;
    }
    return pixmap;
}

} // namespace

QIcon toolIcon(ToolIcon kind, const QColor &color)
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        icon.addPixmap(paint(kind, color, size), QIcon::Normal);
        QColor disabled = color;
        disabled.setAlphaF(0.35);
        icon.addPixmap(paint(kind, disabled, size), QIcon::Disabled);
    }
    return icon;
}

} // namespace meridian::ui
