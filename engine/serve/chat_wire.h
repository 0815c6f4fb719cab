#pragma once
// The OpenAI Chat Completions wire format as far as a grounding reasoner uses it, in one place for
// both sides: the client writes requests and reads replies and stream chunks; `medreasoner serve`
// reads requests and writes replies and chunks. The conversation is MedReasoner's shape: an
// optional system turn, then one user turn holding one image followed by text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/json.h"

namespace mr::serve {

// A request this side cannot serve or a reply it cannot read; the message says why.
class ChatWireError : public mr::Error {
public:
    using mr::Error::Error;
};

struct ChatRequest {
    std::string model;
    std::optional<std::string> system;  // none: the server's chat template default
    std::string imageUrl;               // a data URL
    std::string text;                   // the user turn's text, after the image
    bool stream = false;
    bool includeUsage = false;                                   // stream_options.include_usage
    std::optional<int64_t> maxTokens;                            // max_tokens (or max_completion_tokens)
    std::optional<double> temperature, topP, repetitionPenalty;  // repetition_penalty: vLLM's extension
    std::optional<int64_t> topK;                                 // top_k: vLLM's extension
    std::optional<uint64_t> seed;
    std::vector<std::string> stop;
};

mr::json::Value chatRequestToJson(const ChatRequest& request);
// Only the options around the conversation (stream, max_tokens, temperature, top_p, top_k,
// repetition_penalty, seed, stop, n), checked; for endpoints that share them (/v1/ground).
// Throws ChatWireError.
ChatRequest chatOptionsFromJson(const mr::json::Value& body);
// Throws ChatWireError for what is not a Chat Completions request or not the shape above (several
// user turns, assistant turns, no image, text before the image, n > 1, bad option values).
ChatRequest chatRequestFromJson(const mr::json::Value& body);

struct ChatUsage {
    int64_t promptTokens = 0, completionTokens = 0;
};

// One piece of a reply: a streamed chunk, or a whole non-streamed reply (content = the message).
struct ChatPiece {
    std::string content;
    std::optional<std::string> finishReason;  // "stop", "length", ...
    std::optional<ChatUsage> usage;
};
// Reads a stream chunk (choices[0].delta) or a reply (choices[0].message). Throws ChatWireError
// naming what is missing; an {"error": ...} object throws with the server's message.
ChatPiece chatPieceFromJson(const mr::json::Value& v, bool streamed);

mr::json::Value usageToJson(const ChatUsage& usage);
// chat.completion.chunk with one delta (content, and/or a finish reason), or only usage
// (choices empty) when `usageOnly`.
mr::json::Value chatChunkJson(const std::string& id, int64_t created, const std::string& model,
                              const std::optional<std::string>& content, const std::optional<std::string>& finishReason,
                              const std::optional<ChatUsage>& usage = std::nullopt);
mr::json::Value chatCompletionJson(const std::string& id, int64_t created, const std::string& model,
                                   const std::string& content, const std::string& finishReason, const ChatUsage& usage);

// {"error": {"message", "type", "code"}} as OpenAI-compatible servers write it.
mr::json::Value errorJson(const std::string& message, const std::string& type, const std::string& code = {});
// The server's own words from an error body: error.message, error (a string), detail, message, or
// the text itself (shortened). Never throws.
std::string serverErrorMessage(const std::string& body);

}  // namespace mr::serve
