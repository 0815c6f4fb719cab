#pragma once
// The patch grid of one image as the image processor produced it: t frames × h × w patches of
// patch_size² pixels (h and w are multiples of the spatial merge size).
#include <cstdint>

namespace mr::reason::qwen {

struct GridTHW {
    int64_t t = 1, h = 0, w = 0;
    int64_t patches() const { return t * h * w; }
    // Tokens the language model sees for this image after the 2×2 (merge × merge) patch merger.
    int64_t mergedTokens(int64_t mergeSize) const { return t * (h / mergeSize) * (w / mergeSize); }
};

}  // namespace mr::reason::qwen
