#include "engine/nn/small_batch_linear.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <cstring>

#include "engine/core/error.h"
#include "engine/nn/cpu_features.h"
#include "engine/nn/simd_loads.h"

namespace mr::nn {

namespace {

using simd::load16;
using simd::load8;
using simd::scalarOf;

template <class W>
float dotScalar(const W* w, const float* x, int64_t n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) acc[k] += scalarOf(w, i + k) * x[i + k];
    float s = 0;
    for (float a : acc) s += a;
    for (; i < n; ++i) s += scalarOf(w, i) * x[i];
    return s;
}

template <class W>
__attribute__((target("avx2,fma"))) float dotAvx2(const W* w, const float* x, int64_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a0 = _mm256_fmadd_ps(load8(w + i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(load8(w + i + 8), _mm256_loadu_ps(x + i + 8), a1);
    }
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, _mm256_add_ps(a0, a1));
    float s = 0;
    for (float l : lanes) s += l;
    return s + dotScalar(w + i, x + i, n - i);
}

template <class W>
__attribute__((target("avx512f,avx512bw"))) float dotAvx512(const W* w, const float* x, int64_t n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = _mm512_fmadd_ps(load16(w + i), _mm512_loadu_ps(x + i), a0);
        a1 = _mm512_fmadd_ps(load16(w + i + 16), _mm512_loadu_ps(x + i + 16), a1);
        a2 = _mm512_fmadd_ps(load16(w + i + 32), _mm512_loadu_ps(x + i + 32), a2);
        a3 = _mm512_fmadd_ps(load16(w + i + 48), _mm512_loadu_ps(x + i + 48), a3);
    }
    const float s = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
    return s + dotScalar(w + i, x + i, n - i);
}

template <class W>
using DotFn = float (*)(const W*, const float*, int64_t);

template <class W>
DotFn<W> bestDot() {
    static const DotFn<W> f = cpuHasAvx512() ? dotAvx512<W> : cpuHasAvx2() ? dotAvx2<W> : dotScalar<W>;
    return f;
}

// y[r, o] = (Σ_i x[r, i]·w[o, i]) · scale[o], output rows split between the threads.
template <class W>
void rowsTimesWeight(const float* x, int64_t rows, int64_t in, const W* w, const float* scale, int64_t out, float* y) {
    const DotFn<W> dot = bestDot<W>();
    at::parallel_for(0, out, 16, [&](int64_t begin, int64_t end) {
        for (int64_t o = begin; o < end; ++o) {
            const float s = scale ? scale[o] : 1.0f;
            for (int64_t r = 0; r < rows; ++r) y[r * out + o] = dot(w + o * in, x + r * in, in) * s;
        }
    });
}

}  // namespace

bool smallBatchLinearApplies(const at::Tensor& x, const at::Tensor& weight) {
    const at::ScalarType wt = weight.scalar_type();
    return x.is_cpu() && weight.is_cpu() && x.dim() >= 1 && weight.dim() == 2 && weight.is_contiguous() &&
           x.size(-1) == weight.size(1) && x.numel() / std::max<int64_t>(1, x.size(-1)) <= kSmallBatchRows &&
           (x.scalar_type() == at::kFloat || x.scalar_type() == at::kBFloat16) &&
           (wt == at::kFloat || wt == at::kBFloat16 || wt == at::kChar);
}

at::Tensor smallBatchLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& scale,
                            const at::Tensor& bias) {
    c10::InferenceMode guard;
    if (!smallBatchLinearApplies(x, weight)) throw mr::Error("small-batch linear: unsupported input or weight");
    const bool int8 = weight.scalar_type() == at::kChar;
    if (int8 != scale.defined() || (int8 && (scale.scalar_type() != at::kFloat || scale.numel() != weight.size(0))))
        throw mr::Error("small-batch linear: int8 weights need a float32 scale per output row, others none");
    const int64_t in = weight.size(1), out = weight.size(0);
    const at::Tensor xf = x.reshape({-1, in}).to(at::kFloat).contiguous();
    const int64_t rows = xf.size(0);
    at::Tensor y = at::empty({rows, out}, at::kFloat);
    const float* xs = xf.data_ptr<float>();
    const at::Tensor sc = int8 ? scale.contiguous() : at::Tensor();
    const float* s = int8 ? sc.data_ptr<float>() : nullptr;
    switch (weight.scalar_type()) {
        case at::kFloat: rowsTimesWeight(xs, rows, in, weight.data_ptr<float>(), s, out, y.data_ptr<float>()); break;
        case at::kBFloat16:
            rowsTimesWeight(xs, rows, in, weight.data_ptr<at::BFloat16>(), s, out, y.data_ptr<float>());
            break;
        default: rowsTimesWeight(xs, rows, in, weight.data_ptr<int8_t>(), s, out, y.data_ptr<float>()); break;
    }
    if (bias.defined()) y.add_(bias);
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = out;
    return y.to(x.scalar_type()).view(shape);
}

}  // namespace mr::nn
