#pragma once
// SAM in libtorch, module for module as segment_anything/modeling (ImageEncoderViT with windowed
// and global attention and decomposed relative positions, PromptEncoder with random-Fourier
// positions, MaskDecoder with the TwoWayTransformer, hypernetwork heads and IoU head), on the
// original state_dict key names. The weights are bound once at load through SAM's tensor-name
// table (sam_weights.h); forward passes read struct members.
#include <torch/torch.h>

#include <optional>
#include <utility>

#include "engine/core/cancel.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/device.h"
#include "engine/segment/sam_config.h"
#include "engine/segment/sam_weights.h"

namespace mr::segment {

class SamModel {
public:
    // Checks every key and shape against the config (throws nn::WeightsError listing the
    // differences) and moves the weights to the device and dtype.
    SamModel(SamConfig config, const nn::StateDict& weights, const nn::ResolvedDevice& device);

    const SamConfig& config() const { return cfg_; }
    const nn::ResolvedDevice& device() const { return dev_; }

    // 1x3xSxS float input (already normalised and padded) -> 1xCxGxG float32 embeddings.
    // Checks `cancel` between encoder blocks.
    torch::Tensor encodeImage(const torch::Tensor& input, const mr::CancelToken& cancel) const;

    // prompt_encoder.get_dense_pe(): 1xDxGxG.
    torch::Tensor densePe() const;

    // PromptEncoder.forward. coords BxNx2 and labels BxN (1 positive, 0 negative, -1 padding) in
    // the 1024 input frame; boxes Bx4; masks Bx1x(4G)x(4G). Returns (sparse BxTxD, dense BxDxGxG).
    std::pair<torch::Tensor, torch::Tensor> encodePrompts(const std::optional<torch::Tensor>& coords,
                                                          const std::optional<torch::Tensor>& labels,
                                                          const std::optional<torch::Tensor>& boxes,
                                                          const std::optional<torch::Tensor>& masks) const;

    // MaskDecoder.forward: (low-res logits BxCx4Gx4G, iou predictions BxC), C = 3 or 1.
    std::pair<torch::Tensor, torch::Tensor> decodeMasks(const torch::Tensor& imageEmbeddings,
                                                        const torch::Tensor& imagePe, const torch::Tensor& sparse,
                                                        const torch::Tensor& dense, bool multimask) const;

    // Sam.postprocess_masks: upscale to the input size, crop to inputSize (h, w), resize to
    // originalSize (h, w). Bilinear, align_corners=False.
    torch::Tensor postprocessMasks(const torch::Tensor& lowRes, std::pair<int, int> inputSize,
                                   std::pair<int, int> originalSize) const;

private:
    torch::Tensor encoderBlock(const torch::Tensor& x, int index) const;
    torch::Tensor encoderAttention(const torch::Tensor& x, const SamEncoderBlock& b) const;
    torch::Tensor decoderAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   const SamAttention& a) const;
    torch::Tensor peEncoding(const torch::Tensor& coords01) const;

    SamConfig cfg_;
    nn::ResolvedDevice dev_;
    SamWeights w_;
};

}  // namespace mr::segment
