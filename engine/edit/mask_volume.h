#pragma once
// The editable mask of a whole volume. Slices are allocated on first write: an expert usually
// touches a few dozen slices of a 400-slice CT, so only those cost memory.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/edit/mask_view.h"

namespace mr::edit {

class MaskVolume {
public:
    // Throws mr::Error for a negative size.
    MaskVolume(int width, int height, int64_t depth);

    // The slice for editing; allocates a zero slice on first use. Throws mr::Error for z outside.
    MaskView slice(int64_t z);
    // nullptr means the slice was never written (all zero). Throws mr::Error for z outside.
    const uint8_t* sliceOrNull(int64_t z) const;
    // True when the slice has no foreground pixel (allocated or not).
    bool sliceEmpty(int64_t z) const;

    int width() const { return width_; }
    int height() const { return height_; }
    int64_t depth() const { return int64_t(slices_.size()); }

    // Bytes held by the allocated slices.
    size_t memoryBytes() const { return allocated_ * sliceSize(); }
    // Frees every slice (the volume is all zero again).
    void clear();
    // Foreground pixels of one slice.
    int64_t countVoxels(int64_t z) const;

private:
    size_t sliceSize() const { return size_t(width_) * size_t(height_); }
    void check(int64_t z) const;

    int width_ = 0, height_ = 0;
    std::vector<std::unique_ptr<uint8_t[]>> slices_;
    size_t allocated_ = 0;
};

}  // namespace mr::edit
