// The one header of limits (engine/core/limits.h): checked arithmetic and the memory budget.
#include "engine/core/limits.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "engine/core/files.h"

namespace lim = mr::limits;

TEST(Limits, CheckedArithmeticRefusesOverflow) {
    int64_t r = 0;
    EXPECT_FALSE(lim::mulOverflows(int64_t(1) << 31, int64_t(1) << 31, &r));
    EXPECT_EQ(r, int64_t(1) << 62);
    EXPECT_TRUE(lim::mulOverflows(int64_t(1) << 32, int64_t(1) << 32, &r));
    EXPECT_TRUE(lim::addOverflows(INT64_MAX, 1, &r));
    EXPECT_THROW(lim::checkedMul(INT64_MAX / 2 + 1, 2, "x"), mr::LimitError);
    EXPECT_EQ(lim::checkedAdd(2, 3, "x"), 5);
}

TEST(Limits, ElementCountsAndRanges) {
    EXPECT_EQ(lim::elementCount({2, 3, 4}, "t"), 24);
    EXPECT_EQ(lim::elementCount({}, "t"), 1);
    EXPECT_EQ(lim::elementCount({0, lim::kMaxTensorElements}, "t"), 0);
    EXPECT_THROW(lim::elementCount({-1}, "t"), mr::LimitError);
    EXPECT_THROW(lim::elementCount({65536, 65536}, "t"), mr::LimitError);  // 2^32 > 2^31
    EXPECT_THROW(lim::elementCount({int64_t(1) << 32, int64_t(1) << 32, 0}, "t"), mr::LimitError);
    EXPECT_THROW(lim::elementCount(std::vector<int64_t>(9, 1), "t"), mr::LimitError);
    try {
        lim::elementCount({4294967296, 4294967296, 2}, "tensor w");
        FAIL();
    } catch (const mr::LimitError& e) {
        EXPECT_NE(std::string(e.what()).find("tensor w has 4294967296x4294967296x2 elements"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(lim::checkRange(5, 1, 10, "n"), 5);
    try {
        lim::checkRange(1000000000, 1, lim::kMaxLayers, "num_hidden_layers");
        FAIL();
    } catch (const mr::LimitError& e) {
        EXPECT_STREQ(e.what(), "num_hidden_layers is 1000000000; it must be between 1 and 4096");
    }
}

TEST(Limits, MemoryBudget) {
    EXPECT_GT(lim::memoryBudget(), uint64_t(1) << 28);
    lim::setMemoryBudget(uint64_t(1) << 20);
    EXPECT_NO_THROW(lim::checkAllocation(uint64_t(1) << 20, "x"));
    try {
        lim::checkAllocation(uint64_t(3) << 30, "a 1024x1024x768 image");
        FAIL();
    } catch (const mr::LimitError& e) {
        EXPECT_STREQ(e.what(), "a 1024x1024x768 image would need 3.0 GiB of memory; this machine allows 1.0 MiB");
    }
    lim::setMemoryBudget(0);
    EXPECT_GT(lim::memoryBudget(), uint64_t(1) << 28);
}

TEST(Limits, BoundedFileReads) {
    const std::string path = std::string(MR_TEST_OUTPUT_DIR) + "/bounded.txt";
    std::filesystem::create_directories(MR_TEST_OUTPUT_DIR);
    std::ofstream(path) << std::string(1000, 'x');
    EXPECT_EQ(mr::readFile(path, 1000).size(), 1000u);
    EXPECT_THROW(mr::readFile(path, 999), mr::LimitError);
    // A device never ends: the read stops after the limit.
    EXPECT_THROW(mr::readFile("/dev/zero", 1 << 20), mr::LimitError);
}
