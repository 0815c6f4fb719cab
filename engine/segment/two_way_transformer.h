#pragma once
// SAM's mask-decoder transformer (segment_anything / sam2 `TwoWayTransformer`): tokens and image
// embedding attend to each other in `depth` two-way blocks, then the tokens attend to the image
// once more. SAM and SAM 2 share this module exactly; only the key prefix differs.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/nn/layers.h"

namespace mr::segment {

// `Attention` with an optional downsampled internal dimension (q/k/v projections to
// embedding_dim / downsample_rate) and heads. softmax(q·kᵀ / √d) · v, as the originals.
struct AttentionWeights {
    nn::Linear q, k, v, out;
    int64_t heads = 1;
};

// Projects, splits heads ([B, N, C] -> [B, heads, N, C/heads]) and recombines around `core`.
torch::Tensor multiHeadAttention(const AttentionWeights& a, const torch::Tensor& q, const torch::Tensor& k,
                                 const torch::Tensor& v);
// softmax(q·kᵀ / √d) · v on [.., N, d] tensors (scaled_dot_product_attention without dropout).
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

// Declares `prefix`.{q,k,v,out}_proj (kvInDim: input width of k and v).
void bindAttention(nn::LayerBinder& b, const std::string& prefix, int64_t dim, int64_t internalDim, int64_t kvInDim,
                   int64_t heads, AttentionWeights& a);

struct TwoWayBlockWeights {
    AttentionWeights selfAttn, tokenToImage, imageToToken;
    nn::LayerNorm norm1, norm2, norm3, norm4;
    nn::Mlp mlp;  // ReLU
};

struct TwoWayTransformerWeights {
    std::vector<TwoWayBlockWeights> layers;
    AttentionWeights finalTokenToImage;
    nn::LayerNorm normFinal;
};

struct TwoWayTransformerShape {
    int64_t dim = 256, depth = 2, heads = 8, mlpDim = 2048, downsampleRate = 2;
};

// Declares every tensor under `prefix` ("mask_decoder.transformer").
void bindTwoWayTransformer(nn::LayerBinder& b, const std::string& prefix, const TwoWayTransformerShape& s,
                           TwoWayTransformerWeights& w);

// image [B, C, H, W], imagePe [B, C, H, W], tokens [B, N, C] -> (queries [B, N, C], keys [B, HW, C]).
std::pair<torch::Tensor, torch::Tensor> twoWayTransformer(const TwoWayTransformerWeights& w, const torch::Tensor& image,
                                                          const torch::Tensor& imagePe, const torch::Tensor& tokens);

}  // namespace mr::segment
