#pragma once
// A gray volume as 8 bits per voxel, the way MedSAM2's CT script feeds a volume to the model:
// 8-bit volumes as they are; others clipped to a window and stretched to 0..255 over the range
// the clipped volume actually spans (np.clip, then (x - min) / (max - min) * 255, np.uint8).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/imaging/image.h"
#include "engine/imaging/windowing.h"

namespace mr::imaging {

struct ByteVolume {
    std::vector<uint8_t> voxels;        // depth x height x width
    std::optional<WindowLevel> window;  // the window used; none for an 8-bit volume
    std::vector<std::string> warnings;  // e.g. the volume is constant inside the window
};

// `window` unset: the image's default window. Throws mr::Error for a colour image.
ByteVolume byteVolumeForModel(const Image& image, const std::optional<WindowLevel>& window);

}  // namespace mr::imaging
