// The dataset store: round trip through disk, update/remove semantics, annotations.json, the lock,
// damaged logs, crash safety under SIGKILL and PNGs without text chunks.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <random>
#include <set>
#include <thread>

#include "engine/core/files.h"
#include "engine/dataset/dataset_store.h"
#include "tests/engine/dataset/dataset_test_util.h"

namespace fs = std::filesystem;
using namespace mr::dataset;
using mr::dataset::test::freshDir;
using mr::dataset::test::makePixels;
using mr::dataset::test::makeSample;

namespace {

constexpr int kW = 16, kH = 12;

// PNG pixels equal to what was saved: the RGB image and both masks (0/255).
void expectPixels(const DatasetStore& store, const Sample& s, const SamplePixels& p) {
    cv::Mat img = cv::imread(store.absolutePath(s.imageFile), cv::IMREAD_UNCHANGED);
    ASSERT_FALSE(img.empty()) << s.imageFile;
    ASSERT_EQ(img.type(), CV_8UC3);
    ASSERT_EQ(img.cols, p.width);
    ASSERT_EQ(img.rows, p.height);
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            const auto bgr = img.at<cv::Vec3b>(y, x);
            const size_t i = (size_t(y) * p.width + x) * 3;
            ASSERT_EQ(bgr[2], p.rgb[i]);
            ASSERT_EQ(bgr[1], p.rgb[i + 1]);
            ASSERT_EQ(bgr[0], p.rgb[i + 2]);
        }
    for (auto [file, mask] : {std::pair{s.maskFile, &p.finalMask}, std::pair{s.firstMaskFile, &p.firstMask}}) {
        cv::Mat m = cv::imread(store.absolutePath(file), cv::IMREAD_UNCHANGED);
        ASSERT_FALSE(m.empty()) << file;
        ASSERT_EQ(m.type(), CV_8UC1);
        for (int y = 0; y < p.height; ++y)
            for (int x = 0; x < p.width; ++x)
                ASSERT_EQ(m.at<uint8_t>(y, x), (*mask)[size_t(y) * p.width + x] ? 255 : 0) << file;
    }
}

// Runs this test binary again with one environment variable (a child mode below) and returns
// its exit code. exec rather than a bare fork: the parent may have OpenCV threads.
int runSelf(const std::string& env) {
    char* envp[] = {const_cast<char*>(env.c_str()), nullptr};
    char* argv[] = {const_cast<char*>("/proc/self/exe"), const_cast<char*>("--gtest_filter=-*"), nullptr};
    pid_t pid = fork();
    if (pid == 0) {
        ::execve("/proc/self/exe", argv, envp);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

// MR_DATASET_LOCK_CHILD=<folder>: exit 1 when opening for writing is refused with
// DatasetLockedError, 0 when it succeeds, 2 on any other error.
struct LockChild {
    LockChild() {
        const char* folder = std::getenv("MR_DATASET_LOCK_CHILD");
        if (!folder) return;
        try {
            DatasetStore::open(folder);
            _exit(0);
        } catch (const DatasetLockedError&) {
            _exit(1);
        } catch (...) {
            _exit(2);
        }
    }
} g_lockChild;

std::set<std::string> recordIds(const std::string& folder) {
    std::set<std::string> ids;
    for (const auto& r : loadRecords(folder + "/annotations.json")) ids.insert(r.id);
    return ids;
}

}  // namespace

TEST(DatasetStore, AppendReopenGivesTheSameSamplesAndFiles) {
    const std::string dir = freshDir("store/roundtrip");
    std::vector<Sample> saved;
    {
        auto store = DatasetStore::open(dir);
        EXPECT_TRUE(fs::is_directory(dir + "/images"));
        EXPECT_TRUE(fs::is_directory(dir + "/masks"));
        EXPECT_TRUE(fs::is_regular_file(dir + "/.medreasoner/salt"));
        EXPECT_EQ(store->salt().size(), 64u);
        for (int i = 0; i < 3; ++i) {
            Sample s = makeSample("question " + std::to_string(i));
            s.id = "ignored";  // the store assigns ids
            saved.push_back(store->append(s, makePixels(kW, kH, i)));
        }
        EXPECT_EQ(saved[0].id, "000001");
        EXPECT_EQ(saved[2].id, "000003");
        EXPECT_EQ(saved[1].imageFile, "images/000002.png");
        EXPECT_EQ(saved[1].maskFile, "masks/000002.png");
        EXPECT_EQ(saved[1].firstMaskFile, "masks/000002_expert.png");
        EXPECT_EQ(saved[0].createdAt.size(), 20u);
        EXPECT_EQ(saved[0].createdAt.back(), 'Z');
        EXPECT_EQ(saved[0].modifiedAt, saved[0].createdAt);
        EXPECT_EQ(store->samples().size(), 3u);
    }
    auto store = DatasetStore::open(dir);
    EXPECT_TRUE(store->warnings().empty());
    ASSERT_EQ(store->samples().size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const Sample& s = store->samples()[size_t(i)];
        EXPECT_EQ(mr::json::dump(sampleToJson(s)), mr::json::dump(sampleToJson(saved[size_t(i)])));
        expectPixels(*store, s, makePixels(kW, kH, i));
    }
    ASSERT_NE(store->find("000002"), nullptr);
    EXPECT_EQ(store->find("000002")->question, "question 1");
    EXPECT_EQ(store->find("000009"), nullptr);
    EXPECT_EQ(store->absolutePath("images/000001.png"), dir + "/images/000001.png");
}

TEST(DatasetStore, RejectsBadPixelsAndReadOnlyWrites) {
    const std::string dir = freshDir("store/bad");
    auto store = DatasetStore::open(dir);
    SamplePixels p = makePixels(kW, kH, 0);
    p.finalMask.pop_back();
    EXPECT_THROW(store->append(makeSample("q"), p), DatasetError);
    store->append(makeSample("q"), makePixels(kW, kH, 0));
    store.reset();
    auto ro = DatasetStore::open(dir, StoreAccess::ReadOnly);
    EXPECT_TRUE(ro->readOnly());
    EXPECT_EQ(ro->samples().size(), 1u);
    EXPECT_THROW(ro->append(makeSample("q"), makePixels(kW, kH, 0)), DatasetError);
    EXPECT_THROW(ro->update(ro->samples()[0]), DatasetError);
    EXPECT_THROW(ro->remove(ro->samples()[0].id), DatasetError);
    EXPECT_THROW(DatasetStore::open(dir + "/missing", StoreAccess::ReadOnly), DatasetError);
}

TEST(DatasetStore, UpdateRemoveTombstonesAndIdsNeverReused) {
    const std::string dir = freshDir("store/update");
    {
        auto store = DatasetStore::open(dir);
        for (int i = 0; i < 3; ++i) store->append(makeSample("q" + std::to_string(i)), makePixels(kW, kH, i));
        Sample s = *store->find("000002");
        s.status = ReviewStatus::Rejected;
        s.note = "wrong organ";
        s.imageFile = "elsewhere.png";  // store-managed fields are kept
        s.createdAt = "1999-01-01T00:00:00Z";
        store->update(s);
        EXPECT_EQ(store->find("000002")->status, ReviewStatus::Rejected);
        EXPECT_EQ(store->find("000002")->imageFile, "images/000002.png");
        EXPECT_NE(store->find("000002")->createdAt, "1999-01-01T00:00:00Z");
        EXPECT_THROW(store->update(makeSample("no id")), DatasetError);

        store->remove("000003");  // the highest id
        EXPECT_EQ(store->find("000003"), nullptr);
        EXPECT_FALSE(fs::exists(dir + "/images/000003.png"));
        EXPECT_FALSE(fs::exists(dir + "/masks/000003.png"));
        EXPECT_FALSE(fs::exists(dir + "/masks/000003_expert.png"));
        EXPECT_THROW(store->remove("000003"), DatasetError);
        EXPECT_EQ(store->append(makeSample("q4"), makePixels(kW, kH, 4)).id, "000004");
    }
    // Latest line wins, tombstones delete, and the next id survives a reopen.
    const std::string log = mr::readFile(dir + "/samples.jsonl");
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 6);
    EXPECT_NE(log.find("{\"id\":\"000003\",\"deleted\":true}"), std::string::npos);
    auto store = DatasetStore::open(dir);
    ASSERT_EQ(store->samples().size(), 3u);
    EXPECT_EQ(store->samples()[0].id, "000001");
    EXPECT_EQ(store->samples()[1].id, "000002");
    EXPECT_EQ(store->samples()[2].id, "000004");
    EXPECT_EQ(store->find("000002")->note, "wrong organ");
    store->remove("000004");
    EXPECT_EQ(store->append(makeSample("q5"), makePixels(kW, kH, 5)).id, "000005");
    store.reset();
    store = DatasetStore::open(dir);
    EXPECT_EQ(store->append(makeSample("q6"), makePixels(kW, kH, 6)).id, "000006");
}

TEST(DatasetStore, AnnotationsListAcceptedAndCorrectedOnly) {
    const std::string dir = freshDir("store/annotations");
    auto store = DatasetStore::open(dir);
    store->append(makeSample("a", ReviewStatus::Accepted), makePixels(kW, kH, 1));
    store->append(makeSample("c", ReviewStatus::Corrected), makePixels(kW, kH, 2));
    store->append(makeSample("r", ReviewStatus::Rejected), makePixels(kW, kH, 3));
    EXPECT_EQ(recordIds(dir), (std::set<std::string>{"000001", "000002"}));
    auto records = loadRecords(dir + "/annotations.json");
    EXPECT_EQ(records[0].image, "images/000001.png");
    EXPECT_EQ(records[0].mask, "masks/000001.png");
    EXPECT_EQ(records[1].question, "c");
    EXPECT_EQ(findRecordsFile(dir), dir + "/annotations.json");

    Sample s = *store->find("000001");
    s.status = ReviewStatus::Rejected;
    store->update(s);
    EXPECT_EQ(recordIds(dir), (std::set<std::string>{"000002"}));
    store->remove("000002");
    EXPECT_TRUE(recordIds(dir).empty());

    // Regenerated on open when missing or stale.
    s.status = ReviewStatus::Corrected;
    store->update(s);
    store.reset();
    fs::remove(dir + "/annotations.json");
    DatasetStore::open(dir);
    EXPECT_EQ(recordIds(dir), (std::set<std::string>{"000001"}));
    // Changed by someone else: reported, never silently repaired (see foreign_folder_test.cpp).
    mr::writeFileAtomic(dir + "/annotations.json", "[]\n");
    auto ro = DatasetStore::open(dir, StoreAccess::ReadOnly);
    ASSERT_EQ(ro->warnings().size(), 1u);
    EXPECT_NE(ro->warnings()[0].find("changed since the app wrote it"), std::string::npos) << ro->warnings()[0];
    EXPECT_THROW(DatasetStore::open(dir), DatasetChoiceError);
    EXPECT_TRUE(recordIds(dir).empty());
}

TEST(DatasetStore, SecondWriterIsLockedOutReadersAreNot) {
    const std::string dir = freshDir("store/lock");
    auto first = DatasetStore::open(dir);
    first->append(makeSample("q"), makePixels(kW, kH, 0));
    try {
        DatasetStore::open(dir);
        FAIL() << "a second writer must be refused";
    } catch (const DatasetLockedError& e) {
        EXPECT_NE(std::string(e.what()).find("already open"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find(dir), std::string::npos);
    }
    // Another process is refused as well (this binary again, see LockChild below).
    EXPECT_EQ(runSelf("MR_DATASET_LOCK_CHILD=" + dir), 1);

    auto reader = DatasetStore::open(dir, StoreAccess::ReadOnly);
    EXPECT_EQ(reader->samples().size(), 1u);
    first->append(makeSample("q2"), makePixels(kW, kH, 1));
    reader->reload();
    EXPECT_EQ(reader->samples().size(), 2u);
    first.reset();  // releases the lock
    EXPECT_NO_THROW(DatasetStore::open(dir));
}

TEST(DatasetStore, TornLastLineIsIgnoredAndRepaired) {
    const std::string dir = freshDir("store/torn");
    DatasetStore::open(dir)->append(makeSample("kept"), makePixels(kW, kH, 0));
    const std::string log = dir + "/samples.jsonl";
    const std::string good = mr::readFile(log);
    for (const std::string tail : {std::string("{\"id\":\"000002\",\"sta"), std::string("{\"id\":\"000002\"}"),
                                   std::string("{\"id\":\"0000\n")}) {
        mr::writeFileAtomic(log, good + tail);
        auto store = DatasetStore::open(dir);
        ASSERT_EQ(store->samples().size(), 1u) << tail;
        ASSERT_EQ(store->warnings().size(), 1u) << tail;
        EXPECT_NE(store->warnings()[0].find("line 2"), std::string::npos);
        EXPECT_EQ(mr::readFile(log), good + tail);  // nothing changes until the next save
        Sample s = store->append(makeSample("next"), makePixels(kW, kH, 1));
        EXPECT_EQ(s.id, "000002");
        const std::string repaired = mr::readFile(log);
        EXPECT_EQ(repaired.substr(0, good.size()), good);
        EXPECT_EQ(std::count(repaired.begin(), repaired.end(), '\n'), 2);
        store.reset();
        store = DatasetStore::open(dir);
        EXPECT_TRUE(store->warnings().empty());
        EXPECT_EQ(store->samples().size(), 2u);
        store->remove("000002");
        store.reset();
        mr::writeFileAtomic(log, good);
    }
}

TEST(DatasetStore, GarbageMiddleLineNamesTheLine) {
    const std::string dir = freshDir("store/garbage");
    {
        auto store = DatasetStore::open(dir);
        for (int i = 0; i < 3; ++i) store->append(makeSample("q"), makePixels(kW, kH, i));
    }
    const std::string log = dir + "/samples.jsonl";
    std::string text = mr::readFile(log);
    const size_t second = text.find('\n') + 1;
    text.insert(second, "this is not json\n");
    mr::writeFileAtomic(log, text);
    try {
        DatasetStore::open(dir, StoreAccess::ReadOnly);
        FAIL();
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("samples.jsonl, line 2"), std::string::npos) << e.what();
    }
    // A well-formed line with a bad field is named too.
    text.replace(second, 17, "{\"id\":\"000009\",\"status\":\"perhaps\"}\n");
    mr::writeFileAtomic(log, text);
    try {
        DatasetStore::open(dir);
        FAIL();
    } catch (const DatasetLockedError&) {
        FAIL();
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("status"), std::string::npos) << e.what();
    }
}

TEST(DatasetStore, PngsCarryNoTextChunks) {
    const std::string dir = freshDir("store/png");
    auto store = DatasetStore::open(dir);
    Sample s = store->append(makeSample("q"), makePixels(kW, kH, 0));
    for (const auto& f : {s.imageFile, s.maskFile, s.firstMaskFile}) {
        const std::string bytes = mr::readFile(store->absolutePath(f));
        EXPECT_EQ(bytes.substr(1, 3), "PNG");
        for (const char* chunk : {"tEXt", "iTXt", "zTXt", "tIME", "eXIf"})
            EXPECT_EQ(bytes.find(chunk), std::string::npos) << f << " has a " << chunk << " chunk";
    }
}

// ---- crash safety ---------------------------------------------------------------------------
// The test binary re-runs itself as a child (MR_DATASET_CRASH_CHILD=<folder>) that appends
// samples forever and writes each id to stdout once append() has returned; the parent kills it
// with SIGKILL at random moments and checks that every acknowledged sample survived.

namespace {

// The child's i-th save has question "crash <i>" and pixels made from i: a save cut short leaves
// files that make the store skip that id, so the pixels cannot follow the id.
SamplePixels crashPixels(int i) { return makePixels(24, 20, i); }
SamplePixels crashPixelsOf(const Sample& s) { return crashPixels(std::stoi(s.question.substr(6))); }

struct CrashChild {
    CrashChild() {
        const char* folder = std::getenv("MR_DATASET_CRASH_CHILD");
        if (!folder) return;
        try {
            auto store = DatasetStore::open(folder);
            for (int i = 0;; ++i) {
                Sample s = store->append(makeSample("crash " + std::to_string(i)), crashPixels(i));
                const std::string line = s.id + "\n";
                if (::write(1, line.data(), line.size()) != ssize_t(line.size())) _exit(4);
            }
        } catch (const std::exception& e) {
            const std::string m = std::string("child: ") + e.what() + "\n";
            (void)!::write(2, m.data(), m.size());
            _exit(3);
        }
    }
} g_crashChild;

}  // namespace

TEST(DatasetStore, AcknowledgedSamplesSurviveSigkill) {
    const std::string dir = freshDir("store/crash");
    std::mt19937 rng(20261129);
    std::set<std::string> acknowledged;
    for (int round = 0; round < 5; ++round) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        const std::string env = "MR_DATASET_CRASH_CHILD=" + dir;
        char* envp[] = {const_cast<char*>(env.c_str()), nullptr};
        char* argv[] = {const_cast<char*>("/proc/self/exe"), const_cast<char*>("--gtest_filter=-*"), nullptr};
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
        // Wait for its first acknowledgement (start-up time varies), let it go on for a random
        // while, then kill it wherever it is.
        std::string acks;
        char buf[4096];
        for (ssize_t n; acks.find('\n') == std::string::npos && (n = ::read(fds[0], buf, sizeof buf)) > 0;)
            acks.append(buf, size_t(n));
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 300)(rng)));
        ASSERT_EQ(::kill(pid, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself (status " << status << ")";
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) acks.append(buf, size_t(n));
        ::close(fds[0]);
        size_t before = acknowledged.size();
        for (size_t p = 0, nl; (nl = acks.find('\n', p)) != std::string::npos; p = nl + 1)
            acknowledged.insert(acks.substr(p, nl - p));
        EXPECT_GT(acknowledged.size(), before) << "round " << round << " saved nothing";

        auto store = DatasetStore::open(dir);  // must open cleanly, torn tail or not
        std::cout << "round " << round << ": " << acknowledged.size() << " acknowledged, " << store->samples().size()
                  << " stored, " << (store->warnings().empty() ? "clean log" : store->warnings().front()) << "\n";
        for (const auto& id : acknowledged) {
            const Sample* s = store->find(id);
            ASSERT_NE(s, nullptr) << "acknowledged sample " << id << " was lost in round " << round;
            expectPixels(*store, *s, crashPixelsOf(*s));
        }
        // annotations.json is back in step, and no temporaries are left behind.
        const auto ids = recordIds(dir);
        EXPECT_EQ(ids.size(), store->samples().size());
        for (const auto& id : acknowledged) EXPECT_TRUE(ids.count(id)) << id;
        for (const auto& e : fs::recursive_directory_iterator(dir))
            EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
    }
    EXPECT_GT(acknowledged.size(), 5u);
}
