// Qwen2-VL image processor against the goldens from transformers' Qwen2VLImageProcessor (PIL).
#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/nn/safetensors.h"
#include "engine/reason/preprocess/image_processor.h"
#include "engine/reason/preprocess/pil_resize.h"
#include "engine/core/sha256.h"

using namespace mr::reason;

namespace {

const std::string kFolder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";

const mr::json::Value& goldens() {
    static const mr::json::Value g = mr::json::parseFile(kFolder + "/goldens.json");
    return g;
}
const mr::nn::SafeTensorsFile& floats() {
    static const mr::nn::SafeTensorsFile f(kFolder + "/goldens.safetensors");
    return f;
}
const mr::nn::SafeTensorsFile& bytes() {
    static const mr::nn::SafeTensorsFile f(kFolder + "/goldens_uint8.safetensors");
    return f;
}

ImageProcessorConfig fixtureConfig() { return ImageProcessorConfig::fromFile(kFolder + "/preprocessor_config.json"); }

}  // namespace

TEST(ImageProcessor, ConfigFromFile) {
    const auto c = fixtureConfig();
    EXPECT_EQ(c.minPixels, 3136);
    EXPECT_EQ(c.maxPixels, 12845056);
    EXPECT_EQ(c.patchSize, 14);
    EXPECT_EQ(c.temporalPatchSize, 2);
    EXPECT_EQ(c.mergeSize, 2);
    EXPECT_DOUBLE_EQ(c.imageMean[0], 0.48145466);
    EXPECT_DOUBLE_EQ(c.imageStd[2], 0.27577711);
    EXPECT_THROW(ImageProcessorConfig::fromFile(kFolder + "/missing.json"), mr::Error);
}

TEST(ImageProcessor, SmartResize) {
    // Half-to-even: 350/28 = 12.5 -> 12.
    EXPECT_EQ(smartResize(250, 350, 28, 3136, 12845056).width, 336);
    EXPECT_EQ(smartResize(250, 350, 28, 3136, 12845056).height, 252);
    auto r = smartResize(333, 517, 28, 3136, 12845056);
    EXPECT_EQ(r.height, 336);
    EXPECT_EQ(r.width, 504);
    r = smartResize(700, 1000, 28, 3136, 100352);
    EXPECT_EQ(r.height, 252);
    EXPECT_EQ(r.width, 364);
    r = smartResize(30, 40, 28, 3136, 12845056);  // below min_pixels: ceil
    EXPECT_GE(int64_t(r.height) * r.width, 3136);
    EXPECT_EQ(r.height % 28, 0);
    EXPECT_THROW(smartResize(20, 400, 28, 3136, 12845056), ImageSizeError);         // too small
    EXPECT_THROW(smartResize(30, 30 * 201, 28, 3136, 12845056), ImageSizeError);    // too elongated
    EXPECT_THROW(smartResize(100000, 100000, 28, 3136, 12845056), ImageSizeError);  // too large
}

TEST(ImageProcessor, GoldenCases) {
    const auto& cases = goldens().at("image_processor").at("cases");
    for (const char* name : {"img224", "img333x517", "img700x1000"}) {
        SCOPED_TRACE(name);
        const auto& c = cases.at(name);
        ImageProcessorConfig cfg = fixtureConfig();
        if (const auto* o = c.at("processor_overrides").find("max_pixels")) cfg.maxPixels = o->asInt();
        const std::string prefix = std::string("improc.") + name;
        const torch::Tensor image = bytes().tensor(prefix + ".image").contiguous();
        const int H = int(image.size(0)), W = int(image.size(1));
        EXPECT_EQ(H, c.at("input_hw")[0].asInt());
        EXPECT_EQ(W, c.at("input_hw")[1].asInt());

        // The resize alone: PIL bicubic, byte for byte.
        ResizedSize rs;
        const auto resized = resizeForModel(image.data_ptr<uint8_t>(), W, H, cfg, &rs);
        const torch::Tensor want = bytes().tensor(prefix + ".resized").contiguous();
        ASSERT_EQ(rs.height, want.size(0));
        ASSERT_EQ(rs.width, want.size(1));
        ASSERT_EQ(size_t(want.numel()), resized.size());
        size_t mismatches = 0;
        for (size_t i = 0; i < resized.size(); ++i) mismatches += resized[i] != want.data_ptr<uint8_t>()[i];
        EXPECT_EQ(mismatches, 0u) << "resized bytes differing from PIL";

        const ProcessedImage p = processImage(image.data_ptr<uint8_t>(), W, H, cfg);
        const auto& grid = c.at("image_grid_thw")[0];
        EXPECT_EQ(p.gridT, grid[0].asInt());
        EXPECT_EQ(p.gridH, grid[1].asInt());
        EXPECT_EQ(p.gridW, grid[2].asInt());
        EXPECT_EQ(p.resizedHeight, c.at("resized_hw")[0].asInt());
        EXPECT_EQ(p.resizedWidth, c.at("resized_hw")[1].asInt());
        EXPECT_EQ(p.pixelValues.dtype(), torch::kFloat32);
        const int64_t rows = p.pixelValues.size(0);
        ASSERT_EQ(rows, p.gridT * p.gridH * p.gridW);
        ASSERT_EQ(p.pixelValues.size(1), 1176);

        // Windows of rows, bit-exact.
        const int64_t mid = rows / 2 - 8;
        const std::pair<const char*, int64_t> windows[] = {
            {"rows_first16", 0}, {"rows_mid16", mid}, {"rows_last16", rows - 16}};
        for (const auto& [w, start] : windows) {
            const torch::Tensor g = floats().tensor(prefix + ".pixel_values." + w);
            const torch::Tensor mine = p.pixelValues.slice(0, start, start + 16);
            EXPECT_TRUE(torch::equal(mine, g)) << w << " max abs diff " << (mine - g).abs().max().item<float>();
        }

        // The whole tensor: digest and statistics.
        const auto& summary = goldens().at("summaries").at(prefix + ".pixel_values");
        const torch::Tensor pv = p.pixelValues.contiguous();
        EXPECT_EQ(mr::sha256Hex(pv.data_ptr<float>(), size_t(pv.numel()) * 4), summary.at("sha256_f32le").asString());
        const auto& st = summary.at("stats");
        const torch::Tensor d = pv.to(torch::kFloat64);
        EXPECT_NEAR(d.sum().item<double>(), st.at("sum").asDouble(), 1e-6 * std::abs(st.at("sum").asDouble()));
        EXPECT_NEAR(d.abs().sum().item<double>(), st.at("abs_sum").asDouble(), 1e-6 * st.at("abs_sum").asDouble());
        EXPECT_NEAR(d.square().sum().item<double>(), st.at("sq_sum").asDouble(), 1e-6 * st.at("sq_sum").asDouble());
        EXPECT_FLOAT_EQ(pv.min().item<float>(), float(st.at("min").asDouble()));
        EXPECT_FLOAT_EQ(pv.max().item<float>(), float(st.at("max").asDouble()));
        EXPECT_EQ(p.numImageTokens(cfg.mergeSize), rows / 4);
    }
}

TEST(ImageProcessor, ChatImageMatchesProcessorOutput) {
    const torch::Tensor image = bytes().tensor("chat.image").contiguous();
    const int H = int(image.size(0)), W = int(image.size(1));
    const ProcessedImage p = processImage(image.data_ptr<uint8_t>(), W, H, fixtureConfig());
    const auto& grid = goldens().at("chat").at("image_grid_thw")[0];
    EXPECT_EQ(p.gridT, grid[0].asInt());
    EXPECT_EQ(p.gridH, grid[1].asInt());
    EXPECT_EQ(p.gridW, grid[2].asInt());
    EXPECT_EQ(p.numImageTokens(2), goldens().at("chat").at("num_image_tokens").asInt());
    EXPECT_TRUE(torch::equal(p.pixelValues, floats().tensor("chat.pixel_values")));
}

TEST(ImageProcessor, PilResizeEdgeCases) {
    // Constant images stay constant whatever the scale (coefficients sum to one).
    std::vector<uint8_t> grey(37 * 23 * 3, 200);
    for (auto [w, h] : {std::pair{10, 50}, {74, 23}, {37, 5}, {300, 300}}) {
        const auto out = resizeBicubicPil(grey.data(), 37, 23, 3, w, h);
        ASSERT_EQ(out.size(), size_t(w * h * 3));
        for (uint8_t v : out) ASSERT_EQ(v, 200);
    }
    // Same size: untouched.
    std::vector<uint8_t> ramp(16 * 16);
    for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = uint8_t(i);
    EXPECT_EQ(resizeBicubicPil(ramp.data(), 16, 16, 1, 16, 16), ramp);
}

TEST(ImageProcessor, BadInput) {
    const auto cfg = fixtureConfig();
    std::vector<uint8_t> tiny(10 * 10 * 3, 0);
    EXPECT_THROW(processImage(tiny.data(), 10, 10, cfg), ImageSizeError);
    EXPECT_THROW(processImage(nullptr, 100, 100, cfg), ImageSizeError);
    try {
        processImage(tiny.data(), 10, 10, cfg);
    } catch (const ImageSizeError& e) {
        EXPECT_NE(std::string(e.what()).find("10x10"), std::string::npos) << e.what();
    }
}

// preprocessor_config.json from elsewhere (issue 22): patch_size * merge_size used to overflow an
// int (the resize factor became 0 and `% factor` raised SIGFPE), and min_pixels could ask for an
// image of terabytes.
TEST(ImageProcessor, HostileConfigNumbersAreErrors) {
    for (const char* bad :
         {R"({"patch_size": 65536, "merge_size": 65536})", R"({"merge_size": 4294967296})", R"({"merge_size": 0})",
          R"({"min_pixels": 1000000000000000, "max_pixels": 1000000000000000})", R"({"temporal_patch_size": -2})",
          R"({"image_std": [1, 0, 1]})"}) {
        EXPECT_THROW(mr::reason::ImageProcessorConfig::fromJson(mr::json::parse(bad), "preprocessor_config.json"),
                     mr::Error)
            << bad;
    }
    // Accepted values that would still need too much memory for this image are refused before allocating.
    auto cfg = mr::reason::ImageProcessorConfig::fromJson(
        mr::json::parse(R"({"min_pixels": 268435456, "max_pixels": 268435456, "temporal_patch_size": 4096})"), "p");
    std::vector<uint8_t> rgb(64 * 64 * 3, 0);
    EXPECT_THROW(processImage(rgb.data(), 64, 64, cfg), mr::Error);
}
