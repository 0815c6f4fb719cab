#include "engine/serve/remote_reasoner.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <exception>
#include <thread>

#include "engine/reason/preprocess/pil_resize.h"
#include "engine/reason/preprocess/smart_resize.h"
#include "engine/reason/text/chat_prompt.h"
#include "engine/serve/chat_stream.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/http_client.h"
#include "engine/serve/image_codec.h"

namespace mr::serve {

namespace {

using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// "stop" -> the local reasoner's words, so the pipeline's messages read the same.
std::string stopReasonOf(const std::optional<std::string>& finish) {
    if (!finish || *finish == "stop") return "end of sequence";
    if (*finish == "length") return "maximum new tokens";
    return *finish;
}

// Waits as a 429 reply asks (Retry-After seconds, at most 30), else 1, 2, 4 ... s. False when
// cancelled meanwhile.
bool waitBeforeRetry(const std::string& retryAfter, int attempt, const mr::CancelToken& cancel) {
    double seconds = double(1 << std::min(attempt, 4));
    if (!retryAfter.empty() && std::all_of(retryAfter.begin(), retryAfter.end(), ::isdigit))
        seconds = std::min(30.0, double(std::stol(retryAfter.substr(0, 6))));
    const auto until = Clock::now() + std::chrono::milliseconds(int64_t(seconds * 1000));
    while (Clock::now() < until) {
        if (cancel.cancelled()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

RemoteReasoner::RemoteReasoner(RemoteReasonerSettings settings) : settings_(std::move(settings)) {
    if (auto problems = validateRemoteSettings(settings_); !problems.empty()) {
        std::string what = "the reasoner server settings cannot be used:";
        for (const auto& p : problems) what += "\n  - " + p;
        throw RemoteError(RemoteErrorKind::Config, what);
    }
    baseUrl_ = normalizedBaseUrl(settings_.baseUrl);
    apiKey_ = resolveApiKey(settings_);
}

std::string RemoteReasoner::description() const { return "server " + baseUrl_ + ", model " + settings_.model; }

std::optional<reason::ImageResizeRule> RemoteReasoner::resizeRule() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (serverRule_) return serverRule_;
    return reason::ImageResizeRule{28, settings_.minPixels, settings_.maxPixels};
}

std::vector<std::string> RemoteReasoner::authHeaders() const {
    if (apiKey_.empty()) return {};
    return {"Authorization: Bearer " + apiKey_};
}

void RemoteReasoner::throwForStatus(long status, const std::string& body, const std::string& what) const {
    const std::string message = serverErrorMessage(body);
    const std::string head = what + ": HTTP " + std::to_string(status) + " (" + message + ")";
    if (status == 401 || status == 403) {
        std::string hint = "; check the API key";
        if (!settings_.apiKeyEnv.empty()) hint += " in the variable " + settings_.apiKeyEnv;
        else if (!settings_.apiKeyFile.empty()) hint += " in the file " + settings_.apiKeyFile;
        else hint = "; the server wants an API key and none is configured";
        throw RemoteError(RemoteErrorKind::Unauthorized, "the server refused the request, " + head + hint, int(status));
    }
    if (status == 404 && lower(message).find("model") != std::string::npos)
        throw RemoteError(RemoteErrorKind::UnknownModel,
                          "the server does not serve the model '" + settings_.model + "': " + head, int(status));
    if (status == 404)
        throw RemoteError(RemoteErrorKind::HttpStatus,
                          head + "; is the server URL right (OpenAI-compatible servers usually end in /v1)?",
                          int(status));
    if (status == 429)
        throw RemoteError(RemoteErrorKind::Busy, "the server is busy (its queue is full): " + head, int(status));
    throw RemoteError(RemoteErrorKind::HttpStatus, "the server answered " + head, int(status));
}

void RemoteReasoner::connect(const mr::CancelToken& cancel) {
    HttpRequest req;
    req.url = baseUrl_ + "/models";
    req.headers = authHeaders();
    req.connectTimeoutSeconds = settings_.connectTimeoutSeconds;
    req.idleTimeoutSeconds = settings_.idleTimeoutSeconds;
    req.totalTimeoutSeconds = settings_.totalTimeoutSeconds;
    const HttpResponse res = performHttp(req, {}, cancel);
    cancel.check();
    if (res.status == 404 || res.status == 405) {  // no model list on this server: the request will tell
        std::lock_guard<std::mutex> lock(mutex_);
        connected_ = true;
        return;
    }
    if (res.status < 200 || res.status >= 300) throwForStatus(res.status, res.body, "GET " + req.url);
    json::Value list;
    try {
        list = json::parse(res.body);
    } catch (const json::ParseError&) {
        throw RemoteError(RemoteErrorKind::Malformed, "GET " + req.url + ": the model list is not JSON");
    }
    const json::Value* data = list.find("data");
    if (!data || !data->isArray())
        throw RemoteError(RemoteErrorKind::Malformed, "GET " + req.url + ": the model list has no data array");
    std::string served;
    std::optional<reason::ImageResizeRule> rule;
    bool found = false;
    for (const json::Value& m : data->asArray()) {
        const std::string id = m.get("id", "");
        served += (served.empty() ? "" : ", ") + id;
        if (id != settings_.model) continue;
        found = true;
        if (const json::Value* r = m.find("image_resize"); r && r->isObject())
            rule = reason::ImageResizeRule{r->get("factor", 28), r->get("min_pixels", settings_.minPixels),
                                           r->get("max_pixels", settings_.maxPixels)};
    }
    if (!found)
        throw RemoteError(RemoteErrorKind::UnknownModel, "the server at " + baseUrl_ + " does not serve the model '" +
                                                             settings_.model +
                                                             "'; it serves: " + (served.empty() ? "nothing" : served));
    if (rule && (rule->factor <= 0 || rule->minPixels <= 0 || rule->maxPixels < rule->minPixels))
        throw RemoteError(RemoteErrorKind::Malformed,
                          "GET " + req.url + ": the advertised image_resize is inconsistent");
    std::lock_guard<std::mutex> lock(mutex_);
    serverRule_ = rule;
    connected_ = true;
}

std::optional<std::string> RemoteReasoner::post(const std::string& body, reason::ReasonerReply& reply,
                                                const reason::TextDeltaFn& onTextDelta, const mr::CancelToken& cancel) {
    HttpRequest req;
    req.method = "POST";
    req.url = baseUrl_ + "/chat/completions";
    req.headers = authHeaders();
    req.headers.push_back("Content-Type: application/json");
    req.headers.push_back("Accept: text/event-stream");
    req.body = body;
    req.connectTimeoutSeconds = settings_.connectTimeoutSeconds;
    req.idleTimeoutSeconds = settings_.idleTimeoutSeconds;
    req.totalTimeoutSeconds = settings_.totalTimeoutSeconds;

    const auto sent = Clock::now();
    ChatStreamReader reader(onTextDelta);
    std::exception_ptr failure;  // nothing may be thrown through libcurl
    auto onBody = [&](const HttpResponse& head, std::string_view piece) {
        try {
            reader.push(piece, head.contentType == "text/event-stream");
            return true;
        } catch (...) {
            failure = std::current_exception();
            return false;
        }
    };
    const HttpResponse res = performHttp(req, onBody, cancel);
    reply.text = reader.text();
    if (failure) std::rethrow_exception(failure);
    if (res.cancelled) {
        reply.cancelled = true;
        reply.stopReason = "cancelled";
        return std::nullopt;
    }
    if (res.status == 429) return res.retryAfter;  // busy: the caller retries
    if (res.status < 200 || res.status >= 300) throwForStatus(res.status, res.body, "POST " + req.url);
    reader.finish();
    reply.text = reader.text();
    reply.stopReason = stopReasonOf(reader.finishReason());
    auto& t = reply.timings;
    if (reader.usage()) {
        t.promptTokens = reader.usage()->promptTokens;
        t.generatedTokens = reader.usage()->completionTokens;
    } else {
        t.generatedTokens = reader.deltas();
    }
    if (reader.firstDelta()) {
        t.prefillMs = msBetween(sent, *reader.firstDelta());
        t.decodeMs = msBetween(*reader.firstDelta(), *reader.lastDelta());
        if (t.decodeMs > 0 && t.generatedTokens > 1)
            t.decodeTokensPerSecond = double(t.generatedTokens - 1) / (t.decodeMs / 1000);
    }
    return std::nullopt;
}

reason::ReasonerReply RemoteReasoner::ask(const reason::RgbImageView& image, const std::string& question,
                                          const reason::AskOptions& options, const reason::TextDeltaFn& onTextDelta,
                                          const mr::CancelToken& cancel) {
    const auto t0 = Clock::now();
    const std::string userText = reason::userPromptText(question, options.promptTemplate, options.think);
    if (!image.pixels || image.width <= 0 || image.height <= 0)
        throw reason::ImageSizeError("image is empty (" + std::to_string(image.width) + "x" +
                                     std::to_string(image.height) + ")");
    if (options.doSample && options.temperature && *options.temperature <= 0)
        throw mr::Error("invalid decoding settings (temperature > 0 when sampling)");
    bool connected;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        connected = connected_;
    }
    if (!connected) connect(cancel);

    // Qwen2.5-VL's resize, done here so that the server has nothing left to resize.
    const reason::ImageResizeRule rule = *resizeRule();
    const reason::ResizedSize size =
        reason::smartResize(image.height, image.width, rule.factor, rule.minPixels, rule.maxPixels);
    std::vector<uint8_t> resized;
    if (size.width != image.width || size.height != image.height)
        resized = reason::resizeBicubicPil(image.pixels, image.width, image.height, 3, size.width, size.height);
    const uint8_t* pixels = resized.empty() ? image.pixels : resized.data();

    ChatRequest req;
    req.model = settings_.model;
    req.system = options.systemMessage.value_or(reason::kDefaultSystemMessage);
    req.imageUrl = makeDataUrl("image/png", encodePng({pixels, size.width, size.height}));
    req.text = userText;
    req.stream = true;
    req.includeUsage = true;
    req.maxTokens = options.maxNewTokens;
    if (options.doSample) {
        req.temperature = options.temperature.value_or(1.0);
        req.topP = options.topP;
        req.topK = options.topK;
        req.seed = options.seed;
    } else {
        req.temperature = 0.0;  // greedy, as OpenAI-compatible servers spell it
    }
    req.repetitionPenalty = options.repetitionPenalty;
    const std::string body = json::dump(chatRequestToJson(req));

    reason::ReasonerReply reply;
    reply.modelWidth = size.width;
    reply.modelHeight = size.height;
    reply.timings.preprocessMs = msBetween(t0, Clock::now());
    for (int attempt = 0;; ++attempt) {
        const std::optional<std::string> retryAfter = post(body, reply, onTextDelta, cancel);
        if (!retryAfter) return reply;
        if (attempt >= settings_.busyRetries)
            throw RemoteError(RemoteErrorKind::Busy,
                              "the server at " + baseUrl_ + " is busy (HTTP 429, its queue is full) after " +
                                  std::to_string(attempt + 1) + " tries; try again later or ask for a larger queue",
                              429);
        if (!waitBeforeRetry(*retryAfter, attempt, cancel)) {
            reply.cancelled = true;
            reply.stopReason = "cancelled";
            return reply;
        }
    }
}

}  // namespace mr::serve
