// `medreasoner dataset list|export` on a U-MRG folder another tool wrote: its records are listed
// and exported as "imported", and not one byte of the folder changes. `dataset stats` on a dataset
// with second readings and an adjudication: the counts and the agreement table, as text and JSON.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/cli/command.h"
#include "engine/core/json.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/support/foreign_umrg_folder.h"

namespace fs = std::filesystem;

namespace {

int run(const std::vector<std::string>& args) {
    for (const auto& c : mr::cli::commands())
        if (c.name == "dataset") return c.run(args);
    throw std::runtime_error("no dataset command");
}

}  // namespace

TEST(DatasetCommand, ListsAndExportsAnotherToolsRecordsWithoutWriting) {
    const std::string dir = std::string(MR_TEST_OUTPUT_DIR) + "/foreign";
    mr::test::makeForeignUmrgFolder(dir);
    const auto before = mr::test::snapshotFiles(dir);

    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    EXPECT_EQ(run({"list", dir}), 0);
    const std::string out = testing::internal::GetCapturedStdout();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(out.find("liver_001 imported"), std::string::npos) << out;
    EXPECT_NE(out.find("Which structure filters the blood?"), std::string::npos) << out;
    EXPECT_NE(out.find("3 of 3 samples"), std::string::npos) << out;
    EXPECT_NE(err.find("written by another tool"), std::string::npos) << err;
    EXPECT_EQ(err.find("rewritten"), std::string::npos) << err;

    const std::string coco = std::string(MR_TEST_OUTPUT_DIR) + "/foreign-coco.json";
    testing::internal::CaptureStdout();
    EXPECT_EQ(run({"export", dir, "--format", "coco", "--out", coco}), 0);
    EXPECT_NE(testing::internal::GetCapturedStdout().find("exported 3"), std::string::npos);
    EXPECT_TRUE(fs::exists(coco));
    EXPECT_EQ(mr::test::snapshotFiles(dir), before);
}

namespace {

// A 16 × 12 mask with the rectangle [x1, x2) × [y1, y2) set.
std::vector<uint8_t> rectangle(int x1, int y1, int x2, int y2) {
    std::vector<uint8_t> m(16 * 12, 0);
    for (int y = y1; y < y2; ++y)
        for (int x = x1; x < x2; ++x) m[size_t(y * 16 + x)] = 1;
    return m;
}

// Three samples by alice (one rejected); bob reads two (Dice 72/84 and 1); judge adjudicates the
// first for bob's larger mask, so it becomes corrected.
std::string makeReadDataset() {
    namespace dt = mr::dataset::test;
    const std::string dir = dt::freshDir("cli-stats");
    auto store = mr::dataset::DatasetStore::open(dir);
    std::vector<std::string> ids;
    for (auto status : {mr::dataset::ReviewStatus::Accepted, mr::dataset::ReviewStatus::Corrected,
                        mr::dataset::ReviewStatus::Rejected}) {
        mr::dataset::SamplePixels px = dt::makePixels(16, 12, 1);
        px.finalMask = rectangle(2, 2, 8, 8);  // 36 pixels
        mr::dataset::Sample s = dt::makeSample("Where is the lesion?", status);
        s.annotator = "alice";
        ids.push_back(store->append(s, px).id);
    }
    store->addReading(ids[0], "bob", rectangle(2, 2, 10, 8), 20);  // 48 pixels, 36 shared: 72/84
    store->addReading(ids[1], "bob", rectangle(2, 2, 8, 8), 10);
    store->adjudicate(ids[0], "judge", rectangle(2, 2, 10, 8), "second", "the rim is lesion");
    return dir;
}

}  // namespace

TEST(DatasetCommand, StatsCountsSamplesRevisionsAndTheReadersAgreementWithoutWriting) {
    const std::string dir = makeReadDataset();
    const auto before = mr::test::snapshotFiles(dir);

    testing::internal::CaptureStdout();
    EXPECT_EQ(run({"stats", dir}), 0);
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("samples: 3 (accepted 0, corrected 2, rejected 1, imported 0)"), std::string::npos) << out;
    EXPECT_NE(out.find("revisions: 4 in all; samples corrected again: 1"), std::string::npos) << out;
    EXPECT_NE(out.find("second readings: 2; samples read again: 2; mean Dice 0.929; adjudicated: 1; awaiting "
                       "adjudication: 1"),
              std::string::npos)
        << out;
    // annotator, read first, read second, adjudicated, readings, mean and min Dice.
    EXPECT_NE(out.find("alice              3           0           0        2     0.929    0.857"), std::string::npos)
        << out;
    EXPECT_NE(out.find("bob                0           2           0        2     0.929    0.857"), std::string::npos)
        << out;
    EXPECT_NE(out.find("judge              0           0           1        0         -        -"), std::string::npos)
        << out;
    EXPECT_NE(out.find("alice        bob                  2     0.929"), std::string::npos) << out;

    testing::internal::CaptureStdout();
    EXPECT_EQ(run({"stats", dir, "--json"}), 0);
    const auto v = mr::json::parse(testing::internal::GetCapturedStdout());
    EXPECT_EQ(v.at("samples").asInt(), 3);
    EXPECT_EQ(v.at("by_status").at("rejected").asInt(), 1);
    EXPECT_EQ(v.at("by_status").at("corrected").asInt(), 2);
    EXPECT_EQ(v.at("revisions").asInt(), 4);
    EXPECT_EQ(v.at("samples_corrected_again").asInt(), 1);
    const auto& reading = v.at("second_reading");
    EXPECT_EQ(reading.at("samples").asInt(), 2);
    EXPECT_NEAR(reading.at("mean_dice").asDouble(), (72.0 / 84 + 1) / 2, 1e-9);
    EXPECT_EQ(reading.at("adjudicated").asInt(), 1);
    EXPECT_EQ(reading.at("awaiting_adjudication").asInt(), 1);
    ASSERT_EQ(v.at("annotators").size(), 3u);
    const auto& bob = v.at("annotators")[1];
    EXPECT_EQ(bob.at("annotator").asString(), "bob");
    EXPECT_EQ(bob.at("read_second").asInt(), 2);
    EXPECT_NEAR(bob.at("min_dice").asDouble(), 72.0 / 84, 1e-9);
    EXPECT_TRUE(v.at("annotators")[2].at("mean_dice").isNull());
    ASSERT_EQ(v.at("pairs").size(), 1u);
    EXPECT_EQ(v.at("pairs")[0].at("first_reader").asString(), "alice");
    EXPECT_EQ(v.at("pairs")[0].at("second_reader").asString(), "bob");

    EXPECT_EQ(mr::test::snapshotFiles(dir), before);
}
