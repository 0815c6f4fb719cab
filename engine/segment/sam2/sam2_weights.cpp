#include "engine/segment/sam2/sam2_weights.h"

namespace mr::segment::sam2 {

namespace {

using nn::Activation;
using nn::LayerBinder;

void declareImageEncoder(LayerBinder& b, const Sam2Config& c, ImageEncoderWeights& w) {
    const HieraConfig& h = c.hiera;
    const std::string t = "image_encoder.trunk.";
    b.conv2d(t + "patch_embed.proj", 3, h.embedDim, h.patchKernel, w.patchEmbed, h.patchStride, h.patchPadding);
    b.tensor(t + "pos_embed", {1, h.embedDim, h.bkgSize[0], h.bkgSize[1]}, &w.posEmbed);
    b.tensor(t + "pos_embed_window", {1, h.embedDim, h.windowSpec[0], h.windowSpec[0]}, &w.posEmbedWindow);
    const std::vector<HieraBlock> blocks = h.blocks();
    w.blocks.assign(blocks.size(), HieraBlockWeights{});
    for (size_t i = 0; i < blocks.size(); ++i) {
        const HieraBlock& k = blocks[i];
        HieraBlockWeights& bw = w.blocks[i];
        const std::string p = t + "blocks." + std::to_string(i) + ".";
        b.layerNorm(p + "norm1", k.dim, bw.norm1, 1e-6);
        b.layerNorm(p + "norm2", k.dimOut, bw.norm2, 1e-6);
        b.linear(p + "attn.qkv", k.dim, 3 * k.dimOut, bw.qkv);
        b.linear(p + "attn.proj", k.dimOut, k.dimOut, bw.attnProj);
        if (k.dim != k.dimOut) b.linear(p + "proj", k.dim, k.dimOut, bw.dimProj);
        b.mlp(p + "mlp", k.dimOut, int64_t(k.dimOut * h.mlpRatio), k.dimOut, 2, bw.mlp, Activation::Gelu);
    }
    const std::vector<int> channels = c.channelList();
    w.neckConvs.assign(channels.size(), nn::Conv2d{});
    for (size_t i = 0; i < channels.size(); ++i)
        b.conv2d("image_encoder.neck.convs." + std::to_string(i) + ".conv", channels[i], c.dModel, 1, w.neckConvs[i]);
}

void declarePromptEncoder(LayerBinder& b, const Sam2Config& c, PromptEncoderWeights& w) {
    const std::string p = "sam_prompt_encoder.";
    const int64_t d = c.dModel, m = c.maskInChans;
    b.tensor(p + "pe_layer.positional_encoding_gaussian_matrix", {2, d / 2}, &w.gaussianMatrix);
    for (int i = 0; i < 4; ++i)
        b.tensor(p + "point_embeddings." + std::to_string(i) + ".weight", {1, d}, &w.pointEmbeddings[size_t(i)]);
    b.tensor(p + "not_a_point_embed.weight", {1, d}, &w.notAPointEmbed);
    b.tensor(p + "no_mask_embed.weight", {1, d}, &w.noMaskEmbed);
    b.conv2d(p + "mask_downscaling.0", 1, m / 4, 2, w.maskDown0, 2);
    b.layerNorm(p + "mask_downscaling.1", m / 4, w.maskNorm1, 1e-6);
    b.conv2d(p + "mask_downscaling.3", m / 4, m, 2, w.maskDown3, 2);
    b.layerNorm(p + "mask_downscaling.4", m, w.maskNorm4, 1e-6);
    b.conv2d(p + "mask_downscaling.6", m, d, 1, w.maskDown6);
}

void declareMaskDecoder(LayerBinder& b, const Sam2Config& c, MaskDecoderWeights& w) {
    const std::string p = "sam_mask_decoder.";
    const int64_t d = c.dModel, tokens = c.numMultimaskOutputs + 1;
    b.tensor(p + "iou_token.weight", {1, d}, &w.iouToken);
    b.tensor(p + "mask_tokens.weight", {tokens, d}, &w.maskTokens);
    if (c.predObjScores) b.tensor(p + "obj_score_token.weight", {1, d}, &w.objScoreToken);
    TwoWayTransformerShape ts{d, c.decoderDepth, c.decoderHeads, c.decoderMlpDim, c.attentionDownsampleRate};
    bindTwoWayTransformer(b, p + "transformer", ts, w.transformer);
    b.convTranspose2d(p + "output_upscaling.0", d, d / 4, 2, w.upscale0, 2);
    b.layerNorm(p + "output_upscaling.1", d / 4, w.upscaleNorm1, 1e-6);
    b.convTranspose2d(p + "output_upscaling.3", d / 4, d / 8, 2, w.upscale3, 2);
    if (c.useHighResFeaturesInSam) {
        b.conv2d(p + "conv_s0", d, d / 8, 1, w.convS0);
        b.conv2d(p + "conv_s1", d, d / 4, 1, w.convS1);
    }
    w.hypernetworks.assign(size_t(tokens), nn::Mlp{});
    for (int64_t i = 0; i < tokens; ++i)
        b.mlp(p + "output_hypernetworks_mlps." + std::to_string(i), d, d, d / 8, 3, w.hypernetworks[size_t(i)]);
    b.mlp(p + "iou_prediction_head", d, c.iouHeadHiddenDim, tokens, c.iouHeadDepth, w.iouHead, Activation::Relu,
          c.iouPredictionUseSigmoid);
    if (c.predObjScores) {
        if (c.predObjScoresMlp) {
            b.mlp(p + "pred_obj_score_head", d, d, 1, 3, w.objScoreHead);
        } else {
            w.objScoreHead.layers.assign(1, nn::Linear{});
            b.linear(p + "pred_obj_score_head", d, 1, w.objScoreHead.layers[0]);
        }
    }
}

void declareMemory(LayerBinder& b, const Sam2Config& c, Sam2Weights& w) {
    const int64_t d = c.dModel, mem = c.memDim;
    w.memoryAttention.assign(size_t(c.memAttnLayers), MemoryAttentionLayerWeights{});
    for (int i = 0; i < c.memAttnLayers; ++i) {
        const std::string p = "memory_attention.layers." + std::to_string(i) + ".";
        MemoryAttentionLayerWeights& l = w.memoryAttention[size_t(i)];
        bindAttention(b, p + "self_attn", d, d, d, c.memSelfHeads, l.selfAttn);
        bindAttention(b, p + "cross_attn_image", d, d, mem, c.memCrossHeads, l.crossAttn);
        b.linear(p + "linear1", d, c.memAttnFfn, l.linear1);
        b.linear(p + "linear2", c.memAttnFfn, d, l.linear2);
        b.layerNorm(p + "norm1", d, l.norm1, 1e-5);
        b.layerNorm(p + "norm2", d, l.norm2, 1e-5);
        b.layerNorm(p + "norm3", d, l.norm3, 1e-5);
    }
    b.layerNorm("memory_attention.norm", d, w.memoryAttentionNorm, 1e-5);

    MemoryEncoderWeights& e = w.memoryEncoder;
    const std::string md = "memory_encoder.mask_downsampler.encoder.";
    e.downConvs.assign(size_t(c.maskDownsamplerLayers) + 1, nn::Conv2d{});
    e.downNorms.assign(size_t(c.maskDownsamplerLayers), nn::LayerNorm{});
    int64_t in = 1;
    const int64_t s = c.maskDownsamplerStride;
    for (int i = 0; i < c.maskDownsamplerLayers; ++i) {
        const int64_t out = in * s * s;
        b.conv2d(md + std::to_string(3 * i), in, out, c.maskDownsamplerKernel, e.downConvs[size_t(i)], s,
                 c.maskDownsamplerPadding);
        b.layerNorm(md + std::to_string(3 * i + 1), out, e.downNorms[size_t(i)], 1e-6);
        in = out;
    }
    b.conv2d(md + std::to_string(3 * c.maskDownsamplerLayers), in, d, 1, e.downConvs.back());
    b.conv2d("memory_encoder.pix_feat_proj", d, d, 1, e.pixFeatProj);
    e.fuser.assign(size_t(c.fuserLayers), CxBlockWeights{});
    for (int i = 0; i < c.fuserLayers; ++i) {
        const std::string p = "memory_encoder.fuser.layers." + std::to_string(i) + ".";
        CxBlockWeights& x = e.fuser[size_t(i)];
        b.conv2d(p + "dwconv", d, d, c.fuserKernel, x.dwconv, 1, c.fuserPadding, d);
        b.layerNorm(p + "norm", d, x.norm, 1e-6);
        b.linear(p + "pwconv1", d, 4 * d, x.pwconv1);
        b.linear(p + "pwconv2", 4 * d, d, x.pwconv2);
        b.tensor(p + "gamma", {d}, &x.gamma);
    }
    if (mem != d) b.conv2d("memory_encoder.out_proj", d, mem, 1, e.outProj);
}

void declareBase(LayerBinder& b, const Sam2Config& c, Sam2Weights& w) {
    const int64_t d = c.dModel, mem = c.memDim;
    b.tensor("maskmem_tpos_enc", {c.numMaskmem, 1, 1, mem}, &w.maskmemTposEnc);
    b.tensor("no_mem_embed", {1, 1, d}, &w.noMemEmbed);
    b.tensor("no_mem_pos_enc", {1, 1, d}, &w.noMemPosEnc);
    if (c.predObjScores && c.useObjPtrsInEncoder) b.tensor("no_obj_ptr", {1, d}, &w.noObjPtr);
    if (c.noObjEmbedSpatial) b.tensor("no_obj_embed_spatial", {1, mem}, &w.noObjEmbedSpatial);
    if (c.useObjPtrsInEncoder) {
        b.conv2d("mask_downsample", 1, 1, 4, w.maskDownsample, 4);
        if (c.useMlpForObjPtrProj) {
            b.mlp("obj_ptr_proj", d, d, d, 3, w.objPtrProj);
        } else {
            w.objPtrProj.layers.assign(1, nn::Linear{});
            b.linear("obj_ptr_proj", d, d, w.objPtrProj.layers[0]);
        }
    }
    if (c.projTposEncInObjPtrs) b.linear("obj_ptr_tpos_proj", d, mem, w.objPtrTposProj);
}

void declareAll(nn::WeightTable& table, const Sam2Config& c, Sam2Weights& w) {
    LayerBinder b(table);
    declareImageEncoder(b, c, w.imageEncoder);
    declarePromptEncoder(b, c, w.promptEncoder);
    declareMaskDecoder(b, c, w.maskDecoder);
    declareMemory(b, c, w);
    declareBase(b, c, w);
}

}  // namespace

std::unique_ptr<Sam2Weights> bindSam2Weights(const Sam2Config& config, const nn::TensorSource& source,
                                             const std::string& what, const nn::TensorConvert& convert) {
    auto w = std::make_unique<Sam2Weights>();
    nn::WeightTable table;
    declareAll(table, config, *w);
    table.bind(source, what, convert);
    return w;
}

std::map<std::string, std::vector<int64_t>> sam2WeightShapes(const Sam2Config& config) {
    Sam2Weights w;
    nn::WeightTable table;
    declareAll(table, config, w);
    return table.shapes();
}

}  // namespace mr::segment::sam2
