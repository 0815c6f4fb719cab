#include "engine/reason/qwen/rope_index.h"

#include <algorithm>
#include <string>

namespace mr::reason::qwen {

RopeIndex computeRopeIndex(const std::vector<int64_t>& ids, const std::vector<GridTHW>& imageGrids,
                           const ModelConfig& config) {
    RopeIndex r;
    const size_t n = ids.size();
    r.t.reserve(n);
    r.h.reserve(n);
    r.w.reserve(n);
    const int64_t merge = config.vision.spatialMergeSize;

    // Images are announced by <vision_start> followed by an image token, as in the original.
    size_t imagesInPrompt = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
        if (ids[i] != config.visionStartTokenId) continue;
        if (ids[i + 1] == config.imageTokenId) ++imagesInPrompt;
        if (ids[i + 1] == config.videoTokenId) throw ConfigError("video input is not supported by this reasoner");
    }
    if (imagesInPrompt != imageGrids.size())
        throw ConfigError("the prompt announces " + std::to_string(imagesInPrompt) + " image(s) but " +
                          std::to_string(imageGrids.size()) + " image(s) were given");

    int64_t next = 0;  // the position the next text token takes
    auto pushText = [&](size_t count) {
        for (size_t k = 0; k < count; ++k, ++next) {
            r.t.push_back(next);
            r.h.push_back(next);
            r.w.push_back(next);
        }
    };
    size_t st = 0;
    for (const GridTHW& g : imageGrids) {
        auto it = std::find(ids.begin() + st, ids.end(), config.imageTokenId);
        const size_t ed = size_t(it - ids.begin());
        const int64_t gh = g.h / merge, gw = g.w / merge;
        const size_t tokens = size_t(g.t * gh * gw);
        if (ed + tokens > n)
            throw ConfigError("the prompt holds fewer image tokens than an image of " + std::to_string(g.h) + "x" +
                              std::to_string(g.w) + " patches needs (" + std::to_string(tokens) + ")");
        for (size_t k = ed; k < ed + tokens; ++k)
            if (ids[k] != config.imageTokenId)
                throw ConfigError("the prompt's image-token run is shorter than an image of " + std::to_string(g.h) +
                                  "x" + std::to_string(g.w) + " patches needs (" + std::to_string(tokens) + ")");
        pushText(ed - st);
        const int64_t base = next;  // = text_len + st_idx in the original
        int64_t maxPos = base - 1;
        // Images have second_per_grid_t = 0, so every frame takes temporal index 0.
        for (int64_t ti = 0; ti < g.t; ++ti)
            for (int64_t y = 0; y < gh; ++y)
                for (int64_t x = 0; x < gw; ++x) {
                    r.t.push_back(base);
                    r.h.push_back(base + y);
                    r.w.push_back(base + x);
                    maxPos = std::max({maxPos, base + y, base + x});
                }
        next = maxPos + 1;
        st = ed + tokens;
    }
    if (st < n) {
        // Any further image tokens without a grid would be silently misplaced: refuse them.
        if (std::find(ids.begin() + st, ids.end(), config.imageTokenId) != ids.end())
            throw ConfigError("the prompt holds more image tokens than the given image(s) need");
        pushText(n - st);
    }
    r.delta = next - int64_t(n);
    return r;
}

}  // namespace mr::reason::qwen
