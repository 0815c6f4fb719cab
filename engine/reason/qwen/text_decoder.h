#pragma once
// The Qwen2 language model of Qwen2.5-VL: token embedding, decoder layers (grouped-query
// attention with q/k/v biases and multimodal rotary embedding, RMSNorm, gated SiLU MLP), final
// norm and the output projection (tied to the embedding or not). Batch size 1, with a KV cache.
#include <ATen/ATen.h>

#include <vector>

#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/kv_cache.h"
#include "engine/reason/qwen/weights.h"

namespace mr::reason::qwen {

class TextDecoder {
public:
    TextDecoder(TextConfig config, TextWeights weights);

    // [L] int64 token ids (any device) -> [L, hidden].
    at::Tensor embed(const at::Tensor& ids) const;

    // Runs the decoder layers over `embeds` [L, hidden] whose 3D rotary positions are `positions`
    // [3, L] (int64; temporal, height, width), attending to everything in `cache` plus causally
    // among themselves, and appends their keys/values to the cache. Returns the final-normed
    // hidden states [L, hidden]. With `hiddenStates`, also returns what the original's
    // output_hidden_states gives: the input, each layer's output but the last, then the normed
    // output.
    at::Tensor forward(const at::Tensor& embeds, const at::Tensor& positions, KVCache& cache,
                       std::vector<at::Tensor>* hiddenStates = nullptr) const;

    // Logits in float32 for hidden states [..., hidden].
    at::Tensor logits(const at::Tensor& hidden) const;

    // A cache for `capacity` tokens on the weights' device and dtype.
    KVCache newCache(int64_t capacity) const;

    const TextConfig& config() const { return config_; }
    c10::Device device() const { return w_.embedTokens.device(); }
    at::ScalarType dtype() const { return w_.embedTokens.scalar_type(); }

private:
    // cos/sin [L, headDim] in the model dtype for the given 3D positions.
    std::pair<at::Tensor, at::Tensor> rotary(const at::Tensor& positions) const;

    TextConfig config_;
    TextWeights w_;
    at::Tensor invFreq_;   // [headDim/2] float32
    at::Tensor halfAxis_;  // [headDim/2] int64: which position axis (t/h/w) drives each frequency
};

}  // namespace mr::reason::qwen
