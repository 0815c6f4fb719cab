#pragma once
// SAM 2's prompt encoder and mask decoder (sam2.modeling.sam): points (box corners are points
// with labels 2 and 3) and an optional low-res mask become sparse and dense embeddings; the
// two-way transformer, the upscaling with high-resolution features, the hypernetwork heads, the
// IoU head (sigmoid), the object-score head and the stability-based single-mask choice turn them
// into mask logits.
#include <torch/torch.h>

#include <utility>
#include <vector>

#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/sam2/sam2_weights.h"

namespace mr::segment::sam2 {

// PromptEncoder.forward(points=(coords, labels), boxes=None, masks): coords [B, N, 2] float32 in
// the model's input frame (pixels of the S x S input), labels [B, N] (1 positive, 0 negative,
// 2/3 box corners, -1 padding); a padding point is appended, as the original does without boxes.
// mask: [B, 1, 4g, 4g] logits or undefined. Returns (sparse [B, N+1, C], dense [B, C, g, g]).
std::pair<torch::Tensor, torch::Tensor> encodePrompts(const Sam2Config& config, const PromptEncoderWeights& w,
                                                      const torch::Tensor& coords, const torch::Tensor& labels,
                                                      const torch::Tensor& mask);

struct DecoderOutput {
    torch::Tensor masks;              // [B, M, 4g, 4g] logits (M = 3 with multimask, else 1)
    torch::Tensor ious;               // [B, M]
    torch::Tensor samTokens;          // [B, M or 1, C] output tokens for the object pointer
    torch::Tensor objectScoreLogits;  // [B, 1]
};

// MaskDecoder.forward(repeat_image=False). highRes: {conv_s0 features, conv_s1 features} or empty.
DecoderOutput decodeMasks(const Sam2Config& config, const MaskDecoderWeights& w, const torch::Tensor& imageEmbeddings,
                          const torch::Tensor& imagePe, const torch::Tensor& sparse, const torch::Tensor& dense,
                          bool multimask, const std::vector<torch::Tensor>& highRes);

// MaskDecoder._get_stability_scores: IoU of logits > delta and logits > -delta, per mask.
torch::Tensor stabilityScores(const torch::Tensor& maskLogits, double delta);

}  // namespace mr::segment::sam2
