#pragma once
// Summaries of a loaded image for people and for comparing loads with other tools: value
// statistics (after rescale) and orientation names.
#include <cstdint>
#include <string>

#include "engine/imaging/image.h"

namespace mr::imaging {

struct ImageStatistics {
    double min = 0, max = 0, mean = 0;
    int64_t count = 0;  // values looked at (voxels x channels)
};

// Over all voxels and channels.
ImageStatistics computeStatistics(const Image& image);

// Three letters naming where index axes x, y, z point in patient space (LPS convention, e.g. "LPS"
// for a standard axial DICOM stack, "LAS" ...), from the dominant component of each direction.
std::string orientationCode(const Geometry& geometry);

// "axial", "coronal", "sagittal" or "oblique", from the slice normal (index axis z).
std::string slicePlaneName(const Geometry& geometry);

}  // namespace mr::imaging
