#pragma once
// One U-MRG sample as stored in the raw layout: a dataset folder with `images/`, `masks/` and a
// JSON list of records (`annotations.json` by default). Coordinates are absolute pixels of the
// stored image: bbox_2d = [x1, y1, x2, y2], point_2d = [[x, y], [x, y]].
#include <array>
#include <string>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/error.h"
#include "engine/core/json.h"

namespace mr::dataset {

class DatasetError : public mr::Error {
public:
    using mr::Error::Error;
};

struct UmrgRecord {
    std::string id;                                  // unique; numbers in the file are kept as their decimal text
    std::string image;                               // relative to the dataset folder, e.g. "images/0001.png"
    std::string mask;                                // relative to the dataset folder; may be empty
    std::string question;                            // the implicit query
    std::string answer;                              // the reference answer text (may be empty)
    mr::Box bbox2d;                                  // x1, y1, x2, y2
    std::array<mr::Point, 2> point2d{};              // two key points
    std::string category;                            // e.g. "liver tumor"
    std::string supercategory;                       // e.g. "abdomen"
    std::string modality;                            // e.g. "CT"; may be empty
    mr::json::Value extra;  // any other fields, kept for a lossless round trip (object or null)

    // The ground truth as the reference reward code reads it:
    // {"bbox_2d": [...], "point_2d": [[...], [...]]}.
    mr::json::Value groundTruth() const;
};

// Converts a record from/to its JSON object. fromJson throws DatasetError naming the record
// (`where`, e.g. "annotations.json, record 12") and the bad field.
UmrgRecord recordFromJson(const mr::json::Value& v, const std::string& where);
mr::json::Value recordToJson(const UmrgRecord& r);

// The default records file name inside a dataset folder.
inline constexpr const char* kRecordsFileName = "annotations.json";

// The records file of a dataset folder: `annotations.json` if present, else the only *.json file
// at the top level. Throws DatasetError when there is none or several candidates.
std::string findRecordsFile(const std::string& datasetDir);

// Loads a JSON list of records (or an object with a "records"/"data" list). Ids must be unique.
std::vector<UmrgRecord> loadRecords(const std::string& path);
// The same file's records as the JSON objects they are (checked as loadRecords does), for
// carrying another tool's records on unchanged.
std::vector<mr::json::Value> loadRecordObjects(const std::string& path);
// Saves records as a pretty-printed JSON list, atomically.
void saveRecords(const std::string& path, const std::vector<UmrgRecord>& records);

// Resolves a record's relative path (image or mask) against the dataset folder. A bare file name
// that does not exist at the top level is looked up under images/ or masks/ (`subdir`).
std::string resolvePath(const std::string& datasetDir, const std::string& relative, const char* subdir);

}  // namespace mr::dataset
