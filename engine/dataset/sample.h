#pragma once
// One reviewed sample of the dataset store: what the reasoner said, what the expert drew, what the
// reviewer decided, and where the image came from (de-identified). Stored one JSON object per line
// in samples.jsonl; accepted and corrected samples also become U-MRG records in annotations.json.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/json.h"
#include "engine/dataset/umrg_records.h"
#include "engine/imaging/image.h"

namespace mr::dataset {

// Imported: a record of a U-MRG folder the app did not write, taken in as it was (ground truth
// from elsewhere, not reviewed in the app).
enum class ReviewStatus { Accepted, Corrected, Rejected, Imported };
const char* reviewStatusName(ReviewStatus status);  // "accepted", "corrected", "rejected", "imported"
std::optional<ReviewStatus> reviewStatusFromName(const std::string& name);

// The original image, de-identified: no names, ids, UIDs, paths or dates.
struct SourceReference {
    std::string kind;                      // "dicom_series", "nifti", "picture"
    std::string seriesKey;                 // salted hash (hex, 16 chars) grouping slices of one series
    int64_t slice = 0;                     // axial slice index in that volume
    std::array<int64_t, 3> size{1, 1, 1};  // volume size (x, y, z)
    std::array<double, 3> spacing{1, 1, 1}, origin{0, 0, 0};
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};  // as mr::imaging::Geometry
};

// The mask of the whole volume saved beside the 2-D sample (a propagated mask, or one edited on
// more than one slice): a uint8 NIfTI label map on the source's grid, label 1 = the structure.
struct VolumeMaskReference {
    std::string file;                       // relative to the dataset folder, set by the store
    int64_t firstSlice = 0, lastSlice = 0;  // the axial slices that hold mask (inclusive)
};

// One saved state of a sample's final mask. A sample corrected again after it was saved keeps
// every revision, oldest first; the sample's own mask, status, annotator, note and truth box and
// points are those of the last one.
struct Revision {
    int number = 1;  // 1: the first save
    ReviewStatus status = ReviewStatus::Accepted;
    std::string maskFile;                  // that revision's final mask, relative to the dataset folder
    std::string annotator, savedAt, note;  // who, when (ISO 8601 UTC), what changed in their words
    std::optional<mr::Box> truthBox;
    std::vector<mr::Point> truthPoints;
    double diceToPrevious = 1;  // this mask against the revision before (1 for the first)
    int64_t pixelsChanged = 0;  // pixels that differ from the revision before
    // "" for an ordinary revision; an adjudication of the readings (DatasetStore::adjudicate) says
    // whose mask won: "first", "second" or "edited" (the adjudicator's own); `annotator` decided.
    std::string decision;
};

// An independent (blind) reading of a saved sample by another annotator, who drew their own mask
// without seeing the sample's. The agreement figures are against the mask the sample had then
// (its accepted revision: the "first reader's" mask), so later revisions do not change them.
struct Reading {
    std::string annotator, savedAt;  // the second reader, and when (ISO 8601 UTC)
    std::string maskFile;            // masks/<id>_reader<K>.png, relative to the dataset folder
    std::string firstReader;         // whose mask it was compared with (that revision's annotator)
    double secondsSpent = 0;
    double diceToFirst = 0;            // this mask against the first reader's
    int64_t pixelsInDisagreement = 0;  // pixels set in one of the two masks only
};

struct Sample {
    std::string id;  // set by the store (e.g. "000001")
    ReviewStatus status = ReviewStatus::Accepted;
    std::string category, supercategory, note;
    std::string question, rawOutput, think, answerText;  // raw reasoner text; parsed <think>/<answer>
    // The reasoning trace's state: "complete", "stopped" or "malformed"; "" without a trace (manual
    // prompts) and in records written before the field existed.
    std::string traceState;
    std::optional<mr::Box> bbox;    // original image pixels x1, y1, x2, y2
    std::vector<mr::Point> points;  // original pixels (the two key points)
    // The ground truth the final mask implies (mr::edit::maskBoundingBox / maskKeyPoints): a
    // corrected mask corrects the box and points too. The U-MRG record uses these when present.
    std::optional<mr::Box> truthBox;
    std::vector<mr::Point> truthPoints;
    std::string modality, annotator, createdAt, modifiedAt;  // ISO 8601 UTC "2026-11-29T14:03:05Z"
    std::string modelVersion, expertName, appVersion;
    int reasonerWidth = 0, reasonerHeight = 0;  // the model's resized input size
    SourceReference source;
    double dice = 1;                                 // first (expert) vs final mask
    int64_t pixelsChanged = 0;                       // pixels that differ between first and final mask
    double secondsSpent = 0;                         // review time
    std::string imageFile, firstMaskFile, maskFile;  // relative to the dataset folder; set by the store
    std::optional<VolumeMaskReference> volumeMask;   // set by the store when the pixels carry one
    std::vector<Revision> revisions;  // empty until the sample is corrected again (see DatasetStore::revise)
    std::vector<Reading> readings;    // second (third, ...) readings, oldest first (DatasetStore::addReading)
    // Imported samples: the record exactly as the other tool wrote it (every field, aliases and
    // unknown keys included), so the app's own records file can carry it on unchanged.
    mr::json::Value importedRecord;
    mr::json::Value extra;  // unknown fields kept for a lossless round trip (object or null)
};

// JSON object of a sample (snake_case keys, see docs/dataset.md) and back. sampleFromJson throws
// DatasetError naming `where` and the bad field.
mr::json::Value sampleToJson(const Sample& sample);
Sample sampleFromJson(const mr::json::Value& v, const std::string& where);

// Whether the sample is ground truth for exports and the U-MRG records (not rejected).
bool isGroundTruth(const Sample& sample);
// The sample as exports and the U-MRG records see it: at its latest revision that is not rejected
// (its mask, status, truth box and points); none when every revision is rejected.
std::optional<Sample> acceptedRevisionOf(const Sample& sample);
// The sample's own state (status, mask, annotator, note, truth box and points) set to `revision`'s.
void showRevision(Sample& sample, const Revision& revision);

// The U-MRG record of a sample: id, image, mask (final), question, answer (answerText), bbox_2d and
// point_2d (the truth box and points when set, else the answer's; the first two points; missing
// ones and a missing box are zeros), category,
// supercategory, modality. An imported sample gives its original record with the app's edits of
// category, supercategory and modality applied.
UmrgRecord umrgRecordOf(const Sample& sample);
// The same as the JSON object the app's records file holds: an imported sample's original object
// unchanged (aliases, number formats and unknown keys kept) but for the app's edits of the labels.
mr::json::Value umrgRecordJsonOf(const Sample& sample);

// The pixels saved with a sample. rgb: interleaved RGB8, the image exactly as the reasoner saw it,
// width*height*3 bytes; masks: 0/1 (any non-zero counts as 1), width*height (original size).
// volumeMask: empty, or a UInt8 image (any non-zero counts as 1) of the source volume's size
// (Sample::source); saved as the sample's volume mask when any slice holds mask.
struct SamplePixels {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;
    std::vector<uint8_t> firstMask, finalMask;
    mr::imaging::Image volumeMask;
};

}  // namespace mr::dataset
