#pragma once
// Turns the review of a case into a dataset sample: the image exactly as the reasoner saw it, the
// reasoner's raw output and parsed answer (when the reviewed mask came from it), the expert's first
// mask and the final mask, edit statistics, the reviewer's choice, a de-identified source
// reference and the versions that made it. Pure data work: no disk, no dialogs.
#include <string>

#include "engine/dataset/review.h"
#include "engine/dataset/sample.h"
#include "engine/edit/mask_volume.h"
#include "engine/session/case_state.h"

namespace mr::session {

struct SampleDraft {
    mr::dataset::Sample sample;
    mr::dataset::SamplePixels pixels;
};

// The edit statistics of the review in progress (first mask against the mask now).
mr::dataset::ReviewSummary reviewSummaryOf(const CaseState& state);
// The state of a run's reasoning trace, as a sample records it: "complete" (a well-formed answer),
// "stopped" (stopped by the user, cut off at the token or context limit, or ended by an error) or
// "malformed" (the model finished but its answer is unusable).
std::string traceStateOf(const ground::GroundingResult& run);
// The question and modality to pre-fill the review with.
mr::dataset::ReviewChoice initialChoiceOf(const CaseState& state);

// CaseState::volumeMask from the mask volume on screen: a copy on `grid` when a slice other than
// `reviewSlice` holds mask, else an empty image. Throws mr::Error when the sizes differ.
mr::imaging::Image volumeMaskOf(const mr::edit::MaskVolume& volume, const mr::imaging::Geometry& grid,
                                int64_t reviewSlice);

// Requires state.hasReview(). `salt`: the dataset's, for the source key. Throws mr::Error when the
// image and the masks do not fit.
SampleDraft buildSample(const CaseState& state, const mr::dataset::ReviewChoice& choice, const std::string& salt,
                        const std::string& appVersion);

// A saved sample corrected again: `saved` with the reviewer's choice and the truth box and points of
// `finalMask` (0/1, width × height of the sample image), for DatasetStore::revise.
mr::dataset::Sample revisionOf(const mr::dataset::Sample& saved, const mr::dataset::ReviewChoice& choice,
                               const std::vector<uint8_t>& finalMask, int width, int height);

}  // namespace mr::session
