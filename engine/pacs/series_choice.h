#pragma once
// Which series of a study to read when the reader did not pick one: a PACS worklist's case is a
// study, and it opens at the image series with the most instances.
#include <string>
#include <vector>

#include "engine/pacs/dicom_json.h"

namespace mr::pacs {

// Whether a series of this modality holds images (not a segmentation, report, presentation state,
// structure set or key-object selection).
bool isImageModality(const std::string& modality);

// The image series with the most instances (ties: the lowest series number, then the first
// listed); nullptr when the study has none.
const SeriesResult* seriesToRead(const std::vector<SeriesResult>& series);

}  // namespace mr::pacs
