// Streaming safetensors writes, several shards as one TensorSource (storage read order, renames,
// duplicates), zero-copy binding through the weight table, and releasing converted pages.
#include "engine/nn/safetensors_source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/process_memory.h"

namespace fs = std::filesystem;
using mr::nn::SafeTensorsFile;
using mr::nn::SafeTensorsSource;
using mr::nn::SafeTensorsWriter;
using mr::nn::WeightsError;

namespace {

std::string out(const std::string& name) {
    fs::create_directories(MR_TEST_OUTPUT_DIR);
    return (fs::path(MR_TEST_OUTPUT_DIR) / name).string();
}

// Two shards: "z" stored first in shard 1, then "a"; shard 2 holds "m".
std::vector<std::string> twoShards() {
    const std::string s1 = out("shard-1.safetensors"), s2 = out("shard-2.safetensors");
    SafeTensorsWriter w1(s1, {{"z", torch::kFloat32, {2, 2}}, {"a", torch::kBFloat16, {3}}});
    w1.write(torch::arange(4, torch::kFloat32).reshape({2, 2}));
    w1.write(torch::ones({3}, torch::kBFloat16));
    w1.commit();
    mr::nn::saveSafeTensors(s2, {{"m", torch::full({5}, 7.0f)}});
    return {s1, s2};
}

}  // namespace

TEST(SafeTensorsWriter, WritesTensorByTensorAndOnlyCommitsComplete) {
    const std::string path = out("streamed.safetensors");
    fs::remove(path);
    {
        SafeTensorsWriter w(path, {{"x", torch::kFloat32, {2}}, {"y", torch::kInt8, {3}}}, {{"k", "v"}});
        EXPECT_THROW(w.write(torch::zeros({3})), WeightsError);  // not the declared shape
        w.write(torch::tensor({1.5f, 2.5f}));
        EXPECT_THROW(w.commit(), WeightsError);  // "y" not written
    }
    EXPECT_FALSE(fs::exists(path));  // abandoned: nothing appears, no temporary file is left
    for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
        EXPECT_EQ(e.path().filename().string().find("streamed.safetensors.tmp"), std::string::npos);

    SafeTensorsWriter w(path, {{"x", torch::kFloat32, {2}}, {"y", torch::kInt8, {3}}}, {{"k", "v"}});
    w.write(torch::tensor({1.5f, 2.5f}));
    w.write(torch::tensor({-1, 0, 127}, torch::kInt8));
    w.commit();
    SafeTensorsFile f(path);
    EXPECT_EQ(f.metadata().at("k"), "v");
    EXPECT_TRUE(f.tensor("x").equal(torch::tensor({1.5f, 2.5f})));
    EXPECT_EQ(f.dtype("y"), torch::kInt8);
    EXPECT_EQ(f.tensor("y")[2].item<int>(), 127);
}

TEST(SafeTensorsSource, ShardsAsOneSourceReadInStorageOrder) {
    SafeTensorsSource src(twoShards());
    EXPECT_EQ(src.names(), (std::vector<std::string>{"z", "a", "m"}));
    EXPECT_EQ(src.readOrder({"m", "a", "z"}), (std::vector<std::string>{"z", "a", "m"}));
    EXPECT_EQ(src.dtype("a"), torch::kBFloat16);
    EXPECT_EQ(src.shape("z"), (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(src.bytes("m"), 20u);
    EXPECT_EQ(src.tensor("m")[4].item<float>(), 7.0f);

    src.rename([](const std::string& n) { return "p." + n; });
    EXPECT_TRUE(src.contains("p.a"));
    EXPECT_EQ(src.storedName("p.a"), "a");
    EXPECT_THROW(src.rename([](const std::string&) { return "same"; }), WeightsError);

    const auto shards = twoShards();
    EXPECT_THROW(SafeTensorsSource({shards[0], shards[0]}), WeightsError);  // every name stored twice
}

TEST(SafeTensorsSource, BindsZeroCopyAndReleasesConvertedPages) {
    SafeTensorsSource src(twoShards());
    torch::Tensor z, a, m;
    mr::nn::WeightTable table;
    table.add("z", {2, 2}, &z);
    table.add("a", {3}, &a);
    table.add("m", {5}, &m);
    std::vector<std::string> seen;
    table.bind(src, "test", [&](const std::string& name, const torch::Tensor& t) {
        seen.push_back(name);
        return name == "a" ? t.to(torch::kFloat32) : t;  // "a" is converted, the others stay mapped
    });
    EXPECT_EQ(seen, (std::vector<std::string>{"z", "a", "m"}));
    EXPECT_EQ(z.data_ptr(), src.tensor("z").data_ptr());  // zero copy
    EXPECT_EQ(a.scalar_type(), torch::kFloat32);
    // Released pages read back unchanged.
    src.release("m");
    src.release("z");
    EXPECT_EQ(m[4].item<float>(), 7.0f);
    EXPECT_EQ(z[1][1].item<float>(), 3.0f);
    EXPECT_GT(mr::peakResidentBytes(), 0u);
    EXPECT_GE(mr::peakResidentBytes(), mr::residentBytes());
    EXPECT_GT(mr::availableMemoryBytes(), 0u);
}
