#include "engine/reason/qwen/vision_windows.h"

#include <algorithm>
#include <string>

namespace mr::reason::qwen {

VisionLayout computeVisionLayout(const std::vector<GridTHW>& grids, const VisionConfig& config) {
    VisionLayout L;
    const int64_t m = config.spatialMergeSize;
    const int64_t unit = config.mergeUnit();
    const int64_t win = config.windowSize / m / config.patchSize;  // merged tokens per window side
    L.cuWindowSeqlensRaw.push_back(0);
    L.cuSeqlens.push_back(0);
    for (const GridTHW& g : grids) {
        if (g.t <= 0 || g.h <= 0 || g.w <= 0 || g.h % m != 0 || g.w % m != 0)
            throw ConfigError("image grid " + std::to_string(g.t) + "x" + std::to_string(g.h) + "x" +
                              std::to_string(g.w) + " is not a positive multiple of the merge size " +
                              std::to_string(m));
        L.maxGridSide = std::max({L.maxGridSide, g.h, g.w});
        const int64_t gh = g.h / m, gw = g.w / m;
        // Patch coordinates in merge-group order: (block row, block col, row in block, col in block).
        for (int64_t t = 0; t < g.t; ++t) {
            for (int64_t by = 0; by < gh; ++by)
                for (int64_t bx = 0; bx < gw; ++bx)
                    for (int64_t iy = 0; iy < m; ++iy)
                        for (int64_t ix = 0; ix < m; ++ix) {
                            L.patchRow.push_back(by * m + iy);
                            L.patchCol.push_back(bx * m + ix);
                        }
            L.cuSeqlens.push_back(L.cuSeqlens.back() + g.h * g.w);
        }
        // Windows; the original pads the merged grid up to whole windows (always adding at least
        // one, possibly empty, row/column of windows when the side is an exact multiple).
        const int64_t padH = win - gh % win, padW = win - gw % win;
        const int64_t nwh = (gh + padH) / win, nww = (gw + padW) / win;
        const int64_t base = L.mergedTokens;
        for (int64_t t = 0; t < g.t; ++t)
            for (int64_t wy = 0; wy < nwh; ++wy)
                for (int64_t wx = 0; wx < nww; ++wx) {
                    int64_t count = 0;
                    for (int64_t y = wy * win; y < std::min(gh, (wy + 1) * win); ++y)
                        for (int64_t x = wx * win; x < std::min(gw, (wx + 1) * win); ++x) {
                            L.windowIndex.push_back(base + (t * gh + y) * gw + x);
                            ++count;
                        }
                    L.cuWindowSeqlensRaw.push_back(L.cuWindowSeqlensRaw.back() + count * unit);
                }
        L.mergedTokens += g.t * gh * gw;
        L.patches += g.patches();
    }
    for (int64_t v : L.cuWindowSeqlensRaw)
        if (L.cuWindowSeqlens.empty() || L.cuWindowSeqlens.back() != v) L.cuWindowSeqlens.push_back(v);
    return L;
}

}  // namespace mr::reason::qwen
