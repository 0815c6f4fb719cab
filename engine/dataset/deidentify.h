#pragma once
// De-identified references to the original image. The dataset must not carry names, ids, UIDs,
// paths or dates of the source; it keeps only a salted hash that groups slices of one series
// (so exports can rebuild per-series label maps) and the geometry (so they line up).
#include <cstdint>
#include <string>

#include "engine/dataset/sample.h"
#include "engine/imaging/image.h"

namespace mr::dataset {

// kind: "dicom_series" when the image came from DICOM (it has a series UID), "nifti" for .nii and
// .nii.gz sources, else "picture". seriesKey: the first 16 hex digits of
// sha256(salt + "\n" + studyInstanceUid + "\n" + seriesInstanceUid) for DICOM, of
// sha256(salt + "\n" + source path) otherwise. Geometry copied; nothing else of the metadata.
SourceReference describeSource(const mr::imaging::Image& image, int64_t slice, const std::string& salt);

// 32 random bytes from std::random_device as 64 hex digits: the per-dataset salt.
std::string newSalt();

}  // namespace mr::dataset
