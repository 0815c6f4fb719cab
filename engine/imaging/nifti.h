#pragma once
// NIfTI-1 (.nii, .nii.gz) read and write. NIfTI's world space is RAS, the image model's is LPS:
// the sform (else the qform, else the voxel sizes) becomes the direction, spacing and origin, and
// writing stores both a qform and an sform so other tools see the same orientation.
#include <string>

#include "engine/core/cancel.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

// Throws ImageReadError naming the file and the reason (not NIfTI, truncated, unsupported data type).
// Only the first volume of a 4D file is read (a warning says so).
Image readNifti(const std::string& path, const mr::CancelToken& cancel = {}, const mr::ProgressFn& progress = {});

// Writes .nii, or gzip-compressed .nii.gz when the path ends in ".gz". Written to a temporary
// file and renamed, so a failed write never leaves half a file. Throws mr::Error on failure.
void writeNifti(const Image& image, const std::string& path, const mr::CancelToken& cancel = {});

// The bytes of a .nii file (gzip: of a .nii.gz file) holding `image`, for callers that write them
// with mr::writeFileAtomic (the dataset's volume masks). Images over 4 GB cannot be compressed
// this way; label maps are far smaller. Throws mr::Error on failure.
std::string encodeNifti(const Image& image, bool gzip, const mr::CancelToken& cancel = {});

// Whether the first bytes look like a NIfTI-1 header (plain or gzip-compressed).
bool looksLikeNifti(const std::string& path);

}  // namespace mr::imaging
