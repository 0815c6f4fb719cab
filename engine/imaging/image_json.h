#pragma once
// Machine-readable descriptions of what the imaging readers find and load (`medreasoner info
// --json`, logs), kept next to the readers so the field names have one home.
#include <cstddef>

#include "engine/core/json.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

// {"dimensions": [x, y, z], "spacing", "origin", "direction" (row-major 3×3), "orientation" ("LPS"…),
//  "plane", "pixel_type", "modality", "photometric", "source_photometric" (when it differs),
//  "transfer_syntax", "transfer_syntax_name" (when known), "series_description", "units",
//  "rescale_slope", "rescale_intercept", "windows": [{name, center, width}],
//  "statistics": {min, max, mean}, "warnings": [...], "notes": [...]}
mr::json::Value imageToJson(const Image& image);

// One series of a scanned DICOM folder: {"index", "series_instance_uid", "series_number",
// "description", "modality", "columns", "rows", "slices", "files", "photometric",
// "transfer_syntax", "transfer_syntax_name"}.
mr::json::Value seriesToJson(const DicomSeriesSummary& series, size_t index);

// A file the scan skipped: {"path", "reason"}.
mr::json::Value skippedFileToJson(const SkippedFile& file);

}  // namespace mr::imaging
