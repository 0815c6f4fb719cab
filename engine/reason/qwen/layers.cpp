#include "engine/reason/qwen/layers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.h"

namespace mr::reason::qwen {

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

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, bool causal,
                     int64_t queryOffset) {
    const int64_t B = q.size(0), Hq = q.size(1), Lq = q.size(2), D = q.size(3);
    const int64_t Hkv = k.size(1), Lk = k.size(2);
    const int64_t G = Hq / Hkv;
    const double invScale = std::sqrt(double(D));
    // [B, Hkv, G, Lq, D]: the G query heads of a group share one key/value head.
    at::Tensor qg = q.reshape({B, Hkv, G, Lq, D});
    at::Tensor kt = k.unsqueeze(2).transpose(-1, -2);  // [B, Hkv, 1, D, Lk]
    at::Tensor vg = v.unsqueeze(2);                      // [B, Hkv, 1, Lk, D]

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
        at::Tensor scores = at::matmul(qs, ks) / invScale;  // [B, Hkv, G, n, keys]
        if (causal && keys > s + 1 + queryOffset) {
            // Query s+i may see keys up to s+i+queryOffset.
            at::Tensor qi = at::arange(s, s + n, at::TensorOptions().dtype(at::kLong).device(q.device())).unsqueeze(1);
            at::Tensor kj = at::arange(0, keys, at::TensorOptions().dtype(at::kLong).device(q.device())).unsqueeze(0);
            at::Tensor masked = kj > (qi + queryOffset);
            scores = scores.masked_fill(masked, -std::numeric_limits<double>::infinity());
        }
        at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
        outs.push_back(at::matmul(probs, vs));  // [B, Hkv, G, n, D]
    }
    at::Tensor out = outs.size() == 1 ? outs[0] : at::cat(outs, 3);
    return out.reshape({B, Hq, Lq, D});
}

}  // namespace mr::reason::qwen
