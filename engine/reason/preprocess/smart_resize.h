#pragma once
// Qwen2-VL "smart resize": the size the model sees. Both sides become multiples of `factor`
// (patch 14 x merge 2 = 28), the pixel count stays within [minPixels, maxPixels] and the aspect
// ratio is kept as closely as possible. Rounding is Python's round() (half to even), so
// 350/28 = 12.5 -> 12 (336, not 364), as in transformers.
#include <cstdint>

#include "engine/core/error.h"

namespace mr::reason {

class ImageSizeError : public mr::Error {
public:
    using mr::Error::Error;
};

struct ResizedSize {
    int height = 0;
    int width = 0;
};

// Throws ImageSizeError when a side is shorter than `factor`, the aspect ratio exceeds 200:1,
// the image is absurdly large, or the limits are inconsistent.
ResizedSize smartResize(int height, int width, int factor, int64_t minPixels, int64_t maxPixels);

}  // namespace mr::reason
