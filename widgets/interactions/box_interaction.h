#pragma once
// The box prompt: drag a rectangle on an axial slice. A rubber band follows the mouse; on release
// a box of at least 3 × 3 screen pixels, clamped to the image, is emitted in voxel coordinates.
#include <QRectF>

#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class BoxInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    bool press(const SliceInput& in, const SlicePress& e) override;
    void drag(const SliceInput& in, QPointF pos) override;
    void release(const SliceInput& in, QPointF pos) override;
    void cancel() override;
    void paint(QPainter& p, const SliceViewport& vp) const override;

Q_SIGNALS:
    void boxDrawn(qint64 slice, double x1, double y1, double x2, double y2);

private:
    std::optional<QRectF> rubberBand_;  // widget coordinates
};

}  // namespace mr::widgets
