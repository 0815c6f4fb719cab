#pragma once
// Turns the review on screen into a dataset sample: the image exactly as the reasoner saw it, the
// reasoner's raw output and parsed answer (when the mask on the review slice came from it), the
// expert's first mask and the final mask, edit statistics, the reviewer's choice, a de-identified
// source reference, and the versions that made it. Pure data work: no disk, no dialogs.
#include <memory>
#include <optional>
#include <string>

#include "engine/dataset/sample.h"
#include "engine/imaging/image.h"
#include "engine/imaging/windowing.h"
#include "widgets/review_dialog.h"

namespace mr::ground {
struct GroundingResult;
}

namespace mr::app {

class MaskEditor;

struct SampleDraft {
    mr::dataset::Sample sample;
    mr::dataset::SamplePixels pixels;
};

struct SampleContext {
    mr::imaging::Image image;                                    // the image on screen
    std::optional<mr::imaging::WindowLevel> window;              // for gray images: what the user sees
    std::shared_ptr<const mr::ground::GroundingResult> result;   // the reasoner's last run, if any
    std::string salt;                                            // the dataset's, for the source key
    std::string appVersion;
};

// The edit statistics of the review in progress (first mask vs the mask now).
mr::widgets::ReviewSummary reviewSummaryOf(const MaskEditor& editor, const SampleContext& context);
// Whether `result` answered on the review's slice of this image, so its text belongs to the sample.
bool resultBelongsToReview(const MaskEditor& editor, const SampleContext& context);
// The question and modality to pre-fill the review dialog with.
mr::widgets::ReviewChoice initialChoiceOf(const MaskEditor& editor, const SampleContext& context);

// Requires editor.hasReview(). Throws mr::Error when the image and the mask do not fit.
SampleDraft buildSample(const MaskEditor& editor, const SampleContext& context, const mr::widgets::ReviewChoice& choice);

}  // namespace mr::app
