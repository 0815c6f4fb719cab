#include "engine/serve/chat_stream.h"

#include "engine/serve/remote_error.h"

namespace mr::serve {

namespace {
std::string shortened(std::string_view s) {
    std::string t(s.substr(0, 200));
    if (s.size() > 200) t += "…";
    return t;
}
}  // namespace

void ChatStreamReader::take(const ChatPiece& p) {
    if (p.usage) usage_ = p.usage;
    if (p.finishReason) finishReason_ = p.finishReason;
    if (p.content.empty()) return;
    const auto now = Clock::now();
    if (!firstDelta_) firstDelta_ = now;
    lastDelta_ = now;
    ++deltas_;
    text_ += p.content;
    if (onDelta_) onDelta_(p.content);
}

void ChatStreamReader::push(std::string_view piece, bool eventStream) {
    eventStream_ = eventStream;
    if (!eventStream) {
        if (whole_.size() + piece.size() > (size_t(64) << 20))
            throw RemoteError(RemoteErrorKind::Malformed, "the server's reply is larger than 64 MiB");
        whole_.append(piece.data(), piece.size());
        return;
    }
    std::vector<SseEvent> events;
    try {
        events = parser_.push(piece);
    } catch (const mr::Error& e) {
        throw RemoteError(RemoteErrorKind::Malformed, std::string("the server's stream is malformed: ") + e.what());
    }
    for (const SseEvent& ev : events) {
        if (done_) break;
        if (ev.data == "[DONE]") {
            done_ = true;
            break;
        }
        json::Value v;
        try {
            v = json::parse(ev.data);
        } catch (const json::ParseError&) {
            throw RemoteError(RemoteErrorKind::Malformed,
                              "the server's stream holds an event that is not JSON: " + shortened(ev.data));
        }
        if (const json::Value* e = v.find("error"); e && !e->isNull())
            throw RemoteError(RemoteErrorKind::HttpStatus,
                              "the server stopped with an error: " + serverErrorMessage(ev.data));
        try {
            take(chatPieceFromJson(v, true));
        } catch (const ChatWireError& e) {
            throw RemoteError(RemoteErrorKind::Malformed, std::string("the server's stream is malformed: ") + e.what() +
                                                              " in " + shortened(ev.data));
        }
    }
}

void ChatStreamReader::finish() {
    if (!eventStream_) {
        json::Value v;
        try {
            v = json::parse(whole_);
        } catch (const json::ParseError&) {
            if (whole_.empty()) throw RemoteError(RemoteErrorKind::Truncated, "the server's reply is empty");
            throw RemoteError(RemoteErrorKind::Malformed, "the server's reply is not JSON: " + shortened(whole_));
        }
        try {
            take(chatPieceFromJson(v, false));
        } catch (const ChatWireError& e) {
            throw RemoteError(RemoteErrorKind::Malformed, std::string("the server's reply is malformed: ") + e.what());
        }
        return;
    }
    if (done_) return;
    if (parser_.hasPartialEvent() || !finishReason_)
        throw RemoteError(RemoteErrorKind::Truncated,
                          "the server's stream ended before the reply was complete (no finish reason and no [DONE]) "
                          "after " +
                              std::to_string(text_.size()) + " bytes of text");
}

}  // namespace mr::serve
