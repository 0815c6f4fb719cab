#include "engine/segment/sam_config.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/core/error.h"
#include "engine/core/limits.h"

namespace mr::segment {
namespace {

const std::vector<int64_t>& need(const ShapeMap& s, const std::string& k) {
    auto it = s.find(k);
    if (it == s.end()) throw mr::Error("not a SAM checkpoint: tensor " + k + " is missing");
    return it->second;
}

// Dimension i of tensor k, a size of the architecture: present and within the limits.
int dim(const ShapeMap& s, const std::string& k, size_t i) {
    const auto& shape = need(s, k);
    if (i >= shape.size()) throw mr::Error("not a SAM checkpoint: tensor " + k + " has too few dimensions");
    return int(mr::limits::checkRange(shape[i], 1, mr::limits::kMaxModelDimension,
                                      "not a SAM checkpoint: dimension " + std::to_string(i) + " of " + k));
}

// One more than the highest <n> of the keys "<prefix><n>.…" (0 when there is none), at most
// kMaxLayers: a checkpoint naming block 3000000 is an error, not 3 million layers.
int countIndexed(const ShapeMap& s, const std::string& prefix) {
    int64_t highest = -1;
    for (auto it = s.lower_bound(prefix); it != s.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        const std::string& k = it->first;
        size_t end = prefix.size();
        int64_t n = 0;
        while (end < k.size() && end - prefix.size() < 10 && k[end] >= '0' && k[end] <= '9')
            n = n * 10 + (k[end++] - '0');
        if (end == prefix.size() || (end < k.size() && k[end] != '.')) continue;  // not "<prefix><digits>."
        highest = std::max(highest, n);
    }
    return int(mr::limits::checkRange(highest + 1, 0, mr::limits::kMaxLayers, "layers under " + prefix));
}

// An integer member of a config.json object, within [lo, hi].
int intIn(const mr::json::Value& obj, const char* key, int current, int64_t lo, int64_t hi, const std::string& where) {
    const mr::json::Value* v = obj.find(key);
    if (!v || v->isNull()) return current;
    return int(mr::limits::checkRange(v->asInt(), lo, hi, "config.json: " + where + key));
}

}  // namespace

void SamConfig::applyJson(const mr::json::Value& c) {
    const int64_t kDim = mr::limits::kMaxModelDimension, kLayers = mr::limits::kMaxLayers;
    if (const auto* ie = c.find("image_encoder")) {
        const std::string w = "image_encoder.";
        imgSize = intIn(*ie, "img_size", imgSize, 1, kDim, w);
        patchSize = intIn(*ie, "patch_size", patchSize, 1, kDim, w);
        inChans = intIn(*ie, "in_chans", inChans, 1, kDim, w);
        embedDim = intIn(*ie, "embed_dim", embedDim, 1, kDim, w);
        depth = intIn(*ie, "depth", depth, 1, kLayers, w);
        numHeads = intIn(*ie, "num_heads", numHeads, 1, kDim, w);
        if (ie->contains("mlp_ratio")) {
            const double mlp = embedDim * ie->at("mlp_ratio").asDouble();
            if (!(mlp >= 1 && mlp <= double(kDim)))
                throw mr::Error("config.json: image_encoder.mlp_ratio is out of range");
            mlpDim = int(mlp);
        }
        outChans = intIn(*ie, "out_chans", outChans, 1, kDim, w);
        qkvBias = ie->get("qkv_bias", qkvBias);
        useAbsPos = ie->get("use_abs_pos", useAbsPos);
        useRelPos = ie->get("use_rel_pos", useRelPos);
        windowSize = intIn(*ie, "window_size", windowSize, 0, kDim, w);
        if (const auto* g = ie->find("global_attn_indexes")) {
            globalAttnIndexes.clear();
            for (const auto& v : g->asArray())
                globalAttnIndexes.push_back(
                    int(mr::limits::checkRange(v.asInt(), 0, kLayers, "config.json: " + w + "global_attn_indexes")));
        }
        layerNormEps = ie->get("layer_norm_eps", layerNormEps);
        neckEps = ie->get("neck_layer_norm2d_eps", neckEps);
    }
    if (const auto* pe = c.find("prompt_encoder")) {
        promptEmbedDim = intIn(*pe, "embed_dim", promptEmbedDim, 1, kDim, "prompt_encoder.");
        maskInChans = intIn(*pe, "mask_in_chans", maskInChans, 1, kDim, "prompt_encoder.");
        if (const auto* s = pe->find("image_embedding_size")) {
            if (patchSize <= 0 || s->size() != 2 || (*s)[0].asInt() != embedGrid() || (*s)[1].asInt() != embedGrid())
                throw mr::Error("config.json: prompt_encoder.image_embedding_size does not match img_size/patch_size");
        }
    }
    if (const auto* md = c.find("mask_decoder")) {
        const std::string w = "mask_decoder.";
        transformerDim = intIn(*md, "transformer_dim", transformerDim, 1, kDim, w);
        numMultimaskOutputs = intIn(*md, "num_multimask_outputs", numMultimaskOutputs, 0, kLayers, w);
        iouHeadDepth = intIn(*md, "iou_head_depth", iouHeadDepth, 1, kLayers, w);
        iouHeadHiddenDim = intIn(*md, "iou_head_hidden_dim", iouHeadHiddenDim, 1, kDim, w);
        if (const auto* t = md->find("transformer")) {
            decoderDepth = intIn(*t, "depth", decoderDepth, 1, kLayers, w + "transformer.");
            decoderMlpDim = intIn(*t, "mlp_dim", decoderMlpDim, 1, kDim, w + "transformer.");
            decoderHeads = intIn(*t, "num_heads", decoderHeads, 1, kDim, w + "transformer.");
            attentionDownsampleRate =
                intIn(*t, "attention_downsample_rate", attentionDownsampleRate, 1, kDim, w + "transformer.");
        }
    }
    auto triple = [&](const char* key, std::array<double, 3>& dst) {
        if (const auto* v = c.find(key)) {
            if (v->size() != 3) throw mr::Error(std::string("config.json: ") + key + " needs 3 numbers");
            for (size_t i = 0; i < 3; ++i) dst[i] = (*v)[i].asDouble();
        }
    };
    triple("pixel_mean", pixelMean);
    triple("pixel_std", pixelStd);
    maskThreshold = c.get("mask_threshold", maskThreshold);
    validate("config.json: inconsistent SAM sizes");
}

void SamConfig::validate(const std::string& what) const {
    namespace lim = mr::limits;
    auto bad = [&](const std::string& why) { throw mr::Error(what + " (" + why + ")"); };
    for (int v : {imgSize, patchSize, inChans, embedDim, numHeads, mlpDim, outChans, promptEmbedDim, maskInChans,
                  transformerDim, iouHeadHiddenDim, decoderMlpDim, decoderHeads, attentionDownsampleRate})
        if (v < 1 || v > lim::kMaxModelDimension) bad("a size is " + std::to_string(v));
    for (int v : {depth, decoderDepth, iouHeadDepth, numMultimaskOutputs + 1})
        if (v < 1 || v > lim::kMaxLayers) bad("a layer count is " + std::to_string(v));
    if (imgSize % patchSize != 0) bad("img_size is not a multiple of patch_size");
    if (embedDim % numHeads != 0) bad("embed_dim is not a multiple of num_heads");
    if (windowSize < 0 || windowSize > embedGrid()) bad("window_size is outside the embedding grid");
    for (int i : globalAttnIndexes)
        if (i < 0 || i >= depth) bad("a global attention index is not a block");
    if (maskInChans % 4 != 0) bad("mask_in_chans is not a multiple of 4");
    if (promptEmbedDim % 2 != 0) bad("the prompt embedding size is odd");
    if (transformerDim % 8 != 0) bad("transformer_dim is not a multiple of 8");
    if (transformerDim % attentionDownsampleRate != 0 || (transformerDim / attentionDownsampleRate) % decoderHeads != 0)
        bad("transformer_dim does not split into the decoder's heads");
    // The largest activation: global attention over the whole embedding grid, one matrix per head.
    const int64_t tokens = int64_t(embedGrid()) * embedGrid();
    int64_t attention = 0;
    if (lim::mulOverflows(tokens, tokens, &attention) || lim::mulOverflows(attention, numHeads, &attention) ||
        attention > lim::kMaxTensorElements)
        bad("attention over a " + std::to_string(embedGrid()) + "x" + std::to_string(embedGrid()) +
            " grid exceeds the tensor size limit");
    for (double v : {layerNormEps, neckEps, decoderLayerNormEps})
        if (!(v > 0 && std::isfinite(v))) bad("a layer-norm epsilon is not positive");
    for (size_t i = 0; i < 3; ++i)
        if (!std::isfinite(pixelMean[i]) || !(std::abs(pixelStd[i]) > 0) || !std::isfinite(pixelStd[i]))
            bad("pixel_mean/pixel_std must be finite with a non-zero std");
    if (!std::isfinite(maskThreshold)) bad("mask_threshold is not finite");
}

SamConfig SamConfig::fromShapes(const ShapeMap& s, const mr::json::Value* config) {
    SamConfig c;
    const std::string pw = "image_encoder.patch_embed.proj.weight";
    if (need(s, pw).size() != 4) throw mr::Error("not a SAM checkpoint: patch_embed.proj.weight is not 4-D");
    c.embedDim = dim(s, pw, 0);
    c.inChans = dim(s, pw, 1);
    c.patchSize = dim(s, pw, 2);
    c.depth = countIndexed(s, "image_encoder.blocks.");
    if (c.depth == 0) throw mr::Error("not a SAM checkpoint: no image_encoder.blocks");
    c.useAbsPos = s.count("image_encoder.pos_embed") != 0;
    if (c.useAbsPos)
        c.imgSize = int(mr::limits::checkRange(int64_t(dim(s, "image_encoder.pos_embed", 1)) * c.patchSize, 1,
                                               mr::limits::kMaxModelDimension, "not a SAM checkpoint: the image size"));
    c.mlpDim = dim(s, "image_encoder.blocks.0.mlp.lin1.weight", 0);
    c.qkvBias = s.count("image_encoder.blocks.0.attn.qkv.bias") != 0;
    c.outChans = dim(s, "image_encoder.neck.0.weight", 0);
    c.useRelPos = s.count("image_encoder.blocks.0.attn.rel_pos_h") != 0;
    const int G = c.embedGrid();
    if (c.useRelPos) {
        const int64_t hd = dim(s, "image_encoder.blocks.0.attn.rel_pos_h", 1);
        if (c.embedDim % hd != 0) throw mr::Error("not a SAM checkpoint: odd rel_pos_h head size");
        c.numHeads = int(c.embedDim / hd);
        c.globalAttnIndexes.clear();
        c.windowSize = 0;
        for (int i = 0; i < c.depth; ++i) {
            int S = (dim(s, "image_encoder.blocks." + std::to_string(i) + ".attn.rel_pos_h", 0) + 1) / 2;
            if (S == G) c.globalAttnIndexes.push_back(i);
            else c.windowSize = S;
        }
    } else {
        // Without relative positions the head count is not in the shapes: the official sizes.
        c.numHeads = c.embedDim == 1280 ? 16 : c.embedDim == 1024 ? 16 : c.embedDim == 768 ? 12 : c.numHeads;
    }
    c.promptEmbedDim = dim(s, "prompt_encoder.no_mask_embed.weight", 1);
    c.maskInChans = dim(s, "prompt_encoder.mask_downscaling.3.weight", 0);
    c.transformerDim = dim(s, "mask_decoder.iou_token.weight", 1);
    c.numMultimaskOutputs = dim(s, "mask_decoder.mask_tokens.weight", 0) - 1;
    c.iouHeadDepth = countIndexed(s, "mask_decoder.iou_prediction_head.layers.");
    c.iouHeadHiddenDim = dim(s, "mask_decoder.iou_prediction_head.layers.0.weight", 0);
    c.decoderDepth = countIndexed(s, "mask_decoder.transformer.layers.");
    c.decoderMlpDim = dim(s, "mask_decoder.transformer.layers.0.mlp.lin1.weight", 0);
    const int64_t inner = dim(s, "mask_decoder.transformer.final_attn_token_to_image.q_proj.weight", 0);
    if (c.transformerDim % inner != 0) throw mr::Error("not a SAM checkpoint: odd attention size");
    c.attentionDownsampleRate = int(c.transformerDim / inner);
    // Decoder heads are not in the shapes: config.json, else SAM's 8.
    if (config) c.applyJson(*config);
    c.validate("not a SAM checkpoint: inconsistent sizes");
    return c;
}

}  // namespace mr::segment
