#pragma once
// SAM 2 in libtorch: the modules of sam2.modeling wired as SAM2Base wires them (forward_image,
// _forward_sam_heads, _use_mask_as_output, _encode_new_memory), on weights bound once through
// the weight table. The image predictor (sam2_expert.h) and the video predictor
// (video_predictor.h) are built on it.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/nn/device.h"
#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/sam2/sam2_weights.h"

namespace mr::segment::sam2 {

// NO_OBJ_SCORE: the mask logit of frames where the object is predicted absent.
constexpr float kNoObjScore = -1024.0f;

// One image's backbone features (_prepare_backbone_features), batch 1, on the model's device.
struct FrameFeatures {
    torch::Tensor vision;                // [1, C, g, g] coarsest kept FPN level (no no-memory embedding)
    torch::Tensor visionPos;             // [1, C, g, g] its sine position encoding
    std::vector<torch::Tensor> highRes;  // {conv_s0 [1, C/8, 4g, 4g], conv_s1 [1, C/4, 2g, 2g]} or empty
};

// _forward_sam_heads / _use_mask_as_output outputs (float32).
struct SamHeadsOutput {
    torch::Tensor lowResMultimasks, highResMultimasks, ious;  // [B, M, ...], [B, M]
    torch::Tensor lowResMasks, highResMasks;                  // the best mask [B, 1, ...]
    torch::Tensor objPtr;                                     // [B, C]
    torch::Tensor objectScoreLogits;                          // [B, 1]
};

class Sam2Model {
public:
    Sam2Model(Sam2Config config, std::unique_ptr<Sam2Weights> weights, const nn::ResolvedDevice& device);

    const Sam2Config& config() const { return cfg_; }
    const Sam2Weights& weights() const { return *w_; }
    const nn::ResolvedDevice& device() const { return dev_; }

    // forward_image + _prepare_backbone_features for a [1, 3, S, S] input. Checks `cancel`
    // between trunk blocks.
    FrameFeatures encodeImage(const torch::Tensor& input, const mr::CancelToken& cancel) const;
    // sam_prompt_encoder.get_dense_pe(): [1, C, g, g].
    const torch::Tensor& densePe() const { return densePe_; }
    // The image embedding the image predictor and initial conditioning frames use:
    // vision features + no_mem_embed (directly_add_no_mem_embed).
    torch::Tensor withNoMemoryEmbedding(const FrameFeatures& f) const;

    // SAM2ImagePredictor._predict's model part: coords [1, N, 2] in the model frame and labels
    // [1, N] (undefined when there are no points), maskInput [1, 1, 4g, 4g] or undefined.
    // Returns (low-res logits [1, M, 4g, 4g] unclamped, IoU predictions [1, M]), float32.
    std::pair<torch::Tensor, torch::Tensor> predictImage(const FrameFeatures& f, const torch::Tensor& coords,
                                                         const torch::Tensor& labels, const torch::Tensor& maskInput,
                                                         bool multimask) const;

    // SAM2Base._forward_sam_heads (coords undefined: one padding point, as the original).
    SamHeadsOutput forwardSamHeads(const torch::Tensor& backbone, const torch::Tensor& coords,
                                   const torch::Tensor& labels, const torch::Tensor& maskInputs,
                                   const std::vector<torch::Tensor>& highRes, bool multimask) const;
    // SAM2Base._use_mask_as_output for a binary mask [1, 1, S, S].
    SamHeadsOutput useMaskAsOutput(const FrameFeatures& f, const torch::Tensor& mask) const;
    // SAM2Base._encode_new_memory: (features [1, mem, g, g] float32, position encoding).
    std::pair<torch::Tensor, torch::Tensor> encodeNewMemory(const FrameFeatures& f, const torch::Tensor& highResMasks,
                                                            const torch::Tensor& objectScoreLogits,
                                                            bool binarize) const;
    // SAM2Base._use_multimask.
    bool useMultimask(bool isInitCondFrame, int64_t numPoints) const;

private:
    Sam2Config cfg_;
    std::unique_ptr<Sam2Weights> w_;
    nn::ResolvedDevice dev_;
    torch::Tensor densePe_;
};

struct Sam2LoadOptions {
    int imageSize = 0;  // 0: the config's (MedSAM2: 512); kMedReasonerCallPathImageSize for MedReasoner's path
    nn::DeviceChoice device;
};

// Loads an official checkpoint (.pt/.pth `{"model": state_dict}` through the restricted
// unpickler, or .safetensors) with the config found beside it (<weights>.json or config.json) or
// the official layout's values. Throws nn::WeightsError listing missing / unexpected / mis-shaped
// keys, mr::Error for unreadable files or configs.
std::shared_ptr<Sam2Model> loadSam2Model(const std::string& checkpointPath, const Sam2LoadOptions& options = {});

}  // namespace mr::segment::sam2
