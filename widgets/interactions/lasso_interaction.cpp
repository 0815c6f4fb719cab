#include "widgets/interactions/lasso_interaction.h"

#include <QLineF>

namespace mr::widgets {

bool LassoInteraction::press(const SliceInput& in, const SlicePress& e) {
    if (e.button != Qt::LeftButton) return false;
    path_ = QPolygonF() << in.viewport.voxelXYAt(e.pos);
    Q_EMIT feedbackChanged();
    return true;
}

void LassoInteraction::drag(const SliceInput& in, QPointF pos) {
    if (path_.isEmpty()) return;  // dropped with Esc while drawing
    const QPointF v = in.viewport.voxelXYAt(pos);
    // Skip sub-pixel jitter: the lasso stays a few hundred points even for slow hands.
    if (QLineF(v, path_.last()).length() < 0.5) return;
    path_ << v;
    Q_EMIT feedbackChanged();
}

void LassoInteraction::release(const SliceInput& in, QPointF) { close(in.viewport.slice); }

}  // namespace mr::widgets
