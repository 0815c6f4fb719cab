#pragma once
// A Reasoner on an OpenAI-compatible server (vLLM, SGLang, llama.cpp's server, Ollama, TGI or
// `medreasoner serve`): the same question, prompt and decoding options as the local QwenReasoner,
// sent as one Chat Completions request and streamed back (server-sent events) through the same
// TextDeltaFn. Cancelling closes the stream, which stops the server's generation.
//
// The image goes out already resized by Qwen2.5-VL's own rule (engine/reason/preprocess:
// smartResize + the PIL-exact bicubic resize), as a lossless PNG data URL. A server that applies
// the same rule finds nothing left to resize, so the model sees exactly these pixels and the
// answer's coordinates refer to them: reply.modelWidth/modelHeight are the sent size and the
// pipeline maps the answer back to the original pixels as it does for the local model. This holds
// when the server's pixel limits admit the sent size; `medreasoner serve` advertises its limits in
// GET /v1/models and they are used, other servers are assumed to use the settings' limits (the
// released MedReasoner-7B's by default). See docs/serving.md.
//
// Unlike the local reasoner, calls from several threads may run at once (each has its own
// connection): the evaluation sends N requests together through one RemoteReasoner.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/reason/reasoner.h"
#include "engine/serve/remote_error.h"
#include "engine/serve/remote_settings.h"

namespace mr::serve {

class RemoteReasoner : public reason::Reasoner {
public:
    // Validates the settings and reads the API key (throws RemoteError(Config) naming every
    // problem). Contacts nothing yet.
    explicit RemoteReasoner(RemoteReasonerSettings settings);

    // Throws ChatPromptError / ImageSizeError for bad input as the local reasoner does, and
    // RemoteError for everything the server or the network does wrong. Cancelling returns the text
    // so far with `cancelled` set.
    reason::ReasonerReply ask(const reason::RgbImageView& image, const std::string& question,
                              const reason::AskOptions& options, const reason::TextDeltaFn& onTextDelta = {},
                              const mr::CancelToken& cancel = {}) override;
    std::string description() const override;
    // The server's advertised rule once known (after connect() or the first ask()), else the settings'.
    std::optional<reason::ImageResizeRule> resizeRule() const override;

    // GET <base>/models: checks that the model is served (RemoteError UnknownModel lists what is)
    // and learns the server's resize rule when it advertises one. The first ask() does this; a
    // settings dialog may call it to test the connection. Servers without /models are accepted.
    void connect(const mr::CancelToken& cancel = {});

    const RemoteReasonerSettings& settings() const { return settings_; }

private:
    // One POST; returns the Retry-After text (maybe empty) when the server is busy (HTTP 429).
    std::optional<std::string> post(const std::string& body, reason::ReasonerReply& reply,
                                    const reason::TextDeltaFn& onTextDelta, const mr::CancelToken& cancel);
    [[noreturn]] void throwForStatus(long status, const std::string& body, const std::string& what) const;
    std::vector<std::string> authHeaders() const;

    RemoteReasonerSettings settings_;
    std::string baseUrl_;
    std::string apiKey_;
    mutable std::mutex mutex_;  // guards what connect() learns
    bool connected_ = false;
    std::optional<reason::ImageResizeRule> serverRule_;
};

}  // namespace mr::serve
