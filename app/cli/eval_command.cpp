// `medreasoner eval DATASET --reasoner DIR --expert PATH|classical --out DIR [--shard i/N] [--json]`:
// inference mode of the evaluation runner. Every sample's image and question go through the
// grounding pipeline (reasoner, then the expert prompted box-only, points-only and box+points for
// the three Dice columns); results are scored as `medreasoner score` does, resumable and shardable,
// and the reports are written (or, for one shard of several, merged later by `medreasoner report`).
#include <filesystem>
#include <iostream>

#include "app/cli/command.h"
#include "app/cli/evaluation_run.h"
#include "app/cli/model_args.h"
#include "engine/eval/expert_mask_segmenter.h"
#include "engine/eval/pipeline_predictor.h"
#include "engine/eval/runner.h"
#include "engine/ground/grounding_pipeline.h"

namespace fs = std::filesystem;
namespace g = mr::ground;

namespace {

int runEval(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv,
                       {"reasoner", "expert", "expert-type", "expert-device", "expert-dtype", "expert-image-size", "device", "dtype", "out",
                        "shard", "records", "title", "max-new-tokens", "coordinates"},
                       {"json", "quiet", "no-think"});
    if (args.positional().size() != 1) throw mr::cli::UsageError("expected one DATASET folder");
    const std::string dataset = args.positional()[0];
    const auto out = args.value("out");
    if (!out) throw mr::cli::UsageError("--out DIR is required");
    const auto reasonerDir = args.value("reasoner");
    if (!reasonerDir) throw mr::cli::UsageError("--reasoner DIR (a Qwen2.5-VL model folder) is required");
    const mr::eval::Shard shard = mr::cli::shardFromArgs(args);

    const g::ModelSettings settings = mr::cli::modelSettingsFromArgs(args, *reasonerDir);

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
    mr::cli::InterruptCancels interrupts(cancel);  // also while the models load
    if (!quiet) std::cerr << "loading models...\n";
    pipeline->load({}, cancel);
    if (!quiet)
        std::cerr << "reasoner: " << pipeline->reasoner()->description() << "\nexpert: " << pipeline->expert()->name()
                  << "\n";
    const auto stats = mr::cli::runWithProgress(runner, "eval", shard, quiet, cancel);
    return mr::cli::finishRun(args, *out, shard, stats, "evaluated");
}

mr::cli::Registration reg({"eval",
                           "eval DATASET --reasoner DIR --expert PATH|classical [--expert-type sam|medsam|medsam2|classical] "
                           "--out DIR [--shard i/N] [--max-new-tokens N] [--no-think] [--coordinates as-written|original] [--device D] [--dtype T] "
                           "[--expert-device D] [--expert-dtype T] [--expert-image-size 512|1024] [--records FILE] [--title T] [--json] [--quiet]",
                           "run the grounding pipeline over a U-MRG dataset folder and score it (IoU, pDice, Dice "
                           "box/points/joint, rewards); resumable, --shard i/N (0-based) splits the work",
                           runEval});

}  // namespace
