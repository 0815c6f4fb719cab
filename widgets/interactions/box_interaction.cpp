#include "widgets/interactions/box_interaction.h"

#include <QPainter>

#include <algorithm>

namespace mr::widgets {

bool BoxInteraction::press(const SliceInput&, const SlicePress& e) {
    if (e.button != Qt::LeftButton) return false;
    rubberBand_ = QRectF(e.pos, e.pos);
    return true;
}

void BoxInteraction::drag(const SliceInput&, QPointF pos) {
    if (!rubberBand_) return;
    rubberBand_->setBottomRight(pos);
    Q_EMIT feedbackChanged();
}

void BoxInteraction::release(const SliceInput& in, QPointF) {
    if (!rubberBand_) return;
    const QRectF r = rubberBand_->normalized();
    rubberBand_.reset();
    Q_EMIT feedbackChanged();
    if (r.width() < 3 || r.height() < 3) return;  // a click, not a box
    // Clamp to the image: the box may be dragged past its edge.
    const SliceViewport& vp = in.viewport;
    QPointF a = vp.voxelXYAt(r.topLeft()), b = vp.voxelXYAt(r.bottomRight());
    const double w = double(vp.size[0] - 1), h = double(vp.size[1] - 1);
    a = {std::clamp(a.x(), 0.0, w), std::clamp(a.y(), 0.0, h)};
    b = {std::clamp(b.x(), 0.0, w), std::clamp(b.y(), 0.0, h)};
    if (b.x() > a.x() && b.y() > a.y()) Q_EMIT boxDrawn(vp.slice, a.x(), a.y(), b.x(), b.y());
}

void BoxInteraction::cancel() {
    if (!rubberBand_) return;
    rubberBand_.reset();
    Q_EMIT feedbackChanged();
}

void BoxInteraction::paint(QPainter& p, const SliceViewport&) const {
    if (!rubberBand_) return;
    p.setPen(QPen(QColor(76, 224, 179), 1.5, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rubberBand_->normalized());
}

}  // namespace mr::widgets
