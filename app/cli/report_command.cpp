// `medreasoner report`: merges the results of one or more runs or shards and writes the reports.
#include <filesystem>
#include <iostream>
#include <regex>
#include <set>

#include "app/cli/command.h"
#include "engine/core/files.h"
#include "engine/eval/report.h"
#include "engine/eval/results_store.h"
#include "engine/eval/summary.h"

namespace fs = std::filesystem;

namespace {

int runReport(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, {"out", "title"}, {"json"});
    if (args.positional().empty()) throw mr::cli::UsageError("expected at least one RESULTS_DIR (or results file)");
    const auto out = args.value("out");
    if (!out) throw mr::cli::UsageError("--out DIR is required");

    std::vector<std::vector<mr::json::Value>> parts;
    std::map<int, std::set<int>> shardsSeen;  // N -> indices found
    const std::regex shardName(R"(results\.shard-(\d+)-of-(\d+)\.jsonl)");
    for (const auto& input : args.positional()) {
        for (const auto& file : mr::eval::findResultsFiles(input)) {
            std::smatch m;
            const std::string name = fs::path(file).filename().string();
            if (std::regex_match(name, m, shardName)) shardsSeen[std::stoi(m[2])].insert(std::stoi(m[1]));
            parts.push_back(mr::eval::readResults(file));
        }
    }
    for (const auto& [n, seen] : shardsSeen)
        if (int(seen.size()) != n)
            std::cerr << "warning: found " << seen.size() << " of " << n << " shards; the report covers those only\n";

    const auto merged = mr::eval::mergeResults(parts);
    const auto summary = mr::eval::summarize(merged);
    fs::create_directories(*out);
    mr::writeFileAtomic((fs::path(*out) / "results.jsonl").string(), mr::eval::toJsonLines(merged));
    auto paths = mr::eval::writeReports(*out, merged, summary, args.value("title", "MedReasoner evaluation"));
    if (args.flag("json")) {
        std::cout << mr::json::dump(summary, 2) << "\n";
    } else {
        std::cout << "merged " << merged.size() << " samples from " << parts.size() << " file(s)\n"
                  << "  " << (fs::path(*out) / "results.jsonl").string() << "\n  " << paths.summaryJson << "\n  "
                  << paths.csv << "\n  " << paths.html << "\n";
    }
    return 0;
}

mr::cli::Registration reg({"report", "report RESULTS_DIR... --out DIR [--title T] [--json]",
                           "merge evaluation results (shards, runs) and write summary.json, results.csv and "
                           "report.html",
                           runReport});

}  // namespace
