// SAM sizes come from the tensor shapes: the official ViT-B/L/H layouts round-trip.
#include "engine/segment/sam_config.h"

#include <gtest/gtest.h>

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
    for (const SamConfig& c : {vit(768, 12, 12, {2, 5, 8, 11}), vit(1024, 24, 16, {5, 11, 17, 23}),
                               vit(1280, 32, 16, {7, 15, 23, 31})}) {
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
