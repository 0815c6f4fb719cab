#pragma once
// What the polygon and the lasso share: a path of voxel positions (x, y) on an axial slice that
// closes into a polygon to fill or cut. Enter closes it, Esc drops it, Backspace removes the last
// corner; a path of fewer than three corners closes into nothing.
#include <QPolygonF>

#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class PathInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    void setFill(bool fill) { fill_ = fill; }
    bool fill() const { return fill_; }
    const QPolygonF& path() const { return path_; }

    bool key(const SliceInput& in, int key) override;
    bool wantsKey(int key) const override;
    void cancel() override;
    void paint(QPainter& p, const SliceViewport& vp) const override;

Q_SIGNALS:
    void polygonClosed(qint64 slice, const QPolygonF& polygon, bool fill);

protected:
    void close(int64_t slice);
    // Drawn after the path's corners: the polygon's edge to the cursor.
    virtual std::optional<QPointF> pendingCorner() const { return std::nullopt; }
    virtual bool showsCorners() const { return false; }

    QPolygonF path_;  // voxel (x, y)
    bool fill_ = true;
};

}  // namespace mr::widgets
