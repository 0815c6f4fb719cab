#pragma once
// Masks for the paper's Dice columns when the predictions carry none: a promptable segmentation
// expert (SAM/MedSAM, the classical expert) prompted with the parsed answer three ways, as
// MedReasoner's statistic.py does: box only, the two points only, box + points. The runner only
// knows this small interface; an adapter over mr::segment::SegmentationExpert plugs in.
#include <map>
#include <string>

#include "engine/core/cancel.h"
#include "engine/eval/metrics.h"
#include "engine/eval/predictor.h"

namespace mr::eval {

class MaskSegmenter {
public:
    virtual ~MaskSegmenter() = default;
    // Masks keyed by prompt kind (kPromptBox, kPromptPoints, kPromptJoint), each the size of the
    // image at `imagePath`; kinds it cannot produce may be left out. Throws mr::Error on failure
    // (the runner records it as a warning and scores that Dice 0, as the reference does).
    virtual std::map<std::string, MaskImage> segment(const std::string& imagePath, const Box& box,
                                                     const PointPair& points, const mr::CancelToken& cancel) = 0;
    // For run metadata, e.g. "MedSAM /models/medsam.safetensors".
    virtual std::string describe() const = 0;
};

}  // namespace mr::eval
