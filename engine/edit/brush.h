#pragma once
// The brush and the eraser: a stroke of mouse positions becomes a set of pixels.
#include <array>
#include <cstdint>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/edit/mask_view.h"

namespace mr::edit {

// Sets `value` (1 paints, 0 erases) on every pixel whose centre lies in an ellipse of radii
// (radiusX, radiusY) pixels centred on a point of the stroke, or in the region such an ellipse
// sweeps between consecutive points (a capsule per segment), so a fast stroke leaves no gaps.
// Separate radii let the caller keep a circle in millimetres on anisotropic pixels.
// When a radius is below 0.5 (the ellipse could miss every centre) the pixels that contain the
// stroke itself are painted too. Points may lie outside the image (clipped). `allowed`
// (width*height 0/1, may be null) limits which pixels may change. Throws mr::Error for a
// non-finite point. Returns the number of pixels whose value changed.
int64_t paintStroke(MaskView mask, const std::vector<mr::Point>& points, double radiusX, double radiusY,
                    uint8_t value, const uint8_t* allowed = nullptr);

}  // namespace mr::edit
