#pragma once
// A reviewer's decision about a result on screen, and the facts shown while deciding: the plain
// data behind the review dialog (widgets/review_dialog) and the sample builder (engine/session).
#include <cstdint>
#include <string>

#include "engine/dataset/sample.h"

namespace mr::dataset {

struct ReviewChoice {
    ReviewStatus status = ReviewStatus::Accepted;
    std::string question, category, supercategory, modality, annotator, note;
};

struct ReviewSummary {
    double dice = 1;  // the expert's first mask against the mask now
    int64_t pixelsChanged = 0;
    double seconds = 0;         // since the review began
    bool fromReasoner = false;  // the mask came from the reasoner's answer (not only manual prompts)
    std::string traceState;     // the sample's reasoning trace: "complete", "stopped", "malformed"; "" without one
    // A saved sample corrected again: the number of the revision being saved (2, 3, ...); dice and
    // pixelsChanged are then against the revision before it. 0 for a new sample.
    int revision = 0;
};

}  // namespace mr::dataset
