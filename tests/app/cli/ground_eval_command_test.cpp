// `medreasoner ground` and `medreasoner eval` through their registered commands with the tiny
// fixture models, and the evaluation's inference mode (PipelinePredictor + ExpertMaskSegmenter)
// through the runner with a scripted reasoner that answers well.
#include <gtest/gtest.h>

#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/cli/command.h"
#include "engine/core/files.h"
#include "engine/dataset/umrg_records.h"
#include "engine/eval/expert_mask_segmenter.h"
#include "engine/eval/pipeline_predictor.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/segment/classical_expert.h"
#include "tests/engine/ground/eval_test_dataset.h"
#include "tests/engine/ground/fakes.h"

namespace fs = std::filesystem;
using mr::json::Value;

namespace {

const std::string kFixtures = MR_FIXTURES_DIR;
const std::string kReasonerDir = kFixtures + "/qwen2_5_vl-tiny";
const std::string kDir = std::string(MR_TEST_OUTPUT_DIR) + "/cli";

const mr::cli::Command& command(const std::string& name) {
    for (const auto& c : mr::cli::commands())
        if (c.name == name) return c;
    throw std::runtime_error("no command " + name);
}

std::string makeDataset(const std::string& name, int n) { return mr::test::makeDataset(kDir, name, n); }

std::string capture(const mr::cli::Command& c, const std::vector<std::string>& args, int& rc) {
    ::testing::internal::CaptureStdout();
    try {
        rc = c.run(args);
    } catch (...) {
        ::testing::internal::GetCapturedStdout();
        throw;
    }
    return ::testing::internal::GetCapturedStdout();
}

}  // namespace

TEST(GroundCli, RunsThePipelineHeadlessAndPrintsJson) {
    fs::create_directories(kDir);
    const std::string image = kDir + "/picture.png";
    mr::test::writeCase(image, "", 100, 100, 30, 40, 70, 75);
    const std::string out = kDir + "/mask.png";
    fs::remove(out);
    int rc = -1;
    const std::string text =
        capture(command("ground"),
                {"--reasoner", kReasonerDir, "--expert", "classical", image, "Where is the lesion?", "--out", out,
                 "--json", "--max-new-tokens", "8", "--device", "cpu"},
                rc);
    const Value j = mr::json::parse(text);
    EXPECT_EQ(j.at("question").asString(), "Where is the lesion?");
    EXPECT_EQ(j.at("image").at("kind").asString(), "original_colour");
    EXPECT_EQ(j.at("image").at("width").asInt(), 100);
    EXPECT_FALSE(j.at("raw_output").asString().empty());
    EXPECT_TRUE(j.at("timings_ms").contains("reasoning"));
    EXPECT_TRUE(j.at("timings_ms").contains("loading_model"));
    EXPECT_TRUE(j.at("issues").isArray());
    const std::string outcome = j.at("outcome").asString();
    if (outcome == "mask") {
        EXPECT_EQ(rc, 0);
        cv::Mat m = cv::imread(out, cv::IMREAD_UNCHANGED);
        ASSERT_FALSE(m.empty());
        EXPECT_EQ(m.cols, 100);
        EXPECT_EQ(m.rows, 100);
        EXPECT_EQ(j.at("out").asString(), out);
    } else {
        // The random tiny model writes no usable answer: a format message, no mask file.
        EXPECT_EQ(outcome, "format_issue");
        EXPECT_EQ(rc, 1);
        EXPECT_FALSE(fs::exists(out));
        EXPECT_TRUE(j.at("mask").isNull());
        EXPECT_TRUE(j.at("out").isNull());
        EXPECT_NE(j.at("message").asString().find("no usable answer"), std::string::npos);
        EXPECT_GT(j.at("issues").size(), 0u);
    }
}

TEST(GroundCli, UsageAndSettingsErrors) {
    const auto& ground = command("ground");
    const std::string image = kDir + "/picture.png";
    EXPECT_THROW(ground.run({image, "q", "--out", "m.png"}), mr::cli::UsageError);  // no --reasoner
    EXPECT_THROW(ground.run({"--reasoner", kReasonerDir, image, "--out", "m.png"}), mr::cli::UsageError);
    EXPECT_THROW(ground.run({"--reasoner", kReasonerDir, image, "q"}), mr::cli::UsageError);  // no --out
    EXPECT_THROW(ground.run({"--reasoner", kReasonerDir, "--expert-type", "sam", image, "q", "--out", "m.png"}),
                 mr::cli::UsageError);
    EXPECT_THROW(ground.run({"--reasoner", kReasonerDir, image, "q", "--out", "m.png", "--window", "40"}),
                 mr::cli::UsageError);
    EXPECT_THROW(ground.run({"--reasoner", kReasonerDir, "--expert", "sam_vit_b.pth", "--expert-image-size", "1024",
                             image, "q", "--out", "m.png"}),
                 mr::cli::UsageError);  // the image size is MedSAM2's
    try {
        ground.run({"--reasoner", kDir + "/no-model", "--expert", kDir + "/no-sam.pth", image, "q", "--out", "m.png"});
        FAIL() << "expected an error";
    } catch (const mr::Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("reasoner: "), std::string::npos) << what;
        EXPECT_NE(what.find("no-sam.pth: file does not exist"), std::string::npos) << what;
    }
}

TEST(EvalCli, EndToEndWithTheTinyModelsResumesAndShardsMergeToOneRun) {
    const std::string ds = makeDataset("ds", 4);
    const auto& eval = command("eval");
    const std::vector<std::string> common = {"--reasoner", kReasonerDir, "--expert", "classical", "--max-new-tokens",
                                             "8",          "--device",   "cpu",      "--quiet"};
    auto args = [&](std::vector<std::string> a) {
        a.insert(a.end(), common.begin(), common.end());
        return a;
    };
    int rc = -1;
    const std::string first = capture(eval, args({ds, "--out", kDir + "/full", "--json"}), rc);
    ASSERT_EQ(rc, 0);
    const Value summary = mr::json::parse(first);
    EXPECT_EQ(summary.at("total_samples").asInt(), 4);
    for (const char* f : {"results.jsonl", "summary.json", "results.csv", "report.html"})
        EXPECT_TRUE(fs::exists(kDir + "/full/" + f)) << f;
    const auto full = mr::eval::readResults(kDir + "/full/results.jsonl");
    ASSERT_EQ(full.size(), 4u);
    for (const auto& r : full) {
        EXPECT_TRUE(r.at("output").isString()) << mr::json::dump(r);
        EXPECT_NE(r.at("failure_kind").asString(), "predictor_error") << mr::json::dump(r);
        // With the expert as segmenter every sample has the three Dice columns (0 without an answer).
        for (const char* k : {"dice_bbox", "dice_points", "dice_joint"}) EXPECT_TRUE(r.at(k).isNumber()) << k;
        EXPECT_TRUE(r.at("timings_ms").contains("reasoning")) << mr::json::dump(r);
    }

    // Resume: nothing left to do, the results stay.
    const std::string before = mr::readFile(kDir + "/full/results.jsonl");
    const std::string again = capture(eval, args({ds, "--out", kDir + "/full"}), rc);
    ASSERT_EQ(rc, 0);
    EXPECT_NE(again.find("evaluated 0, resumed 4 of 4"), std::string::npos) << again;
    EXPECT_EQ(mr::readFile(kDir + "/full/results.jsonl"), before);

    // Two shards merged by `report` give the same per-sample results (timings aside).
    fs::remove_all(kDir + "/shards");
    for (int i = 0; i < 2; ++i) {
        capture(eval, args({ds, "--out", kDir + "/shards", "--shard", std::to_string(i) + "/2"}), rc);
        ASSERT_EQ(rc, 0);
    }
    EXPECT_FALSE(fs::exists(kDir + "/shards/report.html"));
    fs::remove_all(kDir + "/merged");
    capture(command("report"), {kDir + "/shards", "--out", kDir + "/merged"}, rc);
    ASSERT_EQ(rc, 0);
    const auto merged = mr::eval::readResults(kDir + "/merged/results.jsonl");
    ASSERT_EQ(merged.size(), full.size());
    for (size_t i = 0; i < full.size(); ++i)
        for (const char* k : {"id", "output", "failure_kind", "iou", "pdice", "dice_bbox", "dice_points", "dice_joint",
                              "reward_soft", "reward_hard"})
            EXPECT_EQ(mr::json::dump(merged[i].at(k)), mr::json::dump(full[i].at(k))) << k << " of " << i;

    EXPECT_THROW(eval.run({ds, "--out", kDir + "/x"}), mr::cli::UsageError);  // no --reasoner
    EXPECT_THROW(eval.run(args({ds})), mr::cli::UsageError);                  // no --out
    EXPECT_THROW(eval.run(args({ds, "--out", kDir + "/x", "--shard", "3/2"})), mr::cli::UsageError);
}

TEST(EvalInference, WellFormedAnswersGiveMasksForTheThreeDicePromptsOnceEach) {
    const std::string ds = makeDataset("ds-scripted", 3);
    // The scripted model answers with the ground-truth box of sample s1 for every sample, in the
    // dataset image's pixels (the model saw it unresized: 112x84).
    auto reasoner = std::make_shared<mr::ground::testing::ScriptedReasoner>(
        "<think>bright</think><answer>{'bbox': [24, 17, 64, 47], 'points_1': [34, 27], 'points_2': [54, 37]}</answer>",
        112, 84);
    auto pipeline = std::make_shared<mr::ground::GroundingPipeline>(reasoner, mr::segment::makeClassicalExpert());
    auto segmenter = std::make_shared<mr::eval::ExpertMaskSegmenter>(pipeline, "classical");
    mr::eval::PipelinePredictor predictor(pipeline, segmenter, {}, "scripted pipeline");
    mr::eval::RunOptions ro;
    ro.datasetDir = ds;
    ro.outDir = kDir + "/scripted-out";
    ro.segmenter = segmenter.get();
    fs::remove_all(ro.outDir);
    mr::eval::EvalRunner runner(ro, predictor);
    const auto stats = runner.run();
    EXPECT_EQ(stats.scored, 3u);
    EXPECT_EQ(segmenter->predictions(), 9) << "three prompts per sample, not recomputed by the runner";
    const auto results = mr::eval::readResults(stats.resultsPath);
    ASSERT_EQ(results.size(), 3u);
    const Value& s1 = results[1];
    EXPECT_EQ(s1.at("id").asString(), "s1");
    EXPECT_EQ(s1.at("failure_kind").asString(), "");
    EXPECT_NEAR(s1.at("iou").asDouble(), 1.0, 1e-6);
    EXPECT_GT(s1.at("dice_bbox").asDouble(), 0.8) << mr::json::dump(s1);
    EXPECT_GT(s1.at("dice_joint").asDouble(), 0.8) << mr::json::dump(s1);
    EXPECT_TRUE(s1.at("dice_points").isNumber());
    for (const char* k : {"reasoning", "segmenting", "total"}) EXPECT_TRUE(s1.at("timings_ms").contains(k)) << k;
    ASSERT_TRUE(predictor.lastResult().has_value());
    EXPECT_EQ(predictor.lastResult()->outcome, mr::ground::GroundingOutcome::AnswerOnly);

    // A reasoner failure is the sample's predictor_error, not the run's end.
    reasoner->throwAfterText = "<think>";
    mr::eval::PredictRequest req{"x", ds + "/images/s0.png", "Where?", nullptr};
    EXPECT_THROW(predictor.predict(req, {}), mr::Error);
    mr::eval::PredictRequest missing{"y", ds + "/images/none.png", "Where?", nullptr};
    EXPECT_THROW(predictor.predict(missing, {}), mr::Error);
}

TEST(EvalInference, CoordinatesFromAResizedModelImageAreScoredAsWrittenOrMapped) {
    const std::string ds = makeDataset("ds-resized", 2);
    // The model saw the 112x84 images at 56x42 and answers s1's box in its own pixels.
    const std::string output =
        "<think>half size</think><answer>{'bbox': [12, 8.5, 32, 23.5], 'points_1': [17, 13.5], 'points_2': [27, 18.5]}</answer>";
    auto reasoner = std::make_shared<mr::ground::testing::ScriptedReasoner>(output, 56, 42);
    auto pipeline = std::make_shared<mr::ground::GroundingPipeline>(reasoner, mr::segment::makeClassicalExpert());
    auto runWith = [&](mr::eval::AnswerCoordinates c, const std::string& out) {
        auto segmenter = std::make_shared<mr::eval::ExpertMaskSegmenter>(pipeline, "classical");
        mr::eval::PipelinePredictorOptions o;
        o.coordinates = c;
        mr::eval::PipelinePredictor predictor(pipeline, segmenter, o, "scripted");
        mr::eval::RunOptions ro;
        ro.datasetDir = ds;
        ro.outDir = kDir + "/" + out;
        ro.segmenter = segmenter.get();
        fs::remove_all(ro.outDir);
        mr::eval::EvalRunner runner(ro, predictor);
        return mr::eval::readResults(runner.run().resultsPath).at(1);
    };
    const Value written = runWith(mr::eval::AnswerCoordinates::AsWritten, "as-written");
    EXPECT_EQ(written.at("output").asString(), output);
    EXPECT_LT(written.at("iou").asDouble(), 0.2);
    const Value mapped = runWith(mr::eval::AnswerCoordinates::Original, "mapped");
    EXPECT_NEAR(mapped.at("iou").asDouble(), 1.0, 1e-6) << mr::json::dump(mapped);
    EXPECT_NE(
        mapped.at("output").asString().find("<think>half size</think><answer>{\"bbox\": [24.00, 17.00, 64.00, 47.00]"),
        std::string::npos)
        << mapped.at("output").asString();
    EXPECT_GT(mapped.at("dice_joint").asDouble(), 0.8);
    EXPECT_EQ(mr::eval::rewriteAnswerScaled("no answer", {1, 2, 3, 4}, {{{1, 1}, {2, 2}}}, 2, 2), "no answer");
}
