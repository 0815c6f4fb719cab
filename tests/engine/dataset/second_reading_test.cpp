// Second reader and adjudication: a blind reading keeps its own mask file (never over another
// tool's file) with its agreement against the first reader's mask and leaves the sample as it was;
// the wrong reader, size, id or store is refused; an adjudication is a revision that says whose
// mask won and who decided, and exports use it; deleting the sample removes the readings' files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/dataset/dataset_export.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/engine/dataset/mask_test_util.h"
#include "tests/support/foreign_umrg_folder.h"

namespace fs = std::filesystem;
using namespace mr::dataset;

namespace {

using test::bitsOf;
using test::rectangle;

std::string bytesOf(const std::string& path) { return mr::readFile(path, 1 << 20); }

// Saved by "alice" with a 6 × 6 square (36 pixels).
Sample saveByAlice(DatasetStore& store) {
    SamplePixels px = test::makePixels(16, 12, 1);
    px.finalMask = rectangle(2, 2, 8, 8);
    Sample s = test::makeSample("Where is the lesion?", ReviewStatus::Corrected);
    s.annotator = "alice";
    return store.append(s, px);
}

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const DatasetError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(SecondReading, AReadingKeepsItsOwnMaskAndItsAgreementWithTheFirstReader) {
    const std::string dir = test::freshDir("reading");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveByAlice(*store);
    const std::string firstBytes = bytesOf(store->absolutePath(saved.maskFile));
    const std::string recordsBefore = bytesOf(dir + "/annotations.json");

    const auto bobs = rectangle(2, 2, 10, 8);  // 48 pixels, 36 shared with alice's
    const Sample read = store->addReading(saved.id, "bob", bobs, 12.5);
    ASSERT_EQ(read.readings.size(), 1u);
    const Reading& r = read.readings[0];
    EXPECT_EQ(r.annotator, "bob");
    EXPECT_EQ(r.firstReader, "alice");
    EXPECT_EQ(r.maskFile, "masks/" + saved.id + "_reader2.png");
    EXPECT_FALSE(r.savedAt.empty());
    EXPECT_DOUBLE_EQ(r.secondsSpent, 12.5);
    EXPECT_NEAR(r.diceToFirst, 2.0 * 36 / (36 + 48), 1e-12);
    EXPECT_EQ(r.pixelsInDisagreement, 12);
    // Bob's mask is kept as he drew it; the sample's own mask, status and history are untouched.
    EXPECT_EQ(bitsOf(store->absolutePath(r.maskFile)), bobs);
    EXPECT_EQ(bytesOf(store->absolutePath(saved.maskFile)), firstBytes);
    EXPECT_EQ(read.maskFile, saved.maskFile);
    EXPECT_EQ(read.annotator, "alice");
    EXPECT_EQ(read.status, ReviewStatus::Corrected);
    EXPECT_TRUE(read.revisions.empty());
    EXPECT_EQ(bytesOf(dir + "/annotations.json"), recordsBefore);
    // The ledger knows the file as the app's.
    EXPECT_TRUE(WrittenFiles::load(dir).wroteExactly(r.maskFile, bytesOf(store->absolutePath(r.maskFile))));

    // A second reading by another reader, with no mask at all: Dice 0, every first pixel disagrees.
    const Sample twice = store->addReading(saved.id, "carol", std::vector<uint8_t>(16 * 12, 0), 3);
    ASSERT_EQ(twice.readings.size(), 2u);
    EXPECT_EQ(twice.readings[1].maskFile, "masks/" + saved.id + "_reader3.png");
    EXPECT_EQ(twice.readings[1].diceToFirst, 0);
    EXPECT_EQ(twice.readings[1].pixelsInDisagreement, 36);

    // An update of the labels keeps the readings even when the caller's copy has none.
    Sample relabelled = saved;
    relabelled.category = "cyst";
    store->update(relabelled);
    EXPECT_EQ(store->find(saved.id)->readings.size(), 2u);

    // Reopened: read back field by field.
    store.reset();
    store = DatasetStore::open(dir, StoreAccess::ReadOnly);
    const Sample* back = store->find(saved.id);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->readings.size(), 2u);
    EXPECT_EQ(back->readings[0].annotator, "bob");
    EXPECT_EQ(back->readings[0].firstReader, "alice");
    EXPECT_EQ(back->readings[0].maskFile, r.maskFile);
    EXPECT_EQ(back->readings[0].savedAt, r.savedAt);
    EXPECT_DOUBLE_EQ(back->readings[0].secondsSpent, 12.5);
    EXPECT_NEAR(back->readings[0].diceToFirst, r.diceToFirst, 1e-12);
    EXPECT_EQ(back->readings[0].pixelsInDisagreement, 12);
    EXPECT_EQ(back->readings[1].annotator, "carol");
    EXPECT_EQ(back->category, "cyst");
}

TEST(SecondReading, TheWrongReaderSizeIdOrStoreIsRefusedAndWritesNothing) {
    const std::string dir = test::freshDir("reading-refused");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveByAlice(*store);
    const auto before = mr::test::snapshotFiles(dir);
    const auto mask = rectangle(1, 1, 5, 5);

    EXPECT_NE(messageOf([&] {
                  store->addReading(saved.id, "alice", mask, 1);
              }).find("alice is the first reader of sample " + saved.id),
              std::string::npos);
    EXPECT_NE(messageOf([&] { store->addReading(saved.id, "bob", std::vector<uint8_t>(10, 1), 1); }).find("pixels"),
              std::string::npos);
    EXPECT_NE(messageOf([&] { store->addReading("999999", "bob", mask, 1); }).find("not in"), std::string::npos);
    EXPECT_NE(messageOf([&] { store->addReading(saved.id, "", mask, 1); }).find("reader's name"), std::string::npos);
    EXPECT_EQ(mr::test::snapshotFiles(dir), before);

    store->addReading(saved.id, "bob", mask, 1);
    const auto afterOne = mr::test::snapshotFiles(dir);
    EXPECT_NE(messageOf([&] { store->addReading(saved.id, "bob", mask, 1); }).find("bob has read it already"),
              std::string::npos);
    EXPECT_EQ(mr::test::snapshotFiles(dir), afterOne);

    // A sample whose every revision is rejected has no first reader's mask to compare with.
    Sample rejected = saveByAlice(*store);
    rejected.status = ReviewStatus::Rejected;
    store->update(rejected);
    EXPECT_NE(messageOf([&] { store->addReading(rejected.id, "bob", mask, 1); }).find("no accepted mask"),
              std::string::npos);

    store.reset();
    auto readOnly = DatasetStore::open(dir, StoreAccess::ReadOnly);
    const auto beforeReadOnly = mr::test::snapshotFiles(dir);
    EXPECT_NE(messageOf([&] { readOnly->addReading(saved.id, "carol", mask, 1); }).find("read-only"),
              std::string::npos);
    EXPECT_NE(messageOf([&] { readOnly->adjudicate(saved.id, "judge", mask, "second", ""); }).find("read-only"),
              std::string::npos);
    EXPECT_EQ(mr::test::snapshotFiles(dir), beforeReadOnly);
}

TEST(SecondReading, AnotherToolsFileOfTheReadingsNameIsNeverReplaced) {
    const std::string dir = test::freshDir("reading-theirs");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveByAlice(*store);
    const std::string theirs = store->absolutePath("masks/" + saved.id + "_reader2.png");
    std::ofstream(theirs) << "another tool's reading";

    const Sample read = store->addReading(saved.id, "bob", rectangle(3, 3, 8, 8), 1);
    EXPECT_EQ(read.readings.at(0).maskFile, "masks/" + saved.id + "_reader3.png");
    EXPECT_EQ(bytesOf(theirs), "another tool's reading");
    const Sample again = store->addReading(saved.id, "carol", rectangle(3, 3, 9, 9), 1);
    EXPECT_EQ(again.readings.at(1).maskFile, "masks/" + saved.id + "_reader4.png");

    // Deleting the sample removes the app's reading masks and leaves the other tool's file.
    store->remove(saved.id);
    EXPECT_FALSE(fs::exists(store->absolutePath(read.readings[0].maskFile)));
    EXPECT_FALSE(fs::exists(store->absolutePath(again.readings[1].maskFile)));
    EXPECT_EQ(bytesOf(theirs), "another tool's reading");
    EXPECT_FALSE(WrittenFiles::load(dir).hasWritten(read.readings[0].maskFile));
}

TEST(SecondReading, DeletingKeepsAReadingMaskChangedSinceTheAppWroteIt) {
    const std::string dir = test::freshDir("reading-changed");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveByAlice(*store);
    const Sample read = store->addReading(saved.id, "bob", rectangle(3, 3, 8, 8), 1);
    const std::string file = store->absolutePath(read.readings[0].maskFile);
    std::ofstream(file) << "edited by hand";
    store->remove(saved.id);
    EXPECT_EQ(bytesOf(file), "edited by hand");
    EXPECT_FALSE(store->warnings().empty());
}

TEST(SecondReading, AnAdjudicationIsARevisionThatSaysWhoseMaskWonAndWhoDecided) {
    const std::string dir = test::freshDir("adjudication");
    auto store = DatasetStore::open(dir);
    const Sample saved = saveByAlice(*store);
    const auto alices = rectangle(2, 2, 8, 8);
    const auto bobs = rectangle(2, 2, 10, 8);
    EXPECT_NE(messageOf([&] { store->adjudicate(saved.id, "judge", bobs, "second", ""); }).find("no second reading"),
              std::string::npos);
    store->addReading(saved.id, "bob", bobs, 1);
    EXPECT_NE(
        messageOf([&] { store->adjudicate(saved.id, "judge", bobs, "both", ""); }).find("first, second or edited"),
        std::string::npos);
    EXPECT_NE(messageOf([&] { store->adjudicate(saved.id, "judge", bobs, "first", ""); }).find("not the first reader"),
              std::string::npos);
    EXPECT_NE(messageOf([&] { store->adjudicate(saved.id, "judge", alices, "second", ""); }).find("no reading's mask"),
              std::string::npos);
    EXPECT_NE(messageOf([&] { store->adjudicate("999999", "judge", bobs, "second", ""); }).find("not in"),
              std::string::npos);
    EXPECT_NE(messageOf([&] {
                  store->adjudicate(saved.id, "judge", std::vector<uint8_t>(5, 1), "edited", "");
              }).find("pixels"),
              std::string::npos);

    const Sample decided = store->adjudicate(saved.id, "judge", bobs, "second", "bob included the rim");
    ASSERT_EQ(decided.revisions.size(), 2u);
    const Revision& r = decided.revisions[1];
    EXPECT_EQ(r.decision, "second");
    EXPECT_EQ(r.annotator, "judge");
    EXPECT_EQ(r.note, "bob included the rim");
    EXPECT_EQ(r.status, ReviewStatus::Corrected);
    EXPECT_EQ(r.maskFile, "masks/" + saved.id + "_r2.png");
    EXPECT_EQ(r.truthBox, mr::Box({2, 2, 9, 7}));
    EXPECT_EQ(decided.revisions[0].decision, "");
    EXPECT_EQ(decided.revisions[0].annotator, "alice");
    EXPECT_EQ(decided.readings.size(), 1u);
    // The exports and the records file use the adjudicated mask.
    const auto truth = store->groundTruth();
    ASSERT_EQ(truth.size(), 1u);
    EXPECT_EQ(truth[0].maskFile, r.maskFile);
    exportPngMasks(*store, dir + "-png");
    EXPECT_EQ(bitsOf(dir + "-png/" + saved.id + ".png"), bobs);
    const auto records = mr::json::parseFile(dir + "/annotations.json");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("mask").asString(), r.maskFile);

    // The first reader's mask kept as it was: status unchanged (corrected, as saved).
    const Sample kept = store->adjudicate(saved.id, "judge", bobs, "first", "back to the first");
    EXPECT_EQ(kept.revisions.back().status, ReviewStatus::Corrected);
    const Sample edited = store->adjudicate(saved.id, "dora", rectangle(2, 2, 9, 8), "edited", "in between");
    EXPECT_EQ(edited.revisions.back().decision, "edited");

    store.reset();
    store = DatasetStore::open(dir, StoreAccess::ReadOnly);
    const Sample* back = store->find(saved.id);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->revisions.size(), 4u);
    EXPECT_EQ(back->revisions[1].decision, "second");
    EXPECT_EQ(back->revisions[2].decision, "first");
    EXPECT_EQ(back->revisions[3].decision, "edited");
    EXPECT_EQ(back->revisions[3].annotator, "dora");
    EXPECT_EQ(back->annotator, "dora");
}

TEST(SecondReading, ReadingsAndDecisionsInTheLogAreChecked) {
    Sample s = test::makeSample("q");
    s.id = "000001";
    // Without readings and decisions nothing new is written, so older files round-trip unchanged.
    const auto plain = sampleToJson(s);
    EXPECT_EQ(plain.find("readings"), nullptr);
    Revision first;
    first.maskFile = "masks/000001.png";
    s.revisions = {first};
    EXPECT_EQ(mr::json::dump(sampleToJson(s)).find("decision"), std::string::npos);

    s.revisions[0].decision = "edited";
    Reading r;
    r.annotator = "bob";
    r.firstReader = "alice";
    r.maskFile = "masks/000001_reader2.png";
    r.diceToFirst = 0.5;
    r.pixelsInDisagreement = 7;
    s.readings = {r};
    const Sample back = sampleFromJson(sampleToJson(s), "here");
    EXPECT_EQ(back.revisions[0].decision, "edited");
    ASSERT_EQ(back.readings.size(), 1u);
    EXPECT_EQ(back.readings[0].pixelsInDisagreement, 7);
    EXPECT_EQ(back.readings[0].firstReader, "alice");

    // `list`'s first entry (or the sample itself when `list` is empty) with `key` set to `value`.
    auto bad = [&](const char* list, const char* key, mr::json::Value value, const std::string& expected) {
        mr::json::Value v = sampleToJson(s);
        if (*list) {
            mr::json::Value entry = v.at(list)[0];
            entry.set(key, std::move(value));
            mr::json::Value entries = mr::json::Value::array();
            entries.push_back(entry);
            v.set(list, entries);
        } else {
            v.set(key, std::move(value));
        }
        const std::string message = messageOf([&] { sampleFromJson(v, "samples.jsonl, line 3"); });
        EXPECT_NE(message.find("samples.jsonl, line 3"), std::string::npos) << message;
        EXPECT_NE(message.find(expected), std::string::npos) << message;
    };
    bad("", "readings", 5, "'readings' must be a list");
    bad("readings", "mask", "", "reading 1: missing field 'mask'");
    bad("readings", "annotator", 3, "'annotator' must be a string");
    bad("readings", "dice_to_first", 1.5, "between 0 and 1");
    bad("readings", "pixels_in_disagreement", -1, "must not be negative");
    bad("revisions", "decision", "third", "first, second or edited");
}
