#pragma once
// SAM 2's video predictor for one object (sam2_video_predictor_npz.SAM2VideoPredictorNPZ, the
// class MedSAM2's CT script drives): prompts on a frame (box corners and clicks, or a mask), the
// memory bank of conditioning frames plus the last num_maskmem - 1 tracked frames, object
// pointers of up to max_obj_ptrs_in_encoder frames with signed temporal encodings, memory
// features rounded to bfloat16 as the original stores them, and hole filling of every stored
// mask. Frames are tracked forward or in reverse from the prompted frames.
#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <set>

#include "engine/core/cancel.h"
#include "engine/segment/sam2/sam2_model.h"

namespace mr::segment::sam2 {

// The compact per-frame output the original keeps: memory features in bfloat16 as it stores them,
// one position encoding shared by every frame (it depends on the size only), the rest float32.
struct TrackedFrame {
    torch::Tensor maskmemFeatures;    // [1, mem, g, g] bfloat16, or undefined before the memory is encoded
    torch::Tensor maskmemPosEnc;      // [1, mem, g, g], shared
    torch::Tensor predMasks;          // [1, 1, 4g, 4g] low-res logits after hole filling
    torch::Tensor objPtr;             // [1, C]
    torch::Tensor objectScoreLogits;  // [1, 1]
    int64_t filledPixels = 0;         // pixels the hole filling changed
};

// build_sam2_video_predictor_npz's overrides.
struct VideoPredictorOptions {
    bool binarizeMaskFromPtsForMemEnc = true;
    int64_t fillHoleArea = 8;
};

// Features of frame i (model input already prepared by the caller; may be cached there).
using FrameFeaturesFn = std::function<FrameFeatures(int frame)>;

class VideoPredictor {
public:
    VideoPredictor(std::shared_ptr<const Sam2Model> model, int numFrames, FrameFeaturesFn features,
                   VideoPredictorOptions options = {});

    // add_new_points_or_box (clear_old_points=True): coords [N, 2] in the model frame (box corners
    // first, labels 2 and 3), labels [N]. Returns the frame's stored output.
    const TrackedFrame& addPoints(int frame, const torch::Tensor& coords, const torch::Tensor& labels);
    // add_new_mask: a binary mask [H, W] (resized to S x S with antialiasing and >= 0.5 when needed).
    const TrackedFrame& addMask(int frame, const torch::Tensor& mask);

    // propagate_in_video(start_frame_idx, max_frame_num_to_track, reverse): start < 0 means the
    // earliest conditioning frame, maxFrames < 0 all frames. Calls onFrame for every frame in
    // processing order (the prompted frames included). Checks `cancel` between frames.
    void propagate(int start, int maxFrames, bool reverse, const std::function<void(int, const TrackedFrame&)>& onFrame,
                   const mr::CancelToken& cancel);

    // reset_state: forgets prompts and tracking results.
    void reset();

    int numFrames() const { return numFrames_; }

private:
    enum Kind { Cond = 0, NonCond = 1 };
    struct Prompt {
        torch::Tensor coords, labels, mask;  // points (with a batch axis) or a mask [1, 1, S, S]
    };

    const TrackedFrame& addPrompt(int frame, const Prompt& prompt);
    TrackedFrame runSingleFrame(int frame, bool isInitCondFrame, const Prompt& prompt, bool reverse,
                                bool runMemoryEncoder, const torch::Tensor& prevMaskLogits);
    torch::Tensor memoryConditionedFeatures(int frame, bool isInitCondFrame, const FrameFeatures& f,
                                            bool reverse) const;
    // Past object pointers and their temporal encodings: (tokens [n, 1, mem], positions [n, 1, mem]).
    std::pair<torch::Tensor, torch::Tensor> objectPointerTokens(
        int frame, bool reverse, const std::map<int, const TrackedFrame*>& selected,
        const std::map<int, const TrackedFrame*>& unselected) const;
    void preflight();
    void checkFrame(int frame) const;

    std::shared_ptr<const Sam2Model> model_;
    int numFrames_;
    FrameFeaturesFn features_;
    VideoPredictorOptions options_;
    std::map<int, TrackedFrame> outputs_[2], temp_[2];
    std::set<int> consolidated_[2];
    std::map<int, bool> tracked_;  // frame -> tracked in reverse
    torch::Tensor maskmemPosEnc_;  // _get_maskmem_pos_enc's constant
};

}  // namespace mr::segment::sam2
