// MedSAM2 loading and bad input: the configs of the official Hiera layouts from shapes alone,
// truncated and mismatched checkpoints, configs that contradict the weights, prompts and
// propagation requests the engine must refuse, and cancellation. Uses the medsam2-tiny weights.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/core/json.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/safetensors.h"
#include "engine/segment/sam2/sam2_expert.h"
#include "engine/segment/sam2/sam2_weights.h"
#include "engine/segment/sam2/volume_propagation.h"

namespace fs = std::filesystem;
using namespace mr::segment;
using namespace mr::segment::sam2;

namespace {

std::string fixture(const std::string& name) { return std::string(MR_FIXTURES_DIR) + "/medsam2-tiny/" + name; }

fs::path scratch(const std::string& name) {
    fs::path d = fs::path(MR_TEST_OUTPUT_DIR) / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

Sam2LoadOptions cpu() {
    Sam2LoadOptions o;
    o.device.kind = mr::nn::DeviceChoice::Kind::Cpu;
    return o;
}

std::shared_ptr<Sam2Model> tinyModel() {
    static auto m = loadSam2Model(fixture("model.safetensors"), cpu());
    return m;
}

// Writes `sd` as weights.safetensors in `dir` with the fixture's config beside it.
std::string writeWeights(const fs::path& dir, const mr::nn::StateDict& sd, bool withConfig = true) {
    const std::string path = (dir / "weights.safetensors").string();
    mr::nn::saveSafeTensors(path, sd);
    if (withConfig) fs::copy_file(fixture("config.json"), path + ".json");
    return path;
}

}  // namespace

TEST(MedSam2Config, OfficialLayoutsNeedNoConfig) {
    struct Layout {
        int embed;
        std::vector<int> stages, global, windows;
        int heads;
    };
    const Layout layouts[] = {{96, {1, 2, 7, 2}, {5, 7, 9}, {8, 4, 14, 7}, 1},
                              {96, {1, 2, 11, 2}, {7, 10, 13}, {8, 4, 14, 7}, 1},
                              {112, {2, 3, 16, 3}, {12, 16, 20}, {8, 4, 14, 7}, 2},
                              {144, {2, 6, 36, 4}, {23, 33, 43}, {8, 4, 16, 8}, 2}};
    for (const Layout& l : layouts) {
        Sam2Config c;
        c.hiera.embedDim = l.embed;
        c.hiera.stages = l.stages;
        c.hiera.globalAttBlocks = l.global;
        c.hiera.windowSpec = l.windows;
        c.hiera.numHeads = l.heads;
        const Sam2Config got = Sam2Config::fromShapes(sam2WeightShapes(c), nullptr);
        EXPECT_EQ(got.hiera.stages, l.stages);
        EXPECT_EQ(got.hiera.globalAttBlocks, l.global);
        EXPECT_EQ(got.hiera.windowSpec, l.windows);
        EXPECT_EQ(got.hiera.numHeads, l.heads);
        EXPECT_EQ(got.channelList()[0], l.embed * 8);
        EXPECT_EQ(got.memDim, 64);
        EXPECT_EQ(got.imageSize, kMedSam2ImageSize);
    }
}

TEST(MedSam2Config, UnknownLayoutWithoutConfigIsRefused) {
    const auto sd = mr::nn::loadStateDict(fixture("model.safetensors"));
    const std::string path = writeWeights(scratch("no_config"), sd, false);
    const std::string e = errorOf([&] { loadSam2Model(path, cpu()); });
    EXPECT_NE(e.find("not an official one"), std::string::npos) << e;
    EXPECT_NE(e.find("config.json"), std::string::npos) << e;
}

TEST(MedSam2Config, ConfigContradictingTheWeightsIsRefused) {
    const auto sd = mr::nn::loadStateDict(fixture("model.safetensors"));
    const fs::path dir = scratch("bad_config");
    const std::string path = (dir / "w.safetensors").string();
    mr::nn::saveSafeTensors(path, sd);
    std::ofstream(path + ".json") << R"({"model": {"image_encoder": {"trunk": {"embed_dim": 32, "num_heads": 1}}}})";
    EXPECT_NE(errorOf([&] { loadSam2Model(path, cpu()); }).find("does not match the weights"), std::string::npos);
    std::ofstream(path + ".json") << R"({"model": {"image_encoder": {"trunk": {"embed_dim": 16, "num_heads": 1,
        "stages": [1, 2, 3, 2], "global_att_blocks": [5], "window_spec": [8, 4, 14, 7],
        "window_pos_embed_bkg_spatial_size": [7, 7]}}, "image_size": 500}})";
    EXPECT_NE(errorOf([&] { loadSam2Model(path, cpu()); }).find("image size 500"), std::string::npos);
}

TEST(MedSam2Weights, TruncatedFilesGiveClearErrors) {
    for (const std::string name : {"model.safetensors", "model.pt"}) {
        const fs::path dir = scratch("truncated_" + name);
        const std::string path = (dir / name).string();
        std::ifstream in(fixture(name), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
        const std::string e = errorOf([&] { loadSam2Model(path, cpu()); });
        EXPECT_NE(e.find(path), std::string::npos) << e;
    }
}

TEST(MedSam2Weights, MissingUnexpectedAndMisshapedKeysAreListed) {
    auto sd = mr::nn::loadStateDict(fixture("model.safetensors"));
    sd.erase("memory_attention.norm.weight");
    sd["extra.tensor"] = torch::zeros({2});
    sd["sam_mask_decoder.iou_token.weight"] = torch::zeros({1, 32});
    const std::string path = writeWeights(scratch("mismatched"), sd);
    const std::string e = errorOf([&] { loadSam2Model(path, cpu()); });
    EXPECT_NE(e.find("missing keys (1)"), std::string::npos) << e;
    EXPECT_NE(e.find("memory_attention.norm.weight"), std::string::npos) << e;
    EXPECT_NE(e.find("unexpected keys (1)"), std::string::npos) << e;
    EXPECT_NE(e.find("extra.tensor"), std::string::npos) << e;
    EXPECT_NE(e.find("sam_mask_decoder.iou_token.weight (file [1,32], model [1,64])"), std::string::npos) << e;
}

TEST(MedSam2Expert, RefusesBadPrompts) {
    Sam2Expert ex(tinyModel());
    EXPECT_THROW(ex.predict(Prompts{}, mr::CancelToken()), SegmentationError);  // no image yet
    mr::RgbImage im{64, 48, std::vector<uint8_t>(64 * 48 * 3, 90)};
    ex.setImage(im, mr::CancelToken());
    EXPECT_THROW(ex.predict(Prompts{}, mr::CancelToken()), SegmentationError);  // empty prompt
    Prompts outside;
    outside.box = mr::Box{100, 100, 120, 130};
    EXPECT_THROW(ex.predict(outside, mr::CancelToken()), SegmentationError);
    Prompts wrongMask;
    wrongMask.previousLowResMask.assign(256 * 256, 0.f);  // 128 x 128 at 512
    EXPECT_THROW(ex.predict(wrongMask, mr::CancelToken()), SegmentationError);
    Prompts clamped;
    clamped.box = mr::Box{-5, 4, 40, 60};
    const MaskPrediction r = ex.predict(clamped, mr::CancelToken());
    ASSERT_EQ(r.masks.size(), 1u);
    EXPECT_EQ(r.lowResSize, 128);
    EXPECT_EQ(r.warnings.size(), 1u);
    Prompts again;  // feeding the low-res logits back alone is a valid prompt
    again.previousLowResMask = r.lowResLogits;
    EXPECT_EQ(ex.predict(again, mr::CancelToken()).masks.size(), 1u);
    EXPECT_THROW(ex.setImage(mr::RgbImage{1, 1, {0, 0, 0}}, mr::CancelToken()), SegmentationError);
}

TEST(MedSam2Propagation, RefusesBadRequestsAndCancels) {
    const int W = 40, H = 32, D = 3;
    std::vector<uint8_t> vol(size_t(W * H * D), 100);
    const GrayVolumeView v{vol.data(), W, H, D};
    PropagationRequest r;
    r.prompt.box = mr::Box{5, 5, 20, 20};
    r.prompt.slice = 3;
    EXPECT_THROW(propagateThroughVolume(*tinyModel(), v, r), SegmentationError);
    r.prompt.slice = 1;
    r.firstSlice = 2;
    EXPECT_THROW(propagateThroughVolume(*tinyModel(), v, r), SegmentationError);
    r.firstSlice = 0;
    r.prompt.mask = {W, H - 1, std::vector<uint8_t>(size_t(W * (H - 1)), 1)};
    EXPECT_THROW(propagateThroughVolume(*tinyModel(), v, r), SegmentationError);
    r.prompt.mask = {};
    r.prompt.box = mr::Box{50, 40, 60, 60};
    EXPECT_THROW(propagateThroughVolume(*tinyModel(), v, r), SegmentationError);  // box outside the slices
    r.prompt.box = mr::Box{5, 5, 20, 20};
    mr::CancelToken cancel;
    cancel.cancel();
    EXPECT_THROW(propagateThroughVolume(*tinyModel(), v, r, {}, cancel), mr::Cancelled);
}

TEST(MedSam2Propagation, MaskPromptAndRangeTrackOnlyThatRange) {
    const int W = 48, H = 40, D = 6;
    std::vector<uint8_t> vol(size_t(W * H * D), 30);
    for (int z = 0; z < D; ++z)
        for (int y = 10; y < 30; ++y)
            for (int x = 12; x < 36; ++x) vol[size_t((z * H + y) * W + x)] = 220;
    PropagationRequest r;
    r.prompt.slice = 3;
    r.prompt.mask = {W, H, std::vector<uint8_t>(size_t(W * H), 0)};
    for (int y = 12; y < 28; ++y)
        for (int x = 14; x < 34; ++x) r.prompt.mask.pixels[size_t(y * W + x)] = 1;
    r.firstSlice = 2;
    r.lastSlice = 4;
    std::vector<int> seen;
    const PropagationResult res = propagateThroughVolume(*tinyModel(), {vol.data(), W, H, D}, r, {}, {},
                                                         [&](const SliceStep& s, const std::vector<float>& logits) {
                                                             EXPECT_EQ(logits.size(), size_t(W * H));
                                                             seen.push_back(s.slice);
                                                         });
    EXPECT_EQ(seen, (std::vector<int>{3, 4, 3, 2}));
    ASSERT_EQ(res.steps.size(), 4u);
    EXPECT_TRUE(res.steps[0].prompted);
    EXPECT_FLOAT_EQ(res.steps[0].objectScoreLogit, 10.0f);  // _use_mask_as_output: 20 * present - 10
    const size_t plane = size_t(W * H);
    for (int z : {0, 1, 5})
        EXPECT_EQ(std::count(res.mask.begin() + long(plane * z), res.mask.begin() + long(plane * (z + 1)), 1), 0);
}
