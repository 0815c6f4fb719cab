// MedSAM2 (SAM 2.1, Hiera) in libtorch against the official code (tests/fixtures/medsam2-tiny):
// checkpoint forms, model inputs, image features, every image-predictor case of MedSAM2's
// package at 512 and of MedReasoner's call path at 1024, and the CT script's 3-D propagation
// (per-frame low-res masks, object pointers and scores, bf16 memories, hole filling, final masks).
//
// Tolerances: 1e-4 abs for features, logits, IoU, pointers and scores (the README measured up to
// 1.7e-5 between one and two threads of the original itself); masks must equal the reference PNGs
// except at pixels whose logit is within 1e-3 of 0 (the README's "ambiguous" pixels). Every largest
// error is printed.
#include <gtest/gtest.h>

#include "engine/core/sha256.h"
#include "engine/nn/checkpoint.h"
#include "engine/segment/sam2/sam2_expert.h"
#include "engine/segment/sam2/sam2_preprocess.h"
#include "tests/engine/segment/medsam2_fixture.h"

using namespace mr::segment;
using namespace mr::segment::sam2;
using ms2fx::expected;
using ms2fx::golden;
using ms2fx::goldens;
using torch::indexing::Slice;

namespace {

constexpr double kTol = 1e-4;

std::string f32Sha(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat32).contiguous();
    return mr::sha256Hex(c.data_ptr<float>(), size_t(c.numel()) * sizeof(float));
}

const mr::json::Value& caseByName(const std::string& name) {
    for (const auto& c : expected().at("cases").asArray())
        if (c.at("name").asString() == name) return c;
    throw std::runtime_error("no case " + name);
}

Prompts casePrompts(const mr::json::Value& c) {
    Prompts p;
    const auto& pr = c.at("prompt");
    p.multimask = c.at("multimask_output").asBool();
    if (const auto* b = pr.find("box"))
        p.box = mr::Box{(*b)[0].asDouble(), (*b)[1].asDouble(), (*b)[2].asDouble(), (*b)[3].asDouble()};
    if (const auto* pc = pr.find("point_coords"))
        for (size_t i = 0; i < pc->size(); ++i)
            p.points.push_back({(*pc)[i][0].asDouble(), (*pc)[i][1].asDouble(), pr.at("point_labels")[i].asInt() == 1});
    return p;
}

}  // namespace

TEST(MedSam2Fixture, CheckpointFormsLoadTheSameWeights) {
    const auto st = mr::nn::loadStateDict(ms2fx::dir() + "/model.safetensors");
    const auto pt = mr::nn::loadStateDict(ms2fx::dir() + "/model.pt");
    ASSERT_EQ(st.size(), 371u);
    ASSERT_EQ(pt.size(), st.size());
    for (const auto& [k, t] : st) {
        ASSERT_TRUE(pt.count(k)) << k;
        EXPECT_TRUE(t.equal(pt.at(k))) << k;
    }
    Sam2LoadOptions o;
    o.device.kind = mr::nn::DeviceChoice::Kind::Cpu;
    auto a = loadSam2Model(ms2fx::dir() + "/model.pt", o);
    auto b = ms2fx::model(512);
    EXPECT_TRUE(a->weights().memoryEncoder.fuser[1].gamma.equal(b->weights().memoryEncoder.fuser[1].gamma));
    EXPECT_TRUE(a->weights().imageEncoder.posEmbed.equal(b->weights().imageEncoder.posEmbed));
}

TEST(MedSam2Fixture, ConfigComesFromShapesAndConfigJson) {
    const Sam2Config& c = ms2fx::model(512)->config();
    const mr::json::Value file = mr::json::parseFile(ms2fx::dir() + "/config.json");
    const auto& ref = file.at("structure");
    const auto blocks = c.hiera.blocks();
    ASSERT_EQ(blocks.size(), ref.at("hiera_blocks").size());
    for (size_t i = 0; i < blocks.size(); ++i) {
        const auto& r = ref.at("hiera_blocks")[i];
        EXPECT_EQ(blocks[i].dim, r.at("dim").asInt()) << i;
        EXPECT_EQ(blocks[i].dimOut, r.at("dim_out").asInt()) << i;
        EXPECT_EQ(blocks[i].heads, r.at("heads").asInt()) << i;
        EXPECT_EQ(blocks[i].windowSize, r.at("window_size").asInt()) << i;
        EXPECT_EQ(blocks[i].qPool, r.at("q_pool").asBool()) << i;
    }
    EXPECT_EQ(c.channelList(), (std::vector<int>{128, 64, 32, 16}));
    EXPECT_EQ(c.dModel, 64);
    EXPECT_EQ(c.memDim, 16);
    EXPECT_EQ(c.numMaskmem, 7);
    EXPECT_EQ(c.memAttnLayers, 2);
    EXPECT_EQ(c.memAttnFfn, 128);
    EXPECT_EQ(c.embedGrid(), 32);
    EXPECT_EQ(ms2fx::model(kMedReasonerCallPathImageSize)->config().lowResSize(), 256);
}

TEST(MedSam2Fixture, ImagePredictorInputsAreBitIdentical) {
    for (const std::string tag : {"img512", "mr1024"}) {
        const int S = tag == "img512" ? 512 : 1024;
        const auto& images = expected().at(tag == "img512" ? "images" : "images_mr1024");
        for (const std::string img : {"A", "B"}) {
            const torch::Tensor x = imagePredictorInput(ms2fx::rgbImage(img + ".png"), ms2fx::model(S)->config());
            const std::string k = tag + "." + img + ".input.";
            EXPECT_CLOSE(k + "rows0_2", x[0].index({Slice(), Slice(0, 2)}), golden(k + "rows0_2"), 0.0);
            const Slice centre(S / 2 - 8, S / 2 + 8);
            EXPECT_CLOSE(k + "centre16", x[0].index({Slice(), centre, centre}), golden(k + "centre16"), 0.0);
            ms2fx::expectStats(k + "stats", x, images.at(img).at("input").at("stats"), 1e-12, 0.0);
            EXPECT_EQ(f32Sha(x), images.at(img).at("input").at("sha256_f32le").asString()) << k;
        }
    }
}

TEST(MedSam2Fixture, ImageFeatures) {
    for (const std::string tag : {"img512", "mr1024"}) {
        const int S = tag == "img512" ? 512 : 1024;
        const auto& images = expected().at(tag == "img512" ? "images" : "images_mr1024");
        for (const std::string img : {"A", "B"}) {
            const Sam2Expert& ex = ms2fx::expert(S, img + ".png");
            const torch::Tensor embed = ex.model().withNoMemoryEmbedding(ex.features());
            const std::pair<std::string, torch::Tensor> feats[] = {{"image_embed", embed},
                                                                   {"high_res_feats_0", ex.features().highRes[0]},
                                                                   {"high_res_feats_1", ex.features().highRes[1]}};
            for (const auto& [name, t] : feats) {
                const std::string k = tag + "." + img + "." + name;
                if (goldens().contains(k)) EXPECT_CLOSE(k, t, golden(k), kTol);
                else EXPECT_CLOSE(k + ".first2ch", t[0].index({Slice(0, 2)}), golden(k + ".first2ch"), kTol);
                const auto& stats = images.at(img).at("features").at(name).at("stats");
                ms2fx::expectStats(k, t, stats, 1e-5, kTol);
            }
        }
    }
    EXPECT_CLOSE("img512.dense_pe.first2ch", ms2fx::model(512)->densePe()[0].index({Slice(0, 2)}),
                 golden("img512.dense_pe.first2ch"), 1e-5);
}

namespace {

// The model-frame coordinates the fixture records, in our order (box corners first).
std::vector<float> referenceModelFramePrompt(const mr::json::Value& c) {
    std::vector<float> v;
    const auto& mf = c.at("model_frame_prompt");
    for (const char* key : {"box_as_2_points", "point_coords"})
        if (const auto* a = mf.find(key); a && a->isArray())
            for (const auto& pt : (*a)[0].asArray()) {
                v.push_back(float(pt[0].asDouble()));
                v.push_back(float(pt[1].asDouble()));
            }
    return v;
}

void checkLowResLogits(const std::string& name, const mr::json::Value& c, const torch::Tensor& low, int best) {
    const torch::Tensor clamped = torch::clamp(low, -32.0, 32.0);
    if (goldens().contains(name + ".low_res_logits"))
        EXPECT_CLOSE(name + ".low_res_logits", clamped, golden(name + ".low_res_logits"), kTol);
    else if (goldens().contains(name + ".low_res_logits_best"))
        EXPECT_CLOSE(name + ".low_res_logits_best", clamped.index({Slice(best, best + 1)}),
                     golden(name + ".low_res_logits_best"), kTol);
    ms2fx::expectStats(name + ".low_res_logits", clamped, c.at("low_res_logits_stats"), 1e-5, kTol);
}

}  // namespace

// Every case: the model-frame prompt, IoU, low-res logits (full, best or stats), the best index
// (MedReasoner's argsort) and every mask against its PNG, through the expert the app uses.
TEST(MedSam2Fixture, ImagePredictorCases) {
    for (const auto& c : expected().at("cases").asArray()) {
        const std::string name = c.at("name").asString();
        const std::string tag = name.substr(0, name.find('.'));
        const std::string img = c.at("image").asString();
        Sam2Expert* ex = &ms2fx::expert(tag == "img512" ? 512 : 1024, img);
        const int S = ex->model().config().imageSize;
        const auto& info = expected().at("images").at(img.substr(0, 1));
        const int W = int(info.at("W").asInt()), H = int(info.at("H").asInt());
        const Prompts p = casePrompts(c);
        auto [coords, labels] = promptPointTensors(p, W, H, S);
        EXPECT_CLOSE(name + " model-frame prompt", coords.flatten(), torch::tensor(referenceModelFramePrompt(c)), 0.0);

        const MaskPrediction r = ex->predict(p, mr::CancelToken());
        const torch::Tensor iou = torch::tensor(r.scores);
        if (goldens().contains(name + ".iou_predictions"))
            EXPECT_CLOSE(name + ".iou_predictions", iou, golden(name + ".iou_predictions"), kTol);
        std::vector<float> refIou;
        for (const auto& v : c.at("iou_predictions").asArray()) refIou.push_back(float(v.asDouble()));
        EXPECT_CLOSE(name + " iou (expected.json)", iou, torch::tensor(refIou), kTol);
        EXPECT_EQ(r.best, c.at("best_index_argsort_desc").asInt()) << name;

        auto [low, ious] = ex->model().predictImage(ex->features(), coords.unsqueeze(0), labels.unsqueeze(0),
                                                    torch::Tensor(), p.multimask);
        checkLowResLogits(name, c, low[0], r.best);
        EXPECT_CLOSE(name + " expert lowResLogits",
                     torch::from_blob(const_cast<float*>(r.lowResLogits.data()), {r.lowResSize, r.lowResSize}),
                     torch::clamp(low[0][r.best], -32.0, 32.0), 0.0);
        const torch::Tensor logits =
            torch::nn::functional::interpolate(low, torch::nn::functional::InterpolateFuncOptions()
                                                        .size(std::vector<int64_t>{H, W})
                                                        .mode(torch::kBilinear)
                                                        .align_corners(false))[0];
        ASSERT_EQ(r.masks.size(), c.at("masks").size()) << name;
        for (size_t i = 0; i < r.masks.size(); ++i) {
            const auto& m = c.at("masks")[i];
            const torch::Tensor ours = torch::from_blob(const_cast<uint8_t*>(r.masks[i].data()), {H, W}, torch::kUInt8);
            EXPECT_TRUE(ours.to(torch::kBool).equal(logits[int64_t(i)] > 0)) << name;
            ms2fx::expectMaskMatches(name + " mask " + std::to_string(i), logits[int64_t(i)], m.at("png").asString(),
                                     m.at("ambiguous_pixels").asInt());
        }
    }
}
