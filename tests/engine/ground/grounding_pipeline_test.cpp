// The grounding pipeline with the tiny fixture models (Qwen2.5-VL reasoner, SAM expert), the
// classical expert and scripted fakes: streaming, stage events, the answer before segmentation,
// mapping from the model's resized image to original pixels, format issues, cancellation within
// one token, failures that keep the trace, and the manual path's embedding cache.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

#include "engine/ground/grounding_json.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/imaging/image.h"
#include "engine/reason/qwen_reasoner.h"
#include "engine/segment/classical_expert.h"
#include "tests/engine/ground/fakes.h"

using namespace mr::ground;
using mr::ground::testing::CountingExpert;
using mr::ground::testing::ScriptedReasoner;

namespace {

const std::string kFixtures = MR_FIXTURES_DIR;
const std::string kReasonerDir = kFixtures + "/qwen2_5_vl-tiny";
const std::string kSam = kFixtures + "/sam-tiny/model.safetensors";

// A dark picture with a bright square at [x1,x2) x [y1,y2).
ReasonerImage picture(int w, int h, int x1, int y1, int x2, int y2) {
    ReasonerImage r;
    r.kind = ImageKind::OriginalColour;
    r.rgb.width = w;
    r.rgb.height = h;
    r.rgb.rgb.assign(size_t(w) * size_t(h) * 3, 30);
    for (int y = y1; y < y2; ++y)
        for (int x = x1; x < x2; ++x)
            for (int c = 0; c < 3; ++c)
                r.rgb.rgb[(size_t(y) * size_t(w) + size_t(x)) * 3 + size_t(c)] = uint8_t(200 + 20 * c);
    return r;
}

std::shared_ptr<mr::reason::Reasoner> tinyReasoner() {
    static std::shared_ptr<mr::reason::Reasoner> r = [] {
        mr::reason::ReasonerLoadOptions o;
        o.device = "cpu";
        return std::shared_ptr<mr::reason::Reasoner>(mr::reason::QwenReasoner::load(kReasonerDir, o));
    }();
    return r;
}

std::shared_ptr<CountingExpert> countingClassical() {
    return std::make_shared<CountingExpert>(mr::segment::makeClassicalExpert());
}

const char* kGoodAnswer =
    "<think>The bright square is the target.</think><answer>{'bbox': [14, 14, 42, 28], 'points_1': [21, 18], "
    "'points_2': [35, 24]}</answer>";

struct Recorder {
    std::vector<StageEvent> events;
    std::vector<std::string> deltas;
    int answers = 0;
    bool answerBeforeSegmenting = false;
    GroundingCallbacks callbacks() {
        GroundingCallbacks cb;
        cb.onStage = [this](const StageEvent& e) {
            events.push_back(e);
            if (e.stage == Stage::Segmenting && e.status == StageStatus::Started) answerBeforeSegmenting = answers == 1;
        };
        cb.onTextDelta = [this](std::string_view d) { deltas.emplace_back(d); };
        cb.onAnswer = [this](const mr::reason::ParsedAnswer&, const GroundingResult&) { ++answers; };
        return cb;
    }
    std::vector<std::string> trace() const {
        std::vector<std::string> s;
        for (const auto& e : events) s.push_back(std::string(stageName(e.stage)) + ":" + stageStatusName(e.status));
        return s;
    }
};

}  // namespace

TEST(GroundingPipeline, TinyReasonerStreamsAndEndsWithAnswerOrPreciseFormatIssue) {
    // Lazy loading from settings: the first run reports the loading stage.
    ModelSettings settings;
    settings.reasoner.folder = kReasonerDir;
    settings.reasoner.device = "cpu";
    settings.expert.type = ExpertType::Classical;
    GroundingPipeline pipeline(settings);
    EXPECT_FALSE(pipeline.loaded());
    EXPECT_TRUE(pipeline.hasReasoner());

    GroundingRequest req;
    req.image = picture(100, 100, 30, 40, 70, 75);
    req.question = "Where is the bright lesion?";
    req.ask.maxNewTokens = 12;
    Recorder rec;
    GroundingResult r = pipeline.run(req, rec.callbacks());
    EXPECT_TRUE(pipeline.loaded());

    ASSERT_TRUE(r.reasoned) << r.message;
    EXPECT_GE(rec.deltas.size(), 3u) << "text should stream in several steps";
    std::string joined;
    for (const auto& d : rec.deltas) joined += d;
    EXPECT_EQ(joined, r.reply.text);
    EXPECT_EQ(r.streamedText, r.reply.text);
    EXPECT_GT(r.reply.modelWidth, 0);
    EXPECT_EQ(r.image.rgb.rgb, req.image.rgb.rgb) << "the exact image is kept";
    EXPECT_EQ(r.image.kind, ImageKind::OriginalColour);

    const auto t = rec.trace();
    ASSERT_GE(t.size(), 5u);
    EXPECT_EQ(t[0], "loading_model:started");
    EXPECT_EQ(t[1], "loading_model:finished");
    EXPECT_EQ(t[2], "encoding_image:started");
    EXPECT_EQ(t[3], "encoding_image:finished");
    EXPECT_EQ(t[4], "reasoning:started");
    EXPECT_EQ(t.back().substr(0, 5), "done:");
    EXPECT_GT(stageMs(r.timings, Stage::Reasoning), 0.0);
    EXPECT_EQ(rec.answers, 1);

    ASSERT_TRUE(r.answerParsed);
    if (r.answer.ok()) {
        EXPECT_TRUE(r.outcome == GroundingOutcome::Mask || r.outcome == GroundingOutcome::SegmentationFailed);
    } else {
        // The random tiny model writes no answer: the trace is kept, with a precise format message.
        EXPECT_EQ(r.outcome, GroundingOutcome::FormatIssue);
        EXPECT_FALSE(r.hasMask());
        EXPECT_FALSE(r.answer.issues.empty());
        EXPECT_NE(r.message.find("no usable answer"), std::string::npos) << r.message;
        EXPECT_NE(r.message.find(r.answer.errorSummary()), std::string::npos) << r.message;
        EXPECT_NE(r.message.find("by hand"), std::string::npos);
        EXPECT_EQ(t.back(), "done:finished");
        // The user can then prompt by hand on the same image (the classical expert).
        mr::segment::Prompts p;
        p.box = mr::Box{30, 40, 70, 75};
        ManualPromptResult m = pipeline.segment(r.image.rgb, r.imageKey, p);
        EXPECT_EQ(m.mask.width, 100);
        EXPECT_EQ(m.mask.height, 100);
    }
    const mr::json::Value j = groundingResultToJson(r);
    EXPECT_EQ(j.at("raw_output").asString(), r.reply.text);
    EXPECT_EQ(j.at("image").at("kind").asString(), "original_colour");
    EXPECT_TRUE(j.at("timings_ms").contains("reasoning"));
}

TEST(GroundingPipeline, CancelStopsWithinOneToken) {
    GroundingPipeline pipeline(tinyReasoner(), countingClassical());
    GroundingRequest req;
    req.image = picture(100, 100, 30, 40, 70, 75);
    req.question = "Where is the bright lesion?";
    req.ask.maxNewTokens = 16;
    mr::CancelToken cancel;
    int deltasAfterCancel = 0;
    bool cancelled = false;
    GroundingCallbacks cb;
    cb.onTextDelta = [&](std::string_view) {
        if (cancelled) ++deltasAfterCancel;
        cancel.cancel();
        cancelled = true;
    };
    std::vector<StageEvent> events;
    cb.onStage = [&](const StageEvent& e) { events.push_back(e); };
    GroundingResult r = pipeline.run(req, cb, cancel);
    EXPECT_TRUE(cancelled);
    EXPECT_EQ(deltasAfterCancel, 0);
    EXPECT_EQ(r.outcome, GroundingOutcome::Cancelled);
    EXPECT_TRUE(r.reply.cancelled);
    EXPECT_EQ(r.reply.stopReason, "cancelled");
    EXPECT_LT(r.reply.timings.generatedTokens, 16);
    EXPECT_FALSE(r.reply.text.empty()) << "the text so far is kept";
    EXPECT_FALSE(r.hasMask());
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().stage, Stage::Done);
    EXPECT_EQ(events.back().status, StageStatus::Cancelled);

    // Cancelled before it starts: nothing runs.
    mr::CancelToken early;
    early.cancel();
    GroundingResult r2 = pipeline.run(req, {}, early);
    EXPECT_EQ(r2.outcome, GroundingOutcome::Cancelled);
    EXPECT_FALSE(r2.reasoned);
}

TEST(GroundingPipeline, WellFormedAnswerIsMappedFromTheModelImageAndSegmented) {
    // The image is 120x90; the (scripted) model saw it resized to 56x42.
    auto reasoner = std::make_shared<ScriptedReasoner>(kGoodAnswer, 56, 42);
    auto expert = countingClassical();
    GroundingPipeline pipeline(reasoner, expert);
    GroundingRequest req;
    req.image = picture(120, 90, 30, 30, 90, 60);
    req.question = "Where is the bright square?";
    Recorder rec;
    GroundingResult r = pipeline.run(req, rec.callbacks());

    ASSERT_EQ(r.outcome, GroundingOutcome::Mask) << r.message;
    EXPECT_EQ(reasoner->seenWidth, 120);
    EXPECT_EQ(reasoner->seenPixels, req.image.rgb.rgb);
    EXPECT_GE(rec.deltas.size(), 5u);
    EXPECT_TRUE(rec.answerBeforeSegmenting) << "the answer is delivered before the expert runs";
    ASSERT_TRUE(r.answer.ok());
    const double sx = 120.0 / 56, sy = 90.0 / 42;
    EXPECT_NEAR(r.answer.box->x1, 14 * sx, 1e-9);
    EXPECT_NEAR(r.answer.box->y1, 14 * sy, 1e-9);
    EXPECT_NEAR(r.answer.box->x2, 42 * sx, 1e-9);
    EXPECT_NEAR(r.answer.box->y2, 28 * sy, 1e-9);
    EXPECT_NEAR(r.answer.point1->x, 21 * sx, 1e-9);
    EXPECT_NEAR(r.answer.point2->y, 24 * sy, 1e-9);
    EXPECT_NEAR(r.answerModel.box->x2, 42, 1e-12);

    // The expert got the mapped box and both points as positive clicks.
    ASSERT_TRUE(expert->lastPrompts.box);
    EXPECT_NEAR(expert->lastPrompts.box->x2, 42 * sx, 1e-9);
    ASSERT_EQ(expert->lastPrompts.points.size(), 2u);
    EXPECT_TRUE(expert->lastPrompts.points[0].positive);
    EXPECT_TRUE(expert->lastPrompts.points[1].positive);
    EXPECT_NEAR(expert->lastPrompts.points[1].x, 35 * sx, 1e-9);

    ASSERT_TRUE(r.hasMask());
    EXPECT_EQ(r.mask->width, 120);
    EXPECT_EQ(r.mask->height, 90);
    ASSERT_EQ(r.bestMask()->size(), size_t(120 * 90));
    const MaskStats s = maskStats(*r.mask);
    EXPECT_GT(s.area, 0u);
    ASSERT_TRUE(s.bounds);
    EXPECT_GE((*s.bounds)[0], 25);  // inside the box the answer gave (30..90 x 30..60)
    EXPECT_LE((*s.bounds)[2], 92);

    const auto t = rec.trace();
    const std::vector<std::string> expected = {
        "encoding_image:started", "encoding_image:finished", "reasoning:started", "reasoning:finished",
        "segmenting:started",     "segmenting:finished",     "done:finished"};
    EXPECT_EQ(t, expected);
    EXPECT_EQ(r.message, "");

    const mr::json::Value j = groundingResultToJson(r);
    EXPECT_EQ(j.at("outcome").asString(), "mask");
    EXPECT_NEAR(j.at("answer").at("bbox")[2].asDouble(), 42 * sx, 1e-6);
    EXPECT_EQ(j.at("mask").at("width").asInt(), 120);
    EXPECT_GT(j.at("mask").at("set_image_ms").asDouble(), 0.0);
    EXPECT_FALSE(j.at("mask").at("embedding_reused").asBool());
    EXPECT_TRUE(j.at("timings_ms").contains("segmenting"));
    EXPECT_TRUE(j.at("timings_ms").contains("total"));
}

TEST(GroundingPipeline, SamExpertMakesAMaskAtOriginalSizeAndRefinesWithThePreviousMask) {
    auto reasoner = std::make_shared<ScriptedReasoner>(kGoodAnswer, 56, 42);
    auto sam = std::make_shared<CountingExpert>(
        mr::segment::loadSamExpert(kSam, mr::segment::SamVariant::Sam, mr::nn::parseDeviceChoice("cpu")));
    GroundingPipeline pipeline(reasoner, sam);
    GroundingRequest req;
    req.image = picture(120, 90, 30, 30, 90, 60);
    req.question = "Where is the bright square?";
    req.imageKey = "case-1#0";
    GroundingResult r = pipeline.run(req);
    ASSERT_EQ(r.outcome, GroundingOutcome::Mask) << r.message;
    EXPECT_EQ(r.mask->width, 120);
    EXPECT_EQ(r.mask->height, 90);
    EXPECT_EQ(sam->setImageCalls, 1);
    EXPECT_EQ(pipeline.cachedImageKey(), "case-1#0");

    // Fix the mask by hand: a negative click and the previous low-res mask; same image, no re-embedding.
    mr::segment::Prompts p = *r.prompts;
    p.points.push_back({40, 40, false});
    p.previousLowResMask = r.mask->lowResLogits;
    ManualPromptResult m = pipeline.segment(req.image.rgb, "case-1#0", p);
    EXPECT_TRUE(m.embeddingReused);
    EXPECT_EQ(sam->setImageCalls, 1);
    EXPECT_EQ(sam->predictCalls, 2);
    EXPECT_EQ(m.mask.width, 120);
}

TEST(GroundingPipeline, MalformedAnswerKeepsTheTraceWithAFormatMessage) {
    auto reasoner = std::make_shared<ScriptedReasoner>(
        "<think>Probably the square.</think><answer>{'bbox': [14, 14, 42, 28], 'points_1': [21, 18]}</answer>", 56, 42);
    auto expert = countingClassical();
    GroundingPipeline pipeline(reasoner, expert);
    GroundingRequest req;
    req.image = picture(120, 90, 30, 30, 90, 60);
    req.question = "Where?";
    GroundingResult r = pipeline.run(req);
    EXPECT_EQ(r.outcome, GroundingOutcome::FormatIssue);
    EXPECT_FALSE(r.hasMask());
    EXPECT_EQ(expert->predictCalls, 0);
    EXPECT_TRUE(r.answer.hasIssue(mr::reason::AnswerIssueKind::MissingKey));
    EXPECT_NE(r.message.find("points_2"), std::string::npos) << r.message;
    EXPECT_EQ(r.answer.think, "Probably the square.");
    EXPECT_NE(r.reply.text.find("points_1"), std::string::npos);
}

TEST(GroundingPipeline, FailingExpertKeepsTraceAndAnswer) {
    auto reasoner = std::make_shared<ScriptedReasoner>(kGoodAnswer, 56, 42);
    auto expert = countingClassical();
    expert->failPredict = true;
    GroundingPipeline pipeline(reasoner, expert);
    GroundingRequest req;
    req.image = picture(120, 90, 30, 30, 90, 60);
    req.question = "Where?";
    Recorder rec;
    GroundingResult r = pipeline.run(req, rec.callbacks());
    EXPECT_EQ(r.outcome, GroundingOutcome::SegmentationFailed);
    EXPECT_EQ(r.reply.text, kGoodAnswer);
    EXPECT_TRUE(r.answer.ok());
    EXPECT_TRUE(r.prompts.has_value());
    EXPECT_FALSE(r.hasMask());
    EXPECT_NE(r.message.find("scripted"), std::string::npos) << r.message;
    const auto t = rec.trace();
    ASSERT_GE(t.size(), 2u);
    EXPECT_EQ(t[t.size() - 2], "segmenting:failed");
    EXPECT_EQ(t.back(), "done:failed");
}

TEST(GroundingPipeline, FailingReasonerKeepsWhatWasStreamed) {
    auto reasoner = std::make_shared<ScriptedReasoner>(kGoodAnswer, 56, 42);
    reasoner->throwAfterText = "<think>The sq";
    GroundingPipeline pipeline(reasoner, countingClassical());
    GroundingRequest req;
    req.image = picture(60, 60, 10, 10, 40, 40);
    req.question = "Where?";
    GroundingResult r = pipeline.run(req);
    EXPECT_EQ(r.outcome, GroundingOutcome::ReasonerFailed);
    EXPECT_EQ(r.streamedText, "<think>The sq");
    EXPECT_NE(r.message.find("out of memory"), std::string::npos);

    // Bad input is a message, not an exception.
    reasoner->throwAfterText.clear();
    req.question.clear();
    GroundingResult r2 = pipeline.run(req);
    EXPECT_EQ(r2.outcome, GroundingOutcome::ReasonerFailed);
    EXPECT_NE(r2.message.find("question is empty"), std::string::npos);
    GroundingRequest bad;
    bad.question = "Where?";
    EXPECT_EQ(pipeline.run(bad).outcome, GroundingOutcome::ReasonerFailed);
}

TEST(GroundingPipeline, ManualPromptingReusesTheEmbeddingOfTheSameImage) {
    auto reasoner = std::make_shared<ScriptedReasoner>(kGoodAnswer, 56, 42);
    auto expert = countingClassical();
    GroundingPipeline pipeline(reasoner, expert);
    GroundingRequest req;
    req.image = picture(120, 90, 30, 30, 90, 60);
    req.question = "Where?";
    req.imageKey = "series-7#12#40/400";
    GroundingResult r = pipeline.run(req);
    ASSERT_EQ(r.outcome, GroundingOutcome::Mask) << r.message;
    EXPECT_FALSE(r.embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 1);

    mr::segment::Prompts p;
    p.box = mr::Box{28, 28, 92, 62};
    p.points = {{60, 45, true}, {5, 5, false}};
    ManualPromptResult m1 = pipeline.segment(req.image.rgb, req.imageKey, p);
    EXPECT_TRUE(m1.embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 1);
    mr::segment::Prompts onlyPoints;
    onlyPoints.points = {{60, 45, true}};
    ManualPromptResult m2 = pipeline.segment(req.image.rgb, req.imageKey, onlyPoints);
    EXPECT_TRUE(m2.embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 1);
    EXPECT_EQ(expert->predictCalls, 3);

    // Another image key embeds again; an empty key identifies the image by its pixels.
    const ReasonerImage other = picture(80, 80, 10, 10, 50, 50);
    EXPECT_FALSE(pipeline.segment(other.rgb, "", onlyPoints).embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 2);
    EXPECT_TRUE(pipeline.segment(other.rgb, "", onlyPoints).embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 2);
    EXPECT_EQ(pipeline.cachedImageKey(), imageContentKey(other.rgb));
    // The same image under the pipeline's automatic run reuses it as well.
    req.image = other;
    req.imageKey.clear();
    GroundingResult r2 = pipeline.run(req);
    EXPECT_TRUE(r2.embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 2);
    pipeline.forgetImage();
    EXPECT_FALSE(pipeline.segment(other.rgb, "", onlyPoints).embeddingReused);
    EXPECT_EQ(expert->setImageCalls, 3);

    // Bad prompts are errors of the manual call (the GUI shows them).
    mr::segment::Prompts outside;
    outside.box = mr::Box{500, 500, 600, 600};
    EXPECT_THROW(pipeline.segment(other.rgb, "", outside), mr::Error);
}

TEST(GroundingPipeline, WithoutAReasonerManualPromptingWithTheClassicalExpertWorks) {
    ModelSettings settings;  // no reasoner folder, classical expert
    GroundingPipeline pipeline(settings);
    EXPECT_FALSE(pipeline.hasReasoner());
    GroundingRequest req;
    req.image = picture(100, 100, 30, 40, 70, 75);
    req.question = "Where?";
    GroundingResult r = pipeline.run(req);
    EXPECT_EQ(r.outcome, GroundingOutcome::NoReasoner);
    EXPECT_NE(r.message.find("reasoner model"), std::string::npos);
    EXPECT_FALSE(r.reasoned);

    mr::segment::Prompts p;
    p.box = mr::Box{28, 38, 72, 77};
    ManualPromptResult m = pipeline.segment(req.image.rgb, "", p);
    ASSERT_EQ(m.mask.masks.size(), 1u);
    size_t inside = 0, outsideBox = 0;
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 100; ++x) {
            const bool fg = m.mask.masks[0][size_t(y) * 100 + size_t(x)] != 0;
            const bool inSquare = x >= 30 && x < 70 && y >= 40 && y < 75;
            inside += fg && inSquare;
            outsideBox += fg && !inSquare;
        }
    EXPECT_GT(inside, 1000u);
    EXPECT_LT(outsideBox, 200u);
}

TEST(GroundingPipeline, ReasonerImageRecordsTheWindowedSlice) {
    mr::imaging::Geometry g;
    g.size = {40, 30, 3};
    mr::imaging::Image ct(mr::imaging::PixelType::Int16, g);
    auto* v = ct.data<int16_t>();
    for (int64_t i = 0; i < g.voxelCount(); ++i) v[i] = int16_t(-1000 + (i % 40) * 50);
    const ReasonerImage r = reasonerImageFromSlice(ct, 1, mr::imaging::WindowLevel{40, 400});
    EXPECT_EQ(r.kind, ImageKind::SliceAsDisplayed);
    EXPECT_EQ(r.describe(), "slice 1 as displayed, window C/W 40/400");
    EXPECT_EQ(r.rgb.width, 40);
    EXPECT_EQ(r.rgb.rgb.size(), size_t(40 * 30 * 3));
    EXPECT_EQ(r.rgb.rgb, mr::imaging::renderSliceRgb(ct, 1, mr::imaging::WindowLevel{40, 400}));
    EXPECT_THROW(reasonerImageFromSlice(ct, 3), mr::Error);

    mr::imaging::Geometry g2;
    g2.size = {10, 10, 1};
    mr::imaging::Image photo(mr::imaging::PixelType::Rgb8, g2);
    EXPECT_EQ(reasonerImageFromSlice(photo, 0).describe(), "original colour");
    EXPECT_FALSE(reasonerImageFromSlice(photo, 0).window.has_value());
}

TEST(GroundingPipeline, AManualSegmentationFromAnotherThreadWaitsForTheRunningQuery) {
    auto reasoner = std::make_shared<ScriptedReasoner>(kGoodAnswer, 56, 42, 8);
    auto expert = countingClassical();
    GroundingPipeline pipeline(reasoner, expert);
    GroundingRequest req;
    req.image = picture(120, 90, 30, 30, 90, 60);
    req.question = "Where?";
    std::atomic<bool> streaming{false}, runDone{false};
    std::atomic<bool> manualFinishedBeforeRun{false};
    GroundingCallbacks cb;
    cb.onTextDelta = [&](std::string_view) {
        streaming = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(15));
    };
    std::thread worker([&] {
        GroundingResult r = pipeline.run(req, cb);
        EXPECT_EQ(r.outcome, GroundingOutcome::Mask) << r.message;
        runDone = true;
    });
    while (!streaming) std::this_thread::yield();
    mr::segment::Prompts p;
    p.points = {{60, 45, true}};
    ManualPromptResult m = pipeline.segment(req.image.rgb, "", p);
    manualFinishedBeforeRun = !runDone;
    worker.join();
    EXPECT_FALSE(manualFinishedBeforeRun);
    EXPECT_EQ(m.mask.width, 120);
    EXPECT_TRUE(m.embeddingReused) << "the run embedded this image just before";
    EXPECT_EQ(expert->setImageCalls, 1);
}
