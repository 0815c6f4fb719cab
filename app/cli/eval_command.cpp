// `medreasoner eval DATASET --reasoner DIR --expert PATH|classical --out DIR [--shard i/N] [--json]`:
// inference mode of the evaluation runner. With `--server URL --model NAME --concurrency N` the
// reasoner is an OpenAI-compatible server and N samples are asked at once (their masks are still
// made one at a time by the local expert). Every sample's image and question go through the
// grounding pipeline (reasoner, then the expert prompted box-only, points-only and box+points for
// the three Dice columns); results are scored as `medreasoner score` does, resumable and shardable,
// and the reports are written (or, for one shard of several, merged later by `medreasoner report`).
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli/command.h"
#include "app/cli/evaluation_run.h"
#include "app/cli/engine_options.h"
#include "engine/eval/expert_mask_segmenter.h"
#include "engine/eval/pipeline_predictor.h"
#include "engine/eval/runner.h"
#include "engine/ground/grounding_pipeline.h"

namespace fs = std::filesystem;
namespace g = mr::ground;

namespace {

struct EvalArgs {
    std::string dataset, coordinates = "as-written";
    int64_t concurrency = 1;
    std::unique_ptr<mr::cli::EngineOptions> engine;
    mr::cli::RunArgs run;
};

void declareEval(CLI::App& app, EvalArgs& a) {
    app.add_option("dataset", a.dataset, "a U-MRG dataset folder")->required()->type_name("DATASET");
    app.add_option("--coordinates", a.coordinates,
                   "as-written: score the answer's numbers as MedReasoner's scripts do; original: mapped to the "
                   "image's pixels")
        ->check(CLI::IsMember({"as-written", "original"}))
        ->capture_default_str();
    app.add_option("--concurrency", a.concurrency,
                   "questions out at once to a --server (MedReasoner's own script uses 64)")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    a.run.declare(app);
    a.engine = std::make_unique<mr::cli::EngineOptions>(app);
}

// What the results belong to (a resume with other models or settings is refused by the runner);
// devices are left out so shards can run on different machines.
std::string describeRun(const mr::session::EngineSettings& e, bool original) {
    const auto& ask = e.ask;
    const auto& r = e.models.reasoner;
    const std::string reasoner =
        r.source == g::ReasonerSource::Server
            ? "server " + mr::serve::normalizedBaseUrl(r.server.baseUrl) + " model " + r.server.model
            : "reasoner " + fs::absolute(r.folder).lexically_normal().string();
    std::string expertText = g::expertTypeName(e.models.expert.type);
    if (!e.models.expert.checkpoint.empty())
        expertText += " " + fs::absolute(e.models.expert.checkpoint).lexically_normal().string();
    std::string decoding = "max_new_tokens " + std::to_string(ask.maxNewTokens) +
                           (ask.think ? ", think" : ", no think") + (ask.doSample ? ", sampling" : ", greedy");
    // The other prompt and decoding settings, when any is set.
    mr::json::Value extra = mr::json::Value::object();
    const mr::json::Value settings = mr::session::engineSettingsToJson(e);  // outlives the loop
    for (const auto& [k, v] : settings.at("ask").items())
        if (k != "think" && k != "max_new_tokens" && k != "do_sample" && !v.isNull() &&
            !(v.isString() && v.asString().empty()))
            extra.set(k, v);
    if (extra.size() > 0) decoding += ", " + mr::json::dump(extra);
    return "grounding pipeline: " + reasoner + " (" + decoding + (original ? ", coordinates mapped to the image" : "") +
           "); expert " + expertText;
}

int runEval(const EvalArgs& args) {
    const mr::eval::Shard shard = args.run.parsedShard();
    const mr::session::EngineSettings engine = args.engine->settings();
    const bool server = engine.models.reasoner.source == g::ReasonerSource::Server;
    if (args.concurrency > 1 && !server)
        throw mr::cli::UsageError("--concurrency N needs --server: a local model answers one question at a time");
    mr::eval::PipelinePredictorOptions po;
    po.ask = engine.askOptions();
    const bool original = args.coordinates == "original";
    if (original) po.coordinates = mr::eval::AnswerCoordinates::Original;
    const std::string description = describeRun(engine, original);

    mr::eval::RunOptions ro;
    ro.datasetDir = args.dataset;
    ro.recordsFile = args.run.records;
    ro.outDir = args.run.out;
    ro.shard = shard;
    ro.concurrency = size_t(args.concurrency);
    auto pipeline = std::make_shared<g::GroundingPipeline>(engine.models);
    const std::string expertText = description.substr(description.rfind("; expert ") + 2);
    auto segmenter = std::make_shared<mr::eval::ExpertMaskSegmenter>(pipeline, expertText);
    ro.segmenter = segmenter.get();
    // The expert's pipeline also reasons when there is one pipeline; with a server, N pipelines
    // share its thread-safe remote reasoner so N requests are out at once.
    std::vector<std::shared_ptr<g::GroundingPipeline>> reasoning{pipeline};
    if (server) {
        reasoning.clear();
        for (int64_t i = 0; i < args.concurrency; ++i)
            reasoning.push_back(std::make_shared<g::GroundingPipeline>(engine.models));
    }
    mr::eval::PipelinePredictor predictor(reasoning, segmenter, po, description);
    mr::eval::EvalRunner runner(ro, predictor);  // reads the records first: a bad dataset fails before loading models

    const bool quiet = args.run.quiet;
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupts(cancel);  // also while the models load
    if (!quiet) std::cerr << (server ? "loading the expert, connecting to the server...\n" : "loading models...\n");
    pipeline->load({}, cancel);
    if (server)
        for (auto& p : reasoning) p->setModels(pipeline->reasoner(), nullptr);
    if (!quiet)
        std::cerr << "reasoner: " << pipeline->reasoner()->description() << "\nexpert: " << pipeline->expert()->name()
                  << (args.concurrency > 1 ? "\nrequests at once: " + std::to_string(args.concurrency) : std::string())
                  << "\n";
    const auto stats = mr::cli::runWithProgress(runner, "eval", shard, quiet, cancel);
    return mr::cli::finishRun(args.run, shard, stats, "evaluated");
}

const mr::cli::Registration reg(mr::cli::makeCommand<EvalArgs>(
    "eval",
    "run the grounding pipeline over a U-MRG dataset folder and score it (IoU, pDice, Dice box/points/joint, "
    "rewards); resumable, --shard i/N (0-based) splits the work",
    declareEval, runEval));

}  // namespace
