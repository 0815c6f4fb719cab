#include "widgets/interactions/brush_interaction.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "widgets/interactions/edit_feedback.h"

namespace mr::widgets {

void BrushInteraction::setRadiusMm(double mm) {
    mm = std::clamp(mm, 0.1, 200.0);
    if (mm == radiusMm_) return;
    radiusMm_ = mm;
    Q_EMIT feedbackChanged();
    Q_EMIT radiusChanged(mm);
}

bool BrushInteraction::press(const SliceInput& in, const SlicePress& e) {
    if (e.button != Qt::LeftButton) return false;
    const QPointF voxel = in.viewport.voxelXYAt(e.pos);
    stroking_ = true;
    lastVoxel_ = voxel;
    Q_EMIT strokeStarted(in.viewport.slice, erase_);
    Q_EMIT strokeMoved(in.viewport.slice, voxel, voxel);
    return true;
}

void BrushInteraction::drag(const SliceInput& in, QPointF pos) {
    if (!stroking_) return;
    const QPointF v = in.viewport.voxelXYAt(pos);
    Q_EMIT strokeMoved(in.viewport.slice, lastVoxel_, v);
    lastVoxel_ = v;
}

void BrushInteraction::release(const SliceInput& in, QPointF) {
    if (!stroking_) return;
    stroking_ = false;
    Q_EMIT strokeFinished(in.viewport.slice);
}

void BrushInteraction::hover(std::optional<QPointF> pos) {
    hover_ = pos;
    Q_EMIT feedbackChanged();
}

void BrushInteraction::wheel(const SliceInput&, int steps) { setRadiusMm(radiusMm_ * std::pow(1.15, steps)); }

void BrushInteraction::paint(QPainter& p, const SliceViewport& vp) const {
    if (!hover_) return;
    const double r = radiusMm_ / vp.millimetresPerPixel();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0, 0, 0, 160), 3));
    p.drawEllipse(*hover_, r, r);
    p.setPen(QPen(editColour(erase_), 1.5));
    p.drawEllipse(*hover_, r, r);
}

}  // namespace mr::widgets
