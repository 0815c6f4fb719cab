#include "engine/reason/qwen/weights.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "engine/core/json.h"
#include "engine/nn/int8_linear.h"
#include "engine/nn/safetensors_source.h"
#include "engine/nn/weight_table.h"
#include "engine/reason/qwen/int8_cache.h"

namespace fs = std::filesystem;

namespace mr::reason::qwen {

namespace {

const char* kIndexName = "model.safetensors.index.json";
const char* kSingleName = "model.safetensors";

// The tensor-name table of Qwen2.5-VL (classic key layout) bound to one QwenWeights, plus the
// linear layers int8 applies to.
struct Binding {
    mr::nn::WeightTable table;
    std::map<std::string, Linear*> quantizable;  // weight name -> its layer
    std::map<std::string, std::vector<int64_t>> quantizableShapes;
};

void addLinear(Binding& b, const std::string& prefix, Linear& l, int64_t out, int64_t in, bool bias, bool quantizable) {
    b.table.add(prefix + ".weight", {out, in}, &l.weight);
    if (bias) b.table.add(prefix + ".bias", {out}, &l.bias);
    if (quantizable) {
        b.quantizable[prefix + ".weight"] = &l;
        b.quantizableShapes[prefix + ".weight"] = {out, in};
    }
}

void addVision(Binding& b, const VisionConfig& v, VisionWeights& w) {
    b.table.add("visual.patch_embed.proj.weight",
                {v.hiddenSize, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize}, &w.patchEmbed);
    w.blocks.resize(size_t(v.depth));
    const int64_t H = v.hiddenSize, I = v.intermediateSize;
    for (int64_t i = 0; i < v.depth; ++i) {
        const std::string p = "visual.blocks." + std::to_string(i) + ".";
        VisionBlockWeights& k = w.blocks[size_t(i)];
        b.table.add(p + "norm1.weight", {H}, &k.norm1);
        b.table.add(p + "norm2.weight", {H}, &k.norm2);
        addLinear(b, p + "attn.qkv", k.qkv, 3 * H, H, true, true);
        addLinear(b, p + "attn.proj", k.proj, H, H, true, true);
        addLinear(b, p + "mlp.gate_proj", k.gate, I, H, true, true);
        addLinear(b, p + "mlp.up_proj", k.up, I, H, true, true);
        addLinear(b, p + "mlp.down_proj", k.down, H, I, true, true);
    }
    const int64_t merged = H * v.mergeUnit();
    b.table.add("visual.merger.ln_q.weight", {H}, &w.mergerNorm);
    addLinear(b, "visual.merger.mlp.0", w.mergerFc1, merged, merged, true, true);
    addLinear(b, "visual.merger.mlp.2", w.mergerFc2, v.outHiddenSize, merged, true, true);
}

void addText(Binding& b, const TextConfig& t, TextWeights& w) {
    const int64_t H = t.hiddenSize, I = t.intermediateSize;
    const int64_t qDim = t.numHeads * t.headDim, kvDim = t.numKeyValueHeads * t.headDim;
    b.table.add("model.embed_tokens.weight", {t.vocabSize, H}, &w.embedTokens);
    w.layers.resize(size_t(t.numLayers));
    for (int64_t i = 0; i < t.numLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        DecoderLayerWeights& l = w.layers[size_t(i)];
        b.table.add(p + "input_layernorm.weight", {H}, &l.inputNorm);
        b.table.add(p + "post_attention_layernorm.weight", {H}, &l.postAttentionNorm);
        addLinear(b, p + "self_attn.q_proj", l.q, qDim, H, true, true);
        addLinear(b, p + "self_attn.k_proj", l.k, kvDim, H, true, true);
        addLinear(b, p + "self_attn.v_proj", l.v, kvDim, H, true, true);
        addLinear(b, p + "self_attn.o_proj", l.o, H, qDim, false, true);
        addLinear(b, p + "mlp.gate_proj", l.gate, I, H, false, true);
        addLinear(b, p + "mlp.up_proj", l.up, I, H, false, true);
        addLinear(b, p + "mlp.down_proj", l.down, H, I, false, true);
    }
    b.table.add("model.norm.weight", {H}, &w.norm);
    // Tied: the output projection is the embedding, which stays unquantized.
    if (!t.tieWordEmbeddings) addLinear(b, "lm_head", w.lmHead, t.vocabSize, H, false, true);
}

Binding bindingFor(const ModelConfig& c, QwenWeights& w) {
    Binding b;
    addVision(b, c.vision, w.vision);
    addText(b, c.text, w.text);
    b.table.ignoreSuffix("inv_freq");  // non-persistent rotary buffers some exporters write
    if (c.text.tieWordEmbeddings) b.table.ignore("lm_head.weight");
    return b;
}

// The newer layout's stored names, mapped onto the classic ones, and back (for messages).
std::string classicName(const std::string& n) {
    if (n.rfind("model.visual.", 0) == 0) return n.substr(6);
    if (n.rfind("model.language_model.", 0) == 0) return "model." + n.substr(21);
    return n;
}
std::string newerName(const std::string& n) {
    if (n.rfind("visual.", 0) == 0) return "model." + n;
    if (n.rfind("model.", 0) == 0) return "model.language_model." + n.substr(6);
    return n;
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

// A sharded checkpoint's index must agree with its shards.
void checkIndex(const std::string& folder, const mr::nn::SafeTensorsSource& source) {
    const fs::path index = fs::path(folder) / kIndexName;
    if (!fs::exists(index)) return;
    const json::Value root = json::parseFile(index.string());
    for (const auto& [name, file] : root.at("weight_map").items()) {
        const std::string path = (fs::path(folder) / file.asString()).string();
        for (const auto& f : source.files())
            if (f->path() == path && !f->contains(name))
                throw ModelFilesError(index.string() + " places " + name + " in " + file.asString() +
                                      ", which does not hold it (mismatched or truncated shard set?)");
    }
}

// Names, shapes and dtypes against config.json, all problems in one message.
void checkAgainstConfig(const std::string& folder, const Binding& b, const mr::nn::SafeTensorsSource& source,
                        bool newer) {
    const mr::nn::WeightDifferences d = b.table.compare(source);
    std::vector<std::string> missing, unexpected, badShape, badDtype;
    for (const std::string& n : d.missing) missing.push_back(newer ? newerName(n) : n);
    for (const std::string& n : d.unexpected) unexpected.push_back(source.storedName(n));
    for (const auto& m : d.misshapen)
        badShape.push_back(source.storedName(m.name) + " is " + shapeText(m.file) + ", config.json implies " +
                           shapeText(m.expected));
    for (const std::string& n : b.table.names())
        if (source.contains(n) && !at::isFloatingType(source.dtype(n)))
            badDtype.push_back(source.storedName(n) + " (" + source.fileOf(n).info(source.storedName(n)).dtype + ")");
    if (missing.empty() && unexpected.empty() && badShape.empty() && badDtype.empty()) return;
    std::string msg = folder + ": the weights do not match config.json";
    if (!missing.empty()) msg += "; " + std::to_string(missing.size()) + " missing: " + listSome(missing);
    if (!unexpected.empty()) msg += "; " + std::to_string(unexpected.size()) + " unexpected: " + listSome(unexpected);
    if (!badShape.empty()) msg += "; wrong shapes: " + listSome(badShape);
    if (!badDtype.empty()) msg += "; not floating point: " + listSome(badDtype);
    throw ModelFilesError(msg);
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
            if (!file.isString())
                throw ModelFilesError(index.string() + ": the entry for " + name + " is not a file name");
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
            total += numel * c10::elementSize(dtype);
        }
    }
    return total;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> checkpointLayout(const ModelConfig& config) {
    QwenWeights w;
    const Binding b = bindingFor(config, w);
    const auto shapes = b.table.shapes();
    std::vector<std::pair<std::string, std::vector<int64_t>>> out;
    for (const std::string& n : b.table.names()) out.emplace_back(n, shapes.at(n));
    return out;
}

struct WeightLoader::Impl {
    std::string folder;
    ModelConfig config;
    WeightLoadOptions options;
    std::vector<std::string> files;
    std::unique_ptr<mr::nn::SafeTensorsSource> source;
    std::unique_ptr<mr::nn::SafeTensorsFile> cache;  // int8 weights read from the cache
    std::string cacheNote;
    WeightMemory memory;

    bool quantized(const Binding& b, const std::string& name) const {
        return options.int8 && b.quantizable.count(name) != 0;
    }
    void plan(const Binding& b);
    at::Tensor convert(const Binding& b, const std::string& name, const at::Tensor& t,
                       std::map<std::string, mr::nn::Int8Weight>& fresh);
};

void WeightLoader::Impl::plan(const Binding& b) {
    const auto shapes = b.table.shapes();
    for (const std::string& n : b.table.names()) {
        if (!source->contains(n)) continue;
        uint64_t numel = 1;
        for (int64_t d : shapes.at(n)) numel *= uint64_t(d);
        if (quantized(b, n)) {
            (cache ? memory.mappedBytes : memory.privateBytes) += numel + 4 * uint64_t(shapes.at(n).at(0));
        } else if (options.device.is_cpu() && source->dtype(n) == options.dtype) {
            memory.mappedBytes += source->bytes(n);
        } else {
            memory.privateBytes += numel * c10::elementSize(options.dtype);
        }
    }
}

at::Tensor WeightLoader::Impl::convert(const Binding& b, const std::string& name, const at::Tensor& t,
                                       std::map<std::string, mr::nn::Int8Weight>& fresh) {
    if (quantized(b, name)) {
        Linear& l = *b.quantizable.at(name);
        if (cache) {
            cache->populatePages(name);
            l.scale = cache->tensor(name + ".scale");
            return cache->tensor(name);
        }
        mr::nn::Int8Weight q = mr::nn::quantizeInt8PerChannel(t);
        l.scale = q.scale;
        if (options.cacheInt8) fresh[name] = q;
        return q.q;
    }
    try {
        // On the CPU in the file's dtype this stays a view of the mapping (no copy).
        return t.to(options.device, options.dtype);
    } catch (const c10::Error& e) {
        throwTorchError(e, "cannot place " + source->storedName(name) + " on " + options.device.str() + " as " +
                               std::string(c10::toString(options.dtype)));
    }
}

WeightLoader::WeightLoader(const std::string& folder, const ModelConfig& config, WeightLoadOptions options)
    : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.folder = folder;
    m.config = config;
    m.options = std::move(options);
    if (m.options.int8 && !m.options.device.is_cpu())
        throw mr::Error("int8 weights run on the CPU only; use bfloat16 or float16 on " + m.options.device.str());
    m.files = weightFiles(folder);
    m.source = std::make_unique<mr::nn::SafeTensorsSource>(m.files);
    checkIndex(folder, *m.source);
    bool newer = false;
    for (const std::string& n : m.source->names())
        if (n.rfind("model.language_model.", 0) == 0 || n.rfind("model.visual.", 0) == 0) newer = true;
    if (newer) {
        try {
            m.source->rename(classicName);
        } catch (const mr::nn::WeightsError& e) {
            throw ModelFilesError(folder + ": " + e.what());
        }
    }
    QwenWeights scratch;
    const Binding b = bindingFor(config, scratch);
    checkAgainstConfig(folder, b, *m.source, newer);
    if (m.options.int8) m.cache = openInt8Cache(folder, m.files, b.quantizableShapes, m.cacheNote);
    m.plan(b);
}

WeightLoader::~WeightLoader() = default;
const WeightMemory& WeightLoader::memory() const { return impl_->memory; }
const std::string& WeightLoader::int8CacheNote() const { return impl_->cacheNote; }

QwenWeights WeightLoader::load() {
    Impl& m = *impl_;
    QwenWeights w;
    const Binding b = bindingFor(m.config, w);
    const uint64_t total = std::max<uint64_t>(1, m.memory.total());
    uint64_t done = 0;
    std::map<std::string, mr::nn::Int8Weight> fresh;
    const auto shapes = b.table.shapes();
    b.table.bindChecked(*m.source, [&](const std::string& name, const at::Tensor& t) {
        m.options.cancel.check();
        at::Tensor out = m.convert(b, name, t, fresh);
        if (out.is_alias_of(t)) m.source->populate(name);  // used in place: map it in now, not page by page later
        done += uint64_t(out.numel()) * out.element_size();
        if (m.options.progress) m.options.progress(double(std::min(done, total)) / double(total), "loading weights");
        return out;
    });
    const VisionConfig& v = m.config.vision;
    w.vision.patchEmbed = w.vision.patchEmbed.reshape({v.hiddenSize, v.patchDim()});
    if (m.config.text.tieWordEmbeddings) w.text.lmHead = Linear{w.text.embedTokens, {}, {}};
    if (!fresh.empty()) {
        if (m.options.progress) m.options.progress(1.0, "writing the int8 cache");
        try {
            writeInt8Cache(m.folder, m.files, fresh);
            m.cacheNote = "wrote " + int8CachePath(m.folder);
        } catch (const mr::Error& e) {
            m.cacheNote = std::string("int8 cache not written: ") + e.what();
        }
    }
    if (m.options.progress) m.options.progress(1.0, "weights loaded");
    return w;
}

QwenWeights loadWeights(const std::string& folder, const ModelConfig& config, const WeightLoadOptions& options) {
    return WeightLoader(folder, config, options).load();
}

}  // namespace mr::reason::qwen
