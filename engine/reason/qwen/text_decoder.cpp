#include "engine/reason/qwen/text_decoder.h"

#include <c10/core/InferenceMode.h>

#include "engine/core/error.h"
#include "engine/reason/qwen/layers.h"

namespace mr::reason::qwen {

// ---- KVCache ----

KVCache::KVCache(int64_t layers, int64_t kvHeads, int64_t headDim, int64_t capacity, const at::TensorOptions& options)
    : capacity_(capacity) {
    for (int64_t i = 0; i < layers; ++i) {
        k_.push_back(at::empty({1, kvHeads, capacity, headDim}, options));
        v_.push_back(at::empty({1, kvHeads, capacity, headDim}, options));
    }
}

void KVCache::grow(int64_t needed) {
    const int64_t cap = std::max(needed, 2 * capacity_);
    for (auto* list : {&k_, &v_})
        for (at::Tensor& t : *list) {
            at::Tensor bigger = at::empty({t.size(0), t.size(1), cap, t.size(3)}, t.options());
            bigger.narrow(2, 0, length_).copy_(t.narrow(2, 0, length_));
            t = bigger;
        }
    capacity_ = cap;
}

std::pair<at::Tensor, at::Tensor> KVCache::append(int64_t layer, const at::Tensor& k, const at::Tensor& v) {
    if (layer < 0 || layer >= int64_t(k_.size())) throw mr::Error("KV cache has no layer " + std::to_string(layer));
    const int64_t n = k.size(2);
    if (length_ + n > capacity_) grow(length_ + n);
    at::Tensor& K = k_[size_t(layer)];
    at::Tensor& V = v_[size_t(layer)];
    K.narrow(2, length_, n).copy_(k);
    V.narrow(2, length_, n).copy_(v);
    return {K.narrow(2, 0, length_ + n), V.narrow(2, 0, length_ + n)};
}

// ---- TextDecoder ----

TextDecoder::TextDecoder(TextConfig config, TextWeights weights) : config_(std::move(config)), w_(std::move(weights)) {
    const int64_t D = config_.headDim;
    invFreq_ = at::reciprocal(at::pow(config_.ropeTheta, at::arange(0, D, 2, at::kLong).to(at::kFloat) / double(D)))
                   .to(device());
    // mrope_section [t, h, w] splits the D/2 frequencies into consecutive runs per axis (the same
    // split repeats for the second half of the head, which carries the same frequencies).
    std::vector<int64_t> axis;
    for (int64_t a = 0; a < 3; ++a)
        for (int64_t j = 0; j < config_.mropeSection[size_t(a)]; ++j) axis.push_back(a);
    halfAxis_ = at::tensor(axis, at::kLong).to(device());
}

at::Tensor TextDecoder::embed(const at::Tensor& ids) const {
    c10::InferenceMode guard;
    return at::embedding(w_.embedTokens, ids.to(device(), at::kLong));
}

std::pair<at::Tensor, at::Tensor> TextDecoder::rotary(const at::Tensor& positions) const {
    // freqs[l, j] = invFreq[j] * position[axis(j), l], in float32 like the original.
    at::Tensor pos = positions.to(device(), at::kLong).index_select(0, halfAxis_).to(at::kFloat).t();  // [L, D/2]
    at::Tensor freqs = pos * invFreq_;
    at::Tensor emb = at::cat({freqs, freqs}, -1);
    return {emb.cos().to(dtype()), emb.sin().to(dtype())};
}

at::Tensor TextDecoder::forward(const at::Tensor& embeds, const at::Tensor& positions, KVCache& cache,
                                std::vector<at::Tensor>* hiddenStates) const {
    c10::InferenceMode guard;
    const int64_t L = embeds.size(0), Hq = config_.numHeads, Hkv = config_.numKeyValueHeads, D = config_.headDim;
    if (positions.dim() != 2 || positions.size(0) != 3 || positions.size(1) != L)
        throw mr::Error("decoder positions must be [3, " + std::to_string(L) + "]");
    auto [cos, sin] = rotary(positions);
    const int64_t past = cache.length();
    at::Tensor h = embeds.to(device(), dtype());
    if (hiddenStates) hiddenStates->clear();
    for (size_t i = 0; i < w_.layers.size(); ++i) {
        const DecoderLayerWeights& l = w_.layers[i];
        if (hiddenStates) hiddenStates->push_back(h);
        at::Tensor x = rmsNorm(h, l.inputNorm, config_.rmsNormEps);
        at::Tensor q = l.q(x).view({L, Hq, D}).transpose(0, 1).unsqueeze(0);  // [1, Hq, L, D]
        at::Tensor k = l.k(x).view({L, Hkv, D}).transpose(0, 1).unsqueeze(0);
        at::Tensor v = l.v(x).view({L, Hkv, D}).transpose(0, 1).unsqueeze(0);
        q = q * cos + rotateHalf(q) * sin;
        k = k * cos + rotateHalf(k) * sin;
        auto [kAll, vAll] = cache.append(int64_t(i), k, v);
        at::Tensor a = attention(q, kAll, vAll, /*causal=*/true, past);
        h = h + l.o(a.squeeze(0).transpose(0, 1).reshape({L, Hq * D}));
        x = rmsNorm(h, l.postAttentionNorm, config_.rmsNormEps);
        h = h + l.down(activation(l.gate(x), config_.hiddenAct) * l.up(x));
    }
    cache.advance(L);
    h = rmsNorm(h, w_.norm, config_.rmsNormEps);
    if (hiddenStates) hiddenStates->push_back(h);
    return h;
}

at::Tensor TextDecoder::logits(const at::Tensor& hidden) const {
    c10::InferenceMode guard;
    return w_.lmHead(hidden).to(at::kFloat);
}

KVCache TextDecoder::newCache(int64_t capacity) const {
    return KVCache(config_.numLayers, config_.numKeyValueHeads, config_.headDim, std::max<int64_t>(1, capacity),
                   at::TensorOptions().dtype(dtype()).device(device()));
}

}  // namespace mr::reason::qwen
