#pragma once
// The box and the two key points of a mask, in the U-MRG answer's terms: what a perfect answer
// for this mask would say. A saved sample's ground truth comes from its final mask this way, so a
// corrected mask also corrects the box and points the dataset teaches.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/geometry.h"

namespace mr::edit {

// [x1, y1, x2, y2]: the first and last foreground column and row (pixel indices, inclusive).
// Nothing for an empty mask.
std::optional<mr::Box> maskBoundingBox(const uint8_t* mask, int width, int height);

// Two points well inside the mask and apart from each other: the mask is split in two at the
// middle of its box's longer side, and each half gives its pixel farthest from the background
// (ties: the first in raster order). A mask within one column or row of the split gives the same
// point twice. Empty for an empty mask.
std::vector<mr::Point> maskKeyPoints(const uint8_t* mask, int width, int height);

}  // namespace mr::edit
