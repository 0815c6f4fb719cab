#pragma once
// Where a reader stands in one worklist, kept between runs so that they resume where they
// stopped: the case open last, and each case's status and saved sample. One small JSON file per
// worklist in the app's own data folder (never in the studies' or the dataset's folder), named
// after the worklist's origin, written atomically.
#include <map>
#include <optional>
#include <string>

#include "engine/session/worklist.h"

namespace mr::session {

enum class CaseStatus { New, Opened, Saved, Skipped };
const char* caseStatusName(CaseStatus status);  // "new", "opened", "saved", "skipped"
std::optional<CaseStatus> caseStatusFromName(const std::string& name);

struct CaseProgress {
    CaseStatus status = CaseStatus::New;
    std::string sampleId;       // the dataset sample saved from this case, when one was
    std::string datasetFolder;  // the dataset it went to
};

struct WorklistProgress {
    std::string origin;                         // the worklist's origin folder
    std::string current;                        // the key of the case open last ("" before the first)
    std::map<std::string, CaseProgress> cases;  // by key; a case not in it is New

    CaseStatus statusOf(const std::string& key) const;
};

// The origin a worklist's progress is kept under: its folder; for a dataset's second-reading or
// adjudication queue the folder and that role ("<folder>#blind_reading"), so that a reader's place
// in each queue of one dataset is its own.
std::string worklistProgressKey(const Worklist& list);

// "worklist-<16 hex>.json": a name for the progress of the worklist made from `origin`.
std::string worklistProgressFileName(const std::string& origin);

// A missing file is a fresh start (empty progress for `origin`). Throws WorklistError naming the
// file for one that cannot be read, is not the format, or belongs to another origin.
WorklistProgress readWorklistProgress(const std::string& file, const std::string& origin);
// Atomic (temporary file, fsync, rename); throws mr::Error when the disk refuses.
void writeWorklistProgress(const std::string& file, const WorklistProgress& progress);

// The case to open when the reader comes back: the one open last, if it is still in the list;
// else the first case not saved or skipped; else the first.
size_t resumeIndex(const Worklist& list, const WorklistProgress& progress);

}  // namespace mr::session
