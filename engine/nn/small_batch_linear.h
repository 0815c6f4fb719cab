#pragma once
// The linear layer for a few rows of input (token-by-token decoding): each weight row is read
// from memory once and multiplied with every input row while it is in cache, accumulating in
// float32. Decoding is bound by memory bandwidth, and libtorch 1.13's general product is not here
// (its oneDNN bfloat16 path re-lays the whole weight out on every call, tripling the bytes moved;
// measured 3.5 GB/s against 10 GB/s for a plain streaming read on the development VM).
// Weights: bfloat16, float32, or int8 with a float32 scale per output row.
#include <ATen/ATen.h>

namespace mr::nn {

// Up to this many rows the kernel wins; beyond it the BLAS product does.
constexpr int64_t kSmallBatchRows = 8;

// Whether smallBatchLinear() takes x and weight: CPU, x [..., in] float32 or bfloat16 with at most
// kSmallBatchRows rows, weight [out, in] contiguous bfloat16, float32 or int8.
bool smallBatchLinearApplies(const at::Tensor& x, const at::Tensor& weight);

// x · weightᵀ (· scale for int8) + bias, in x's dtype. `scale` [out] float32 for int8 weights,
// else undefined; `bias` [out] or undefined.
at::Tensor smallBatchLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& scale,
                            const at::Tensor& bias);

}  // namespace mr::nn
