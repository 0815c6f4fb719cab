#pragma once
// One sample of an evaluation run as the case viewer shows it: the dataset's ground truth (box,
// points, mask) beside the run's prediction (the reasoner's text, its box and points, the mask the
// run kept), with the run's scores; and the picture of both as a label map, each part on or off.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/json.h"
#include "engine/core/raster.h"
#include "engine/dataset/umrg_records.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/imaging/label_map.h"
#include "engine/session/mask_comparison.h"

namespace mr::session {

struct EvaluationCase {
    std::string id, question, imagePath;
    std::string output;                      // the reasoner's whole text, "" without a prediction
    std::string failureKind, failureReason;  // "" when the answer was scored
    std::optional<mr::Box> truthBox, predictedBox;
    std::vector<mr::Point> truthPoints, predictedPoints;
    std::optional<mr::Mask> truthMask, predictedMask;
    std::string predictedMaskKind;                       // "joint", "bbox" or "points"; "" without one
    std::vector<std::pair<std::string, double>> scores;  // "iou", "pdice", "dice_joint", ... as the run gave them
    std::vector<std::string> problems;                   // masks that could not be read, for the user
};

// An evaluation results folder's results and its dataset's records by sample id, read once for
// the viewer to step through (a run of 10,000 samples takes about a second to read).
struct EvaluationRun {
    std::string origin;   // the folder it was read from, as given
    std::string folder;   // where the results files are
    std::string dataset;  // the dataset they were scored against
    std::map<std::string, mr::json::Value> results;
    std::map<std::string, mr::dataset::UmrgRecord> records;
    std::string fingerprint;  // the files read, with their sizes and times (evaluationRunIsCurrent)
};

// The run of `resultsFolder` against its recorded dataset (or `datasetDir`). Throws WorklistError
// for a folder without results, a damaged file or an unreadable dataset.
EvaluationRun readEvaluationRun(const std::string& resultsFolder, const std::string& datasetDir = "");

// Whether `run` still is what its folder holds: the same results and records files, unchanged
// in size and time (a run resumed or scored again since is read again).
bool evaluationRunIsCurrent(const EvaluationRun& run);

// Sample `id` of a run: its result and its dataset record, with the masks read. The predicted mask
// is the joint prompt's when the run kept it, else the box's, else the points'. Throws
// WorklistError for an id the results or the dataset lack; masks that cannot be read are listed in
// `problems`.
EvaluationCase evaluationCaseOf(const EvaluationRun& run, const std::string& id);

// readEvaluationRun, then evaluationCaseOf.
EvaluationCase readEvaluationCase(const std::string& resultsFolder, const std::string& id,
                                  const std::string& datasetDir = "");

// The dataset a results file was scored against, from the run's record beside it
// (results*.jsonl.run.json). Throws WorklistError when there is none.
std::string scoredDatasetOf(const std::string& resultsFile);

// The case as a finished run on `image` (what the viewer shows of the case's image), so that the
// editor takes it as it takes a live one: the reasoner's text and answer, the answer's box and
// points as the prompts, the predicted mask as the expert's. Outcome: a mask, the answer only, or
// a format issue when the text has no usable answer.
ground::GroundingResult runOfEvaluationCase(const EvaluationCase& c, ground::ReasonerImage image);

// Which parts of a case the viewer draws.
struct CaseLayers {
    bool truthMask = true, truthBox = true, truthPoints = true;
    bool predictedMask = true, predictedBox = true, predictedPoints = true;
};

// Label values of the case's label map: the masks compared (mask_comparison.h; truth first), then
// the boxes and points.
enum CaseLabel : uint8_t {
    kBothMasks = kInBoth,            // where the truth and the prediction agree (both shown)
    kTruthMask = kOnlyInFirst,       // truth only (or the whole truth when the prediction's mask is hidden)
    kPredictedMask = kOnlyInSecond,  // prediction only (or all of it)
    kTruthBox,
    kTruthPoints,
    kPredictedBox,
    kPredictedPoints
};

// The visible parts of `c` as a uint8 label map on `grid` (a 2-D image: size x × y × 1), with a
// named table: the masks (their overlap a label of its own), then the boxes as outlines and the
// points as small discs drawn over them. Masks of another size than the grid are left out.
mr::imaging::LabelMap caseLabelMap(const EvaluationCase& c, const CaseLayers& layers,
                                   const mr::imaging::Geometry& grid);

}  // namespace mr::session
