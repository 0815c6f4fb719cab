#pragma once
// The brush and the eraser: a circle of a radius in millimetres (an ellipse of pixels on
// anisotropic slices; Shift+wheel changes it) dragged over an axial slice. The stroke is emitted
// as it is drawn, one segment per mouse move (the first has from == to), so its owner can paint
// it at once; the outline follows the cursor.
#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class BrushInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    void setErase(bool erase) { erase_ = erase; }
    bool erase() const { return erase_; }
    // Clamped to 0.1..200 mm; radiusChanged when it changed.
    void setRadiusMm(double mm);
    double radiusMm() const { return radiusMm_; }

    bool press(const SliceInput& in, const SlicePress& e) override;
    void drag(const SliceInput& in, QPointF pos) override;
    void release(const SliceInput& in, QPointF pos) override;
    void hover(std::optional<QPointF> pos) override;
    void wheel(const SliceInput& in, int steps) override;
    void cancel() override { stroking_ = false; }
    void paint(QPainter& p, const SliceViewport& vp) const override;
    Qt::CursorShape cursor() const override { return Qt::BlankCursor; }  // the outline is the cursor

Q_SIGNALS:
    // Continuous voxel coordinates (x, y) of the slice.
    void strokeStarted(qint64 slice, bool erase);
    void strokeMoved(qint64 slice, QPointF from, QPointF to);
    void strokeFinished(qint64 slice);
    void radiusChanged(double mm);

private:
    bool erase_ = false;
    double radiusMm_ = 5;
    bool stroking_ = false;
    QPointF lastVoxel_;
    std::optional<QPointF> hover_;  // widget position of the cursor
};

}  // namespace mr::widgets
