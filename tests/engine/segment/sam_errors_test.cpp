// Bad input gives clear errors, never a crash: weights, config, prompts, images.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/core/files.h"
#include "engine/segment/sam_expert.h"
#include "tests/engine/segment/fixture.h"

using namespace mr::segment;
namespace fs = std::filesystem;

namespace {

std::string out(const std::string& name) {
    fs::create_directories(MR_TEST_OUTPUT_DIR);
    return (fs::path(MR_TEST_OUTPUT_DIR) / name).string();
}

mr::nn::DeviceChoice cpu() {
    mr::nn::DeviceChoice c;
    c.kind = mr::nn::DeviceChoice::Kind::Cpu;
    return c;
}

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const mr::Error& e) {
        return e.what();
    }
    return "";
}

std::shared_ptr<SegmentationExpert> expertA() {
    static std::shared_ptr<SegmentationExpert> ex = [] {
        std::shared_ptr<SegmentationExpert> e =
            loadSamExpert(samfx::dir() + "/model.safetensors", SamVariant::Sam, cpu());
        e->setImage(samfx::imageA(), mr::CancelToken());
        return e;
    }();
    return ex;
}

}  // namespace

TEST(SamErrors, TruncatedWeightFiles) {
    for (const char* name : {"model.pth", "model.safetensors"}) {
        std::string data = mr::readFile(samfx::dir() + "/" + name);
        std::string path = out(std::string("truncated-") + name);
        mr::writeFileAtomic(path, data.substr(0, data.size() / 2));
        std::string msg = errorOf([&] { loadSamExpert(path, SamVariant::Sam, cpu()); });
        std::printf("  %s: %s\n", name, msg.c_str());
        EXPECT_NE(msg.find(path), std::string::npos) << msg;
    }
}

TEST(SamErrors, NotAWeightFile) {
    std::string path = out("garbage.pth");
    mr::writeFileAtomic(path, "this is not a checkpoint at all, just some text that is long enough");
    std::string msg = errorOf([&] { loadSamExpert(path, SamVariant::Sam, cpu()); });
    EXPECT_FALSE(msg.empty());
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_FALSE(errorOf([&] { loadSamExpert(out("does-not-exist.pth"), SamVariant::Sam, cpu()); }).empty());
}

TEST(SamErrors, ConfigThatDoesNotMatchTheWeights) {
    fs::path d = fs::path(out("badcfg"));
    fs::create_directories(d);
    fs::copy_file(samfx::dir() + "/model.safetensors", d / "model.safetensors", fs::copy_options::overwrite_existing);
    std::string cfg = mr::readFile(samfx::dir() + "/config.json");
    size_t at = cfg.find("\"embed_dim\": 32");
    ASSERT_NE(at, std::string::npos);
    cfg.replace(at, 15, "\"embed_dim\": 64");
    mr::writeFileAtomic((d / "config.json").string(), cfg);
    std::string msg = errorOf([&] { loadSamExpert((d / "model.safetensors").string(), SamVariant::Sam, cpu()); });
    std::printf("  %s\n", msg.c_str());
    EXPECT_NE(msg.find("shape mismatches"), std::string::npos) << msg;
    EXPECT_NE(msg.find("image_encoder.blocks.0.norm1.weight (file [32], config [64])"), std::string::npos) << msg;
}

TEST(SamErrors, MissingKeysAreListed) {
    auto sd = mr::nn::loadStateDict(samfx::dir() + "/model.safetensors");
    sd.erase("mask_decoder.iou_token.weight");
    sd["extra.weight"] = torch::zeros({2});
    SamConfig cfg = SamConfig::fromShapes(
        [&] {
            ShapeMap s;
            for (const auto& [k, t] : mr::nn::loadStateDict(samfx::dir() + "/model.safetensors"))
                s[k] = t.sizes().vec();
            return s;
        }(),
        nullptr);
    std::string msg = errorOf([&] { SamModel m(cfg, sd, mr::nn::resolveDevice(cpu())); });
    EXPECT_NE(msg.find("missing keys (1)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("mask_decoder.iou_token.weight"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unexpected keys (1)"), std::string::npos) << msg;
}

TEST(SamErrors, EmptyPrompt) {
    std::string msg = errorOf([&] { expertA()->predict(Prompts{}, mr::CancelToken()); });
    EXPECT_NE(msg.find("empty prompt"), std::string::npos) << msg;
}

TEST(SamErrors, BoxOutsideIsClampedWithAWarning) {
    Prompts p;
    p.box = mr::Box{-50, 20, 400, 150};
    MaskPrediction r = expertA()->predict(p, mr::CancelToken());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("clamped"), std::string::npos);
    Prompts q;
    q.box = mr::Box{0, 20, 300, 150};
    MaskPrediction s = expertA()->predict(q, mr::CancelToken());
    EXPECT_EQ(r.masks, s.masks);
    Prompts far;
    far.box = mr::Box{1000, 1000, 1200, 1300};
    EXPECT_NE(errorOf([&] { expertA()->predict(far, mr::CancelToken()); }).find("entirely outside"), std::string::npos);
    Prompts nan;
    nan.points.push_back({std::nan(""), 3, true});
    EXPECT_NE(errorOf([&] { expertA()->predict(nan, mr::CancelToken()); }).find("non-finite"), std::string::npos);
    Prompts badMask;
    badMask.points.push_back({10, 10, true});
    badMask.previousLowResMask.assign(100, 0.f);
    EXPECT_NE(errorOf([&] { expertA()->predict(badMask, mr::CancelToken()); }).find("previous mask"),
              std::string::npos);
}

TEST(SamErrors, TinyAndMalformedImages) {
    auto ex = loadSamExpert(samfx::dir() + "/model.safetensors", SamVariant::MedSam, cpu());
    RgbImage one{1, 1, {10, 20, 30}};
    EXPECT_NE(errorOf([&] { ex->setImage(one, mr::CancelToken()); }).find("1x1"), std::string::npos);
    RgbImage bad{4, 4, std::vector<uint8_t>(10)};
    EXPECT_NE(errorOf([&] { ex->setImage(bad, mr::CancelToken()); }).find("buffer"), std::string::npos);
    EXPECT_NE(errorOf([&] { ex->predict(Prompts{}, mr::CancelToken()); }).find("before setImage"), std::string::npos);
    // A 2x2 image works end to end.
    RgbImage two{2, 2, std::vector<uint8_t>(12, 128)};
    ex->setImage(two, mr::CancelToken());
    Prompts p;
    p.box = mr::Box{0, 0, 2, 2};
    MaskPrediction r = ex->predict(p, mr::CancelToken());
    EXPECT_EQ(r.masks.at(0).size(), 4u);
}
