// POST /v1/ground: the whole pipeline for a thin client. Request:
//   {"image": "data:image/png;base64,..." | {"url": ...}, "question": "...", "think": true,
//    "prompt_template": "...{Question}...", "system": "...", "mask_format": "png" | "rle" | "none",
//    "multimask": false, "stream": false, and the decoding options of /v1/chat/completions}
// Reply: the grounding result as `medreasoner ground --json` writes it (trace, answer in the
// image's pixels, mask statistics, timings) plus "mask": {"format": "png", "data": base64} or
// {"format": "rle", "size": [h, w], "counts": COCO RLE} or null. Streamed: {"delta": text} events,
// then {"result": ...}, then [DONE].
#include "engine/dataset/dataset_export.h"
#include "engine/ground/grounding_json.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/image_codec.h"
#include "engine/serve/server_context.h"

namespace mr::serve {

namespace {

struct GroundJob {
    ground::GroundingRequest request;
    std::string maskFormat;  // png, rle, none
    std::shared_ptr<ground::GroundingPipeline> pipeline;
};

json::Value maskJson(const ground::GroundingResult& r, const std::string& format) {
    const std::vector<uint8_t>* mask = r.bestMask();
    if (!mask || format == "none") return json::Value();
    const int w = r.mask->width, h = r.mask->height;
    if (format == "rle")
        return json::Value(json::Object{{"format", "rle"},
                                        {"size", json::Value(json::Array{h, w})},
                                        {"counts", mr::dataset::cocoRleEncode(mask->data(), w, h)}});
    const std::vector<uint8_t> png = encodeMaskPng(mask->data(), w, h);
    return json::Value(json::Object{{"format", "png"}, {"data", base64Encode(png.data(), png.size())}});
}

bool runGround(const GroundJob& job, bool stream, ClientStream& out, RequestRecord& rec) {
    ground::GroundingCallbacks callbacks;
    callbacks.onTextDelta = [&](std::string_view delta) {
        if (!out.alive() || !stream) return;
        out.write(sseData(json::dump(json::Value(json::Object{{"delta", std::string(delta)}}))));
    };
    const ground::GroundingResult r = job.pipeline->run(job.request, callbacks, out.cancel());
    rec.promptTokens = r.reply.timings.promptTokens;
    rec.completionTokens = r.reply.timings.generatedTokens;
    rec.finish = ground::groundingOutcomeName(r.outcome);
    if (out.gone()) {
        rec.finish = "client gone";
        return false;
    }
    if (r.outcome == ground::GroundingOutcome::Cancelled) {
        rec.finish = "server stopping";
        return false;
    }
    json::Value result = ground::groundingResultToJson(r);
    result.set("mask_data", maskJson(r, job.maskFormat));
    result.set("usage", usageToJson({r.reply.timings.promptTokens, r.reply.timings.generatedTokens}));
    if (!stream) return out.write(json::dump(result));
    return out.write(sseData(json::dump(json::Value(json::Object{{"result", result}})))) &&
           out.write(sseData("[DONE]"));
}

// The request as the pipeline takes it. Throws mr::Error (a 400) for what is wrong with it.
GroundJob groundJobOf(const json::Value& body, const ServeOptions& options) {
    GroundJob job;
    const ChatRequest decoding = chatOptionsFromJson(body);
    job.request.ask = askOptionsOf(decoding, options.defaultMaxTokens);
    job.request.ask.promptTemplate = body.get("prompt_template", "");
    job.request.ask.think = body.get("think", true);
    if (const json::Value* s = body.find("system"); s && s->isString()) job.request.ask.systemMessage = s->asString();
    job.request.question = body.get("question", "");
    if (job.request.question.find_first_not_of(" \t\r\n") == std::string::npos)
        throw mr::Error("the question is empty");
    const json::Value* image = body.find("image");
    if (!image) throw mr::Error("the request has no image (a data URL)");
    const std::string url = image->isObject() ? image->get("url", "") : image->isString() ? image->asString() : "";
    job.request.image.kind = ground::ImageKind::OriginalColour;
    job.request.image.rgb = imageFromDataUrl(url, options);
    job.request.multimask = body.get("multimask", false);
    job.maskFormat = body.get("mask_format", "png");
    if (job.maskFormat != "png" && job.maskFormat != "rle" && job.maskFormat != "none")
        throw mr::Error("mask_format must be png, rle or none");
    job.request.segment = job.maskFormat != "none";
    return job;
}

}  // namespace

void handleGround(ReasonerServer::Context& c, const httplib::Request& req, httplib::Response& res) {
    auto rec = std::make_shared<RequestRecord>(RequestRecord{req.method, req.path, req.remote_addr});
    json::Value body;
    if (!c.parseBody(req, res, *rec, body)) return;
    auto job = std::make_shared<GroundJob>();
    try {
        *job = groundJobOf(body, c.options);
    } catch (const mr::Error& e) {
        return c.fail(req, res, *rec, 400, e.what(), "invalid_request_error");
    }
    job->pipeline = c.pipeline;
    rec->stream = body.get("stream", false);
    if (c.options.logText) rec->question = job->request.question;
    const bool stream = rec->stream;
    respondWhenServed(c, req, res, rec, stream ? "text/event-stream" : "application/json",
                      [job, stream](ClientStream& out, RequestRecord& r) { return runGround(*job, stream, out, r); });
}

}  // namespace mr::serve
