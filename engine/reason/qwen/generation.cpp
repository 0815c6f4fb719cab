#include "engine/reason/qwen/generation.h"

#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <random>

namespace mr::reason::qwen {

namespace {
double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
}  // namespace

at::Tensor applyRepetitionPenalty(const at::Tensor& logits, const std::vector<int64_t>& history, double penalty) {
    if (penalty == 1.0 || history.empty()) return logits;
    std::vector<int64_t> ids = history;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const int64_t vocab = logits.size(-1);
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](int64_t t) { return t < 0 || t >= vocab; }), ids.end());
    at::Tensor idx = at::tensor(ids, at::kLong).to(logits.device());
    at::Tensor score = logits.gather(-1, idx);
    score = at::where(score < 0, score * penalty, score / penalty);
    return logits.scatter(-1, idx, score);
}

at::Tensor applySamplingWarpers(const at::Tensor& logits, double temperature, int64_t topK, double topP) {
    at::Tensor s = logits;
    if (temperature != 1.0) s = s / temperature;
    if (topK > 0) {
        const int64_t k = std::min<int64_t>(std::max<int64_t>(topK, 1), s.size(-1));
        at::Tensor kth = std::get<0>(at::topk(s, k)).narrow(-1, k - 1, 1);
        s = s.masked_fill(s < kth, kNegInf);
    }
    if (topP < 1.0) {
        auto [sorted, order] = at::sort(s, /*dim=*/-1, /*descending=*/false);
        at::Tensor cumulative = at::softmax(sorted, -1).cumsum(-1);
        at::Tensor remove = cumulative <= (1.0 - topP);
        remove.narrow(-1, remove.size(-1) - 1, 1).fill_(false);  // keep at least one token
        at::Tensor removeOriginal = remove.scatter(-1, order, remove);
        s = s.masked_fill(removeOriginal, kNegInf);
    }
    return s;
}

const char* stopReasonName(StopReason r) {
    switch (r) {
        case StopReason::EndOfSequence: return "end of sequence";
        case StopReason::MaxTokens: return "maximum new tokens";
        case StopReason::ContextFull: return "context full";
        case StopReason::Cancelled: return "cancelled";
    }
    return "?";
}

Sampler::Sampler(const GenerationConfig& config) : config_(config) {
    if (config_.repetitionPenalty <= 0) throw mr::Error("the repetition penalty must be positive");
    if (config_.doSample) {
        if (!(config_.temperature > 0)) throw mr::Error("the sampling temperature must be positive");
        if (!(config_.topP > 0 && config_.topP <= 1)) throw mr::Error("top_p must be in (0, 1]");
        if (config_.topK < 0) throw mr::Error("top_k must not be negative");
        const uint64_t seed = config_.seed ? *config_.seed : std::random_device{}();
        generator_ = at::detail::createCPUGenerator(seed);
    }
}

int64_t Sampler::next(const at::Tensor& logits, const std::vector<int64_t>& history, at::Tensor* processed) {
    try {
        return nextImpl(logits, history, processed);
    } catch (const c10::Error& e) {
        throwTorchError(e, "sampling the next token");
    }
}

int64_t Sampler::nextImpl(const at::Tensor& logits, const std::vector<int64_t>& history, at::Tensor* processed) {
    c10::InferenceMode guard;
    at::Tensor s = logits.to(at::kCPU, at::kFloat).reshape({-1});
    s = applyRepetitionPenalty(s, history, config_.repetitionPenalty);
    int64_t token;
    if (config_.doSample) {
        s = applySamplingWarpers(s, config_.temperature, config_.topK, config_.topP);
        at::Tensor probs = at::softmax(s, -1);
        token = at::multinomial(probs, 1, /*replacement=*/false, *generator_).item<int64_t>();
    } else {
        token = s.argmax().item<int64_t>();
    }
    if (processed) *processed = s;
    return token;
}

GenerationResult generate(const QwenVLModel& model, const Prompt& prompt, const GenerationConfig& config,
                          const TokenCallback& onToken, const mr::CancelToken& cancel) {
    c10::InferenceMode guard;
    GenerationResult r;
    const int64_t L = int64_t(prompt.ids.size());
    const int64_t context = model.config().text.maxPositionEmbeddings;
    if (L == 0) throw mr::Error("the prompt is empty");
    if (L >= context)
        throw mr::Error("the prompt has " + std::to_string(L) + " tokens; the model's context holds " +
                        std::to_string(context));
    r.promptTokens = L;
    const int64_t maxNew = std::min<int64_t>(std::max<int64_t>(config.maxNewTokens, 0), context - L);
    if (maxNew == 0 || cancel.cancelled()) {
        r.stopReason = cancel.cancelled() ? StopReason::Cancelled : StopReason::MaxTokens;
        return r;
    }

    const auto t0 = std::chrono::steady_clock::now();
    DecodeSession session(model, L + maxNew);
    at::Tensor logits = session.prefill(prompt);
    logits = logits.to(at::kCPU);  // also waits for the device, so the timing is honest
    r.prefillMs = msSince(t0);
    r.visionMs = session.visionMs();

    Sampler sampler(config);
    std::vector<int64_t> history = prompt.ids;
    history.reserve(size_t(L + maxNew));
    std::chrono::steady_clock::time_point decodeStart;
    for (;;) {
        if (cancel.cancelled()) {
            r.stopReason = StopReason::Cancelled;
            break;
        }
        const int64_t token = sampler.next(logits, history);
        if (r.tokens.empty()) decodeStart = std::chrono::steady_clock::now();
        r.tokens.push_back(token);
        history.push_back(token);
        if (onToken) onToken(token);
        if (std::find(config.eosTokenIds.begin(), config.eosTokenIds.end(), token) != config.eosTokenIds.end()) {
            r.stopReason = StopReason::EndOfSequence;
            break;
        }
        if (int64_t(r.tokens.size()) >= maxNew) {
            r.stopReason = maxNew < config.maxNewTokens ? StopReason::ContextFull : StopReason::MaxTokens;
            break;
        }
        if (cancel.cancelled()) {
            r.stopReason = StopReason::Cancelled;
            break;
        }
        logits = session.step(token);
    }
    if (!r.tokens.empty()) {
        r.decodeMs = msSince(decodeStart);
        if (r.tokens.size() > 1 && r.decodeMs > 0)
            r.decodeTokensPerSecond = double(r.tokens.size() - 1) / (r.decodeMs / 1000.0);
    }
    return r;
}

}  // namespace mr::reason::qwen
