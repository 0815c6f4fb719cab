#pragma once
// The navigation tool's left button: drag to change window/level (right widens the window, down
// raises the level, scaled to the window so fine and coarse changes are both easy, as in most
// PACS viewers); Shift+click picks the voxel under the cursor for the linked views. Colour images
// have no window.
#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class WindowLevelInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    bool press(const SliceInput& in, const SlicePress& e) override;
    void drag(const SliceInput& in, QPointF pos) override;
    Qt::CursorShape cursor() const override { return Qt::ArrowCursor; }

Q_SIGNALS:
    void windowLevelRequested(double center, double width);
    void voxelPicked(qint64 x, qint64 y, qint64 z);

private:
    QPointF start_;
    mr::imaging::WindowLevel startWindow_;
};

}  // namespace mr::widgets
