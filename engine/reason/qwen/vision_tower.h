#pragma once
// The Qwen2.5-VL vision tower: patch embedding (the Conv3d as one matmul over flattened patches),
// 2D rotary embedding, blocks with window attention (full attention in the config's
// fullatt_block_indexes), RMSNorm, gated MLP, and the patch merger that turns each 2×2 group of
// patches into one language-model token.
#include <ATen/ATen.h>

#include <vector>

#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/grid.h"
#include "engine/reason/qwen/vision_windows.h"
#include "engine/reason/qwen/weights.h"

namespace mr::reason::qwen {

// Intermediate results, for checking against the original.
struct VisionTrace {
    at::Tensor patchEmbed;            // [patches, hidden], processor order
    at::Tensor rotPosEmb;             // [patches, headDim/2], processor order
    std::vector<at::Tensor> blocks;   // each block's output [patches, hidden], window order
    at::Tensor mergerNorm;            // ln_q output, window order
    at::Tensor mergerOutWindowOrder;  // [tokens, outHidden] before the reverse permutation
    VisionLayout layout;
};

class VisionTower {
public:
    VisionTower(VisionConfig config, VisionWeights weights);

    // pixelValues [patches, C·T·P·P] (any float dtype, any device: moved to the weights'),
    // grids in the order the images' patches are concatenated. Returns [tokens, outHidden] in the
    // weights' dtype, tokens in the order the prompt's image tokens expect.
    // Throws mr::Error when the pixel rows do not match the grids.
    at::Tensor forward(const at::Tensor& pixelValues, const std::vector<GridTHW>& grids,
                       VisionTrace* trace = nullptr) const;

    const VisionConfig& config() const { return config_; }

private:
    at::Tensor block(const VisionBlockWeights& b, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                     const std::vector<int64_t>& cuSeqlens) const;

    VisionConfig config_;
    VisionWeights w_;
};

}  // namespace mr::reason::qwen
