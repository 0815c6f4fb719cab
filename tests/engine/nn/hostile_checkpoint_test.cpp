// Weight files as an attacker or an unlucky download would make them (issue 22): each is a clear
// WeightsError, quickly and within bounded memory, never a crash.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "engine/core/files.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/restricted_pickle.h"
#include "tests/support/crafted_checkpoint.h"

namespace fs = std::filesystem;
using mr::test::PickleBuilder;

namespace {

std::string out(const std::string& name) {
    fs::create_directories(MR_TEST_OUTPUT_DIR);
    return (fs::path(MR_TEST_OUTPUT_DIR) / name).string();
}

// The message of the WeightsError that loading `path` throws ("" when it loads), and how long it took.
std::string loadError(const std::string& path, double* seconds = nullptr) {
    const auto start = std::chrono::steady_clock::now();
    std::string msg;
    try {
        mr::nn::loadStateDict(path);
    } catch (const mr::nn::WeightsError& e) {
        msg = e.what();
    }
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return msg;
}

std::string floats(int n) { return std::string(size_t(n) * 4, '\0'); }

// A string literal with its NUL bytes.
template <size_t N>
std::string raw(const char (&s)[N]) {
    return std::string(s, N - 1);
}

}  // namespace

TEST(HostileCheckpoint, AMillionNestedTuplesIsAnErrorNotAStackOverflow) {
    // EMPTY_TUPLE, then TUPLE1 a million times: each wraps the previous tuple.
    const std::string path = out("nested_tuples.pth");
    mr::test::writeCheckpoint(path, mr::test::nestedTuplesPickle());
    const std::string msg = loadError(path);
    EXPECT_NE(msg.find("nest more than 256"), std::string::npos) << msg;
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
}

TEST(HostileCheckpoint, AMillionNestedListsIsAnErrorNotAStackOverflow) {
    // A million EMPTY_LISTs, then APPENDs that put each into the one below it.
    std::string pickle = std::string("\x80\x02", 2) + std::string(1000000, ']') + std::string(999999, 'a') + ".";
    const std::string path = out("nested_lists.pth");
    mr::test::writeCheckpoint(path, pickle);
    EXPECT_NE(loadError(path).find("nest more than 256"), std::string::npos);
}

TEST(HostileCheckpoint, ContainersCannotHoldThemselves) {
    using namespace mr::nn::pickle;
    auto loads = [](const std::string& p) { load(reinterpret_cast<const uint8_t*>(p.data()), p.size(), "crafted"); };
    // EMPTY_LIST, MEMOIZE, BINGET 0, APPEND: a list that contains itself (a cycle that leaks).
    EXPECT_THROW(loads(raw("\x80\x02]\x94h\x00"
                           "a.")),
                 PickleError);
    // L0 gets L1; then L0 (from the memo) is appended to L1, which is already inside L0.
    EXPECT_THROW(loads(raw("\x80\x02]q\x00]q\x01"
                           "ah\x01h\x00"
                           "a.")),
                 PickleError);
    // A text memo key that is not a number (std::stoull used to throw std::invalid_argument).
    EXPECT_THROW(loads(raw("Npxyz\n.")), PickleError);
    EXPECT_THROW(loads(raw("Np99999999999999999999\n.")), PickleError);
}

TEST(HostileCheckpoint, StorageSizeTimesStrideOverflowIsCaught) {
    // A 4-float storage viewed with size 2^40 and stride 2^40: (size - 1) * stride overflows int64
    // and used to wrap into "inside the storage".
    const int64_t big = int64_t(1) << 40;
    PickleBuilder p;
    p.beginStateDict().tensor("w", "FloatStorage", "0", 4, 0, {big, 8}, {big, big}).endStateDict();
    const std::string path = out("stride_overflow.pth");
    mr::test::writeCheckpoint(path, p.bytes(), {{"0", floats(4)}});
    const std::string msg = loadError(path);
    EXPECT_NE(msg.find("tensor w"), std::string::npos) << msg;

    PickleBuilder q;  // product of the sizes beyond 2^31 elements
    q.beginStateDict().tensor("w", "FloatStorage", "0", 4, 0, {65536, 65536}, {0, 0}).endStateDict();
    mr::test::writeCheckpoint(path, q.bytes(), {{"0", floats(4)}});
    EXPECT_NE(loadError(path).find("elements"), std::string::npos);

    PickleBuilder r;  // stride * (size - 1) overflows although the sizes are small
    r.beginStateDict().tensor("w", "FloatStorage", "0", 4, 0, {3}, {INT64_MAX / 2 + 1}).endStateDict();
    mr::test::writeCheckpoint(path, r.bytes(), {{"0", floats(4)}});
    EXPECT_NE(loadError(path).find("outside its storage"), std::string::npos);
}

TEST(HostileCheckpoint, StorageElementCountTimesBytesOverflowIsCaught) {
    // numel * 4 bytes wraps to 0 in uint64: the entry used to look large enough.
    PickleBuilder p;
    p.beginStateDict().tensor("w", "FloatStorage", "0", int64_t(1) << 62, 0, {1}, {1}).endStateDict();
    const std::string path = out("numel_overflow.pth");
    mr::test::writeCheckpoint(path, p.bytes(), {{"0", floats(4)}});
    EXPECT_NE(loadError(path).find("truncated"), std::string::npos);
}

TEST(HostileCheckpoint, OneStorageViewedWithTwoDtypes) {
    // The first tensor fixes the storage as 1 float; the second claims it holds 1000 doubles.
    PickleBuilder p;
    p.beginStateDict()
        .tensor("a", "FloatStorage", "0", 1, 0, {1}, {1})
        .tensor("b", "DoubleStorage", "0", 1000, 0, {1000}, {1})
        .endStateDict();
    const std::string path = out("two_dtypes.pth");
    mr::test::writeCheckpoint(path, p.bytes(), {{"0", floats(1)}});
    EXPECT_NE(loadError(path).find("another dtype"), std::string::npos);
}

TEST(HostileCheckpoint, ValidCraftedCheckpointLoads) {
    // The builder itself is right: a well-formed file loads with the values it holds.
    PickleBuilder p;
    p.beginStateDict().tensor("w", "FloatStorage", "0", 6, 1, {2, 2}, {2, 1}).endStateDict();
    const std::string path = out("ok.pth");
    std::string data = floats(6);
    for (int i = 0; i < 6; ++i) reinterpret_cast<float*>(data.data())[i] = float(i);
    mr::test::writeCheckpoint(path, p.bytes(), {{"0", data}});
    auto sd = mr::nn::loadStateDict(path);
    ASSERT_EQ(sd.count("w"), 1u);
    EXPECT_TRUE(torch::equal(sd["w"], torch::tensor({{1.f, 2.f}, {3.f, 4.f}})));
}

TEST(HostileCheckpoint, SafetensorsShapeProductOverflowIsCaught) {
    // Shape [2^32, 2^32, 2] has 2^65 elements: the product used to wrap to 0 and match an empty range.
    const std::string header = R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,2],"data_offsets":[0,0]}})";
    std::string file(8, '\0');
    const uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) file[size_t(i)] = char((n >> (8 * i)) & 0xFF);
    file += header;
    const std::string path = out("shape_overflow.safetensors");
    mr::writeFileAtomic(path, file);
    const std::string msg = loadError(path);
    EXPECT_NE(msg.find("tensor w"), std::string::npos) << msg;
    EXPECT_NE(msg.find("elements"), std::string::npos) << msg;
}

TEST(HostileCheckpoint, ZipDirectoryClaimsAreChecked) {
    // The end record of the crafted checkpoint claims a central directory past the end of the file.
    PickleBuilder p;
    p.beginStateDict().endStateDict();
    const std::string path = out("bad_directory.pth");
    mr::test::writeCheckpoint(path, p.bytes());
    std::string data = mr::readFile(path);
    const size_t eocd = data.rfind(std::string("PK\x05\x06", 4));
    ASSERT_NE(eocd, std::string::npos);
    data[eocd + 16] = '\xff';  // central directory offset
    data[eocd + 17] = '\xff';
    mr::writeFileAtomic(path, data);
    const std::string msg = loadError(path);
    EXPECT_NE(msg.find("not a readable ZIP archive"), std::string::npos) << msg;
}
