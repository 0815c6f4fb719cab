#pragma once
// Finds the DICOM image series in a folder (recursively, any file names) or a single file, reading
// headers only. Files that are not usable DICOM images are listed with the reason, never fatal.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/cancel.h"

namespace mr::imaging {

struct SkippedFile {
    std::string path;
    std::string reason;  // e.g. "not a DICOM file", "no pixel data", "truncated: ..."
};

struct DicomSeriesSummary {
    std::string seriesInstanceUid;
    std::string studyInstanceUid;
    std::string seriesDescription;
    std::string studyDescription;
    std::string modality;
    std::string patientName;
    std::string photometric;     // of the first file
    std::string transferSyntax;  // UID of the first file
    int seriesNumber = 0;
    int64_t columns = 0, rows = 0;   // of the first file (a series with mixed sizes fails to load)
    int64_t sliceCount = 0;          // frames over all files (a multi-frame file counts its frames)
    std::vector<std::string> files;  // sorted by path
};

struct DicomScanResult {
    std::vector<DicomSeriesSummary> series;  // ordered by study, series number, description
    std::vector<SkippedFile> skipped;        // files that are not usable DICOM images, with why
    int64_t filesExamined = 0;
};

// `path` may be a folder (scanned recursively; hidden files and DICOMDIR are ignored) or one file.
// Throws ImageReadError only when `path` itself cannot be read; mr::Cancelled when cancelled.
DicomScanResult scanDicomFolder(const std::string& path, const mr::CancelToken& cancel = {},
                                const mr::ProgressFn& progress = {});

// Human-readable name of a transfer syntax UID ("JPEG 2000 (lossless only)"), or the UID itself.
std::string transferSyntaxName(const std::string& uid);

}  // namespace mr::imaging
