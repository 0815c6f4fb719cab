#include "engine/eval/pipeline_predictor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "engine/eval/answer_parser.h"

namespace mr::eval {

std::string rewriteAnswerScaled(const std::string& raw, const Box& box, const PointPair& points, double sx, double sy) {
    const size_t open = raw.find("<answer>");
    if (open == std::string::npos) return raw;
    const size_t begin = open + 8;
    const size_t close = raw.find("</answer>", begin);
    if (close == std::string::npos) return raw;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "{\"bbox\": [%.2f, %.2f, %.2f, %.2f], \"points_1\": [%.2f, %.2f], \"points_2\": [%.2f, %.2f]}",
                  box.x1 * sx, box.y1 * sy, box.x2 * sx, box.y2 * sy, points[0].x * sx, points[0].y * sy,
                  points[1].x * sx, points[1].y * sy);
    return raw.substr(0, begin) + buf + raw.substr(close);
}

PipelinePredictor::PipelinePredictor(std::shared_ptr<ground::GroundingPipeline> pipeline,
                                     std::shared_ptr<ExpertMaskSegmenter> segmenter, PipelinePredictorOptions options,
                                     std::string description)
    : PipelinePredictor(std::vector<std::shared_ptr<ground::GroundingPipeline>>{std::move(pipeline)},
                        std::move(segmenter), std::move(options), std::move(description)) {}

PipelinePredictor::PipelinePredictor(std::vector<std::shared_ptr<ground::GroundingPipeline>> pipelines,
                                     std::shared_ptr<ExpertMaskSegmenter> segmenter, PipelinePredictorOptions options,
                                     std::string description)
    : pipelines_(std::move(pipelines)),
      busy_(pipelines_.size(), false),
      segmenter_(std::move(segmenter)),
      options_(std::move(options)),
      description_(std::move(description)) {
    if (pipelines_.empty()) throw mr::Error("PipelinePredictor needs a pipeline");
    for (const auto& p : pipelines_)
        if (!p) throw mr::Error("PipelinePredictor needs a pipeline");
}

std::optional<ground::GroundingResult> PipelinePredictor::lastResult() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
}

std::shared_ptr<ground::GroundingPipeline> PipelinePredictor::borrowPipeline(const mr::CancelToken& cancel) {
    std::unique_lock<std::mutex> lock(mutex_);
    size_t i = 0;
    while (!freed_.wait_for(lock, std::chrono::milliseconds(50), [&] {
        i = size_t(std::find(busy_.begin(), busy_.end(), false) - busy_.begin());
        return i < busy_.size();
    }))
        cancel.check();
    busy_[i] = true;
    // Given back when the caller drops it.
    return std::shared_ptr<ground::GroundingPipeline>(pipelines_[i].get(), [this, i, keep = pipelines_[i]](auto*) {
        {
            std::lock_guard<std::mutex> l(mutex_);
            busy_[i] = false;
        }
        freed_.notify_one();
    });
}

std::optional<Prediction> PipelinePredictor::predict(const PredictRequest& request, const mr::CancelToken& cancel) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    ground::GroundingRequest req;
    req.image = ground::readReasonerImage(request.imagePath, std::nullopt, std::nullopt, cancel);
    const double readMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    req.question = request.question;
    req.ask = options_.ask;
    req.imageKey = imageFileKey(request.imagePath);
    req.segment = false;  // the masks are made below, from the answer as the evaluation reads it

    const ground::GroundingResult r = borrowPipeline(cancel)->run(req, {}, cancel);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        last_ = r;
    }
    switch (r.outcome) {
        case ground::GroundingOutcome::Cancelled: throw mr::Cancelled();
        case ground::GroundingOutcome::NoReasoner:
        case ground::GroundingOutcome::ModelLoadFailed:
        case ground::GroundingOutcome::ReasonerFailed: throw mr::Error(r.message);
        default: break;
    }

    Prediction p;
    p.rawOutput = r.reply.text;
    p.timingsMs.push_back({"read_image", readMs});
    for (const auto& t : r.timings)
        if (t.stage != ground::Stage::Done) p.timingsMs.push_back({ground::stageName(t.stage), t.ms});

    if (options_.coordinates == AnswerCoordinates::Original) {
        const ParsedAnswer written = parseAnswer(p.rawOutput);
        const int w = req.image.rgb.width, h = req.image.rgb.height;
        const int mw = r.reply.modelWidth, mh = r.reply.modelHeight;
        if (written.ok && mw > 0 && mh > 0 && (mw != w || mh != h))
            p.rawOutput =
                rewriteAnswerScaled(p.rawOutput, written.bbox, written.points, double(w) / mw, double(h) / mh);
    }

    double segmentMs = 0;
    if (segmenter_) {
        const ParsedAnswer a = parseAnswer(p.rawOutput);  // as the runner will read it
        if (a.ok) {
            const auto ts = Clock::now();
            try {
                p.masks = segmenter_->segmentImage(req.image.rgb, req.imageKey, a.bbox, a.points, cancel);
            } catch (const mr::Cancelled&) {
                throw;
            } catch (const std::exception&) {
                // Left to the runner: with the same segmenter set it retries and records the reason.
                p.masks.clear();
            }
            segmentMs = std::chrono::duration<double, std::milli>(Clock::now() - ts).count();
            p.timingsMs.push_back({ground::stageName(ground::Stage::Segmenting), segmentMs});
        }
    }
    p.timingsMs.push_back({"total", std::chrono::duration<double, std::milli>(Clock::now() - t0).count()});
    return p;
}

}  // namespace mr::eval
