#include "app/cli/evaluation_run.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "engine/eval/progress_bar.h"
#include "engine/eval/report.h"
#include "engine/eval/results_store.h"
#include "engine/eval/summary.h"

namespace mr::cli {

namespace {

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
              << "parse failures     " << s.at("parse_failures").asInt() << " (" << f4(s.find("parse_failure_rate"))
              << ")\n"
              << "missing predictions " << s.at("missing_predictions").asInt() << "\n";
    if (const auto* l = s.find("latency_ms"); l && l->isObject())
        std::cout << "latency ms p50/p95 " << f4(l->find("p50")) << " / " << f4(l->find("p95")) << "\n";
}

std::string shardText(const mr::eval::Shard& shard) {
    return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

}  // namespace

void RunArgs::declare(CLI::App& app) {
    app.add_option("--out", out, "the results folder (results.jsonl, reports); an existing one is resumed")
        ->required()
        ->type_name("DIR");
    app.add_option("--shard", shard, "run only shard i of N (0-based); merge with medreasoner report")
        ->type_name("i/N");
    app.add_option("--records", records, "the records file (default: annotations.json, or the only *.json)")
        ->type_name("FILE");
    app.add_option("--title", title, "the report's title")->capture_default_str();
    app.add_flag("--json", json, "print the summary as JSON");
    app.add_flag("--quiet", quiet, "no progress bar");
}

mr::eval::Shard RunArgs::parsedShard() const {
    if (shard.empty()) return {};
    try {
        return mr::eval::Shard::parse(shard);
    } catch (const mr::Error& e) {
        throw UsageError(e.what());
    }
}

mr::eval::RunStats runWithProgress(mr::eval::EvalRunner& runner, const std::string& verb, const mr::eval::Shard& shard,
                                   bool quiet, const mr::CancelToken& cancel) {
    const bool bar = !quiet && ::isatty(STDERR_FILENO);
    mr::eval::ProgressBar progress(std::cerr, shard.whole() ? verb : verb + " " + shardText(shard));
    try {
        auto stats = runner.run(cancel, [&](size_t done, size_t total, size_t resumed, std::string_view id) {
            if (bar) progress.update(done, total, resumed, id);
        });
        if (bar) progress.finish();
        return stats;
    } catch (const mr::Cancelled&) {
        if (bar) progress.finish();
        std::cerr << "interrupted: the finished samples are kept; run the same command again to resume\n";
        throw;
    } catch (...) {
        if (bar) progress.finish();
        throw;
    }
}

int finishRun(const RunArgs& args, const mr::eval::Shard& shard, const mr::eval::RunStats& stats,
              const std::string& verb) {
    const std::string& outDir = args.out;
    const auto results = mr::eval::readResults(stats.resultsPath);
    const auto summary = mr::eval::summarize(results);
    std::string reportNote;
    if (shard.whole()) {
        auto paths = mr::eval::writeReports(outDir, results, summary, args.title);
        reportNote = "report: " + paths.html;
    } else {
        reportNote =
            "shard " + shardText(shard) + " done; merge the shards with: medreasoner report " + outDir + " --out DIR";
    }
    if (args.json) {
        std::cout << mr::json::dump(summary, 2) << "\n";
    } else {
        std::cout << verb << " " << stats.scored << ", resumed " << stats.resumed << " of " << stats.samples
                  << " samples -> " << stats.resultsPath << "\n";
        printSummary(summary);
        std::cout << reportNote << "\n";
    }
    return 0;
}

}  // namespace mr::cli
