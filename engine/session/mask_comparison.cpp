#include "engine/session/mask_comparison.h"

namespace mr::session {

namespace {
bool fits(const mr::Mask* m, int64_t w, int64_t h) {
    return m && m->width == w && m->height == h && m->pixels.size() == size_t(w * h);
}
}  // namespace

mr::imaging::LabelMap maskComparisonMap(const mr::Mask* first, const mr::Mask* second,
                                        const mr::imaging::Geometry& grid, const ComparisonNames& names) {
    mr::imaging::LabelMap map;
    map.labels = mr::imaging::Image(mr::imaging::PixelType::UInt8, grid);
    const int64_t w = grid.size[0], h = grid.size[1];
    const mr::Mask* a = fits(first, w, h) ? first : nullptr;
    const mr::Mask* b = fits(second, w, h) ? second : nullptr;
    uint8_t* out = map.labels.bytes();  // the first (only) slice
    for (size_t i = 0; i < size_t(w * h); ++i) {
        const bool inA = a && a->pixels[i], inB = b && b->pixels[i];
        out[i] = inA && inB ? kInBoth : inA ? kOnlyInFirst : inB ? kOnlyInSecond : 0;
    }
    map.table = mr::imaging::defaultLabelTable();
    map.table[kInBoth] = mr::imaging::LabelEntry{names.both, 255, 214, 0};
    map.table[kOnlyInFirst] = mr::imaging::LabelEntry{names.onlyFirst, 0, 200, 83};
    map.table[kOnlyInSecond] = mr::imaging::LabelEntry{names.onlySecond, 230, 40, 160};
    markPresentLabels(map);
    return map;
}

void markPresentLabels(mr::imaging::LabelMap& map) {
    map.present.assign(map.table.size(), false);
    const uint8_t* p = map.labels.bytes();
    for (int64_t i = 0; i < map.labels.geometry().voxelCount(); ++i) map.present[p[i]] = true;
    map.present[0] = false;
}

}  // namespace mr::session
