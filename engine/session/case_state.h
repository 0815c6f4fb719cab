#pragma once
// The case on screen as plain data (the role of ITK-SNAP's IRISApplication state): the image and
// how it is shown, the slice under review with the expert's first mask and the mask now, and the
// reasoner's last run. The GUI's controllers fill it; saving a sample reads only this.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ground/grounding_pipeline.h"
#include "engine/imaging/image.h"
#include "engine/imaging/windowing.h"

namespace mr::session {

struct CaseState {
    mr::imaging::Image image;                        // the image on screen
    std::optional<mr::imaging::WindowLevel> window;  // gray images: the window as displayed
    int64_t reviewSlice = -1;                        // the axial slice under review; -1: none
    std::vector<uint8_t> firstMask, mask;            // on that slice, 0/1: the expert's first, and now
    double reviewSeconds = 0;                        // since the review began
    // UInt8 0/1 on the image's grid when slices other than reviewSlice hold mask (a propagated
    // mask, or one edited on several slices); empty otherwise. Saved beside the 2-D sample.
    mr::imaging::Image volumeMask;
    std::shared_ptr<const ground::GroundingResult> lastRun;  // the reasoner's last run, if any

    bool hasReview() const { return reviewSlice >= 0 && !mask.empty(); }
    // Whether lastRun answered on the review's slice of this image, so its text belongs to a sample.
    bool runBelongsToReview() const;
};

}  // namespace mr::session
