#pragma once
// Weight-only int8 quantization for CPU inference: each output channel (row) of a linear layer's
// weight is stored as int8 with one float32 scale (symmetric: scale = max |w| / 127), and the
// activations stay in floating point. Decoding multiplies one token's activations by the int8 rows
// directly (reading a quarter of float32's bytes, half of bfloat16's); longer inputs (prefill, the
// vision tower) convert the int8 rows to the activation dtype and use the BLAS matrix product.
#include <ATen/ATen.h>

namespace mr::nn {

struct Int8Weight {
    at::Tensor q;      // [out, in] int8, contiguous
    at::Tensor scale;  // [out] float32
};

// `weight` [out, in]: float32, bfloat16 or float16 on the CPU. Rounds to nearest (ties to even, as
// torch.round); an all-zero row gets scale 0.
Int8Weight quantizeInt8PerChannel(const at::Tensor& weight);

// The float weight the int8 one stands for: q · scale, in `dtype`.
at::Tensor dequantizeInt8(const Int8Weight& weight, at::ScalarType dtype);

// x [..., in] (float32 or bfloat16, CPU) times the weight, transposed, plus `bias` ([out] or
// undefined). Returns [..., out] in x's dtype; accumulation is in float32.
at::Tensor int8Linear(const at::Tensor& x, const Int8Weight& weight, const at::Tensor& bias);

}  // namespace mr::nn
