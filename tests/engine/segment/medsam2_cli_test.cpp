// `medreasoner segment --expert medsam2` and `medreasoner propagate` through their registered
// commands (compiled into this test) on the medsam2-tiny model: the mask and JSON of a multimask
// box prompt, and a short propagation over a NIfTI volume (8-bit as it is, 16-bit through the
// window) written as a NIfTI label map with the volume's geometry.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/cli/command.h"
#include "engine/core/json.h"
#include "engine/imaging/nifti.h"
#include "tests/engine/segment/medsam2_fixture.h"

namespace fs = std::filesystem;
namespace img = mr::imaging;

namespace {

const std::string kDir = std::string(MR_TEST_OUTPUT_DIR) + "/cli";

// Runs a command and returns its standard output.
std::string run(const std::string& name, const std::vector<std::string>& args, int expectedExit = 0) {
    std::ostringstream captured;
    std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
    int rc = -1;
    try {
        rc = mr::cli::command(name).run(args);
    } catch (...) {
        std::cout.rdbuf(old);
        throw;
    }
    std::cout.rdbuf(old);
    EXPECT_EQ(rc, expectedExit) << captured.str();
    return captured.str();
}

// The fixture's 12 slices as a NIfTI volume (uint8, or int16 "HU" = 4 * value - 500).
std::string writeVolume(bool sixteenBit) {
    img::Geometry g;
    g.size = {256, 256, 12};
    g.spacing = {0.8, 0.8, 2.5};
    img::Image v(sixteenBit ? img::PixelType::Int16 : img::PixelType::UInt8, g);
    for (int z = 0; z < 12; ++z) {
        char name[32];
        std::snprintf(name, sizeof name, "vol_slice%02d.png", z);
        const torch::Tensor s = ms2fx::pngTensor(name).contiguous();
        const uint8_t* p = s.data_ptr<uint8_t>();
        for (int i = 0; i < 256 * 256; ++i) {
            const size_t at = size_t(z) * 256 * 256 + size_t(i);
            if (sixteenBit) v.data<int16_t>()[at] = int16_t(4 * p[i] - 500);
            else v.data<uint8_t>()[at] = p[i];
        }
    }
    const std::string path = kDir + (sixteenBit ? "/vol16.nii.gz" : "/vol8.nii.gz");
    img::writeNifti(v, path);
    return path;
}

}  // namespace

TEST(MedSam2Cli, SegmentWritesTheBestMaskAndEveryScore) {
    fs::create_directories(kDir);
    const std::string out = kDir + "/A_box_multi.png";
    const mr::json::Value j = mr::json::parse(
        run("segment", {ms2fx::dir() + "/A.png", "--expert", "medsam2", "--model", ms2fx::dir() + "/model.pt", "--box",
                        "250,50,390,210", "--multimask", "--device", "cpu", "--out", out, "--json"}));
    ASSERT_EQ(j.at("masks").size(), 3u);
    EXPECT_EQ(j.at("image_size").asInt(), 512);
    EXPECT_EQ(j.at("low_res_size").asInt(), 128);
    const mr::json::Value* c = nullptr;
    for (const auto& x : ms2fx::expected().at("cases").asArray())
        if (x.at("name").asString() == "img512.A.box_multi") c = &x;
    ASSERT_TRUE(c);
    EXPECT_EQ(j.at("best").asInt(), c->at("best_index_argsort_desc").asInt());
    for (size_t i = 0; i < 3; ++i)
        EXPECT_NEAR(j.at("masks")[i].at("score").asDouble(), c->at("iou_predictions")[i].asDouble(), 1e-4);
    const cv::Mat ours = cv::imread(out, cv::IMREAD_GRAYSCALE);
    const cv::Mat ref = ms2fx::readPng(c->at("best_mask_png").asString(), false);
    ASSERT_FALSE(ours.empty());
    EXPECT_EQ(cv::countNonZero(ours != ref), 0);
    EXPECT_THROW(run("segment", {ms2fx::dir() + "/A.png", "--expert", "sam", "--model", ms2fx::dir() + "/model.pt",
                                 "--image-size", "1024", "--box", "1,1,9,9", "--out", out}),
                 mr::cli::UsageError);
}

TEST(MedSam2Cli, PropagateWritesANiftiLabelMap) {
    fs::create_directories(kDir);
    for (bool sixteenBit : {false, true}) {
        const std::string vol = writeVolume(sixteenBit), out = kDir + "/labels.nii.gz";
        std::vector<std::string> args{
            vol,       "--expert", "medsam2", "--model",        ms2fx::dir() + "/model.safetensors",
            "--slice", "4",        "--box",   "78,106,158,162", "--from",
            "3",       "--to",     "5",       "--device",       "cpu",
            "--out",   out,        "--json"};
        if (sixteenBit) args.insert(args.end(), {"--window", "10,1020"});  // the volume's whole range
        const mr::json::Value j = mr::json::parse(run("propagate", args));
        ASSERT_EQ(j.at("steps").size(), 4u);  // 4, 5 forward; 4, 3 backward
        EXPECT_EQ(j.at("steps")[1].at("slice").asInt(), 5);
        EXPECT_EQ(j.at("steps")[3].at("direction").asString(), "backward");
        EXPECT_TRUE(j.at("steps")[0].at("object_present").asBool());
        const img::Image labels = img::readNifti(out);
        EXPECT_EQ(labels.geometry().size, (std::array<int64_t, 3>{256, 256, 12}));
        EXPECT_NEAR(labels.geometry().spacing[2], 2.5, 1e-6);
        int64_t total = 0;
        for (int64_t i = 0; i < labels.geometry().voxelCount(); ++i) total += labels.data<uint8_t>()[i];
        EXPECT_EQ(total, j.at("final_voxels").asInt());
        EXPECT_GT(total, 0);
        int64_t outside = 0;  // slices outside the range stay empty
        for (int64_t i = 0; i < 3 * 256 * 256; ++i) outside += labels.data<uint8_t>()[i];
        EXPECT_EQ(outside, 0);
        if (sixteenBit) EXPECT_EQ(j.at("input").at("preprocessing").asString(), "window clip + min-max to 0..255");
    }
    EXPECT_THROW(run("propagate", {kDir + "/vol8.nii.gz", "--model", ms2fx::dir() + "/model.pt", "--slice", "4",
                                   "--out", kDir + "/x.nii.gz"}),
                 mr::cli::UsageError);  // no prompt
    EXPECT_THROW(run("propagate", {kDir + "/vol8.nii.gz", "--model", ms2fx::dir() + "/model.pt", "--slice", "40",
                                   "--box", "1,1,20,20", "--out", kDir + "/x.nii.gz"}),
                 mr::Error);  // slice outside the volume
}
