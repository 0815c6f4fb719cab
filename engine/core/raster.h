#pragma once
// Images and masks in memory, as the models, the metrics and the dataset exchange them: 8-bit,
// row-major, rows without padding. Owning types hold a vector; views borrow for a call.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mr {

// Interleaved RGB, 8 bits per channel (gray pictures replicate into 3 channels; CT/MR slices as
// displayed, after window/level), borrowed for the duration of a call.
struct RgbImageView {
    const uint8_t* pixels = nullptr;
    int width = 0, height = 0;
};

struct RgbImage {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  // width * height * 3

    bool empty() const { return width <= 0 || height <= 0; }
    RgbImageView view() const { return {rgb.data(), width, height}; }
};

// A binary mask, one byte per pixel, non-zero = foreground.
struct Mask {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;  // width * height
};

// A non-owning, mutable view of one binary mask slice (0 or 1 per pixel): the editing tools work
// on a volume's slice, a scratch copy or a buffer owned by the GUI alike, without copying.
struct MaskView {
    uint8_t* data = nullptr;
    int width = 0, height = 0;

    // No bounds check: the tools clip before they index.
    uint8_t& at(int x, int y) const { return data[size_t(y) * size_t(width) + size_t(x)]; }
    size_t size() const { return size_t(width) * size_t(height); }
};

}  // namespace mr
