#include "engine/nn/int8_linear.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "engine/core/error.h"
#include "engine/nn/cpu_features.h"
#include "engine/nn/simd_loads.h"
#include "engine/nn/small_batch_linear.h"

namespace mr::nn {

namespace {

// One row: scale = max |w| / 127, q = round(w / scale) (ties to even, as torch.round).
template <class T>
void quantizeRowScalar(const T* src, int64_t n, int8_t* dst, float* scale) {
    float maxAbs = 0;
    for (int64_t c = 0; c < n; ++c) maxAbs = std::max(maxAbs, std::fabs(float(src[c])));
    const float inv = maxAbs > 0 ? 127.0f / maxAbs : 0.0f;
    for (int64_t c = 0; c < n; ++c) dst[c] = int8_t(std::clamp(std::nearbyint(float(src[c]) * inv), -127.0f, 127.0f));
    *scale = maxAbs / 127.0f;
}

template <class T>
__attribute__((target("avx512f,avx512bw"))) void quantizeRowAvx512(const T* src, int64_t n, int8_t* dst, float* scale) {
    __m512 m = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) m = _mm512_max_ps(m, _mm512_abs_ps(simd::load16(src + i)));
    float maxAbs = _mm512_reduce_max_ps(m);
    for (; i < n; ++i) maxAbs = std::max(maxAbs, std::fabs(simd::scalarOf(src, i)));
    const float inv = maxAbs > 0 ? 127.0f / maxAbs : 0.0f;
    const __m512 vinv = _mm512_set1_ps(inv);
    for (i = 0; i + 16 <= n; i += 16) {
        const __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(simd::load16(src + i), vinv));  // nearest, ties to even
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm512_cvtsepi32_epi8(q));
    }
    for (; i < n; ++i) dst[i] = int8_t(std::clamp(std::nearbyint(simd::scalarOf(src, i) * inv), -127.0f, 127.0f));
    *scale = maxAbs / 127.0f;
}

template <class T>
void quantizeRows(const T* w, int64_t rows, int64_t cols, int8_t* q, float* scale) {
    constexpr bool vectorizable = std::is_same_v<T, float> || std::is_same_v<T, at::BFloat16>;
    const bool avx512 = vectorizable && cpuHasAvx512();
    at::parallel_for(0, rows, 16, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            if constexpr (vectorizable) {
                if (avx512) {
                    quantizeRowAvx512(w + r * cols, cols, q + r * cols, scale + r);
                    continue;
                }
            }
            quantizeRowScalar(w + r * cols, cols, q + r * cols, scale + r);
        }
    });
}

void checkWeight(const Int8Weight& w) {
    if (!w.q.defined() || w.q.scalar_type() != at::kChar || w.q.dim() != 2 || !w.q.is_contiguous() ||
        !w.scale.defined() || w.scale.scalar_type() != at::kFloat || w.scale.numel() != w.q.size(0) || !w.q.is_cpu())
        throw mr::Error("int8 weight: expected a contiguous CPU int8 [out, in] tensor with float32 [out] scales");
}

}  // namespace

Int8Weight quantizeInt8PerChannel(const at::Tensor& weight) {
    c10::InferenceMode guard;
    if (weight.dim() != 2 || !weight.is_cpu()) throw mr::Error("int8 quantization needs a 2-D CPU weight");
    const at::Tensor w = weight.contiguous();
    const int64_t rows = w.size(0), cols = w.size(1);
    Int8Weight out{at::empty({rows, cols}, at::kChar), at::empty({rows}, at::kFloat)};
    int8_t* q = out.q.data_ptr<int8_t>();
    float* s = out.scale.data_ptr<float>();
    switch (w.scalar_type()) {
        case at::kFloat: quantizeRows(w.data_ptr<float>(), rows, cols, q, s); break;
        case at::kBFloat16: quantizeRows(w.data_ptr<at::BFloat16>(), rows, cols, q, s); break;
        case at::kHalf: quantizeRows(w.data_ptr<at::Half>(), rows, cols, q, s); break;
        default: throw mr::Error("int8 quantization needs float32, bfloat16 or float16 weights");
    }
    return out;
}

at::Tensor dequantizeInt8(const Int8Weight& weight, at::ScalarType dtype) {
    checkWeight(weight);
    return (weight.q.to(at::kFloat) * weight.scale.unsqueeze(1)).to(dtype);
}

at::Tensor int8Linear(const at::Tensor& x, const Int8Weight& weight, const at::Tensor& bias) {
    c10::InferenceMode guard;
    checkWeight(weight);
    const int64_t in = weight.q.size(1);
    if (x.size(-1) != in || !x.is_cpu())
        throw mr::Error("int8 linear: input has " + std::to_string(x.size(-1)) + " features, the weight " +
                        std::to_string(in));
    if (smallBatchLinearApplies(x, weight.q)) return smallBatchLinear(x, weight.q, weight.scale, bias);
    // int8 values are exact in bfloat16 and float32: the BLAS product on q, scaled after.
    at::Tensor y = at::linear(x, weight.q.to(x.scalar_type())).to(at::kFloat).mul_(weight.scale);
    if (bias.defined()) y.add_(bias);
    return y.to(x.scalar_type());
}

}  // namespace mr::nn
