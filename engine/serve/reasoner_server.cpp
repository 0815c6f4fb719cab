#include "engine/serve/reasoner_server.h"

#include <arpa/inet.h>

#include <ctime>
#include <iostream>
#include <thread>

#include "engine/ground/grounding_pipeline.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/image_codec.h"
#include "engine/serve/server_context.h"

namespace mr::serve {

namespace {

using Clock = std::chrono::steady_clock;

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// Compares without stopping at the first difference, so timing does not reveal the key.
bool sameKey(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < a.size(); ++i) diff |= uint8_t(a[i]) ^ uint8_t(i < b.size() ? b[i] : 0);
    return diff == 0;
}

void sendJson(httplib::Response& res, int status, const json::Value& v) {
    res.status = status;
    res.set_content(json::dump(v), "application/json");
}

}  // namespace

bool isLoopbackHost(const std::string& host) {
    std::string h = host;
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (h == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

// ---- what the routes share --------------------------------------------------------------------

void ReasonerServer::Context::log(const RequestRecord& r) const {
    std::string line = utcNow() + " " + r.peer + " " + r.method + " " + r.path + " " + std::to_string(r.status);
    if (r.stream) line += " stream";
    if (r.queuedMs >= 0) line += " queued=" + std::to_string(int64_t(r.queuedMs)) + "ms";
    if (r.promptTokens >= 0) line += " prompt_tokens=" + std::to_string(r.promptTokens);
    if (r.completionTokens >= 0) line += " completion_tokens=" + std::to_string(r.completionTokens);
    if (r.deltasSent >= 0) line += " sent=" + std::to_string(r.deltasSent);
    line +=
        " time=" + std::to_string(int64_t(std::chrono::duration<double, std::milli>(Clock::now() - r.start).count())) +
        "ms";
    if (!r.finish.empty()) line += " finish=" + json::quote(r.finish);
    if (options.logText && !r.question.empty()) line += " question=" + json::quote(r.question);
    if (options.log) options.log(line);
    else std::cerr << "medreasoner serve: " << line << std::endl;
}

void ReasonerServer::Context::fail(const httplib::Request&, httplib::Response& res, RequestRecord& rec, int status,
                                   const std::string& message, const std::string& type, const std::string& code) const {
    sendJson(res, status, errorJson(message, type, code));
    rec.status = status;
    rec.finish = message;
    log(rec);
}

bool ReasonerServer::Context::parseBody(const httplib::Request& req, httplib::Response& res, RequestRecord& rec,
                                        json::Value& out) const {
    try {
        out = json::parse(req.body);
        if (out.isObject()) return true;
        fail(req, res, rec, 400, "the request body is not a JSON object", "invalid_request_error");
    } catch (const json::ParseError& e) {
        fail(req, res, rec, 400, std::string("the request body is not JSON: ") + e.what(), "invalid_request_error");
    }
    return false;
}

std::shared_ptr<GenerationQueue::Ticket> ReasonerServer::Context::enterQueue(const httplib::Request& req,
                                                                             httplib::Response& res,
                                                                             RequestRecord& rec) {
    std::shared_ptr<GenerationQueue::Ticket> ticket = queue.tryEnter();
    if (ticket) return ticket;
    res.set_header("Retry-After", "1");
    fail(req, res, rec, 429,
         "the server is busy: " + std::to_string(queue.maxWaiting()) + " requests already wait for the model",
         "server_busy", "queue_full");
    return nullptr;
}

std::shared_ptr<mr::CancelToken> ReasonerServer::Context::track() {
    auto token = std::make_shared<mr::CancelToken>();
    std::lock_guard<std::mutex> lock(runningMutex);
    if (stopping) token->cancel();
    running.insert(token);
    return token;
}

void ReasonerServer::Context::release(const std::shared_ptr<mr::CancelToken>& token) {
    std::lock_guard<std::mutex> lock(runningMutex);
    running.erase(token);
}

RgbImage imageFromDataUrl(const std::string& url, const ServeOptions& options) {
    const DataUrl d = parseDataUrl(url, options.maxRequestBytes);
    if (d.mediaType != "image/png" && d.mediaType != "image/jpeg" && d.mediaType != "image/jpg")
        throw mr::Error("the image is " + (d.mediaType.empty() ? std::string("of no type") : d.mediaType) +
                        "; PNG and JPEG are accepted");
    return decodeImage(d.bytes, options.maxImagePixels);
}

bool ClientStream::alive() {
    if (!gone_ && !sink_.is_writable()) gone_ = true;
    if (gone_) cancel_.cancel();
    return !gone_;
}

bool ClientStream::write(const std::string& bytes) {
    if (!alive()) return false;
    if (!sink_.write(bytes.data(), bytes.size())) {
        gone_ = true;
        cancel_.cancel();
    }
    return !gone_;
}

namespace {

// Waits for the ticket's turn while the client is still there, sending SSE comments as
// keep-alives to a streaming client. False when the client left or the server stops.
bool waitForTurn(GenerationQueue::Ticket& ticket, httplib::DataSink& sink, bool stream, RequestRecord& rec,
                 const std::atomic<bool>& stopping) {
    const auto t0 = Clock::now();
    auto lastBeat = t0;
    const bool ok = ticket.waitTurn([&] {
        if (stopping || !sink.is_writable()) return false;
        if (stream && Clock::now() - lastBeat > std::chrono::seconds(5)) {  // keeps proxies and idle timers happy
            lastBeat = Clock::now();
            static const std::string beat = ": waiting for the model\n\n";
            return sink.write(beat.data(), beat.size());
        }
        return true;
    });
    rec.queuedMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    return ok;
}

}  // namespace

void respondWhenServed(ReasonerServer::Context& c, const httplib::Request& req, httplib::Response& res,
                       std::shared_ptr<RequestRecord> rec, const std::string& contentType, ModelWork work) {
    std::shared_ptr<GenerationQueue::Ticket> ticket = c.enterQueue(req, res, *rec);
    if (!ticket) return;
    rec->status = 200;
    if (rec->stream) res.set_header("Cache-Control", "no-cache");
    const bool stream = rec->stream;
    auto provider = [&c, rec, ticket, stream, work = std::move(work)](size_t, httplib::DataSink& sink) mutable {
        if (!waitForTurn(*ticket, sink, stream, *rec, c.stopping)) {
            rec->finish = c.stopping ? "server stopping" : "client gone while queued";
            return false;
        }
        const std::shared_ptr<mr::CancelToken> cancel = c.track();
        ClientStream out(sink, *cancel);
        bool ok = false;
        try {
            ok = work(out, *rec);
        } catch (const std::exception& e) {  // the work reports its own failures; this is a last resort
            rec->finish = e.what();
        }
        c.release(cancel);
        ticket.reset();  // the next request's turn
        if (ok) out.done();
        return ok;
    };
    // Runs when the response is dropped, whether or not the provider ran: one log line.
    auto releaser = [&c, rec](bool) { c.log(*rec); };
    res.set_chunked_content_provider(contentType, std::move(provider), std::move(releaser));
}

std::string sseData(const std::string& payload) { return "data: " + payload + "\n\n"; }

// ---- the server --------------------------------------------------------------------------------

namespace {

void handleModels(ReasonerServer::Context& c, const httplib::Request&, httplib::Response& res) {
    json::Value model(json::Object{
        {"id", c.options.modelName}, {"object", "model"}, {"created", int64_t(0)}, {"owned_by", "medreasoner"}});
    if (auto reasoner = c.pipeline->reasoner(); reasoner)
        if (auto rule = reasoner->resizeRule())  // lets remote clients resize exactly as this server would
            model.set("image_resize",
                      json::Value(json::Object{
                          {"factor", rule->factor}, {"min_pixels", rule->minPixels}, {"max_pixels", rule->maxPixels}}));
    sendJson(res, 200, json::Value(json::Object{{"object", "list"}, {"data", json::Value(json::Array{model})}}));
}

void handleHealth(ReasonerServer::Context& c, const httplib::Request&, httplib::Response& res) {
    const auto counts = c.queue.counts();
    auto reasoner = c.pipeline->reasoner();
    auto expert = c.pipeline->expert();
    json::Value v(json::Object{{"status", "ok"},
                               {"model", c.options.modelName},
                               {"reasoner", reasoner ? reasoner->description() : std::string()},
                               {"expert", expert ? expert->name() : std::string()},
                               {"device", c.options.device},
                               {"dtype", c.options.dtype}});
    v.set("queue", json::Value(json::Object{{"running", counts.running},
                                            {"waiting", counts.waiting},
                                            {"length", counts.running + counts.waiting},
                                            {"max_waiting", c.queue.maxWaiting()}}));
    sendJson(res, 200, v);
}

}  // namespace

ReasonerServer::ReasonerServer(std::shared_ptr<ground::GroundingPipeline> pipeline, ServeOptions options)
    : c_(std::make_unique<Context>(std::move(pipeline), std::move(options))) {
    Context& c = *c_;
    if (!c.pipeline || !c.pipeline->loaded() || !c.pipeline->reasoner())
        throw ServeError("serve needs a loaded reasoner");
    if (!isLoopbackHost(c.options.host) && c.options.apiKey.empty())
        throw ServeError("--host " + c.options.host +
                         " accepts connections from other machines: an API key is "
                         "required (--api-key-file FILE); loopback addresses (127.0.0.1, ::1, localhost) need none");
    if (c.options.maxQueue < 0) throw ServeError("the queue size must be 0 or more");
    if (c.options.modelName.empty()) throw ServeError("the served model needs a name");

    const int threads = c.options.maxQueue + 8;  // every queued request holds a connection thread
    c.http.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    c.http.set_tcp_nodelay(true);  // each streamed token leaves at once
    c.http.set_payload_max_length(c.options.maxRequestBytes);
    c.http.set_keep_alive_timeout(2);
    c.http.set_pre_routing_handler([&c](const httplib::Request& req, httplib::Response& res) {
        if (c.options.apiKey.empty() || req.path == "/health") return httplib::Server::HandlerResponse::Unhandled;
        const std::string auth = req.get_header_value("Authorization");
        const std::string bearer = "Bearer ";
        if (auth.compare(0, bearer.size(), bearer) == 0 && sameKey(auth.substr(bearer.size()), c.options.apiKey))
            return httplib::Server::HandlerResponse::Unhandled;
        RequestRecord rec{req.method, req.path, req.remote_addr};
        c.fail(req, res, rec, 401,
               auth.empty() ? "an API key is required (Authorization: Bearer KEY)" : "the API key is wrong",
               "authentication_error", "invalid_api_key");
        return httplib::Server::HandlerResponse::Handled;
    });
    auto logged = [&c](void (*handler)(Context&, const httplib::Request&, httplib::Response&)) {
        return [&c, handler](const httplib::Request& req, httplib::Response& res) {
            handler(c, req, res);
            RequestRecord rec{req.method, req.path, req.remote_addr};
            rec.status = res.status;
            c.log(rec);
        };
    };
    c.http.Get("/health", logged(handleHealth));
    c.http.Get("/v1/models", logged(handleModels));
    c.http.Post("/v1/chat/completions",
                [&c](const httplib::Request& req, httplib::Response& res) { handleChatCompletions(c, req, res); });
    c.http.Post("/v1/ground", [&c](const httplib::Request& req, httplib::Response& res) { handleGround(c, req, res); });
    c.http.set_error_handler([&c](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;  // a handler's own error
        RequestRecord rec{req.method, req.path, req.remote_addr};
        const std::string what = res.status == 404   ? "no such endpoint: " + req.method + " " + req.path
                                 : res.status == 413 ? "the request is too large"
                                                     : "the request failed";
        c.fail(req, res, rec, res.status, what, "invalid_request_error");
    });
}

ReasonerServer::~ReasonerServer() { stop(); }

int ReasonerServer::bind() {
    Context& c = *c_;
    if (c.boundPort > 0) return c.boundPort;
    c.boundPort = c.options.port == 0 ? c.http.bind_to_any_port(c.options.host)
                                      : (c.http.bind_to_port(c.options.host, c.options.port) ? c.options.port : -1);
    if (c.boundPort <= 0)
        throw ServeError("cannot listen on " + c.options.host + ":" + std::to_string(c.options.port) +
                         " (address in use, not an address of this machine, or a privileged port)");
    return c.boundPort;
}

void ReasonerServer::listen() {
    bind();
    c_->http.listen_after_bind();
}

int ReasonerServer::start() {
    const int port = bind();
    c_->listener = std::thread([this] { c_->http.listen_after_bind(); });
    while (!c_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port;
}

void ReasonerServer::stop() {
    Context& c = *c_;
    {
        std::lock_guard<std::mutex> lock(c.runningMutex);
        c.stopping = true;
        for (const auto& token : c.running) token->cancel();
    }
    c.http.stop();
    if (c.listener.joinable()) c.listener.join();
}

int ReasonerServer::port() const { return c_->boundPort; }

GenerationQueue::Counts ReasonerServer::queueCounts() const { return c_->queue.counts(); }

}  // namespace mr::serve
