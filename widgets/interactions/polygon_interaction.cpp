#include "widgets/interactions/polygon_interaction.h"

namespace mr::widgets {

bool PolygonInteraction::press(const SliceInput& in, const SlicePress& e) {
    if (e.button != Qt::LeftButton) return false;
    path_ << in.viewport.voxelXYAt(e.pos);
    Q_EMIT feedbackChanged();
    return false;  // a corner per click, no drag
}

bool PolygonInteraction::doubleClick(const SliceInput& in) {
    close(in.viewport.slice);
    return true;
}

void PolygonInteraction::hover(std::optional<QPointF> pos) {
    hover_ = pos;
    if (!path_.isEmpty()) Q_EMIT feedbackChanged();
}

}  // namespace mr::widgets
