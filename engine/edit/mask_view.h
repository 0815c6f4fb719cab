#pragma once
// The editing tools take a mask view (engine/core/raster.h) rather than a container.
#include "engine/core/raster.h"

namespace mr::edit {
using MaskView = mr::MaskView;
}  // namespace mr::edit
