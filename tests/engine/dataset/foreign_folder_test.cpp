// Folders the app did not make: another tool's U-MRG records are shown read-only or imported,
// never rewritten; a non-empty folder becomes a dataset only when the user says so; an edited
// records file is reported with the exact difference. Every byte of the other tool's files stays.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "engine/core/files.h"
#include "engine/dataset/dataset_export.h"
#include "engine/dataset/dataset_store.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/support/foreign_umrg_folder.h"

namespace fs = std::filesystem;
using namespace mr::dataset;
using mr::dataset::test::freshDir;
using mr::dataset::test::makePixels;
using mr::dataset::test::makeSample;
using mr::test::changedFiles;
using mr::test::makeForeignUmrgFolder;
using mr::test::snapshotFiles;

namespace {

constexpr int kW = 20, kH = 16;

OpenOptions importing() {
    OpenOptions o;
    o.importForeignRecords = true;
    return o;
}

DatasetChoiceError::Choice choiceOf(const std::string& folder, const OpenOptions& options = {}) {
    try {
        DatasetStore::open(folder, options);
    } catch (const DatasetChoiceError& e) {
        return e.choice();
    }
    ADD_FAILURE() << "opening " << folder << " asked for no decision";
    return DatasetChoiceError::Choice::ImportOrReadOnly;
}

std::vector<mr::json::Value> recordsIn(const std::string& path) { return loadRecordObjects(path); }

// MR_FOREIGN_IMPORT_CHILD=<folder>: says "start" on stdout, imports the folder, says "imported",
// then saves samples until killed.
struct ImportChild {
    ImportChild() {
        const char* folder = std::getenv("MR_FOREIGN_IMPORT_CHILD");
        if (!folder) return;
        try {
            if (::write(1, "start\n", 6) != 6) _exit(4);
            auto store = DatasetStore::open(folder, importing());
            if (::write(1, "imported\n", 9) != 9) _exit(4);
            for (int i = 0;; ++i) store->append(makeSample("child " + std::to_string(i)), makePixels(kW, kH, i));
        } catch (const std::exception& e) {
            std::cerr << "child: " << e.what() << "\n";
            _exit(3);
        }
    }
} g_importChild;

}  // namespace

TEST(ForeignFolder, SurveyTellsFoldersApart) {
    const std::string dir = freshDir("foreign/survey");
    EXPECT_EQ(surveyDatasetFolder(dir + "/new").kind, FolderKind::Missing);
    fs::create_directories(dir + "/empty");
    EXPECT_EQ(surveyDatasetFolder(dir + "/empty").kind, FolderKind::Empty);
    makeForeignUmrgFolder(dir + "/foreign");
    const FolderSurvey foreign = surveyDatasetFolder(dir + "/foreign");
    EXPECT_EQ(foreign.kind, FolderKind::ForeignRecords);
    EXPECT_EQ(foreign.recordsFile, "annotations.json");
    EXPECT_EQ(foreign.recordCount, 3u);
    mr::test::writeText(dir + "/home/notes.txt", "x");
    mr::test::writeText(dir + "/home/annotations.json", "{\"images\": [], \"annotations\": []}");
    const FolderSurvey other = surveyDatasetFolder(dir + "/home");
    EXPECT_EQ(other.kind, FolderKind::NotADataset);
    EXPECT_EQ(other.someEntries, (std::vector<std::string>{"annotations.json", "notes.txt"}));
    EXPECT_NE(other.problem.find("expected a JSON list of records"), std::string::npos) << other.problem;
    DatasetStore::open(dir + "/app");
    EXPECT_EQ(surveyDatasetFolder(dir + "/app").kind, FolderKind::AppDataset);
}

TEST(ForeignFolder, ReadOnlyViewListsTheRecordsAndWritesNothing) {
    const std::string dir = freshDir("foreign/read_only");
    makeForeignUmrgFolder(dir);
    const auto before = snapshotFiles(dir);
    auto store = DatasetStore::open(dir, StoreAccess::ReadOnly);
    EXPECT_TRUE(store->foreignView());
    ASSERT_EQ(store->samples().size(), 3u);
    const Sample* liver = store->find("liver_001");
    ASSERT_NE(liver, nullptr);
    EXPECT_EQ(liver->status, ReviewStatus::Imported);
    EXPECT_EQ(liver->question, "Where would you biopsy to confirm the suspected malignancy?");
    EXPECT_EQ(*liver->truthBox, (mr::Box{3, 4, 11, 10}));
    EXPECT_EQ(liver->truthPoints, (std::vector<mr::Point>{{6, 7}, {9, 8}}));
    EXPECT_EQ(liver->maskFile, "masks/liver_001.png");
    const Sample* twelve = store->find("12");
    ASSERT_NE(twelve, nullptr);
    EXPECT_EQ(twelve->imageFile, "images/000003.png");  // a bare name resolved under images/
    EXPECT_EQ(twelve->question, "Which structure filters the blood?");
    EXPECT_EQ(twelve->supercategory, "abdomen");
    EXPECT_TRUE(store->find("kidney 7")->maskFile.empty());
    EXPECT_EQ(snapshotFiles(dir), before);
}

TEST(ForeignFolder, ReadWriteAsksFirstAndWritesNothingUntilThen) {
    const std::string dir = freshDir("foreign/asks");
    makeForeignUmrgFolder(dir);
    const auto before = snapshotFiles(dir);
    EXPECT_EQ(choiceOf(dir), DatasetChoiceError::Choice::ImportOrReadOnly);
    EXPECT_EQ(snapshotFiles(dir), before);
    EXPECT_FALSE(fs::exists(dir + "/.medreasoner"));
}

TEST(ForeignFolder, ImportKeepsEveryOriginalByteAndWritesBesideIt) {
    const std::string dir = freshDir("foreign/import");
    makeForeignUmrgFolder(dir);
    const auto before = snapshotFiles(dir);
    {
        auto store = DatasetStore::open(dir, importing());
        EXPECT_EQ(store->recordsFile(), kAppRecordsFileName);
        ASSERT_EQ(store->samples().size(), 3u);
        const Sample a = store->append(makeSample("first new"), makePixels(kW, kH, 1));
        const Sample b = store->append(makeSample("second new"), makePixels(kW, kH, 2));
        EXPECT_EQ(a.id, "000013");  // after the numeric id 12
        EXPECT_EQ(b.id, "000014");
        store->remove("12");  // an imported sample: its files are the other tool's
    }
    const auto after = snapshotFiles(dir);
    EXPECT_EQ(changedFiles(before, after), "");
    auto store = DatasetStore::open(dir);  // now the app's dataset: no question asked
    EXPECT_EQ(store->samples().size(), 4u);
    EXPECT_EQ(store->find("liver_001")->status, ReviewStatus::Imported);
    const auto records = recordsIn(dir + "/" + kAppRecordsFileName);
    ASSERT_EQ(records.size(), 4u);
    // The imported record is carried on verbatim, unknown fields and all.
    const auto liver = std::find_if(records.begin(), records.end(), [](const mr::json::Value& r) {
        return r.at("id").isString() && r.at("id").asString() == "liver_001";
    });
    ASSERT_NE(liver, records.end());
    EXPECT_EQ(mr::json::dump(*liver), mr::json::dump(recordsIn(dir + "/annotations.json")[0]));
    EXPECT_EQ(liver->at("meta").at("phase").asString(), "portal");
    EXPECT_EQ(changedFiles(before, snapshotFiles(dir)), "");

    const std::string coco = dir + "_export/coco.json";
    exportCoco(*store, coco);
    const mr::json::Value doc = mr::json::parseFile(coco);
    ASSERT_EQ(doc.at("annotations").size(), 4u);
    // Annotations by their image's file name.
    std::map<std::string, const mr::json::Value*> byImage;
    for (size_t i = 0; i < doc.at("images").size(); ++i)
        byImage[doc.at("images")[i].at("file_name").asString()] = &doc.at("annotations")[i];
    EXPECT_EQ(byImage.at("images/liver_001.png")->at("attributes").at("source_dataset").asString(), "LiTS");
    EXPECT_EQ(byImage.at("images/kidney 7.png")->at("bbox")[2].asDouble(), 5);  // no mask: its box
    EXPECT_TRUE(byImage.at("images/000013.png")->contains("segmentation"));
    exportPngMasks(*store, dir + "_export/png");
    EXPECT_TRUE(fs::exists(dir + "_export/png/liver_001.png"));
    EXPECT_TRUE(fs::exists(dir + "_export/png/000013.png"));
    EXPECT_FALSE(fs::exists(dir + "_export/png/kidney_7.png"));
}

TEST(ForeignFolder, NonEmptyFolderBecomesADatasetOnlyWhenAsked) {
    const std::string dir = freshDir("foreign/non_empty");
    mr::test::writeText(dir + "/notes.txt", "mine");
    mr::test::writeText(dir + "/annotations.json", "{\"images\": [], \"annotations\": []}\n");
    const auto before = snapshotFiles(dir);
    EXPECT_EQ(choiceOf(dir), DatasetChoiceError::Choice::CreateInNonEmpty);
    EXPECT_EQ(snapshotFiles(dir), before);
    OpenOptions yes;
    yes.createInNonEmptyFolder = true;
    {
        auto store = DatasetStore::open(dir, yes);
        EXPECT_EQ(store->recordsFile(), kAppRecordsFileName);  // their annotations.json stays theirs
        store->append(makeSample("q"), makePixels(kW, kH, 3));
    }
    EXPECT_EQ(changedFiles(before, snapshotFiles(dir)), "");
    EXPECT_EQ(recordsIn(dir + "/" + kAppRecordsFileName).size(), 1u);
    EXPECT_EQ(DatasetStore::open(dir)->samples().size(), 1u);
}

TEST(ForeignFolder, EditedRecordsFileIsReportedWithTheExactDifference) {
    const std::string dir = freshDir("foreign/edited");
    {
        auto store = DatasetStore::open(dir);
        store->append(makeSample("first"), makePixels(kW, kH, 1));
        store->append(makeSample("second"), makePixels(kW, kH, 2));
    }
    const std::string annotations = dir + "/annotations.json";
    std::string text = mr::readFile(annotations);
    text.replace(text.find("\"first\""), 7, "\"first, edited\"");
    mr::writeFileAtomic(annotations, text);
    try {
        DatasetStore::open(dir);
        FAIL() << "an edited annotations.json was accepted silently";
    } catch (const DatasetChoiceError& e) {
        EXPECT_EQ(e.choice(), DatasetChoiceError::Choice::EditedRecordsFile);
        ASSERT_EQ(e.details().size(), 1u);
        EXPECT_EQ(e.details()[0],
                  "record 000001: \"question\" is \"first, edited\" in the file but \"first\" in the app's samples");
    }
    EXPECT_EQ(mr::readFile(annotations), text);

    OpenOptions keep;
    keep.editedRecordsFile = EditedRecordsFile::KeepTheirs;
    DatasetStore::open(dir, keep)->append(makeSample("third"), makePixels(kW, kH, 3));
    EXPECT_EQ(mr::readFile(annotations), text);
    EXPECT_EQ(recordsIn(dir + "/" + kAppRecordsFileName).size(), 3u);
    EXPECT_EQ(DatasetStore::open(dir)->recordsFile(), kAppRecordsFileName);  // remembered
}

TEST(ForeignFolder, EditedRecordsFileCanBeBackedUpAndRewritten) {
    const std::string dir = freshDir("foreign/backup");
    DatasetStore::open(dir)->append(makeSample("first"), makePixels(kW, kH, 1));
    const std::string edited = "[]\n";
    mr::writeFileAtomic(dir + "/annotations.json", edited);
    OpenOptions rewrite;
    rewrite.editedRecordsFile = EditedRecordsFile::BackUpAndRewrite;
    auto store = DatasetStore::open(dir, rewrite);
    ASSERT_EQ(store->warnings().size(), 1u);
    std::string backup;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("annotations.backup-", 0) == 0) backup = e.path().string();
    ASSERT_FALSE(backup.empty());
    EXPECT_NE(store->warnings()[0].find(fs::path(backup).filename().string()), std::string::npos);
    EXPECT_EQ(mr::readFile(backup), edited);
    EXPECT_EQ(recordsIn(dir + "/annotations.json").size(), 1u);
}

TEST(ForeignFolder, DatasetOfAnEarlierVersionWithoutLedgerStillOpens) {
    const std::string dir = freshDir("foreign/legacy");
    DatasetStore::open(dir)->append(makeSample("first"), makePixels(kW, kH, 1));
    fs::remove(dir + "/.medreasoner/written.json");
    auto store = DatasetStore::open(dir);
    EXPECT_EQ(store->recordsFile(), "annotations.json");
    EXPECT_TRUE(fs::exists(dir + "/.medreasoner/written.json"));
}

TEST(ForeignFolder, ImportKilledAtRandomMomentsKeepsTheOriginals) {
    std::mt19937 rng(20261206);
    for (int round = 0; round < 8; ++round) {
        const std::string dir = freshDir("foreign/kill_" + std::to_string(round));
        const auto foreign = makeForeignUmrgFolder(dir, 150);
        const auto before = snapshotFiles(dir);
        const std::string env = "MR_FOREIGN_IMPORT_CHILD=" + dir;
        char* envp[] = {const_cast<char*>(env.c_str()), nullptr};
        char* argv[] = {const_cast<char*>("/proc/self/exe"), const_cast<char*>("--gtest_filter=-*"), nullptr};
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::dup2(fds[1], 1);
            ::close(fds[0]);
            ::close(fds[1]);
            ::execve("/proc/self/exe", argv, envp);
            _exit(127);
        }
        ::close(fds[1]);
        // From the moment the child starts its open, a random while: early rounds land in the import
        // (survey, ledger, log), later ones in the saves after it.
        char c = 0;
        while (::read(fds[0], &c, 1) == 1 && c != '\n') {}
        const int delay = std::uniform_int_distribution<int>(0, 10 + round * 15)(rng);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        ASSERT_EQ(::kill(pid, SIGKILL), 0);
        ::close(fds[0]);
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the child stopped by itself (status " << status
                                         << ")";
        EXPECT_EQ(changedFiles(before, snapshotFiles(dir)), "") << "round " << round;
        // Whatever the moment, the folder opens and holds every record; the import finishes now if needed.
        const FolderSurvey survey = surveyDatasetFolder(dir);
        auto store = DatasetStore::open(dir, importing());
        size_t imported = 0;
        for (const Sample& s : store->samples()) imported += s.importedRecord.isObject();
        std::cout << "round " << round << ": killed " << delay << " ms into the open; the folder was then "
                  << describe(survey) << "; " << store->samples().size() << " samples after reopening\n";
        EXPECT_EQ(imported, size_t(foreign.records)) << "round " << round;
        EXPECT_EQ(changedFiles(before, snapshotFiles(dir)), "") << "round " << round;
    }
}
