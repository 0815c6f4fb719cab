#include "engine/dataset/dataset_folder.h"

#include <algorithm>
#include <filesystem>

#include "engine/dataset/umrg_records.h"

namespace fs = std::filesystem;

namespace mr::dataset {

FolderSurvey surveyDatasetFolder(const std::string& folder) {
    FolderSurvey s;
    std::error_code ec;
    const fs::path root(folder);
    if (!fs::exists(root, ec)) return s;  // Missing
    if (!fs::is_directory(root, ec)) {
        s.kind = FolderKind::NotADataset;
        s.problem = "'" + folder + "' is a file, not a folder";
        return s;
    }
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(root, ec)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    if (names.empty()) {
        s.kind = FolderKind::Empty;
        return s;
    }
    // The app's marks: its log, its ledger, or (datasets of earlier versions) its salt. A bare
    // .medreasoner/ with only a lock is an open that was cut short before it decided anything.
    const fs::path priv = root / kPrivateDirName;
    if (fs::exists(root / kSamplesLogName, ec) || fs::exists(priv / "written.json", ec) ||
        fs::exists(priv / "salt", ec)) {
        s.kind = FolderKind::AppDataset;
        return s;
    }
    try {
        const std::string records = findRecordsFile(folder);
        s.recordCount = loadRecordObjects(records).size();
        s.recordsFile = fs::path(records).filename().string();
        s.kind = FolderKind::ForeignRecords;
        return s;
    } catch (const std::exception& e) {
        // No records file, or a JSON file that is not one: not a dataset (say why when a JSON file
        // was there, so the user can tell a damaged dataset from an unrelated folder).
        if (std::any_of(names.begin(), names.end(),
                        [](const std::string& n) { return fs::path(n).extension() == ".json"; }))
            s.problem = e.what();
    }
    s.kind = FolderKind::NotADataset;
    s.someEntries.assign(names.begin(), names.begin() + std::min<size_t>(names.size(), 5));
    return s;
}

std::string describe(const FolderSurvey& s) {
    switch (s.kind) {
        case FolderKind::Missing: return "a folder that does not exist yet";
        case FolderKind::Empty: return "an empty folder";
        case FolderKind::AppDataset: return "a MedReasoner dataset";
        case FolderKind::ForeignRecords:
            return std::to_string(s.recordCount) + " U-MRG record(s) in " + s.recordsFile + " written by another tool";
        case FolderKind::NotADataset: break;
    }
    std::string list;
    for (const auto& n : s.someEntries) list += (list.empty() ? "" : ", ") + n;
    return "a folder that is not a dataset" +
           (list.empty() ? std::string() : " (it holds " + list + (s.someEntries.size() == 5 ? ", ...)" : ")")) +
           (s.problem.empty() ? std::string() : "; " + s.problem);
}

}  // namespace mr::dataset
