#pragma once
// The Chat Completions "stop" strings on streamed text: text is released as soon as it cannot be
// the beginning of a stop string, and generation ends at the first stop string, which is not
// part of the reply (as OpenAI-compatible servers do). Text that arrives in whole UTF-8
// characters is released in whole characters.
#include <string>
#include <string_view>
#include <vector>

namespace mr::serve {

class StopMatcher {
public:
    explicit StopMatcher(std::vector<std::string> stops) : stops_(std::move(stops)) {}

    // Adds generated text; returns what can be released now. After a stop string was found,
    // stopped() is true and nothing more is released.
    std::string push(std::string_view text);
    // The text held back at the end of generation (no stop string came).
    std::string flush();
    bool stopped() const { return stopped_; }

private:
    std::vector<std::string> stops_;
    std::string pending_;
    bool stopped_ = false;
};

}  // namespace mr::serve
