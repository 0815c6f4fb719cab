#pragma once
// Token generation with Hugging Face's semantics: repetition penalty over the prompt and the
// generated tokens, then (when sampling) temperature, top-k and top-p, then greedy argmax or a
// draw from the distribution; stop tokens; a maximum number of new tokens; a per-token callback;
// cancellation between tokens; timings.
#include <ATen/ATen.h>

#include <functional>
#include <optional>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/model.h"

namespace mr::reason::qwen {

// Picks next tokens from logits. Holds the random generator so a seeded run is reproducible.
class Sampler {
public:
    // Throws mr::Error for settings the original rejects too (temperature <= 0 or top_p outside
    // (0, 1] when sampling, a penalty <= 0).
    explicit Sampler(const GenerationConfig& config);
    // `logits` float32 [vocab] (any device); `history` = every token so far (prompt included), as
    // the repetition penalty sees them. Returns the processed scores when `processed` is given.
    int64_t next(const at::Tensor& logits, const std::vector<int64_t>& history, at::Tensor* processed = nullptr);

private:
    int64_t nextImpl(const at::Tensor& logits, const std::vector<int64_t>& history, at::Tensor* processed);
    GenerationConfig config_;
    std::optional<at::Generator> generator_;
};

// RepetitionPenaltyLogitsProcessor: for each distinct token in `history`, score / penalty if the
// score is positive, score * penalty otherwise. Returns a new tensor.
at::Tensor applyRepetitionPenalty(const at::Tensor& logits, const std::vector<int64_t>& history, double penalty);
// Temperature, top-k and top-p warpers in HF's order; filtered entries become -inf.
at::Tensor applySamplingWarpers(const at::Tensor& logits, double temperature, int64_t topK, double topP);

enum class StopReason { EndOfSequence, MaxTokens, ContextFull, Cancelled };
const char* stopReasonName(StopReason r);

struct GenerationResult {
    std::vector<int64_t> tokens;  // generated tokens; a stop token that ended generation is included
    StopReason stopReason = StopReason::MaxTokens;
    int64_t promptTokens = 0;
    double visionMs = 0;   // vision tower
    double prefillMs = 0;  // vision tower + prompt through the decoder, until the first logits
    double decodeMs = 0;   // the decode steps after the first token
    double decodeTokensPerSecond = 0;
};

// Called once per generated token (stop token included), before the next is computed.
using TokenCallback = std::function<void(int64_t token)>;

// Generates from `prompt`. Cancellation is checked before every decode step: the result then
// holds the tokens so far with StopReason::Cancelled. maxNewTokens is clamped to what the
// model's context (max_position_embeddings) allows. Throws mr::Error for an empty prompt or
// one at least as long as the context.
GenerationResult generate(const QwenVLModel& model, const Prompt& prompt, const GenerationConfig& config,
                          const TokenCallback& onToken = {}, const mr::CancelToken& cancel = mr::CancelToken());

}  // namespace mr::reason::qwen
