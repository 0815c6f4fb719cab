#pragma once
// `medreasoner serve`: the embedded engine behind OpenAI-compatible endpoints (cpp-httplib), so one
// GPU workstation serves the reading-room desktops:
//   GET  /health                 model, device, dtype, queue (no API key needed)
//   GET  /v1/models              the served model, with its image resize rule
//   POST /v1/chat/completions    streamed (server-sent events) or not; temperature, top_p, top_k,
//                                max_tokens, seed, stop, repetition_penalty; usage counts
//   POST /v1/ground              question + image -> trace, answer in the image's pixels, mask
//                                (PNG or COCO RLE): the whole pipeline for a thin client
// One generation at a time, the rest queued (at most maxQueue waiting, then HTTP 429); a client
// that disconnects, streaming or not, cancels its generation (noticed at the next token) or
// leaves the queue. Loopback only unless an API key is set; one log line per request, without
// image data and without the question unless logText.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/core/error.h"
#include "engine/serve/generation_queue.h"

namespace mr::ground {
class GroundingPipeline;
}

namespace mr::serve {

class ServeError : public mr::Error {
public:
    using mr::Error::Error;
};

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8000;                        // 0: any free port (see ReasonerServer::port())
    std::string apiKey;                     // "" = none, allowed only on a loopback host
    int maxQueue = 64;                      // requests waiting behind the running one
    bool logText = false;                   // put the question in the log lines
    std::string modelName = "medreasoner";  // the id clients ask for
    std::string device, dtype;              // reported by /health
    int64_t defaultMaxTokens = 1024;        // when a request gives no max_tokens
    size_t maxRequestBytes = size_t(64) << 20;
    int64_t maxImagePixels = 100'000'000;              // bigger uploads are refused before decoding
    std::function<void(const std::string& line)> log;  // one line per request; default: stderr
};

// True for 127.0.0.0/8, ::1 and "localhost": addresses no other machine can connect to.
bool isLoopbackHost(const std::string& host);

class ReasonerServer {
public:
    // `pipeline` holds the loaded models: a reasoner (required) and an expert (for /v1/ground).
    // Throws ServeError for unusable options (no reasoner, a non-loopback host without an API key,
    // a queue size below 0).
    ReasonerServer(std::shared_ptr<ground::GroundingPipeline> pipeline, ServeOptions options);
    ~ReasonerServer();  // stops
    ReasonerServer(const ReasonerServer&) = delete;
    ReasonerServer& operator=(const ReasonerServer&) = delete;

    // Binds the address (ServeError when it cannot) and returns the port.
    int bind();
    // Serves until stop() (binds first when bind() was not called).
    void listen();
    // bind() and listen() on a background thread; returns the port once requests are accepted.
    int start();
    // Stops accepting, cancels running generations and waits for the threads.
    void stop();
    int port() const;
    GenerationQueue::Counts queueCounts() const;

    struct Context;

private:
    std::unique_ptr<Context> c_;
};

}  // namespace mr::serve
