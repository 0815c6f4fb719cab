#include "engine/record/recorded_session.h"

#include <cmath>
#include <cstdio>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/core/limits.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/serve/data_url.h"
#include "engine/serve/image_codec.h"

namespace mr::record {

using mr::json::Value;

namespace {

constexpr const char* kFormatName = "medreasoner-session";
constexpr size_t kMaxQuestionBytes = 64 * 1024;

[[noreturn]] void fail(const std::string& what) { throw SessionFileError("session file: " + what); }

// ---- writing ----

Value pngOf(const std::vector<uint8_t>& png) { return Value(mr::serve::base64Encode(png.data(), png.size())); }

Value maskValue(const std::optional<mr::Mask>& mask) {
    if (!mask) return Value();
    return pngOf(mr::serve::encodeMaskPng(mask->pixels.data(), mask->width, mask->height));
}

Value boxValue(const std::optional<mr::Box>& box) {
    if (!box) return Value();
    return Value(mr::json::Array{box->x1, box->y1, box->x2, box->y2});
}

Value pointValue(const std::optional<mr::Point>& p) {
    if (!p) return Value();
    return Value(mr::json::Array{p->x, p->y});
}

Value imageValue(const RecordedSession& s) {
    Value image = Value::object();
    image.set("width", s.image.width);
    image.set("height", s.image.height);
    image.set("kind", s.sliceAsDisplayed ? "slice_as_displayed" : "original_colour");
    Value window;
    if (s.window) {
        window = Value::object();
        window.set("center", s.window->center);
        window.set("width", s.window->width);
    }
    image.set("window", window);
    image.set("png", pngOf(mr::serve::encodePng(s.image.view())));
    return image;
}

Value promptsValue(const RecordedSession& s) {
    if (!s.promptBox && s.promptPoints.empty()) return Value();
    Value prompts = Value::object();
    prompts.set("box", boxValue(s.promptBox));
    Value points = Value::array();
    for (const auto& p : s.promptPoints) {
        Value point = Value::object();
        point.set("x", p.x);
        point.set("y", p.y);
        point.set("positive", p.positive);
        points.push_back(point);
    }
    prompts.set("points", points);
    return prompts;
}

// ---- reading: every value checked before use ----

const Value& member(const Value& object, const char* key, const std::string& where) {
    const Value* v = object.find(key);
    if (!v) fail(where + " has no \"" + key + "\"");
    return *v;
}

double finiteNumber(const Value& v, const std::string& what) {
    if (!v.isNumber()) fail(what + " is not a number");
    const double d = v.asDouble();
    if (!std::isfinite(d)) fail(what + " is not finite");
    return d;
}

const std::string& text(const Value& v, const std::string& what, size_t maxBytes = kMaxSessionFileBytes) {
    if (!v.isString()) fail(what + " is not a string");
    if (v.asString().size() > maxBytes) fail(what + " is longer than " + std::to_string(maxBytes) + " bytes");
    return v.asString();
}

int dimension(const Value& v, const std::string& what) {
    if (!v.isInteger()) fail(what + " is not a whole number");
    return int(mr::limits::checkRange(v.asInt(), 1, mr::limits::kMaxImageAxis, what));
}

std::vector<uint8_t> decodeBase64(const Value& v, const std::string& what) {
    try {
        return mr::serve::base64Decode(text(v, what));
    } catch (const mr::serve::DataUrlError& e) {
        fail(what + " is not base64 (" + e.what() + ")");
    }
}

// A PNG that must decode to exactly width × height.
mr::RgbImage decodePng(const Value& v, int width, int height, const std::string& what) {
    const std::vector<uint8_t> bytes = decodeBase64(v, what);
    mr::RgbImage image;
    try {
        image = mr::serve::decodeImage(bytes, int64_t(width) * height);
    } catch (const mr::serve::ImageCodecError& e) {
        fail(what + " does not decode: " + e.what());
    }
    if (image.width != width || image.height != height)
        fail(what + " is " + std::to_string(image.width) + " × " + std::to_string(image.height) + ", expected " +
             std::to_string(width) + " × " + std::to_string(height));
    return image;
}

std::optional<mr::Mask> readMask(const Value& v, int width, int height, const std::string& what) {
    if (v.isNull()) return std::nullopt;
    const mr::RgbImage rgb = decodePng(v, width, height, what);
    mr::Mask mask{width, height, std::vector<uint8_t>(size_t(width) * size_t(height))};
    for (size_t i = 0; i < mask.pixels.size(); ++i) mask.pixels[i] = rgb.rgb[i * 3] != 0 ? 1 : 0;
    return mask;
}

// Coordinates may lie on the image's far edge (a box's corner), not beyond it.
double coordinate(const Value& v, int limit, const std::string& what) {
    const double d = finiteNumber(v, what);
    if (d < 0 || d > limit) fail(what + " is " + std::to_string(d) + ", outside 0.." + std::to_string(limit));
    return d;
}

std::optional<mr::Point> readPoint(const Value& v, const mr::RgbImage& image, const std::string& what) {
    if (v.isNull()) return std::nullopt;
    if (!v.isArray() || v.size() != 2) fail(what + " is not a list of two numbers");
    return mr::Point{coordinate(v[0], image.width, what + " x"), coordinate(v[1], image.height, what + " y")};
}

std::optional<mr::Box> readBox(const Value& v, const mr::RgbImage& image, const std::string& what) {
    if (v.isNull()) return std::nullopt;
    if (!v.isArray() || v.size() != 4) fail(what + " is not a list of four numbers");
    mr::Box b{coordinate(v[0], image.width, what + " x1"), coordinate(v[1], image.height, what + " y1"),
              coordinate(v[2], image.width, what + " x2"), coordinate(v[3], image.height, what + " y2")};
    if (b.x1 > b.x2 || b.y1 > b.y2) fail(what + " has its corners swapped");
    return b;
}

void checkVersion(const Value& doc) {
    if (text(member(doc, "format", "the document"), "format", 64) != kFormatName)
        fail("this is not a MedReasoner session (format is not \"" + std::string(kFormatName) + "\")");
    const std::string& version = text(member(doc, "format_version", "the document"), "format_version", 32);
    int major = -1, minor = -1;
    char rest = 0;
    if (std::sscanf(version.c_str(), "%d.%d%c", &major, &minor, &rest) != 2 || major < 0 || minor < 0)
        fail("format_version \"" + version + "\" is not MAJOR.MINOR");
    if (major != kSessionFormatMajor)
        fail("format_version " + version + " is not supported (this version reads " +
             std::to_string(kSessionFormatMajor) + ".x); a newer MedReasoner Studio wrote it");
}

void readImage(const Value& doc, RecordedSession& s) {
    const Value& image = member(doc, "image", "the document");
    const int width = dimension(member(image, "width", "image"), "image width");
    const int height = dimension(member(image, "height", "image"), "image height");
    mr::limits::checkRange(int64_t(width) * height, 1, mr::limits::kMaxModelImagePixels, "image pixels");
    s.image = decodePng(member(image, "png", "image"), width, height, "image png");
    const std::string& kind = text(member(image, "kind", "image"), "image kind", 64);
    if (kind != "slice_as_displayed" && kind != "original_colour") fail("image kind \"" + kind + "\" is unknown");
    s.sliceAsDisplayed = kind == "slice_as_displayed";
    const Value& window = member(image, "window", "image");
    if (!window.isNull()) {
        s.window = imaging::WindowLevel{finiteNumber(member(window, "center", "window"), "window center"),
                                        finiteNumber(member(window, "width", "window"), "window width")};
        if (s.window->width <= 0) fail("window width is not positive");
    }
}

void readReasoner(const Value& doc, RecordedSession& s) {
    const Value& r = member(doc, "reasoner", "the document");
    s.reasonerDescription = text(member(r, "description", "reasoner"), "reasoner description", 4096);
    s.dtype = text(member(r, "dtype", "reasoner"), "reasoner dtype", 64);
    const Value& mw = member(r, "model_width", "reasoner");
    const Value& mh = member(r, "model_height", "reasoner");
    if (!mw.isInteger() || !mh.isInteger()) fail("the model's image size is not whole numbers");
    s.modelWidth = int(mr::limits::checkRange(mw.asInt(), 0, mr::limits::kMaxImageAxis, "model_width"));
    s.modelHeight = int(mr::limits::checkRange(mh.asInt(), 0, mr::limits::kMaxImageAxis, "model_height"));
    s.stopReason = text(member(r, "stop_reason", "reasoner"), "stop_reason", 256);
    s.decodeTokensPerSecond =
        finiteNumber(member(r, "decode_tokens_per_second", "reasoner"), "decode_tokens_per_second");
}

void readTrace(const Value& doc, RecordedSession& s) {
    const Value& trace = member(doc, "trace", "the document");
    if (!trace.isArray()) fail("trace is not a list");
    if (trace.size() > kMaxTracePieces)
        fail("trace has " + std::to_string(trace.size()) + " pieces; at most " + std::to_string(kMaxTracePieces));
    double last = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        const std::string what = "trace piece " + std::to_string(i);
        const Value& piece = trace[i];
        if (!piece.isArray() || piece.size() != 2) fail(what + " is not [ms, text]");
        const double ms = finiteNumber(piece[0], what + " time");
        if (ms < last) fail(what + " is earlier than the piece before it");
        s.trace.push_back({ms, text(piece[1], what)});
        last = ms;
    }
}

void readOutcome(const Value& doc, RecordedSession& s) {
    s.outcome = text(member(doc, "outcome", "the document"), "outcome", 64);
    bool known = false;
    for (int o = int(ground::GroundingOutcome::Mask); o <= int(ground::GroundingOutcome::Cancelled); ++o)
        known = known || s.outcome == ground::groundingOutcomeName(ground::GroundingOutcome(o));
    if (!known) fail("outcome \"" + s.outcome + "\" is unknown");
    s.message = text(member(doc, "message", "the document"), "message", 64 * 1024);
}

void readAnswerAndPrompts(const Value& doc, RecordedSession& s) {
    const Value& answer = member(doc, "answer", "the document");
    s.box = readBox(member(answer, "bbox", "answer"), s.image, "answer bbox");
    s.point1 = readPoint(member(answer, "points_1", "answer"), s.image, "answer points_1");
    s.point2 = readPoint(member(answer, "points_2", "answer"), s.image, "answer points_2");
    const Value& prompts = member(doc, "prompts", "the document");
    if (prompts.isNull()) return;
    s.promptBox = readBox(member(prompts, "box", "prompts"), s.image, "prompt box");
    const Value& points = member(prompts, "points", "prompts");
    if (!points.isArray() || points.size() > 1024) fail("prompt points are not a list of at most 1024");
    for (size_t i = 0; i < points.size(); ++i) {
        const std::string what = "prompt point " + std::to_string(i);
        const Value& p = points[i];
        const Value& positive = member(p, "positive", what);
        if (!positive.isBool()) fail(what + " positive is not true or false");
        s.promptPoints.push_back({coordinate(member(p, "x", what), s.image.width, what + " x"),
                                  coordinate(member(p, "y", what), s.image.height, what + " y"), positive.asBool()});
    }
}

void readMasks(const Value& doc, RecordedSession& s) {
    const Value& expert = member(doc, "expert", "the document");
    s.expertName = text(member(expert, "name", "expert"), "expert name", 4096);
    const Value& score = member(expert, "score", "expert");
    if (!score.isNull()) s.expertScore = float(finiteNumber(score, "expert score"));
    s.expertMask = readMask(member(expert, "mask_png", "expert"), s.image.width, s.image.height, "expert mask");
    s.finalMask = readMask(member(doc, "final_mask_png", "the document"), s.image.width, s.image.height, "final mask");
}

}  // namespace

std::string RecordedSession::traceText() const {
    std::string all;
    for (const auto& p : trace) all += p.text;
    return all;
}

double RecordedSession::durationMs() const { return trace.empty() ? 0 : trace.back().ms; }

std::string sessionToJson(const RecordedSession& s) {
    if (s.image.empty() || s.image.rgb.size() != size_t(s.image.width) * size_t(s.image.height) * 3)
        throw SessionFileError("a session needs the image the reasoner saw");
    for (const auto* m : {&s.expertMask, &s.finalMask})
        if (*m && ((*m)->width != s.image.width || (*m)->height != s.image.height))
            throw SessionFileError("a session's masks must have the image's size");
    Value doc = Value::object();
    doc.set("format", kFormatName);
    doc.set("format_version", std::to_string(kSessionFormatMajor) + "." + std::to_string(kSessionFormatMinor));
    doc.set("scripted", s.scripted);
    doc.set("question", s.question);
    doc.set("image", imageValue(s));
    doc.set("settings", mr::session::engineSettingsToJson(s.settings));
    Value reasoner = Value::object();
    reasoner.set("description", s.reasonerDescription);
    reasoner.set("dtype", s.dtype);
    reasoner.set("model_width", s.modelWidth);
    reasoner.set("model_height", s.modelHeight);
    reasoner.set("stop_reason", s.stopReason);
    reasoner.set("decode_tokens_per_second", s.decodeTokensPerSecond);
    doc.set("reasoner", reasoner);
    Value trace = Value::array();
    for (const auto& p : s.trace) trace.push_back(Value(mr::json::Array{p.ms, p.text}));
    doc.set("trace", trace);
    doc.set("outcome", s.outcome);
    doc.set("message", s.message);
    Value answer = Value::object();
    answer.set("bbox", boxValue(s.box));
    answer.set("points_1", pointValue(s.point1));
    answer.set("points_2", pointValue(s.point2));
    doc.set("answer", answer);
    doc.set("prompts", promptsValue(s));
    Value expert = Value::object();
    expert.set("name", s.expertName);
    expert.set("score", s.expertScore ? Value(double(*s.expertScore)) : Value());
    expert.set("mask_png", maskValue(s.expertMask));
    doc.set("expert", expert);
    doc.set("final_mask_png", maskValue(s.finalMask));
    return mr::json::dump(doc, 1);
}

namespace {
RecordedSession readSession(std::string_view json) {
    Value doc;
    try {
        doc = mr::json::parse(json);
    } catch (const mr::json::ParseError& e) {
        fail(std::string("not valid JSON (") + e.what() + ")");
    }
    if (!doc.isObject()) fail("the document is not a JSON object");
    checkVersion(doc);
    RecordedSession s;
    const Value& scripted = member(doc, "scripted", "the document");
    if (!scripted.isBool()) fail("scripted is not true or false");
    s.scripted = scripted.asBool();
    s.question = text(member(doc, "question", "the document"), "question", kMaxQuestionBytes);
    readImage(doc, s);
    try {
        s.settings = mr::session::engineSettingsFromJson(member(doc, "settings", "the document"));
    } catch (const SessionFileError&) {
        throw;
    } catch (const mr::Error& e) {
        fail(std::string("settings: ") + e.what());
    }
    readReasoner(doc, s);
    readTrace(doc, s);
    readOutcome(doc, s);
    readAnswerAndPrompts(doc, s);
    readMasks(doc, s);
    return s;
}
}  // namespace

RecordedSession sessionFromJson(std::string_view json) {
    try {
        return readSession(json);
    } catch (const SessionFileError&) {
        throw;
    } catch (const mr::Error& e) {  // a limit or a type mismatch deep inside
        fail(e.what());
    }
}

void saveSession(const std::string& path, const RecordedSession& session) {
    mr::writeFileAtomic(path, sessionToJson(session));
}

RecordedSession loadSession(const std::string& path) {
    const std::string bytes = mr::readFile(path, kMaxSessionFileBytes);
    try {
        return sessionFromJson(bytes);
    } catch (const SessionFileError& e) {
        throw SessionFileError(path + ": " + e.what());
    }
}

}  // namespace mr::record
