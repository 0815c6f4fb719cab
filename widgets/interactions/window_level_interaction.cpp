#include "widgets/interactions/window_level_interaction.h"

#include <algorithm>

namespace mr::widgets {

bool WindowLevelInteraction::press(const SliceInput& in, const SlicePress& e) {
    if (e.button != Qt::LeftButton) return false;
    if (e.modifiers & Qt::ShiftModifier) {
        const auto v = in.viewport.voxelIndexAt(e.pos);
        if (in.viewport.contains(v)) Q_EMIT voxelPicked(v[0], v[1], v[2]);
        return false;
    }
    if (in.colourImage) return false;
    start_ = e.pos;
    startWindow_ = in.window;
    return true;
}

void WindowLevelInteraction::drag(const SliceInput&, QPointF pos) {
    const QPointF d = pos - start_;
    const double scale = std::max(startWindow_.width, 10.0) / 200.0;
    Q_EMIT windowLevelRequested(startWindow_.center + d.y() * scale,
                                std::max(1.0, startWindow_.width + d.x() * scale * 2));
}

}  // namespace mr::widgets
