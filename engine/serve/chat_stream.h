#pragma once
// Reads a Chat Completions reply as it arrives: server-sent events of chat.completion.chunk
// objects ending in "data: [DONE]", or, from a server that ignored "stream": true, one whole
// chat.completion. Text deltas go to the callback at once; the end says whether the reply was
// complete.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/reason/reasoner.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/sse_parser.h"

namespace mr::serve {

class ChatStreamReader {
public:
    using Clock = std::chrono::steady_clock;
    explicit ChatStreamReader(reason::TextDeltaFn onDelta) : onDelta_(std::move(onDelta)) {}

    // A piece of the body. Throws RemoteError(Malformed) for an event that is not a chunk,
    // RemoteError(HttpStatus) for an error event; the callback's exceptions pass through.
    void push(std::string_view piece, bool eventStream);
    // The body ended. Throws RemoteError(Truncated) when the stream stopped before its end (no
    // [DONE] and no finish reason, or half an event), Malformed for a whole reply that is not one.
    void finish();

    const std::string& text() const { return text_; }
    const std::optional<std::string>& finishReason() const { return finishReason_; }
    const std::optional<ChatUsage>& usage() const { return usage_; }
    int deltas() const { return deltas_; }  // content pieces received
    std::optional<Clock::time_point> firstDelta() const { return firstDelta_; }
    std::optional<Clock::time_point> lastDelta() const { return lastDelta_; }

private:
    void take(const ChatPiece& piece);

    reason::TextDeltaFn onDelta_;
    SseParser parser_;
    std::string whole_;  // the body of a non-streamed reply
    bool eventStream_ = false, done_ = false;
    std::string text_;
    std::optional<std::string> finishReason_;
    std::optional<ChatUsage> usage_;
    int deltas_ = 0;
    std::optional<Clock::time_point> firstDelta_, lastDelta_;
};

}  // namespace mr::serve
