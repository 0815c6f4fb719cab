#pragma once
// One undo step: what an edit changed on one slice. Masks are 0/1, so a change is a flip, and a
// patch only needs to know *where* pixels flipped: applying it flips them, and applying it again
// flips them back, so undo and redo are the same operation and no "before" copy is kept.
// Inside the bounding rectangle of the changed pixels it stores run lengths (alternating
// unchanged/changed, varint-coded): a brush dab on a 512x512 slice costs tens of bytes, not 256 KB.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/edit/mask_view.h"

namespace mr::edit {

class MaskPatch {
public:
    MaskPatch() = default;

    // The flips that turn `before` into `after` (width*height bytes each; any non-zero byte
    // counts as 1). Throws mr::Error for a negative size.
    static MaskPatch between(const uint8_t* before, const uint8_t* after, int width, int height);

    // Flips the changed pixels (non-zero becomes 0, 0 becomes 1). Throws mr::Error when the
    // view's size differs from the patch's.
    void apply(MaskView mask) const;

    bool empty() const { return changed_ == 0; }
    int64_t changedPixels() const { return changed_; }
    // Heap bytes plus the object itself: what an undo stack pays per step.
    size_t memoryBytes() const { return sizeof(*this) + runs_.capacity(); }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    int width_ = 0, height_ = 0;
    int x0_ = 0, y0_ = 0, boxWidth_ = 0, boxHeight_ = 0;  // bounding rectangle of the flips
    int64_t changed_ = 0;
    // Varint run lengths over the rectangle in raster order: unchanged, changed, unchanged, ...
    std::vector<uint8_t> runs_;
};

}  // namespace mr::edit
