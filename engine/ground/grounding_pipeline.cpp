#include "engine/ground/grounding_pipeline.h"

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <string>

namespace mr::ground {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Reports the start and end of one stage and records its timing.
class StageClock {
public:
    StageClock(Stage stage, GroundingResult& result, const GroundingCallbacks& cb, std::string detail = {})
        : stage_(stage), result_(result), cb_(cb), t0_(Clock::now()) {
        if (cb_.onStage) cb_.onStage({stage_, StageStatus::Started, 0, std::move(detail)});
    }
    ~StageClock() {
        if (!ended_) end(StageStatus::Failed, "");
    }
    double end(StageStatus status, std::string detail = {}) {
        if (ended_) return 0;
        ended_ = true;
        const double ms = msSince(t0_);
        result_.timings.push_back({stage_, ms});
        if (cb_.onStage) cb_.onStage({stage_, status, ms, std::move(detail)});
        return ms;
    }
    Clock::time_point started() const { return t0_; }

private:
    Stage stage_;
    GroundingResult& result_;
    const GroundingCallbacks& cb_;
    Clock::time_point t0_;
    bool ended_ = false;
};

// How a run ends early: the outcome and the message for the user.
struct Ending {
    GroundingOutcome outcome;
    std::string message;
};
using EarlyEnd = std::optional<Ending>;
const char* const kCancelled = "cancelled";

// Encoding + reasoning: one reasoner call; the first text delta marks the switch.
EarlyEnd reasonStage(reason::Reasoner& reasoner, const GroundingRequest& req, const GroundingCallbacks& cb,
                     const mr::CancelToken& cancel, GroundingResult& r) {
    const auto& img = req.image.rgb;
    if (img.width <= 0 || img.height <= 0 || img.rgb.size() != size_t(img.width) * size_t(img.height) * 3)
        return Ending{GroundingOutcome::ReasonerFailed,
                      "the image is empty or its pixel buffer does not match its size (" + std::to_string(img.width) +
                          "x" + std::to_string(img.height) + ")"};
    std::optional<StageClock> encoding, reasoning;
    encoding.emplace(Stage::EncodingImage, r, cb, req.image.describe());
    auto onDelta = [&](std::string_view delta) {
        if (encoding) {
            encoding->end(StageStatus::Finished);
            encoding.reset();
            reasoning.emplace(Stage::Reasoning, r, cb);
        }
        r.streamedText.append(delta.data(), delta.size());
        if (cb.onTextDelta) cb.onTextDelta(delta);
    };
    try {
        reason::RgbImageView view{img.rgb.data(), img.width, img.height};
        r.reply = reasoner.ask(view, req.question, req.ask, onDelta, cancel);
        r.reasoned = true;
    } catch (const mr::Cancelled&) {
        if (encoding) encoding->end(StageStatus::Cancelled);
        if (reasoning) reasoning->end(StageStatus::Cancelled);
        r.reply.text = r.streamedText;
        r.reply.cancelled = true;
        r.reply.stopReason = "cancelled";
        return Ending{GroundingOutcome::Cancelled, kCancelled};
    } catch (const std::exception& e) {
        if (encoding) encoding->end(StageStatus::Failed, e.what());
        if (reasoning) reasoning->end(StageStatus::Failed, e.what());
        r.reply.text = r.streamedText;
        return Ending{GroundingOutcome::ReasonerFailed, std::string("the reasoner failed: ") + e.what()};
    }
    const bool stopped = r.reply.cancelled || cancel.cancelled();
    const StageStatus st = stopped ? StageStatus::Cancelled : StageStatus::Finished;
    if (encoding) encoding->end(st);
    if (reasoning) reasoning->end(st, r.reply.stopReason);
    return std::nullopt;
}

// The answer, mapped to original pixels, handed out before segmentation.
EarlyEnd answerStage(const GroundingRequest& req, const GroundingCallbacks& cb, const mr::CancelToken& cancel,
                     GroundingResult& r) {
    r.answerModel = reason::parseAnswer(r.reply.text, req.ask.think);
    r.answer = reason::mapToOriginal(r.answerModel, r.reply.modelWidth, r.reply.modelHeight, req.image.rgb.width,
                                     req.image.rgb.height);
    r.answerParsed = true;
    if (r.reply.cancelled || cancel.cancelled()) return Ending{GroundingOutcome::Cancelled, kCancelled};
    if (cb.onAnswer) cb.onAnswer(r.answer, r);
    if (!r.answer.ok()) {
        std::string why = r.answer.errorSummary();
        if (why.empty()) why = "no box and two points";
        std::string msg = "The model's output has no usable answer: " + why;
        if (r.reply.stopReason == "maximum new tokens") msg += " (generation stopped at the maximum of new tokens)";
        msg += ". The reasoning trace is kept; place a box or points by hand to segment.";
        return Ending{GroundingOutcome::FormatIssue, msg};
    }
    return std::nullopt;
}

// The expert, prompted with the box and both points as positive clicks.
EarlyEnd segmentStage(GroundingPipeline& pipeline, const GroundingRequest& req, const GroundingCallbacks& cb,
                      const mr::CancelToken& cancel, GroundingResult& r) {
    StageClock stage(Stage::Segmenting, r, cb, r.expertName);
    try {
        r.prompts = promptsFromAnswer(r.answer, req.multimask);
        ManualPromptResult m = pipeline.segment(req.image.rgb, r.imageKey, *r.prompts, cancel);
        r.embeddingReused = m.embeddingReused;
        r.expertSetImageMs = m.setImageMs;
        r.expertPredictMs = m.predictMs;
        r.mask = std::move(m.mask);
        stage.end(StageStatus::Finished);
    } catch (const mr::Cancelled&) {
        stage.end(StageStatus::Cancelled);
        return Ending{GroundingOutcome::Cancelled, kCancelled};
    } catch (const std::exception& e) {
        stage.end(StageStatus::Failed, e.what());
        return Ending{GroundingOutcome::SegmentationFailed,
                      std::string("the segmentation expert failed: ") + e.what() +
                          ". The trace and the answer are kept; adjust the prompts and segment again."};
    }
    return std::nullopt;
}

}  // namespace

const char* groundingOutcomeName(GroundingOutcome outcome) {
    switch (outcome) {
        case GroundingOutcome::Mask: return "mask";
        case GroundingOutcome::AnswerOnly: return "answer_only";
        case GroundingOutcome::FormatIssue: return "format_issue";
        case GroundingOutcome::NoReasoner: return "no_reasoner";
        case GroundingOutcome::ModelLoadFailed: return "model_load_failed";
        case GroundingOutcome::ReasonerFailed: return "reasoner_failed";
        case GroundingOutcome::SegmentationFailed: return "segmentation_failed";
        case GroundingOutcome::Cancelled: return "cancelled";
    }
    return "?";
}

const std::vector<uint8_t>* GroundingResult::bestMask() const {
    if (!hasMask()) return nullptr;
    const size_t i = mask->best >= 0 && size_t(mask->best) < mask->masks.size() ? size_t(mask->best) : 0;
    return &mask->masks[i];
}

segment::Prompts promptsFromAnswer(const reason::ParsedAnswer& a, bool multimask) {
    if (!a.box || !a.point1 || !a.point2)
        throw mr::Error("the answer has no box and two points to prompt the expert with");
    segment::Prompts p;
    p.box = *a.box;
    p.points.push_back({a.point1->x, a.point1->y, true});
    p.points.push_back({a.point2->x, a.point2->y, true});
    p.multimask = multimask;
    return p;
}

struct GroundingPipeline::State {
    std::optional<ModelSettings> settings;  // set: models load lazily from it
    bool loaded = false;
    std::shared_ptr<reason::Reasoner> reasoner;
    std::shared_ptr<segment::SegmentationExpert> expert;
    std::string reasonerDescription;
    std::string cachedKey;  // the image the expert holds ("" = none known)
    // Serialises calls from different threads (a manual segmentation while a run is going waits);
    // recursive because run() segments and loads through the public entry points.
    std::recursive_mutex mutex;
};

GroundingPipeline::GroundingPipeline(std::shared_ptr<reason::Reasoner> reasoner,
                                     std::shared_ptr<segment::SegmentationExpert> expert)
    : s_(std::make_unique<State>()) {
    setModels(std::move(reasoner), std::move(expert));
}

GroundingPipeline::GroundingPipeline(ModelSettings settings) : s_(std::make_unique<State>()) {
    s_->settings = std::move(settings);
}

GroundingPipeline::~GroundingPipeline() = default;

void GroundingPipeline::load(const mr::ProgressFn& progress, const mr::CancelToken& cancel) {
    std::lock_guard<std::recursive_mutex> lock(s_->mutex);
    if (s_->loaded) return;
    ModelSet set = loadModelSet(*s_->settings, progress, cancel);
    s_->reasoner = std::move(set.reasoner);
    s_->expert = std::move(set.expert);
    s_->reasonerDescription = set.reasonerDescription;
    s_->cachedKey.clear();
    s_->loaded = true;
}

bool GroundingPipeline::loaded() const { return s_->loaded; }
bool GroundingPipeline::hasReasoner() const {
    return s_->loaded ? bool(s_->reasoner) : s_->settings && s_->settings->hasReasoner();
}
bool GroundingPipeline::hasExpert() const { return s_->loaded ? bool(s_->expert) : s_->settings.has_value(); }

void GroundingPipeline::setModels(std::shared_ptr<reason::Reasoner> reasoner,
                                  std::shared_ptr<segment::SegmentationExpert> expert) {
    std::lock_guard<std::recursive_mutex> lock(s_->mutex);
    s_->settings.reset();
    s_->reasoner = std::move(reasoner);
    s_->expert = std::move(expert);
    s_->reasonerDescription = s_->reasoner ? s_->reasoner->description() : std::string();
    s_->cachedKey.clear();
    s_->loaded = true;
}

std::shared_ptr<reason::Reasoner> GroundingPipeline::reasoner() const { return s_->reasoner; }
std::shared_ptr<segment::SegmentationExpert> GroundingPipeline::expert() const { return s_->expert; }
void GroundingPipeline::forgetImage() {
    std::lock_guard<std::recursive_mutex> lock(s_->mutex);
    s_->cachedKey.clear();
}
const std::string& GroundingPipeline::cachedImageKey() const { return s_->cachedKey; }

GroundingResult GroundingPipeline::run(const GroundingRequest& req, const GroundingCallbacks& cb,
                                       const mr::CancelToken& cancel) {
    std::lock_guard<std::recursive_mutex> lock(s_->mutex);
    const auto tRun = Clock::now();
    GroundingResult r;
    r.question = req.question;
    r.image = req.image;
    r.imageKey = req.imageKey.empty() ? imageContentKey(req.image.rgb) : req.imageKey;

    auto finish = [&](GroundingOutcome outcome, std::string message) -> GroundingResult {
        r.outcome = outcome;
        r.message = std::move(message);
        const double ms = msSince(tRun);
        r.timings.push_back({Stage::Done, ms});
        StageStatus status = StageStatus::Finished;
        if (outcome == GroundingOutcome::Cancelled) status = StageStatus::Cancelled;
        if (outcome == GroundingOutcome::ModelLoadFailed || outcome == GroundingOutcome::ReasonerFailed ||
            outcome == GroundingOutcome::SegmentationFailed)
            status = StageStatus::Failed;
        if (cb.onStage) cb.onStage({Stage::Done, status, ms, r.message});
        return std::move(r);
    };
    if (cancel.cancelled()) return finish(GroundingOutcome::Cancelled, kCancelled);

    // 1. Models (loaded on first use when configured by settings).
    if (!s_->loaded) {
        const ReasonerSettings& rs = s_->settings->reasoner;
        const std::string where = !s_->settings->hasReasoner()          ? std::string()
                                  : rs.source == ReasonerSource::Server ? rs.server.baseUrl
                                                                        : rs.folder;
        StageClock stage(Stage::LoadingModel, r, cb, where);
        try {
            load(cb.onLoadProgress, cancel);
            const std::string summary = s_->reasoner ? s_->reasoner->loadReport().summary() : std::string();
            stage.end(StageStatus::Finished, summary.empty() ? s_->reasonerDescription : summary);
        } catch (const mr::Cancelled&) {
            stage.end(StageStatus::Cancelled);
            return finish(GroundingOutcome::Cancelled, kCancelled);
        } catch (const std::exception& e) {
            stage.end(StageStatus::Failed, e.what());
            return finish(GroundingOutcome::ModelLoadFailed,
                          std::string("the models could not be loaded: ") + e.what());
        }
    }
    r.reasonerDescription = s_->reasonerDescription;
    if (s_->reasoner) r.reasonerLoad = s_->reasoner->loadReport();
    r.expertName = s_->expert ? s_->expert->name() : std::string();
    if (!s_->reasoner)
        return finish(GroundingOutcome::NoReasoner,
                      "No reasoner model is configured: choose a Qwen2.5-VL model folder or a reasoner server in the "
                      "settings. Manual prompting (box and points) works without one.");
    if (cancel.cancelled()) return finish(GroundingOutcome::Cancelled, kCancelled);

    auto finishWith = [&](const Ending& end) { return finish(end.outcome, end.message); };
    if (auto end = reasonStage(*s_->reasoner, req, cb, cancel, r)) return finishWith(*end);
    if (auto end = answerStage(req, cb, cancel, r)) return finishWith(*end);
    if (!req.segment) return finish(GroundingOutcome::AnswerOnly, "");
    if (cancel.cancelled()) return finish(GroundingOutcome::Cancelled, kCancelled);
    if (!s_->expert)
        return finish(GroundingOutcome::SegmentationFailed,
                      "no segmentation expert is configured: the answer is kept, choose an expert in the settings");
    if (auto end = segmentStage(*this, req, cb, cancel, r)) return finishWith(*end);
    return finish(GroundingOutcome::Mask, "");
}

ManualPromptResult GroundingPipeline::segment(const segment::RgbImage& image, const std::string& imageKey,
                                              const segment::Prompts& prompts, const mr::CancelToken& cancel) {
    std::lock_guard<std::recursive_mutex> lock(s_->mutex);
    if (!s_->loaded) load({}, cancel);
    if (!s_->expert) throw mr::Error("no segmentation expert is configured");
    ManualPromptResult out;
    out.imageKey = imageKey.empty() ? imageContentKey(image) : imageKey;
    cancel.check();
    if (s_->cachedKey == out.imageKey && s_->expert->hasImage()) {
        out.embeddingReused = true;
    } else {
        s_->cachedKey.clear();  // a failed or cancelled setImage leaves nothing usable
        const auto t0 = Clock::now();
        s_->expert->setImage(image, cancel);
        out.setImageMs = msSince(t0);
        s_->cachedKey = out.imageKey;
    }
    cancel.check();
    const auto t0 = Clock::now();
    out.mask = s_->expert->predict(prompts, cancel);
    out.predictMs = msSince(t0);
    return out;
}

}  // namespace mr::ground
