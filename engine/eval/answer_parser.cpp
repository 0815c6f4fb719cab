#include "engine/eval/answer_parser.h"

#include <algorithm>
#include <sstream>

namespace mr::eval {

namespace {

using mr::json::Value;

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1f);
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

// re.search(r"<answer>\s*({.*?})\s*</answer>", s, re.DOTALL).group(1)
std::optional<std::string_view> answerObjectText(std::string_view s) {
    static constexpr std::string_view open = "<answer>", close = "</answer>";
    for (size_t a = s.find(open); a != std::string_view::npos; a = s.find(open, a + 1)) {
        size_t i = a + open.size();
        while (i < s.size() && isSpace(s[i])) ++i;
        if (i >= s.size() || s[i] != '{') continue;
        for (size_t j = s.find('}', i); j != std::string_view::npos; j = s.find('}', j + 1)) {
            size_t k = j + 1;
            while (k < s.size() && isSpace(s[k])) ++k;
            if (s.substr(k, close.size()) == close) return s.substr(i, j + 1 - i);
        }
    }
    return std::nullopt;
}

// json.JSONDecoder().raw_decode: the first complete JSON value; text after it is ignored.
// The value is an object here, so it ends at one of the '}'; the shortest prefix that parses is it.
std::optional<Value> rawDecode(const std::string& text, std::string& error) {
    try {
        return mr::json::parse(text);
    } catch (const mr::Error& e) {
        error = e.what();
    }
    for (size_t j = text.find('}'); j != std::string::npos; j = text.find('}', j + 1)) {
        try {
            return mr::json::parse(std::string_view(text).substr(0, j + 1));
        } catch (const mr::Error&) {}
    }
    return std::nullopt;
}

const Value* lastGet(const Value& obj, std::string_view key) {
    const auto& items = obj.items();
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        if (it->first == key) return &it->second;
    return nullptr;
}

bool readNumbers(const Value* v, size_t n, double* out) {
    if (!v || !v->isArray() || v->size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
        const Value& x = (*v)[i];
        if (x.isNumber()) out[i] = x.asDouble();
        else if (x.isBool()) out[i] = x.asBool() ? 1 : 0;  // Python's bool is an int
        else return false;
    }
    return true;
}

std::string shortText(const Value* v) {
    std::string s = v ? mr::json::dump(*v) : "null";
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

ParsedAnswer fail(ParsedAnswer a, const char* kind, std::string reason) {
    a.ok = false;
    a.failureKind = kind;
    a.failureReason = std::move(reason);
    return a;
}

std::string fmt(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

}  // namespace

bool failure::isParseFailure(std::string_view kind) {
    return kind == kNoAnswer || kind == kInvalidJson || kind == kNotObject || kind == kMissingKey || kind == kBadBox ||
           kind == kBadPoints;
}

Value ParsedAnswer::toJson() const {
    if (!ok) return Value();
    Value v = Value::object();
    Value box = Value::array();
    for (double c : bbox.toArray()) box.push_back(c);
    Value pts = Value::array();
    for (const auto& p : points) pts.push_back(Value(mr::json::Array{p.x, p.y}));
    v.set("bbox", box);
    v.set("points", pts);
    return v;
}

ParsedAnswer parseAnswer(std::string_view raw) {
    ParsedAnswer a;
    if (size_t t = raw.find("<think>"); t != std::string_view::npos) {
        size_t e = raw.find("</think>", t + 7);
        if (e != std::string_view::npos) a.think = std::string(strip(raw.substr(t + 7, e - t - 7)));
    }
    const auto objectText = answerObjectText(raw);
    if (!objectText) {
        // Say why the block is unusable: empty, JSON of another kind, or broken JSON.
        const size_t open = raw.find("<answer>");
        const size_t close = open == std::string_view::npos ? open : raw.find("</answer>", open + 8);
        if (close == std::string_view::npos)
            return fail(a, failure::kNoAnswer, "no <answer>...</answer> block in the output");
        std::string block(strip(raw.substr(open + 8, close - open - 8)));
        if (block.empty()) return fail(a, failure::kNoAnswer, "the <answer> block is empty");
        std::replace(block.begin(), block.end(), '\'', '"');
        try {
            mr::json::parse(block);
            return fail(a, failure::kNotObject, "the answer is JSON but not an object");
        } catch (const mr::Error& e) {
            return fail(a, failure::kInvalidJson, std::string("the answer is not valid JSON: ") + e.what());
        }
    }
    std::string text(strip(*objectText));
    std::replace(text.begin(), text.end(), '\'', '"');
    std::string error;
    const auto json = rawDecode(text, error);
    if (!json) return fail(a, failure::kInvalidJson, "the answer is not valid JSON: " + error);
    if (!json->isObject()) return fail(a, failure::kNotObject, "the answer is not a JSON object");

    const Value* box = lastGet(*json, "bbox");
    const Value* p1 = lastGet(*json, "points_1");
    const Value* p2 = lastGet(*json, "points_2");
    std::string missing;
    for (auto [v, name] : {std::pair{box, "bbox"}, {p1, "points_1"}, {p2, "points_2"}})
        if (!v) missing += std::string(missing.empty() ? "" : ", ") + "'" + name + "'";
    if (!missing.empty()) return fail(a, failure::kMissingKey, "the answer lacks " + missing);
    std::array<double, 4> corners{};
    std::array<double, 2> first{}, second{};
    if (!readNumbers(box, 4, corners.data()))
        return fail(a, failure::kBadBox, "'bbox' must be 4 numbers [x1, y1, x2, y2], got " + shortText(box));
    if (!readNumbers(p1, 2, first.data()))
        return fail(a, failure::kBadPoints, "'points_1' must be 2 numbers [x, y], got " + shortText(p1));
    if (!readNumbers(p2, 2, second.data()))
        return fail(a, failure::kBadPoints, "'points_2' must be 2 numbers [x, y], got " + shortText(p2));
    a.bbox = mr::Box::fromArray(corners);
    a.points = {mr::Point{first[0], first[1]}, mr::Point{second[0], second[1]}};
    a.ok = true;
    return a;
}

std::string outsideImageReason(const ParsedAnswer& a, int width, int height) {
    if (!a.ok || width <= 0 || height <= 0) return {};
    auto inX = [&](double x) { return x >= 0 && x <= width; };
    auto inY = [&](double y) { return y >= 0 && y <= height; };
    std::string size = std::to_string(width) + "x" + std::to_string(height);
    const mr::Box& b = a.bbox;
    if (!inX(b.x1) || !inY(b.y1) || !inX(b.x2) || !inY(b.y2))
        return "bbox [" + fmt(b.x1) + ", " + fmt(b.y1) + ", " + fmt(b.x2) + ", " + fmt(b.y2) +
               "] lies outside the " + size + " image";
    for (int i = 0; i < 2; ++i)
        if (!inX(a.points[i].x) || !inY(a.points[i].y))
            return "points_" + std::to_string(i + 1) + " [" + fmt(a.points[i].x) + ", " + fmt(a.points[i].y) +
                   "] lies outside the " + size + " image";
    return {};
}

}  // namespace mr::eval
