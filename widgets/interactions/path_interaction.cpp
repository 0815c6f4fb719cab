#include "widgets/interactions/path_interaction.h"

#include <QPainter>

#include "widgets/interactions/edit_feedback.h"

namespace mr::widgets {

void PathInteraction::close(int64_t slice) {
    const QPolygonF path = path_;
    path_.clear();
    Q_EMIT feedbackChanged();
    if (path.size() >= 3) Q_EMIT polygonClosed(slice, path, fill_);
}

bool PathInteraction::key(const SliceInput& in, int key) {
    if (path_.isEmpty()) return false;
    switch (key) {
        case Qt::Key_Return:
        case Qt::Key_Enter: close(in.viewport.slice); return true;
        case Qt::Key_Escape: path_.clear(); break;
        case Qt::Key_Backspace: path_.removeLast(); break;
        default: return false;
    }
    Q_EMIT feedbackChanged();
    return true;
}

bool PathInteraction::wantsKey(int key) const {
    return !path_.isEmpty() &&
           (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Escape || key == Qt::Key_Backspace);
}

void PathInteraction::cancel() {
    if (path_.isEmpty()) return;
    path_.clear();
    Q_EMIT feedbackChanged();
}

void PathInteraction::paint(QPainter& p, const SliceViewport& vp) const {
    if (path_.isEmpty()) return;
    const QColor colour = editColour(!fill_);
    QPolygonF onScreen;
    for (const QPointF& v : path_) onScreen << vp.widgetPosOf(v.x(), v.y());
    if (showsCorners()) {
        for (const QPointF& q : onScreen) {
            p.setPen(QPen(colour, 1));
            p.setBrush(colour);
            p.drawEllipse(q, 2.5, 2.5);
        }
    }
    if (const auto next = pendingCorner()) onScreen << *next;
    QColor fill = colour;
    fill.setAlpha(50);
    p.setBrush(fill);
    p.setPen(QPen(colour, 1.5, Qt::DashLine));
    p.drawPolygon(onScreen);
}

}  // namespace mr::widgets
