#pragma once
// Server-sent events framing (the WHATWG "text/event-stream" format) on top of a byte stream that
// arrives in arbitrary pieces, as libcurl hands it over: lines end in LF, CRLF or CR; "data:"
// lines accumulate (joined by LF) until a blank line dispatches the event; "event:" names it;
// lines starting with ":" are comments (keep-alives); other fields are ignored. This is the part
// libcurl lacks; the JSON inside each event is the caller's business.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mr::serve {

struct SseEvent {
    std::string event;  // "" when the stream gave no event name ("message")
    std::string data;
};

class SseParser {
public:
    // `maxEventBytes` bounds one event (a server that never ends a line cannot exhaust memory);
    // push() throws mr::Error beyond it.
    explicit SseParser(size_t maxEventBytes = size_t(8) << 20) : maxEventBytes_(maxEventBytes) {}

    // Feeds bytes; returns the events completed by them, in order.
    std::vector<SseEvent> push(std::string_view bytes);

    // True when bytes of an unfinished line or event are pending (a stream that ends here was cut).
    bool hasPartialEvent() const { return !line_.empty() || hasData_ || !event_.empty(); }

private:
    void processLine(std::vector<SseEvent>& out);

    size_t maxEventBytes_;
    std::string line_;
    std::string data_;
    std::string event_;
    bool hasData_ = false;
    bool lastWasCr_ = false;  // a CR ended the last line: an LF right after it belongs to it
};

}  // namespace mr::serve
