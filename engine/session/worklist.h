#pragma once
// A reader's queue of cases: every study of a folder (a sub-folder of DICOM, a NIfTI file, a
// picture), every sample of a dataset with its question, or every sample of an evaluation run,
// worst first. Plain data, Qt-free; the GUI's
// Worklist dock shows it and remembers where the reader stands (worklist_progress.h).
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/pacs/dicom_json.h"

namespace mr::session {

class WorklistError : public mr::Error {
public:
    using mr::Error::Error;
};

// BlindReading: a dataset's samples read again by a second reader who must not see the first mask;
// Adjudication: the samples whose readings await a decision.
// Pacs: the studies a PACS query found, each retrieved when it opens.
enum class WorklistKind { Studies, Dataset, Results, BlindReading, Adjudication, Pacs };
// "studies", "dataset", "results", "blind_reading", "adjudication", "pacs"
const char* worklistKindName(WorklistKind kind);
std::optional<WorklistKind> worklistKindFromName(const std::string& name);

struct WorklistCase {
    std::string key;       // unique and stable in its list: the entry's name, or the sample id
    std::string title;     // what the list shows
    std::string path;      // what the viewer opens: a study folder, an image file
    std::string question;  // a dataset sample's question, to pre-fill the query bar; "" for studies
    std::string sampleId;  // Dataset: the sample, which opens with its saved trace, prompts and masks
    std::string studyUid;  // Pacs: the study to retrieve (its image series with the most instances)
};

struct Worklist {
    WorklistKind kind = WorklistKind::Studies;
    std::string origin;  // the folder it was made from, absolute; for a PACS query pacsWorklistOrigin()
    std::vector<WorklistCase> cases;
    std::vector<std::string> skipped;  // Studies: entries that are not images, by name
};

// The entries of `folder`, in natural name order ("case2" before "case10"): each sub-folder is
// one study (its DICOM is found when it opens), each NIfTI, DICOM or picture file one case;
// hidden entries are left out and other files listed in `skipped`. Throws WorklistError when the
// folder cannot be read or holds no case.
Worklist worklistOfStudies(const std::string& folder);

// The samples of a dataset folder (the app's, or another tool's U-MRG records), opened read-only,
// in id order; deleted samples are not in it. Throws WorklistError (the store's message) when the
// folder is not a dataset or is damaged, or holds no sample.
Worklist worklistOfDataset(const std::string& folder);

// A second reader's queue: the samples of a dataset that have an accepted mask, titled by id and
// question only. Throws WorklistError as worklistOfDataset does, or when no sample has a mask.
Worklist worklistOfBlindReading(const std::string& folder);

// An adjudicator's queue: the samples with a second reading and no adjudication since
// (mr::dataset::awaitsAdjudication), titled with the readers' agreement Dice. Throws WorklistError
// as worklistOfDataset does, or when none awaits adjudication.
Worklist worklistOfAdjudication(const std::string& folder);

// The samples of an evaluation results folder (`medreasoner score`, `eval` or `report`), worst
// first by `metric` (a number every result has: "iou", "pdice", "dice_joint", ...; a result
// without it counts as 0), ties in id order. Each case is the dataset's image with its question
// and a title that gives the metric; the dataset is the one the run recorded
// (results.jsonl.run.json) unless `datasetDir` names it. Throws WorklistError for a folder without
// results, an unknown dataset, or a metric no result has.
Worklist worklistOfResults(const std::string& folder, const std::string& metric = "iou",
                           const std::string& datasetDir = "");

// The studies of a PACS query, in the order the server listed them, each titled by patient, date,
// modalities and description. Throws WorklistError when there is none.
Worklist worklistOfPacsStudies(const std::string& origin, const std::vector<mr::pacs::StudyResult>& studies);

// The origin of a PACS query's worklist: "pacs:<server URL>#<16 hex of the query>", so the same
// query on the same server resumes where the reader stopped, and no patient detail of the query is
// written down with the progress.
std::string pacsWorklistOrigin(const std::string& serverUrl, const std::string& query);

// Natural order of names: digit runs compare as numbers, the rest as text.
bool naturalLess(const std::string& a, const std::string& b);

}  // namespace mr::session
