#pragma once
// The point prompts: a click on an axial slice places a foreground (positive) or background
// (negative) point at the continuous voxel position under the cursor, when it is on the image.
#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class PointInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    void setPositive(bool positive) { positive_ = positive; }
    bool positive() const { return positive_; }
    bool press(const SliceInput& in, const SlicePress& e) override;

Q_SIGNALS:
    void pointPlaced(qint64 slice, double x, double y, bool positive);

private:
    bool positive_ = true;
};

}  // namespace mr::widgets
