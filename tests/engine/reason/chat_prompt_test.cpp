// Chat prompt: the stock Qwen2-VL template rendered natively, proven against the processor's ids.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/core/json.h"
#include "engine/reason/preprocess/smart_resize.h"
#include "engine/reason/text/chat_prompt.h"

using namespace mr::reason;

namespace {

const std::string kFolder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";

const Tokenizer& tok() {
    static const Tokenizer t = Tokenizer::fromFolder(kFolder);
    return t;
}
const mr::json::Value& chat() {
    static const mr::json::Value g = mr::json::parseFile(kFolder + "/goldens.json");
    return g.at("chat");
}
std::vector<int32_t> toIds(const mr::json::Value& a) {
    std::vector<int32_t> v;
    for (const auto& x : a.asArray()) v.push_back(int32_t(x.asInt()));
    return v;
}

}  // namespace

TEST(ChatPrompt, RendersLikeTheTemplate) {
    const std::string question = chat().at("question").asString();
    const std::vector<ChatMessage> messages = {
        {"user", {ChatPart::makeImage(), ChatPart::makeText(medReasonerPrompt(question))}}};
    EXPECT_EQ(renderChat(messages), chat().at("rendered_text").asString());
}

TEST(ChatPrompt, InputIdsFromQuestionAndImageSize) {
    // Only the question and the image size (250 x 350) go in.
    const ResizedSize rs = smartResize(250, 350, 28, 3136, 12845056);
    const int64_t tokens = int64_t(rs.height / 14) * (rs.width / 14) / 4;
    EXPECT_EQ(tokens, chat().at("num_image_tokens").asInt());
    const auto ids = buildPromptIds(tok(), medReasonerPrompt(chat().at("question").asString()), tokens);
    const auto want = toIds(chat().at("input_ids"));
    ASSERT_EQ(ids.size(), 759u);
    EXPECT_EQ(ids, want);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), *tok().tokenId("<|image_pad|>")), 108);
}

TEST(ChatPrompt, TextOnlyWithSystemMessage) {
    const mr::json::Value all = mr::json::parseFile(kFolder + "/goldens.json");
    const auto& g = all.at("text_only");
    const auto& msgs = g.at("messages");
    ASSERT_EQ(msgs[0].at("role").asString(), "system");
    const auto ids = buildPromptIds(tok(), msgs[1].at("content").asString(), 0, msgs[0].at("content").asString());
    EXPECT_EQ(ids, toIds(g.at("input_ids")));
    std::vector<ChatMessage> m = {ChatMessage::text("system", msgs[0].at("content").asString()),
                                  ChatMessage::text("user", msgs[1].at("content").asString())};
    EXPECT_EQ(renderChat(m), g.at("rendered_text").asString());
}

TEST(ChatPrompt, DefaultSystemAndOptions) {
    const std::vector<ChatMessage> m = {{"user", {ChatPart::makeImage(), ChatPart::makeText("Hi")}}};
    EXPECT_EQ(renderChat(m, {false, true}),
              "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
              "Picture 1: <|vision_start|><|image_pad|><|vision_end|>Hi<|im_end|>\n");
    // The default system message equals passing it explicitly.
    EXPECT_EQ(buildPromptIds(tok(), "Hi", 4), buildPromptIds(tok(), "Hi", 4, std::string(kDefaultSystemMessage)));
}

TEST(ChatPrompt, Errors) {
    EXPECT_THROW(medReasonerPrompt("  \n"), ChatPromptError);
    EXPECT_THROW(buildPromptIds(tok(), "look at <|image_pad|> this", 4), ChatPromptError);
    const std::vector<ChatMessage> m = {{"user", {ChatPart::makeImage(), ChatPart::makeText("x")}}};
    EXPECT_THROW(buildChatIds(tok(), m, {}), ChatPromptError);
    EXPECT_THROW(buildChatIds(tok(), m, {0}), ChatPromptError);
}

TEST(ChatPrompt, Templates) {
    EXPECT_EQ(applyPromptTemplate("Q: {Question} A: {Answer}", "where {x}?"),
              "Q: where {x}? A: {'bbox': [xmin, ymin, xmax, ymax], 'points_1': [x1, y1], 'points_2': [x2, y2]}");
    EXPECT_THROW(applyPromptTemplate("no placeholder", "q"), ChatPromptError);
    const std::string noThink = medReasonerPrompt("the liver", false);
    EXPECT_EQ(noThink.rfind("<image>\nPlease answer the liver with bbox and points.", 0), 0u);
    EXPECT_EQ(noThink.find("<think>"), std::string::npos);
}
