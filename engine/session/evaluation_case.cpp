#include "engine/session/evaluation_case.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/dataset/umrg_records.h"
#include "engine/eval/answer_parser.h"
#include "engine/eval/mask_file.h"
#include "engine/eval/results_store.h"
#include "engine/reason/text/answer.h"
#include "engine/session/worklist.h"

namespace fs = std::filesystem;

namespace mr::session {

std::string scoredDatasetOf(const std::string& resultsFile) {
    std::error_code ec;
    const std::string meta = resultsFile + ".run.json";
    if (!fs::exists(meta, ec))
        throw WorklistError(resultsFile + ": no " + fs::path(meta).filename().string() +
                            " beside it to say which dataset was scored; name the dataset folder");
    return mr::json::parseFile(meta).get("dataset", "");
}

namespace {

// The predicted mask the viewer shows: the joint prompt's, else the box's, else the points'. A
// relative name is relative to the results folder.
void readPredictedMask(const mr::json::Value& result, const fs::path& folder, EvaluationCase& c) {
    const mr::json::Value* files = result.find("mask_files");
    if (!files || !files->isObject()) return;
    for (const char* kind : {mr::eval::kPromptJoint, mr::eval::kPromptBox, mr::eval::kPromptPoints}) {
        const std::string name = files->get(kind, "");
        if (name.empty()) continue;
        const fs::path path = fs::path(name).is_absolute() ? fs::path(name) : folder / name;
        std::string error;
        c.predictedMask = mr::eval::readMaskFile(path.string(), error);
        if (!c.predictedMask) c.problems.push_back("predicted mask: " + error);
        else c.predictedMaskKind = kind;
        return;
    }
}

// The results and records files of a run with their sizes and modification times.
std::string fingerprintOf(const std::vector<std::string>& files) {
    std::string text;
    for (const std::string& f : files) {
        std::error_code ec;
        const auto size = fs::file_size(f, ec);
        const auto time = fs::last_write_time(f, ec).time_since_epoch().count();
        text += f + "|" + std::to_string(size) + "|" + std::to_string(time) + "\n";
    }
    return text;
}

std::vector<std::string> runFiles(const std::string& resultsFolder, const std::string& dataset) {
    std::vector<std::string> files = mr::eval::findResultsFiles(resultsFolder);
    files.push_back(mr::dataset::findRecordsFile(dataset));
    return files;
}

EvaluationRun readRun(const std::string& resultsFolder, const std::string& datasetDir) {
    const std::vector<std::string> files = mr::eval::findResultsFiles(resultsFolder);
    if (files.empty()) throw WorklistError(resultsFolder + ": no results*.jsonl in it");
    std::vector<std::vector<mr::json::Value>> parts;
    for (const std::string& f : files) parts.push_back(mr::eval::readResults(f));
    EvaluationRun run;
    run.origin = resultsFolder;
    run.folder = fs::path(files.front()).parent_path().string();
    run.dataset = datasetDir.empty() ? scoredDatasetOf(files.front()) : datasetDir;
    run.fingerprint = fingerprintOf(runFiles(resultsFolder, run.dataset));
    for (mr::json::Value& r : mr::eval::mergeResults(parts)) {
        const std::string id = r.get("id", "");
        run.results.emplace(id, std::move(r));
    }
    for (mr::dataset::UmrgRecord& rec : mr::dataset::loadRecords(mr::dataset::findRecordsFile(run.dataset)))
        run.records.emplace(rec.id, std::move(rec));
    return run;
}

}  // namespace

EvaluationRun readEvaluationRun(const std::string& resultsFolder, const std::string& datasetDir) {
    try {
        return readRun(resultsFolder, datasetDir);
    } catch (const WorklistError&) {
        throw;
    } catch (const mr::Error& e) {  // a damaged results, run or records file, named by its reader
        throw WorklistError(e.what());
    }
}

bool evaluationRunIsCurrent(const EvaluationRun& run) {
    try {
        return fingerprintOf(runFiles(run.origin, run.dataset)) == run.fingerprint;
    } catch (const mr::Error&) {
        return false;  // a file gone: reading it again says what is wrong
    }
}

EvaluationCase evaluationCaseOf(const EvaluationRun& run, const std::string& id) {
    const auto result = run.results.find(id);
    if (result == run.results.end()) throw WorklistError(run.folder + ": no result for sample \"" + id + "\"");
    const auto record = run.records.find(id);
    if (record == run.records.end()) throw WorklistError(run.dataset + ": the dataset holds no sample \"" + id + "\"");
    const mr::json::Value& r = result->second;
    const mr::dataset::UmrgRecord& rec = record->second;
    EvaluationCase c;
    c.id = id;
    c.question = r.get("question", rec.question.c_str());
    c.imagePath = mr::dataset::resolvePath(run.dataset, rec.image, "images");
    c.output = r.get("output", "");
    c.failureKind = r.get("failure_kind", "");
    c.failureReason = r.get("failure_reason", "");
    c.truthBox = rec.bbox2d;
    c.truthPoints = {rec.point2d[0], rec.point2d[1]};
    if (!rec.mask.empty()) {
        std::string error;
        c.truthMask = mr::eval::readMaskFile(mr::dataset::resolvePath(run.dataset, rec.mask, "masks"), error);
        if (!c.truthMask) c.problems.push_back("ground truth mask: " + error);
    }
    if (const mr::eval::ParsedAnswer a = mr::eval::parseAnswer(c.output); a.ok) {
        c.predictedBox = a.bbox;
        c.predictedPoints = {a.points[0], a.points[1]};
    }
    readPredictedMask(r, run.folder, c);
    for (const char* key : {"iou", "pdice", "dice_joint", "dice_bbox", "dice_points"})
        if (const mr::json::Value* v = r.find(key); v && v->isNumber()) c.scores.emplace_back(key, v->asDouble());
    return c;
}

EvaluationCase readEvaluationCase(const std::string& resultsFolder, const std::string& id,
                                  const std::string& datasetDir) {
    return evaluationCaseOf(readEvaluationRun(resultsFolder, datasetDir), id);
}

namespace {

// Draws into a w × h label slice, clipped to it.
struct Canvas {
    uint8_t* pixels;
    int64_t w, h;
    void set(int64_t x, int64_t y, uint8_t v) {
        if (x >= 0 && y >= 0 && x < w && y < h) pixels[y * w + x] = v;
    }
    void boxOutline(const mr::Box& b, int64_t thickness, uint8_t v) {
        const auto x1 = int64_t(std::floor(std::min(b.x1, b.x2))), x2 = int64_t(std::floor(std::max(b.x1, b.x2)));
        const auto y1 = int64_t(std::floor(std::min(b.y1, b.y2))), y2 = int64_t(std::floor(std::max(b.y1, b.y2)));
        const int64_t cx1 = std::max<int64_t>(x1, -1), cx2 = std::min(x2, w), cy1 = std::max<int64_t>(y1, -1),
                      cy2 = std::min(y2, h);  // clipped first: a huge box costs no more than the slice
        for (int64_t t = 0; t < thickness; ++t) {
            for (int64_t x = cx1; x <= cx2; ++x) {
                set(x, y1 + t, v);
                set(x, y2 - t, v);
            }
            for (int64_t y = cy1; y <= cy2; ++y) {
                set(x1 + t, y, v);
                set(x2 - t, y, v);
            }
        }
    }
    void disc(const mr::Point& p, int64_t radius, uint8_t v) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || std::abs(p.x) > 1e9 || std::abs(p.y) > 1e9) return;
        const auto cx = int64_t(std::floor(p.x)), cy = int64_t(std::floor(p.y));
        for (int64_t dy = -radius; dy <= radius; ++dy)
            for (int64_t dx = -radius; dx <= radius; ++dx)
                if (dx * dx + dy * dy <= radius * radius) set(cx + dx, cy + dy, v);
    }
};

bool finiteBox(const mr::Box& b) {
    for (double v : {b.x1, b.y1, b.x2, b.y2})
        if (!std::isfinite(v) || std::abs(v) > 1e9) return false;
    return true;
}

}  // namespace

ground::GroundingResult runOfEvaluationCase(const EvaluationCase& c, ground::ReasonerImage image) {
    ground::GroundingResult r;
    r.question = c.question;
    r.image = std::move(image);
    r.reasonerDescription = "evaluation run";
    r.expertName = "evaluation run (" + (c.predictedMaskKind.empty() ? "no mask" : c.predictedMaskKind) + ")";
    r.reasoned = !c.output.empty();
    r.reply.text = c.output;
    r.streamedText = c.output;
    r.answerModel = reason::parseAnswer(c.output);
    r.answer = r.answerModel;  // the run's coordinates are the image's own pixels
    r.answerParsed = true;
    segment::Prompts prompts;
    prompts.box = r.answer.box;
    for (const auto& p : {r.answer.point1, r.answer.point2})
        if (p) prompts.points.push_back({p->x, p->y, true});
    if (prompts.box || !prompts.points.empty()) r.prompts = prompts;
    const auto& rgb = r.image.rgb;
    if (c.predictedMask && c.predictedMask->width == rgb.width && c.predictedMask->height == rgb.height) {
        segment::MaskPrediction m;
        m.width = rgb.width;
        m.height = rgb.height;
        m.masks.push_back(c.predictedMask->pixels);
        r.mask = std::move(m);
    }
    r.outcome = r.hasMask()     ? ground::GroundingOutcome::Mask
                : r.answer.ok() ? ground::GroundingOutcome::AnswerOnly
                                : ground::GroundingOutcome::FormatIssue;
    r.message = r.answer.ok() ? "" : r.answer.errorSummary();
    return r;
}

mr::imaging::LabelMap caseLabelMap(const EvaluationCase& c, const CaseLayers& layers,
                                   const mr::imaging::Geometry& grid) {
    using mr::imaging::LabelEntry;
    const mr::Mask* truth = layers.truthMask && c.truthMask ? &*c.truthMask : nullptr;
    const mr::Mask* predicted = layers.predictedMask && c.predictedMask ? &*c.predictedMask : nullptr;
    mr::imaging::LabelMap map = maskComparisonMap(
        truth, predicted, grid, {"Ground truth and predicted mask", "Ground truth mask", "Predicted mask"});
    const int64_t w = grid.size[0], h = grid.size[1];
    Canvas canvas{map.labels.bytes(), w, h};
    const int64_t thickness = std::max<int64_t>(1, std::min(w, h) / 256);
    const int64_t radius = std::max<int64_t>(2, std::min(w, h) / 100);
    if (layers.truthBox && c.truthBox && finiteBox(*c.truthBox)) canvas.boxOutline(*c.truthBox, thickness, kTruthBox);
    if (layers.predictedBox && c.predictedBox && finiteBox(*c.predictedBox))
        canvas.boxOutline(*c.predictedBox, thickness, kPredictedBox);
    if (layers.truthPoints)
        for (const mr::Point& p : c.truthPoints) canvas.disc(p, radius, kTruthPoints);
    if (layers.predictedPoints)
        for (const mr::Point& p : c.predictedPoints) canvas.disc(p, radius, kPredictedPoints);
    // Truth green, prediction magenta (the mask being edited is cyan).
    map.table[kTruthBox] = LabelEntry{"Ground truth box", 110, 255, 140};
    map.table[kTruthPoints] = LabelEntry{"Ground truth points", 110, 255, 140};
    map.table[kPredictedBox] = LabelEntry{"Predicted box", 255, 110, 210};
    map.table[kPredictedPoints] = LabelEntry{"Predicted points", 255, 110, 210};
    markPresentLabels(map);
    return map;
}

}  // namespace mr::session
