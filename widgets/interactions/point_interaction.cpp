#include "widgets/interactions/point_interaction.h"

#include <cmath>

namespace mr::widgets {

bool PointInteraction::press(const SliceInput& in, const SlicePress& e) {
    if (e.button != Qt::LeftButton) return false;
    const SliceViewport& vp = in.viewport;
    const QPointF v = vp.voxelXYAt(e.pos);
    if (vp.contains({int64_t(std::lround(v.x())), int64_t(std::lround(v.y())), vp.slice}))
        Q_EMIT pointPlaced(vp.slice, v.x(), v.y(), positive_);
    return false;
}

}  // namespace mr::widgets
