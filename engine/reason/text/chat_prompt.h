#pragma once
// The conversation as Qwen2-VL's stock chat template renders it, written natively (no Jinja):
//   [<|im_start|>system\n{system}<|im_end|>\n]   (default system message when the first turn is
//                                                  not a system turn)
//   <|im_start|>{role}\n{parts}<|im_end|>\n ...   (an image part is
//                                                  <|vision_start|><|image_pad|><|vision_end|>)
//   <|im_start|>assistant\n                       (generation prompt)
// and its token ids with each image's <|image_pad|> expanded to the image's token count, as the
// Qwen2.5-VL processor does before tokenising.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/reason/text/tokenizer.h"

namespace mr::reason {

class ChatPromptError : public mr::Error {
public:
    using mr::Error::Error;
};

inline constexpr const char* kDefaultSystemMessage = "You are a helpful assistant.";

struct ChatPart {
    enum class Kind { Text, Image };
    Kind kind = Kind::Text;
    std::string text;  // Text parts only
    static ChatPart makeText(std::string t) { return {Kind::Text, std::move(t)}; }
    static ChatPart makeImage() { return {Kind::Image, {}}; }
};

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::vector<ChatPart> parts;
    static ChatMessage text(std::string role, std::string content) {
        return {std::move(role), {ChatPart::makeText(std::move(content))}};
    }
};

struct ChatRenderOptions {
    bool addGenerationPrompt = true;
    bool addVisionId = false;  // "Picture N: " before each image, as the template's add_vision_id
};

// The template's text, one <|image_pad|> per image.
std::string renderChat(const std::vector<ChatMessage>& messages, const ChatRenderOptions& options = {});

// Token ids; imageTokens[i] is the number of <|image_pad|> tokens of the i-th image part (see
// ProcessedImage::numImageTokens). Throws ChatPromptError when the counts do not match the image
// parts, the tokenizer lacks the template's special tokens, or the text itself contains image
// placeholder tokens.
std::vector<int32_t> buildChatIds(const Tokenizer& tokenizer, const std::vector<ChatMessage>& messages,
                                  const std::vector<int64_t>& imageTokens, const ChatRenderOptions& options = {});

// The common case: an optional system turn (default message when absent), one user turn with the
// image first (when imageTokens > 0) and then userText, and the generation prompt.
std::vector<int32_t> buildPromptIds(const Tokenizer& tokenizer, const std::string& userText, int64_t imageTokens,
                                    const std::optional<std::string>& systemMessage = std::nullopt);

// MedReasoner's grounding prompt (PRIS-CV/MedReasoner eval/infer.py prepare_message), word for
// word: think = true asks for <think>...</think><answer>...</answer>, false for <answer> only.
// Throws ChatPromptError for an empty question.
std::string medReasonerPrompt(const std::string& question, bool think = true);

// Fills a user-supplied prompt template: every "{Question}" becomes the question (and "{Answer}",
// if present, MedReasoner's example answer). Throws ChatPromptError when the template has no
// {Question} placeholder or the question is empty.
std::string applyPromptTemplate(const std::string& promptTemplate, const std::string& question);

// The user turn's text for a question, as every reasoner writes it (local or remote): the built-in
// MedReasoner prompt when `promptTemplate` is empty, else the template filled in.
std::string userPromptText(const std::string& question, const std::string& promptTemplate, bool think);

}  // namespace mr::reason
