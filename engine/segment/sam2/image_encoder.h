#pragma once
// SAM 2's image encoder (sam2.modeling.backbones): the Hiera trunk (patch embedding, interpolated
// plus window-tiled position embedding, windowed and global multi-scale attention blocks with
// q-pooling at stage changes) and the FPN neck (1x1 laterals, nearest top-down fusion on the
// configured levels, sine position encodings, scalp).
#include <torch/torch.h>

#include <vector>

#include "engine/core/cancel.h"
#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/sam2/sam2_weights.h"

namespace mr::segment::sam2 {

struct BackboneOutput {
    std::vector<torch::Tensor> fpn;  // [1, dModel, h, w] per kept level, finest first
    std::vector<torch::Tensor> pos;  // matching sine position encodings
};

// Hiera.forward: the stage-end features [1, C_i, h_i, w_i], finest first. Checks `cancel`
// between blocks.
std::vector<torch::Tensor> hieraForward(const Sam2Config& config, const ImageEncoderWeights& w,
                                        const torch::Tensor& input, const mr::CancelToken& cancel);

// FpnNeck.forward followed by ImageEncoder's scalp.
BackboneOutput fpnNeck(const Sam2Config& config, const ImageEncoderWeights& w, const std::vector<torch::Tensor>& xs);

}  // namespace mr::segment::sam2
