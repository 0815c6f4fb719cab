#pragma once
// Where the runner's model outputs come from. Score mode reads them from a predictions file
// (PredictionsFile); inference mode (`medreasoner eval`) will plug the grounding pipeline in
// behind the same interface: image + question -> raw output, optional masks, stage timings.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/core/error.h"
#include "engine/core/raster.h"
#include "engine/dataset/umrg_records.h"

namespace mr::eval {

class PredictionsError : public mr::Error {
public:
    using mr::Error::Error;
};

using MaskImage = mr::Mask;

// The prompt a mask was made from, as in the paper's tables.
inline constexpr const char* kPromptBox = "bbox";
inline constexpr const char* kPromptPoints = "points";
inline constexpr const char* kPromptJoint = "joint";  // box + both points

struct PredictRequest {
    std::string id;
    std::string imagePath;  // absolute or relative to the working folder
    std::string question;
    const mr::dataset::UmrgRecord* record = nullptr;  // the whole sample, for predictors that want it
};

struct Prediction {
    std::string rawOutput;                                  // `<think>…</think><answer>{…}</answer>`
    std::map<std::string, std::string> maskPaths;           // prompt kind -> mask image file
    std::map<std::string, MaskImage> masks;                 // prompt kind -> mask in memory
    std::vector<std::pair<std::string, double>> timingsMs;  // stage -> milliseconds ("total" if known)
};

class Predictor {
public:
    virtual ~Predictor() = default;
    // nullopt: no prediction for this sample (reported as a missing prediction, not an error).
    // Throws mr::Error for failures of the predictor itself; the runner records them per sample.
    virtual std::optional<Prediction> predict(const PredictRequest& request, const mr::CancelToken& cancel) = 0;
    // A short description for run metadata, e.g. "predictions file /x/preds.jsonl".
    virtual std::string describe() const = 0;
    // How many predict() calls may run at once from different threads (the runner's concurrency
    // is at most this). 1: one at a time.
    virtual size_t maxConcurrency() const { return 1; }
};

// Score mode: outputs read from a file of predictions produced elsewhere. Accepts JSON Lines or a
// JSON list (MedReasoner's eval.py writes a list) of objects with
//   - "id" (string or integer);
//   - the raw output in "output", "predict", "prediction", "response", "raw_output", "text",
//     "completion" or an OpenAI-style "choices"[0].message.content / .text;
//   - optional masks: "mask" or "mask_joint" (box+points prompt), "mask_bbox"/"mask_box",
//     "mask_points"; paths relative to the predictions file's folder;
//   - optional timings: "timings_ms"/"timings" (object stage -> ms), "latency_ms", "elapsed_ms",
//     "time_ms", or "latency_s"/"latency"/"elapsed" in seconds.
// When an id appears more than once the last line wins (a resumed producer may repeat lines).
// A line whose output is null or missing (a failed request) makes predict() throw for that id, so
// the runner records a predictor_error; a file where no line has an output is refused.
class PredictionsFile : public Predictor {
public:
    explicit PredictionsFile(const std::string& path);
    std::optional<Prediction> predict(const PredictRequest& request, const mr::CancelToken& cancel) override;
    std::string describe() const override;

    size_t size() const { return byId_.size() + failed_.size(); }
    bool contains(const std::string& id) const { return byId_.count(id) || failed_.count(id); }
    std::vector<std::string> ids() const;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::map<std::string, Prediction> byId_;
    std::map<std::string, std::string> failed_;  // id -> why there is no usable output
    void add(const mr::json::Value& v, const std::string& baseDir, const std::string& where);
    void parseLines(const std::string& text, const std::string& baseDir, const std::string& name);
};

// Parses one predictions object (exposed for tests); `baseDir` resolves relative mask paths.
// Throws PredictionsError naming `where` when the id or the output is missing.
std::pair<std::string, Prediction> predictionFromJson(const mr::json::Value& v, const std::string& baseDir,
                                                      const std::string& where);

}  // namespace mr::eval
