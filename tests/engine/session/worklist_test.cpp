// The worklist: the cases of a studies folder and of a dataset, and the progress that lets a
// reader resume (read back, damaged files refused, the resume position).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/core/files.h"
#include "engine/pacs/series_choice.h"
#include "engine/session/worklist.h"
#include "engine/session/worklist_progress.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/support/scratch_dir.h"

namespace fs = std::filesystem;
using namespace mr::session;

namespace {

void writeBytes(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

// A PNG's signature is enough for the reader to call it a picture.
const std::string kPngStart = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0');

std::vector<std::string> keysOf(const Worklist& list) {
    std::vector<std::string> keys;
    for (const auto& c : list.cases) keys.push_back(c.key);
    return keys;
}

}  // namespace

TEST(Worklist, NaturalOrderComparesNumbersAsNumbers) {
    EXPECT_TRUE(naturalLess("case2", "case10"));
    EXPECT_FALSE(naturalLess("case10", "case2"));
    EXPECT_TRUE(naturalLess("a", "b"));
    EXPECT_TRUE(naturalLess("Case1", "case2"));
    EXPECT_TRUE(naturalLess("x9", "x00000000000000000000000010"));  // longer than any integer
    EXPECT_FALSE(naturalLess("same", "same"));
}

TEST(Worklist, AStudiesFolderListsFoldersAndImageFilesInNaturalOrder) {
    const std::string dir = mr::testing::freshDir("worklist-studies");
    fs::create_directories(dir + "/patient10");
    fs::create_directories(dir + "/patient2");
    fs::create_directories(dir + "/.hidden");
    writeBytes(dir + "/knee.png", kPngStart);
    writeBytes(dir + "/notes.txt", "not an image");
    const Worklist list = worklistOfStudies(dir);
    EXPECT_EQ(list.kind, WorklistKind::Studies);
    EXPECT_EQ(keysOf(list), (std::vector<std::string>{"knee.png", "patient2", "patient10"}));
    EXPECT_EQ(list.skipped, std::vector<std::string>{"notes.txt"});
    EXPECT_EQ(list.cases[1].path, fs::path(dir).lexically_normal().string() + "/patient2");
    EXPECT_TRUE(list.cases[1].question.empty());
}

TEST(Worklist, AFolderWithoutStudiesOrMissingIsAClearError) {
    const std::string empty = mr::testing::freshDir("worklist-empty");
    writeBytes(empty + "/readme.txt", "hello");
    try {
        worklistOfStudies(empty);
        FAIL() << "no error";
    } catch (const WorklistError& e) {
        EXPECT_NE(std::string(e.what()).find("no study folder or image file"), std::string::npos) << e.what();
    }
    EXPECT_THROW(worklistOfStudies(empty + "/missing"), WorklistError);
}

TEST(Worklist, ADatasetListsItsSamplesWithTheirQuestions) {
    const std::string dir = mr::dataset::test::freshDir("worklist-dataset");
    {
        auto store = mr::dataset::DatasetStore::open(dir);
        store->append(mr::dataset::test::makeSample("Where is the liver lesion?"),
                      mr::dataset::test::makePixels(16, 12, 1));
        const auto second = store->append(mr::dataset::test::makeSample("Which kidney is enlarged?"),
                                          mr::dataset::test::makePixels(16, 12, 2));
        store->append(mr::dataset::test::makeSample("Where is the spleen?"), mr::dataset::test::makePixels(16, 12, 3));
        store->remove(second.id);
    }
    const Worklist list = worklistOfDataset(dir);
    EXPECT_EQ(list.kind, WorklistKind::Dataset);
    ASSERT_EQ(list.cases.size(), 2u);
    EXPECT_EQ(list.cases[0].question, "Where is the liver lesion?");
    EXPECT_EQ(list.cases[1].question, "Where is the spleen?");
    EXPECT_EQ(list.cases[0].sampleId, list.cases[0].key);
    EXPECT_TRUE(fs::exists(list.cases[0].path)) << list.cases[0].path;
    // Listing is reading: the dataset's files are as they were (no lock, no new file).
    EXPECT_THROW(worklistOfDataset(mr::testing::freshDir("worklist-no-dataset")), WorklistError);
}

TEST(WorklistProgress, RoundTripsAndResumesWhereTheReaderStopped) {
    const std::string dir = mr::testing::freshDir("worklist-progress");
    Worklist list;
    list.origin = "/data/studies";
    for (const char* k : {"a", "b", "c", "d"}) list.cases.push_back({k, k, std::string("/data/studies/") + k, "", ""});
    const std::string file = dir + "/" + worklistProgressFileName(list.origin);
    EXPECT_EQ(worklistProgressFileName(list.origin), worklistProgressFileName("/data/studies"));
    EXPECT_NE(worklistProgressFileName(list.origin), worklistProgressFileName("/data/other"));

    WorklistProgress fresh = readWorklistProgress(file, list.origin);  // no file: a fresh start
    EXPECT_TRUE(fresh.cases.empty());
    EXPECT_EQ(resumeIndex(list, fresh), 0u);

    WorklistProgress p;
    p.origin = list.origin;
    p.current = "c";
    p.cases["a"] = {CaseStatus::Saved, "000004", "/data/ds"};
    p.cases["b"] = {CaseStatus::Skipped, "", ""};
    p.cases["c"] = {CaseStatus::Opened, "", ""};
    writeWorklistProgress(file, p);
    const WorklistProgress back = readWorklistProgress(file, list.origin);
    EXPECT_EQ(back.current, "c");
    EXPECT_EQ(back.statusOf("a"), CaseStatus::Saved);
    EXPECT_EQ(back.cases.at("a").sampleId, "000004");
    EXPECT_EQ(back.cases.at("a").datasetFolder, "/data/ds");
    EXPECT_EQ(back.statusOf("b"), CaseStatus::Skipped);
    EXPECT_EQ(back.statusOf("d"), CaseStatus::New);
    EXPECT_EQ(resumeIndex(list, back), 2u);

    // The case open last left the list: the first one neither saved nor skipped.
    WorklistProgress gone = back;
    gone.current = "removed";
    EXPECT_EQ(resumeIndex(list, gone), 2u);
    gone.cases["c"].status = CaseStatus::Saved;
    EXPECT_EQ(resumeIndex(list, gone), 3u);
}

TEST(WorklistProgress, DamagedOrForeignFilesAreClearErrors) {
    const std::string dir = mr::testing::freshDir("worklist-progress-bad");
    const std::string file = dir + "/p.json";
    const auto messageOf = [&](const std::string& content, const std::string& origin = "/o") {
        writeBytes(file, content);
        try {
            readWorklistProgress(file, origin);
        } catch (const WorklistError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(messageOf("{\"format\": \"medreasoner-worklist-prog").find("cannot be read"), std::string::npos);
    EXPECT_NE(messageOf("[1, 2]").find("not a worklist progress file"), std::string::npos);
    EXPECT_NE(messageOf(R"({"format": "medreasoner-worklist-progress", "origin": "/x"})").find("another worklist"),
              std::string::npos);
    EXPECT_NE(
        messageOf(R"({"format": "medreasoner-worklist-progress", "origin": "/o", "cases": {"a": {"status": "done?"}}})")
            .find("no known status"),
        std::string::npos);
    EXPECT_NE(
        messageOf(R"({"format": "medreasoner-worklist-progress", "origin": "/o", "current": 7})").find("is not text"),
        std::string::npos);
    EXPECT_NE(
        messageOf(R"({"format": "medreasoner-worklist-progress", "origin": "/o", "cases": []})").find("not an object"),
        std::string::npos);
}

TEST(Worklist, ASecondReaderSeesEverySampleWithAMaskAndTheAdjudicatorThoseAwaitingADecision) {
    const std::string dir = mr::testing::freshPath("worklist-readings");
    std::string readId;
    {
        auto store = mr::dataset::DatasetStore::open(dir);
        store->append(mr::dataset::test::makeSample("Where is the liver lesion?"),
                      mr::dataset::test::makePixels(16, 12, 1));
        const auto second = store->append(mr::dataset::test::makeSample("Which kidney is enlarged?"),
                                          mr::dataset::test::makePixels(16, 12, 2));
        mr::dataset::Sample rejected = mr::dataset::test::makeSample("Rejected", mr::dataset::ReviewStatus::Rejected);
        store->append(rejected, mr::dataset::test::makePixels(16, 12, 3));
        readId = second.id;
        EXPECT_THROW(worklistOfAdjudication(dir), WorklistError);  // nothing read twice yet
        std::vector<uint8_t> mask(16 * 12, 0);
        mask[5] = 1;
        store->addReading(second.id, "second-reader", mask, 4);
    }
    const Worklist blind = worklistOfBlindReading(dir);
    EXPECT_EQ(blind.kind, WorklistKind::BlindReading);
    EXPECT_EQ(blind.cases.size(), 2u);  // the rejected sample has no accepted mask
    EXPECT_EQ(blind.cases[1].title, readId + " · Which kidney is enlarged?");  // nothing of the masks
    const Worklist adjudication = worklistOfAdjudication(dir);
    ASSERT_EQ(adjudication.cases.size(), 1u);
    EXPECT_EQ(adjudication.cases[0].sampleId, readId);
    EXPECT_EQ(adjudication.cases[0].title.rfind(readId + " · Dice ", 0), 0u) << adjudication.cases[0].title;
    {
        auto store = mr::dataset::DatasetStore::open(dir);
        store->adjudicate(readId, "adjudicator", mr::dataset::test::makePixels(16, 12, 2).finalMask, "first", "");
    }
    EXPECT_THROW(worklistOfAdjudication(dir), WorklistError);  // decided
    EXPECT_EQ(worklistKindFromName("blind_reading"), WorklistKind::BlindReading);
    EXPECT_EQ(worklistKindFromName("adjudication"), WorklistKind::Adjudication);
}

TEST(Worklist, APacsQueryListsItsStudiesAndEachOpensAtItsLargestImageSeries) {
    std::vector<mr::pacs::StudyResult> studies(3);
    studies[0] = {"1.2.3", "DOE^JANE", "P1", "20260101", "", "CT abdomen", "", "CT"};
    studies[1] = {"", "NO^UID", "", "", "", "", "", ""};  // not a study that can be retrieved
    studies[2] = {"1.2.4", "", "P2", "20260102", "", "", "", "MR"};
    const std::string origin = pacsWorklistOrigin("https://pacs.example/dicom-web", "patient=DOE*");
    EXPECT_EQ(origin.rfind("pacs:https://pacs.example/dicom-web#", 0), 0u);
    EXPECT_EQ(origin.find("DOE"), std::string::npos);  // nothing of the query is written down
    EXPECT_NE(origin, pacsWorklistOrigin("https://pacs.example/dicom-web", "patient=ROE*"));
    const Worklist list = worklistOfPacsStudies(origin, studies);
    EXPECT_EQ(list.kind, WorklistKind::Pacs);
    ASSERT_EQ(list.cases.size(), 2u);
    EXPECT_EQ(list.cases[0].title, "DOE, JANE · 20260101 · CT · CT abdomen");
    EXPECT_EQ(list.cases[0].studyUid, "1.2.3");
    EXPECT_EQ(list.cases[1].title, "P2 · 20260102 · MR");
    EXPECT_EQ(worklistProgressKey(list), origin);
    EXPECT_THROW(worklistOfPacsStudies(origin, {}), WorklistError);

    std::vector<mr::pacs::SeriesResult> series(4);
    series[0] = {"1.2.3", "s-seg", "SEG", "", "", 3, 200};
    series[1] = {"1.2.3", "s-small", "CT", "", "", 2, 40};
    series[2] = {"1.2.3", "s-large", "CT", "", "", 5, 120};
    series[3] = {"1.2.3", "s-tie", "CT", "", "", 1, 120};
    ASSERT_TRUE(mr::pacs::seriesToRead(series));
    EXPECT_EQ(mr::pacs::seriesToRead(series)->seriesInstanceUid, "s-tie");  // most images, then lowest number
    EXPECT_EQ(mr::pacs::seriesToRead({series[0]}), nullptr);                // a SEG is no image series
}

TEST(Worklist, AnEvaluationRunListsItsSamplesWorstFirst) {
    const std::string dir = mr::testing::freshDir("worklist-results");
    const std::string dataset = mr::testing::freshDir("worklist-results-dataset");
    writeBytes(
        dir + "/results.jsonl",
        R"({"id": "1", "image": "images/1.png", "question": "Where is the liver?", "iou": 0.5, "failure_kind": ""}
{"id": "2", "image": "images/2.png", "question": "Where is the spleen?", "iou": 0.1, "failure_kind": ""}
{"id": "3", "image": "images/3.png", "question": "Which kidney?", "iou": 0.1, "failure_kind": "no_answer"}
)");
    // Without the run's record of its inputs the dataset is unknown: a clear error, or name it.
    try {
        worklistOfResults(dir);
        FAIL() << "no error";
    } catch (const WorklistError& e) {
        EXPECT_NE(std::string(e.what()).find("which dataset"), std::string::npos) << e.what();
    }
    writeBytes(dir + "/results.jsonl.run.json", "{\"dataset\": \"" + dataset + "\"}");
    const Worklist list = worklistOfResults(dir);
    EXPECT_EQ(list.kind, WorklistKind::Results);
    EXPECT_EQ(keysOf(list), (std::vector<std::string>{"2", "3", "1"}));  // worst IoU first, ties by id
    EXPECT_EQ(list.cases[1].title, "3 · iou 0.100 · no_answer");
    EXPECT_EQ(list.cases[0].question, "Where is the spleen?");
    EXPECT_EQ(list.cases[0].path, dataset + "/images/2.png");
    EXPECT_EQ(keysOf(worklistOfResults(dir, "iou", "/elsewhere")), keysOf(list));
    EXPECT_EQ(worklistOfResults(dir, "iou", "/elsewhere").cases[0].path, "/elsewhere/images/2.png");
    EXPECT_THROW(worklistOfResults(dir, "no_such_metric"), WorklistError);
    EXPECT_THROW(worklistOfResults(mr::testing::freshDir("worklist-results-empty")), WorklistError);
    writeBytes(dir + "/results.jsonl", "{\"id\": 7}\n");  // damaged: the reader's message
    EXPECT_THROW(worklistOfResults(dir), WorklistError);
    EXPECT_EQ(worklistKindFromName("results"), WorklistKind::Results);
    EXPECT_FALSE(worklistKindFromName("other"));
}
