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

struct ReportArgs {
    std::vector<std::string> inputs;
    std::string out, title = "MedReasoner evaluation";
    bool json = false;
};

int runReport(const ReportArgs& args) {
    const std::string* out = &args.out;

    std::vector<std::vector<mr::json::Value>> parts;
    std::map<int, std::set<int>> shardsSeen;  // N -> indices found
    const std::regex shardName(R"(results\.shard-(\d+)-of-(\d+)\.jsonl)");
    for (const auto& input : args.inputs) {
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
    auto paths = mr::eval::writeReports(*out, merged, summary, args.title);
    if (args.json) {
        std::cout << mr::json::dump(summary, 2) << "\n";
    } else {
        std::cout << "merged " << merged.size() << " samples from " << parts.size() << " file(s)\n"
                  << "  " << (fs::path(*out) / "results.jsonl").string() << "\n  " << paths.summaryJson << "\n  "
                  << paths.csv << "\n  " << paths.html << "\n";
    }
    return 0;
}

void declareReport(CLI::App& app, ReportArgs& a) {
    app.add_option("results", a.inputs, "results folders (or results*.jsonl files) of runs or shards")
        ->required()
        ->type_name("RESULTS_DIR...");
    app.add_option("--out", a.out, "where the merged results and reports go")->required()->type_name("DIR");
    app.add_option("--title", a.title, "the report's title")->capture_default_str();
    app.add_flag("--json", a.json, "print the summary as JSON");
}

const mr::cli::Registration reg(mr::cli::makeCommand<ReportArgs>(
    "report", "merge evaluation results (shards, runs) and write summary.json, results.csv and report.html",
    declareReport, runReport));

}  // namespace
