// `medreasoner serve`'s request parsing and the remote reasoner's reply parsing (engine/serve): a
// Chat Completions body (JSON, then the request's shape and options, then the image's data URL),
// and the same bytes as a server-sent event stream whose events are reply chunks.
#include <string_view>

#include "engine/core/json.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/sse_parser.h"

namespace {

void readRequest(std::string_view body) {
    try {
        const mr::serve::ChatRequest request = mr::serve::chatRequestFromJson(mr::json::parse(body));
        mr::serve::parseDataUrl(request.imageUrl, size_t(1) << 20);
    } catch (const mr::Error&) {}
    mr::serve::serverErrorMessage(std::string(body));  // never throws
}

// The stream arrives in two pieces (split where the first byte says) as libcurl may hand it over.
void readStream(std::string_view bytes) {
    try {
        mr::serve::SseParser parser(size_t(1) << 16);
        const size_t split = bytes.empty() ? 0 : size_t(uint8_t(bytes[0])) % (bytes.size() + 1);
        for (std::string_view piece : {bytes.substr(0, split), bytes.substr(split)})
            for (const mr::serve::SseEvent& event : parser.push(piece)) {
                try {
                    mr::serve::chatPieceFromJson(mr::json::parse(event.data), true);
                } catch (const mr::Error&) {}
            }
    } catch (const mr::Error&) {}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    readRequest(bytes);
    readStream(bytes);
    return 0;
}
