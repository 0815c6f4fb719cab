#pragma once
// Qwen2.5-VL weights from a Hugging Face model folder: one `model.safetensors` or shards listed
// in `model.safetensors.index.json`, memory-mapped and bounds-checked. Both key layouts found in
// released checkpoints are accepted:
//   classic  visual.*        model.*                  lm_head.weight
//   newer    model.visual.*  model.language_model.*   lm_head.weight
// With tie_word_embeddings the output projection is the token embedding (lm_head.weight may
// then be absent). The tensor-name table (weights.cpp) binds every tensor to its struct member
// once, after checking every name and shape against config.json; missing and unexpected tensors
// are listed in one ModelFilesError.
//
// On the CPU, a tensor stored in the compute dtype is used straight from the memory map (zero
// copy); others are converted, shard by shard, and their mapped pages released. With int8, the
// linear layers' weights are quantized per output channel (see engine/nn/int8_linear.h), or read
// from an int8 cache file beside the weights (int8_cache.h).
#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <utility>
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
    Linear lmHead;  // [vocab, hidden]; the same tensor as embedTokens when tied
};

struct QwenWeights {
    VisionWeights vision;
    TextWeights text;
};

struct WeightLoadOptions {
    c10::Device device = c10::Device(c10::kCPU);
    at::ScalarType dtype = at::kFloat;  // the compute dtype (embeddings, norms, activations)
    bool int8 = false;                  // CPU: linear layers' weights as int8 (vision tower, decoder, untied lm_head)
    bool cacheInt8 = false;             // with int8: read the quantized weights from, or write them to, the cache file
    mr::ProgressFn progress;            // optional
    mr::CancelToken cancel;
};

// Where the weights will live once loaded, known before anything is read.
struct WeightMemory {
    uint64_t mappedBytes = 0;   // used straight from the files' memory maps (page cache, zero copy)
    uint64_t privateBytes = 0;  // converted or quantized into new memory (host or device)
    uint64_t total() const { return mappedBytes + privateBytes; }
};

// The safetensors files of a folder: the index's shards, or model.safetensors.
// Throws ModelFilesError when neither exists or the index is malformed.
std::vector<std::string> weightFiles(const std::string& folder);

// Bytes the weights take once converted to `dtype` (from the file headers; nothing is read).
uint64_t weightBytes(const std::string& folder, at::ScalarType dtype);

// Every tensor a checkpoint for `config` holds, in the classic key layout, with its shape, in the
// order the table lists them (vision tower, language model, lm_head when untied).
std::vector<std::pair<std::string, std::vector<int64_t>>> checkpointLayout(const ModelConfig& config);

// Opens a folder's weights and checks them against config.json (names, shapes, dtypes) without
// reading tensor data; load() then binds them.
class WeightLoader {
public:
    // Throws ModelFilesError / mr::nn::WeightsError with the file named.
    WeightLoader(const std::string& folder, const ModelConfig& config, WeightLoadOptions options);
    ~WeightLoader();

    const WeightMemory& memory() const;
    // Binds, converts and quantizes; writes the int8 cache when asked. Throws mr::Error naming
    // the tensor, mr::Cancelled when cancelled.
    QwenWeights load();
    // What happened with the int8 cache ("read <path>", "wrote <path>", why it was not written), or "".
    const std::string& int8CacheNote() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// WeightLoader(folder, config, options).load().
QwenWeights loadWeights(const std::string& folder, const ModelConfig& config, const WeightLoadOptions& options);

}  // namespace mr::reason::qwen
