#include "engine/segment/sam2/memory.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/segment/sam2/position_encoding.h"

namespace mr::segment::sam2 {

using torch::Tensor;
using torch::indexing::Slice;

std::pair<Tensor, Tensor> memoryEncoder(const Sam2Config& c, const MemoryEncoderWeights& w, const Tensor& pixFeat,
                                        const Tensor& masks0) {
    Tensor m = masks0;
    for (size_t i = 0; i < w.downNorms.size(); ++i) m = torch::gelu(nn::layerNorm2d(w.downConvs[i](m), w.downNorms[i]));
    m = w.downConvs.back()(m);
    Tensor x = w.pixFeatProj(pixFeat) + m;
    for (const CxBlockWeights& b : w.fuser) {
        Tensor y = nn::layerNorm2d(b.dwconv(x), b.norm).permute({0, 2, 3, 1});
        y = b.pwconv2(torch::gelu(b.pwconv1(y)));
        y = (b.gamma * y).permute({0, 3, 1, 2});
        x = x + y;
    }
    if (w.outProj.weight.defined()) x = w.outProj(x);
    Tensor pos = sinePositionEncoding(c.memDim, x.size(2), x.size(3), x.options()).to(x.dtype());
    return {x, pos.expand({x.size(0), -1, -1, -1})};
}

namespace {

// RoPEAttention.forward: q [B, Nq, C], k / v [B, Nk, kvIn]; the last numKExcludeRope keys keep
// their values (object pointers have no position on the grid).
Tensor ropeAttention(const AttentionWeights& a, const Tensor& q0, const Tensor& k0, const Tensor& v0, double theta,
                     int64_t numKExcludeRope, bool repeatK) {
    auto separate = [&](const Tensor& x) {
        return x.reshape({x.size(0), x.size(1), a.heads, x.size(2) / a.heads}).transpose(1, 2);
    };
    Tensor q = separate(a.q(q0)), k = separate(a.k(k0)), v = separate(a.v(v0));
    const int64_t n = q.size(-2), side = int64_t(std::lround(std::sqrt(double(n))));
    if (side * side != n) throw mr::Error("memory attention: the image tokens do not form a square grid");
    const Tensor freqs = axialRopeFrequencies(q.size(-1), side, theta).to(q.device());
    const int64_t numKRope = k.size(-2) - numKExcludeRope;
    if (repeatK ? numKRope % n != 0 : numKRope != n)
        throw mr::Error("memory attention: the memory tokens do not match the image grid");
    auto [qr, kr] = applyRotaryEncoding(q, k.index({Slice(), Slice(), Slice(0, numKRope)}), freqs, repeatK);
    if (numKExcludeRope > 0)
        kr = torch::cat({kr, k.index({Slice(), Slice(), Slice(numKRope, torch::indexing::None)})}, 2);
    Tensor out = scaledDotProductAttention(qr, kr, v).transpose(1, 2);
    return a.out(out.reshape({out.size(0), out.size(1), out.size(2) * out.size(3)}));
}

}  // namespace

Tensor memoryAttention(const Sam2Config& c, const Sam2Weights& w, const Tensor& curr, const Tensor& currPos,
                       const Tensor& memory0, const Tensor& memoryPos0, int64_t numObjPtrTokens) {
    // pos_enc_at_input, batch-first layers, keys with position, queries without.
    Tensor out = (curr + 0.1 * currPos).transpose(0, 1);
    const Tensor memory = memory0.transpose(0, 1), memoryPos = memoryPos0.transpose(0, 1);
    for (const MemoryAttentionLayerWeights& l : w.memoryAttention) {
        Tensor t = l.norm1(out);
        out = out + ropeAttention(l.selfAttn, t, t, t, c.ropeTheta, 0, false);
        t = l.norm2(out);
        out = out + ropeAttention(l.crossAttn, t, memory + memoryPos, memory, c.ropeTheta, numObjPtrTokens, true);
        t = l.norm3(out);
        out = out + l.linear2(torch::relu(l.linear1(t)));
    }
    return w.memoryAttentionNorm(out).transpose(0, 1);
}

}  // namespace mr::segment::sam2
