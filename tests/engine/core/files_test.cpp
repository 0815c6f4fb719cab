#include "engine/core/files.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

TEST(Files, AtomicWriteReplacesContentAndLeavesNoTemporaries) {
    fs::path dir = fs::path(MR_TEST_OUTPUT_DIR) / "atomic";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string path = (dir / "a.json").string();
    mr::writeFileAtomic(path, "first");
    mr::writeFileAtomic(path, "second");
    EXPECT_EQ(mr::readFile(path), "second");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(Files, ErrorsNameThePath) {
    try {
        mr::readFile("/nonexistent/x.bin");
        FAIL();
    } catch (const mr::FileError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/x.bin"), std::string::npos);
    }
    EXPECT_THROW(mr::writeFileAtomic("/nonexistent/dir/x", "a"), mr::FileError);
    EXPECT_THROW(mr::MappedFile("/nonexistent"), mr::FileError);
    EXPECT_THROW(mr::MappedFile("/tmp"), mr::FileError);
}

TEST(Files, AppendDurableCreatesAndAppends) {
    fs::path dir = fs::path(MR_TEST_OUTPUT_DIR) / "append";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string path = (dir / "log.jsonl").string();
    mr::appendFileDurable(path, "one\n");
    mr::appendFileDurable(path, "two\n");
    EXPECT_EQ(mr::readFile(path), "one\ntwo\n");
    mr::syncFolder(dir.string());
    EXPECT_THROW(mr::appendFileDurable("/nonexistent/dir/log", "x"), mr::FileError);
}
