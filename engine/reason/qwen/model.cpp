#include "engine/reason/qwen/model.h"

#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "engine/core/process_memory.h"
#include "engine/nn/host_memory.h"
#include "engine/reason/qwen/weights.h"

namespace mr::reason::qwen {

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

c10::Device parseDevice(const std::string& text) {
    try {
        return c10::Device(text);
    } catch (const c10::Error&) {
        throw mr::Error("unknown device \"" + text + "\" (use cpu, cuda or cuda:N)");
    }
}

at::ScalarType parseDtype(const std::string& text) {
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (t == "float32" || t == "fp32" || t == "f32" || t == "float") return at::kFloat;
    if (t == "bfloat16" || t == "bf16") return at::kBFloat16;
    if (t == "float16" || t == "fp16" || t == "f16" || t == "half") return at::kHalf;
    throw mr::Error("unknown dtype \"" + text + "\" (use float32, bfloat16 or float16; int8 for int8 weights)");
}

std::string dtypeName(at::ScalarType t) {
    switch (t) {
        case at::kFloat: return "float32";
        case at::kBFloat16: return "bfloat16";
        case at::kHalf: return "float16";
        default: return c10::toString(t);
    }
}

uint64_t QwenVLModel::workingMemoryBytes(const ModelConfig& c, at::ScalarType dtype) {
    const uint64_t e = c10::elementSize(dtype), tokens = 4096;
    const uint64_t kv =
        uint64_t(c.text.numLayers) * 2 * uint64_t(c.text.numKeyValueHeads * c.text.headDim) * tokens * e;
    const uint64_t scores = (uint64_t(1) << 26) * (2 * e + 4);  // one attention chunk: scores, float softmax, probs
    const uint64_t mlp = tokens * uint64_t(c.text.intermediateSize) * e * 3;
    return kv + scores + mlp + (64ull << 20);
}

uint64_t QwenVLModel::estimateMemoryBytes(const std::string& folder, at::ScalarType dtype) {
    return weightBytes(folder, dtype) + workingMemoryBytes(ModelConfig::load(folder), dtype);
}

namespace {

// Can this device do matrix products in this dtype? (CUDA missing from the build, half on an
// old CPU libtorch, ...) Ask before reading gigabytes.
void probeDevice(const LoadOptions& options) {
    try {
        c10::InferenceMode guard;
        auto opts = at::TensorOptions().dtype(options.dtype).device(options.device);
        at::Tensor probe = at::linear(at::ones({2, 8}, opts), at::ones({4, 8}, opts), at::ones({4}, opts));
        at::softmax(probe, -1, at::kFloat).sum().item<float>();
    } catch (const c10::Error& e) {
        std::string what = e.what_without_backtrace();
        throw mr::Error("cannot run the model on " + options.device.str() + " in " + dtypeName(options.dtype) + ": " +
                        what.substr(0, what.find('\n')));
    }
}

// Refuses a load whose new allocations cannot fit; notes when the mapped weights do not all fit.
void checkMemory(const std::string& folder, const LoadOptions& options, ModelLoadReport& report) {
    const std::string precision = options.int8 ? "int8" : dtypeName(options.dtype);
    const uint64_t allocate = report.weights.privateBytes + report.workingBytes;
    if (options.device.is_cuda()) {
        // No device-memory query without CUDA headers: reserve the estimate once instead. The
        // caching allocator keeps the freed block and splits it for the weights.
        try {
            at::empty({int64_t(allocate)}, at::TensorOptions().dtype(at::kByte).device(options.device));
        } catch (const c10::Error&) {
            throw mr::Error(folder + ": the model needs about " + formatGiB(allocate) + " on " + options.device.str() +
                            " in " + precision + ", more than the device has free");
        }
        return;
    }
    report.availableBytes = availableMemoryBytes();
    if (report.availableBytes == 0) return;
    if (allocate > report.availableBytes)
        throw mr::Error(folder + ": the model needs about " + formatGiB(allocate) + " of new memory in " + precision +
                        " (" + formatGiB(report.weights.privateBytes) + " of converted weights, " +
                        formatGiB(report.workingBytes) + " for the KV cache and activations) but only " +
                        formatGiB(report.availableBytes) + " of memory is available");
    if (allocate + report.weights.mappedBytes > report.availableBytes)
        report.memoryNote = "the weights used from the files (" + formatGiB(report.weights.mappedBytes) +
                            ") do not all fit in the memory available (" + formatGiB(report.availableBytes) +
                            "): parts will be read from disk again while the model runs, which is slow";
}

}  // namespace

std::unique_ptr<QwenVLModel> QwenVLModel::load(const std::string& folder, const LoadOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<QwenVLModel> m(new QwenVLModel());
    m->folder_ = folder;
    m->config_ = ModelConfig::load(folder);
    std::vector<int64_t> eos = m->config_.eosTokenIds;
    m->generation_ = GenerationConfig::load(folder, eos);
    if (!isKnownActivation(m->config_.text.hiddenAct))
        throw ConfigError(folder + "/config.json: unsupported hidden_act \"" + m->config_.text.hiddenAct + "\"");
    if (!isKnownActivation(m->config_.vision.hiddenAct))
        throw ConfigError(folder + "/config.json: unsupported vision_config.hidden_act \"" +
                          m->config_.vision.hiddenAct + "\"");
    probeDevice(options);
    mr::nn::retainFreedHostMemory();

    WeightLoadOptions wo;
    wo.device = options.device;
    wo.dtype = options.dtype;
    wo.int8 = options.int8;
    wo.cacheInt8 = options.cacheInt8;
    wo.progress = options.progress;
    wo.cancel = options.cancel;
    WeightLoader loader(folder, m->config_, wo);
    m->report_.weights = loader.memory();
    m->report_.workingBytes = workingMemoryBytes(m->config_, options.dtype);
    if (options.checkMemory) checkMemory(folder, options, m->report_);

    QwenWeights w = loader.load();
    m->report_.int8CacheNote = loader.int8CacheNote();
    m->int8_ = options.int8;
    m->vision_ = std::make_unique<VisionTower>(m->config_.vision, std::move(w.vision));
    m->text_ = std::make_unique<TextDecoder>(m->config_.text, std::move(w.text));
    m->report_.loadMs = msSince(t0);
    return m;
}

at::Tensor QwenVLModel::encodeImages(const at::Tensor& pixelValues, const std::vector<GridTHW>& grids,
                                     VisionTrace* trace) const {
    try {
        return vision_->forward(pixelValues, grids, trace);
    } catch (const c10::Error& e) {
        throwTorchError(e, "vision tower on " + device().str());
    }
}

at::Tensor QwenVLModel::embedPrompt(const std::vector<int64_t>& ids, const at::Tensor& imageFeatures) const {
    c10::InferenceMode guard;
    at::Tensor idsT = at::tensor(ids, at::kLong);
    at::Tensor embeds = text_->embed(idsT);
    std::vector<int64_t> where;
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] == config_.imageTokenId) where.push_back(int64_t(i));
    const int64_t features = imageFeatures.defined() ? imageFeatures.size(0) : 0;
    if (int64_t(where.size()) != features)
        throw mr::Error("the prompt has " + std::to_string(where.size()) + " image tokens but the image(s) give " +
                        std::to_string(features) + " features");
    if (features > 0)
        embeds.index_copy_(0, at::tensor(where, at::kLong).to(device()), imageFeatures.to(device(), dtype()));
    return embeds;
}

DecodeSession::DecodeSession(const QwenVLModel& model, int64_t capacity) : model_(model) {
    try {
        cache_ = model.text().newCache(capacity);
    } catch (const c10::Error& e) {
        throwTorchError(e, "KV cache for " + std::to_string(capacity) + " tokens on " + model.device().str());
    }
}

at::Tensor DecodeSession::prefill(const Prompt& prompt, std::vector<at::Tensor>* hiddenStates) {
    try {
        return prefillImpl(prompt, hiddenStates);
    } catch (const c10::Error& e) {
        throwTorchError(e, "prompt of " + std::to_string(prompt.ids.size()) + " tokens on " + model_.device().str());
    }
}

at::Tensor DecodeSession::prefillImpl(const Prompt& prompt, std::vector<at::Tensor>* hiddenStates) {
    c10::InferenceMode guard;
    if (prompt.ids.empty()) throw mr::Error("the prompt is empty");
    cache_.clear();
    positions_ = computeRopeIndex(prompt.ids, prompt.grids, model_.config());
    ropeDelta_ = positions_.delta;
    at::Tensor features;
    visionMs_ = 0;
    if (!prompt.grids.empty()) {
        if (!prompt.pixelValues.defined()) throw mr::Error("the prompt has image grids but no pixel values");
        const auto t0 = std::chrono::steady_clock::now();
        features = model_.encodeImages(prompt.pixelValues, prompt.grids);
        visionMs_ = msSince(t0);
    }
    at::Tensor embeds = model_.embedPrompt(prompt.ids, features);
    std::vector<int64_t> flat;
    flat.reserve(positions_.size() * 3);
    flat.insert(flat.end(), positions_.t.begin(), positions_.t.end());
    flat.insert(flat.end(), positions_.h.begin(), positions_.h.end());
    flat.insert(flat.end(), positions_.w.begin(), positions_.w.end());
    at::Tensor pos = at::tensor(flat, at::kLong).view({3, int64_t(positions_.size())});
    at::Tensor hidden = model_.text().forward(embeds, pos, cache_, hiddenStates);
    return model_.text().logits(hidden[hidden.size(0) - 1]);
}

at::Tensor DecodeSession::step(int64_t token) {
    c10::InferenceMode guard;
    if (cache_.length() == 0) throw mr::Error("decode step before prefill");
    if (token < 0 || token >= model_.config().text.vocabSize)
        throw mr::Error("token id " + std::to_string(token) + " is outside the vocabulary");
    try {
        const int64_t position = cache_.length() + ropeDelta_;
        at::Tensor pos = at::full({3, 1}, position, at::kLong);
        at::Tensor emb = model_.text().embed(at::tensor({token}, at::kLong));
        at::Tensor hidden = model_.text().forward(emb, pos, cache_);
        return model_.text().logits(hidden[0]);
    } catch (const c10::Error& e) {
        throwTorchError(e, "decode step at " + std::to_string(cache_.length()) + " tokens on " + model_.device().str());
    }
}

}  // namespace mr::reason::qwen
