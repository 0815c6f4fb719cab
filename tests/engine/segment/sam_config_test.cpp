// SAM sizes come from the tensor shapes: the official ViT-B/L/H layouts round-trip.
#include "engine/segment/sam_config.h"

#include <gtest/gtest.h>

#include <functional>

using mr::segment::SamConfig;

namespace {

SamConfig vit(int embed, int depth, int heads, std::vector<int> global) {
    SamConfig c;
    c.embedDim = embed;
    c.depth = depth;
    c.numHeads = heads;
    c.mlpDim = 4 * embed;
    c.globalAttnIndexes = std::move(global);
    return c;
}

void expectSame(const SamConfig& a, const SamConfig& b) {
    EXPECT_EQ(a.embedDim, b.embedDim);
    EXPECT_EQ(a.depth, b.depth);
    EXPECT_EQ(a.numHeads, b.numHeads);
    EXPECT_EQ(a.mlpDim, b.mlpDim);
    EXPECT_EQ(a.windowSize, b.windowSize);
    EXPECT_EQ(a.globalAttnIndexes, b.globalAttnIndexes);
    EXPECT_EQ(a.imgSize, b.imgSize);
    EXPECT_EQ(a.patchSize, b.patchSize);
    EXPECT_EQ(a.outChans, b.outChans);
    EXPECT_EQ(a.promptEmbedDim, b.promptEmbedDim);
    EXPECT_EQ(a.maskInChans, b.maskInChans);
    EXPECT_EQ(a.decoderDepth, b.decoderDepth);
    EXPECT_EQ(a.decoderMlpDim, b.decoderMlpDim);
    EXPECT_EQ(a.numMultimaskOutputs, b.numMultimaskOutputs);
    EXPECT_EQ(a.iouHeadDepth, b.iouHeadDepth);
    EXPECT_EQ(a.attentionDownsampleRate, b.attentionDownsampleRate);
    EXPECT_EQ(a.expectedShapes(), b.expectedShapes());
}

}  // namespace

TEST(SamConfig, OfficialLayoutsRoundTripThroughShapes) {
    for (const SamConfig& c :
         {vit(768, 12, 12, {2, 5, 8, 11}), vit(1024, 24, 16, {5, 11, 17, 23}), vit(1280, 32, 16, {7, 15, 23, 31})}) {
        auto shapes = c.expectedShapes();
        EXPECT_EQ(shapes.size(), size_t(14 * c.depth + 9 + 17 + 120));  // 174 for the 2-block fixture
        expectSame(SamConfig::fromShapes(shapes, nullptr), c);
    }
}

TEST(SamConfig, ConfigJsonWinsAndShapesMustDescribeSam) {
    auto shapes = vit(768, 12, 12, {2, 5, 8, 11}).expectedShapes();
    auto json = mr::json::parse(R"({"mask_decoder": {"transformer": {"num_heads": 4}}, "pixel_mean": [1, 2, 3]})");
    SamConfig c = SamConfig::fromShapes(shapes, &json);
    EXPECT_EQ(c.decoderHeads, 4);
    EXPECT_EQ(c.pixelMean[2], 3.0);
    shapes.erase("image_encoder.patch_embed.proj.weight");
    EXPECT_THROW(SamConfig::fromShapes(shapes, nullptr), mr::Error);
}

// Shapes and configs from hostile files (issue 22): a clear mr::Error, never SIGFPE, huge loops or
// allocations.
namespace {

std::string configError(const std::function<void()>& f) {
    try {
        f();
    } catch (const mr::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(SamConfig, ZeroSizesInTheShapesAreErrorsNotDivisionsByZero) {
    const auto good = vit(768, 12, 12, {2, 5, 8, 11}).expectedShapes();
    auto zeroPatch = good;  // patch size 0: img_size / patch_size used to raise SIGFPE
    zeroPatch["image_encoder.patch_embed.proj.weight"] = {768, 3, 0, 0};
    EXPECT_NE(configError([&] { SamConfig::fromShapes(zeroPatch, nullptr); }).find("patch_embed.proj.weight"),
              std::string::npos);
    auto zeroWidth = good;  // transformer width 0: attention_downsample_rate became 0, then T / 0
    zeroWidth["mask_decoder.iou_token.weight"] = {1, 0};
    EXPECT_NE(configError([&] { SamConfig::fromShapes(zeroWidth, nullptr); }).find("iou_token"), std::string::npos);
    auto noDims = good;  // a shape with too few dimensions used to throw std::out_of_range
    noDims["image_encoder.pos_embed"] = {};
    EXPECT_NE(configError([&] { SamConfig::fromShapes(noDims, nullptr); }).find("too few dimensions"),
              std::string::npos);
}

TEST(SamConfig, AMillionLayersIsAnErrorNotGigabytes) {
    auto shapes = vit(768, 12, 12, {2, 5, 8, 11}).expectedShapes();
    // One key naming decoder layer 2999999 used to make expectedShapes() list 3 million layers.
    shapes["mask_decoder.transformer.layers.2999999.norm1.weight"] = {256};
    const std::string msg = configError([&] { SamConfig::fromShapes(shapes, nullptr); });
    EXPECT_NE(msg.find("3000000"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4096"), std::string::npos) << msg;
    auto json = mr::json::parse(R"({"image_encoder": {"depth": 1000000000}})");
    SamConfig c;
    EXPECT_NE(configError([&] { c.applyJson(json); }).find("depth"), std::string::npos);
}

TEST(SamConfig, ConfigNumbersAreRangeChecked) {
    for (const char* bad : {R"({"image_encoder": {"patch_size": 0}})", R"({"image_encoder": {"img_size": 4294967312}})",
                            R"({"image_encoder": {"mlp_ratio": 1e300}})", R"({"image_encoder": {"num_heads": 7}})",
                            R"({"mask_decoder": {"transformer": {"attention_downsample_rate": 0}}})",
                            R"({"mask_decoder": {"transformer_dim": 0}})", R"({"pixel_std": [1, 0, 1]})",
                            R"({"image_encoder": {"global_attn_indexes": [12]}})",
                            R"({"image_encoder": {"img_size": 16384, "patch_size": 16}})"}) {
        SamConfig c;
        EXPECT_THROW(c.applyJson(mr::json::parse(bad)), mr::Error) << bad;
    }
}
