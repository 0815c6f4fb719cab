#pragma once
// Building blocks shared by the vision tower and the decoder, written to compute exactly what
// the original PyTorch modules compute (same dtypes at each step). ATen only, to keep the
// translation units light.
#include <ATen/ATen.h>

#include <string>

namespace mr::reason::qwen {

struct Linear {
    at::Tensor weight;  // [out, in] in the compute dtype, or int8 together with `scale`
    at::Tensor bias;    // [out] or undefined
    at::Tensor scale;   // [out] float32 when `weight` is int8 (weight-only, per output channel)
    at::Tensor operator()(const at::Tensor& x) const;
    bool quantized() const { return scale.defined(); }
};

// Qwen2RMSNorm: normalise in float32, cast back, then scale (weight * x.to(input dtype)).
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

// The activations Hugging Face names in configs: silu/swish, gelu, gelu_pytorch_tanh/gelu_new,
// quick_gelu. Throws mr::Error for any other name.
at::Tensor activation(const at::Tensor& x, const std::string& name);
bool isKnownActivation(const std::string& name);

// x1, x2 = halves of the last dimension; returns cat(-x2, x1).
at::Tensor rotateHalf(const at::Tensor& x);

// libtorch failures (out of device memory, an operation missing for a dtype) as mr::Error with
// `context` and the first line of libtorch's message, so no c10::Error leaves the engine.
[[noreturn]] void throwTorchError(const c10::Error& e, const std::string& context);

// Scaled dot-product attention as the original's eager path computes it: scores = q·kᵀ / √d,
// softmax in float32, cast back, times v.
//   q [B, Hq, Lq, D], k and v [B, Hkv, Lk, D] with Hq a multiple of Hkv (grouped-query attention
//   without copying k/v). With `causal`, query i (absolute position i + queryOffset) sees keys
//   0..i + queryOffset. Queries are processed in chunks so that the score matrix stays small.
// Returns [B, Hq, Lq, D].
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, bool causal,
                     int64_t queryOffset = 0);

}  // namespace mr::reason::qwen
