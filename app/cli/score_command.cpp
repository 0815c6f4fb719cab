// `medreasoner score`: scores a predictions file against a U-MRG dataset folder (score mode of the
// evaluation runner), resumable and shardable, and writes the reports.
#include <algorithm>
#include <iostream>

#include "app/cli/command.h"
#include "app/cli/evaluation_run.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"

namespace {

int runScore(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, {"out", "shard", "records", "title"}, {"json", "quiet"});
    if (args.positional().size() != 2) throw mr::cli::UsageError("expected DATASET and PREDICTIONS");
    const auto out = args.value("out");
    if (!out) throw mr::cli::UsageError("--out DIR is required");
    const mr::eval::Shard shard = mr::cli::shardFromArgs(args);

    mr::eval::PredictionsFile predictions(args.positional()[1]);
    mr::eval::EvalRunner runner({args.positional()[0], args.value("records", ""), *out, shard}, predictions);
    size_t unknown = 0;
    std::vector<std::string> known;
    for (const auto& r : runner.records()) known.push_back(r.id);
    std::sort(known.begin(), known.end());
    for (const auto& id : predictions.ids()) unknown += !std::binary_search(known.begin(), known.end(), id);
    if (unknown)
        std::cerr << "note: " << unknown << " prediction(s) have ids that are not in the dataset; they are ignored\n";

    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupts(cancel);
    const auto stats = mr::cli::runWithProgress(runner, "score", shard, args.flag("quiet"), cancel);
    return mr::cli::finishRun(args, *out, shard, stats, "scored");
}

mr::cli::Registration reg({"score",
                           "score DATASET PREDICTIONS --out DIR [--shard i/N] [--records FILE] [--title T] [--json] "
                           "[--quiet]",
                           "score model outputs (JSON Lines with id + output) against a U-MRG dataset folder; "
                           "resumable, --shard i/N (0-based) splits the work",
                           runScore});

}  // namespace
