#include "engine/reason/qwen/weights.h"

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "engine/core/json.h"
#include "engine/nn/safetensors.h"

namespace fs = std::filesystem;

namespace mr::reason::qwen {

namespace {

const char* kIndexName = "model.safetensors.index.json";
const char* kSingleName = "model.safetensors";

struct Source {
    const mr::nn::SafeTensorsFile* file = nullptr;
    std::string stored;  // the name inside the file
};

// name -> shape, in the classic key layout.
std::vector<std::pair<std::string, std::vector<int64_t>>> expectedTensors(const ModelConfig& c) {
    std::vector<std::pair<std::string, std::vector<int64_t>>> e;
    const VisionConfig& v = c.vision;
    const TextConfig& t = c.text;
    e.push_back({"visual.patch_embed.proj.weight",
                 {v.hiddenSize, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize}});
    for (int64_t i = 0; i < v.depth; ++i) {
        const std::string p = "visual.blocks." + std::to_string(i) + ".";
        e.push_back({p + "norm1.weight", {v.hiddenSize}});
        e.push_back({p + "norm2.weight", {v.hiddenSize}});
        e.push_back({p + "attn.qkv.weight", {3 * v.hiddenSize, v.hiddenSize}});
        e.push_back({p + "attn.qkv.bias", {3 * v.hiddenSize}});
        e.push_back({p + "attn.proj.weight", {v.hiddenSize, v.hiddenSize}});
        e.push_back({p + "attn.proj.bias", {v.hiddenSize}});
        for (const char* n : {"gate_proj", "up_proj"}) {
            e.push_back({p + "mlp." + n + ".weight", {v.intermediateSize, v.hiddenSize}});
            e.push_back({p + "mlp." + n + ".bias", {v.intermediateSize}});
        }
        e.push_back({p + "mlp.down_proj.weight", {v.hiddenSize, v.intermediateSize}});
        e.push_back({p + "mlp.down_proj.bias", {v.hiddenSize}});
    }
    const int64_t mergedDim = v.hiddenSize * v.mergeUnit();
    e.push_back({"visual.merger.ln_q.weight", {v.hiddenSize}});
    e.push_back({"visual.merger.mlp.0.weight", {mergedDim, mergedDim}});
    e.push_back({"visual.merger.mlp.0.bias", {mergedDim}});
    e.push_back({"visual.merger.mlp.2.weight", {v.outHiddenSize, mergedDim}});
    e.push_back({"visual.merger.mlp.2.bias", {v.outHiddenSize}});

    const int64_t qDim = t.numHeads * t.headDim, kvDim = t.numKeyValueHeads * t.headDim;
    e.push_back({"model.embed_tokens.weight", {t.vocabSize, t.hiddenSize}});
    for (int64_t i = 0; i < t.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        e.push_back({p + "input_layernorm.weight", {t.hiddenSize}});
        e.push_back({p + "post_attention_layernorm.weight", {t.hiddenSize}});
        e.push_back({p + "self_attn.q_proj.weight", {qDim, t.hiddenSize}});
        e.push_back({p + "self_attn.q_proj.bias", {qDim}});
        e.push_back({p + "self_attn.k_proj.weight", {kvDim, t.hiddenSize}});
        e.push_back({p + "self_attn.k_proj.bias", {kvDim}});
        e.push_back({p + "self_attn.v_proj.weight", {kvDim, t.hiddenSize}});
        e.push_back({p + "self_attn.v_proj.bias", {kvDim}});
        e.push_back({p + "self_attn.o_proj.weight", {t.hiddenSize, qDim}});
        e.push_back({p + "mlp.gate_proj.weight", {t.intermediateSize, t.hiddenSize}});
        e.push_back({p + "mlp.up_proj.weight", {t.intermediateSize, t.hiddenSize}});
        e.push_back({p + "mlp.down_proj.weight", {t.hiddenSize, t.intermediateSize}});
    }
    e.push_back({"model.norm.weight", {t.hiddenSize}});
    if (!t.tieWordEmbeddings) e.push_back({"lm_head.weight", {t.vocabSize, t.hiddenSize}});
    return e;
}

std::string shapeText(const std::vector<int64_t>& s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

std::string listSome(const std::vector<std::string>& names) {
    std::string out;
    const size_t shown = std::min<size_t>(names.size(), 8);
    for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > shown) out += ", ... (" + std::to_string(names.size() - shown) + " more)";
    return out;
}

size_t elementBytes(at::ScalarType t) { return c10::elementSize(t); }

// Maps a stored name to the classic layout.
std::string canonicalName(const std::string& n, bool newer) {
    if (!newer) return n;
    if (n.rfind("model.visual.", 0) == 0) return n.substr(6);
    if (n.rfind("model.language_model.", 0) == 0) return "model." + n.substr(21);
    return n;
}

bool ignorable(const std::string& canonical, const ModelConfig& c) {
    // Non-persistent rotary buffers some exporters write, and an lm_head that tying replaces.
    auto endsWith = [&](const std::string& suffix) {
        return canonical.size() >= suffix.size() &&
               canonical.compare(canonical.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (endsWith("inv_freq")) return true;
    return c.text.tieWordEmbeddings && canonical == "lm_head.weight";
}

}  // namespace

std::vector<std::string> weightFiles(const std::string& folder) {
    const fs::path dir(folder);
    if (!fs::is_directory(dir)) throw ModelFilesError(folder + ": not a folder");
    const fs::path index = dir / kIndexName;
    if (fs::exists(index)) {
        json::Value root;
        try {
            root = json::parseFile(index.string());
        } catch (const mr::Error& e) {
            throw ModelFilesError(e.what());
        }
        const json::Value* map = root.find("weight_map");
        if (!map || !map->isObject() || map->size() == 0)
            throw ModelFilesError(index.string() + ": \"weight_map\" is missing or empty");
        std::set<std::string> seen;
        std::vector<std::string> files;
        for (const auto& [name, file] : map->items()) {
            if (!file.isString()) throw ModelFilesError(index.string() + ": the entry for " + name + " is not a file name");
            const std::string& f = file.asString();
            if (f.find('/') != std::string::npos || f.find('\\') != std::string::npos || f == ".." || f.empty())
                throw ModelFilesError(index.string() + ": shard name \"" + f + "\" is not a plain file name");
            if (seen.insert(f).second) {
                const fs::path p = dir / f;
                if (!fs::exists(p)) throw ModelFilesError(index.string() + " lists shard " + f + ", which is missing");
                files.push_back(p.string());
            }
        }
        return files;
    }
    const fs::path single = dir / kSingleName;
    if (fs::exists(single)) return {single.string()};
    throw ModelFilesError(folder + ": no weights (neither " + kSingleName + " nor " + kIndexName + ")");
}

uint64_t weightBytes(const std::string& folder, at::ScalarType dtype) {
    uint64_t total = 0;
    for (const std::string& path : weightFiles(folder)) {
        mr::nn::SafeTensorsFile f(path);
        for (const std::string& n : f.names()) {
            uint64_t numel = 1;
            for (int64_t d : f.info(n).shape) numel *= uint64_t(d);
            total += numel * elementBytes(dtype);
        }
    }
    return total;
}

QwenWeights loadWeights(const std::string& folder, const ModelConfig& config, const WeightLoadOptions& options) {
    const std::vector<std::string> paths = weightFiles(folder);
    std::vector<std::unique_ptr<mr::nn::SafeTensorsFile>> files;
    for (const std::string& p : paths) files.push_back(std::make_unique<mr::nn::SafeTensorsFile>(p));

    // A sharded checkpoint's index must agree with its shards.
    const fs::path index = fs::path(folder) / kIndexName;
    if (fs::exists(index)) {
        const json::Value root = json::parseFile(index.string());
        for (const auto& [name, file] : root.at("weight_map").items()) {
            const std::string path = (fs::path(folder) / file.asString()).string();
            for (const auto& f : files)
                if (f->path() == path && !f->contains(name))
                    throw ModelFilesError(index.string() + " places " + name + " in " + file.asString() +
                                          ", which does not hold it (mismatched or truncated shard set?)");
        }
    }

    bool newer = false;
    for (const auto& f : files)
        for (const std::string& n : f->names())
            if (n.rfind("model.language_model.", 0) == 0 || n.rfind("model.visual.", 0) == 0) newer = true;

    std::map<std::string, Source> available;
    for (const auto& f : files)
        for (const std::string& n : f->names()) {
            const std::string c = canonicalName(n, newer);
            if (available.count(c))
                throw ModelFilesError(folder + ": tensor " + n + " is stored twice (" + available[c].file->path() +
                                      " and " + f->path() + ")");
            available[c] = Source{f.get(), n};
        }

    const auto expected = expectedTensors(config);
    std::vector<std::string> missing, unexpected, badShape, badDtype;
    std::set<std::string> wanted;
    uint64_t totalBytes = 0;
    for (const auto& [name, shape] : expected) {
        wanted.insert(name);
        auto it = available.find(name);
        if (it == available.end()) {
            missing.push_back(newer && name.rfind("visual.", 0) == 0        ? "model." + name
                              : newer && name.rfind("model.", 0) == 0 ? "model.language_model." + name.substr(6)
                                                                       : name);
            continue;
        }
        const mr::nn::TensorInfo& info = it->second.file->info(it->second.stored);
        if (info.shape != shape)
            badShape.push_back(it->second.stored + " is " + shapeText(info.shape) + ", config.json implies " +
                               shapeText(shape));
        if (info.dtype != "F32" && info.dtype != "BF16" && info.dtype != "F16" && info.dtype != "F64")
            badDtype.push_back(it->second.stored + " (" + info.dtype + ")");
        totalBytes += info.end - info.begin;
    }
    for (const auto& [name, src] : available)
        if (!wanted.count(name) && !ignorable(name, config)) unexpected.push_back(src.stored);

    if (!missing.empty() || !unexpected.empty() || !badShape.empty() || !badDtype.empty()) {
        std::string msg = folder + ": the weights do not match config.json";
        if (!missing.empty()) msg += "; " + std::to_string(missing.size()) + " missing: " + listSome(missing);
        if (!unexpected.empty())
            msg += "; " + std::to_string(unexpected.size()) + " unexpected: " + listSome(unexpected);
        if (!badShape.empty()) msg += "; wrong shapes: " + listSome(badShape);
        if (!badDtype.empty()) msg += "; not floating point: " + listSome(badDtype);
        throw ModelFilesError(msg);
    }

    uint64_t doneBytes = 0;
    auto get = [&](const std::string& name) -> at::Tensor {
        options.cancel.check();
        const Source& s = available.at(name);
        torch::Tensor t = s.file->tensor(s.stored);
        doneBytes += uint64_t(t.numel()) * t.element_size();
        // On CPU in the file's dtype this stays a view of the mapping (no copy).
        at::Tensor out;
        try {
            out = t.to(options.device, options.dtype);
        } catch (const c10::Error& e) {
            throwTorchError(e, "cannot place " + s.stored + " on " + options.device.str() + " as " +
                                   std::string(c10::toString(options.dtype)));
        }
        if (options.progress && totalBytes > 0) options.progress(double(doneBytes) / double(totalBytes), "loading weights");
        return out;
    };
    auto linear = [&](const std::string& prefix, bool bias) {
        return Linear{get(prefix + ".weight"), bias ? get(prefix + ".bias") : at::Tensor()};
    };

    QwenWeights w;
    const VisionConfig& v = config.vision;
    w.vision.patchEmbed = get("visual.patch_embed.proj.weight").reshape({v.hiddenSize, v.patchDim()});
    for (int64_t i = 0; i < v.depth; ++i) {
        const std::string p = "visual.blocks." + std::to_string(i) + ".";
        VisionBlockWeights b;
        b.norm1 = get(p + "norm1.weight");
        b.norm2 = get(p + "norm2.weight");
        b.qkv = linear(p + "attn.qkv", true);
        b.proj = linear(p + "attn.proj", true);
        b.gate = linear(p + "mlp.gate_proj", true);
        b.up = linear(p + "mlp.up_proj", true);
        b.down = linear(p + "mlp.down_proj", true);
        w.vision.blocks.push_back(std::move(b));
    }
    w.vision.mergerNorm = get("visual.merger.ln_q.weight");
    w.vision.mergerFc1 = linear("visual.merger.mlp.0", true);
    w.vision.mergerFc2 = linear("visual.merger.mlp.2", true);

    const TextConfig& t = config.text;
    w.text.embedTokens = get("model.embed_tokens.weight");
    for (int64_t i = 0; i < t.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        DecoderLayerWeights l;
        l.inputNorm = get(p + "input_layernorm.weight");
        l.postAttentionNorm = get(p + "post_attention_layernorm.weight");
        l.q = linear(p + "self_attn.q_proj", true);
        l.k = linear(p + "self_attn.k_proj", true);
        l.v = linear(p + "self_attn.v_proj", true);
        l.o = linear(p + "self_attn.o_proj", false);
        l.gate = linear(p + "mlp.gate_proj", false);
        l.up = linear(p + "mlp.up_proj", false);
        l.down = linear(p + "mlp.down_proj", false);
        w.text.layers.push_back(std::move(l));
    }
    w.text.norm = get("model.norm.weight");
    w.text.lmHead = t.tieWordEmbeddings ? w.text.embedTokens : get("lm_head.weight");
    if (options.progress) options.progress(1.0, "weights loaded");
    return w;
}

}  // namespace mr::reason::qwen
