#pragma once
// Inference mode of the evaluation runner (`medreasoner eval`): a Predictor that runs the grounding
// pipeline on each record's image and question. By default the raw output is the model's text as
// written; as in MedReasoner's scripts, its coordinates are scored against the dataset image as
// they are (no mapping from the model's resized image; AnswerCoordinates::Original maps them), and
// the masks for the three Dice prompts (box only,
// points only, box + points) are made from those same coordinates by an ExpertMaskSegmenter
// sharing the pipeline's expert, so the embedding is computed once per sample and its time is
// part of the sample's timings.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/eval/expert_mask_segmenter.h"
#include "engine/eval/predictor.h"
#include "engine/ground/grounding_pipeline.h"

namespace mr::eval {

// Which pixels the answer's coordinates are scored in.
enum class AnswerCoordinates {
    AsWritten,  // as the model wrote them, against the dataset image (MedReasoner's scripts)
    Original,   // mapped from the model's resized image to the dataset image: the answer block of the
                // output is rewritten with the mapped numbers (the think block is kept verbatim)
};

struct PipelinePredictorOptions {
    reason::AskOptions ask;  // prompt, think, maxNewTokens, sampling (greedy by default, as the paper)
    AnswerCoordinates coordinates = AnswerCoordinates::AsWritten;
};

// Replaces the first <answer>…</answer> content of `raw` with the box and points scaled by
// (sx, sy), as a JSON object with 2 decimals. Returns `raw` unchanged when it has no closed block.
std::string rewriteAnswerScaled(const std::string& raw, const Box& box, const PointPair& points, double sx, double sy);

class PipelinePredictor : public Predictor {
public:
    // `segmenter` may be null (no masks: Dice is then left to RunOptions::segmenter, if any).
    PipelinePredictor(std::shared_ptr<ground::GroundingPipeline> pipeline,
                      std::shared_ptr<ExpertMaskSegmenter> segmenter, PipelinePredictorOptions options,
                      std::string description);
    // Several pipelines whose reasoners may run at once (e.g. each over one shared RemoteReasoner):
    // up to pipelines.size() samples are predicted together, each on a free pipeline; the masks
    // are still made one at a time by the segmenter.
    PipelinePredictor(std::vector<std::shared_ptr<ground::GroundingPipeline>> pipelines,
                      std::shared_ptr<ExpertMaskSegmenter> segmenter, PipelinePredictorOptions options,
                      std::string description);

    // Reads the image (a 2D picture as is, a volume's middle slice through its default window), asks
    // the reasoner, parses the answer the way the evaluation does and, when it is usable, makes the
    // three masks. Throws mr::Error when the image cannot be read or the reasoner fails (the runner
    // records a predictor_error), mr::Cancelled when cancelled (the sample is not recorded).
    std::optional<Prediction> predict(const PredictRequest& request, const mr::CancelToken& cancel) override;
    std::string describe() const override { return description_; }
    size_t maxConcurrency() const override { return pipelines_.size(); }

    // The pipeline result of the last sample finished (for logs and tests); nullopt before the first.
    std::optional<ground::GroundingResult> lastResult() const;

private:
    // A pipeline nobody else uses until the returned holder is dropped.
    std::shared_ptr<ground::GroundingPipeline> borrowPipeline(const mr::CancelToken& cancel);

    std::vector<std::shared_ptr<ground::GroundingPipeline>> pipelines_;
    std::vector<bool> busy_;
    std::shared_ptr<ExpertMaskSegmenter> segmenter_;
    PipelinePredictorOptions options_;
    std::string description_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::optional<ground::GroundingResult> last_;
};

}  // namespace mr::eval
