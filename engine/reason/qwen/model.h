#pragma once
// A loaded Qwen2.5-VL model (vision tower + language model) and a decoding session over it:
// prefill a prompt (image features placed at the image tokens, 3D rotary positions), then decode
// one token at a time against the KV cache.
#include <ATen/ATen.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/grid.h"
#include "engine/reason/qwen/rope_index.h"
#include "engine/reason/qwen/text_decoder.h"
#include "engine/reason/qwen/vision_tower.h"
#include "engine/reason/qwen/weights.h"

namespace mr::reason::qwen {

// Device and dtype are choices: "cpu", "cuda", "cuda:1"; float32, bfloat16, float16 (see
// precision.h for "auto"); on the CPU, optionally int8 weights for the linear layers.
struct LoadOptions {
    c10::Device device = c10::Device(c10::kCPU);
    at::ScalarType dtype = at::kFloat;
    bool int8 = false;       // CPU: int8 weights (per output channel) for the linear layers
    bool cacheInt8 = false;  // with int8: keep the quantized weights beside the model (int8_cache.h)
    // Refuse to load when what must be newly allocated (converted weights, KV cache, activations)
    // exceeds the memory available (CPU: MemAvailable; weights used from the file mapping are page
    // cache, not allocations, and only give a note when they do not all fit).
    bool checkMemory = true;
    mr::ProgressFn progress;
    mr::CancelToken cancel;
};

// How a load went: where the weights live and what the memory check saw.
struct ModelLoadReport {
    WeightMemory weights;         // mapped from the files (zero copy) vs newly allocated
    uint64_t workingBytes = 0;    // KV cache and activations the check reserved
    uint64_t availableBytes = 0;  // MemAvailable when loading (CPU), 0 when unknown
    std::string memoryNote;       // e.g. the mapped weights do not all fit: parts are re-read from disk
    std::string int8CacheNote;    // see WeightLoader::int8CacheNote
    double loadMs = 0;
};

// Parse "cpu" / "cuda" / "cuda:N" and "float32"/"fp32"/"f32", "bfloat16"/"bf16", "float16"/"fp16"/"f16".
// Throw mr::Error naming the bad value.
c10::Device parseDevice(const std::string& text);
at::ScalarType parseDtype(const std::string& text);
std::string dtypeName(at::ScalarType t);

// A prompt: token ids (image tokens already expanded to each image's merged-token count) and the
// images' pixel values (rows of all images concatenated) with their grids.
struct Prompt {
    std::vector<int64_t> ids;
    at::Tensor pixelValues;  // [patches, C·T·P·P] or undefined for text only
    std::vector<GridTHW> grids;
};

class QwenVLModel {
public:
    // Loads <folder>/config.json, generation_config.json (optional) and the weights. Throws
    // ConfigError / ModelFilesError / mr::nn::WeightsError / mr::Error (device or dtype not usable,
    // not enough memory) with the reason, mr::Cancelled when cancelled.
    static std::unique_ptr<QwenVLModel> load(const std::string& folder, const LoadOptions& options = {});

    // Estimated bytes to load: weights in the chosen dtype plus workingMemoryBytes().
    static uint64_t estimateMemoryBytes(const std::string& folder, at::ScalarType dtype);
    // The KV cache of a 4096-token conversation and the largest activations of its prefill.
    static uint64_t workingMemoryBytes(const ModelConfig& config, at::ScalarType dtype);

    const ModelConfig& config() const { return config_; }
    const GenerationConfig& generationConfig() const { return generation_; }
    const std::string& folder() const { return folder_; }
    c10::Device device() const { return text_->device(); }
    at::ScalarType dtype() const { return text_->dtype(); }  // the compute dtype
    bool int8() const { return int8_; }                      // the linear layers hold int8 weights
    const ModelLoadReport& loadReport() const { return report_; }
    const VisionTower& vision() const { return *vision_; }
    const TextDecoder& text() const { return *text_; }

    // Vision tower: [tokens, hidden] image features for the language model.
    at::Tensor encodeImages(const at::Tensor& pixelValues, const std::vector<GridTHW>& grids,
                            VisionTrace* trace = nullptr) const;

    // The language model's input embeddings with `imageFeatures` written at the image tokens, in
    // order. Throws mr::Error when the counts differ.
    at::Tensor embedPrompt(const std::vector<int64_t>& ids, const at::Tensor& imageFeatures) const;

private:
    QwenVLModel() = default;
    std::string folder_;
    ModelConfig config_;
    GenerationConfig generation_;
    std::unique_ptr<VisionTower> vision_;
    std::unique_ptr<TextDecoder> text_;
    ModelLoadReport report_;
    bool int8_ = false;
};

// One conversation's decoding state: the KV cache and the rotary offset.
class DecodeSession {
public:
    // `capacity`: tokens to preallocate the cache for (prompt + new tokens); it grows if exceeded.
    DecodeSession(const QwenVLModel& model, int64_t capacity);

    // Runs the vision tower (if the prompt has images) and the whole prompt through the decoder.
    // Returns the float32 logits [vocab] of the last prompt position. With `hiddenStates`, the
    // decoder's per-layer hidden states of the prompt (see TextDecoder::forward).
    at::Tensor prefill(const Prompt& prompt, std::vector<at::Tensor>* hiddenStates = nullptr);

    // Feeds one token; returns the float32 logits [vocab] for the next.
    at::Tensor step(int64_t token);

    int64_t length() const { return cache_.length(); }
    int64_t ropeDelta() const { return ropeDelta_; }
    const RopeIndex& promptPositions() const { return positions_; }
    double visionMs() const { return visionMs_; }

private:
    at::Tensor prefillImpl(const Prompt& prompt, std::vector<at::Tensor>* hiddenStates);
    const QwenVLModel& model_;
    KVCache cache_;
    RopeIndex positions_;
    int64_t ropeDelta_ = 0;
    double visionMs_ = 0;
};

}  // namespace mr::reason::qwen
