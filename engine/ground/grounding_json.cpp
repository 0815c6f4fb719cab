#include "engine/ground/grounding_json.h"

namespace mr::ground {

using mr::json::Value;

MaskStats maskStats(const segment::MaskPrediction& p) {
    MaskStats s;
    s.width = p.width;
    s.height = p.height;
    if (p.masks.empty()) return s;
    const size_t best = p.best >= 0 && size_t(p.best) < p.masks.size() ? size_t(p.best) : 0;
    const auto& m = p.masks[best];
    if (best < p.scores.size()) s.score = p.scores[best];
    int x1 = p.width, y1 = p.height, x2 = -1, y2 = -1;
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            const size_t i = size_t(y) * size_t(p.width) + size_t(x);
            if (i >= m.size() || !m[i]) continue;
            ++s.area;
            if (x < x1) x1 = x;
            if (x > x2) x2 = x;
            if (y < y1) y1 = y;
            if (y > y2) y2 = y;
        }
    if (s.area) s.bounds = std::array<int, 4>{x1, y1, x2, y2};
    if (p.width > 0 && p.height > 0) s.fraction = double(s.area) / (double(p.width) * double(p.height));
    return s;
}

Value reasonerLoadToJson(const reason::ReasonerLoadReport& l) {
    if (l.dtype.empty()) return Value();
    Value j = Value::object();
    j.set("device", l.device);
    j.set("dtype", l.dtype);
    j.set("dtype_reason", l.dtypeReason);
    j.set("load_ms", l.loadMs);
    j.set("weight_bytes", l.weightBytes);
    j.set("mapped_weight_bytes", l.mappedBytes);
    j.set("peak_rss_bytes_after_load", l.peakRssBytes);
    j.set("notes", l.notes);
    return j;
}

namespace {

Value imageToJson(const ReasonerImage& image) {
    Value img = Value::object();
    img.set("kind", imageKindName(image.kind));
    img.set("description", image.describe());
    img.set("width", image.rgb.width);
    img.set("height", image.rgb.height);
    img.set("slice", image.slice);
    if (image.window) {
        Value w = Value::object();
        w.set("center", image.window->center);
        w.set("width", image.window->width);
        img.set("window", w);
    } else {
        img.set("window", Value());
    }
    img.set("source", image.source);
    return img;
}

// "think", "answer", "answer_model_pixels" and "issues": null (issues empty) when nothing was parsed.
void setAnswerFields(const GroundingResult& r, Value& j) {
    if (!r.answerParsed) {
        j.set("think", Value());
        j.set("answer", Value());
        j.set("answer_model_pixels", Value());
        j.set("issues", Value::array());
        return;
    }
    const Value a = reason::answerToJson(r.answer);
    j.set("think", r.answer.hasThink ? Value(r.answer.think) : Value());
    j.set("answer", a);
    j.set("answer_model_pixels", reason::answerToJson(r.answerModel));
    j.set("issues", a.find("issues") ? *a.find("issues") : Value::array());
}

Value promptsToJson(const segment::Prompts& prompts) {
    Value p = Value::object();
    if (prompts.box) {
        const auto& b = *prompts.box;
        p.set("box", Value(mr::json::Array{b.x1, b.y1, b.x2, b.y2}));
    }
    Value pts = Value::array();
    for (const auto& pt : prompts.points) {
        Value q = Value::object();
        q.set("x", pt.x);
        q.set("y", pt.y);
        q.set("positive", pt.positive);
        pts.push_back(q);
    }
    p.set("points", pts);
    return p;
}

Value maskToJson(const GroundingResult& r) {
    const MaskStats s = maskStats(*r.mask);
    Value m = Value::object();
    m.set("width", s.width);
    m.set("height", s.height);
    m.set("area", s.area);
    m.set("fraction", s.fraction);
    m.set("bounds",
          s.bounds ? Value(mr::json::Array{(*s.bounds)[0], (*s.bounds)[1], (*s.bounds)[2], (*s.bounds)[3]}) : Value());
    m.set("score", s.score);
    m.set("embedding_reused", r.embeddingReused);
    m.set("set_image_ms", r.expertSetImageMs);
    m.set("predict_ms", r.expertPredictMs);
    Value warn = Value::array();
    for (const auto& w : r.mask->warnings) warn.push_back(w);
    m.set("warnings", warn);
    return m;
}

Value reasonerTimingsToJson(const reason::ReasonerTimings& rt) {
    Value x = Value::object();
    x.set("preprocess", rt.preprocessMs);
    x.set("vision", rt.visionMs);
    x.set("prefill", rt.prefillMs);
    x.set("decode", rt.decodeMs);
    x.set("decode_tokens_per_second", rt.decodeTokensPerSecond);
    x.set("prefill_tokens_per_second", rt.prefillTokensPerSecond);
    x.set("prompt_tokens", rt.promptTokens);
    x.set("generated_tokens", rt.generatedTokens);
    return x;
}

}  // namespace

Value groundingResultToJson(const GroundingResult& r) {
    Value j = Value::object();
    j.set("question", r.question);
    j.set("image", imageToJson(r.image));
    j.set("reasoner", r.reasonerDescription);
    j.set("expert", r.expertName);
    j.set("outcome", groundingOutcomeName(r.outcome));
    j.set("message", r.message);
    j.set("user_prompt", r.reasoned ? Value(r.reply.userText) : Value());
    j.set("raw_output", r.reasoned ? r.reply.text : r.streamedText);
    j.set("stop_reason", r.reply.stopReason);
    j.set("model_image", r.reasoned ? Value(mr::json::Array{r.reply.modelWidth, r.reply.modelHeight}) : Value());
    setAnswerFields(r, j);
    j.set("prompts", r.prompts ? promptsToJson(*r.prompts) : Value());
    j.set("mask", r.mask ? maskToJson(r) : Value());
    Value t = Value::object();
    for (const auto& st : r.timings) t.set(st.stage == Stage::Done ? "total" : stageName(st.stage), st.ms);
    j.set("timings_ms", t);
    j.set("reasoner_timings_ms", r.reasoned ? reasonerTimingsToJson(r.reply.timings) : Value());
    j.set("reasoner_load", reasonerLoadToJson(r.reasonerLoad));
    j.set("peak_rss_bytes", r.reasoned && r.reply.timings.peakRssBytes ? Value(r.reply.timings.peakRssBytes) : Value());
    return j;
}

}  // namespace mr::ground
