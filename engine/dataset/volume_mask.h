#pragma once
// The volume mask saved beside a 2-D sample (docs/dataset.md, "Volume masks"): a uint8 NIfTI label
// map (.nii.gz, label 1 = the structure) on the source image's grid, so it overlays the original
// series in ITK-SNAP or 3D Slicer. The store writes it; exports and the app read it back here.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/dataset/sample.h"
#include "engine/imaging/image.h"

namespace mr::dataset {

class DatasetStore;

// "masks/<id>_volume.nii.gz".
std::string volumeMaskFileName(const std::string& id);

// The first and last axial slice holding any non-zero voxel; nullopt when the mask is empty.
std::optional<std::pair<int64_t, int64_t>> maskedSliceRange(const mr::imaging::Image& mask);

// The .nii.gz bytes of `mask` (0/non-zero) as label 1 on the grid of `source`. Throws DatasetError
// when the mask is not UInt8 or not the source volume's size.
std::string encodeVolumeMask(const mr::imaging::Image& mask, const SourceReference& source);

// The sample's volume mask read back as 0/1 voxels on its source grid. Throws DatasetError when the
// sample has none, or the file is missing, damaged, or not a uint8 map of the source's size.
mr::imaging::Image readVolumeMask(const DatasetStore& store, const Sample& sample);
// The same for the file at `path` (the app reads it off the store's thread).
mr::imaging::Image readVolumeMaskFile(const std::string& path, const Sample& sample);

}  // namespace mr::dataset
