// The evaluation case viewer's data: a run keeps the masks it made in memory beside its results,
// and a case reads back the ground truth and the prediction, drawn as a label map part by part.
#include <gtest/gtest.h>

#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/files.h"
#include "engine/dataset/umrg_records.h"
#include "engine/eval/mask_file.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"
#include "engine/session/evaluation_case.h"
#include "engine/session/worklist.h"
#include "tests/support/scratch_dir.h"

namespace fs = std::filesystem;
using namespace mr::session;

namespace {

constexpr int kW = 40, kH = 30;

// A predictor whose answer is a fixed box and whose joint mask (made "in memory", as the
// pipeline's is) fills the box's left half: the truth is the whole box.
class HalfMaskPredictor : public mr::eval::Predictor {
public:
    std::optional<mr::eval::Prediction> predict(const mr::eval::PredictRequest&, const mr::CancelToken&) override {
        mr::eval::Prediction p;
        p.rawOutput =
            "<think>The lesion is bright.</think><answer>{\"bbox\": [10, 8, 30, 20], \"points_1\": [12, 10], "
            "\"points_2\": [18, 16]}</answer>";
        mr::Mask m{kW, kH, std::vector<uint8_t>(size_t(kW * kH), 0)};
        for (int y = 8; y < 20; ++y)
            for (int x = 10; x < 20; ++x) m.pixels[size_t(y * kW + x)] = 1;
        p.masks[mr::eval::kPromptJoint] = m;
        return p;
    }
    std::string describe() const override { return "half mask"; }
};

// A one-sample dataset whose ids need a safe file name ("a/1").
std::string makeDataset() {
    const std::string dir = mr::testing::freshDir("evaluation-case-dataset");
    fs::create_directories(dir + "/images");
    fs::create_directories(dir + "/masks");
    cv::imwrite(dir + "/images/1.png", cv::Mat(kH, kW, CV_8UC3, cv::Scalar(30, 30, 30)));
    cv::Mat mask(kH, kW, CV_8UC1, cv::Scalar(0));
    cv::rectangle(mask, cv::Point(10, 8), cv::Point(29, 19), cv::Scalar(255), cv::FILLED);
    cv::imwrite(dir + "/masks/1.png", mask);
    mr::dataset::UmrgRecord r;
    r.id = "a/1";
    r.image = "images/1.png";
    r.mask = "masks/1.png";
    r.question = "Where is the lesion?";
    r.bbox2d = {10, 8, 30, 20};
    r.point2d = {{{15, 12}, {25, 16}}};
    mr::dataset::saveRecords(dir + "/annotations.json", {r});
    return dir;
}

mr::imaging::Geometry grid() {
    mr::imaging::Geometry g;
    g.size = {kW, kH, 1};
    return g;
}

}  // namespace

TEST(EvaluationCase, ARunKeepsItsMasksAndTheCaseReadsTruthAndPrediction) {
    const std::string dataset = makeDataset(), out = mr::testing::freshDir("evaluation-case-results");
    HalfMaskPredictor predictor;
    mr::eval::EvalRunner({dataset, "", out}, predictor).run();
    const std::vector<mr::json::Value> results = mr::eval::readResults(out + "/results.jsonl");
    ASSERT_EQ(results.size(), 1u);
    // The id holds a '/': the file name is made safe (and unique by a hash), inside masks/.
    const std::string kept = results[0].at("mask_files").get("joint", "");
    EXPECT_EQ(kept.rfind("masks/a_1-", 0), 0u) << kept;
    EXPECT_EQ(fs::path(kept).parent_path(), "masks");
    EXPECT_NEAR(results[0].at("dice_joint").asDouble(), 2.0 * 120 / (120 + 240), 1e-6);  // the reference smooths Dice

    const EvaluationCase c = readEvaluationCase(out, "a/1");
    EXPECT_EQ(c.question, "Where is the lesion?");
    EXPECT_EQ(c.imagePath, dataset + "/images/1.png");
    EXPECT_NE(c.output.find("The lesion is bright."), std::string::npos);
    ASSERT_TRUE(c.truthMask && c.predictedMask);
    EXPECT_EQ(c.predictedMaskKind, "joint");
    EXPECT_EQ(std::count(c.truthMask->pixels.begin(), c.truthMask->pixels.end(), 1), 240);
    EXPECT_EQ(std::count(c.predictedMask->pixels.begin(), c.predictedMask->pixels.end(), 1), 120);
    ASSERT_TRUE(c.predictedBox);
    EXPECT_EQ(c.predictedBox->x2, 30);
    ASSERT_EQ(c.truthPoints.size(), 2u);
    EXPECT_EQ(c.truthPoints[1].x, 25);
    ASSERT_FALSE(c.scores.empty());
    EXPECT_EQ(c.scores[0].first, "iou");
    EXPECT_NEAR(c.scores[0].second, 1.0, 1e-6);
    EXPECT_TRUE(c.problems.empty());

    // The run read once serves every case until its files change.
    const EvaluationRun run = readEvaluationRun(out);
    EXPECT_EQ(run.results.size(), 1u);
    EXPECT_EQ(evaluationCaseOf(run, "a/1").output, c.output);
    EXPECT_TRUE(evaluationRunIsCurrent(run));
    EXPECT_THROW(evaluationCaseOf(run, "no-such-id"), WorklistError);
    std::string lines = mr::readFile(out + "/results.jsonl");
    mr::writeFileAtomic(out + "/results.jsonl", lines + lines.substr(0, lines.find('\n') + 1));  // resumed, say
    EXPECT_FALSE(evaluationRunIsCurrent(run));
    mr::writeFileAtomic(out + "/results.jsonl", lines);

    EXPECT_THROW(readEvaluationCase(out, "no-such-id"), WorklistError);
    EXPECT_THROW(readEvaluationCase(mr::testing::freshDir("evaluation-case-empty"), "a/1"), WorklistError);
    // A kept mask deleted since: the case still opens, and says what is missing.
    fs::remove(out + "/" + kept);
    const EvaluationCase without = readEvaluationCase(out, "a/1");
    EXPECT_FALSE(without.predictedMask);
    ASSERT_EQ(without.problems.size(), 1u);
    EXPECT_NE(without.problems[0].find("predicted mask"), std::string::npos);
}

TEST(EvaluationCase, TheLabelMapDrawsEachVisiblePartAndTheMasksOverlap) {
    EvaluationCase c;
    mr::Mask truth{kW, kH, std::vector<uint8_t>(size_t(kW * kH), 0)}, predicted = truth;
    truth.pixels[size_t(5 * kW + 5)] = predicted.pixels[size_t(5 * kW + 5)] = 1;  // both
    truth.pixels[size_t(5 * kW + 6)] = 1;                                         // missed
    predicted.pixels[size_t(5 * kW + 7)] = 1;                                     // extra
    c.truthMask = truth;
    c.predictedMask = predicted;
    c.truthBox = mr::Box{20, 10, 30, 20};
    c.predictedBox = mr::Box{-1e300, 0, 1e300, 5};  // absurd coordinates are left out, not drawn
    c.truthPoints = {{35, 25}};
    const auto at = [](const mr::imaging::LabelMap& m, int x, int y) { return m.labels.bytes()[y * kW + x]; };

    const mr::imaging::LabelMap all = caseLabelMap(c, {}, grid());
    EXPECT_EQ(at(all, 5, 5), kBothMasks);
    EXPECT_EQ(at(all, 6, 5), kTruthMask);
    EXPECT_EQ(at(all, 7, 5), kPredictedMask);
    EXPECT_EQ(at(all, 20, 15), kTruthBox);  // the outline, not the inside
    EXPECT_EQ(at(all, 25, 15), 0);
    EXPECT_EQ(at(all, 35, 25), kTruthPoints);
    EXPECT_EQ(all.table[kTruthMask].name, "Ground truth mask");
    EXPECT_TRUE(all.present[kTruthBox]);
    EXPECT_FALSE(all.present[kPredictedBox]);

    CaseLayers onlyTruth;
    onlyTruth.predictedMask = onlyTruth.predictedBox = onlyTruth.predictedPoints = false;
    onlyTruth.truthBox = false;
    const mr::imaging::LabelMap truthOnly = caseLabelMap(c, onlyTruth, grid());
    EXPECT_EQ(at(truthOnly, 5, 5), kTruthMask);  // without the prediction, the whole truth
    EXPECT_EQ(at(truthOnly, 7, 5), 0);
    EXPECT_EQ(at(truthOnly, 20, 15), 0);

    mr::imaging::Geometry other = grid();
    other.size = {kW + 1, kH, 1};  // masks of another size are left out
    const mr::imaging::LabelMap elsewhere = caseLabelMap(c, {}, other);
    EXPECT_FALSE(elsewhere.present[kBothMasks] || elsewhere.present[kTruthMask]);
}

TEST(EvaluationCase, IdsBecomeSafeDistinctFileNames) {
    EXPECT_EQ(mr::eval::fileNameOfId("000123"), "000123");
    EXPECT_NE(mr::eval::fileNameOfId("a/b"), mr::eval::fileNameOfId("a_b"));
    EXPECT_NE(mr::eval::fileNameOfId("a/b"), mr::eval::fileNameOfId("a:b"));
    EXPECT_EQ(mr::eval::fileNameOfId("..").find('/'), std::string::npos);
    EXPECT_NE(mr::eval::fileNameOfId(".."), "..");
}

TEST(MaskComparison, BothOnlyFirstAndOnlySecondAreLabelledAndNamed) {
    mr::Mask first{kW, kH, std::vector<uint8_t>(size_t(kW * kH), 0)}, second = first;
    first.pixels[0] = second.pixels[0] = 1;
    first.pixels[1] = 1;
    second.pixels[2] = 1;
    const mr::imaging::LabelMap map =
        maskComparisonMap(&first, &second, grid(), {"Both readers", "First reader only", "Second reader only"});
    EXPECT_EQ(map.labels.bytes()[0], kInBoth);
    EXPECT_EQ(map.labels.bytes()[1], kOnlyInFirst);
    EXPECT_EQ(map.labels.bytes()[2], kOnlyInSecond);
    EXPECT_EQ(map.labels.bytes()[3], 0);
    EXPECT_EQ(map.table[kOnlyInSecond].name, "Second reader only");
    EXPECT_TRUE(map.present[kInBoth] && map.present[kOnlyInFirst] && map.present[kOnlyInSecond]);
    EXPECT_FALSE(map.present[4]);
    // Without the second mask, all of the first is "first only".
    const mr::imaging::LabelMap alone = maskComparisonMap(&first, nullptr, grid(), {"b", "f", "s"});
    EXPECT_EQ(alone.labels.bytes()[0], kOnlyInFirst);
}
