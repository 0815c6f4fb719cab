// `medreasoner score` and `medreasoner report` through their registered commands (the command files
// are compiled into this test; the full tool links every engine part).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/cli/command.h"
#include "engine/core/files.h"
#include "engine/dataset/umrg_records.h"
#include "engine/eval/results_store.h"

namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(MR_TEST_OUTPUT_DIR) + "/cli";

const mr::cli::Command& command(const std::string& name) {
    for (const auto& c : mr::cli::commands())
        if (c.name == name) return c;
    throw std::runtime_error("no command " + name);
}

// A dataset without image files: coordinates are then not checked against the image (a warning).
void makeDataset(const std::string& dir) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<mr::dataset::UmrgRecord> recs;
    std::ofstream preds(dir + "/preds.jsonl");
    for (int i = 0; i < 9; ++i) {
        mr::dataset::UmrgRecord r;
        r.id = "case-" + std::to_string(i);
        r.image = "images/" + r.id + ".png";
        r.bbox2d = {10, 10, 50, 40};
        r.point2d = {{{20, 20}, {40, 30}}};
        r.category = i % 2 ? "a" : "b";
        r.supercategory = i % 3 ? "x" : "y";
        recs.push_back(r);
        preds << "{\"id\": \"" << r.id << "\", \"response\": \"<think>t</think><answer>{'bbox': [" << 10 + i
              << ", 10, 50, 40], 'points_1': [20, 21], 'points_2': [40, 30]}</answer>\", \"latency_ms\": " << 100 * i
              << "}\n";
    }
    mr::dataset::saveRecords(dir + "/annotations.json", recs);
}

}  // namespace

TEST(Cli, ScoreShardsAndReport) {
    const std::string ds = kDir + "/ds";
    makeDataset(ds);
    const auto& score = command("score");
    const auto& report = command("report");
    ASSERT_EQ(score.run({ds, ds + "/preds.jsonl", "--out", kDir + "/full", "--quiet"}), 0);
    for (const char* f : {"results.jsonl", "summary.json", "results.csv", "report.html"})
        EXPECT_TRUE(fs::exists(kDir + "/full/" + f)) << f;
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(score.run({ds, ds + "/preds.jsonl", "--out", kDir + "/shards", "--shard=" + std::to_string(i) + "/2",
                             "--json", "--quiet"}),
                  0);
    EXPECT_FALSE(fs::exists(kDir + "/shards/report.html"));  // a shard alone writes no report
    ASSERT_EQ(report.run({kDir + "/shards", "--out", kDir + "/merged"}), 0);
    for (const char* f : {"results.jsonl", "summary.json", "results.csv", "report.html"})
        EXPECT_EQ(mr::readFile(kDir + "/merged/" + f), mr::readFile(kDir + "/full/" + f)) << f;
    EXPECT_EQ(mr::eval::readResults(kDir + "/merged/results.jsonl").size(), 9u);
}

TEST(Cli, UsageErrors) {
    const auto& score = command("score");
    const auto& report = command("report");
    EXPECT_THROW(score.run({"a"}), mr::cli::UsageError);
    EXPECT_THROW(score.run({"a", "b"}), mr::cli::UsageError);  // no --out
    EXPECT_THROW(score.run({"a", "b", "--out", "o", "--shard", "2/2"}), mr::cli::UsageError);
    EXPECT_THROW(score.run({"a", "b", "--out", "o", "--bogus"}), mr::cli::UsageError);
    EXPECT_THROW(report.run({"--out", "o"}), mr::cli::UsageError);
    EXPECT_THROW(report.run({kDir + "/does-not-exist", "--out", kDir + "/o"}), mr::Error);
}
