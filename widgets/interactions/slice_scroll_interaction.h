#pragma once
// Slice scrolling: the wheel (one slice per step), Up/Right and Down/Left (one slice), Page Up and
// Page Down (a tenth of the slices), Home and End, in any tool.
#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class SliceScrollInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    bool key(const SliceInput& in, int key) override;
    void wheel(const SliceInput& in, int steps) override;

Q_SIGNALS:
    void sliceRequested(qint64 slice);  // may be outside the volume: the view clamps it
};

}  // namespace mr::widgets
