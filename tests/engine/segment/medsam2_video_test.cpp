// MedSAM2's CT script in libtorch against the official run (tests/fixtures/medsam2-tiny, "video"):
// the per-slice Pillow bicubic resize and float64 normalisation, then the video predictor driven
// exactly as medsam2_infer_3D_CT.py drives it (box on the key slice, forward, reset, box again,
// reverse): every frame's low-res masks (after hole filling), object pointer, object score,
// bf16 memory features and mask; then the engine's propagateThroughVolume against the final
// union + largest-component masks. Tolerances as in medsam2_fixture_test.cpp.
#include <gtest/gtest.h>

#include "engine/core/sha256.h"
#include "engine/segment/sam2/connected_components.h"
#include "engine/segment/sam2/sam2_preprocess.h"
#include "engine/segment/sam2/video_predictor.h"
#include "engine/segment/sam2/volume_propagation.h"
#include "tests/engine/segment/medsam2_fixture.h"

using namespace mr::segment;
using namespace mr::segment::sam2;
using ms2fx::expected;
using ms2fx::golden;
using torch::indexing::Slice;

namespace {

constexpr double kTol = 1e-4;

const mr::json::Value& video() { return expected().at("video"); }

// The 12 slices as one depth x 256 x 256 buffer.
const std::vector<uint8_t>& volume() {
    static const std::vector<uint8_t> v = [] {
        std::vector<uint8_t> all;
        for (const auto& png : video().at("volume").at("pngs").asArray()) {
            const torch::Tensor s = ms2fx::pngTensor(png.asString()).contiguous();
            all.insert(all.end(), s.data_ptr<uint8_t>(), s.data_ptr<uint8_t>() + s.numel());
        }
        return all;
    }();
    return v;
}

constexpr int kSide = 256, kDepth = 12;

torch::Tensor sliceInput(int i) {
    return volumeSliceInput(volume().data() + size_t(i) * kSide * kSide, kSide, kSide, ms2fx::model(512)->config());
}

const mr::json::Value& frameInfo(const std::string& name) {
    for (const auto& f : video().at("frames").asArray())
        if (f.at("name").asString() == name) return f;
    throw std::runtime_error("no frame " + name);
}

std::string frameName(bool reverse, bool add, int frame) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "video.%s.%s.f%02d", reverse ? "bwd" : "fwd", add ? "add" : "prop", frame);
    return buf;
}

// One frame's stored output against the original's.
void checkFrame(const std::string& name, const TrackedFrame& out) {
    const auto& info = frameInfo(name);
    EXPECT_CLOSE(name + ".low_res_masks", out.predMasks[0][0], golden(name + ".low_res_masks"), kTol);
    EXPECT_CLOSE(name + ".obj_ptr", out.objPtr[0], golden(name + ".obj_ptr"), kTol);
    const double score = out.objectScoreLogits.item<double>(), ref = info.at("object_score_logit").asDouble();
    std::printf("  max|err| %-48s %.3g\n", (name + " object score").c_str(), std::abs(score - ref));
    EXPECT_NEAR(score, ref, kTol) << name;
    if (const auto* stats = info.find("maskmem_features_stats"); stats && stats->isObject()) {
        ASSERT_TRUE(out.maskmemFeatures.defined()) << name;
        // Stored as bfloat16, as the original stores them; stats within a few bf16 steps of the original's.
        EXPECT_EQ(out.maskmemFeatures.scalar_type(), torch::kBFloat16);
        ms2fx::expectStats(name + ".maskmem_features", out.maskmemFeatures, *stats, 1e-3, 0.07);
    }
    const torch::Tensor logits =
        torch::nn::functional::interpolate(out.predMasks, torch::nn::functional::InterpolateFuncOptions()
                                                              .size(std::vector<int64_t>{kSide, kSide})
                                                              .mode(torch::kBilinear)
                                                              .align_corners(false))[0][0];
    ms2fx::expectStats(name + ".video_res_logits", logits, info.at("video_res_logits").at("stats"), 1e-5, kTol);
    ms2fx::expectMaskMatches(name, logits, info.at("png").asString(), info.at("ambiguous_pixels").asInt());
}

}  // namespace

TEST(MedSam2Video, SlicePreprocessingIsBitIdentical) {
    const auto& pre = video().at("preprocessing");
    const Image8 resized = resizeVolumeSlice(volume().data() + size_t(4) * kSide * kSide, kSide, kSide, 512);
    const torch::Tensor ref = ms2fx::pngTensor(pre.at("resized_uint8").at("key_slice_png").asString());
    const torch::Tensor ours = torch::from_blob(const_cast<uint8_t*>(resized.data.data()), {512, 512}, torch::kUInt8);
    EXPECT_EQ((ours != ref).sum().item<int64_t>(), 0) << "Pillow bicubic resize of the key slice";
    const auto& shas = pre.at("model_input_f32").at("per_slice_sha256_f32le");
    for (int i = 0; i < kDepth; ++i) {
        const torch::Tensor x = sliceInput(i).contiguous();
        EXPECT_EQ(mr::sha256Hex(x.data_ptr<float>(), size_t(x.numel()) * 4), shas[size_t(i)].asString())
            << "slice " << i;
        if (i == 4) {
            EXPECT_CLOSE("video.input_f32.key_slice.rows0_2", x[0].index({Slice(), Slice(0, 2)}),
                         golden("video.input_f32.key_slice.rows0_2"), 0.0);
            EXPECT_CLOSE("video.input_f32.key_slice.centre16", x[0].index({Slice(), Slice(248, 264), Slice(248, 264)}),
                         golden("video.input_f32.key_slice.centre16"), 0.0);
        }
    }
}

TEST(MedSam2Video, EveryFrameOfBothRuns) {
    auto model = ms2fx::model(512);
    std::map<int, FrameFeatures> features;
    VideoPredictor vp(model, kDepth, [&](int f) {
        if (!features.count(f)) features[f] = model->encodeImage(sliceInput(f), mr::CancelToken());
        return features[f];
    });
    const auto& box = video().at("box_xyxy_original_pixels");
    Prompts p;
    p.box = mr::Box{box[0].asDouble(), box[1].asDouble(), box[2].asDouble(), box[3].asDouble()};
    auto [coords, labels] = promptPointTensors(p, kSide, kSide, 512);
    const int key = int(video().at("key_slice").asInt());
    std::vector<int64_t> filled;
    for (bool reverse : {false, true}) {
        vp.reset();
        const TrackedFrame& added = vp.addPoints(key, coords, labels);
        filled.push_back(added.filledPixels);
        checkFrame(frameName(reverse, true, key), added);
        std::vector<int> order;
        vp.propagate(
            key, -1, reverse,
            [&](int f, const TrackedFrame& out) {
                order.push_back(f);
                if (f != key) filled.push_back(out.filledPixels);
                checkFrame(frameName(reverse, false, f), out);
            },
            mr::CancelToken());
        EXPECT_EQ(order.size(), reverse ? size_t(key + 1) : size_t(kDepth - key));
    }
    std::vector<int64_t> refFilled;
    for (const auto& v : video().at("fill_holes_changed_pixels_per_call").asArray()) refFilled.push_back(v.asInt());
    EXPECT_EQ(filled, refFilled) << "pixels changed by hole filling, per call";
}

TEST(MedSam2Video, VolumePropagationGivesTheScriptsFinalMasks) {
    const auto& box = video().at("box_xyxy_original_pixels");
    PropagationRequest req;
    req.prompt.slice = int(video().at("key_slice").asInt());
    req.prompt.box = mr::Box{box[0].asDouble(), box[1].asDouble(), box[2].asDouble(), box[3].asDouble()};
    std::vector<double> fractions;
    const PropagationResult r = propagateThroughVolume(*ms2fx::model(512), {volume().data(), kSide, kSide, kDepth}, req,
                                                       [&](double f, std::string_view) { fractions.push_back(f); });
    EXPECT_EQ(r.steps.size(), 13u);
    ASSERT_FALSE(fractions.empty());
    EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
    const auto& fin = video().at("final");
    std::printf("  union %lld (reference %lld), final %lld (reference %lld)\n", (long long)r.unionVoxels,
                (long long)fin.at("total_union").asInt(), (long long)r.finalVoxels,
                (long long)fin.at("total_final").asInt());
    int64_t ambiguous = 0;
    for (const auto& f : video().at("frames").asArray())
        if (f.at("kind").asString() == "prop") ambiguous += f.at("ambiguous_pixels").asInt();
    int64_t differ = 0;
    for (const auto& s : fin.at("slices").asArray()) {
        const int z = int(s.at("slice").asInt());
        const torch::Tensor ref = ms2fx::pngTensor(s.at("png").asString()) > 127;
        uint8_t* slice = const_cast<uint8_t*>(r.mask.data()) + size_t(z) * kSide * kSide;
        const torch::Tensor ours = torch::from_blob(slice, {kSide, kSide}, torch::kUInt8) > 0;
        differ += (ours != ref).sum().item<int64_t>();
    }
    std::printf("  final masks: %lld voxel(s) differ (reference runs: %lld ambiguous pixels)\n", (long long)differ,
                (long long)ambiguous);
    EXPECT_LE(differ, ambiguous);
    EXPECT_LE(std::abs(r.finalVoxels - fin.at("total_final").asInt()), ambiguous);
}

TEST(MedSam2Video, LargestComponentAndHoleFilling) {
    // Two blobs touching only diagonally across slices are one 26-connected component.
    std::vector<uint8_t> m(3 * 4 * 4, 0);
    m[0] = 1;                     // z0 y0 x0
    m[16 + 5] = 1;                // z1 y1 x1: diagonal neighbour
    m[32 + 15] = m[32 + 14] = 1;  // z2 y3 x2..3: a separate pair
    m[32 + 11] = 1;               // z2 y2 x3: joins the pair
    std::vector<uint8_t> keep = m;
    EXPECT_EQ(keepLargestComponent3d(keep, 4, 4, 3), 3);
    EXPECT_EQ(keep[0], 0);
    EXPECT_EQ(keep[32 + 15], 1);
    // Background components of at most 8 pixels (8-connected, at the border too) become 0.1;
    // larger ones stay.
    torch::Tensor s = torch::ones({1, 1, 12, 12});
    s.index_put_({0, 0, 2, 2}, -5.0);
    s.index_put_({0, 0, 3, 3}, 0.0);             // diagonal neighbour: one 2-pixel hole
    s.index_put_({0, 0, Slice(0, 8), 0}, -1.0);  // 8 pixels on the border: filled
    s.index_put_({0, 0, Slice(), 11}, -1.0);     // 12 pixels: kept
    int64_t changed = 0;
    torch::Tensor f = fillHolesInMaskScores(s, 8, &changed);
    EXPECT_EQ(changed, 10);
    EXPECT_FLOAT_EQ(f[0][0][2][2].item<float>(), 0.1f);
    EXPECT_FLOAT_EQ(f[0][0][3][3].item<float>(), 0.1f);
    EXPECT_FLOAT_EQ(f[0][0][7][0].item<float>(), 0.1f);
    EXPECT_FLOAT_EQ(f[0][0][0][11].item<float>(), -1.0f);
}
