#include "engine/eval/runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/files.h"
#include "engine/eval/answer_parser.h"
#include "engine/eval/mask_file.h"
#include "engine/eval/metrics.h"
#include "engine/eval/prediction_workers.h"
#include "engine/eval/results_store.h"
#include "engine/eval/rewards.h"

namespace fs = std::filesystem;

namespace mr::eval {

namespace {

using mr::json::Value;

// Non-finite numbers become null; -0 becomes 0 so that results print the same after a reload.
Value num(double v) { return std::isfinite(v) ? Value(v + 0.0) : Value(); }

bool imageSize(const std::string& path, int& w, int& h) {
    std::error_code ec;
    if (path.empty() || !fs::is_regular_file(path, ec)) return false;
    try {
        cv::Mat m = cv::imread(path, cv::IMREAD_GRAYSCALE);
        if (m.empty()) return false;
        w = m.cols;
        h = m.rows;
        return true;
    } catch (const cv::Exception&) {
        return false;
    }
}

}  // namespace

Shard Shard::parse(std::string_view text) {
    const size_t slash = text.find('/');
    auto bad = [&] {
        return mr::Error("--shard expects i/N with 0 <= i < N (e.g. 0/4), got '" + std::string(text) + "'");
    };
    if (slash == std::string_view::npos) throw bad();
    auto toInt = [&](std::string_view s) {
        if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            throw bad();
        return std::stoi(std::string(s));
    };
    Shard s{toInt(text.substr(0, slash)), toInt(text.substr(slash + 1))};
    if (s.count < 1 || s.index >= s.count) throw bad();
    return s;
}

std::pair<size_t, size_t> shardRange(size_t n, const Shard& s) {
    const size_t c = size_t(s.count), i = size_t(s.index);
    return {n * i / c, n * (i + 1) / c};
}

std::string resultsFileName(const Shard& s) {
    if (s.whole()) return "results.jsonl";
    return "results.shard-" + std::to_string(s.index) + "-of-" + std::to_string(s.count) + ".jsonl";
}

namespace {

// Masks per prompt kind: the prediction's own, else made by the segmenter from the answer.
struct SampleMasks {
    std::map<std::string, MaskImage> masks;
    std::map<std::string, std::string> maskPaths;
    std::set<std::string> zeroDice;  // kinds that count as Dice 0 (expected but not made)
    bool lacks(const std::string& kind) const { return !masks.count(kind) && !maskPaths.count(kind); }
    bool any() const { return !masks.empty() || !maskPaths.empty() || !zeroDice.empty(); }
};

// With a segmenter every sample is expected to have all three; where the answer cannot be read (or
// segmentation fails) Dice is 0, as in the reference's statistics.
SampleMasks collectMasks(const mr::dataset::UmrgRecord& rec, const std::string& datasetDir,
                         const std::optional<Prediction>& prediction, bool readable, const ParsedAnswer& answer,
                         MaskSegmenter* segmenter, const mr::CancelToken& cancel, Value& warnings) {
    SampleMasks m;
    if (prediction) {
        m.masks = prediction->masks;
        m.maskPaths = prediction->maskPaths;
    }
    if (!segmenter) return m;
    bool made = false;
    const bool lacksAny = m.lacks(kPromptBox) || m.lacks(kPromptPoints) || m.lacks(kPromptJoint);
    if (lacksAny && readable) {
        try {
            auto out = segmenter->segment(mr::dataset::resolvePath(datasetDir, rec.image, "images"), answer.bbox,
                                          answer.points, cancel);
            for (auto& [kind, mask] : out)
                if (m.lacks(kind)) m.masks[kind] = std::move(mask);
            made = true;
        } catch (const mr::Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            warnings.push_back(std::string("segmentation failed: ") + e.what());
        }
    }
    for (const char* kind : {kPromptBox, kPromptPoints, kPromptJoint})
        if (m.lacks(kind)) {
            m.zeroDice.insert(kind);
            if (made) warnings.push_back(std::string("the segmenter made no ") + kind + " mask");
        }
    return m;
}

// The ground-truth mask when masks are compared, and the image size from it (or from the image).
struct Truth {
    std::optional<MaskImage> mask;
    int width = 0, height = 0;
};

Truth readTruth(const mr::dataset::UmrgRecord& rec, const std::string& datasetDir, bool wantMask, Value& warnings) {
    Truth t;
    if (wantMask && !rec.mask.empty()) {
        std::string error;
        t.mask = readMaskFile(mr::dataset::resolvePath(datasetDir, rec.mask, "masks"), error);
        if (!t.mask) warnings.push_back("ground truth: " + error);
    }
    if (t.mask) {
        t.width = t.mask->width;
        t.height = t.mask->height;
    } else if (!imageSize(mr::dataset::resolvePath(datasetDir, rec.image, "images"), t.width, t.height)) {
        warnings.push_back("cannot read the image '" + rec.image + "'; coordinates not checked against it");
    }
    return t;
}

// "mask_files": the predicted mask of each prompt kind as a file the case viewer can show: the
// prediction's own file as it was named, or one `keep` writes for a mask made in memory.
void setMaskFiles(const SampleMasks& m, const MaskKeeper& keep, Value& r, Value& warnings) {
    Value files = Value::object();
    for (const auto& [kind, path] : m.maskPaths) files.set(kind, path);
    for (const auto& [kind, mask] : m.masks) {
        if (!keep) break;
        try {
            files.set(kind, keep(kind, mask));
        } catch (const mr::Error& e) {
            warnings.push_back(kind + " mask not kept: " + e.what());
        }
    }
    r.set("mask_files", files.size() > 0 ? files : Value());
}

// Mask Dice for each prompt kind that has a mask (or must count as 0).
void setDiceScores(const SampleMasks& m, const Truth& truth, Value& r, Value& warnings) {
    for (const char* kind : {kPromptBox, kPromptPoints, kPromptJoint}) {
        const std::string key = std::string("dice_") + kind;
        std::optional<MaskImage> pred;
        std::string err;
        if (auto it = m.masks.find(kind); it != m.masks.end()) {
            pred = it->second;
        } else if (auto p = m.maskPaths.find(kind); p != m.maskPaths.end()) {
            pred = readMaskFile(p->second, err);
            if (!pred) warnings.push_back(std::string(kind) + " mask: " + err);
        } else if (!m.zeroDice.count(kind)) {
            r.set(key, Value());  // no mask of this kind in this run
            continue;
        }
        const auto& gt = truth.mask;
        if (!gt) {
            r.set(key, Value());  // nothing to compare with
        } else if (!pred) {
            r.set(key, 0.0);  // no usable mask: scores 0, like a failed segmentation in the reference
        } else if (pred->width != gt->width || pred->height != gt->height) {
            warnings.push_back(std::string(kind) + " mask is " + std::to_string(pred->width) + "x" +
                               std::to_string(pred->height) + " but the ground truth is " + std::to_string(gt->width) +
                               "x" + std::to_string(gt->height));
            r.set(key, 0.0);
        } else {
            r.set(key, num(maskDice(pred->pixels, gt->pixels)));
        }
    }
}

// "timings_ms" as the predictor reported them, and "latency_ms": its total, else their sum.
void setTimings(const std::optional<Prediction>& prediction, Value& r) {
    Value timings = Value::object();
    double total = -1, sum = 0;
    if (prediction)
        for (const auto& [stage, ms] : prediction->timingsMs) {
            timings.set(stage, num(ms));
            if (stage == "total") total = ms;
            else sum += ms;
        }
    r.set("timings_ms", timings);
    r.set("latency_ms", total >= 0 ? num(total) : timings.size() > 0 ? num(sum) : Value());
}

}  // namespace

Value scoreSample(const mr::dataset::UmrgRecord& rec, const std::string& datasetDir,
                  const std::optional<Prediction>& predictionIn, const std::string& predictorError,
                  MaskSegmenter* segmenter, const mr::CancelToken& cancel, const MaskKeeper& keep) {
    Value r = Value::object();
    r.set("id", rec.id);
    r.set("image", rec.image);
    r.set("question", rec.question);
    r.set("category", rec.category);
    r.set("supercategory", rec.supercategory);
    r.set("modality", rec.modality);
    Value warnings = Value::array();
    const std::string raw = predictionIn ? predictionIn->rawOutput : std::string();
    r.set("output", predictionIn ? Value(raw) : Value());
    const ParsedAnswer answer = parseAnswer(raw);
    // Paper metrics: zero when the answer cannot be read, as in MedReasoner's eval scripts.
    const bool scored = answer.ok && predictorError.empty() && predictionIn.has_value();
    const SampleMasks masks = collectMasks(rec, datasetDir, predictionIn, scored, answer, segmenter, cancel, warnings);
    r.set("think", answer.think ? Value(*answer.think) : Value());
    r.set("answer", answer.toJson());

    std::string failureKind, failureReason;
    if (!predictorError.empty()) {
        failureKind = failure::kPredictorError;
        failureReason = predictorError;
    } else if (!predictionIn) {
        failureKind = failure::kMissingPrediction;
        failureReason = "no prediction for this sample";
    } else if (!answer.ok) {
        failureKind = answer.failureKind;
        failureReason = answer.failureReason;
    }
    const Truth truth = readTruth(rec, datasetDir, masks.any(), warnings);
    r.set("image_size", truth.width > 0 ? Value(mr::json::Array{truth.width, truth.height}) : Value());
    if (answer.ok && failureKind.empty()) {
        if (std::string why = outsideImageReason(answer, truth.width, truth.height); !why.empty()) {
            failureKind = failure::kOutOfImage;
            failureReason = why;  // still scored as the reference does: coordinates are not clipped
        }
    }
    r.set("parse_ok", scored);
    r.set("failure_kind", failureKind);
    r.set("failure_reason", failureReason);
    r.set("iou", num(scored ? boxIoU(answer.bbox, rec.bbox2d) : 0.0));
    r.set("pdice", num(scored ? pointDice(answer.points, rec.point2d) : 0.0));
    setDiceScores(masks, truth, r, warnings);
    setMaskFiles(masks, keep, r, warnings);
    const GroundTruth gt{rec.bbox2d, rec.point2d};
    r.set("reward_soft", computeReward(raw, gt, RewardMode::Soft).toJson());
    r.set("reward_hard", computeReward(raw, gt, RewardMode::Hard).toJson());
    setTimings(predictionIn, r);
    r.set("warnings", warnings);
    return r;
}

EvalRunner::EvalRunner(RunOptions options, Predictor& predictor) : options_(std::move(options)), predictor_(predictor) {
    if (options_.recordsFile.empty()) options_.recordsFile = mr::dataset::findRecordsFile(options_.datasetDir);
    records_ = mr::dataset::loadRecords(options_.recordsFile);
    std::sort(records_.begin(), records_.end(), [](const auto& a, const auto& b) { return idLess(a.id, b.id); });
    if (options_.outDir.empty()) throw mr::Error("evaluation: no output folder given");
    if (options_.concurrency < 1) options_.concurrency = 1;
    if (options_.concurrency > predictor_.maxConcurrency())
        throw mr::Error("evaluation: " + std::to_string(options_.concurrency) + " samples at once were asked for but " +
                        predictor_.describe() + " runs at most " + std::to_string(predictor_.maxConcurrency()));
}

RunStats EvalRunner::run(const mr::CancelToken& cancel, const RunProgressFn& progress) {
    std::error_code ec;
    fs::create_directories(options_.outDir, ec);
    if (ec) throw mr::FileError("cannot create output folder " + options_.outDir + ": " + ec.message());

    RunStats stats;
    const std::string resultsPath = (fs::path(options_.outDir) / resultsFileName(options_.shard)).string();
    stats.resultsPath = resultsPath;

    // What this results file belongs to: a resume against other inputs would mix two runs.
    Value meta = Value::object();
    meta.set("dataset", fs::absolute(options_.datasetDir).lexically_normal().string());
    meta.set("records", fs::absolute(options_.recordsFile).lexically_normal().string());
    meta.set("predictor", predictor_.describe());
    meta.set("shard", Value(mr::json::Array{options_.shard.index, options_.shard.count}));
    if (options_.segmenter) meta.set("segmenter", options_.segmenter->describe());
    const std::string metaPath = resultsPath + ".run.json";
    if (fs::exists(metaPath, ec) && fs::exists(resultsPath, ec)) {
        Value old = mr::json::parseFile(metaPath);
        if (old != mr::json::parse(mr::json::dump(meta)))
            throw mr::Error("output folder " + options_.outDir + " holds results of another run (" +
                            mr::json::dump(old) + "); use another --out folder or delete " + resultsPath);
    }
    mr::writeFileAtomic(metaPath, mr::json::dump(meta, 2) + "\n");

    ResultsStore store(resultsPath);
    const auto [begin, end] = shardRange(records_.size(), options_.shard);
    stats.samples = end - begin;
    for (size_t i = begin; i < end; ++i) stats.resumed += store.has(records_[i].id);
    size_t done = stats.resumed;
    if (progress) progress(done, stats.samples, stats.resumed, {});

    std::vector<PredictRequest> todo;
    for (size_t i = begin; i < end; ++i) {
        const auto& rec = records_[i];
        if (!store.has(rec.id))
            todo.push_back(
                {rec.id, mr::dataset::resolvePath(options_.datasetDir, rec.image, "images"), rec.question, &rec});
    }
    // The masks made in memory are kept beside the results for the case viewer, named by sample.
    const fs::path maskDir = fs::path(options_.outDir) / "masks";
    predictAll(predictor_, todo, options_.concurrency, cancel, [&](PredictOutcome& o) {
        const auto& rec = *todo[o.index].record;
        const MaskKeeper keep = [&](const std::string& kind, const MaskImage& mask) {
            const std::string name = fileNameOfId(rec.id) + "_" + kind + ".png";
            fs::create_directories(maskDir, ec);
            writeMaskFile((maskDir / name).string(), mask);
            return "masks/" + name;
        };
        store.append(scoreSample(rec, options_.datasetDir, o.prediction, o.error, options_.segmenter, cancel, keep));
        ++stats.scored;
        ++done;
        if (progress) progress(done, stats.samples, stats.resumed, rec.id);
    });
    for (const auto& v : store.sorted())
        if (!v.get("failure_kind", "").empty()) ++stats.failures;
    store.rewriteSorted();
    return stats;
}

}  // namespace mr::eval
