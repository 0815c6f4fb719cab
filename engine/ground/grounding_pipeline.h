#pragma once
// The grounding pipeline, the app's main job: image + question -> reasoner (streamed trace) ->
// parsed answer mapped to original pixels -> prompts (box + both points positive) -> expert -> mask.
//
// - Stage events (loading model, encoding image, reasoning, segmenting, done) with timings.
// - Text deltas as they are generated; the parsed answer as soon as it exists (before the expert
//   runs), so a GUI can draw the box and points early.
// - Cancellation between tokens and before/after each stage: the run returns what it has.
// - Failures never lose work: a malformed answer returns the trace with a format message and no
//   mask; a failing expert returns the trace and the answer. run() does not throw for model or
//   input failures; it records them on the result (outcome + message).
// - Manual prompting (box, positive/negative points, previous low-res mask) through segment(),
//   which reuses the expert's cached image embedding when the same image key comes again (also
//   after run() on that image).
//
// Calls are serialised: one run or manual segmentation at a time (a call from another thread waits
// for the current one; cancel it through its CancelToken). The callbacks run on the calling thread.
// Standard library only in this header (no libtorch, no Qt).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/ground/model_set.h"
#include "engine/ground/reasoner_image.h"
#include "engine/ground/stage.h"
#include "engine/reason/reasoner.h"
#include "engine/reason/text/answer.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::ground {

struct GroundingRequest {
    ReasonerImage image;
    std::string question;
    reason::AskOptions ask;  // prompt, think, decoding (maxNewTokens, sampling)
    // Identifies the image for the expert's embedding cache (e.g. "<series uid>#<slice>#<window>").
    // Empty: a hash of the pixels.
    std::string imageKey;
    bool segment = true;     // false: stop after the answer (no expert call)
    bool multimask = false;  // SAM: three candidates, the best kept (MedReasoner's eval scripts do this)
};

enum class GroundingOutcome {
    Mask,                // answer parsed, mask made
    AnswerOnly,          // answer parsed, segmentation not requested
    FormatIssue,         // the model's output has no usable answer: trace kept, no mask
    NoReasoner,          // no reasoner configured: prompt by hand
    ModelLoadFailed,     // the configured models could not be loaded
    ReasonerFailed,      // the reasoner threw (bad input, out of memory, ...): whatever was streamed is kept
    SegmentationFailed,  // the expert threw: trace and answer kept
    Cancelled,           // stopped on request: the text so far is kept
};
const char* groundingOutcomeName(GroundingOutcome outcome);  // "mask", "answer_only", "format_issue", ...

struct GroundingResult {
    std::string question;
    ReasonerImage image;   // the exact image the reasoner and the expert saw
    std::string imageKey;  // the key used for the expert's cache
    std::string reasonerDescription, expertName;
    reason::ReasonerLoadReport reasonerLoad;  // the reasoner's dtype and why, load time, memory

    bool reasoned = false;             // the reasoner returned (possibly cancelled)
    reason::ReasonerReply reply;       // full text, model image size, reasoner timings, stop reason
    std::string streamedText;          // the text received so far (equals reply.text after a normal return)
    reason::ParsedAnswer answerModel;  // parsed, in the model's resized-image pixels
    reason::ParsedAnswer answer;       // mapped to original pixels (use this one)
    bool answerParsed = false;         // parsing ran (answer/answerModel are meaningful)

    std::optional<segment::Prompts> prompts;      // what the expert was given
    std::optional<segment::MaskPrediction> mask;  // the expert's output (best mask: mask->best)
    bool embeddingReused = false;
    double expertSetImageMs = 0, expertPredictMs = 0;  // the Segmenting stage's two parts

    std::vector<StageTiming> timings;  // every stage that ran, in order (Done = the whole run)
    GroundingOutcome outcome = GroundingOutcome::Cancelled;
    std::string message;  // for the user: the format problem, the error, or "" for a mask

    bool hasMask() const { return mask.has_value() && !mask->masks.empty(); }
    // The best mask (0/1 bytes, width*height of the image); nullptr without one.
    const std::vector<uint8_t>* bestMask() const;
};

struct GroundingCallbacks {
    std::function<void(const StageEvent&)> onStage;
    reason::TextDeltaFn onTextDelta;
    // Called once the output is parsed (before segmentation), with the answer in original pixels;
    // also for a malformed answer (answer.ok() false, issues say why).
    std::function<void(const reason::ParsedAnswer& answer, const GroundingResult& partial)> onAnswer;
    // Progress of loading the models when run() loads them (fraction, what).
    mr::ProgressFn onLoadProgress;
};

struct ManualPromptResult {
    segment::MaskPrediction mask;
    bool embeddingReused = false;  // the expert already held this image's embedding
    double setImageMs = 0, predictMs = 0;
    std::string imageKey;
};

class GroundingPipeline {
public:
    // Models given directly (either may be null). Tests inject fakes this way.
    GroundingPipeline(std::shared_ptr<reason::Reasoner> reasoner, std::shared_ptr<segment::SegmentationExpert> expert);
    // Models loaded on first use (run() reports a LoadingModel stage; load() may be called earlier
    // with progress). The settings are not validated here: load() does that.
    explicit GroundingPipeline(ModelSettings settings);
    ~GroundingPipeline();
    GroundingPipeline(const GroundingPipeline&) = delete;
    GroundingPipeline& operator=(const GroundingPipeline&) = delete;

    // Loads the configured models now when they are not loaded yet (no-op for injected models).
    // Throws ModelSettingsError / mr::Error / mr::Cancelled.
    void load(const mr::ProgressFn& progress = {}, const mr::CancelToken& cancel = {});
    bool loaded() const;
    bool hasReasoner() const;  // configured or injected
    bool hasExpert() const;

    // Replaces the models (drops the embedding cache).
    void setModels(std::shared_ptr<reason::Reasoner> reasoner, std::shared_ptr<segment::SegmentationExpert> expert);
    std::shared_ptr<reason::Reasoner> reasoner() const;
    std::shared_ptr<segment::SegmentationExpert> expert() const;

    // The whole pipeline. Never throws for model, input or answer problems (see GroundingOutcome);
    // only std::bad_alloc-like failures of the caller's callbacks propagate.
    GroundingResult run(const GroundingRequest& request, const GroundingCallbacks& callbacks = {},
                        const mr::CancelToken& cancel = {});

    // Manual prompting: the expert on `image` (coordinates in original pixels). Reuses the cached
    // embedding when `imageKey` (empty: a hash of the pixels) equals the last image's key. Throws
    // mr::Error (no expert, bad prompts: segment::SegmentationError) and mr::Cancelled.
    ManualPromptResult segment(const segment::RgbImage& image, const std::string& imageKey,
                               const segment::Prompts& prompts, const mr::CancelToken& cancel = {});

    // Forgets which image the expert holds (the next call embeds again).
    void forgetImage();
    const std::string& cachedImageKey() const;

private:
    struct State;
    std::unique_ptr<State> s_;
};

// The prompts the pipeline gives the expert for an answer in original pixels: the box and both
// points as positive clicks. Requires answer.ok().
segment::Prompts promptsFromAnswer(const reason::ParsedAnswer& answer, bool multimask = false);

}  // namespace mr::ground
