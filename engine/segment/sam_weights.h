#pragma once
// SAM's weights as plain structs, and the tensor-name table that binds a checkpoint to them once
// at load (segment_anything's state_dict key names; see engine/nn/weight_table.h). The forward
// passes in sam_model.cpp read these members and never look a tensor up by name.
#include <torch/torch.h>

#include <vector>

#include "engine/nn/weight_table.h"
#include "engine/segment/sam_config.h"

namespace mr::segment {

struct SamLinear {
    torch::Tensor weight, bias;  // bias may be undefined (qkv_bias=False)
    torch::Tensor operator()(const torch::Tensor& x) const { return torch::linear(x, weight, bias); }
};

struct SamNorm {
    torch::Tensor weight, bias;
};

struct SamEncoderBlock {
    SamNorm norm1, norm2;
    SamLinear qkv, proj;
    torch::Tensor relPosH, relPosW;  // undefined without relative positions
    SamLinear lin1, lin2;
};

struct SamImageEncoderWeights {
    torch::Tensor patchEmbedWeight, patchEmbedBias;
    torch::Tensor posEmbed;  // undefined without absolute positions
    std::vector<SamEncoderBlock> blocks;
    torch::Tensor neck0, neck2;  // 1x1 and 3x3 convolutions, no bias
    SamNorm neck1, neck3;        // LayerNorm2d
};

struct SamPromptEncoderWeights {
    torch::Tensor gaussianMatrix;      // pe_layer.positional_encoding_gaussian_matrix [2, D/2]
    torch::Tensor pointEmbeddings[4];  // negative, positive, box corner 1, box corner 2
    torch::Tensor notAPoint, noMask;
    torch::Tensor down0Weight, down0Bias, down3Weight, down3Bias, down6Weight, down6Bias;  // mask_downscaling convs
    SamNorm down1, down4;                                                                  // its LayerNorm2d
};

struct SamAttention {
    SamLinear q, k, v, out;
};

struct SamTwoWayLayer {
    SamAttention selfAttn, tokenToImage, imageToToken;
    SamNorm norm1, norm2, norm3, norm4;
    SamLinear lin1, lin2;
};

struct SamMaskDecoderWeights {
    std::vector<SamTwoWayLayer> layers;
    SamAttention finalAttn;
    SamNorm normFinal;
    torch::Tensor iouToken, maskTokens;
    torch::Tensor up0Weight, up0Bias, up3Weight, up3Bias;  // output_upscaling transposed convs
    SamNorm up1;
    std::vector<std::vector<SamLinear>> hypernetworks;  // one 3-layer MLP per mask token
    std::vector<SamLinear> iouHead;
};

struct SamWeights {
    SamImageEncoderWeights image;
    SamPromptEncoderWeights prompt;
    SamMaskDecoderWeights decoder;
};

// Every key of a checkpoint for `config`, with its shape, bound to the member of `weights` it fills
// (the structs' vectors are sized here). Mismatch messages say "config" for the expected shapes.
mr::nn::WeightTable samWeightTable(const SamConfig& config, SamWeights& weights);

}  // namespace mr::segment
