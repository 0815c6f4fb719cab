#pragma once
// Another tool's U-MRG records as samples of the app's dataset: status "imported", each record's
// question, answer, box, points, labels and mask, its file paths resolved inside the folder, and
// the record itself kept verbatim (Sample::importedRecord). Reads only; the store decides whether
// they stay a read-only view or become lines of the app's own log.
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/dataset/sample.h"

namespace mr::dataset {

// One record object (as loadRecordObjects gives it). `importedAt` stamps createdAt/modifiedAt
// (empty for a read-only view). Throws DatasetError naming `where` for a malformed record.
Sample importedSample(const mr::json::Value& record, const std::string& datasetFolder, const std::string& where,
                      const std::string& importedAt = {});

// Every record of `recordsFile` (a name inside `datasetFolder`), in file order.
std::vector<Sample> importedSamples(const std::string& datasetFolder, const std::string& recordsFile,
                                    const std::string& importedAt = {});

}  // namespace mr::dataset
