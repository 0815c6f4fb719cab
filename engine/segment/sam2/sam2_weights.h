#pragma once
// The tensors of a SAM 2 model as plain structs, declared once under the official
// SAM2Base.state_dict() names (image_encoder.trunk.*, image_encoder.neck.*, sam_prompt_encoder.*,
// sam_mask_decoder.*, memory_attention.*, memory_encoder.*, maskmem_tpos_enc, ...) and bound in one
// pass through nn::WeightTable, which lists every missing, unexpected and mis-shaped key.
#include <torch/torch.h>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/nn/layers.h"
#include "engine/nn/weight_table.h"
#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/two_way_transformer.h"

namespace mr::segment::sam2 {

struct HieraBlockWeights {
    nn::LayerNorm norm1, norm2;
    nn::Linear qkv, attnProj, dimProj;  // dimProj: the shortcut projection when the width changes
    nn::Mlp mlp;                        // GELU
};

struct ImageEncoderWeights {
    nn::Conv2d patchEmbed;
    torch::Tensor posEmbed, posEmbedWindow;
    std::vector<HieraBlockWeights> blocks;
    std::vector<nn::Conv2d> neckConvs;  // lateral 1x1 convs, coarsest level first
};

struct PromptEncoderWeights {
    torch::Tensor gaussianMatrix;                  // [2, dim/2]
    std::array<torch::Tensor, 4> pointEmbeddings;  // negative, positive, box corner 1, corner 2
    torch::Tensor notAPointEmbed, noMaskEmbed;     // [1, dim]
    nn::Conv2d maskDown0, maskDown3, maskDown6;
    nn::LayerNorm maskNorm1, maskNorm4;
};

struct MaskDecoderWeights {
    torch::Tensor iouToken, maskTokens, objScoreToken;  // objScoreToken undefined without object scores
    TwoWayTransformerWeights transformer;
    nn::ConvTranspose2d upscale0, upscale3;
    nn::LayerNorm upscaleNorm1;
    nn::Conv2d convS0, convS1;  // high-resolution feature projections
    std::vector<nn::Mlp> hypernetworks;
    nn::Mlp iouHead;
    nn::Mlp objScoreHead;  // one Linear when the model has no MLP score head
};

struct MemoryAttentionLayerWeights {
    AttentionWeights selfAttn, crossAttn;
    nn::Linear linear1, linear2;
    nn::LayerNorm norm1, norm2, norm3;
};

struct CxBlockWeights {
    nn::Conv2d dwconv;
    nn::LayerNorm norm;
    nn::Linear pwconv1, pwconv2;
    torch::Tensor gamma;  // layer scale
};

struct MemoryEncoderWeights {
    std::vector<nn::Conv2d> downConvs;  // stride-2 convs, then the final 1x1 to dModel
    std::vector<nn::LayerNorm> downNorms;
    nn::Conv2d pixFeatProj, outProj;  // outProj undefined when memDim == dModel
    std::vector<CxBlockWeights> fuser;
};

struct Sam2Weights {
    ImageEncoderWeights imageEncoder;
    PromptEncoderWeights promptEncoder;
    MaskDecoderWeights maskDecoder;
    std::vector<MemoryAttentionLayerWeights> memoryAttention;
    nn::LayerNorm memoryAttentionNorm;
    MemoryEncoderWeights memoryEncoder;
    torch::Tensor maskmemTposEnc, noMemEmbed, noMemPosEnc, noObjPtr, noObjEmbedSpatial;
    nn::Conv2d maskDownsample;  // 4x4/4 conv turning a mask prompt into decoder logits scale
    nn::Mlp objPtrProj;         // one Linear when the model has no MLP projection
    nn::Linear objPtrTposProj;  // undefined without projected temporal encodings
};

// Binds `source` into a new weight set for `config`, converting through `convert` (device,
// dtype). Throws nn::WeightsError (prefixed with `what`) listing every difference.
std::unique_ptr<Sam2Weights> bindSam2Weights(const Sam2Config& config, const nn::TensorSource& source,
                                             const std::string& what, const nn::TensorConvert& convert);

// The number of parameters the config implies (for the benchmark's random weights).
std::map<std::string, std::vector<int64_t>> sam2WeightShapes(const Sam2Config& config);

}  // namespace mr::segment::sam2
