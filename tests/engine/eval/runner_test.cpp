// The evaluation runner end to end on a small generated U-MRG dataset: scoring, failure reasons for
// malformed outputs, resume after an interruption, shards + merge equal to one run, reports.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/files.h"
#include "engine/dataset/umrg_records.h"
#include "engine/eval/answer_parser.h"
#include "engine/eval/progress_bar.h"
#include "engine/eval/report.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"
#include "engine/eval/summary.h"

namespace fs = std::filesystem;
using mr::json::Value;
using namespace mr::eval;

namespace {

const std::string kRoot = std::string(MR_TEST_OUTPUT_DIR) + "/runner";
const int kW = 64, kH = 48;

std::string answer(int x1, int y1, int x2, int y2, int px1, int py1, int px2, int py2, bool single = false) {
    char buf[256];
    std::snprintf(
        buf, sizeof buf,
        single
            ? "<think>reasoning</think><answer>{'bbox': [%d, %d, %d, %d], 'points_1': [%d, %d], 'points_2': [%d, %d]}</answer>"
            : "<think>reasoning</think><answer>{\"bbox\": [%d, %d, %d, %d], \"points_1\": [%d, %d], \"points_2\": [%d, %d]}</answer>",
        x1, y1, x2, y2, px1, py1, px2, py2);
    return buf;
}

// Writes a 14-sample dataset and a predictions file with good, imperfect and malformed outputs.
// Returns {datasetDir, predictionsPath}.
std::pair<std::string, std::string> makeDataset(const std::string& name) {
    const std::string dir = kRoot + "/" + name;
    fs::remove_all(dir);
    fs::create_directories(dir + "/images");
    fs::create_directories(dir + "/masks");
    fs::create_directories(dir + "/pred_masks");
    const char* supers[] = {"abdomen", "chest", "brain"};
    const char* cats[] = {"liver", "lung nodule", "tumor", "kidney"};
    const char* mods[] = {"CT", "X-ray", "MRI"};
    std::vector<mr::dataset::UmrgRecord> recs;
    std::ofstream preds(dir + "/predictions.jsonl");
    for (int i = 0; i < 14; ++i) {
        mr::dataset::UmrgRecord r;
        r.id = std::to_string(100 + i * 5 % 14);  // unsorted ids on disk
        const int x1 = 8 + i, y1 = 6 + i % 5, x2 = x1 + 20, y2 = y1 + 16;
        r.image = "images/" + r.id + ".png";
        r.mask = "masks/" + r.id + ".png";
        r.question = "Where is the finding " + std::to_string(i) + "?";
        r.bbox2d = {double(x1), double(y1), double(x2), double(y2)};
        r.point2d = {{{double(x1 + 4), double(y1 + 4)}, {double(x2 - 4), double(y2 - 4)}}};
        r.category = cats[i % 4];
        r.supercategory = supers[i % 3];
        r.modality = mods[i % 3];
        cv::Mat img(kH, kW, CV_8UC3, cv::Scalar(20, 20, 20));
        cv::rectangle(img, cv::Point(x1, y1), cv::Point(x2, y2), cv::Scalar(200, 180, 160), cv::FILLED);
        if (!cv::imwrite(dir + "/" + r.image, img)) throw std::runtime_error("cannot write test image");
        cv::Mat mask(kH, kW, CV_8UC1, cv::Scalar(0));
        cv::rectangle(mask, cv::Point(x1, y1), cv::Point(x2 - 1, y2 - 1), cv::Scalar(255), cv::FILLED);
        cv::imwrite(dir + "/" + r.mask, mask);
        recs.push_back(r);

        Value p = Value::object();
        p.set("id", r.id);
        std::string out;
        switch (i) {
            case 0: out = answer(x1, y1, x2, y2, x1 + 4, y1 + 4, x2 - 4, y2 - 4); break;                // perfect
            case 1: out = answer(x1 + 3, y1, x2 + 3, y2, x1 + 5, y1 + 4, x2 - 2, y2 - 4, true); break;  // single quotes
            case 2: out = "<think>hmm</think> the liver"; break;                                        // no answer
            case 3: out = "<think>x</think><answer>{'bbox': [1, 2, 3, </answer>"; break;                // truncated
            case 4:
                out = "<think>x</think><answer>{'bbox': [1, 2, 30, 20], 'points_1': [3, 4]}</answer>";
                break;                                                                      // missing key
            case 5: out = answer(x1, y1, 400, 300, x1 + 4, y1 + 4, x2 - 4, y2 - 4); break;  // outside the image
            case 6: out = "<answer>{bbox: [1, 2, 3, 4]}</answer>"; break;                   // not JSON
            case 7: continue;                                                               // no prediction line
            case 8: out = "<think>x</think><answer>[1, 2, 3, 4]</answer>"; break;           // not an object
            default: out = answer(x1 + i % 3, y1, x2, y2 - i % 4, x1 + 3, y1 + 5, x2 - 6, y2 - 3); break;
        }
        p.set(i % 2 ? "output" : "predict", out);
        Value t = Value::object();
        t.set("reason", 100.0 + i);
        t.set("segment", 10.0 + i);
        p.set("timings_ms", t);
        if (i == 0 || i == 9) {
            cv::Mat pm(kH, kW, CV_8UC1, cv::Scalar(0));
            cv::rectangle(pm, cv::Point(x1, y1), cv::Point(x2 - 1 - (i == 9 ? 5 : 0), y2 - 1), cv::Scalar(255),
                          cv::FILLED);
            cv::imwrite(dir + "/pred_masks/" + r.id + ".png", pm);
            p.set("mask", "pred_masks/" + r.id + ".png");
            p.set("mask_bbox", "pred_masks/" + r.id + ".png");
        }
        if (i == 10) p.set("mask_points", "pred_masks/does-not-exist.png");
        preds << mr::json::dump(p) << "\n";
    }
    mr::dataset::saveRecords(dir + "/annotations.json", recs);
    return {dir, dir + "/predictions.jsonl"};
}

std::map<std::string, Value> byId(const std::vector<Value>& results) {
    std::map<std::string, Value> m;
    for (const auto& r : results) m[r.at("id").asString()] = r;
    return m;
}

RunStats runInto(const std::string& ds, const std::string& preds, const std::string& out, Shard shard = {}) {
    PredictionsFile p(preds);
    EvalRunner runner({ds, "", out, shard}, p);
    return runner.run();
}

std::string read(const std::string& path) { return mr::readFile(path); }

// Cancels the run after `limit` predictions, like a Ctrl-C or a job killed mid-way.
class StoppingPredictor : public Predictor {
public:
    StoppingPredictor(Predictor& inner, int limit, mr::CancelToken token)
        : inner_(inner), limit_(limit), token_(token) {}
    std::optional<Prediction> predict(const PredictRequest& r, const mr::CancelToken& c) override {
        if (++calls_ >= limit_) token_.cancel();
        return inner_.predict(r, c);
    }
    std::string describe() const override { return inner_.describe(); }

private:
    Predictor& inner_;
    int limit_, calls_ = 0;
    mr::CancelToken token_;
};

// Hangs at its 7th sample (like a stuck model) so that the kill lands in the middle of the run.
class HangingPredictor : public Predictor {
public:
    explicit HangingPredictor(Predictor& inner) : inner_(inner) {}
    std::optional<Prediction> predict(const PredictRequest& r, const mr::CancelToken& c) override {
        if (++calls_ == 7) std::this_thread::sleep_for(std::chrono::seconds(60));
        return inner_.predict(r, c);
    }
    std::string describe() const override { return inner_.describe(); }

private:
    Predictor& inner_;
    int calls_ = 0;
};

// Fills the prompted box (box and joint prompts) or the box spanned by the points.
class BoxFillSegmenter : public MaskSegmenter {
public:
    bool fail = false;
    std::map<std::string, MaskImage> segment(const std::string& imagePath, const mr::Box& box, const PointPair& pts,
                                             const mr::CancelToken&) override {
        if (fail) throw mr::Error("no model");
        cv::Mat img = cv::imread(imagePath);
        if (img.empty()) throw mr::Error("cannot read " + imagePath);
        auto fill = [&](double x1, double y1, double x2, double y2) {
            MaskImage m{img.cols, img.rows, std::vector<uint8_t>(size_t(img.cols * img.rows), 0)};
            for (int y = 0; y < img.rows; ++y)
                for (int x = 0; x < img.cols; ++x)
                    if (x >= x1 && x < x2 && y >= y1 && y < y2) m.pixels[size_t(y * img.cols + x)] = 1;
            return m;
        };
        return {{kPromptBox, fill(box.x1, box.y1, box.x2, box.y2)},
                {kPromptPoints, fill(pts[0].x, pts[0].y, pts[1].x, pts[1].y)},
                {kPromptJoint, fill(box.x1, box.y1, box.x2, box.y2)}};
    }
    std::string describe() const override { return "box fill"; }
};

class ThrowingPredictor : public Predictor {
public:
    std::optional<Prediction> predict(const PredictRequest& r, const mr::CancelToken&) override {
        if (r.id == "103") throw mr::Error("model crashed");
        Prediction p;
        p.rawOutput =
            "<think>t</think><answer>{'bbox': [1, 1, 10, 10], 'points_1': [2, 2], 'points_2': [8, 8]}</answer>";
        p.masks[kPromptJoint] = MaskImage{kW, kH, std::vector<uint8_t>(size_t(kW * kH), 1)};
        return p;
    }
    std::string describe() const override { return "throwing"; }
};

}  // namespace

TEST(Runner, ScoresEverySampleWithReasons) {
    auto [ds, preds] = makeDataset("e2e");
    const std::string out = ds + "/out";
    RunStats st = runInto(ds, preds, out);
    EXPECT_EQ(st.samples, 14u);
    EXPECT_EQ(st.scored, 14u);
    EXPECT_EQ(st.resumed, 0u);

    const auto results = readResults(out + "/results.jsonl");
    ASSERT_EQ(results.size(), 14u);
    // Deterministic order: sorted by id.
    for (size_t i = 1; i < results.size(); ++i)
        EXPECT_TRUE(idLess(results[i - 1].at("id").asString(), results[i].at("id").asString()));
    auto m = byId(results);

    const Value& perfect = m.at("100");
    EXPECT_TRUE(perfect.at("parse_ok").asBool());
    EXPECT_NEAR(perfect.at("iou").asDouble(), 1.0, 1e-6);
    EXPECT_NEAR(perfect.at("pdice").asDouble(), 2.0, 1e-4);
    EXPECT_NEAR(perfect.at("dice_joint").asDouble(), 1.0, 1e-6);
    EXPECT_NEAR(perfect.at("dice_bbox").asDouble(), 1.0, 1e-6);
    EXPECT_TRUE(perfect.at("dice_points").isNull());
    EXPECT_EQ(perfect.at("failure_kind").asString(), "");
    EXPECT_EQ(perfect.at("think").asString(), "reasoning");
    EXPECT_NEAR(perfect.at("reward_soft").at("score").asDouble(), 4.0, 1e-4);
    EXPECT_NEAR(perfect.at("latency_ms").asDouble(), 110.0, 1e-9);  // sum of the stages
    EXPECT_EQ(perfect.at("image_size")[0].asInt(), kW);

    // Ids on disk: sample i has id 100 + (5 i mod 14).
    auto idOf = [](int i) { return std::to_string(100 + i * 5 % 14); };
    EXPECT_TRUE(m.at(idOf(1)).at("parse_ok").asBool());  // single quotes are fine
    EXPECT_GT(m.at(idOf(1)).at("iou").asDouble(), 0.5);
    EXPECT_EQ(m.at(idOf(2)).at("failure_kind").asString(), failure::kNoAnswer);
    EXPECT_EQ(m.at(idOf(3)).at("failure_kind").asString(), failure::kInvalidJson);
    EXPECT_EQ(m.at(idOf(4)).at("failure_kind").asString(), failure::kMissingKey);
    EXPECT_EQ(m.at(idOf(5)).at("failure_kind").asString(), failure::kOutOfImage);
    EXPECT_GT(m.at(idOf(5)).at("iou").asDouble(), 0.0);  // still scored, as the reference does
    EXPECT_EQ(m.at(idOf(6)).at("failure_kind").asString(), failure::kInvalidJson);
    EXPECT_EQ(m.at(idOf(7)).at("failure_kind").asString(), failure::kMissingPrediction);
    EXPECT_TRUE(m.at(idOf(7)).at("output").isNull());
    EXPECT_EQ(m.at(idOf(8)).at("failure_kind").asString(), failure::kNotObject);
    for (int i : {2, 3, 4, 6, 7, 8}) {
        EXPECT_EQ(m.at(idOf(i)).at("iou").asDouble(), 0.0);
        EXPECT_FALSE(m.at(idOf(i)).at("failure_reason").asString().empty());
        EXPECT_FALSE(m.at(idOf(i)).at("parse_ok").asBool());
    }
    EXPECT_NEAR(m.at(idOf(4)).at("reward_soft").at("format_seg").asDouble(), 0.4, 1e-9);
    EXPECT_LT(m.at(idOf(9)).at("dice_joint").asDouble(), 1.0);
    EXPECT_EQ(m.at(idOf(10)).at("dice_points").asDouble(), 0.0);  // unreadable predicted mask
    EXPECT_GT(m.at(idOf(10)).at("warnings").size(), 0u);

    // Summary and reports.
    Value s = summarize(results);
    EXPECT_EQ(s.at("total_samples").asInt(), 14);
    EXPECT_EQ(s.at("parse_failures").asInt(), 5);  // 2, 3, 4, 6, 8
    EXPECT_NEAR(s.at("parse_failure_rate").asDouble(), 5.0 / 14, 1e-12);
    EXPECT_EQ(s.at("missing_predictions").asInt(), 1);
    EXPECT_EQ(s.at("out_of_image").asInt(), 1);
    EXPECT_EQ(s.at("per_supercategory").size(), 3u);
    EXPECT_EQ(s.at("per_category").size(), 4u);
    EXPECT_EQ(s.at("per_modality").size(), 3u);
    EXPECT_EQ(s.at("per_supercategory").items()[0].first, "abdomen");
    const Value& lat = s.at("latency_ms");
    EXPECT_EQ(lat.at("count").asInt(), 13);
    EXPECT_GT(lat.at("p95").asDouble(), lat.at("p50").asDouble());
    EXPECT_TRUE(lat.at("stages").contains("reason"));
    EXPECT_NEAR(s.at("metrics").at("mean_dice_joint").asDouble(),
                (m.at("100").at("dice_joint").asDouble() + m.at(idOf(9)).at("dice_joint").asDouble()) / 2, 1e-12);

    auto paths = writeReports(out, results, s);
    const std::string html = read(paths.html);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("abdomen"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // no external resources
    const std::string csv = read(paths.csv);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 15);
    EXPECT_EQ(mr::json::parseFile(paths.summaryJson), mr::json::parse(mr::json::dump(s)));

    // A second run over a finished folder scores nothing and changes nothing.
    const std::string before = read(out + "/results.jsonl");
    RunStats again = runInto(ds, preds, out);
    EXPECT_EQ(again.scored, 0u);
    EXPECT_EQ(again.resumed, 14u);
    EXPECT_EQ(read(out + "/results.jsonl"), before);
}

TEST(Runner, ResumeAfterInterruptionEqualsOneRun) {
    auto [ds, preds] = makeDataset("resume");
    runInto(ds, preds, ds + "/full");

    const std::string out = ds + "/interrupted";
    {
        PredictionsFile p(preds);
        mr::CancelToken token;
        StoppingPredictor stopping(p, 5, token);
        EvalRunner runner({ds, "", out, {}}, stopping);
        EXPECT_THROW(runner.run(token), mr::Cancelled);
    }
    EXPECT_EQ(readResults(out + "/results.jsonl").size(), 5u);
    // A kill in the middle of a write leaves a torn line; resume must cut it off.
    {
        std::ofstream f(out + "/results.jsonl", std::ios::app);
        f << "{\"id\": \"113\", \"iou\": 0.";
    }
    size_t lastDone = 0, lastResumed = 99;
    PredictionsFile p(preds);
    EvalRunner runner({ds, "", out, {}}, p);
    RunStats st = runner.run({}, [&](size_t done, size_t, size_t resumed, std::string_view) {
        lastDone = done;
        lastResumed = resumed;
    });
    EXPECT_EQ(st.resumed, 5u);
    EXPECT_EQ(st.scored, 9u);
    EXPECT_EQ(lastDone, 14u);
    EXPECT_EQ(lastResumed, 5u);
    EXPECT_EQ(read(out + "/results.jsonl"), read(ds + "/full/results.jsonl"));
}

TEST(Runner, ResumeAfterKill9) {
    auto [ds, preds] = makeDataset("kill");
    runInto(ds, preds, ds + "/full");
    const std::string out = ds + "/killed";
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        PredictionsFile p(preds);
        HangingPredictor hanging(p);
        EvalRunner({ds, "", out, {}}, hanging).run();
        _exit(0);
    }
    // Kill it once the first 6 samples are on disk and it hangs on the 7th.
    for (int i = 0; i < 3000; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (fs::exists(out + "/results.jsonl") && readResults(out + "/results.jsonl").size() >= 6) break;
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before it was killed";
    const size_t before = readResults(out + "/results.jsonl").size();
    EXPECT_EQ(before, 6u);

    RunStats st = runInto(ds, preds, out);
    EXPECT_EQ(st.resumed, before);
    EXPECT_EQ(st.scored, 14u - before);
    EXPECT_EQ(read(out + "/results.jsonl"), read(ds + "/full/results.jsonl"));
}

TEST(Runner, ShardsMergeIntoTheUnshardedRun) {
    auto [ds, preds] = makeDataset("shards");
    const std::string full = ds + "/full";
    runInto(ds, preds, full);
    auto fullResults = readResults(full + "/results.jsonl");
    writeReports(full, fullResults, summarize(fullResults));

    const std::string shards = ds + "/shards";
    size_t total = 0;
    for (int i = 0; i < 3; ++i) total += runInto(ds, preds, shards, Shard{i, 3}).samples;
    EXPECT_EQ(total, 14u);
    EXPECT_TRUE(fs::exists(shards + "/results.shard-2-of-3.jsonl"));

    std::vector<std::vector<Value>> parts;
    for (const auto& f : findResultsFiles(shards)) parts.push_back(readResults(f));
    ASSERT_EQ(parts.size(), 3u);
    // Reverse the part order: merging must not depend on it.
    std::reverse(parts.begin(), parts.end());
    auto merged = mergeResults(parts);
    const std::string mergedDir = ds + "/merged";
    fs::create_directories(mergedDir);
    mr::writeFileAtomic(mergedDir + "/results.jsonl", toJsonLines(merged));
    writeReports(mergedDir, merged, summarize(merged));
    for (const char* f : {"results.jsonl", "summary.json", "results.csv", "report.html"})
        EXPECT_EQ(read(mergedDir + "/" + f), read(full + "/" + f)) << f;

    // Overlapping inputs with identical results merge; conflicting ones are refused.
    EXPECT_EQ(mergeResults({fullResults, merged}).size(), 14u);
    auto changed = fullResults;
    changed[3].set("iou", 0.123);
    EXPECT_THROW(mergeResults({fullResults, changed}), ResultsError);
}

TEST(Runner, PredictorErrorsAndInMemoryMasks) {
    auto [ds, preds] = makeDataset("throwing");
    ThrowingPredictor p;
    EvalRunner runner({ds, "", ds + "/out", {}}, p);
    RunStats st = runner.run();
    EXPECT_EQ(st.scored, 14u);
    auto m = byId(readResults(ds + "/out/results.jsonl"));
    EXPECT_EQ(m.at("103").at("failure_kind").asString(), failure::kPredictorError);
    EXPECT_EQ(m.at("103").at("failure_reason").asString(), "model crashed");
    EXPECT_GT(m.at("100").at("dice_joint").asDouble(), 0.0);
}

TEST(Runner, SegmenterMakesTheMissingMasks) {
    auto [ds, preds] = makeDataset("segmenter");
    PredictionsFile p(preds);
    BoxFillSegmenter seg;
    EvalRunner runner({ds, "", ds + "/out", {}, &seg}, p);
    runner.run();
    auto m = byId(readResults(ds + "/out/results.jsonl"));
    const Value& perfect = m.at("100");
    EXPECT_NEAR(perfect.at("dice_bbox").asDouble(), 1.0, 1e-6);   // from the file (kept)
    EXPECT_NEAR(perfect.at("dice_joint").asDouble(), 1.0, 1e-6);  // from the file (kept)
    EXPECT_GT(perfect.at("dice_points").asDouble(), 0.1);         // made by the segmenter
    EXPECT_LT(perfect.at("dice_points").asDouble(), 1.0);
    auto idOf = [](int i) { return std::to_string(100 + i * 5 % 14); };
    EXPECT_GT(m.at(idOf(1)).at("dice_joint").asDouble(), 0.5);
    EXPECT_EQ(m.at(idOf(2)).at("dice_joint").asDouble(), 0.0);  // no answer: counts as 0, as in the reference
    EXPECT_EQ(m.at(idOf(7)).at("dice_bbox").asDouble(), 0.0);   // no prediction either
    EXPECT_EQ(mr::json::parseFile(ds + "/out/results.jsonl.run.json").at("segmenter").asString(), "box fill");

    BoxFillSegmenter broken;
    broken.fail = true;
    EvalRunner runner2({ds, "", ds + "/out2", {}, &broken}, p);
    runner2.run();
    auto m2 = byId(readResults(ds + "/out2/results.jsonl"));
    EXPECT_EQ(m2.at(idOf(1)).at("dice_joint").asDouble(), 0.0);
    EXPECT_NE(mr::json::dump(m2.at(idOf(1)).at("warnings")).find("segmentation failed: no model"), std::string::npos);
}

TEST(Runner, RefusesToMixRunsAndBadShards) {
    auto [ds, preds] = makeDataset("mix");
    runInto(ds, preds, ds + "/out");
    // Another predictions file into the same folder would mix two runs.
    fs::copy_file(preds, ds + "/other.jsonl");
    EXPECT_THROW(runInto(ds, ds + "/other.jsonl", ds + "/out"), mr::Error);

    EXPECT_THROW(Shard::parse("3/3"), mr::Error);
    EXPECT_THROW(Shard::parse("1"), mr::Error);
    EXPECT_THROW(Shard::parse("a/2"), mr::Error);
    EXPECT_THROW(Shard::parse("0/0"), mr::Error);
    Shard s = Shard::parse("2/5");
    EXPECT_EQ(s.index, 2);
    EXPECT_EQ(s.count, 5);
    size_t covered = 0;
    for (int i = 0; i < 5; ++i) {
        auto [b, e] = shardRange(11, Shard{i, 5});
        EXPECT_EQ(b, covered);
        covered = e;
    }
    EXPECT_EQ(covered, 11u);
    EXPECT_THROW(PredictionsFile(ds + "/nope.jsonl"), PredictionsError);
    EXPECT_THROW(EvalRunner({ds + "/nope", "", ds + "/o", {}}, *std::make_unique<PredictionsFile>(preds)),
                 mr::dataset::DatasetError);
}

TEST(Predictions, AcceptedShapes) {
    const std::string dir = kRoot + "/shapes";
    fs::create_directories(dir);
    mr::writeFileAtomic(dir + "/list.json",
                        R"([{"id": 7, "output": "a", "latency_s": 1.5},
                            {"id": "x", "choices": [{"message": {"content": "b"}}], "latency_ms": 20},
                            {"id": "y", "response": "c", "mask_joint": "m.png"}])");
    PredictionsFile p(dir + "/list.json");
    EXPECT_EQ(p.size(), 3u);
    auto a = p.predict({"7", "", "", nullptr}, {});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->rawOutput, "a");
    EXPECT_EQ(a->timingsMs.at(0).second, 1500.0);
    EXPECT_EQ(p.predict({"x", "", "", nullptr}, {})->rawOutput, "b");
    EXPECT_EQ(p.predict({"y", "", "", nullptr}, {})->maskPaths.at(kPromptJoint), dir + "/m.png");
    EXPECT_FALSE(p.predict({"z", "", "", nullptr}, {}));

    // A failed request (null or missing output) is that sample's failure, not the file's.
    mr::writeFileAtomic(dir + "/failed.jsonl", "{\"id\": 1, \"output\": \"a\"}\n{\"id\": 2, \"output\": null}\n");
    PredictionsFile failed(dir + "/failed.jsonl");
    EXPECT_EQ(failed.size(), 2u);
    EXPECT_TRUE(failed.contains("2"));
    try {
        failed.predict({"2", "", "", nullptr}, {});
        FAIL() << "expected an error";
    } catch (const PredictionsError& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
    // ... but a file in which no entry has an output is the wrong file.
    mr::writeFileAtomic(dir + "/nooutput.jsonl", "{\"id\": 1, \"answer\": \"a\"}\n{\"id\": 2}\n");
    EXPECT_THROW(PredictionsFile(dir + "/nooutput.jsonl"), PredictionsError);
    mr::writeFileAtomic(dir + "/empty.jsonl", "\n");
    EXPECT_THROW(PredictionsFile(dir + "/empty.jsonl"), PredictionsError);
    mr::writeFileAtomic(dir + "/noid.jsonl", "{\"output\": \"a\"}\n");
    EXPECT_THROW(PredictionsFile(dir + "/noid.jsonl"), PredictionsError);
    mr::writeFileAtomic(dir + "/bad2.jsonl", "{\"id\": 1, \"output\": \"a\"}\nnot json\n");
    EXPECT_THROW(PredictionsFile(dir + "/bad2.jsonl"), PredictionsError);
}

TEST(Summary, PercentileAndOrderIndependence) {
    EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 50), 2.5);
    EXPECT_DOUBLE_EQ(percentile({5}, 95), 5);
    EXPECT_DOUBLE_EQ(percentile({10, 0}, 100), 10);
    std::vector<Value> rs;
    for (int i = 0; i < 5; ++i) {
        Value r = Value::object();
        r.set("id", std::to_string(i));
        r.set("iou", 0.1 * i + 1e-17 * i);
        r.set("supercategory", i % 2 ? "B" : "a");
        rs.push_back(r);
    }
    auto rev = rs;
    std::reverse(rev.begin(), rev.end());
    EXPECT_EQ(mr::json::dump(summarize(rs)), mr::json::dump(summarize(rev)));
    EXPECT_EQ(summarize(rs).at("per_supercategory").items()[0].first, "a");
    EXPECT_TRUE(summarize(rs).at("latency_ms").isNull());
}

TEST(ProgressBar, RendersRateAndEta) {
    const std::string s = ProgressBar::render("score", 45, 100, 3.0, 17.0, 10);
    EXPECT_NE(s.find("[####......]"), std::string::npos) << s;
    EXPECT_NE(s.find("45/100"), std::string::npos);
    EXPECT_NE(s.find("ETA 00:17"), std::string::npos);
    EXPECT_EQ(ProgressBar::formatDuration(3723), "1:02:03");
    std::ostringstream os;
    ProgressBar bar(os, "x");
    bar.update(0, 3, 0);
    bar.update(3, 3, 0);
    bar.finish();
    EXPECT_NE(os.str().find("3/3 100%"), std::string::npos) << os.str();
}

TEST(Report, EscapesNamesAndQuotesCsv) {
    std::vector<Value> rs;
    Value r = Value::object();
    r.set("id", "1");
    r.set("category", "a, \"b\"");
    r.set("supercategory", "<script>alert(1)</script>");
    r.set("iou", 0.5);
    r.set("failure_kind", failure::kInvalidJson);
    r.set("failure_reason", "line one\nline <two>");
    rs.push_back(r);
    const Value s = summarize(rs);
    const std::string html = reportHtml(rs, s, "T & <T>");
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("T &amp; &lt;T&gt;"), std::string::npos);
    const std::string csv = resultsCsv(rs);
    EXPECT_NE(csv.find("\"a, \"\"b\"\"\""), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"line one\nline <two>\""), std::string::npos) << csv;
}
