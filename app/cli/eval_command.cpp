// `medreasoner eval DATASET --reasoner DIR --expert PATH|classical --out DIR [--shard i/N] [--json]`:
// inference mode of the evaluation runner. Every sample's image and question go through the
// grounding pipeline (reasoner, then the expert prompted box-only, points-only and box+points for
// the three Dice columns); results are scored as `medreasoner score` does, resumable and shardable,
// and the reports are written (or, for one shard of several, merged later by `medreasoner report`).
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/command.h"
#include "engine/core/cancel.h"
#include "engine/eval/expert_mask_segmenter.h"
#include "engine/eval/pipeline_predictor.h"
#include "engine/eval/progress_bar.h"
#include "engine/eval/report.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"
#include "engine/eval/summary.h"
#include "engine/ground/grounding_pipeline.h"

namespace fs = std::filesystem;
namespace g = mr::ground;

namespace mr::cli {
g::ExpertSettings expertSettingsFromArgs(const Args& args);  // ground_command.cpp
}

namespace {

mr::CancelToken* g_cancel = nullptr;
extern "C" void onEvalInterrupt(int) {
    if (g_cancel) g_cancel->cancel();  // an atomic store: safe in a signal handler
}

std::string f4(const mr::json::Value* v) {
    if (!v || !v->isNumber()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", v->asDouble());
    return buf;
}

int runEval(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv,
                       {"reasoner", "expert", "expert-type", "expert-device", "expert-dtype", "device", "dtype", "out",
                        "shard", "records", "title", "max-new-tokens", "coordinates"},
                       {"json", "quiet", "no-think"});
    if (args.positional().size() != 1) throw mr::cli::UsageError("expected one DATASET folder");
    const std::string dataset = args.positional()[0];
    const auto out = args.value("out");
    if (!out) throw mr::cli::UsageError("--out DIR is required");
    const auto reasonerDir = args.value("reasoner");
    if (!reasonerDir) throw mr::cli::UsageError("--reasoner DIR (a Qwen2.5-VL model folder) is required");
    mr::eval::Shard shard;
    if (auto s = args.value("shard")) {
        try {
            shard = mr::eval::Shard::parse(*s);
        } catch (const mr::Error& e) {
            throw mr::cli::UsageError(e.what());
        }
    }

    g::ModelSettings settings;
    settings.reasoner.folder = *reasonerDir;
    settings.reasoner.device = args.value("device", "auto");
    settings.reasoner.dtype = args.value("dtype", "auto");
    settings.expert = mr::cli::expertSettingsFromArgs(args);
    if (auto problems = g::validateModelSettings(settings); !problems.empty())
        throw g::ModelSettingsError("the models cannot be used:", problems);

    mr::eval::PipelinePredictorOptions po;
    po.ask.think = !args.flag("no-think");
    if (auto n = args.value("max-new-tokens")) {
        po.ask.maxNewTokens = mr::cli::parseInteger(*n, "--max-new-tokens");
        if (po.ask.maxNewTokens < 1) throw mr::cli::UsageError("--max-new-tokens must be at least 1");
    }
    const std::string coordinates = args.value("coordinates", "as-written");
    if (coordinates == "original")
        po.coordinates = mr::eval::AnswerCoordinates::Original;
    else if (coordinates != "as-written")
        throw mr::cli::UsageError("--coordinates must be as-written or original");
    // What the results belong to (a resume with other models or settings is refused by the runner);
    // devices are left out so shards can run on different machines.
    std::string expertText = g::expertTypeName(settings.expert.type);
    if (!settings.expert.checkpoint.empty())
        expertText += " " + fs::absolute(settings.expert.checkpoint).lexically_normal().string();
    const std::string description = "grounding pipeline: reasoner " +
                                    fs::absolute(*reasonerDir).lexically_normal().string() + " (max_new_tokens " +
                                    std::to_string(po.ask.maxNewTokens) + (po.ask.think ? ", think" : ", no think") +
                                    ", greedy" + (coordinates == "original" ? ", coordinates mapped to the image" : "") +
                                    "); expert " + expertText;

    mr::eval::RunOptions ro;
    ro.datasetDir = dataset;
    ro.recordsFile = args.value("records", "");
    ro.outDir = *out;
    ro.shard = shard;
    auto pipeline = std::make_shared<g::GroundingPipeline>(settings);
    auto segmenter = std::make_shared<mr::eval::ExpertMaskSegmenter>(pipeline, "expert " + expertText);
    ro.segmenter = segmenter.get();
    mr::eval::PipelinePredictor predictor(pipeline, segmenter, po, description);
    mr::eval::EvalRunner runner(ro, predictor);  // reads the records first: a bad dataset fails before loading models

    const bool quiet = args.flag("quiet");
    mr::CancelToken cancel;
    g_cancel = &cancel;
    auto previousInt = std::signal(SIGINT, onEvalInterrupt);
    auto previousTerm = std::signal(SIGTERM, onEvalInterrupt);
    auto restore = [&] {
        std::signal(SIGINT, previousInt);
        std::signal(SIGTERM, previousTerm);
        g_cancel = nullptr;
    };
    if (!quiet) std::cerr << "loading models...\n";
    try {
        pipeline->load({}, cancel);
    } catch (...) {
        restore();
        throw;
    }
    if (!quiet)
        std::cerr << "reasoner: " << pipeline->reasoner()->description() << "\nexpert: " << pipeline->expert()->name()
                  << "\n";

    const bool bar = !quiet && ::isatty(STDERR_FILENO);
    mr::eval::ProgressBar progress(std::cerr, shard.whole() ? "eval" : "eval " + std::to_string(shard.index) + "/" +
                                                                          std::to_string(shard.count));
    mr::eval::RunStats stats;
    try {
        stats = runner.run(cancel, [&](size_t done, size_t total, size_t resumed, std::string_view id) {
            if (bar) progress.update(done, total, resumed, id);
        });
    } catch (const mr::Cancelled&) {
        if (bar) progress.finish();
        restore();
        std::cerr << "interrupted: the finished samples are kept; run the same command again to resume\n";
        throw;
    } catch (...) {
        if (bar) progress.finish();
        restore();
        throw;
    }
    if (bar) progress.finish();
    restore();

    const auto results = mr::eval::readResults(stats.resultsPath);
    const auto summary = mr::eval::summarize(results);
    std::string reportNote;
    if (shard.whole()) {
        auto paths = mr::eval::writeReports(*out, results, summary, args.value("title", "MedReasoner evaluation"));
        reportNote = "report: " + paths.html;
    } else {
        reportNote = "shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) +
                     " done; merge the shards with: medreasoner report " + *out + " --out DIR";
    }
    if (args.flag("json")) {
        std::cout << mr::json::dump(summary, 2) << "\n";
    } else {
        const auto& m = summary.at("metrics");
        std::cout << "evaluated " << stats.scored << ", resumed " << stats.resumed << " of " << stats.samples
                  << " samples -> " << stats.resultsPath << "\n"
                  << "mean IoU           " << f4(m.find("mean_iou")) << "\n"
                  << "mean pDice (0-2)   " << f4(m.find("mean_pdice")) << "\n"
                  << "mean Dice box/points/joint  " << f4(m.find("mean_dice_bbox")) << " / "
                  << f4(m.find("mean_dice_points")) << " / " << f4(m.find("mean_dice_joint")) << "\n"
                  << "parse failures     " << summary.at("parse_failures").asInt() << " ("
                  << f4(summary.find("parse_failure_rate")) << ")\n";
        if (const auto* l = summary.find("latency_ms"); l && l->isObject())
            std::cout << "latency ms p50/p95 " << f4(l->find("p50")) << " / " << f4(l->find("p95")) << "\n";
        std::cout << reportNote << "\n";
    }
    return 0;
}

mr::cli::Registration reg({"eval",
                           "eval DATASET --reasoner DIR --expert PATH|classical [--expert-type sam|medsam|classical] "
                           "--out DIR [--shard i/N] [--max-new-tokens N] [--no-think] [--coordinates as-written|original] [--device D] [--dtype T] "
                           "[--expert-device D] [--expert-dtype T] [--records FILE] [--title T] [--json] [--quiet]",
                           "run the grounding pipeline over a U-MRG dataset folder and score it (IoU, pDice, Dice "
                           "box/points/joint, rewards); resumable, --shard i/N (0-based) splits the work",
                           runEval});

}  // namespace
