#pragma once
// The freehand lasso: press on an axial slice, drag around a region, release to close it.
#include "widgets/interactions/path_interaction.h"

namespace mr::widgets {

class LassoInteraction : public PathInteraction {
    Q_OBJECT
public:
    using PathInteraction::PathInteraction;
    bool press(const SliceInput& in, const SlicePress& e) override;
    void drag(const SliceInput& in, QPointF pos) override;
    void release(const SliceInput& in, QPointF pos) override;
};

}  // namespace mr::widgets
