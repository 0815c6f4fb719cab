// `medreasoner dataset list|export` on a U-MRG folder another tool wrote: its records are listed
// and exported as "imported", and not one byte of the folder changes.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/cli/command.h"
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
