#include "engine/reason/text/answer_stream.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace mr::reason {

namespace {

struct Tag {
    std::string_view text;
    StreamSection opens;  // the section after the tag
};
constexpr Tag kTags[] = {{"<think>", StreamSection::Think},
                         {"</think>", StreamSection::Other},
                         {"<answer>", StreamSection::Answer},
                         {"</answer>", StreamSection::Other}};

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::vector<StreamPiece> AnswerStreamSplitter::push(std::string_view delta) {
    pending_.append(delta);
    std::vector<StreamPiece> out;
    auto text = [&](size_t n) {
        if (n == 0) return;
        out.push_back({StreamPiece::Kind::Text, section_, pending_.substr(0, n)});
        pending_.erase(0, n);
    };
    while (!pending_.empty()) {
        const size_t lt = pending_.find('<');
        if (lt == std::string::npos) {
            text(pending_.size());
            break;
        }
        text(lt);
        const std::string_view rest(pending_);
        const Tag* matched = nullptr;
        bool maybeTag = false;
        for (const Tag& tag : kTags) {
            if (rest.substr(0, tag.text.size()) == tag.text) {
                matched = &tag;
                break;
            }
            if (rest.size() < tag.text.size() && tag.text.substr(0, rest.size()) == rest) maybeTag = true;
        }
        if (matched) {
            pending_.erase(0, matched->text.size());
            section_ = matched->opens;
            out.push_back({StreamPiece::Kind::SectionStart, section_, {}});
            continue;
        }
        if (maybeTag) break;  // wait for the rest of the tag
        text(1);              // a '<' that starts no tag
    }
    return out;
}

std::vector<StreamPiece> AnswerStreamSplitter::finish() {
    std::vector<StreamPiece> out;
    if (!pending_.empty()) out.push_back({StreamPiece::Kind::Text, section_, std::move(pending_)});
    pending_.clear();
    return out;
}

std::vector<CoordinateSpan> findCoordinates(std::string_view answer) {
    static const std::regex key(R"((["'])(bbox|points_1|points_2)\1\s*:\s*\[)");
    static const std::regex number(R"([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)");
    std::vector<CoordinateSpan> spans;
    const std::string text(answer);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), key); it != std::sregex_iterator(); ++it) {
        size_t pos = size_t(it->position() + it->length());
        struct Num {
            size_t begin, end;
            std::string text;
        };
        std::vector<Num> nums;
        while (pos < text.size()) {
            while (pos < text.size() && (isSpace(text[pos]) || text[pos] == '[')) ++pos;
            std::smatch n;
            if (!std::regex_search(text.cbegin() + long(pos), text.cend(), n, number,
                                   std::regex_constants::match_continuous))
                break;
            nums.push_back({pos, pos + size_t(n.length()), n.str()});
            pos += size_t(n.length());
            while (pos < text.size() && (isSpace(text[pos]) || text[pos] == ']')) ++pos;
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            break;
        }
        for (size_t i = 0; i + 1 < nums.size(); i += 2)
            spans.push_back({nums[i].begin, nums[i + 1].end, nums[i].text, nums[i + 1].text});
    }
    std::sort(spans.begin(), spans.end(),
              [](const CoordinateSpan& a, const CoordinateSpan& b) { return a.begin < b.begin; });
    return spans;
}

}  // namespace mr::reason
