#pragma once
// Carrying a mask through a CT/MR volume with MedSAM2, as medsam2_infer_3D_CT.py does it: every
// slice resized (Pillow bicubic) and normalised, the prompt (a box and clicks, or a mask drawn
// or edited on the slice) added on the key slice, the video predictor run forward from the key
// slice, reset, prompted again and run backward, the two runs united, and the largest 3-D
// connected component kept. A slice range limits the tracking (the memory bank still knows the
// whole volume, as propagate_in_video's max_frame_num_to_track does).
//
// Re-propagating from an edited slice is the same call with the edited slice's mask as the
// prompt and the range that should be updated (e.g. from that slice to the end).
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/cancel.h"
#include "engine/core/raster.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::segment::sam2 {

class Sam2Model;

// 8-bit slices as the model sees them (already windowed), z-major: depth x height x width.
struct GrayVolumeView {
    const uint8_t* voxels = nullptr;
    int width = 0, height = 0, depth = 0;
};

struct SlicePrompt {
    int slice = 0;
    std::optional<mr::Box> box;  // x1, y1, x2, y2 in slice pixels
    std::vector<PointPrompt> points;           // clicks after the box, as the original orders them
    mr::Mask mask;                             // instead of box/points: the slice's mask (width x height)
};

struct PropagationRequest {
    SlicePrompt prompt;
    int firstSlice = 0, lastSlice = -1;  // inclusive range to track; -1: the last slice
    bool forward = true, backward = true;
    bool keepLargestComponent = true;  // the CT script's getLargestCC over the union
};

// One tracked slice of one run.
struct SliceStep {
    int slice = 0;
    bool reverse = false;
    bool prompted = false;       // the key slice (its output comes from the prompt)
    float objectScoreLogit = 0;  // > 0: the object is present
    int64_t area = 0;            // pixels with logit > 0 at the slice's size
    int64_t filledPixels = 0;    // low-res pixels the hole filling changed
};

struct PropagationResult {
    int width = 0, height = 0, depth = 0;
    std::vector<uint8_t> mask;  // depth x height x width, 0/1
    std::vector<SliceStep> steps;
    int64_t unionVoxels = 0, finalVoxels = 0;
    std::vector<std::string> warnings;
};

// Called after each tracked slice with the step and the slice's logits (height x width) at the
// slice's size, e.g. to show results while the run goes on.
using SliceStepFn = std::function<void(const SliceStep& step, const std::vector<float>& logits)>;

// Throws SegmentationError for a bad volume, slice, range or prompt; mr::Cancelled when cancelled.
PropagationResult propagateThroughVolume(const Sam2Model& model, const GrayVolumeView& volume,
                                         const PropagationRequest& request, const mr::ProgressFn& progress = {},
                                         const mr::CancelToken& cancel = {}, const SliceStepFn& onStep = {});

}  // namespace mr::segment::sam2
