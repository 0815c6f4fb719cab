#include "engine/reason/qwen_reasoner.h"

#include <torch/cuda.h>

#include <chrono>
#include <filesystem>

#include "engine/core/process_memory.h"
#include "engine/reason/preprocess/image_processor.h"
#include "engine/reason/qwen/generation.h"
#include "engine/reason/qwen/model.h"
#include "engine/reason/qwen/precision.h"
#include "engine/reason/text/chat_prompt.h"
#include "engine/reason/text/tokenizer.h"

namespace mr::reason {

namespace {

ReasonerLoadReport reportOf(const qwen::QwenVLModel& m, const qwen::Precision& precision) {
    const qwen::ModelLoadReport& r = m.loadReport();
    ReasonerLoadReport out;
    out.device = m.device().str();
    out.dtype = precision.name();
    out.dtypeReason = precision.reason;
    out.loadMs = r.loadMs;
    out.weightBytes = r.weights.total();
    out.mappedBytes = r.weights.mappedBytes;
    out.peakRssBytes = mr::peakResidentBytes();
    for (const std::string& note : {r.memoryNote, r.int8CacheNote})
        if (!note.empty()) out.notes += (out.notes.empty() ? "" : "; ") + note;
    return out;
}

}  // namespace

struct QwenReasoner::Impl {
    std::unique_ptr<qwen::QwenVLModel> model;
    Tokenizer tokenizer;
    ImageProcessorConfig imageConfig;
    ReasonerLoadReport report;
};

QwenReasoner::QwenReasoner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QwenReasoner::~QwenReasoner() = default;

std::unique_ptr<QwenReasoner> QwenReasoner::load(const std::string& folder, const ReasonerLoadOptions& options) {
    qwen::LoadOptions lo;
    const bool cuda = options.device == "auto" ? torch::cuda::is_available() : false;
    lo.device =
        options.device == "auto" ? c10::Device(cuda ? c10::kCUDA : c10::kCPU) : qwen::parseDevice(options.device);
    lo.checkMemory = options.checkMemory;
    lo.progress = options.progress;
    lo.cancel = options.cancel;

    // Cheap files first, so a broken folder fails before gigabytes are read.
    Tokenizer tokenizer = Tokenizer::fromFolder(folder);
    const std::string pre = (std::filesystem::path(folder) / "preprocessor_config.json").string();
    ImageProcessorConfig imageConfig =
        std::filesystem::exists(pre) ? ImageProcessorConfig::fromFile(pre) : ImageProcessorConfig{};
    const qwen::Precision precision = qwen::choosePrecision(options.dtype, lo.device, folder);
    lo.dtype = precision.compute;
    lo.int8 = precision.int8;
    lo.cacheInt8 = options.cacheInt8;
    auto impl = std::make_unique<Impl>(Impl{qwen::QwenVLModel::load(folder, lo), tokenizer, imageConfig, {}});
    const qwen::VisionConfig& v = impl->model->config().vision;
    if (imageConfig.patchSize != v.patchSize || imageConfig.mergeSize != v.spatialMergeSize ||
        imageConfig.temporalPatchSize != v.temporalPatchSize)
        throw mr::Error(pre + ": patch/merge/temporal sizes disagree with config.json's vision_config");
    impl->report = reportOf(*impl->model, precision);
    return std::unique_ptr<QwenReasoner>(new QwenReasoner(std::move(impl)));
}

std::string QwenReasoner::description() const {
    const auto& m = *impl_->model;
    return "Qwen2.5-VL " + m.folder() + " on " + m.device().str() + " (" + impl_->report.dtype + ")";
}

ReasonerLoadReport QwenReasoner::loadReport() const { return impl_->report; }

std::string QwenReasoner::deviceName() const { return impl_->model->device().str(); }
std::string QwenReasoner::dtypeName() const { return impl_->report.dtype; }

std::optional<ImageResizeRule> QwenReasoner::resizeRule() const {
    const ImageProcessorConfig& c = impl_->imageConfig;
    if (!c.doResize) return std::nullopt;
    return ImageResizeRule{c.factor(), c.minPixels, c.maxPixels};
}

ReasonerReply QwenReasoner::ask(const RgbImageView& image, const std::string& question, const AskOptions& options,
                                const TextDeltaFn& onTextDelta, const mr::CancelToken& cancel) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const qwen::QwenVLModel& model = *impl_->model;

    const std::string userText = userPromptText(question, options.promptTemplate, options.think);
    ProcessedImage img = processImage(image.pixels, image.width, image.height, impl_->imageConfig);
    const std::vector<int32_t> ids32 = buildPromptIds(
        impl_->tokenizer, userText, img.numImageTokens(impl_->imageConfig.mergeSize), options.systemMessage);

    qwen::Prompt prompt;
    prompt.ids.assign(ids32.begin(), ids32.end());
    prompt.pixelValues = img.pixelValues;
    prompt.grids = {qwen::GridTHW{img.gridT, img.gridH, img.gridW}};

    qwen::GenerationConfig g = model.generationConfig();
    g.doSample = options.doSample;
    g.maxNewTokens = options.maxNewTokens;
    if (options.temperature) g.temperature = *options.temperature;
    if (options.topP) g.topP = *options.topP;
    if (options.topK) g.topK = *options.topK;
    if (options.repetitionPenalty) g.repetitionPenalty = *options.repetitionPenalty;
    g.seed = options.seed;
    if (g.temperature <= 0 || g.topP <= 0 || g.topP > 1 || g.topK < 0 || g.repetitionPenalty <= 0)
        throw mr::Error(
            "invalid decoding settings (temperature > 0, 0 < top_p <= 1, top_k >= 0, repetition penalty > 0)");

    ReasonerReply reply;
    reply.userText = userText;
    reply.modelWidth = img.resizedWidth;
    reply.modelHeight = img.resizedHeight;
    reply.timings.preprocessMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

    IncrementalDecoder decoder(impl_->tokenizer, /*skipSpecial=*/true);
    auto onToken = [&](int64_t token) {
        std::string delta = decoder.push(int32_t(token));
        reply.text += delta;
        if (onTextDelta && !delta.empty()) onTextDelta(delta);
    };
    qwen::GenerationResult r = qwen::generate(model, prompt, g, onToken, cancel);
    std::string rest = decoder.flush();
    reply.text += rest;
    if (onTextDelta && !rest.empty()) onTextDelta(rest);

    reply.timings.visionMs = r.visionMs;
    reply.timings.prefillMs = r.prefillMs;
    reply.timings.decodeMs = r.decodeMs;
    reply.timings.decodeTokensPerSecond = r.decodeTokensPerSecond;
    const double textPrefillMs = r.prefillMs - r.visionMs;
    if (textPrefillMs > 0) reply.timings.prefillTokensPerSecond = double(r.promptTokens) / (textPrefillMs / 1000.0);
    reply.timings.peakRssBytes = mr::peakResidentBytes();
    reply.timings.promptTokens = r.promptTokens;
    reply.timings.generatedTokens = int64_t(r.tokens.size());
    reply.stopReason = qwen::stopReasonName(r.stopReason);
    reply.cancelled = r.stopReason == qwen::StopReason::Cancelled;
    return reply;
}

}  // namespace mr::reason
