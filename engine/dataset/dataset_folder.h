#pragma once
// What a folder is, before the app writes anything in it: nothing yet, an empty folder, a dataset
// the app made, U-MRG records another tool made, or something else. The GUI and the CLI ask the
// user on that basis (create, import or open read-only) instead of turning a folder into a
// dataset behind the user's back.
#include <cstddef>
#include <string>
#include <vector>

namespace mr::dataset {

// File names of the app's own records inside a dataset folder.
inline constexpr const char* kSamplesLogName = "samples.jsonl";  // the app's log of samples
inline constexpr const char* kPrivateDirName = ".medreasoner";   // salt, lock, ledger
// The U-MRG records file the app writes when annotations.json belongs to another tool.
inline constexpr const char* kAppRecordsFileName = "medreasoner_annotations.json";

enum class FolderKind {
    Missing,         // no such folder: creating it is safe
    Empty,           // an empty folder
    AppDataset,      // the app's own dataset (samples.jsonl, or .medreasoner/ with its ledger or salt)
    ForeignRecords,  // U-MRG records another tool wrote (a records file, no app log)
    NotADataset,     // a folder with other content
};

struct FolderSurvey {
    FolderKind kind = FolderKind::Missing;
    std::string recordsFile;               // ForeignRecords: the file holding the records (name only)
    size_t recordCount = 0;                // ForeignRecords
    std::string problem;                   // NotADataset: why a JSON file there is not a records file, if one is
    std::vector<std::string> someEntries;  // NotADataset: up to five names found there, sorted
};

// Reads only: never creates or changes anything. Never throws for a missing or unreadable folder
// (a path that is a file is NotADataset).
FolderSurvey surveyDatasetFolder(const std::string& folder);

// "Missing", "an empty folder", ... for messages.
std::string describe(const FolderSurvey& survey);

}  // namespace mr::dataset
