// End to end: RGB image + question -> image processor -> chat prompt -> tokenizer -> Qwen2.5-VL
// -> streamed text, on the tiny fixture, against the original's greedy continuation.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "engine/core/json.h"
#include "engine/nn/safetensors.h"
#include "engine/reason/qwen_reasoner.h"

using namespace mr::reason;

namespace {
const std::string kFolder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";

QwenReasoner& reasoner() {
    static std::unique_ptr<QwenReasoner> r = [] {
        ReasonerLoadOptions o;
        o.device = "cpu";
        return QwenReasoner::load(kFolder, o);
    }();
    return *r;
}

struct ChatImage {
    at::Tensor pixels;
    RgbImageView view() const { return {pixels.data_ptr<uint8_t>(), int(pixels.size(1)), int(pixels.size(0))}; }
};
ChatImage chatImage() {
    static mr::nn::SafeTensorsFile f(kFolder + "/goldens_uint8.safetensors");
    return {f.tensor("chat.image").contiguous()};
}
}  // namespace

TEST(QwenReasoner, AnswersTheChatImageLikeTheOriginal) {
    const mr::json::Value g = mr::json::parseFile(kFolder + "/goldens.json");
    const auto& chat = g.at("chat");
    ChatImage img = chatImage();
    AskOptions o;
    o.maxNewTokens = 20;  // MedReasoner: do_sample=False with the folder's repetition penalty 1.05
    std::string streamed;
    int deltas = 0;
    ReasonerReply r = reasoner().ask(img.view(), chat.at("question").asString(), o, [&](std::string_view d) {
        streamed += d;
        ++deltas;
    });
    EXPECT_EQ(r.text, chat.at("greedy_generation_config").at("generated_text").asString());
    EXPECT_EQ(streamed, r.text);
    EXPECT_GT(deltas, 1);
    EXPECT_EQ(r.modelWidth, 336);
    EXPECT_EQ(r.modelHeight, 252);
    EXPECT_EQ(r.timings.promptTokens, 759);
    EXPECT_EQ(r.timings.generatedTokens, 20);
    EXPECT_EQ(r.stopReason, "maximum new tokens");
    EXPECT_FALSE(r.cancelled);
    EXPECT_GT(r.timings.prefillMs, 0);
    EXPECT_NE(reasoner().description().find("cpu"), std::string::npos);

    // Plain greedy (no repetition penalty) reproduces the other golden continuation.
    o.repetitionPenalty = 1.0;
    EXPECT_EQ(reasoner().ask(img.view(), chat.at("question").asString(), o).text,
              chat.at("greedy").at("generated_text").asString());
}

TEST(QwenReasoner, CancelAndBadInput) {
    ChatImage img = chatImage();
    AskOptions o;
    o.maxNewTokens = 20;
    mr::CancelToken cancel;
    int deltas = 0;
    ReasonerReply r = reasoner().ask(
        img.view(), "Where is the lesion?", o,
        [&](std::string_view) {
            if (++deltas == 2) cancel.cancel();
        },
        cancel);
    EXPECT_TRUE(r.cancelled);
    EXPECT_LE(r.timings.generatedTokens, 3);

    EXPECT_THROW(reasoner().ask(img.view(), "   ", o), mr::Error);
    std::vector<uint8_t> tiny(10 * 10 * 3, 128);
    EXPECT_THROW(reasoner().ask({tiny.data(), 10, 10}, "Where?", o), mr::Error);
    AskOptions custom = o;
    custom.promptTemplate = "no placeholder here";
    EXPECT_THROW(reasoner().ask(img.view(), "Where?", custom), mr::Error);
    EXPECT_THROW(QwenReasoner::load(kFolder + "/missing"), mr::Error);
}
