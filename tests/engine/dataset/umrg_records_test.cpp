// U-MRG records: JSON round trip, field aliases, clear errors for bad files.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/files.h"
#include "engine/dataset/umrg_records.h"
#include "tests/support/scratch_dir.h"

namespace fs = std::filesystem;
using namespace mr::dataset;

namespace {

std::string freshDir(const std::string& name) { return mr::testing::freshDir("records/" + name); }

}  // namespace

TEST(UmrgRecords, RoundTrip) {
    const std::string dir = freshDir("roundtrip");
    UmrgRecord r;
    r.id = "0007";
    r.image = "images/0007.png";
    r.mask = "masks/0007.png";
    r.question = "Where would you biopsy?";
    r.answer = "the nodule";
    r.bbox2d = {10, 20.5, 30, 40};
    r.point2d = {{{12, 22}, {28, 38}}};
    r.category = "lung nodule";
    r.supercategory = "chest";
    r.modality = "CT";
    r.extra.set("source", "test");
    saveRecords(dir + "/annotations.json", {r});
    EXPECT_EQ(findRecordsFile(dir), dir + "/annotations.json");
    auto back = loadRecords(dir + "/annotations.json");
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(recordToJson(back[0]), recordToJson(r));
    EXPECT_EQ(back[0].extra.at("source").asString(), "test");
    EXPECT_EQ(back[0].groundTruth().at("point_2d")[1][0].asDouble(), 28);
}

TEST(UmrgRecords, AliasesAndNumericIds) {
    const std::string dir = freshDir("aliases");
    mr::writeFileAtomic(dir + "/test.json", R"({"records": [{"id": 3, "image_path": "a.png", "problem": "q?",
        "bbox_2d": [1, 2, 3, 4], "point_2d": [[1, 2], [3, 4]], "super_category": "x"}]})");
    EXPECT_EQ(findRecordsFile(dir), dir + "/test.json");
    auto rs = loadRecords(dir + "/test.json");
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].id, "3");
    EXPECT_EQ(rs[0].image, "a.png");
    EXPECT_EQ(rs[0].question, "q?");
    EXPECT_EQ(rs[0].supercategory, "x");
    EXPECT_TRUE(rs[0].mask.empty());
    // A bare file name is looked up under images/.
    fs::create_directories(dir + "/images");
    mr::writeFileAtomic(dir + "/images/a.png", "x");
    EXPECT_EQ(resolvePath(dir, "a.png", "images"), dir + "/images/a.png");
}

TEST(UmrgRecords, ClearErrors) {
    const std::string dir = freshDir("errors");
    auto expectError = [&](const std::string& text, const std::string& needle) {
        mr::writeFileAtomic(dir + "/r.json", text);
        try {
            loadRecords(dir + "/r.json");
            ADD_FAILURE() << "no error for " << text;
        } catch (const DatasetError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    const std::string ok = R"("image": "a.png", "bbox_2d": [1, 2, 3, 4], "point_2d": [[1, 2], [3, 4]])";
    expectError("[{\"id\": \"a\", " + ok + "}, {\"id\": \"a\", " + ok + "}]", "more than once");
    expectError(R"([{"id": "a", "image": "a.png", "point_2d": [[1, 2], [3, 4]]}])", "bbox_2d");
    expectError(R"([{"id": "a", "image": "a.png", "bbox_2d": [1, 2, 3, "4"], "point_2d": [[1, 2], [3, 4]]}])",
                "bbox_2d");
    expectError(R"([{"id": "a", "image": "a.png", "bbox_2d": [1, 2, 3, 4], "point_2d": [[1, 2]]}])", "point_2d");
    expectError("[{\"" + std::string("image\": \"a.png\"}]"), "'id'");
    expectError("{\"x\": 1}", "list of records");
    expectError("[1, 2", "r.json");
    EXPECT_THROW(findRecordsFile(dir + "/missing"), DatasetError);
    const std::string empty = freshDir("empty");
    EXPECT_THROW(findRecordsFile(empty), DatasetError);
}
