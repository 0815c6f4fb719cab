#pragma once
// Loads one DICOM series (or one file, single- or multi-frame) into an Image with its geometry.
// Slices are ordered along the slice normal (instance number when positions are missing);
// duplicates, gaps and uneven spacing are reported in metadata().warnings. Values are stored after
// rescale: int16 when the rescaled values are integers that fit, else float32 (uint8/uint16 for
// unscaled unsigned data, rgb8 for colour). MONOCHROME1 is inverted to display like MONOCHROME2.
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

struct DicomReadOptions {
    int threads = 0;  // decoding threads; 0: one per core (at least 2)
};

// Throws ImageReadError naming the file and the reason (unreadable file, no pixel data, an
// unsupported transfer syntax, slices of different sizes); mr::Cancelled when cancelled.
Image readDicomSeries(const DicomSeriesSummary& series, const mr::CancelToken& cancel = {},
                      const mr::ProgressFn& progress = {});
Image readDicomSeries(const std::vector<std::string>& files, const mr::CancelToken& cancel = {},
                      const mr::ProgressFn& progress = {});
Image readDicomSeries(const std::vector<std::string>& files, const DicomReadOptions& options,
                      const mr::CancelToken& cancel = {}, const mr::ProgressFn& progress = {});

}  // namespace mr::imaging
