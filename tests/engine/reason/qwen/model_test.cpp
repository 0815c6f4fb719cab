// Qwen2.5-VL in libtorch against the original implementation's goldens (float32, CPU):
// vision tower internals, decoder hidden states, logits, KV-cached decoding, greedy and
// repetition-penalty generation, text-only prompts, cancellation, weight-file layouts and errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/nn/safetensors.h"
#include "engine/reason/qwen/generation.h"
#include "engine/reason/qwen/model.h"
#include "engine/reason/qwen/weights.h"

namespace fs = std::filesystem;
using namespace mr::reason::qwen;

namespace {

const std::string kFolder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";
constexpr double kRelTol = 1e-4;  // relative to the golden's largest magnitude

const mr::json::Value& goldens() {
    static const mr::json::Value g = mr::json::parseFile(kFolder + "/goldens.json");
    return g;
}
const mr::nn::SafeTensorsFile& goldenTensors() {
    static const mr::nn::SafeTensorsFile f(kFolder + "/goldens.safetensors");
    return f;
}
at::Tensor golden(const std::string& name) { return goldenTensors().tensor(name); }

std::vector<int64_t> ints(const mr::json::Value& v) {
    std::vector<int64_t> out;
    for (const auto& e : v.asArray()) out.push_back(e.asInt());
    return out;
}

// Prints and checks max |a − b| / max |b|.
void expectClose(const at::Tensor& actual, const at::Tensor& expected, const std::string& what,
                 double relTol = kRelTol) {
    at::Tensor a = actual.detach().to(at::kCPU, at::kDouble), b = expected.to(at::kCPU, at::kDouble);
    ASSERT_EQ(a.sizes(), b.sizes()) << what;
    const double maxAbs = (a - b).abs().max().item<double>();
    const double scale = std::max(b.abs().max().item<double>(), 1e-12);
    std::cout << "  [tolerance] " << what << ": max abs err " << maxAbs << ", relative " << maxAbs / scale << "\n";
    EXPECT_LE(maxAbs / scale, relTol) << what << " max abs err " << maxAbs;
}

const QwenVLModel& model() {
    static std::unique_ptr<QwenVLModel> m = QwenVLModel::load(kFolder);
    return *m;
}

Prompt chatPrompt() {
    Prompt p;
    p.ids = ints(goldens().at("chat").at("input_ids"));
    p.pixelValues = golden("chat.pixel_values");
    p.grids = {GridTHW{1, 18, 24}};
    return p;
}

GenerationConfig greedy(int64_t maxNew) {
    GenerationConfig g;
    g.doSample = false;
    g.maxNewTokens = maxNew;
    g.eosTokenIds = model().generationConfig().eosTokenIds;
    return g;
}

void checkTopK(const at::Tensor& logits, const mr::json::Value& summary, const std::string& what) {
    const std::vector<int64_t> ids = ints(summary.at("top_ids"));
    auto [values, indices] = at::topk(logits.to(at::kDouble), int64_t(ids.size()));
    std::vector<int64_t> got(indices.data_ptr<int64_t>(), indices.data_ptr<int64_t>() + indices.numel());
    EXPECT_EQ(got, ids) << what;
    const double lse = at::logsumexp(logits.to(at::kDouble), 0).item<double>();
    EXPECT_NEAR(lse, summary.at("logsumexp").asDouble(), 1e-4) << what;
    const auto& tl = summary.at("top_logits").asArray();
    for (size_t i = 0; i < tl.size(); ++i)
        EXPECT_NEAR(values[int64_t(i)].item<double>(), tl[i].asDouble(), 1e-5) << what;
}

std::string scratch(const std::string& name) {
    const fs::path p = fs::path(MR_TEST_OUTPUT_DIR) / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p.string();
}

std::map<std::string, torch::Tensor> fixtureWeights() {
    mr::nn::SafeTensorsFile f(kFolder + "/model.safetensors");
    std::map<std::string, torch::Tensor> m;
    for (const auto& n : f.names()) m[n] = f.tensor(n).clone();
    return m;
}

void copyConfig(const std::string& to) {
    fs::copy_file(kFolder + "/config.json", to + "/config.json");
    fs::copy_file(kFolder + "/generation_config.json", to + "/generation_config.json");
}

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const mr::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(QwenVision, MatchesTheOriginalStepByStep) {
    VisionTrace trace;
    at::Tensor out = model().encodeImages(golden("chat.pixel_values"), {GridTHW{1, 18, 24}}, &trace);
    expectClose(trace.patchEmbed, golden("chat.vision.patch_embed"), "vision patch_embed");
    expectClose(trace.rotPosEmb, golden("chat.vision.rot_pos_emb"), "vision rot_pos_emb");
    ASSERT_EQ(trace.blocks.size(), 2u);
    expectClose(trace.blocks[0], golden("chat.vision.block0"), "vision block0 (window attention)");
    expectClose(trace.blocks[1], golden("chat.vision.block1"), "vision block1 (full attention)");
    expectClose(trace.mergerNorm, golden("chat.vision.merger_ln_q"), "vision merger ln_q");
    expectClose(trace.mergerOutWindowOrder, golden("chat.vision.merger_out_window_order"), "vision merger out");
    expectClose(out, golden("chat.vision.output"), "vision output");
}

TEST(QwenVision, RejectsPixelsThatDoNotMatchTheGrid) {
    std::string e = errorOf([] { model().encodeImages(golden("chat.pixel_values"), {GridTHW{1, 18, 26}}); });
    EXPECT_NE(e.find("pixel values have shape [432, 1176]"), std::string::npos) << e;
}

TEST(QwenDecoder, PrefillMatchesHiddenStatesAndLogits) {
    DecodeSession s(model(), 800);
    std::vector<at::Tensor> hidden;
    at::Tensor logits = s.prefill(chatPrompt(), &hidden);
    EXPECT_EQ(s.ropeDelta(), -96);
    EXPECT_EQ(s.length(), 759);
    ASSERT_EQ(hidden.size(), 3u);
    for (int i = 0; i < 3; ++i)
        expectClose(hidden[size_t(i)], golden("chat.text.hidden_states." + std::to_string(i)),
                    "text hidden_states." + std::to_string(i));
    expectClose(logits, golden("chat.logits_last"), "chat logits_last");
    // Top-20 and logsumexp of the last five positions.
    at::Tensor last5 = model().text().logits(hidden[2].narrow(0, 759 - 5, 5));
    const auto& summaries = goldens().at("chat").at("logits_last5_topk").asArray();
    for (int64_t i = 0; i < 5; ++i) checkTopK(last5[i], summaries[size_t(i)], "last5 position " + std::to_string(i));
}

TEST(QwenDecoder, KvCachedStepMatchesStep1Logits) {
    const auto ids = ints(goldens().at("chat").at("greedy").at("generated_ids"));
    DecodeSession s(model(), 760);  // too small on purpose: the cache grows
    s.prefill(chatPrompt());
    at::Tensor step1 = s.step(ids[0]);
    expectClose(step1, golden("chat.greedy.step1_logits"), "chat greedy step1_logits");
    EXPECT_EQ(s.length(), 760);
    EXPECT_THROW(s.step(-1), mr::Error);
}

TEST(QwenGeneration, GreedyMatchesTheOriginal) {
    const auto& g = goldens().at("chat").at("greedy");
    std::vector<int64_t> streamed;
    GenerationResult r = generate(model(), chatPrompt(), greedy(20), [&](int64_t t) { streamed.push_back(t); });
    EXPECT_EQ(r.tokens, ints(g.at("generated_ids")));
    EXPECT_EQ(streamed, r.tokens);
    EXPECT_EQ(r.stopReason, StopReason::MaxTokens);
    EXPECT_EQ(r.promptTokens, 759);
    EXPECT_GT(r.prefillMs, 0);
    EXPECT_GT(r.decodeTokensPerSecond, 0);
    std::cout << "  [timing] prefill " << r.prefillMs << " ms (vision " << r.visionMs << " ms), decode "
              << r.decodeTokensPerSecond << " tokens/s\n";
}

TEST(QwenGeneration, RepetitionPenaltyFromGenerationConfigMatches) {
    // MedReasoner calls generate(do_sample=False) with the folder's generation_config: the
    // repetition penalty 1.05 applies, temperature/top-k/top-p do not.
    GenerationConfig c = model().generationConfig();
    c.doSample = false;
    c.maxNewTokens = 20;
    GenerationResult r = generate(model(), chatPrompt(), c);
    EXPECT_EQ(r.tokens, ints(goldens().at("chat").at("greedy_generation_config").at("generated_ids")));

    // Processed scores at the first diverging step (penalty over prompt + generated tokens).
    const auto& steps = goldens().at("chat").at("greedy_generation_config").at("processed_scores_topk_per_step");
    DecodeSession s(model(), 800);
    at::Tensor logits = s.prefill(chatPrompt());
    std::vector<int64_t> history = chatPrompt().ids;
    Sampler sampler(c);
    for (size_t i = 0; i < 10; ++i) {
        at::Tensor processed;
        const int64_t t = sampler.next(logits, history, &processed);
        checkTopK(processed, steps[i], "processed step " + std::to_string(i));
        history.push_back(t);
        logits = s.step(t);
    }
}

TEST(QwenGeneration, TextOnlyPrompt) {
    const auto& t = goldens().at("text_only");
    Prompt p;
    p.ids = ints(t.at("input_ids"));
    DecodeSession s(model(), 64);
    at::Tensor logits = s.prefill(p);
    EXPECT_EQ(s.ropeDelta(), 0);
    checkTopK(logits, t.at("logits_last_topk"), "text_only last logits");
    GenerationResult r = generate(model(), p, greedy(8));
    EXPECT_EQ(r.tokens, ints(t.at("greedy_8_ids")));
    EXPECT_EQ(r.visionMs, 0);
}

TEST(QwenGeneration, CancelStopsWithinOneToken) {
    mr::CancelToken cancel;
    int calls = 0;
    GenerationResult r = generate(
        model(), chatPrompt(), greedy(20),
        [&](int64_t) {
            if (++calls == 3) cancel.cancel();
        },
        cancel);
    EXPECT_EQ(r.stopReason, StopReason::Cancelled);
    EXPECT_EQ(r.tokens.size(), 3u);
    EXPECT_EQ(calls, 3);
    const auto expected = ints(goldens().at("chat").at("greedy").at("generated_ids"));
    EXPECT_EQ(r.tokens, std::vector<int64_t>(expected.begin(), expected.begin() + 3));

    mr::CancelToken already;
    already.cancel();
    EXPECT_TRUE(generate(model(), chatPrompt(), greedy(5), {}, already).tokens.empty());
}

TEST(QwenGeneration, StopTokensSamplingAndLimits) {
    // A stop token ends generation and is reported.
    const auto expected = ints(goldens().at("chat").at("greedy").at("generated_ids"));
    GenerationConfig c = greedy(20);
    c.eosTokenIds = {expected[4]};
    GenerationResult r = generate(model(), chatPrompt(), c);
    EXPECT_EQ(r.stopReason, StopReason::EndOfSequence);
    EXPECT_EQ(r.tokens, std::vector<int64_t>(expected.begin(), expected.begin() + 5));

    // Sampling with top_k 1 is greedy; a seeded run is reproducible.
    GenerationConfig s = greedy(6);
    s.doSample = true;
    s.topK = 1;
    s.temperature = 0.7;
    s.seed = 42;
    EXPECT_EQ(generate(model(), chatPrompt(), s).tokens, std::vector<int64_t>(expected.begin(), expected.begin() + 6));
    s.topK = 0;
    s.topP = 0.9;
    s.temperature = 1.5;
    auto a = generate(model(), chatPrompt(), s).tokens;
    auto b = generate(model(), chatPrompt(), s).tokens;
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.size(), 6u);

    Prompt empty;
    EXPECT_THROW(generate(model(), empty, greedy(2)), mr::Error);
    Prompt noImage = chatPrompt();
    noImage.grids.clear();
    EXPECT_THROW(generate(model(), noImage, greedy(2)), mr::Error);
}

TEST(QwenGeneration, ContextLimits) {
    // A model whose context is shorter than the prompt refuses it; one just longer stops when full.
    const std::string dir = scratch("short_context");
    copyConfig(dir);
    fs::create_symlink(fs::absolute(kFolder + "/model.safetensors"), dir + "/model.safetensors");
    mr::json::Value cfg = mr::json::parseFile(dir + "/config.json");
    cfg.set("max_position_embeddings", 700);
    mr::writeFileAtomic(dir + "/config.json", mr::json::dump(cfg, 2));
    auto small = QwenVLModel::load(dir);
    std::string e = errorOf([&] { generate(*small, chatPrompt(), greedy(5)); });
    EXPECT_NE(e.find("the prompt has 759 tokens; the model's context holds 700"), std::string::npos) << e;

    cfg.set("max_position_embeddings", 762);
    mr::writeFileAtomic(dir + "/config.json", mr::json::dump(cfg, 2));
    auto tight = QwenVLModel::load(dir);
    GenerationResult r = generate(*tight, chatPrompt(), greedy(20));
    EXPECT_EQ(r.stopReason, StopReason::ContextFull);
    EXPECT_EQ(r.tokens.size(), 3u);
}

TEST(QwenVision, ImagesAreEncodedIndependently) {
    // Two images in one call (windows and full attention stay within each image) give each
    // image's own features, concatenated; a second, smaller grid exercises uneven windows.
    at::Tensor pv = golden("chat.pixel_values");
    at::Tensor one = model().encodeImages(pv, {GridTHW{1, 18, 24}});
    at::Tensor part = pv.narrow(0, 0, 8 * 12);  // the rows of an 8x12-patch grid (any pixels do)
    at::Tensor small = model().encodeImages(part, {GridTHW{1, 8, 12}});
    at::Tensor both = model().encodeImages(at::cat({pv, part}), {GridTHW{1, 18, 24}, GridTHW{1, 8, 12}});
    ASSERT_EQ(both.size(0), 108 + 24);
    expectClose(both.narrow(0, 0, 108), one, "two images: first image's features");
    expectClose(both.narrow(0, 108, 24), small, "two images: second image's features");
}

TEST(QwenSampling, WarpersFollowHuggingFace) {
    at::Tensor l = at::tensor({1.0f, 3.0f, 2.0f, -1.0f, 0.5f});
    at::Tensor pen = applyRepetitionPenalty(l, {1, 3, 3}, 2.0);
    EXPECT_FLOAT_EQ(pen[1].item<float>(), 1.5f);
    EXPECT_FLOAT_EQ(pen[3].item<float>(), -2.0f);
    EXPECT_FLOAT_EQ(pen[0].item<float>(), 1.0f);
    at::Tensor k2 = applySamplingWarpers(l, 1.0, 2, 1.0);
    EXPECT_TRUE(std::isinf(k2[0].item<float>()));
    EXPECT_FLOAT_EQ(k2[1].item<float>(), 3.0f);
    EXPECT_FLOAT_EQ(k2[2].item<float>(), 2.0f);
    // top_p 0.5: the top token alone has p > 0.5, so only it survives.
    at::Tensor p = applySamplingWarpers(l, 1.0, 0, 0.5);
    EXPECT_EQ(at::isfinite(p).sum().item<int64_t>(), 1);
    EXPECT_FLOAT_EQ(applySamplingWarpers(l, 2.0, 0, 1.0)[1].item<float>(), 1.5f);
}

TEST(QwenWeights, NewerKeyLayoutShardedAndUntied) {
    // model.visual.* / model.language_model.* across two shards with an index, untied lm_head.
    const std::string dir = scratch("newer_layout");
    copyConfig(dir);
    auto w = fixtureWeights();
    std::map<std::string, torch::Tensor> a, b;
    mr::json::Value map = mr::json::Value::object();
    for (const auto& [name, t] : w) {
        std::string n = name.rfind("visual.", 0) == 0 ? "model." + name : "model.language_model." + name.substr(6);
        (name.rfind("visual.", 0) == 0 ? a : b)[n] = t;
        map.set(
            n, name.rfind("visual.", 0) == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
    }
    b["lm_head.weight"] = w.at("model.embed_tokens.weight");
    map.set("lm_head.weight", "model-00002-of-00002.safetensors");
    mr::nn::saveSafeTensors(dir + "/model-00001-of-00002.safetensors", a);
    mr::nn::saveSafeTensors(dir + "/model-00002-of-00002.safetensors", b);
    mr::json::Value index = mr::json::Value::object();
    index.set("metadata", mr::json::Value::object());
    index.set("weight_map", map);
    mr::writeFileAtomic(dir + "/model.safetensors.index.json", mr::json::dump(index, 2));
    mr::json::Value cfg = mr::json::parseFile(dir + "/config.json");
    cfg.set("tie_word_embeddings", false);
    mr::writeFileAtomic(dir + "/config.json", mr::json::dump(cfg, 2));

    auto m = QwenVLModel::load(dir);
    DecodeSession s(*m, 800);
    expectClose(s.prefill(chatPrompt()), golden("chat.logits_last"), "newer layout, sharded, untied: logits_last");

    // The index names a tensor its shard does not hold.
    map.set("model.language_model.norm.weight", "model-00001-of-00002.safetensors");
    index.set("weight_map", map);
    mr::writeFileAtomic(dir + "/model.safetensors.index.json", mr::json::dump(index, 2));
    std::string e = errorOf([&] { QwenVLModel::load(dir); });
    EXPECT_NE(e.find("does not hold it"), std::string::npos) << e;
}

TEST(QwenWeights, MissingUnexpectedMisshapenAndTruncated) {
    const std::string dir = scratch("broken");
    copyConfig(dir);
    auto w = fixtureWeights();
    w.erase("visual.blocks.1.norm2.weight");
    w.erase("model.layers.0.self_attn.q_proj.bias");
    w["model.layers.0.self_attn.extra.weight"] = torch::zeros({2});
    w["model.norm.weight"] = torch::ones({31});
    mr::nn::saveSafeTensors(dir + "/model.safetensors", w);
    std::string e = errorOf([&] { QwenVLModel::load(dir); });
    EXPECT_NE(e.find("2 missing: visual.blocks.1.norm2.weight, model.layers.0.self_attn.q_proj.bias"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("1 unexpected: model.layers.0.self_attn.extra.weight"), std::string::npos) << e;
    EXPECT_NE(e.find("model.norm.weight is [31], config.json implies [32]"), std::string::npos) << e;

    std::string good = mr::readFile(kFolder + "/model.safetensors");
    mr::writeFileAtomic(dir + "/model.safetensors", good.substr(0, good.size() - 1000));
    e = errorOf([&] { QwenVLModel::load(dir); });
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;

    fs::remove(dir + "/model.safetensors");
    e = errorOf([&] { QwenVLModel::load(dir); });
    EXPECT_NE(e.find("no weights"), std::string::npos) << e;
    EXPECT_NE(errorOf([&] { QwenVLModel::load(dir + "/nope"); }).find("not found"), std::string::npos);
}

TEST(QwenWeights, DeviceAndDtypeAreChoices) {
    EXPECT_EQ(parseDtype("bf16"), at::kBFloat16);
    EXPECT_EQ(parseDevice("cpu").type(), c10::kCPU);
    EXPECT_THROW(parseDtype("int4"), mr::Error);
    EXPECT_THROW(parseDevice("tpu:9"), mr::Error);

    LoadOptions o;
    o.dtype = at::kBFloat16;
    auto m = QwenVLModel::load(kFolder, o);
    EXPECT_EQ(m->dtype(), at::kBFloat16);
    at::Tensor out = m->encodeImages(golden("chat.pixel_values"), {GridTHW{1, 18, 24}});
    EXPECT_EQ(out.scalar_type(), at::kBFloat16);
    expectClose(out, golden("chat.vision.output"), "bfloat16 vision output (loose)", 0.1);
    GenerationResult r = generate(*m, chatPrompt(), greedy(3));
    EXPECT_EQ(r.tokens.size(), 3u);

    // float16 either runs or is refused up front with a clear message (old CPU libtorch lacks
    // half matrix products).
    LoadOptions h;
    h.dtype = at::kHalf;
    try {
        auto half = QwenVLModel::load(kFolder, h);
        EXPECT_EQ(generate(*half, chatPrompt(), greedy(2)).tokens.size(), 2u);
    } catch (const mr::Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot run the model on cpu in float16"), std::string::npos) << e.what();
    }

    GenerationConfig bad = greedy(2);
    bad.doSample = true;
    bad.temperature = 0;
    EXPECT_THROW(generate(model(), chatPrompt(), bad), mr::Error);

    if (!torch::cuda::is_available()) {
        LoadOptions c;
        c.device = c10::Device(c10::kCUDA);
        std::string e = errorOf([&] { QwenVLModel::load(kFolder, c); });
        EXPECT_NE(e.find("cannot run the model on cuda"), std::string::npos) << e;
    }
    mr::CancelToken cancel;
    cancel.cancel();
    LoadOptions oc;
    oc.cancel = cancel;
    EXPECT_THROW(QwenVLModel::load(kFolder, oc), mr::Cancelled);
}
