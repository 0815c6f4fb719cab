// Config parsing and the index bookkeeping (3D rotary positions, vision windows) against the
// goldens of the original implementation. Standard library only.
#include <gtest/gtest.h>

#include <string>

#include "engine/core/json.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/rope_index.h"
#include "engine/reason/qwen/vision_windows.h"

using namespace mr::reason::qwen;

namespace {
const std::string kFolder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";

const mr::json::Value& goldens() {
    static const mr::json::Value g = mr::json::parseFile(kFolder + "/goldens.json");
    return g;
}

std::vector<int64_t> ints(const mr::json::Value& v) {
    std::vector<int64_t> out;
    for (const auto& e : v.asArray()) out.push_back(e.asInt());
    return out;
}

template <class F>
void expectConfigError(F&& f, const std::string& needle) {
    try {
        f();
        FAIL() << "no error (expected one mentioning \"" << needle << "\")";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}
}  // namespace

TEST(QwenConfig, ReadsTheTinyFixture) {
    ModelConfig c = ModelConfig::load(kFolder);
    EXPECT_EQ(c.text.vocabSize, 151936);
    EXPECT_EQ(c.text.hiddenSize, 32);
    EXPECT_EQ(c.text.numLayers, 2);
    EXPECT_EQ(c.text.numHeads, 2);
    EXPECT_EQ(c.text.numKeyValueHeads, 1);
    EXPECT_EQ(c.text.headDim, 16);
    EXPECT_EQ(c.text.mropeSection, (std::vector<int64_t>{2, 3, 3}));
    EXPECT_TRUE(c.text.tieWordEmbeddings);
    EXPECT_DOUBLE_EQ(c.text.ropeTheta, 1e6);
    EXPECT_EQ(c.vision.depth, 2);
    EXPECT_EQ(c.vision.patchDim(), 1176);
    EXPECT_EQ(c.vision.fullAttBlockIndexes, (std::vector<int64_t>{1}));
    EXPECT_EQ(c.imageTokenId, 151655);
    EXPECT_EQ(c.visionStartTokenId, 151652);

    GenerationConfig g = GenerationConfig::load(kFolder, c.eosTokenIds);
    EXPECT_EQ(g.eosTokenIds, (std::vector<int64_t>{151645, 151643}));
    EXPECT_DOUBLE_EQ(g.repetitionPenalty, 1.05);
    EXPECT_EQ(g.topK, 1);
    EXPECT_TRUE(g.doSample);
}

TEST(QwenConfig, NestedTextConfigAndClearErrors) {
    mr::json::Value root = mr::json::parseFile(kFolder + "/config.json");
    // Newer saves nest the text settings.
    mr::json::Value nested = mr::json::Value::object();
    mr::json::Value text = mr::json::Value::object();
    for (const auto& [k, v] : root.items()) {
        if (k == "vision_config" || k == "model_type") nested.set(k, v);
        else text.set(k, v);
    }
    nested.set("text_config", text);
    ModelConfig c = ModelConfig::fromJson(nested, "nested.json");
    EXPECT_EQ(c.text.hiddenSize, 32);
    EXPECT_EQ(c.text.mropeSection, (std::vector<int64_t>{2, 3, 3}));

    mr::json::Value bad = root;
    bad.set("hidden_size", mr::json::Value(nullptr));
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "\"hidden_size\" is missing");
    bad = root;
    bad.set("model_type", "llama");
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "model_type");
    bad = root;
    mr::json::Value rs = mr::json::Value::object();
    rs.set("type", "mrope");
    rs.set("mrope_section", mr::json::parse("[2,3,4]"));
    bad.set("rope_scaling", rs);
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "half the head size");
    bad = root;
    bad.set("num_key_value_heads", 3);
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "num_key_value_heads");
    expectConfigError([] { ModelConfig::load("/nonexistent-folder"); }, "not found");
}

// Hostile config.json files (issue 22): a clear ConfigError, never SIGFPE or gigabytes.
TEST(QwenConfig, OverflowingSizesAreErrorsNotDivisionsByZero) {
    const mr::json::Value root = mr::json::parseFile(kFolder + "/config.json");
    auto withVision = [&](const char* key, int64_t v) {
        mr::json::Value bad = root;
        mr::json::Value vision = root.at("vision_config");
        vision.set(key, v);
        bad.set("vision_config", vision);
        return bad;
    };
    // spatial_merge_size * patch_size = 2^64 wrapped to 0, and window_size % 0 raised SIGFPE.
    mr::json::Value bad = withVision("spatial_merge_size", int64_t(1) << 32);
    mr::json::Value vision = bad.at("vision_config");
    vision.set("patch_size", int64_t(1) << 32);
    bad.set("vision_config", vision);
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "is 4294967296");
    expectConfigError([&] { ModelConfig::fromJson(withVision("window_size", 0), "cfg.json"); }, "window_size");
    // A billion layers used to be accepted and cost gigabytes in the weight table.
    bad = root;
    bad.set("num_hidden_layers", int64_t(1000000000));
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "at most 4096");
    expectConfigError([&] { ModelConfig::fromJson(withVision("depth", 1000000000), "cfg.json"); }, "at most 4096");
    // vocab_size x hidden_size beyond the tensor limit.
    bad = root;  // head size kept (16): 1024 heads of a 16384-wide model, a 16-million-token vocabulary
    bad.set("vocab_size", int64_t(16000000));
    bad.set("hidden_size", int64_t(16384));
    bad.set("num_attention_heads", int64_t(1024));
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "token embedding");
    bad = root;
    bad.set("eos_token_id", int64_t(1) << 40);
    expectConfigError([&] { ModelConfig::fromJson(bad, "cfg.json"); }, "eos_token_id");
    mr::json::Value gen = mr::json::parse(R"({"max_new_tokens": -5})");
    expectConfigError([&] { GenerationConfig::fromJson(gen, "generation_config.json"); }, "max_new_tokens");
}

TEST(QwenRopeIndex, MatchesTheChatGoldens) {
    ModelConfig c = ModelConfig::load(kFolder);
    const auto& chat = goldens().at("chat");
    std::vector<int64_t> ids = ints(chat.at("input_ids"));
    const auto& g = chat.at("image_grid_thw")[0];
    RopeIndex r = computeRopeIndex(ids, {GridTHW{g[0].asInt(), g[1].asInt(), g[2].asInt()}}, c);
    const auto& pos = chat.at("position_ids");  // [3][L]
    ASSERT_EQ(r.size(), ids.size());
    EXPECT_EQ(r.t, ints(pos[0]));
    EXPECT_EQ(r.h, ints(pos[1]));
    EXPECT_EQ(r.w, ints(pos[2]));
    EXPECT_EQ(r.delta, chat.at("rope_deltas")[0][0].asInt());
    EXPECT_EQ(r.delta, -96);
}

TEST(QwenRopeIndex, TextOnlyAndMismatches) {
    ModelConfig c = ModelConfig::load(kFolder);
    const auto& t = goldens().at("text_only");
    std::vector<int64_t> ids = ints(t.at("input_ids"));
    RopeIndex r = computeRopeIndex(ids, {}, c);
    EXPECT_EQ(r.t, ints(t.at("position_ids")[0]));
    EXPECT_EQ(r.w, ints(t.at("position_ids")[2]));
    EXPECT_EQ(r.delta, 0);

    std::vector<int64_t> chatIds = ints(goldens().at("chat").at("input_ids"));
    expectConfigError([&] { computeRopeIndex(chatIds, {}, c); }, "announces 1 image");
    expectConfigError([&] { computeRopeIndex(chatIds, {GridTHW{1, 20, 24}}, c); }, "image-token run");
    expectConfigError([&] { computeRopeIndex(chatIds, {GridTHW{1, 16, 24}}, c); }, "more image tokens");
}

TEST(QwenVisionLayout, MatchesWindowIndexAndSeqlens) {
    ModelConfig c = ModelConfig::load(kFolder);
    const auto& v = goldens().at("chat").at("vision");
    VisionLayout L = computeVisionLayout({GridTHW{1, 18, 24}}, c.vision);
    EXPECT_EQ(L.windowIndex, ints(v.at("window_index")));
    EXPECT_EQ(L.cuWindowSeqlensRaw, ints(v.at("cu_window_seqlens_before_unique_consecutive")));
    EXPECT_EQ(L.cuWindowSeqlens, ints(v.at("cu_window_seqlens")));
    EXPECT_EQ(L.cuSeqlens, ints(v.at("cu_seqlens_full")));
    EXPECT_EQ(L.patches, 432);
    EXPECT_EQ(L.mergedTokens, 108);
    // Processor order: 2x2 groups contiguous.
    EXPECT_EQ((std::vector<int64_t>(L.patchRow.begin(), L.patchRow.begin() + 6)),
              (std::vector<int64_t>{0, 0, 1, 1, 0, 0}));
    EXPECT_EQ((std::vector<int64_t>(L.patchCol.begin(), L.patchCol.begin() + 6)),
              (std::vector<int64_t>{0, 1, 0, 1, 2, 3}));
    expectConfigError([&] { computeVisionLayout({GridTHW{1, 17, 24}}, c.vision); }, "merge size");
}
