#include "engine/reason/text/chat_prompt.h"

#include <algorithm>
#include <numeric>

namespace mr::reason {
namespace {

const char kImStart[] = "<|im_start|>";
const char kImEnd[] = "<|im_end|>";
const char kVisionStart[] = "<|vision_start|>";
const char kImagePad[] = "<|image_pad|>";
const char kVisionEnd[] = "<|vision_end|>";
const char kExampleAnswer[] = "{'bbox': [xmin, ymin, xmax, ymax], 'points_1': [x1, y1], 'points_2': [x2, y2]}";

// Renders, writing `padsFor(i)` image pads for the i-th image.
template <class PadsFor>
std::string render(const std::vector<ChatMessage>& messages, const ChatRenderOptions& options, PadsFor padsFor) {
    std::string out;
    size_t image = 0;
    for (size_t m = 0; m < messages.size(); ++m) {
        const ChatMessage& msg = messages[m];
        if (m == 0 && msg.role != "system") {
            out += kImStart;
            out += "system\n";
            out += kDefaultSystemMessage;
            out += kImEnd;
            out += "\n";
        }
        out += kImStart;
        out += msg.role;
        out += "\n";
        for (const ChatPart& part : msg.parts) {
            if (part.kind == ChatPart::Kind::Image) {
                ++image;
                if (options.addVisionId) out += "Picture " + std::to_string(image) + ": ";
                out += kVisionStart;
                const int64_t n = padsFor(image - 1);
                for (int64_t k = 0; k < n; ++k) out += kImagePad;
                out += kVisionEnd;
            } else {
                out += part.text;
            }
        }
        out += kImEnd;
        out += "\n";
    }
    if (options.addGenerationPrompt) {
        out += kImStart;
        out += "assistant\n";
    }
    return out;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

std::string renderChat(const std::vector<ChatMessage>& messages, const ChatRenderOptions& options) {
    return render(messages, options, [](size_t) { return int64_t(1); });
}

std::vector<int32_t> buildChatIds(const Tokenizer& tokenizer, const std::vector<ChatMessage>& messages,
                                  const std::vector<int64_t>& imageTokens, const ChatRenderOptions& options) {
    size_t images = 0;
    for (const auto& m : messages)
        for (const auto& p : m.parts) images += p.kind == ChatPart::Kind::Image;
    if (images != imageTokens.size())
        throw ChatPromptError("the conversation has " + std::to_string(images) + " image(s) but " +
                              std::to_string(imageTokens.size()) + " image token count(s) were given");
    for (int64_t n : imageTokens)
        if (n <= 0) throw ChatPromptError("an image must take at least one token, got " + std::to_string(n));
    for (const char* t : {kImStart, kImEnd, kVisionStart, kImagePad, kVisionEnd})
        if (!tokenizer.tokenId(t)) throw ChatPromptError(std::string("the tokenizer lacks the chat token ") + t);

    // Exactly what the processor does: expand the pads in the rendered text, then tokenise it all.
    const std::string text = render(messages, options, [&](size_t i) { return imageTokens[i]; });
    std::vector<int32_t> ids = tokenizer.encode(text);
    const int32_t pad = *tokenizer.tokenId(kImagePad);
    const auto pads = std::count(ids.begin(), ids.end(), pad);
    const int64_t expected = std::accumulate(imageTokens.begin(), imageTokens.end(), int64_t(0));
    if (pads != expected)
        throw ChatPromptError("the prompt text contains image placeholder tokens (" + std::string(kImagePad) +
                              "); remove them from the question");
    return ids;
}

std::vector<int32_t> buildPromptIds(const Tokenizer& tokenizer, const std::string& userText, int64_t imageTokens,
                                    const std::optional<std::string>& systemMessage) {
    std::vector<ChatMessage> messages;
    if (systemMessage) messages.push_back(ChatMessage::text("system", *systemMessage));
    ChatMessage user{"user", {}};
    std::vector<int64_t> counts;
    if (imageTokens > 0) {
        user.parts.push_back(ChatPart::makeImage());
        counts.push_back(imageTokens);
    } else if (imageTokens < 0) {
        throw ChatPromptError("negative image token count " + std::to_string(imageTokens));
    }
    user.parts.push_back(ChatPart::makeText(userText));
    messages.push_back(std::move(user));
    return buildChatIds(tokenizer, messages, counts);
}

std::string medReasonerPrompt(const std::string& question, bool think) {
    if (blank(question)) throw ChatPromptError("the question is empty");
    std::string p;
    if (think) {
        p = "<image>\n"
            "This is a medical image localization task. Modalities include X-ray, CT, MRI, ultrasound, endoscopy, "
            "fundus, pathology, dermoscopy, and mammography.\n"
            "The question provides only implicit cues about the target region. Begin by inferring its likely focus "
            "as a clinician would.\n"
            "Your goal is to use rigorous visual reasoning to identify the anatomical or pathological region implied "
            "by the question and precisely locate it in the image.\n\n"
            "Think step by step to answer the question and accurately ground the target in the image.\n"
            "Question: {Question}\n\n"
            "Step-by-step guidelines:\n"
            "1. Interpreting the vague question: The question may not explicitly describe the target. Start by "
            "hypothesizing its implied intent using prior clinical knowledge and general context.\n"
            "2. Gathering visual evidence: Systematically inspect the image and extract relevant visual "
            "features\xE2\x80\x94such as shape, edge definition, brightness or density, symmetry, texture, and "
            "structural heterogeneity\xE2\x80\x94to validate or revise your initial hypothesis.\n"
            "3. Inferring the most likely target region: Integrate your clinical hypothesis with visual "
            "observations. Narrow down to a single region that best matches the implied intent of the question, "
            "guided by the most salient visual cues.\n"
            "4. Delivering precise localization: Express your conclusion by providing only spatial location "
            "details (bounding box and points). Omit diagnosis or classification.\n"
            "5. Resolving inconsistencies: If earlier reasoning conflicts with visible evidence, revise your "
            "interpretation and prioritize the observed visual data.\n\n"
            "Output Formats:\n"
            "Your response must adhere to a strict format, containing exactly one <think> block followed "
            "immediately by one <answer> block:\n"
            "- <think>...</think>: Use clinical reasoning to precisely explain how the observed visual features and "
            "relevant medical context were integrated to determine the target region in the image.\n"
            "- <answer>...</answer>: This section must contain a JSON object with the following keys and values:\n"
            "    \"bbox\": the tightest bounding box enclosing the target region.\n"
            "    \"points_1\": a primary key point within the bbox, on the target region.\n"
            "    \"points_2\": a second, distinct key point within the target region.\n\n"
            "Response Rules:\n"
            "- The entire output must be a single continuous string, containing precisely one <think> block and one "
            "<answer> block, with no additional text or formatting.\n"
            "- The <think> section must exclusively reflect confident clinical reasoning focused on precise "
            "localization, without any hedging, ambiguity, or expressions of uncertainty.\n"
            "- The <answer> block must not be empty. You must always output a valid bounding box and two key "
            "points.\n"
            "- The bounding box must be the tightest possible rectangle that completely encloses the target "
            "region, excluding any background pixels.\n"
            "- The two key points must have distinct coordinates, lie strictly within the target region, and "
            "correspond to different salient visual cues.\n\n"
            "Example Output:\n"
            "<think> thinking process here </think>"
            "<answer>{Answer}</answer>";
    } else {
        p = "<image>\n"
            "Please answer {Question} with bbox and points.\n\n"
            "Output Formats:\n"
            "Your response must adhere to a strict format, containing exactly one <answer> block:\n"
            "- <answer>...</answer>: This section must contain a JSON object with the following keys and values:\n"
            "    \"bbox\": the tightest bounding box enclosing the target region.\n"
            "    \"points_1\": a primary key point within the bbox, on the target region.\n"
            "    \"points_2\": a second, distinct key point within the target region.\n\n"
            "Example Output:\n"
            "<answer>{Answer}</answer>";
    }
    return applyPromptTemplate(p, question);
}

std::string applyPromptTemplate(const std::string& promptTemplate, const std::string& question) {
    if (blank(question)) throw ChatPromptError("the question is empty");
    if (promptTemplate.find("{Question}") == std::string::npos)
        throw ChatPromptError("the prompt template has no {Question} placeholder");
    // One pass over the template, so braces inside the question are never re-expanded.
    std::string out;
    size_t pos = 0;
    while (pos < promptTemplate.size()) {
        const size_t q = promptTemplate.find("{Question}", pos), a = promptTemplate.find("{Answer}", pos);
        const size_t hit = std::min(q, a);
        if (hit == std::string::npos) break;
        out.append(promptTemplate, pos, hit - pos);
        if (hit == q) {
            out += question;
            pos = hit + 10;
        } else {
            out += kExampleAnswer;
            pos = hit + 8;
        }
    }
    out.append(promptTemplate, pos, std::string::npos);
    return out;
}

std::string userPromptText(const std::string& question, const std::string& promptTemplate, bool think) {
    return promptTemplate.empty() ? medReasonerPrompt(question, think) : applyPromptTemplate(promptTemplate, question);
}

}  // namespace mr::reason
