// Revisions: a saved sample corrected again keeps every revision (who, when, what changed, Dice to
// the one before) with its own mask file; the records file and the exports use the latest revision
// that is not rejected; the history survives reopening; deleting the sample removes the app's files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/json.h"
#include "engine/dataset/dataset_export.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/engine/dataset/mask_test_util.h"

namespace fs = std::filesystem;
using namespace mr::dataset;

namespace {

using test::bitsOf;
using test::rectangle;

Sample saveOne(DatasetStore& store, const std::vector<uint8_t>& mask) {
    SamplePixels px = test::makePixels(16, 12, 1);
    px.finalMask = mask;
    return store.append(test::makeSample("Where is the lesion?", ReviewStatus::Corrected), px);
}

}  // namespace

TEST(Revisions, ACorrectionOfASavedSampleIsANewRevisionWithItsHistory) {
    const std::string dir = test::freshDir("revisions");
    auto store = DatasetStore::open(dir);
    const auto first = rectangle(2, 2, 8, 8);  // 36 pixels
    const Sample saved = saveOne(*store, first);
    const std::vector<uint8_t> firstBytes = bitsOf(store->absolutePath(saved.maskFile));

    Sample edited = saved;
    edited.status = ReviewStatus::Corrected;
    edited.annotator = "reader-2";
    edited.note = "included the rim";
    edited.truthBox = mr::Box{2, 2, 10, 8};
    const auto second = rectangle(2, 2, 10, 8);  // 48 pixels, 36 shared
    const Sample r2 = store->revise(edited, second);
    ASSERT_EQ(r2.revisions.size(), 2u);
    EXPECT_EQ(r2.revisions[0].number, 1);
    EXPECT_EQ(r2.revisions[0].maskFile, saved.maskFile);
    EXPECT_EQ(r2.revisions[0].annotator, saved.annotator);
    const Revision& latest = r2.revisions[1];
    EXPECT_EQ(latest.number, 2);
    EXPECT_EQ(latest.maskFile, "masks/" + saved.id + "_r2.png");
    EXPECT_EQ(latest.annotator, "reader-2");
    EXPECT_EQ(latest.note, "included the rim");
    EXPECT_FALSE(latest.savedAt.empty());
    EXPECT_NEAR(latest.diceToPrevious, 2.0 * 36 / (36 + 48), 1e-9);
    EXPECT_EQ(latest.pixelsChanged, 12);
    // The sample is its latest revision; the first mask file is as it was.
    EXPECT_EQ(r2.maskFile, latest.maskFile);
    EXPECT_EQ(r2.annotator, "reader-2");
    EXPECT_EQ(bitsOf(store->absolutePath(latest.maskFile)), second);
    EXPECT_EQ(bitsOf(store->absolutePath(saved.maskFile)), firstBytes);
    // The records file names the new mask and box.
    const auto records = mr::json::parseFile(dir + "/annotations.json");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("mask").asString(), latest.maskFile);
    EXPECT_EQ(records[0].at("bbox_2d")[2].asDouble(), 10);

    // Reopened: the history is read back.
    store.reset();
    store = DatasetStore::open(dir);
    const Sample* back = store->find(saved.id);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->revisions.size(), 2u);
    EXPECT_EQ(back->revisions[1].note, "included the rim");
    EXPECT_NEAR(back->revisions[1].diceToPrevious, latest.diceToPrevious, 1e-12);
    EXPECT_EQ(back->revisions[1].truthBox, mr::Box({2, 2, 10, 8}));
}

TEST(Revisions, ExportsUseTheLatestRevisionThatIsNotRejected) {
    const std::string dir = test::freshDir("revisions-export");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveOne(*store, rectangle(1, 1, 5, 5));
    Sample edited = saved;
    const auto second = rectangle(1, 1, 9, 9);
    store->revise(edited, second);
    edited.status = ReviewStatus::Rejected;  // a third reader rejects the new outline
    edited.note = "too wide";
    const Sample r3 = store->revise(edited, rectangle(0, 0, 16, 12));
    EXPECT_EQ(r3.status, ReviewStatus::Rejected);
    ASSERT_EQ(r3.revisions.size(), 3u);

    const auto truth = store->groundTruth();
    ASSERT_EQ(truth.size(), 1u);
    EXPECT_EQ(truth[0].maskFile, r3.revisions[1].maskFile);
    exportPngMasks(*store, dir + "-png");
    EXPECT_EQ(bitsOf(dir + "-png/" + saved.id + ".png"), second);
    const auto records = mr::json::parseFile(dir + "/annotations.json");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("mask").asString(), r3.revisions[1].maskFile);

    // Every revision rejected: not ground truth any more.
    Sample onlyRejected = saved;
    onlyRejected.status = ReviewStatus::Rejected;
    onlyRejected.revisions.clear();
    EXPECT_FALSE(acceptedRevisionOf(onlyRejected));
}

TEST(Revisions, BadMasksAndOtherToolsFilesAreRefusedAndDeletingRemovesTheAppsFiles) {
    const std::string dir = test::freshDir("revisions-refused");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveOne(*store, rectangle(1, 1, 5, 5));
    Sample edited = saved;
    EXPECT_THROW(store->revise(edited, std::vector<uint8_t>(10, 1)), DatasetError);  // wrong size
    Sample unknown = saved;
    unknown.id = "999999";
    EXPECT_THROW(store->revise(unknown, rectangle(1, 1, 5, 5)), DatasetError);
    // A file of that name that the app did not write is never replaced.
    const std::string theirs = store->absolutePath("masks/" + saved.id + "_r2.png");
    std::ofstream(theirs) << "not ours";
    try {
        store->revise(edited, rectangle(1, 1, 6, 6));
        FAIL() << "no error";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("not the app's to replace"), std::string::npos) << e.what();
    }
    fs::remove(theirs);
    const Sample r2 = store->revise(edited, rectangle(1, 1, 6, 6));
    store->remove(saved.id);
    EXPECT_FALSE(fs::exists(store->absolutePath(r2.maskFile)));
    EXPECT_FALSE(fs::exists(store->absolutePath(saved.maskFile)));

    auto readOnly = DatasetStore::open(dir, StoreAccess::ReadOnly);
    EXPECT_THROW(readOnly->revise(edited, rectangle(1, 1, 6, 6)), DatasetError);
}
