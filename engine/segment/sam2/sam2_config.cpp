#include "engine/segment/sam2/sam2_config.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <set>

#include "engine/core/error.h"
#include "engine/core/limits.h"

namespace mr::segment::sam2 {

namespace {

std::string list(const std::vector<int>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s + "]";
}

const std::vector<int64_t>& need(const ShapeMap& s, const std::string& key) {
    auto it = s.find(key);
    if (it == s.end()) throw mr::Error("not a SAM 2 checkpoint: " + key + " is missing");
    return it->second;
}

int dimOf(const ShapeMap& s, const std::string& key, size_t axis) {
    const auto& shape = need(s, key);
    if (axis >= shape.size()) throw mr::Error("not a SAM 2 checkpoint: " + key + " has too few dimensions");
    return int(shape[axis]);
}

// Number of consecutive indices i with "<prefix><i>." keys.
int countIndexed(const ShapeMap& s, const std::string& prefix) {
    std::set<int> seen;
    for (const auto& [k, v] : s) {
        if (k.compare(0, prefix.size(), prefix) != 0) continue;
        const size_t dot = k.find('.', prefix.size());
        const size_t len = dot == std::string::npos ? std::string::npos : dot - prefix.size();
        const std::string idx = k.substr(prefix.size(), len);
        const bool digits = std::all_of(idx.begin(), idx.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
        if (!idx.empty() && digits && idx.size() < 6) seen.insert(std::stoi(idx));
    }
    int n = 0;
    while (seen.count(n)) ++n;
    return n;
}

std::vector<int> intList(const mr::json::Value& v, const char* what) {
    if (!v.isArray()) throw mr::Error(std::string("SAM 2 config: ") + what + " must be a list of integers");
    std::vector<int> out;
    for (const auto& x : v.asArray()) {
        const int64_t n = x.asInt();
        if (n < -1 || n > mr::limits::kMaxModelDimension)
            throw mr::Error(std::string("SAM 2 config: ") + what + " holds " + std::to_string(n) + ", out of range");
        out.push_back(int(n));
    }
    return out;
}

// The official Hiera layouts (sam2.1_hiera_{t,s,b+,l}.yaml; MedSAM2's t512 uses the tiny one):
// what the shapes cannot tell.
struct HieraPreset {
    int embedDim;
    std::vector<int> stages;
    int numHeads;
    std::vector<int> globalAttBlocks, windowSpec;
};

const std::vector<HieraPreset>& presets() {
    static const std::vector<HieraPreset> p{
        {96, {1, 2, 7, 2}, 1, {5, 7, 9}, {8, 4, 14, 7}},       // tiny (MedSAM2)
        {96, {1, 2, 11, 2}, 1, {7, 10, 13}, {8, 4, 14, 7}},    // small
        {112, {2, 3, 16, 3}, 2, {12, 16, 20}, {8, 4, 14, 7}},  // base+
        {144, {2, 6, 36, 4}, 2, {23, 33, 43}, {8, 4, 16, 8}},  // large
    };
    return p;
}

void readHieraShapes(const ShapeMap& s, HieraConfig& h) {
    const std::string t = "image_encoder.trunk.";
    const auto& pw = need(s, t + "patch_embed.proj.weight");
    if (pw.size() != 4 || pw[1] != 3 || pw[2] != pw[3])
        throw mr::Error("not a SAM 2 checkpoint: odd patch_embed shape");
    h.embedDim = int(pw[0]);
    h.patchKernel = int(pw[2]);
    h.patchPadding = h.patchKernel / 2;
    const int depth = countIndexed(s, t + "blocks.");
    if (depth == 0) throw mr::Error("not a SAM 2 checkpoint: no image_encoder.trunk.blocks");
    h.stages.assign(1, 0);
    for (int i = 0; i < depth; ++i) {
        const auto& qkv = need(s, t + "blocks." + std::to_string(i) + ".attn.qkv.weight");
        if (qkv.size() != 2 || qkv[0] % 3 != 0) throw mr::Error("not a SAM 2 checkpoint: odd attn.qkv shape");
        if (i > 0 && qkv[0] / 3 != qkv[1]) {
            if (h.stages.size() == 1) h.dimMul = double(qkv[0] / 3) / double(qkv[1]);
            h.stages.push_back(0);
        }
        ++h.stages.back();
    }
    const auto& pe = need(s, t + "pos_embed");
    const auto& pew = need(s, t + "pos_embed_window");
    if (pe.size() != 4 || pew.size() != 4) throw mr::Error("not a SAM 2 checkpoint: odd pos_embed shapes");
    h.bkgSize = {int(pe[2]), int(pe[3])};
    h.windowSpec.assign(h.stages.size(), int(pew[2]));
    h.qPool = int(h.stages.size()) - 1;
    for (const HieraPreset& p : presets())
        if (p.embedDim == h.embedDim && p.stages == h.stages) {
            h.numHeads = p.numHeads;
            h.globalAttBlocks = p.globalAttBlocks;
            h.windowSpec = p.windowSpec;
        }
}

bool isPresetLayout(const HieraConfig& h) {
    return std::any_of(presets().begin(), presets().end(),
                       [&](const HieraPreset& p) { return p.embedDim == h.embedDim && p.stages == h.stages; });
}

void readHeadShapes(const ShapeMap& s, Sam2Config& c) {
    c.dModel = dimOf(s, "sam_prompt_encoder.no_mask_embed.weight", 1);
    c.maskInChans = dimOf(s, "sam_prompt_encoder.mask_downscaling.3.weight", 0);
    const std::string d = "sam_mask_decoder.";
    c.numMultimaskOutputs = dimOf(s, d + "mask_tokens.weight", 0) - 1;
    c.iouHeadDepth = countIndexed(s, d + "iou_prediction_head.layers.");
    c.iouHeadHiddenDim = dimOf(s, d + "iou_prediction_head.layers.0.weight", 0);
    c.decoderDepth = countIndexed(s, d + "transformer.layers.");
    c.decoderMlpDim = dimOf(s, d + "transformer.layers.0.mlp.layers.0.weight", 0);
    const int inner = dimOf(s, d + "transformer.final_attn_token_to_image.q_proj.weight", 0);
    if (inner <= 0 || c.dModel % inner != 0) throw mr::Error("not a SAM 2 checkpoint: odd decoder attention size");
    c.attentionDownsampleRate = c.dModel / inner;
    c.useHighResFeaturesInSam = s.count(d + "conv_s0.weight") != 0;
    c.predObjScores = s.count(d + "obj_score_token.weight") != 0;
    c.predObjScoresMlp = s.count(d + "pred_obj_score_head.layers.0.weight") != 0;
}

void readMemoryShapes(const ShapeMap& s, Sam2Config& c) {
    c.numMaskmem = dimOf(s, "maskmem_tpos_enc", 0);
    c.memDim = dimOf(s, "maskmem_tpos_enc", 3);
    c.memAttnLayers = countIndexed(s, "memory_attention.layers.");
    c.memAttnFfn = dimOf(s, "memory_attention.layers.0.linear1.weight", 0);
    const std::string m = "memory_encoder.mask_downsampler.encoder.";
    int convs = 0;  // encoder.0, .3, .6, ... are convs (LayerNorm2d and GELU between them)
    for (int i = 0; i < 3 * 16 && s.count(m + std::to_string(i) + ".weight"); i += 3) ++convs;
    c.maskDownsamplerLayers = convs - 1;
    if (c.maskDownsamplerLayers < 1) throw mr::Error("not a SAM 2 checkpoint: no memory_encoder.mask_downsampler");
    c.maskDownsamplerKernel = dimOf(s, m + "0.weight", 2);
    // total_stride 16 = stride ^ layers (MaskDownSampler); the yaml pads k3/s2 by 1.
    c.maskDownsamplerStride = int(std::lround(std::pow(16.0, 1.0 / c.maskDownsamplerLayers)));
    c.maskDownsamplerPadding = c.maskDownsamplerKernel == c.maskDownsamplerStride ? 0 : c.maskDownsamplerKernel / 2;
    c.fuserLayers = countIndexed(s, "memory_encoder.fuser.layers.");
    if (c.fuserLayers > 0) {
        c.fuserKernel = dimOf(s, "memory_encoder.fuser.layers.0.dwconv.weight", 2);
        c.fuserPadding = c.fuserKernel / 2;
    }
    c.noObjEmbedSpatial = s.count("no_obj_embed_spatial") != 0;
    c.useObjPtrsInEncoder = s.count("mask_downsample.weight") != 0;
    c.useMlpForObjPtrProj = s.count("obj_ptr_proj.layers.0.weight") != 0;
    c.projTposEncInObjPtrs = s.count("obj_ptr_tpos_proj.weight") != 0;
    // SAM 2.1 introduced the projected and the signed temporal encodings together.
    c.useSignedTposEncToObjPtrs = c.projTposEncInObjPtrs;
    c.fixedNoObjPtr = c.predObjScores && c.useObjPtrsInEncoder;
}

}  // namespace

std::vector<int> HieraConfig::stageEnds() const {
    std::vector<int> ends;
    int sum = 0;
    for (int n : stages) ends.push_back((sum += n) - 1);
    return ends;
}

int HieraConfig::depth() const { return std::accumulate(stages.begin(), stages.end(), 0); }

std::vector<HieraBlock> HieraConfig::blocks() const {
    const std::vector<int> ends = stageEnds();
    std::vector<int> poolBlocks;
    for (size_t i = 0; i + 1 < ends.size() && int(poolBlocks.size()) < qPool; ++i) poolBlocks.push_back(ends[i] + 1);
    std::vector<HieraBlock> out;
    int dim = embedDim, heads = numHeads, stage = 1;
    for (int i = 0; i < depth(); ++i) {
        HieraBlock b;
        b.dim = dim;
        b.dimOut = dim;
        b.windowSize = windowSpec.at(size_t(stage - 1));
        if (std::count(globalAttBlocks.begin(), globalAttBlocks.end(), i)) b.windowSize = 0;
        if (std::count(ends.begin(), ends.end(), i - 1)) {
            b.dimOut = int(dim * dimMul);
            heads = int(heads * headMul);
            ++stage;
        }
        b.heads = heads;
        b.qPool = std::count(poolBlocks.begin(), poolBlocks.end(), i) != 0;
        out.push_back(b);
        dim = b.dimOut;
    }
    return out;
}

std::vector<int> Sam2Config::channelList() const {
    const std::vector<HieraBlock> b = hiera.blocks();
    std::vector<int> ends = hiera.stageEnds(), out;
    for (auto it = ends.rbegin(); it != ends.rend(); ++it) out.push_back(b[size_t(*it)].dimOut);
    return out;
}

const mr::json::Value* findSam2ModelSection(const mr::json::Value& file) {
    auto isModel = [](const mr::json::Value& v) {
        const auto* ie = v.find("image_encoder");
        return ie && ie->isObject() && ie->contains("trunk");
    };
    if (!file.isObject()) return nullptr;
    if (isModel(file)) return &file;
    if (const auto* m = file.find("model"); m && isModel(*m)) return m;
    if (const auto* r = file.find("resolved"); r && r->isObject()) {
        if (const auto* ip = r->find("image_predictor_512"); ip && isModel(*ip)) return ip;
        for (const auto& [name, v] : r->items())
            if (isModel(v)) return &v;
    }
    return nullptr;
}

namespace {

// "image_encoder": the Hiera trunk and the FPN neck.
void applyImageEncoderJson(Sam2Config& c, const mr::json::Value& ie) {
    c.scalp = ie.get("scalp", c.scalp);
    if (const auto* t = ie.find("trunk")) {
        c.hiera.embedDim = t->get("embed_dim", c.hiera.embedDim);
        c.hiera.numHeads = t->get("num_heads", c.hiera.numHeads);
        if (const auto* v = t->find("stages")) c.hiera.stages = intList(*v, "trunk.stages");
        if (const auto* v = t->find("global_att_blocks"))
            c.hiera.globalAttBlocks = intList(*v, "trunk.global_att_blocks");
        if (const auto* v = t->find("window_spec")) c.hiera.windowSpec = intList(*v, "trunk.window_spec");
        if (const auto* v = t->find("window_pos_embed_bkg_spatial_size")) {
            auto b = intList(*v, "trunk.window_pos_embed_bkg_spatial_size");
            if (b.size() != 2) throw mr::Error("SAM 2 config: window_pos_embed_bkg_spatial_size needs 2 numbers");
            c.hiera.bkgSize = {b[0], b[1]};
        }
        c.hiera.qPool = t->get("q_pool", c.hiera.qPool);
        c.hiera.dimMul = t->get("dim_mul", c.hiera.dimMul);
        c.hiera.headMul = t->get("head_mul", c.hiera.headMul);
    }
    if (const auto* n = ie.find("neck")) {
        if (const auto* v = n->find("fpn_top_down_levels"))
            c.fpnTopDownLevels = intList(*v, "neck.fpn_top_down_levels");
        if (n->get("fpn_interp_model", "nearest") != std::string("nearest") ||
            n->get("fuse_type", "sum") != std::string("sum"))
            throw mr::Error("SAM 2 config: only the nearest / sum FPN of the released models is supported");
    }
}

// "memory_attention" and "memory_encoder".
void applyMemoryJson(Sam2Config& c, const mr::json::Value& m) {
    if (const auto* ma = m.find("memory_attention")) {
        c.memAttnLayers = ma->get("num_layers", c.memAttnLayers);
        if (const auto* l = ma->find("layer")) {
            if (const auto* sa = l->find("self_attention")) {
                c.memSelfHeads = sa->get("num_heads", c.memSelfHeads);
                c.ropeTheta = sa->get("rope_theta", c.ropeTheta);
            }
            if (const auto* ca = l->find("cross_attention")) c.memCrossHeads = ca->get("num_heads", c.memCrossHeads);
        }
    }
    if (const auto* me = m.find("memory_encoder")) {
        if (const auto* md = me->find("mask_downsampler")) {
            c.maskDownsamplerKernel = md->get("kernel_size", c.maskDownsamplerKernel);
            c.maskDownsamplerStride = md->get("stride", c.maskDownsamplerStride);
            c.maskDownsamplerPadding = md->get("padding", c.maskDownsamplerPadding);
        }
        if (const auto* f = me->find("fuser"); f && f->find("layer"))
            c.fuserPadding = f->at("layer").get("padding", c.fuserPadding);
    }
}

}  // namespace

void Sam2Config::applyModelJson(const mr::json::Value& m) {
    if (const auto* ie = m.find("image_encoder")) applyImageEncoderJson(*this, *ie);
    applyMemoryJson(*this, m);
    const std::pair<const char*, int*> ints[] = {{"num_maskmem", &numMaskmem},
                                                 {"image_size", &imageSize},
                                                 {"backbone_stride", &backboneStride},
                                                 {"multimask_min_pt_num", &multimaskMinPtNum},
                                                 {"multimask_max_pt_num", &multimaskMaxPtNum},
                                                 {"max_obj_ptrs_in_encoder", &maxObjPtrsInEncoder},
                                                 {"memory_temporal_stride_for_eval", &memoryTemporalStrideForEval},
                                                 {"max_cond_frames_in_attn", &maxCondFramesInAttn}};
    for (const auto& [key, dst] : ints) *dst = m.get(key, *dst);
    sigmoidScaleForMemEnc = m.get("sigmoid_scale_for_mem_enc", sigmoidScaleForMemEnc);
    sigmoidBiasForMemEnc = m.get("sigmoid_bias_for_mem_enc", sigmoidBiasForMemEnc);
    const std::pair<const char*, bool*> flags[] = {
        {"use_mask_input_as_output_without_sam", &useMaskInputAsOutputWithoutSam},
        {"directly_add_no_mem_embed", &directlyAddNoMemEmbed},
        {"no_obj_embed_spatial", &noObjEmbedSpatial},
        {"use_high_res_features_in_sam", &useHighResFeaturesInSam},
        {"multimask_output_in_sam", &multimaskOutputInSam},
        {"iou_prediction_use_sigmoid", &iouPredictionUseSigmoid},
        {"use_obj_ptrs_in_encoder", &useObjPtrsInEncoder},
        {"add_tpos_enc_to_obj_ptrs", &addTposEncToObjPtrs},
        {"proj_tpos_enc_in_obj_ptrs", &projTposEncInObjPtrs},
        {"use_signed_tpos_enc_to_obj_ptrs", &useSignedTposEncToObjPtrs},
        {"only_obj_ptrs_in_the_past_for_eval", &onlyObjPtrsInThePastForEval},
        {"pred_obj_scores", &predObjScores},
        {"pred_obj_scores_mlp", &predObjScoresMlp},
        {"fixed_no_obj_ptr", &fixedNoObjPtr},
        {"soft_no_obj_ptr", &softNoObjPtr},
        {"multimask_output_for_tracking", &multimaskOutputForTracking},
        {"use_multimask_token_for_obj_ptr", &useMultimaskTokenForObjPtr},
        {"use_mlp_for_obj_ptr_proj", &useMlpForObjPtrProj}};
    for (const auto& [key, dst] : flags) *dst = m.get(key, *dst);
    if (const auto* x = m.find("sam_mask_decoder_extra_args"); x && x->isObject()) {
        dynamicMultimaskViaStability = x->get("dynamic_multimask_via_stability", dynamicMultimaskViaStability);
        stabilityDelta = x->get("dynamic_multimask_stability_delta", stabilityDelta);
        stabilityThresh = x->get("dynamic_multimask_stability_thresh", stabilityThresh);
    }
}

// Every number a file can set, bounded before any of it sizes a loop, a division or an allocation
// (engine/core/limits.h): a hostile config is an error, not a SIGFPE or gigabytes of blocks.
void Sam2Config::checkRanges() const {
    const HieraConfig& h = hiera;
    auto fail = [](const std::string& why) { throw mr::Error("SAM 2 config: " + why); };
    auto within = [&](const char* what, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi))
            fail(std::string(what) + " " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " +
                 std::to_string(hi) + "]");
    };
    const double maxDim = double(mr::limits::kMaxModelDimension), maxLayers = double(mr::limits::kMaxLayers);
    int64_t depth = 0;
    for (int n : h.stages) {
        within("a stage's block count", n, 1, maxLayers);
        depth += n;
    }
    within("the trunk depth", double(depth), 1, maxLayers);
    for (int w : h.windowSpec) within("window_spec", w, 0, 4096);
    for (int b : h.globalAttBlocks) within("global_att_blocks", b, 0, maxLayers);
    for (int b : h.bkgSize) within("window_pos_embed_bkg_spatial_size", b, 1, 4096);
    within("embed_dim", h.embedDim, 1, maxDim);
    within("num_heads", h.numHeads, 1, maxDim);
    within("dim_mul", h.dimMul, 1, 4);
    within("head_mul", h.headMul, 1, 4);
    within("mlp_ratio", h.mlpRatio, 0.25, 64);
    within("the widest stage", h.embedDim * std::pow(h.dimMul, double(h.stages.size())), 1, maxDim);
    within("q_stride", h.qStride, 1, 16);
    within("patch stride", h.patchStride, 1, double(mr::limits::kMaxPatchSize));
    within("patch kernel", h.patchKernel, 1, double(mr::limits::kMaxPatchSize));
    within("backbone_stride", backboneStride, 1, double(mr::limits::kMaxPatchSize));
    within("d_model", dModel, 1, maxDim);
    within("the decoder heads", decoderHeads, 1, maxDim);
    within("the decoder depth", decoderDepth, 1, maxLayers);
    within("the decoder MLP width", decoderMlpDim, 1, maxDim);
    within("attention_downsample_rate", attentionDownsampleRate, 1, maxDim);
    within("the multimask outputs", numMultimaskOutputs, 1, 64);
    within("the IoU head depth", iouHeadDepth, 1, 64);
    within("the IoU head width", iouHeadHiddenDim, 1, maxDim);
    within("the mask input channels", maskInChans, 1, maxDim);
    within("the memory attention layers", memAttnLayers, 1, maxLayers);
    within("the memory attention MLP width", memAttnFfn, 1, maxDim);
    within("the mask downsampler layers", maskDownsamplerLayers, 1, 16);
    within("the mask downsampler stride", maskDownsamplerStride, 1, 16);
    within("the mask downsampler kernel", maskDownsamplerKernel, 1, 64);
    within("the fuser layers", fuserLayers, 1, maxLayers);
    within("the fuser kernel", fuserKernel, 1, 64);
}

void Sam2Config::validate() const {
    checkRanges();
    const HieraConfig& h = hiera;
    auto fail = [](const std::string& why) { throw mr::Error("SAM 2 config: " + why); };
    if (h.stages.empty() || h.windowSpec.size() != h.stages.size())
        fail("window_spec " + list(h.windowSpec) + " needs one size per stage " + list(h.stages));
    if (imageSize < 64 || imageSize > 4096 || imageSize % (backboneStride * 2) != 0)
        fail("image size " + std::to_string(imageSize) + " must be a multiple of " +
             std::to_string(backboneStride * 2));
    if ((imageSize / h.patchStride) % h.windowSpec[0] != 0)
        fail("image size " + std::to_string(imageSize) + " does not tile the " + std::to_string(h.windowSpec[0]) + "x" +
             std::to_string(h.windowSpec[0]) + " window position embedding");
    if (h.stages.size() != 4 || h.qPool != 3 || h.qStride != 2 || h.patchStride * 4 != backboneStride)
        fail("only four-stage Hiera trunks pooled by 2 at each stage (stride 4, 8, 16, 32) are supported");
    for (const HieraBlock& b : h.blocks()) {
        if (b.heads <= 0 || b.dimOut % b.heads != 0) fail("num_heads does not divide the block width");
        if (b.qPool && b.windowSize > 0 && b.windowSize % h.qStride != 0) fail("a pooled window must be even");
    }
    if (scalp < 0 || scalp >= int(h.stages.size())) fail("scalp " + std::to_string(scalp) + " out of range");
    if (int(h.stages.size()) - scalp != 3 && useHighResFeaturesInSam) fail("high-resolution features need 3 levels");
    if (dModel % decoderHeads != 0 || (dModel / attentionDownsampleRate) % decoderHeads != 0) fail("decoder heads");
    if (memSelfHeads <= 0 || memCrossHeads <= 0 || dModel % memSelfHeads != 0 || dModel % memCrossHeads != 0 ||
        (dModel / memSelfHeads) % 4 != 0)
        fail("memory attention heads must divide d_model into multiples of 4 (2-D RoPE)");
    if (numMaskmem < 1 || numMaskmem > 64) fail("num_maskmem " + std::to_string(numMaskmem) + " out of range");
    if (memDim <= 0 || dModel % memDim != 0) fail("the memory width must divide d_model (object-pointer tokens)");
    if (memoryTemporalStrideForEval < 1) fail("memory_temporal_stride_for_eval must be >= 1");
    if (maxObjPtrsInEncoder < 1) fail("max_obj_ptrs_in_encoder must be >= 1");
}

Sam2Config Sam2Config::fromShapes(const ShapeMap& s, const mr::json::Value* config) {
    Sam2Config c;
    readHieraShapes(s, c.hiera);
    const HieraConfig fromWeights = c.hiera;
    readHeadShapes(s, c);
    readMemoryShapes(s, c);
    if (!config && !isPresetLayout(c.hiera))
        throw mr::Error("SAM 2 weights with a Hiera layout that is not an official one (embed " +
                        std::to_string(c.hiera.embedDim) + ", stages " + list(c.hiera.stages) +
                        "): put the model's config (a JSON copy of the yaml's model section) beside them as "
                        "<weights>.json or config.json");
    if (config) c.applyModelJson(*config);
    if (c.hiera.embedDim != fromWeights.embedDim || c.hiera.stages != fromWeights.stages)
        throw mr::Error("SAM 2 config does not match the weights: config embed_dim " +
                        std::to_string(c.hiera.embedDim) + ", stages " + list(c.hiera.stages) + "; weights " +
                        std::to_string(fromWeights.embedDim) + ", " + list(fromWeights.stages));
    if (c.hiera.windowSpec.empty() || c.hiera.windowSpec[0] != fromWeights.windowSpec[0])
        throw mr::Error("SAM 2 config does not match the weights: window_spec " + list(c.hiera.windowSpec) +
                        " but pos_embed_window is " + std::to_string(fromWeights.windowSpec[0]) + " wide");
    if (c.hiera.bkgSize != fromWeights.bkgSize)
        throw mr::Error("SAM 2 config does not match the weights: window_pos_embed_bkg_spatial_size");
    const std::vector<int> channels = c.channelList();
    for (size_t i = 0; i < channels.size(); ++i) {
        const std::string key = "image_encoder.neck.convs." + std::to_string(i) + ".conv.weight";
        if (dimOf(s, key, 1) != channels[i] || dimOf(s, key, 0) != c.dModel)
            throw mr::Error("not a SAM 2 checkpoint: " + key + " does not fit the trunk");
    }
    c.validate();
    return c;
}

}  // namespace mr::segment::sam2
