#pragma once
// A multimodal reasoner: shown an image and asked a question, it writes an answer (for the
// grounding task: a <think> trace then an <answer> with a box and two points in pixels of the
// image as the model saw it, see ImageSize below). Implementations: QwenReasoner (Qwen2.5-VL).
// Standard library only, so the GUI and the CLI can include it without libtorch.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/cancel.h"
#include "engine/core/error.h"
#include "engine/core/raster.h"

namespace mr::reason {

using RgbImageView = mr::RgbImageView;

struct ReasonerLoadOptions {
    std::string device = "auto";  // "auto" (CUDA when available, else CPU), "cpu", "cuda", "cuda:N"
    // "auto" (CUDA: bfloat16; CPU: bfloat16 where the processor computes it natively or float32
    // would not fit, float32 for small models), "float32", "bfloat16", "float16", or "int8" (CPU:
    // int8 weights for the linear layers, activations in bfloat16 or float32).
    std::string dtype = "auto";
    bool cacheInt8 = false;   // int8: keep the quantized weights beside the model for later loads
    bool checkMemory = true;  // refuse to load when what must be allocated exceeds the available memory
    mr::ProgressFn progress;
    mr::CancelToken cancel;
};

// What loading chose and cost, for the user (Engine Settings, `ground --json`, the stage line).
struct ReasonerLoadReport {
    std::string device;       // "cpu", "cuda:0"
    std::string dtype;        // "bfloat16", "int8 weights, bfloat16 activations", ...
    std::string dtypeReason;  // "requested", or why "auto" chose it
    double loadMs = 0;
    uint64_t weightBytes = 0;     // the weights as used (after conversion or quantization)
    uint64_t mappedBytes = 0;     // of those, used straight from the files' memory map (zero copy)
    uint64_t peakRssBytes = 0;    // the process's peak resident memory when loading finished
    std::string notes;            // memory and int8-cache notes, "; "-separated; empty when none
    std::string summary() const;  // "bfloat16 (why) · loaded in 0.4 s · 15.47 GiB mapped, 0.01 GiB copied"
};

struct AskOptions {
    // The user turn: the built-in MedReasoner grounding prompt around the question, or a template
    // file's text with a {Question} placeholder.
    std::string promptTemplate;                // empty: built-in
    bool think = true;                         // built-in prompt only: ask for <think>…</think> before <answer>
    std::optional<std::string> systemMessage;  // none: the chat template's default

    // Decoding. Unset values come from the model folder's generation_config.json, except that
    // sampling is off by default (greedy, as MedReasoner evaluates).
    int64_t maxNewTokens = 1024;
    bool doSample = false;
    std::optional<double> temperature, topP, repetitionPenalty;
    std::optional<int64_t> topK;
    std::optional<uint64_t> seed;
};

struct ReasonerTimings {
    double preprocessMs = 0;  // resize, normalise, patchify, tokenise
    double visionMs = 0;      // vision tower
    double prefillMs = 0;     // vision tower + prompt through the language model, until the first token
    double decodeMs = 0;
    double decodeTokensPerSecond = 0;
    double prefillTokensPerSecond = 0;  // prompt tokens through the language model per second (vision excluded)
    int64_t promptTokens = 0, generatedTokens = 0;
    uint64_t peakRssBytes = 0;  // the process's peak resident memory when the reply was complete (0: unknown)
};

struct ReasonerReply {
    std::string text;                     // everything generated, special tokens removed
    std::string userText;                 // the user turn as sent: the prompt with the question filled in
    int modelWidth = 0, modelHeight = 0;  // the resized image the model saw (answer coordinates refer to it)
    ReasonerTimings timings;
    std::string stopReason;  // "end of sequence", "maximum new tokens", "context full", "cancelled"
    bool cancelled = false;
};

// How a reasoner resizes the image before it sees it (Qwen2.5-VL's smart resize): both sides become
// multiples of `factor` and the pixel count stays within [minPixels, maxPixels]. An image that
// already obeys the rule is left as it is.
struct ImageResizeRule {
    int factor = 28;
    int64_t minPixels = 3136, maxPixels = 12845056;
};

// Receives the text as it is generated, in pieces that never split a UTF-8 character.
using TextDeltaFn = std::function<void(std::string_view delta)>;

class Reasoner {
public:
    virtual ~Reasoner() = default;
    // Throws mr::Error subclasses for bad input (empty question, image too small or too large,
    // prompt longer than the model's context). Cancellation between tokens returns the text so far
    // with `cancelled` set. One call at a time per reasoner.
    virtual ReasonerReply ask(const RgbImageView& image, const std::string& question, const AskOptions& options,
                              const TextDeltaFn& onTextDelta = {}, const mr::CancelToken& cancel = {}) = 0;
    // A short description: model folder, device, dtype.
    virtual std::string description() const = 0;
    // What loading chose and cost; empty for reasoners that load nothing.
    virtual ReasonerLoadReport loadReport() const { return {}; }
    // The resize rule, when the reasoner has one (a server advertises it to remote clients).
    virtual std::optional<ImageResizeRule> resizeRule() const { return std::nullopt; }
};

}  // namespace mr::reason
