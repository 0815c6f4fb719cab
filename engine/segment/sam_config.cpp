#include "engine/segment/sam_config.h"

#include <algorithm>
#include <set>

#include "engine/core/error.h"

namespace mr::segment {
namespace {

const std::vector<int64_t>& need(const ShapeMap& s, const std::string& k) {
    auto it = s.find(k);
    if (it == s.end()) throw mr::Error("not a SAM checkpoint: tensor " + k + " is missing");
    return it->second;
}

int countIndexed(const ShapeMap& s, const std::string& prefix) {
    std::set<int> idx;
    for (const auto& [k, v] : s) {
        if (k.compare(0, prefix.size(), prefix) != 0) continue;
        size_t dot = k.find('.', prefix.size());
        try {
            idx.insert(std::stoi(k.substr(prefix.size(), dot - prefix.size())));
        } catch (...) {
        }
    }
    return idx.empty() ? 0 : *idx.rbegin() + 1;
}

}  // namespace

void SamConfig::applyJson(const mr::json::Value& c) {
    if (const auto* ie = c.find("image_encoder")) {
        imgSize = ie->get("img_size", imgSize);
        patchSize = ie->get("patch_size", patchSize);
        inChans = ie->get("in_chans", inChans);
        embedDim = ie->get("embed_dim", embedDim);
        depth = ie->get("depth", depth);
        numHeads = ie->get("num_heads", numHeads);
        if (ie->contains("mlp_ratio")) mlpDim = int(embedDim * ie->at("mlp_ratio").asDouble());
        outChans = ie->get("out_chans", outChans);
        qkvBias = ie->get("qkv_bias", qkvBias);
        useAbsPos = ie->get("use_abs_pos", useAbsPos);
        useRelPos = ie->get("use_rel_pos", useRelPos);
        windowSize = ie->get("window_size", windowSize);
        if (const auto* g = ie->find("global_attn_indexes")) {
            globalAttnIndexes.clear();
            for (const auto& v : g->asArray()) globalAttnIndexes.push_back(int(v.asInt()));
        }
        layerNormEps = ie->get("layer_norm_eps", layerNormEps);
        neckEps = ie->get("neck_layer_norm2d_eps", neckEps);
    }
    if (const auto* pe = c.find("prompt_encoder")) {
        promptEmbedDim = pe->get("embed_dim", promptEmbedDim);
        maskInChans = pe->get("mask_in_chans", maskInChans);
        if (const auto* s = pe->find("image_embedding_size")) {
            if (s->size() != 2 || (*s)[0].asInt() != embedGrid() || (*s)[1].asInt() != embedGrid())
                throw mr::Error("config.json: prompt_encoder.image_embedding_size does not match img_size/patch_size");
        }
    }
    if (const auto* md = c.find("mask_decoder")) {
        transformerDim = md->get("transformer_dim", transformerDim);
        numMultimaskOutputs = md->get("num_multimask_outputs", numMultimaskOutputs);
        iouHeadDepth = md->get("iou_head_depth", iouHeadDepth);
        iouHeadHiddenDim = md->get("iou_head_hidden_dim", iouHeadHiddenDim);
        if (const auto* t = md->find("transformer")) {
            decoderDepth = t->get("depth", decoderDepth);
            decoderMlpDim = t->get("mlp_dim", decoderMlpDim);
            decoderHeads = t->get("num_heads", decoderHeads);
            attentionDownsampleRate = t->get("attention_downsample_rate", attentionDownsampleRate);
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
    if (patchSize <= 0 || imgSize % patchSize != 0 || embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0 ||
        decoderHeads <= 0 || attentionDownsampleRate <= 0 || transformerDim % (attentionDownsampleRate * decoderHeads) != 0)
        throw mr::Error("config.json: inconsistent SAM sizes");
}

SamConfig SamConfig::fromShapes(const ShapeMap& s, const mr::json::Value* config) {
    SamConfig c;
    const auto& pw = need(s, "image_encoder.patch_embed.proj.weight");
    if (pw.size() != 4) throw mr::Error("not a SAM checkpoint: patch_embed.proj.weight is not 4-D");
    c.embedDim = int(pw[0]);
    c.inChans = int(pw[1]);
    c.patchSize = int(pw[2]);
    c.depth = countIndexed(s, "image_encoder.blocks.");
    if (c.depth == 0) throw mr::Error("not a SAM checkpoint: no image_encoder.blocks");
    auto pe = s.find("image_encoder.pos_embed");
    c.useAbsPos = pe != s.end();
    if (c.useAbsPos) c.imgSize = int(pe->second.at(1)) * c.patchSize;
    c.mlpDim = int(need(s, "image_encoder.blocks.0.mlp.lin1.weight").at(0));
    c.qkvBias = s.count("image_encoder.blocks.0.attn.qkv.bias") != 0;
    c.outChans = int(need(s, "image_encoder.neck.0.weight").at(0));
    c.useRelPos = s.count("image_encoder.blocks.0.attn.rel_pos_h") != 0;
    const int G = c.embedGrid();
    if (c.useRelPos) {
        const int64_t hd = need(s, "image_encoder.blocks.0.attn.rel_pos_h").at(1);
        if (hd <= 0 || c.embedDim % hd != 0) throw mr::Error("not a SAM checkpoint: odd rel_pos_h head size");
        c.numHeads = int(c.embedDim / hd);
        c.globalAttnIndexes.clear();
        c.windowSize = 0;
        for (int i = 0; i < c.depth; ++i) {
            int S = int((need(s, "image_encoder.blocks." + std::to_string(i) + ".attn.rel_pos_h").at(0) + 1) / 2);
            if (S == G) c.globalAttnIndexes.push_back(i);
            else c.windowSize = S;
        }
    } else {
        // Without relative positions the head count is not in the shapes: the official sizes.
        c.numHeads = c.embedDim == 1280 ? 16 : c.embedDim == 1024 ? 16 : c.embedDim == 768 ? 12 : c.numHeads;
    }
    c.promptEmbedDim = int(need(s, "prompt_encoder.no_mask_embed.weight").at(1));
    c.maskInChans = int(need(s, "prompt_encoder.mask_downscaling.3.weight").at(0));
    c.transformerDim = int(need(s, "mask_decoder.iou_token.weight").at(1));
    c.numMultimaskOutputs = int(need(s, "mask_decoder.mask_tokens.weight").at(0)) - 1;
    c.iouHeadDepth = countIndexed(s, "mask_decoder.iou_prediction_head.layers.");
    c.iouHeadHiddenDim = int(need(s, "mask_decoder.iou_prediction_head.layers.0.weight").at(0));
    c.decoderDepth = countIndexed(s, "mask_decoder.transformer.layers.");
    c.decoderMlpDim = int(need(s, "mask_decoder.transformer.layers.0.mlp.lin1.weight").at(0));
    const int64_t inner = need(s, "mask_decoder.transformer.final_attn_token_to_image.q_proj.weight").at(0);
    if (inner <= 0 || c.transformerDim % inner != 0) throw mr::Error("not a SAM checkpoint: odd attention size");
    c.attentionDownsampleRate = int(c.transformerDim / inner);
    // Decoder heads are not in the shapes: config.json, else SAM's 8.
    if (config) c.applyJson(*config);
    return c;
}

}  // namespace mr::segment
