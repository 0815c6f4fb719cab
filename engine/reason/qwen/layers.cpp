#include "engine/reason/qwen/layers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.h"
#include "engine/nn/int8_linear.h"
#include "engine/nn/small_batch_linear.h"
#include "engine/nn/sdpa.h"

namespace mr::reason::qwen {

at::Tensor Linear::operator()(const at::Tensor& x) const {
    // A few rows (decoding): stream the weight once with the small-batch kernel.
    if (mr::nn::smallBatchLinearApplies(x, weight)) return mr::nn::smallBatchLinear(x, weight, scale, bias);
    return scale.defined() ? mr::nn::int8Linear(x, {weight, scale}, bias) : at::linear(x, weight, bias);
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
    at::Tensor h = x.to(at::kFloat);
    at::Tensor variance = h.pow(2).mean(-1, /*keepdim=*/true);
    h = h * at::rsqrt(variance + eps);
    return weight * h.to(x.scalar_type());
}

bool isKnownActivation(const std::string& n) {
    return n == "silu" || n == "swish" || n == "gelu" || n == "gelu_pytorch_tanh" || n == "gelu_new" ||
           n == "quick_gelu";
}

at::Tensor activation(const at::Tensor& x, const std::string& n) {
    if (n == "silu" || n == "swish") return at::silu(x);
    if (n == "gelu") return at::gelu(x);
    if (n == "gelu_pytorch_tanh" || n == "gelu_new") return at::gelu(x, "tanh");
    if (n == "quick_gelu") return x * at::sigmoid(1.702 * x);
    throw mr::Error("unsupported activation function \"" + n + "\"");
}

void throwTorchError(const c10::Error& e, const std::string& context) {
    std::string what = e.what_without_backtrace();
    throw mr::Error(context + ": " + what.substr(0, what.find('\n')));
}

at::Tensor rotateHalf(const at::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    return at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

#if MR_HAVE_SDPA
// The fused kernels. Decoding (one query) needs no mask, and grouped-query attention folds each
// group's query heads into the query length so keys and values are not copied; a prompt expands
// them to every query head and lets the kernel apply the causal mask.
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, bool causal, int64_t queryOffset) {
    const int64_t B = q.size(0), Hq = q.size(1), Lq = q.size(2), D = q.size(3);
    const int64_t Hkv = k.size(1), Lk = k.size(2), G = Hq / Hkv;
    if (Lq == 1)  // one query sees every key, causal or not
        return at::scaled_dot_product_attention(q.reshape({B, Hkv, G, D}), k, v, {}, 0.0, false).reshape({B, Hq, 1, D});
    auto expand = [&](const at::Tensor& t) {
        return G == 1 ? t : t.unsqueeze(2).expand({B, Hkv, G, Lk, D}).reshape({B, Hq, Lk, D});
    };
    const at::Tensor ke = expand(k), ve = expand(v);
    if (!causal || (queryOffset == 0 && Lq == Lk)) return at::scaled_dot_product_attention(q, ke, ve, {}, 0.0, causal);
    // Query i (absolute position i + queryOffset) sees keys 0..i + queryOffset.
    auto opts = at::TensorOptions().dtype(at::kLong).device(q.device());
    const at::Tensor allowed = at::arange(Lk, opts).unsqueeze(0) <= (at::arange(Lq, opts).unsqueeze(1) + queryOffset);
    return at::scaled_dot_product_attention(q, ke, ve, allowed, 0.0, false);
}
#else
namespace {

// libtorch 1.13's batched CPU product is several times slower than a loop of 2-D products for
// attention-sized matrices (measured on the development VM: 16 heads of 1024x80 · 80x1024 in
// bfloat16, 335 ms batched against 60 ms looped); many small matrices (the vision tower's windows)
// stay batched, where a loop's overhead would dominate.
constexpr int64_t kLoopedHeads = 64;

// softmax(q·kᵀ / √d, masked) · v for one chunk of queries, as the original computes it.
at::Tensor attendChunk(const at::Tensor& q, const at::Tensor& kt, const at::Tensor& v, const at::Tensor& masked,
                       double invScale) {
    at::Tensor scores = at::matmul(q, kt) / invScale;
    if (masked.defined()) scores = scores.masked_fill(masked, -std::numeric_limits<double>::infinity());
    at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
    return at::matmul(probs, v);
}

}  // namespace

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, bool causal, int64_t queryOffset) {
    const int64_t B = q.size(0), Hq = q.size(1), Lq = q.size(2), D = q.size(3);
    const int64_t Hkv = k.size(1), Lk = k.size(2);
    const int64_t G = Hq / Hkv;
    const double invScale = std::sqrt(double(D));
    // [B, Hkv, G, Lq, D]: the G query heads of a group share one key/value head.
    at::Tensor qg = q.reshape({B, Hkv, G, Lq, D});
    at::Tensor kt = k.unsqueeze(2).transpose(-1, -2);  // [B, Hkv, 1, D, Lk]
    at::Tensor vg = v.unsqueeze(2);                    // [B, Hkv, 1, Lk, D]
    const bool looped = B * Hkv <= kLoopedHeads;

    // Keep each chunk's score matrix at about 64M elements.
    const int64_t budget = int64_t(1) << 26;
    const int64_t chunk = std::max<int64_t>(1, std::min<int64_t>(Lq, budget / std::max<int64_t>(1, B * Hq * Lk)));
    std::vector<at::Tensor> outs;
    for (int64_t s = 0; s < Lq; s += chunk) {
        const int64_t n = std::min(chunk, Lq - s);
        const int64_t keys = causal ? std::min(Lk, s + n + queryOffset) : Lk;
        at::Tensor qs = qg.narrow(3, s, n);
        at::Tensor ks = kt.narrow(4, 0, keys);
        at::Tensor vs = vg.narrow(3, 0, keys);
        at::Tensor masked;
        if (causal && keys > s + 1 + queryOffset) {
            // Query s+i may see keys up to s+i+queryOffset.
            at::Tensor qi = at::arange(s, s + n, at::TensorOptions().dtype(at::kLong).device(q.device())).unsqueeze(1);
            at::Tensor kj = at::arange(0, keys, at::TensorOptions().dtype(at::kLong).device(q.device())).unsqueeze(0);
            masked = kj > (qi + queryOffset);
        }
        if (!looped) {
            outs.push_back(attendChunk(qs, ks, vs, masked, invScale));  // [B, Hkv, G, n, D]
            continue;
        }
        std::vector<at::Tensor> heads;
        for (int64_t b = 0; b < B; ++b)
            for (int64_t h = 0; h < Hkv; ++h)
                heads.push_back(attendChunk(qs[b][h], ks[b][h][0], vs[b][h][0], masked, invScale));
        outs.push_back(at::stack(heads).view({B, Hkv, G, n, D}));
    }
    at::Tensor out = outs.size() == 1 ? outs[0] : at::cat(outs, 3);
    return out.reshape({B, Hq, Lq, D});
}

#endif

}  // namespace mr::reason::qwen
