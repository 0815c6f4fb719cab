#pragma once
// The RGBA overlay of the shown slice, computed on the CPU for that slice only (a few hundred
// thousand voxels, so style changes and scrolling cost one pass): the label map through a
// 256-entry colour table (per-label visibility, opacity, filled or outline), the editable mask
// over it (translucent inside, opaque at its border), and label outlines again on top so a
// reviewer can compare them with the mask. Only the bounding box of the coloured pixels is kept,
// plus a transparent margin of one voxel so the box's border texels blend as before: every overlay
// pixel costs a textured, blended fragment under llvmpipe, and a slice without any is not drawn.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/imaging/image.h"
#include "engine/imaging/label_map.h"
#include "widgets/display_style.h"
#include "widgets/slice_geometry.h"
#include "widgets/slice_layers.h"

namespace mr::widgets {

struct OverlaySlice {
    // RGBA bytes per pixel over the box, x fastest along the in-plane index axis of lower number.
    std::vector<uint32_t> rgba;
    std::array<int, 6> extent{};  // the box as a VTK extent in index space (the slice axis is 0..0)
    bool empty() const { return rgba.empty(); }
};

// The overlay of slice `slice` across `orientation` of a volume of `size` voxels. `labels` (uint8,
// that size, or empty) is coloured through `table` (index = value; 0 and hidden entries are
// transparent); `mask` (when set) is drawn over it in `display`'s mask colour, inside alpha and
// border width. Empty when nothing on the slice is coloured.
OverlaySlice colourOverlaySlice(const std::array<int64_t, 3>& size, SliceOrientation orientation, int64_t slice,
                                const mr::imaging::Image& labels, const mr::imaging::LabelTable& table,
                                const LabelOverlayStyle& style, const std::optional<MaskLayer>& mask,
                                const DisplayStyle& display = DisplayStyle());

}  // namespace mr::widgets
