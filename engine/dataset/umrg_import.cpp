#include "engine/dataset/umrg_import.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace mr::dataset {

namespace {
// A record's path as the store keeps it: relative to the folder when it lies inside it.
std::string storedPath(const std::string& folder, const std::string& relative, const char* subdir) {
    if (relative.empty()) return {};
    const fs::path resolved = fs::path(resolvePath(folder, relative, subdir)).lexically_normal();
    const fs::path rel = resolved.lexically_relative(fs::path(folder).lexically_normal());
    if (rel.empty() || *rel.begin() == "..") return resolved.string();
    return rel.string();
}
}  // namespace

Sample importedSample(const mr::json::Value& record, const std::string& folder, const std::string& where,
                      const std::string& importedAt) {
    const UmrgRecord r = recordFromJson(record, where);
    Sample s;
    s.id = r.id;
    s.status = ReviewStatus::Imported;
    s.question = r.question;
    s.answerText = r.answer;
    s.category = r.category;
    s.supercategory = r.supercategory;
    s.modality = r.modality;
    s.truthBox = r.bbox2d;
    s.truthPoints = {r.point2d[0], r.point2d[1]};
    s.imageFile = storedPath(folder, r.image, "images");
    s.maskFile = storedPath(folder, r.mask, "masks");
    s.source.kind = "imported";
    s.createdAt = s.modifiedAt = importedAt;
    s.importedRecord = record;
    return s;
}

std::vector<Sample> importedSamples(const std::string& folder, const std::string& recordsFile,
                                    const std::string& importedAt) {
    const std::vector<mr::json::Value> objects = loadRecordObjects((fs::path(folder) / recordsFile).string());
    std::vector<Sample> out;
    out.reserve(objects.size());
    for (size_t i = 0; i < objects.size(); ++i)
        out.push_back(importedSample(objects[i], folder, recordsFile + ", record " + std::to_string(i), importedAt));
    return out;
}

}  // namespace mr::dataset
