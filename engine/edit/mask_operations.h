#pragma once
// Whole-slice clean-ups offered after painting. Each treats any non-zero byte as foreground,
// leaves 0/1 behind, and returns the number of pixels whose value changed (so the caller can
// skip an empty undo step).
#include <cstdint>

#include "engine/edit/mask_view.h"

namespace mr::edit {

// Background regions not 4-connected to the image border become 1 (a notch open to the border
// stays open).
int64_t fillHoles(MaskView mask);

// Keeps only the largest 8-connected foreground component; ties keep the one met first in
// raster order.
int64_t keepLargestComponent(MaskView mask);

// Morphological opening then closing with a disc of that radius (pixel offsets with
// dx^2+dy^2 <= r^2): removes specks, then fills notches. radius <= 0: no change.
int64_t smoothMask(MaskView mask, double radiusPixels);

}  // namespace mr::edit
