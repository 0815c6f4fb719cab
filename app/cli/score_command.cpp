// `medreasoner score`: scores a predictions file against a U-MRG dataset folder (score mode of the
// evaluation runner), resumable and shardable, and writes the reports.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/command.h"
#include "engine/core/cancel.h"
#include "engine/eval/progress_bar.h"
#include "engine/eval/report.h"
#include "engine/eval/results_store.h"
#include "engine/eval/runner.h"
#include "engine/eval/summary.h"

namespace fs = std::filesystem;

namespace {

mr::CancelToken* g_cancel = nullptr;
extern "C" void onInterrupt(int) {
    if (g_cancel) g_cancel->cancel();  // an atomic store: safe in a signal handler
}

std::string f4(const mr::json::Value* v) {
    if (!v || !v->isNumber()) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", v->asDouble());
    return buf;
}

void printSummary(const mr::json::Value& s) {
    const auto& m = s.at("metrics");
    std::cout << "samples            " << s.at("total_samples").asInt() << "\n"
              << "mean IoU           " << f4(m.find("mean_iou")) << "\n"
              << "mean pDice (0-2)   " << f4(m.find("mean_pdice")) << "\n"
              << "IoU >= 0.5         " << f4(m.find("iou_at_0_5")) << "\n"
              << "mean Dice box/points/joint  " << f4(m.find("mean_dice_bbox")) << " / "
              << f4(m.find("mean_dice_points")) << " / " << f4(m.find("mean_dice_joint")) << "\n"
              << "mean reward soft/hard       " << f4(m.find("mean_reward_soft")) << " / "
              << f4(m.find("mean_reward_hard")) << "\n"
              << "parse failures     " << s.at("parse_failures").asInt() << " ("
              << f4(s.find("parse_failure_rate")) << ")\n"
              << "missing predictions " << s.at("missing_predictions").asInt() << "\n";
    if (const auto* l = s.find("latency_ms"); l && l->isObject())
        std::cout << "latency ms p50/p95 " << f4(l->find("p50")) << " / " << f4(l->find("p95")) << "\n";
}

int runScore(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, {"out", "shard", "records", "title"}, {"json", "quiet"});
    if (args.positional().size() != 2) throw mr::cli::UsageError("expected DATASET and PREDICTIONS");
    const auto out = args.value("out");
    if (!out) throw mr::cli::UsageError("--out DIR is required");
    mr::eval::Shard shard;
    if (auto s = args.value("shard")) {
        try {
            shard = mr::eval::Shard::parse(*s);
        } catch (const mr::Error& e) {
            throw mr::cli::UsageError(e.what());
        }
    }

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
    g_cancel = &cancel;
    auto previous = std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    const bool bar = !args.flag("quiet") && ::isatty(STDERR_FILENO);
    mr::eval::ProgressBar progress(std::cerr, shard.whole() ? "score" : "score " + std::to_string(shard.index) + "/" +
                                                                            std::to_string(shard.count));
    mr::eval::RunStats stats;
    try {
        stats = runner.run(cancel, [&](size_t done, size_t total, size_t resumed, std::string_view id) {
            if (bar) progress.update(done, total, resumed, id);
        });
    } catch (const mr::Cancelled&) {
        if (bar) progress.finish();
        std::signal(SIGINT, previous);
        g_cancel = nullptr;
        std::cerr << "interrupted: the finished samples are kept; run the same command again to resume\n";
        throw;
    }
    if (bar) progress.finish();
    std::signal(SIGINT, previous);
    g_cancel = nullptr;

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
        std::cout << "scored " << stats.scored << ", resumed " << stats.resumed << " of " << stats.samples
                  << " samples -> " << stats.resultsPath << "\n";
        printSummary(summary);
        std::cout << reportNote << "\n";
    }
    return 0;
}

mr::cli::Registration reg({"score",
                           "score DATASET PREDICTIONS --out DIR [--shard i/N] [--records FILE] [--title T] [--json] "
                           "[--quiet]",
                           "score model outputs (JSON Lines with id + output) against a U-MRG dataset folder; "
                           "resumable, --shard i/N (0-based) splits the work",
                           runScore});

}  // namespace
