#pragma once
// The click-by-click polygon: each click on an axial slice adds a corner, a double-click (or
// Enter) closes it; the edge the next click would add follows the cursor.
#include "widgets/interactions/path_interaction.h"

namespace mr::widgets {

class PolygonInteraction : public PathInteraction {
    Q_OBJECT
public:
    using PathInteraction::PathInteraction;
    bool press(const SliceInput& in, const SlicePress& e) override;
    bool doubleClick(const SliceInput& in) override;
    void hover(std::optional<QPointF> pos) override;

protected:
    std::optional<QPointF> pendingCorner() const override { return hover_; }
    bool showsCorners() const override { return true; }

private:
    std::optional<QPointF> hover_;  // widget position of the cursor
};

}  // namespace mr::widgets
