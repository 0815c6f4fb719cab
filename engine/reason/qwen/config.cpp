#include "engine/reason/qwen/config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "engine/core/json.h"
#include "engine/core/limits.h"

namespace mr::reason::qwen {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& why) { throw ConfigError(source + ": " + why); }

constexpr int64_t kDim = mr::limits::kMaxModelDimension;
constexpr int64_t kTokenIds = int64_t(INT32_MAX);  // the tokenizer's ids are 32-bit

// A positive integer that must be present, at most `max` (a size of the architecture by default).
int64_t required(const json::Value& obj, const char* key, const std::string& source, const std::string& where,
                 int64_t max = kDim) {
    const json::Value* v = obj.find(key);
    if (!v || v->isNull()) fail(source, where + "\"" + key + "\" is missing");
    if (!v->isInteger() || v->asInt() <= 0) fail(source, where + "\"" + key + "\" must be a positive integer");
    if (v->asInt() > max)
        fail(source, where + "\"" + key + "\" is " + std::to_string(v->asInt()) + "; at most " + std::to_string(max) +
                         " is supported");
    return v->asInt();
}

// An integer, when present within [lo, hi].
int64_t optionalInt(const json::Value& obj, const char* key, int64_t fallback, const std::string& source,
                    const std::string& where, int64_t lo = -kTokenIds, int64_t hi = kTokenIds) {
    const json::Value* v = obj.find(key);
    if (!v || v->isNull()) return fallback;
    if (!v->isInteger()) fail(source, where + "\"" + key + "\" must be an integer");
    if (v->asInt() < lo || v->asInt() > hi)
        fail(source, where + "\"" + key + "\" is " + std::to_string(v->asInt()) + "; it must be between " +
                         std::to_string(lo) + " and " + std::to_string(hi));
    return v->asInt();
}

double optionalDouble(const json::Value& obj, const char* key, double fallback, const std::string& source,
                      const std::string& where) {
    const json::Value* v = obj.find(key);
    if (!v || v->isNull()) return fallback;
    if (!v->isNumber() || !std::isfinite(v->asDouble())) fail(source, where + "\"" + key + "\" must be a number");
    return v->asDouble();
}

// An integer or a list of integers (eos_token_id is written either way).
std::vector<int64_t> intList(const json::Value* v, const std::string& source, const std::string& key) {
    std::vector<int64_t> out;
    if (!v || v->isNull()) return out;
    if (!v->isInteger() && !v->isArray()) fail(source, "\"" + key + "\" must be an integer or a list of integers");
    for (const auto& e : v->isArray() ? v->asArray() : json::Array{*v}) {
        if (!e.isInteger() || e.asInt() < -kTokenIds || e.asInt() > kTokenIds)
            fail(source, "\"" + key + "\" must hold integers of at most 32 bits");
        out.push_back(e.asInt());
    }
    return out;
}

// The largest weights the sizes imply stay within the tensor limit (each product overflow-checked).
void checkTensorSizes(const ModelConfig& c, const std::string& source) {
    const TextConfig& t = c.text;
    const VisionConfig& v = c.vision;
    const std::pair<const char*, std::vector<int64_t>> weights[] = {
        {"the token embedding (vocab_size x hidden_size)", {t.vocabSize, t.hiddenSize}},
        {"an MLP weight (intermediate_size x hidden_size)", {t.intermediateSize, t.hiddenSize}},
        {"an attention weight (heads x head size x hidden_size)", {t.numHeads, t.headDim, t.hiddenSize}},
        {"the vision patch embedding", {v.hiddenSize, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize}},
        {"a vision MLP weight", {v.intermediateSize, v.hiddenSize}},
        {"the vision merger",
         {v.hiddenSize, v.spatialMergeSize, v.spatialMergeSize, v.hiddenSize, v.spatialMergeSize, v.spatialMergeSize}},
    };
    for (const auto& [what, shape] : weights) {
        try {
            mr::limits::elementCount(shape, what);
        } catch (const mr::LimitError& e) {
            fail(source, e.what());
        }
    }
}

// The language model's settings ("text" is config.json's top level or its "text_config").
TextConfig readText(const json::Value& text, const std::string& source) {
    const std::string tw = "";
    TextConfig t;
    t.vocabSize = required(text, "vocab_size", source, tw);
    t.hiddenSize = required(text, "hidden_size", source, tw);
    t.intermediateSize = required(text, "intermediate_size", source, tw);
    t.numLayers = required(text, "num_hidden_layers", source, tw, mr::limits::kMaxLayers);
    t.numHeads = required(text, "num_attention_heads", source, tw);
    t.numKeyValueHeads = optionalInt(text, "num_key_value_heads", t.numHeads, source, tw, 1, kDim);
    t.rmsNormEps = optionalDouble(text, "rms_norm_eps", 1e-6, source, tw);
    t.ropeTheta = optionalDouble(text, "rope_theta", 1000000.0, source, tw);
    t.maxPositionEmbeddings = optionalInt(text, "max_position_embeddings", 128000, source, tw, 1, kTokenIds);
    t.tieWordEmbeddings = text.get("tie_word_embeddings", false);
    t.hiddenAct = text.get("hidden_act", "silu");
    if (t.hiddenSize % t.numHeads != 0) fail(source, "hidden_size is not a multiple of num_attention_heads");
    if (t.numKeyValueHeads <= 0 || t.numHeads % t.numKeyValueHeads != 0)
        fail(source, "num_attention_heads is not a multiple of num_key_value_heads");
    t.headDim = t.hiddenSize / t.numHeads;
    if (t.headDim % 2 != 0) fail(source, "the attention head size must be even for rotary embeddings");
    const json::Value* rs = text.find("rope_scaling");
    if (!rs || !rs->isObject() || !rs->contains("mrope_section"))
        fail(source, "rope_scaling.mrope_section is missing (Qwen2.5-VL uses multimodal rotary embeddings)");
    t.mropeSection = intList(rs->find("mrope_section"), source, "rope_scaling.mrope_section");
    if (t.mropeSection.size() != 3) fail(source, "rope_scaling.mrope_section must have 3 entries (t, h, w)");
    for (int64_t s : t.mropeSection)
        if (s < 0 || s > kDim)
            fail(source, "rope_scaling.mrope_section entries must be between 0 and " + std::to_string(kDim));
    if (2 * std::accumulate(t.mropeSection.begin(), t.mropeSection.end(), int64_t(0)) != t.headDim)
        fail(source,
             "rope_scaling.mrope_section must sum to half the head size (" + std::to_string(t.headDim / 2) + ")");
    return t;
}

VisionConfig readVision(const json::Value& root, const std::string& source) {
    const json::Value* vc = root.find("vision_config");
    if (!vc || !vc->isObject()) fail(source, "\"vision_config\" is missing");
    const std::string vw = "vision_config.";
    VisionConfig v;
    v.depth = required(*vc, "depth", source, vw, mr::limits::kMaxLayers);
    v.hiddenSize = required(*vc, "hidden_size", source, vw);
    v.numHeads = required(*vc, "num_heads", source, vw);
    v.intermediateSize = required(*vc, "intermediate_size", source, vw);
    v.outHiddenSize = required(*vc, "out_hidden_size", source, vw);
    // Sizes: positive and small enough that no product of them below can overflow.
    auto size = [&](const char* key, int64_t fallback) { return optionalInt(*vc, key, fallback, source, vw, 1, kDim); };
    v.inChannels = size("in_channels", size("in_chans", 3));
    v.patchSize = size("patch_size", size("spatial_patch_size", 14));
    v.temporalPatchSize = size("temporal_patch_size", 2);
    v.spatialMergeSize = size("spatial_merge_size", 2);
    v.windowSize = size("window_size", 112);
    v.tokensPerSecond = optionalInt(*vc, "tokens_per_second", 4, source, vw, 0, kDim);
    v.hiddenAct = vc->get("hidden_act", "silu");
    if (const json::Value* f = vc->find("fullatt_block_indexes"))
        v.fullAttBlockIndexes = intList(f, source, vw + "fullatt_block_indexes");
    else v.fullAttBlockIndexes = {7, 15, 23, 31};
    if (v.hiddenSize % v.numHeads != 0) fail(source, "vision_config.hidden_size is not a multiple of num_heads");
    if (v.headDim() % 4 != 0)
        fail(source, "the vision head size must be a multiple of 4 (2D rotary embedding over height and width)");
    if (v.windowSize % (v.spatialMergeSize * v.patchSize) != 0)
        fail(source, "vision_config.window_size must be a multiple of spatial_merge_size * patch_size");
    return v;
}

}  // namespace

bool VisionConfig::isFullAttention(int64_t block) const {
    return std::find(fullAttBlockIndexes.begin(), fullAttBlockIndexes.end(), block) != fullAttBlockIndexes.end();
}

ModelConfig ModelConfig::fromJson(const json::Value& root, const std::string& source) {
    if (!root.isObject()) fail(source, "not a JSON object");
    ModelConfig c;
    try {
        c.modelType = root.get("model_type", "");
        if (!c.modelType.empty() && c.modelType != "qwen2_5_vl")
            fail(source, "model_type is \"" + c.modelType + "\"; this reasoner runs Qwen2.5-VL (qwen2_5_vl) models");
        c.torchDtype = root.get("torch_dtype", "");

        // Released checkpoints keep the text settings at the top level; newer saves nest them in
        // "text_config". Read the nested object first and fall back to the top level per key.
        json::Value text = root;
        if (const json::Value* tc = root.find("text_config"); tc && tc->isObject()) {
            text = *tc;
            for (const auto& [k, v] : root.items())
                if (!text.contains(k) && k != "vision_config" && k != "text_config") text.set(k, v);
        }
        c.text = readText(text, source);
        const TextConfig& t = c.text;
        c.imageTokenId = optionalInt(root, "image_token_id", 151655, source, "");
        c.videoTokenId = optionalInt(root, "video_token_id", 151656, source, "");
        c.visionStartTokenId = optionalInt(root, "vision_start_token_id", 151652, source, "");
        c.visionEndTokenId = optionalInt(root, "vision_end_token_id", 151653, source, "");
        c.bosTokenId = optionalInt(text, "bos_token_id", -1, source, "");
        c.eosTokenIds = intList(text.find("eos_token_id"), source, "eos_token_id");

        c.vision = readVision(root, source);
        const VisionConfig& v = c.vision;
        checkTensorSizes(c, source);
        if (v.outHiddenSize != t.hiddenSize)
            fail(source, "vision_config.out_hidden_size (" + std::to_string(v.outHiddenSize) +
                             ") differs from the language model's hidden_size (" + std::to_string(t.hiddenSize) + ")");
    } catch (const json::ParseError& e) {
        fail(source, e.what());
    }
    return c;
}

ModelConfig ModelConfig::load(const std::string& folder) {
    const std::string path = (std::filesystem::path(folder) / "config.json").string();
    if (!std::filesystem::exists(path)) throw ConfigError(path + ": not found (is this a Hugging Face model folder?)");
    json::Value root;
    try {
        root = json::parseFile(path);
    } catch (const mr::Error& e) {
        throw ConfigError(e.what());
    }
    return fromJson(root, path);
}

GenerationConfig GenerationConfig::fromJson(const json::Value& root, const std::string& source) {
    if (!root.isObject()) fail(source, "not a JSON object");
    GenerationConfig g;
    try {
        g.doSample = root.get("do_sample", false);
        g.temperature = optionalDouble(root, "temperature", 1.0, source, "");
        g.topK = optionalInt(root, "top_k", 50, source, "", 0, kTokenIds);
        g.topP = optionalDouble(root, "top_p", 1.0, source, "");
        g.repetitionPenalty = optionalDouble(root, "repetition_penalty", 1.0, source, "");
        g.maxNewTokens = optionalInt(root, "max_new_tokens", 512, source, "", 0, kTokenIds);
        g.eosTokenIds = intList(root.find("eos_token_id"), source, "eos_token_id");
        g.padTokenId = optionalInt(root, "pad_token_id", -1, source, "");
    } catch (const json::ParseError& e) {
        fail(source, e.what());
    }
    // Like the original, sampling settings are checked when used (Sampler), so a folder whose
    // unused temperature is 0 still loads; a penalty is always applied, so it is checked here.
    if (g.repetitionPenalty <= 0) fail(source, "repetition_penalty must be positive");
    return g;
}

GenerationConfig GenerationConfig::load(const std::string& folder, const std::vector<int64_t>& fallbackEos) {
    const std::string path = (std::filesystem::path(folder) / "generation_config.json").string();
    if (!std::filesystem::exists(path)) {
        GenerationConfig g;
        g.eosTokenIds = fallbackEos;
        return g;
    }
    json::Value root;
    try {
        root = json::parseFile(path);
    } catch (const mr::Error& e) {
        throw ConfigError(e.what());
    }
    GenerationConfig g = fromJson(root, path);
    if (g.eosTokenIds.empty()) g.eosTokenIds = fallbackEos;
    return g;
}

}  // namespace mr::reason::qwen
