#pragma once
// Internal to the DICOM series reader: turning the stored samples of every frame into the
// image's voxels (bit layout, MONOCHROME1 inversion, rescale, colour models, codecs), with one
// decoding thread per core. Not part of the public API.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/imaging/dicom_header.h"
#include "engine/imaging/image.h"

namespace mr::imaging::detail {

// One file of the series: its header (pixel data left in the file) and what it says.
struct FileEntry {
    std::unique_ptr<DcmFileFormat> file;
    DicomFileInfo info;
};

// How stored samples become values: bit layout, MONOCHROME1 inversion, rescale.
struct Layout {
    int bitsAllocated = 16, bitsStored = 16, highBit = 15;
    bool isSigned = false;
    bool invert = false;
    int64_t smin = 0, smax = 0;  // range of stored values
};
Layout layoutOf(const DicomFileInfo& info);

// The output pixel type of a series.
struct Plan {
    PixelType type = PixelType::Int16;
    bool color = false;
    bool integral = true;
};
Plan choosePlan(const std::vector<FileEntry>& files);

// Decodes frame f of file i into slice slotOf[i][f] of `image` (skipped when negative). Returns
// false when an integer output overflowed (the caller decodes again as float32). Throws
// ImageReadError naming the file, mr::Cancelled when cancelled.
bool decodeSeries(std::vector<FileEntry>& files, const std::vector<std::vector<int64_t>>& slotOf, const Plan& plan,
                  Image& image, int threads, const mr::CancelToken& cancel, const mr::ProgressFn& progress);

}  // namespace mr::imaging::detail
