#pragma once
// What the route handlers of ReasonerServer share (internal to engine/serve): options, models,
// the queue, cancellation of running work at shutdown, and the request log.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "engine/core/cancel.h"
#include "engine/core/json.h"
#include "engine/core/raster.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/generation_queue.h"
#include "engine/serve/reasoner_server.h"

namespace mr::serve {

// What one log line says about a request.
struct RequestRecord {
    using Clock = std::chrono::steady_clock;
    std::string method, path, peer;
    Clock::time_point start = Clock::now();
    int status = 0;
    bool stream = false;
    double queuedMs = -1;  // time waiting for the model; -1: never queued
    int64_t promptTokens = -1, completionTokens = -1;
    int64_t deltasSent = -1;  // streamed text pieces the client was sent
    std::string finish;       // finish reason, "client gone", an error
    std::string question;     // only with logText
};

struct ReasonerServer::Context {
    ServeOptions options;
    std::shared_ptr<ground::GroundingPipeline> pipeline;
    GenerationQueue queue;
    httplib::Server http;
    std::atomic<uint64_t> nextId{1};
    std::atomic<bool> stopping{false};
    std::mutex runningMutex;
    std::set<std::shared_ptr<mr::CancelToken>> running;  // cancelled by stop()
    int boundPort = -1;
    std::thread listener;  // start()'s

    Context(std::shared_ptr<ground::GroundingPipeline> p, ServeOptions o)
        : options(std::move(o)), pipeline(std::move(p)), queue(options.maxQueue) {}

    void log(const RequestRecord& r) const;
    // Sends {"error": ...} with `status` and logs the request.
    void fail(const httplib::Request& req, httplib::Response& res, RequestRecord& rec, int status,
              const std::string& message, const std::string& type, const std::string& code = {}) const;
    // The request body as JSON, or a 400 (returns false).
    bool parseBody(const httplib::Request& req, httplib::Response& res, RequestRecord& rec, mr::json::Value& out) const;
    // A queue ticket, or a 429 (returns nullptr).
    std::shared_ptr<GenerationQueue::Ticket> enterQueue(const httplib::Request& req, httplib::Response& res,
                                                        RequestRecord& rec);
    // A cancel token that stop() triggers; forget it with release().
    std::shared_ptr<mr::CancelToken> track();
    void release(const std::shared_ptr<mr::CancelToken>& token);
    std::string newId(const char* prefix) { return prefix + std::to_string(nextId++); }
};

// A request's image: a data URL decoded to RGB within the size limits. Throws mr::Error saying why.
RgbImage imageFromDataUrl(const std::string& url, const ServeOptions& options);

// The response body while the model works: writes that notice a client that went away, which
// cancels the generation (checked before every token).
class ClientStream {
public:
    ClientStream(httplib::DataSink& sink, mr::CancelToken cancel) : sink_(sink), cancel_(std::move(cancel)) {}
    // False (and the generation cancelled) when the client is gone.
    bool alive();
    bool write(const std::string& bytes);
    bool gone() const { return gone_; }
    const mr::CancelToken& cancel() const { return cancel_; }
    void done() { sink_.done(); }

private:
    httplib::DataSink& sink_;
    mr::CancelToken cancel_;
    bool gone_ = false;
};

// Work on the model: (the response body, the record to fill) -> false when the response is broken
// off (the client went away).
using ModelWork = std::function<bool(ClientStream& out, RequestRecord& rec)>;

// Queues the request (429 when the queue is full), then answers with a chunked body of
// `contentType` that `work` writes once the request's turn has come and while the client stays
// (a client that leaves the queue or the stream cancels it); logs the request at the end.
void respondWhenServed(ReasonerServer::Context& c, const httplib::Request& req, httplib::Response& res,
                       std::shared_ptr<RequestRecord> rec, const std::string& contentType, ModelWork work);

// The decoding options of a request (no temperature, or 0: greedy, as MedReasoner evaluates); the
// prompt is the request's text as it is.
reason::AskOptions askOptionsOf(const ChatRequest& chat, int64_t defaultMaxTokens);

// "data: <json>\n\n"
std::string sseData(const std::string& payload);

void handleChatCompletions(ReasonerServer::Context& c, const httplib::Request& req, httplib::Response& res);
void handleGround(ReasonerServer::Context& c, const httplib::Request& req, httplib::Response& res);

}  // namespace mr::serve
