#pragma once
// Index bookkeeping of the Qwen2.5-VL vision tower, standard library only:
//  - the (row, col) of every patch in the processor's order (2×2 merge groups are contiguous),
//    which the 2D rotary embedding uses;
//  - the window partition: merged tokens are grouped into windows of window_size pixels
//    (window_size / merge / patch merged tokens a side, the last row/column of windows partial),
//    `windowIndex` lists merged tokens window by window, `cuWindowSeqlens` the patch offsets where
//    windows start/end, as the original's get_window_index builds them (repeats included);
//  - `cuSeqlens`: per-frame boundaries for the full-attention blocks.
#include <cstdint>
#include <vector>

#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/grid.h"

namespace mr::reason::qwen {

struct VisionLayout {
    std::vector<int64_t> patchRow, patchCol;  // per patch, processor order
    std::vector<int64_t> windowIndex;         // merged-token permutation into window order
    std::vector<int64_t> cuWindowSeqlensRaw;  // as built, before removing repeats
    std::vector<int64_t> cuWindowSeqlens;     // consecutive repeats removed (empty windows)
    std::vector<int64_t> cuSeqlens;           // full attention: one segment per frame
    int64_t maxGridSide = 0;                  // largest h or w over the grids
    int64_t patches = 0, mergedTokens = 0;
};

// Throws ConfigError when a grid is empty or not a multiple of the merge size.
VisionLayout computeVisionLayout(const std::vector<GridTHW>& grids, const VisionConfig& config);

}  // namespace mr::reason::qwen
