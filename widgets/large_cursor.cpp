#include "widgets/large_cursor.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <algorithm>

namespace mr::widgets {

namespace {

QPixmap transparentPixmap(int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    return pixmap;
}

// The classic pointer: tip at the top left, a tail down and to the right.
QCursor arrowCursor(int size) {
    QPixmap pixmap = transparentPixmap(size);
    const double s = size / 24.0;
    QPainterPath arrow;
    arrow.moveTo(1 * s, 1 * s);
    arrow.lineTo(1 * s, 19 * s);
    arrow.lineTo(6 * s, 14.5 * s);
    arrow.lineTo(9.5 * s, 22 * s);
    arrow.lineTo(12.5 * s, 20.5 * s);
    arrow.lineTo(9.2 * s, 13.5 * s);
    arrow.lineTo(15 * s, 13.5 * s);
    arrow.closeSubpath();
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::white, std::max(1.5, 1.2 * s), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::black);
    p.drawPath(arrow);
    p.end();
    return QCursor(pixmap, int(s), int(s));
}

// A cross with a gap at its centre, so the pixel under it stays visible.
QCursor crossCursor(int size) {
    QPixmap pixmap = transparentPixmap(size);
    const double c = size / 2.0, gap = size / 8.0, w = std::max(2.0, size / 16.0);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    for (const auto& [pen, width] : {std::pair{QColor(Qt::white), w + 3}, std::pair{QColor(Qt::black), w}}) {
        p.setPen(QPen(pen, width, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(2, c), QPointF(c - gap, c));
        p.drawLine(QPointF(c + gap, c), QPointF(size - 2, c));
        p.drawLine(QPointF(c, 2), QPointF(c, c - gap));
        p.drawLine(QPointF(c, c + gap), QPointF(c, size - 2));
    }
    p.end();
    return QCursor(pixmap, int(c), int(c));
}

}  // namespace

QCursor largeCursor(Qt::CursorShape shape, int size) {
    size = std::max(16, size);
    switch (shape) {
        case Qt::BlankCursor: return QCursor(Qt::BlankCursor);
        case Qt::ArrowCursor: return arrowCursor(size);
        default: return crossCursor(size);
    }
}

}  // namespace mr::widgets
