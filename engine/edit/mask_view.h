#pragma once
// A non-owning, mutable view of one binary mask slice (one byte per pixel, 0 or 1, row-major).
// The editing tools take a view rather than a container so they work equally on a MaskVolume
// slice, a scratch copy or a buffer owned by the GUI, without copying.
#include <cstddef>
#include <cstdint>

namespace mr::edit {

struct MaskView {
    uint8_t* data = nullptr;
    int width = 0, height = 0;

    // No bounds check: the tools clip before they index.
    uint8_t& at(int x, int y) const { return data[size_t(y) * size_t(width) + size_t(x)]; }
    size_t size() const { return size_t(width) * size_t(height); }
};

}  // namespace mr::edit
