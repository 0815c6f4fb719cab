#pragma once
// The 3D (temporal, height, width) rotary position ids of a prompt, computed as Hugging Face's
// Qwen2.5-VL `get_rope_index` does for images: text tokens count up on all three axes together;
// an image's tokens take (0, row, col) of the merged grid offset by the position where the image
// starts; text after an image continues at (largest position so far) + 1. `delta` (max + 1 −
// length) turns a cache index into the position of a decoded token: position = index + delta.
#include <cstdint>
#include <vector>

#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/grid.h"

namespace mr::reason::qwen {

struct RopeIndex {
    std::vector<int64_t> t, h, w;  // one entry per prompt token
    int64_t delta = 0;
    size_t size() const { return t.size(); }
};

// `imageGrids` in the order the images appear in `ids`. Throws ConfigError when the prompt's
// image tokens do not match the grids (count or run length) or when it holds video tokens.
RopeIndex computeRopeIndex(const std::vector<int64_t>& ids, const std::vector<GridTHW>& imageGrids,
                           const ModelConfig& config);

}  // namespace mr::reason::qwen
