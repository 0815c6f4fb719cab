#include "engine/serve/stop_matcher.h"

#include <algorithm>

namespace mr::serve {

std::string StopMatcher::push(std::string_view text) {
    if (stopped_) return {};
    pending_.append(text.data(), text.size());
    size_t first = std::string::npos;
    for (const auto& s : stops_) first = std::min(first, pending_.find(s));
    if (first != std::string::npos) {
        stopped_ = true;
        std::string out = pending_.substr(0, first);
        pending_.clear();
        return out;
    }
    // Hold back the longest tail that a stop string starts with; release the rest.
    size_t keep = 0;
    for (const auto& s : stops_)
        for (size_t n = std::min(s.size() - 1, pending_.size()); n > keep; --n)
            if (pending_.compare(pending_.size() - n, n, s, 0, n) == 0) {
                keep = n;
                break;
            }
    std::string out = pending_.substr(0, pending_.size() - keep);
    pending_.erase(0, pending_.size() - keep);
    return out;
}

std::string StopMatcher::flush() {
    if (stopped_) return {};
    std::string out;
    out.swap(pending_);
    return out;
}

}  // namespace mr::serve
