#pragma once
// The polygon tool and the freehand lasso: both end as a closed polygon whose inside is filled
// or cut.
#include <array>
#include <cstdint>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/edit/mask_view.h"

namespace mr::edit {

// Sets `value` (1 fills, 0 cuts) on every pixel whose centre is inside the closed polygon by the
// even-odd rule (a self-intersecting lasso toggles where it overlaps itself; nothing breaks).
// Centres exactly on an edge follow the half-open convention (left and top edges in, right and
// bottom out), so a rectangle from (a,b) to (c,d) on pixel centres covers (c-a)*(d-b) pixels.
// Fewer than 3 points: no change. Vertices may lie outside the image. `allowed` (width*height
// 0/1, may be null) limits which pixels may change. Throws mr::Error for a non-finite vertex.
// Returns the number of pixels whose value changed.
int64_t fillPolygon(MaskView mask, const std::vector<mr::Point>& polygon, uint8_t value,
                    const uint8_t* allowed = nullptr);

}  // namespace mr::edit
