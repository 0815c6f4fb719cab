// POST /v1/chat/completions: the reasoner behind the Chat Completions protocol. The request's text
// is used as the prompt as it is (clients send the MedReasoner prompt they built, e.g. with
// reason::userPromptText), rendered with the same chat template and token ids as a local ask.
#include <ctime>

#include "engine/reason/preprocess/smart_resize.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/server_context.h"
#include "engine/serve/stop_matcher.h"

namespace mr::serve {

namespace {}  // namespace

reason::AskOptions askOptionsOf(const ChatRequest& chat, int64_t defaultMaxTokens) {
    reason::AskOptions a;
    a.promptTemplate = "{Question}";  // the request's text is the whole prompt
    a.systemMessage = chat.system;
    a.maxNewTokens = chat.maxTokens.value_or(defaultMaxTokens);
    if (chat.temperature && *chat.temperature > 0) {
        a.doSample = true;
        a.temperature = chat.temperature;
        a.topP = chat.topP;
        a.topK = chat.topK;
        a.seed = chat.seed;
    }
    a.repetitionPenalty = chat.repetitionPenalty;
    return a;
}

namespace {

// What the reasoner would refuse, refused before the request queues (so the answer is a 400).
void checkInput(const reason::Reasoner& reasoner, const RgbImage& image, const std::string& text) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw mr::Error("the user message has no text");
    if (auto rule = reasoner.resizeRule())
        reason::smartResize(image.height, image.width, rule->factor, rule->minPixels, rule->maxPixels);
}

std::string finishReasonOf(const reason::ReasonerReply& reply, bool stopString) {
    if (stopString || reply.stopReason == "end of sequence") return "stop";
    return "length";  // maximum new tokens, context full
}

struct ChatJob {
    ChatRequest chat;
    RgbImage image;
    reason::AskOptions ask;
    std::string id;
    int64_t created = 0;
    std::string model;
    std::shared_ptr<reason::Reasoner> reasoner;
};

bool runChat(const ChatJob& job, ClientStream& out, RequestRecord& rec) {
    const ChatRequest& chat = job.chat;
    StopMatcher stops(chat.stop);
    std::string text;  // what the client gets
    auto chunk = [&](const std::optional<std::string>& content, const std::optional<std::string>& finish,
                     const std::optional<ChatUsage>& usage = std::nullopt) {
        return out.write(sseData(json::dump(chatChunkJson(job.id, job.created, job.model, content, finish, usage))));
    };
    auto onDelta = [&](std::string_view delta) {
        if (stops.stopped() || !out.alive()) return;  // the client's presence is checked at every token
        const std::string piece = stops.push(delta);
        if (stops.stopped()) out.cancel().cancel();  // a stop string ends the generation
        text += piece;
        if (chat.stream && !piece.empty() && chunk(piece, std::nullopt)) ++rec.deltasSent;
    };
    if (chat.stream) rec.deltasSent = 0;
    reason::ReasonerReply reply;
    try {
        reply = job.reasoner->ask(job.image.view(), chat.text, job.ask, onDelta, out.cancel());
    } catch (const std::exception& e) {
        rec.finish = std::string("error: ") + e.what();
        const std::string body = json::dump(errorJson(std::string("generation failed: ") + e.what(), "server_error"));
        return chat.stream ? out.write(sseData(body)) && out.write(sseData("[DONE]")) : out.write(body);
    }
    rec.promptTokens = reply.timings.promptTokens;
    rec.completionTokens = reply.timings.generatedTokens;
    if (out.gone()) {
        rec.finish = "client gone";
        return false;
    }
    if (reply.cancelled && !stops.stopped()) {
        rec.finish = "server stopping";
        return false;
    }
    const std::string rest = stops.flush();
    text += rest;
    const std::string finish = finishReasonOf(reply, stops.stopped());
    rec.finish = finish;
    const ChatUsage usage{reply.timings.promptTokens, reply.timings.generatedTokens};
    if (!chat.stream)
        return out.write(json::dump(chatCompletionJson(job.id, job.created, job.model, text, finish, usage)));
    if (!rest.empty()) {
        if (!chunk(rest, std::nullopt)) return false;
        ++rec.deltasSent;
    }
    if (!chunk(std::nullopt, finish)) return false;
    if (chat.includeUsage && !chunk(std::nullopt, std::nullopt, usage)) return false;
    return out.write(sseData("[DONE]"));
}

}  // namespace

void handleChatCompletions(ReasonerServer::Context& c, const httplib::Request& req, httplib::Response& res) {
    auto rec = std::make_shared<RequestRecord>(RequestRecord{req.method, req.path, req.remote_addr});
    json::Value body;
    if (!c.parseBody(req, res, *rec, body)) return;
    auto job = std::make_shared<ChatJob>();
    try {
        job->chat = chatRequestFromJson(body);
    } catch (const ChatWireError& e) {
        return c.fail(req, res, *rec, 400, e.what(), "invalid_request_error");
    }
    const ChatRequest& chat = job->chat;
    rec->stream = chat.stream;
    if (c.options.logText) rec->question = chat.text;
    if (!chat.model.empty() && chat.model != c.options.modelName)
        return c.fail(req, res, *rec, 404,
                      "The model '" + chat.model + "' does not exist; this server serves '" + c.options.modelName + "'",
                      "NotFoundError", "model_not_found");
    job->reasoner = c.pipeline->reasoner();
    try {
        job->image = imageFromDataUrl(chat.imageUrl, c.options);
        checkInput(*job->reasoner, job->image, chat.text);
    } catch (const mr::Error& e) {
        return c.fail(req, res, *rec, 400, e.what(), "invalid_request_error");
    }
    job->ask = askOptionsOf(chat, c.options.defaultMaxTokens);
    job->id = c.newId("chatcmpl-");
    job->created = int64_t(std::time(nullptr));
    job->model = c.options.modelName;
    respondWhenServed(c, req, res, rec, chat.stream ? "text/event-stream" : "application/json",
                      [job](ClientStream& out, RequestRecord& r) { return runChat(*job, out, r); });
}

}  // namespace mr::serve
