#include "engine/segment/two_way_transformer.h"

#include <cmath>

namespace mr::segment {

using torch::Tensor;

Tensor scaledDotProductAttention(const Tensor& q, const Tensor& k, const Tensor& v) {
    Tensor attn = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
    return torch::matmul(torch::softmax(attn, -1), v);
}

Tensor multiHeadAttention(const AttentionWeights& a, const Tensor& q0, const Tensor& k0, const Tensor& v0) {
    auto separate = [&](const Tensor& x) {
        return x.reshape({x.size(0), x.size(1), a.heads, x.size(2) / a.heads}).transpose(1, 2);
    };
    Tensor out = scaledDotProductAttention(separate(a.q(q0)), separate(a.k(k0)), separate(a.v(v0)));
    out = out.transpose(1, 2);
    return a.out(out.reshape({out.size(0), out.size(1), out.size(2) * out.size(3)}));
}

void bindAttention(nn::LayerBinder& b, const std::string& prefix, int64_t dim, int64_t internalDim, int64_t kvInDim,
                   int64_t heads, AttentionWeights& a) {
    b.linear(prefix + ".q_proj", dim, internalDim, a.q);
    b.linear(prefix + ".k_proj", kvInDim, internalDim, a.k);
    b.linear(prefix + ".v_proj", kvInDim, internalDim, a.v);
    b.linear(prefix + ".out_proj", internalDim, dim, a.out);
    a.heads = heads;
}

void bindTwoWayTransformer(nn::LayerBinder& b, const std::string& prefix, const TwoWayTransformerShape& s,
                           TwoWayTransformerWeights& w) {
    const int64_t d = s.dim, down = s.dim / s.downsampleRate;
    w.layers.assign(size_t(s.depth), TwoWayBlockWeights{});
    for (int64_t i = 0; i < s.depth; ++i) {
        const std::string p = prefix + ".layers." + std::to_string(i);
        TwoWayBlockWeights& l = w.layers[size_t(i)];
        bindAttention(b, p + ".self_attn", d, d, d, s.heads, l.selfAttn);
        bindAttention(b, p + ".cross_attn_token_to_image", d, down, d, s.heads, l.tokenToImage);
        bindAttention(b, p + ".cross_attn_image_to_token", d, down, d, s.heads, l.imageToToken);
        b.layerNorm(p + ".norm1", d, l.norm1, 1e-5);
        b.layerNorm(p + ".norm2", d, l.norm2, 1e-5);
        b.layerNorm(p + ".norm3", d, l.norm3, 1e-5);
        b.layerNorm(p + ".norm4", d, l.norm4, 1e-5);
        b.mlp(p + ".mlp", d, s.mlpDim, d, 2, l.mlp);
    }
    bindAttention(b, prefix + ".final_attn_token_to_image", d, down, d, s.heads, w.finalTokenToImage);
    b.layerNorm(prefix + ".norm_final_attn", d, w.normFinal, 1e-5);
}

std::pair<Tensor, Tensor> twoWayTransformer(const TwoWayTransformerWeights& w, const Tensor& image,
                                            const Tensor& imagePe, const Tensor& tokens) {
    Tensor keys = image.flatten(2).permute({0, 2, 1});
    const Tensor keyPe = imagePe.flatten(2).permute({0, 2, 1});
    Tensor queries = tokens;
    const Tensor& queryPe = tokens;
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const TwoWayBlockWeights& l = w.layers[i];
        if (i == 0) {  // skip_first_layer_pe: the first block's self-attention replaces the tokens
            queries = multiHeadAttention(l.selfAttn, queries, queries, queries);
        } else {
            Tensor q = queries + queryPe;
            queries = queries + multiHeadAttention(l.selfAttn, q, q, queries);
        }
        queries = l.norm1(queries);
        Tensor q = queries + queryPe;
        Tensor k = keys + keyPe;
        queries = l.norm2(queries + multiHeadAttention(l.tokenToImage, q, k, keys));
        queries = l.norm3(queries + l.mlp(queries));
        q = queries + queryPe;
        k = keys + keyPe;
        keys = l.norm4(keys + multiHeadAttention(l.imageToToken, k, q, queries));
    }
    Tensor q = queries + queryPe;
    Tensor k = keys + keyPe;
    queries = w.normFinal(queries + multiHeadAttention(w.finalTokenToImage, q, k, keys));
    return {queries, keys};
}

}  // namespace mr::segment
