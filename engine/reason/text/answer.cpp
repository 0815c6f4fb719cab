#include "engine/reason/text/answer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace mr::reason {
namespace {

using Kind = AnswerIssueKind;
using Sev = AnswerSeverity;

std::string trim(std::string_view s) {
    auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    size_t a = 0, b = s.size();
    while (a < b && sp(s[a])) ++a;
    while (b > a && sp(s[b - 1])) --b;
    return std::string(s.substr(a, b - a));
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string shorten(std::string_view s, size_t n = 60) {
    std::string t(s.substr(0, n));
    if (s.size() > n) t += "…";
    return t;
}

void add(ParsedAnswer& a, Kind k, Sev s, std::string key, std::string msg) {
    a.issues.push_back({k, s, std::move(key), std::move(msg)});
}

// Index just past the '}' matching the '{' at `open`, skipping over quoted strings (either quote
// kind); npos when unbalanced.
size_t matchBrace(std::string_view s, size_t open) {
    int depth = 0;
    char quote = 0;
    for (size_t i = open; i < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '{') ++depth;
        else if (c == '}' && --depth == 0) return i + 1;
    }
    return std::string_view::npos;
}

// Text outside the JSON object that is more than whitespace and code fences.
bool meaningful(std::string_view s) {
    std::string t = trim(s);
    for (const char* fence : {"```json", "```JSON", "```"}) {
        size_t p;
        while ((p = t.find(fence)) != std::string::npos) t.erase(p, std::char_traits<char>::length(fence));
    }
    return !trim(t).empty();
}

std::optional<mr::json::Value> parseLenient(const std::string& text, std::string& error) {
    try {
        return mr::json::parse(text);
    } catch (const mr::json::ParseError& e) {
        error = e.what();
    }
    std::string swapped = text;  // MedReasoner's models write Python dict syntax
    std::replace(swapped.begin(), swapped.end(), '\'', '"');
    try {
        return mr::json::parse(swapped);
    } catch (const mr::json::ParseError&) {}
    return std::nullopt;
}

// Reads a list of `n` numbers under `key`; reports what is wrong otherwise.
std::optional<std::vector<double>> numbers(ParsedAnswer& a, const mr::json::Value& v, const std::string& key, size_t n,
                                           const char* what) {
    if (!v.isArray()) {
        add(a, Kind::NotAList, Sev::Error, key,
            "\"" + key + "\" must be a list of " + std::to_string(n) + " numbers (" + what + "), got " +
                shorten(mr::json::dump(v)));
        return std::nullopt;
    }
    if (v.size() != n) {
        add(a, Kind::WrongLength, Sev::Error, key,
            "\"" + key + "\" has " + std::to_string(v.size()) + " value" + (v.size() == 1 ? "" : "s") + ", expected " +
                std::to_string(n) + " (" + what + ")");
        return std::nullopt;
    }
    std::vector<double> out;
    for (size_t i = 0; i < n; ++i) {
        if (!v[i].isNumber()) {
            add(a, Kind::NotNumeric, Sev::Error, key,
                "\"" + key + "\" value " + std::to_string(i + 1) +
                    " is not a number: " + shorten(mr::json::dump(v[i])));
            return std::nullopt;
        }
        const double d = v[i].asDouble();
        if (!std::isfinite(d)) {
            add(a, Kind::NotNumeric, Sev::Error, key,
                "\"" + key + "\" value " + std::to_string(i + 1) + " is not finite");
            return std::nullopt;
        }
        out.push_back(d);
    }
    return out;
}

void readObject(ParsedAnswer& a, const mr::json::Value& obj) {
    // Box.
    const mr::json::Value* box = obj.find("bbox");
    if (!box && (box = obj.find("bbox_2d")))
        add(a, Kind::KeyAlias, Sev::Warning, "bbox", "the box was given as \"bbox_2d\"; read as \"bbox\"");
    if (!box) {
        add(a, Kind::MissingKey, Sev::Error, "bbox", "the answer has no \"bbox\"");
    } else if (auto v = numbers(a, *box, "bbox", 4, "x1, y1, x2, y2")) {
        mr::Box b{(*v)[0], (*v)[1], (*v)[2], (*v)[3]};
        if (b.x1 > b.x2 || b.y1 > b.y2) {
            add(a, Kind::BoxInverted, Sev::Warning, "bbox",
                "the box corners are inverted (" + fmt(b.x1) + ", " + fmt(b.y1) + ", " + fmt(b.x2) + ", " + fmt(b.y2) +
                    "); they were swapped");
            if (b.x1 > b.x2) std::swap(b.x1, b.x2);
            if (b.y1 > b.y2) std::swap(b.y1, b.y2);
        }
        if (b.x1 == b.x2 || b.y1 == b.y2) add(a, Kind::BoxEmpty, Sev::Warning, "bbox", "the box has zero area");
        a.box = b;
    }
    // Points.
    const mr::json::Value* p1 = obj.find("points_1");
    const mr::json::Value* p2 = obj.find("points_2");
    const mr::json::Value* both = obj.find("points");
    if (!p1 && !p2 && both && both->isArray() && both->size() == 2) {
        add(a, Kind::KeyAlias, Sev::Warning, "points", "the points were given as one \"points\" list");
        p1 = &(*both)[0];
        p2 = &(*both)[1];
    }
    const std::pair<const mr::json::Value*, std::optional<mr::Point>*> pts[] = {{p1, &a.point1}, {p2, &a.point2}};
    const char* names[] = {"points_1", "points_2"};
    for (int i = 0; i < 2; ++i) {
        if (!pts[i].first) {
            add(a, Kind::MissingKey, Sev::Error, names[i], std::string("the answer has no \"") + names[i] + "\"");
        } else if (auto v = numbers(a, *pts[i].first, names[i], 2, "x, y")) {
            *pts[i].second = mr::Point{(*v)[0], (*v)[1]};
        }
    }
    if (a.point1 && a.point2 && a.point1->x == a.point2->x && a.point1->y == a.point2->y)
        add(a, Kind::PointsIdentical, Sev::Warning, "points_2", "the two key points coincide");
    if (a.box)
        for (int i = 0; i < 2; ++i) {
            const auto& p = *pts[i].second;
            if (p && (p->x < a.box->x1 || p->x > a.box->x2 || p->y < a.box->y1 || p->y > a.box->y2))
                add(a, Kind::PointOutsideBox, Sev::Warning, names[i],
                    std::string("\"") + names[i] + "\" (" + fmt(p->x) + ", " + fmt(p->y) + ") lies outside the box");
        }
}

}  // namespace

const char* answerIssueName(AnswerIssueKind kind) {
    switch (kind) {
        case Kind::NoThinkBlock: return "no_think_block";
        case Kind::ThinkNotClosed: return "think_not_closed";
        case Kind::NoAnswerBlock: return "no_answer_block";
        case Kind::AnswerNotClosed: return "answer_not_closed";
        case Kind::MultipleAnswers: return "multiple_answers";
        case Kind::EmptyAnswer: return "empty_answer";
        case Kind::TextAroundJson: return "text_around_json";
        case Kind::NotJson: return "not_json";
        case Kind::NotAnObject: return "not_an_object";
        case Kind::MissingKey: return "missing_key";
        case Kind::KeyAlias: return "key_alias";
        case Kind::NotAList: return "not_a_list";
        case Kind::WrongLength: return "wrong_length";
        case Kind::NotNumeric: return "not_numeric";
        case Kind::BoxInverted: return "box_inverted";
        case Kind::BoxEmpty: return "box_empty";
        case Kind::PointsIdentical: return "points_identical";
        case Kind::PointOutsideBox: return "point_outside_box";
        case Kind::OutsideImage: return "outside_image";
    }
    return "unknown";
}

bool ParsedAnswer::ok() const {
    if (!box || !point1 || !point2) return false;
    return std::none_of(issues.begin(), issues.end(), [](const AnswerIssue& i) { return i.severity == Sev::Error; });
}

bool ParsedAnswer::hasIssue(AnswerIssueKind kind) const {
    return std::any_of(issues.begin(), issues.end(), [&](const AnswerIssue& i) { return i.kind == kind; });
}

std::string ParsedAnswer::errorSummary() const {
    std::string s;
    for (const auto& i : issues)
        if (i.severity == Sev::Error) s += (s.empty() ? "" : "; ") + i.message;
    return s;
}

namespace {

// The <think> block (also one whose opening tag was in the prompt); returns where the rest begins.
size_t readThink(ParsedAnswer& a, std::string_view out, bool expectThink) {
    size_t afterThink = 0;
    const size_t tOpen = out.find("<think>");
    const size_t tClose = out.find("</think>", tOpen == std::string_view::npos ? 0 : tOpen);
    if (tOpen != std::string_view::npos && tClose != std::string_view::npos) {
        a.think = trim(out.substr(tOpen + 7, tClose - tOpen - 7));
        a.hasThink = true;
        afterThink = tClose + 8;
    } else if (tOpen != std::string_view::npos) {
        const size_t stop = out.find("<answer>", tOpen);
        a.think =
            trim(out.substr(tOpen + 7, stop == std::string_view::npos ? std::string_view::npos : stop - tOpen - 7));
        a.hasThink = true;
        afterThink = stop == std::string_view::npos ? out.size() : stop;
        add(a, Kind::ThinkNotClosed, Sev::Warning, "", "the reasoning has no closing </think>");
    } else if (tClose != std::string_view::npos) {  // opening tag was part of the prompt
        a.think = trim(out.substr(0, tClose));
        a.hasThink = true;
        afterThink = tClose + 8;
    } else if (expectThink) {
        add(a, Kind::NoThinkBlock, Sev::Warning, "", "the output has no <think> block");
    }
    return afterThink;
}

// The text of the <answer> block, or the rest after the reasoning when it holds a JSON object;
// nothing (with the issue recorded) when there is no answer to read.
std::optional<std::string_view> findAnswerBody(ParsedAnswer& a, std::string_view out, size_t afterThink) {
    size_t aOpen = out.find("<answer>", afterThink);
    if (aOpen == std::string_view::npos) aOpen = out.find("<answer>");
    std::string_view body;
    if (aOpen != std::string_view::npos) {
        a.hasAnswer = true;
        const size_t aClose = out.find("</answer>", aOpen);
        if (aClose == std::string_view::npos) {
            body = out.substr(aOpen + 8);
            add(a, Kind::AnswerNotClosed, Sev::Warning, "", "the answer has no closing </answer> (output cut short?)");
        } else {
            body = out.substr(aOpen + 8, aClose - aOpen - 8);
            if (out.find("<answer>", aClose) != std::string_view::npos)
                add(a, Kind::MultipleAnswers, Sev::Warning, "",
                    "the output has more than one <answer> block; the first was used");
        }
        a.answerText = std::string(body);
        if (trim(body).empty()) {
            add(a, Kind::EmptyAnswer, Sev::Error, "", "the <answer> block is empty");
            return std::nullopt;
        }
    } else {
        // No block: a JSON object after the reasoning may still be the answer.
        body = out.substr(std::min(afterThink, out.size()));
        if (body.find('{') == std::string_view::npos) {
            add(a, Kind::NoAnswerBlock, Sev::Error, "", "the output has no <answer> block");
            return std::nullopt;
        }
    }
    return body;
}

// The JSON object inside the answer's text.
void readAnswerJson(ParsedAnswer& a, std::string_view body) {
    const size_t open = body.find('{');
    if (open == std::string_view::npos) {
        add(a, Kind::NotJson, Sev::Error, "", "the answer holds no JSON object: " + shorten(trim(body)));
        return;
    }
    const size_t close = matchBrace(body, open);
    const std::string_view objText =
        body.substr(open, close == std::string_view::npos ? std::string_view::npos : close - open);
    std::string error;
    const auto value = parseLenient(std::string(objText), error);
    if (!value) {
        if (!a.hasAnswer) add(a, Kind::NoAnswerBlock, Sev::Error, "", "the output has no <answer> block");
        add(a, Kind::NotJson, Sev::Error, "", "the answer is not valid JSON (" + error + "): " + shorten(objText));
        return;
    }
    if (!a.hasAnswer)
        add(a, Kind::NoAnswerBlock, Sev::Warning, "",
            "the output has no <answer> block; the JSON object after the reasoning was used");
    if (meaningful(body.substr(0, open)) || (close != std::string_view::npos && meaningful(body.substr(close))))
        if (a.hasAnswer)
            add(a, Kind::TextAroundJson, Sev::Warning, "", "the answer has text around its JSON object (ignored)");
    if (!value->isObject()) {
        add(a, Kind::NotAnObject, Sev::Error, "", "the answer is JSON but not an object: " + shorten(objText));
        return;
    }
    readObject(a, *value);
}

}  // namespace

ParsedAnswer parseAnswer(std::string_view out, bool expectThink) {
    ParsedAnswer a;
    const size_t afterThink = readThink(a, out, expectThink);
    if (const auto body = findAnswerBody(a, out, afterThink)) readAnswerJson(a, *body);
    return a;
}

ParsedAnswer mapToOriginal(const ParsedAnswer& in, int modelWidth, int modelHeight, int imageWidth, int imageHeight) {
    ParsedAnswer a = in;
    if (modelWidth <= 0 || modelHeight <= 0 || imageWidth <= 0 || imageHeight <= 0) {
        add(a, Kind::OutsideImage, Sev::Error, "",
            "cannot map coordinates between image sizes " + std::to_string(modelWidth) + "x" +
                std::to_string(modelHeight) + " and " + std::to_string(imageWidth) + "x" + std::to_string(imageHeight));
        return a;
    }
    const double sx = double(imageWidth) / modelWidth, sy = double(imageHeight) / modelHeight;
    auto clampTo = [&](double v, double hi, const std::string& key, const char* axis) {
        if (v >= 0 && v <= hi) return v;
        const double c = std::min(std::max(v, 0.0), hi);
        add(a, Kind::OutsideImage, Sev::Warning, key,
            "\"" + key + "\" " + axis + " = " + fmt(v) + " lies outside the " + std::to_string(imageWidth) + "x" +
                std::to_string(imageHeight) + " image; clamped to " + fmt(c));
        return c;
    };
    if (a.box) {
        mr::Box& b = *a.box;
        b.x1 = clampTo(b.x1 * sx, imageWidth, "bbox", "x1");
        b.y1 = clampTo(b.y1 * sy, imageHeight, "bbox", "y1");
        b.x2 = clampTo(b.x2 * sx, imageWidth, "bbox", "x2");
        b.y2 = clampTo(b.y2 * sy, imageHeight, "bbox", "y2");
    }
    const std::pair<std::optional<mr::Point>*, const char*> pts[] = {{&a.point1, "points_1"}, {&a.point2, "points_2"}};
    for (const auto& [p, key] : pts)
        if (*p) {
            (*p)->x = clampTo((*p)->x * sx, imageWidth - 1, key, "x");
            (*p)->y = clampTo((*p)->y * sy, imageHeight - 1, key, "y");
        }
    return a;
}

mr::json::Value answerToJson(const ParsedAnswer& a) {
    mr::json::Value j = mr::json::Value::object();
    j.set("ok", a.ok());
    j.set("think", a.think);
    if (a.box) {
        mr::json::Value b = mr::json::Value::array();
        for (double v : {a.box->x1, a.box->y1, a.box->x2, a.box->y2}) b.push_back(v);
        j.set("bbox", b);
    } else {
        j.set("bbox", nullptr);
    }
    const std::pair<const std::optional<mr::Point>*, const char*> pts[] = {{&a.point1, "points_1"},
                                                                           {&a.point2, "points_2"}};
    for (const auto& [p, key] : pts) {
        if (*p) {
            mr::json::Value v = mr::json::Value::array();
            v.push_back((*p)->x);
            v.push_back((*p)->y);
            j.set(key, v);
        } else {
            j.set(key, nullptr);
        }
    }
    mr::json::Value issues = mr::json::Value::array();
    for (const auto& i : a.issues) {
        mr::json::Value o = mr::json::Value::object();
        o.set("kind", answerIssueName(i.kind));
        o.set("severity", i.severity == Sev::Error ? "error" : "warning");
        if (!i.key.empty()) o.set("key", i.key);
        o.set("message", i.message);
        issues.push_back(o);
    }
    j.set("issues", issues);
    return j;
}

}  // namespace mr::reason
