#pragma once
// Qwen2.5-VL weights from a Hugging Face model folder: one `model.safetensors` or shards listed
// in `model.safetensors.index.json`, memory-mapped and bounds-checked. Both key layouts found in
// released checkpoints are accepted:
//   classic  visual.*        model.*                  lm_head.weight
//   newer    model.visual.*  model.language_model.*   lm_head.weight
// With tie_word_embeddings the output projection is the token embedding (lm_head.weight may
// then be absent). Every tensor's shape is checked against config.json; missing and unexpected
// tensors are listed in one WeightsError.
#include <ATen/ATen.h>

#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/core/error.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/layers.h"

namespace mr::reason::qwen {

class ModelFilesError : public mr::Error {
public:
    using mr::Error::Error;
};

struct VisionBlockWeights {
    at::Tensor norm1, norm2;
    Linear qkv, proj;
    Linear gate, up, down;
};

struct VisionWeights {
    at::Tensor patchEmbed;  // [hidden, C·T·P·P]: the Conv3d kernel flattened (stride = kernel)
    std::vector<VisionBlockWeights> blocks;
    at::Tensor mergerNorm;  // ln_q
    Linear mergerFc1, mergerFc2;
};

struct DecoderLayerWeights {
    at::Tensor inputNorm, postAttentionNorm;
    Linear q, k, v, o;  // q/k/v with biases, o without
    Linear gate, up, down;
};

struct TextWeights {
    at::Tensor embedTokens;  // [vocab, hidden]
    std::vector<DecoderLayerWeights> layers;
    at::Tensor norm;
    at::Tensor lmHead;  // [vocab, hidden]; the same tensor as embedTokens when tied
};

struct QwenWeights {
    VisionWeights vision;
    TextWeights text;
};

struct WeightLoadOptions {
    c10::Device device = c10::Device(c10::kCPU);
    at::ScalarType dtype = at::kFloat;
    mr::ProgressFn progress;  // optional
    mr::CancelToken cancel;
};

// The safetensors files of a folder: the index's shards, or model.safetensors.
// Throws ModelFilesError when neither exists or the index is malformed.
std::vector<std::string> weightFiles(const std::string& folder);

// Bytes the weights take once converted to `dtype` (from the file headers; nothing is read).
uint64_t weightBytes(const std::string& folder, at::ScalarType dtype);

// Loads, checks and converts. Throws ModelFilesError / mr::nn::WeightsError with the file named,
// mr::Cancelled when cancelled.
QwenWeights loadWeights(const std::string& folder, const ModelConfig& config, const WeightLoadOptions& options);

}  // namespace mr::reason::qwen
