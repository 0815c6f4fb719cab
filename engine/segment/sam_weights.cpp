#include "engine/segment/sam_weights.h"

#include <algorithm>

namespace mr::segment {

namespace {

// Adds entries under one prefix ("image_encoder.blocks.3.") to the table.
class Scope {
public:
    Scope(mr::nn::WeightTable& t, std::string prefix) : t_(t), p_(std::move(prefix)) {}
    void tensor(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target) {
        t_.add(p_ + name, std::move(shape), target);
    }
    void linear(const std::string& name, int64_t in, int64_t out, SamLinear& l, bool bias = true) {
        tensor(name + ".weight", {out, in}, &l.weight);
        if (bias) tensor(name + ".bias", {out}, &l.bias);
    }
    void norm(const std::string& name, int64_t n, SamNorm& l) {
        tensor(name + ".weight", {n}, &l.weight);
        tensor(name + ".bias", {n}, &l.bias);
    }
    void attention(const std::string& name, int64_t dim, int64_t inner, SamAttention& a) {
        linear(name + ".q_proj", dim, inner, a.q);
        linear(name + ".k_proj", dim, inner, a.k);
        linear(name + ".v_proj", dim, inner, a.v);
        linear(name + ".out_proj", inner, dim, a.out);
    }

private:
    mr::nn::WeightTable& t_;
    std::string p_;
};

void addImageEncoder(mr::nn::WeightTable& table, const SamConfig& c, SamImageEncoderWeights& w) {
    const int64_t E = c.embedDim, G = c.embedGrid(), hd = c.embedDim / c.numHeads;
    Scope s(table, "image_encoder.");
    s.tensor("patch_embed.proj.weight", {E, c.inChans, c.patchSize, c.patchSize}, &w.patchEmbedWeight);
    s.tensor("patch_embed.proj.bias", {E}, &w.patchEmbedBias);
    if (c.useAbsPos) s.tensor("pos_embed", {1, G, G, E}, &w.posEmbed);
    w.blocks.resize(size_t(c.depth));
    for (int i = 0; i < c.depth; ++i) {
        SamEncoderBlock& b = w.blocks[size_t(i)];
        Scope k(table, "image_encoder.blocks." + std::to_string(i) + ".");
        const auto& g = c.globalAttnIndexes;
        const bool global = std::find(g.begin(), g.end(), i) != g.end();
        const int64_t S = (global || c.windowSize <= 0) ? G : c.windowSize;
        k.norm("norm1", E, b.norm1);
        k.linear("attn.qkv", E, 3 * E, b.qkv, c.qkvBias);
        k.linear("attn.proj", E, E, b.proj);
        if (c.useRelPos) {
            k.tensor("attn.rel_pos_h", {2 * S - 1, hd}, &b.relPosH);
            k.tensor("attn.rel_pos_w", {2 * S - 1, hd}, &b.relPosW);
        }
        k.norm("norm2", E, b.norm2);
        k.linear("mlp.lin1", E, c.mlpDim, b.lin1);
        k.linear("mlp.lin2", c.mlpDim, E, b.lin2);
    }
    s.tensor("neck.0.weight", {c.outChans, E, 1, 1}, &w.neck0);
    s.norm("neck.1", c.outChans, w.neck1);
    s.tensor("neck.2.weight", {c.outChans, c.outChans, 3, 3}, &w.neck2);
    s.norm("neck.3", c.outChans, w.neck3);
}

void addPromptEncoder(mr::nn::WeightTable& table, const SamConfig& c, SamPromptEncoderWeights& w) {
    const int64_t D = c.promptEmbedDim, mc = c.maskInChans;
    Scope s(table, "prompt_encoder.");
    s.tensor("pe_layer.positional_encoding_gaussian_matrix", {2, D / 2}, &w.gaussianMatrix);
    for (int i = 0; i < 4; ++i)
        s.tensor("point_embeddings." + std::to_string(i) + ".weight", {1, D}, &w.pointEmbeddings[i]);
    s.tensor("not_a_point_embed.weight", {1, D}, &w.notAPoint);
    s.tensor("mask_downscaling.0.weight", {mc / 4, 1, 2, 2}, &w.down0Weight);
    s.tensor("mask_downscaling.0.bias", {mc / 4}, &w.down0Bias);
    s.norm("mask_downscaling.1", mc / 4, w.down1);
    s.tensor("mask_downscaling.3.weight", {mc, mc / 4, 2, 2}, &w.down3Weight);
    s.tensor("mask_downscaling.3.bias", {mc}, &w.down3Bias);
    s.norm("mask_downscaling.4", mc, w.down4);
    s.tensor("mask_downscaling.6.weight", {D, mc, 1, 1}, &w.down6Weight);
    s.tensor("mask_downscaling.6.bias", {D}, &w.down6Bias);
    s.tensor("no_mask_embed.weight", {1, D}, &w.noMask);
}

void addMaskDecoder(mr::nn::WeightTable& table, const SamConfig& c, SamMaskDecoderWeights& w) {
    const int64_t T = c.transformerDim, nm = c.numMultimaskOutputs + 1, inner = T / c.attentionDownsampleRate;
    w.layers.resize(size_t(c.decoderDepth));
    for (int i = 0; i < c.decoderDepth; ++i) {
        SamTwoWayLayer& l = w.layers[size_t(i)];
        Scope s(table, "mask_decoder.transformer.layers." + std::to_string(i) + ".");
        s.attention("self_attn", T, T, l.selfAttn);
        s.norm("norm1", T, l.norm1);
        s.attention("cross_attn_token_to_image", T, inner, l.tokenToImage);
        s.norm("norm2", T, l.norm2);
        s.linear("mlp.lin1", T, c.decoderMlpDim, l.lin1);
        s.linear("mlp.lin2", c.decoderMlpDim, T, l.lin2);
        s.norm("norm3", T, l.norm3);
        s.norm("norm4", T, l.norm4);
        s.attention("cross_attn_image_to_token", T, inner, l.imageToToken);
    }
    Scope s(table, "mask_decoder.");
    s.attention("transformer.final_attn_token_to_image", T, inner, w.finalAttn);
    s.norm("transformer.norm_final_attn", T, w.normFinal);
    s.tensor("iou_token.weight", {1, T}, &w.iouToken);
    s.tensor("mask_tokens.weight", {nm, T}, &w.maskTokens);
    s.tensor("output_upscaling.0.weight", {T, T / 4, 2, 2}, &w.up0Weight);
    s.tensor("output_upscaling.0.bias", {T / 4}, &w.up0Bias);
    s.norm("output_upscaling.1", T / 4, w.up1);
    s.tensor("output_upscaling.3.weight", {T / 4, T / 8, 2, 2}, &w.up3Weight);
    s.tensor("output_upscaling.3.bias", {T / 8}, &w.up3Bias);
    w.hypernetworks.assign(size_t(nm), std::vector<SamLinear>(3));
    for (int64_t i = 0; i < nm; ++i) {
        const std::string p = "output_hypernetworks_mlps." + std::to_string(i) + ".layers.";
        auto& mlp = w.hypernetworks[size_t(i)];
        s.linear(p + "0", T, T, mlp[0]);
        s.linear(p + "1", T, T, mlp[1]);
        s.linear(p + "2", T, T / 8, mlp[2]);
    }
    w.iouHead.resize(size_t(c.iouHeadDepth));
    for (int i = 0; i < c.iouHeadDepth; ++i) {
        const int64_t in = i == 0 ? T : c.iouHeadHiddenDim, out = i == c.iouHeadDepth - 1 ? nm : c.iouHeadHiddenDim;
        s.linear("iou_prediction_head.layers." + std::to_string(i), in, out, w.iouHead[size_t(i)]);
    }
}

}  // namespace

mr::nn::WeightTable samWeightTable(const SamConfig& config, SamWeights& weights) {
    mr::nn::WeightTable table("config");
    addImageEncoder(table, config, weights.image);
    addPromptEncoder(table, config, weights.prompt);
    addMaskDecoder(table, config, weights.decoder);
    return table;
}

// Declared in sam_config.h (standard library only); the table is the one list of keys.
ShapeMap SamConfig::expectedShapes() const {
    SamWeights scratch;
    return samWeightTable(*this, scratch).shapes();
}

}  // namespace mr::segment
