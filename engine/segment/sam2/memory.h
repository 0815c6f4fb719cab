#pragma once
// SAM 2's memory: the memory encoder (mask downsampler, pixel-feature projection, ConvNeXt fuser,
// output projection, sine position encoding) and the memory attention (self-attention with 2-D
// RoPE, cross-attention to memories with RoPE repeated over the memory frames and none on the
// object-pointer tokens, ReLU feed-forward, pre-norm layers, final norm).
#include <torch/torch.h>

#include <utility>

#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/sam2/sam2_weights.h"

namespace mr::segment::sam2 {

// MemoryEncoder.forward(pix_feat, masks, skip_mask_sigmoid=True): pixFeat [B, C, g, g], masks
// [B, 1, S, S] (already scaled). Returns (features [B, mem, g, g], position encoding).
std::pair<torch::Tensor, torch::Tensor> memoryEncoder(const Sam2Config& config, const MemoryEncoderWeights& w,
                                                      const torch::Tensor& pixFeat, const torch::Tensor& masks);

// MemoryAttention.forward: curr / currPos [HW, B, C], memory / memoryPos [M, B, mem] whose last
// numObjPtrTokens entries are object-pointer tokens. Returns [HW, B, C].
torch::Tensor memoryAttention(const Sam2Config& config, const Sam2Weights& w, const torch::Tensor& curr,
                              const torch::Tensor& currPos, const torch::Tensor& memory, const torch::Tensor& memoryPos,
                              int64_t numObjPtrTokens);

}  // namespace mr::segment::sam2
