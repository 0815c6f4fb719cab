#pragma once
// The intensity limit of the editing tools ("paint only between -100 and 200 HU"): which pixels
// of a slice a tool may change.
#include <cstdint>
#include <vector>

#include "engine/imaging/image.h"

namespace mr::edit {

struct IntensityRange {
    double low, high;
    // Inclusive at both ends; NaN is never contained.
    bool contains(double v) const { return v >= low && v <= high; }
};

// width*height bytes, 1 where the stored value of slice z (HU for CT; the mean of the three
// channels for colour) lies in [low, high], else 0. Throws mr::Error when z is outside the image.
std::vector<uint8_t> allowedPixels(const mr::imaging::Image& image, int64_t z, const IntensityRange& range);

}  // namespace mr::edit
