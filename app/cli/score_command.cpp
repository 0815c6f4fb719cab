// `medreasoner score`: scores a predictions file against a U-MRG dataset folder (score mode of the
// evaluation runner), resumable and shardable, and writes the reports.
#include <algorithm>
#include <iostream>

#include "app/cli/command.h"
#include "app/cli/evaluation_run.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"

namespace {

struct ScoreArgs {
    std::string dataset, predictions;
    mr::cli::RunArgs run;
};

int runScore(const ScoreArgs& a) {
    const mr::eval::Shard shard = a.run.parsedShard();
    mr::eval::PredictionsFile predictions(a.predictions);
    mr::eval::EvalRunner runner({a.dataset, a.run.records, a.run.out, shard}, predictions);
    size_t unknown = 0;
    std::vector<std::string> known;
    for (const auto& r : runner.records()) known.push_back(r.id);
    std::sort(known.begin(), known.end());
    for (const auto& id : predictions.ids()) unknown += !std::binary_search(known.begin(), known.end(), id);
    if (unknown)
        std::cerr << "note: " << unknown << " prediction(s) have ids that are not in the dataset; they are ignored\n";

    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupts(cancel);
    const auto stats = mr::cli::runWithProgress(runner, "score", shard, a.run.quiet, cancel);
    return mr::cli::finishRun(a.run, shard, stats, "scored");
}

void declareScore(CLI::App& app, ScoreArgs& a) {
    app.add_option("dataset", a.dataset, "a U-MRG dataset folder")->required()->type_name("DATASET");
    app.add_option("predictions", a.predictions, "JSON Lines of {id, output}")->required()->type_name("PREDICTIONS");
    a.run.declare(app);
}

const mr::cli::Registration reg(mr::cli::makeCommand<ScoreArgs>(
    "score",
    "score model outputs (JSON Lines with id + output) against a U-MRG dataset folder; resumable, --shard i/N "
    "(0-based) splits the work",
    declareScore, runScore));

}  // namespace
