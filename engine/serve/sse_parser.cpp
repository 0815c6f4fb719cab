#include "engine/serve/sse_parser.h"

#include "engine/core/error.h"

namespace mr::serve {

std::vector<SseEvent> SseParser::push(std::string_view bytes) {
    std::vector<SseEvent> out;
    for (char c : bytes) {
        if (c == '\n' && lastWasCr_) {
            lastWasCr_ = false;
            continue;
        }
        lastWasCr_ = c == '\r';
        if (c == '\n' || c == '\r') {
            processLine(out);
            continue;
        }
        line_ += c;
        if (line_.size() + data_.size() > maxEventBytes_)
            throw mr::Error("a server-sent event is larger than " + std::to_string(maxEventBytes_) + " bytes");
    }
    return out;
}

void SseParser::processLine(std::vector<SseEvent>& out) {
    if (line_.empty()) {  // a blank line dispatches the event, if it has data
        if (hasData_) out.push_back({event_, data_});
        data_.clear();
        event_.clear();
        hasData_ = false;
        return;
    }
    if (line_[0] == ':') {  // comment
        line_.clear();
        return;
    }
    const size_t colon = line_.find(':');
    std::string_view field(line_), value;
    if (colon != std::string::npos) {
        field = std::string_view(line_).substr(0, colon);
        value = std::string_view(line_).substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
    }
    if (field == "data") {
        if (hasData_) data_ += '\n';
        data_.append(value.data(), value.size());
        hasData_ = true;
    } else if (field == "event") {
        event_.assign(value.data(), value.size());
    }
    line_.clear();
}

}  // namespace mr::serve
