#include "engine/nn/safetensors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/core/files.h"

namespace fs = std::filesystem;
using mr::nn::SafeTensorsFile;
using mr::nn::WeightsError;

static std::string out(const std::string& name) {
    fs::create_directories(MR_TEST_OUTPUT_DIR);
    return (fs::path(MR_TEST_OUTPUT_DIR) / name).string();
}

TEST(SafeTensors, ReadsTheSamFixture) {
    SafeTensorsFile f(std::string(MR_FIXTURES_DIR) + "/sam-tiny/model.safetensors");
    EXPECT_EQ(f.names().size(), 174u);
    EXPECT_EQ(f.metadata().at("format"), "pt");
    torch::Tensor pe = f.tensor("image_encoder.pos_embed");
    EXPECT_EQ(pe.sizes(), (std::vector<int64_t>{1, 64, 64, 32}));
    EXPECT_EQ(pe.scalar_type(), torch::kFloat32);
    EXPECT_TRUE(torch::isfinite(pe).all().item<bool>());
}

TEST(SafeTensors, SaveLoadRoundTrip) {
    std::map<std::string, torch::Tensor> ts{{"a", torch::arange(6, torch::kFloat32).reshape({2, 3})},
                                            {"b", torch::tensor({1, 2, 3}, torch::kInt64)},
                                            {"h", torch::ones({4}, torch::kBFloat16)}};
    std::string path = out("rt.safetensors");
    mr::nn::saveSafeTensors(path, ts, {{"format", "pt"}});
    SafeTensorsFile f(path);
    for (const auto& [k, v] : ts) EXPECT_TRUE(torch::equal(f.tensor(k), v)) << k;
    EXPECT_THROW(f.tensor("nope"), WeightsError);
}

TEST(SafeTensors, TruncatedAndCorruptFilesGiveClearErrors) {
    std::string good = mr::readFile(std::string(MR_FIXTURES_DIR) + "/sam-tiny/model.safetensors");
    auto expectError = [](const std::string& path, const std::string& needle) {
        try {
            SafeTensorsFile f(path);
            FAIL() << "no error for " << path;
        } catch (const WeightsError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    };
    std::string p = out("truncated.safetensors");
    mr::writeFileAtomic(p, good.substr(0, good.size() / 2));
    expectError(p, "truncated");
    mr::writeFileAtomic(p, good.substr(0, 5));
    expectError(p, "too short");
    std::string bad = good;
    bad[0] = char(0xFF);
    bad[5] = char(0x7F);
    mr::writeFileAtomic(p, bad);
    expectError(p, "header length");
    bad = good;
    bad[8] = '#';  // the opening brace of the JSON header
    mr::writeFileAtomic(p, bad);
    expectError(p, "bad header");
    expectError(out("missing.safetensors"), "cannot open");
}
