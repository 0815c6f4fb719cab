#pragma once
// QIDO-RS replies: the DICOM JSON model (PS3.18 F.2), an array of objects keyed by the tag in
// eight hex digits ("0020000D": {"vr": "UI", "Value": ["1.2.3"]}), read into the rows a study and
// series browser shows.
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace mr::pacs {

struct StudyResult {
    std::string studyInstanceUid, patientName, patientId, studyDate, studyTime, description, accessionNumber;
    std::string modalities;  // "CT\MR"
    int seriesCount = 0, instanceCount = 0;
};

struct SeriesResult {
    std::string studyInstanceUid, seriesInstanceUid, modality, description, seriesDate;
    int seriesNumber = 0, instanceCount = 0;
};

struct InstanceResult {
    std::string studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid;
    int instanceNumber = 0;
};

// The first value of a tag as text ("" when absent); person names give their alphabetic form,
// numbers their decimal text, several values are joined with '\'.
std::string dicomJsonString(const mr::json::Value& object, const char* tag);

// Throws mr::json::ParseError when the reply is not a JSON array of objects.
std::vector<StudyResult> parseStudies(const mr::json::Value& reply);
std::vector<SeriesResult> parseSeries(const mr::json::Value& reply);
std::vector<InstanceResult> parseInstances(const mr::json::Value& reply);
// The tags the study and series parsers read, for a query's includefield.
std::vector<std::string> studyFields();
std::vector<std::string> seriesFields();

}  // namespace mr::pacs
