// The remote reasoner and `medreasoner serve` together over real sockets on 127.0.0.1, with the tiny
// fixture Qwen2.5-VL: the streamed greedy text equals the local pipeline's byte for byte; a client
// that cancels frees the model for the next one at once; clients queue and the rest get 429; the
// API key is enforced off loopback; /v1/ground returns the pipeline's answer and mask; and
// `eval --server --concurrency 4` writes the local evaluation's results.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <regex>
#include <thread>

#include "app/cli/command.h"
#include "engine/core/files.h"
#include "engine/dataset/dataset_export.h"
#include "engine/eval/results_store.h"
#include "engine/ground/grounding_json.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/reason/qwen_reasoner.h"
#include "engine/reason/text/chat_prompt.h"
#include "engine/segment/classical_expert.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/http_client.h"
#include "engine/serve/image_codec.h"
#include "engine/serve/reasoner_server.h"
#include "engine/serve/remote_reasoner.h"
#include "engine/serve/sse_parser.h"
#include "tests/engine/ground/eval_test_dataset.h"
#include "tests/engine/ground/fakes.h"

namespace fs = std::filesystem;
using namespace mr::serve;
using mr::json::Value;

namespace {

const std::string kTiny = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";
const std::string kDir = std::string(MR_TEST_OUTPUT_DIR);
const std::string kQuestion = "Where is the lesion?";

std::shared_ptr<mr::reason::QwenReasoner> tinyModel() {
    static std::shared_ptr<mr::reason::QwenReasoner> model = [] {
        mr::reason::ReasonerLoadOptions o;
        o.device = "cpu";
        return std::shared_ptr<mr::reason::QwenReasoner>(mr::reason::QwenReasoner::load(kTiny, o));
    }();
    return model;
}

std::shared_ptr<mr::segment::SegmentationExpert> classical() {
    return std::shared_ptr<mr::segment::SegmentationExpert>(mr::segment::makeClassicalExpert());
}

mr::RgbImage picture(int w, int h) {
    mr::RgbImage img;
    img.width = w;
    img.height = h;
    img.rgb.resize(size_t(w) * size_t(h) * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c)
                img.rgb[size_t((y * w + x) * 3 + c)] =
                    uint8_t((x * 5 + y * 3 + c * 40) % 256 / (x > w / 3 && y > h / 3 ? 1 : 3));
    return img;
}

// A server on a free port with the log kept.
struct Served {
    std::unique_ptr<ReasonerServer> server;
    int port = 0;
    std::mutex mutex;
    std::vector<std::string> lines;

    Served(std::shared_ptr<mr::reason::Reasoner> reasoner, ServeOptions o) {
        o.port = 0;
        o.modelName = "tiny";
        o.log = [this](const std::string& line) {
            std::lock_guard<std::mutex> lock(mutex);
            lines.push_back(line);
        };
        server =
            std::make_unique<ReasonerServer>(std::make_shared<mr::ground::GroundingPipeline>(reasoner, classical()), o);
        port = server->start();
    }
    // The server's workers log until it stops: stop it before the log it writes into goes.
    ~Served() { server.reset(); }
    std::string url(const std::string& host = "127.0.0.1") const {
        return "http://" + host + ":" + std::to_string(port) + "/v1";
    }
    std::vector<std::string> log() {
        std::lock_guard<std::mutex> lock(mutex);
        return lines;
    }
};

RemoteReasonerSettings remote(const std::string& url) {
    RemoteReasonerSettings s;
    s.baseUrl = url;
    s.model = "tiny";
    s.idleTimeoutSeconds = 60;
    s.busyRetries = 0;
    return s;
}

HttpResponse post(const std::string& url, const Value& body, std::vector<std::string> headers = {}) {
    HttpRequest r;
    r.method = "POST";
    r.url = url;
    r.headers = std::move(headers);
    r.headers.push_back("Content-Type: application/json");
    r.body = mr::json::dump(body);
    return performHttp(r, {}, {});
}

Value getJson(const std::string& url) {
    HttpRequest r;
    r.url = url;
    return mr::json::parse(performHttp(r, {}, {}).body);
}

ChatRequest chatFor(const mr::RgbImage& img, const std::string& text, int64_t maxTokens) {
    ChatRequest c;
    c.model = "tiny";
    c.imageUrl = makeDataUrl("image/png", encodePng(img.view()));
    c.text = text;
    c.maxTokens = maxTokens;
    c.temperature = 0.0;
    return c;
}

// Waits (bounded) until `done` holds; false when it never did.
bool eventually(const std::function<bool()>& done, int seconds = 60) {
    for (int i = 0; i < seconds * 100; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

// About three bytes from the middle of `text`, cut at UTF-8 character boundaries: a stop string is
// JSON text, and JSON strings cannot carry part of a character.
std::string middleSnippet(const std::string& text) {
    auto boundary = [&](size_t i) {
        while (i < text.size() && (uint8_t(text[i]) & 0xC0) == 0x80) ++i;
        return i;
    };
    const size_t from = boundary(text.size() / 2);
    return text.substr(from, boundary(std::min(text.size(), from + 3)) - from);
}

}  // namespace

TEST(ServeTinyModel, StreamedGreedyTextEqualsTheLocalPipelineByteForByte) {
    Served s(tinyModel(), {});
    RemoteReasoner client(remote(s.url()));
    struct Variant {
        int w, h;
        mr::reason::AskOptions ask;
    };
    mr::reason::AskOptions plain;
    plain.maxNewTokens = 24;
    mr::reason::AskOptions briefNoThink = plain;
    briefNoThink.think = false;
    briefNoThink.systemMessage = "You answer with coordinates only.";
    briefNoThink.repetitionPenalty = 1.3;
    for (const Variant& v : {Variant{100, 90, plain}, Variant{112, 84, briefNoThink}}) {
        SCOPED_TRACE(std::to_string(v.w) + "x" + std::to_string(v.h));
        const mr::RgbImage img = picture(v.w, v.h);
        const auto local = tinyModel()->ask(img.view(), kQuestion, v.ask);
        std::string streamed;
        int pieces = 0;
        const auto far = client.ask(img.view(), kQuestion, v.ask, [&](std::string_view d) {
            streamed += d;
            ++pieces;
        });
        ASSERT_FALSE(local.text.empty());
        EXPECT_EQ(far.text, local.text);
        EXPECT_EQ(streamed, local.text);
        EXPECT_GT(pieces, 3);                                             // it did stream
        EXPECT_EQ(far.timings.promptTokens, local.timings.promptTokens);  // the same prompt, token for token
        EXPECT_EQ(far.timings.generatedTokens, local.timings.generatedTokens);
        EXPECT_EQ(far.modelWidth, local.modelWidth);
        EXPECT_EQ(far.modelHeight, local.modelHeight);
        EXPECT_EQ(far.stopReason, local.stopReason);
    }
    EXPECT_EQ(client.resizeRule()->maxPixels, 12845056);  // learnt from the server's /v1/models

    // The whole pipeline, local and remote, ends the same way.
    mr::ground::GroundingRequest req;
    req.image.rgb = picture(100, 90);
    req.question = kQuestion;
    req.ask.maxNewTokens = 24;
    auto viaServer = std::make_shared<RemoteReasoner>(remote(s.url()));
    const auto a = mr::ground::GroundingPipeline(tinyModel(), classical()).run(req);
    const auto b = mr::ground::GroundingPipeline(viaServer, classical()).run(req);
    EXPECT_EQ(b.streamedText, a.streamedText);
    EXPECT_EQ(mr::json::dump(mr::reason::answerToJson(b.answer)), mr::json::dump(mr::reason::answerToJson(a.answer)));
    EXPECT_EQ(b.outcome, a.outcome);

    // Not streamed, and with a stop string: the reply ends before it, as OpenAI-compatible servers do.
    const mr::RgbImage img = picture(112, 84);
    const std::string prompt = mr::reason::userPromptText(kQuestion, "", true);
    const auto local = tinyModel()->ask(img.view(), kQuestion, plain);
    const HttpResponse whole = post(s.url() + "/chat/completions", chatRequestToJson(chatFor(img, prompt, 24)));
    ASSERT_EQ(whole.status, 200) << whole.body;
    const Value reply = mr::json::parse(whole.body);
    EXPECT_EQ(reply.at("choices")[0].at("message").at("content").asString(), local.text);
    EXPECT_EQ(reply.at("usage").at("completion_tokens").asInt(), local.timings.generatedTokens);
    const std::string stop = middleSnippet(local.text);
    ChatRequest stopped = chatFor(img, prompt, 24);
    stopped.stop = {stop};
    const Value cut = mr::json::parse(post(s.url() + "/chat/completions", chatRequestToJson(stopped)).body);
    EXPECT_EQ(cut.at("choices")[0].at("message").at("content").asString(), local.text.substr(0, local.text.find(stop)));
    EXPECT_EQ(cut.at("choices")[0].at("finish_reason").asString(), "stop");

    // Requests the server cannot serve are refused with a reason before they queue.
    ChatRequest other = chatFor(img, prompt, 4);
    other.model = "gpt-4";
    const HttpResponse unknown = post(s.url() + "/chat/completions", chatRequestToJson(other));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(serverErrorMessage(unknown.body).find("serves 'tiny'"), std::string::npos);
    ChatRequest badImage = chatFor(img, prompt, 4);
    badImage.imageUrl = "data:image/png;base64,AAAA";
    EXPECT_EQ(post(s.url() + "/chat/completions", chatRequestToJson(badImage)).status, 400);
    const HttpResponse tooSmall =
        post(s.url() + "/chat/completions", chatRequestToJson(chatFor(picture(20, 20), prompt, 4)));
    EXPECT_EQ(tooSmall.status, 400);
    EXPECT_NE(serverErrorMessage(tooSmall.body).find("too small"), std::string::npos) << tooSmall.body;
    EXPECT_EQ(post(s.url() + "/nowhere", Value::object()).status, 404);

    const Value models = getJson(s.url() + "/models");
    EXPECT_EQ(models.at("data")[0].at("id").asString(), "tiny");
    EXPECT_EQ(models.at("data")[0].at("image_resize").at("factor").asInt(), 28);
    // One log line per request, without image data or the question.
    for (const auto& line : s.log()) {
        EXPECT_EQ(line.find("base64"), std::string::npos) << line;
        EXPECT_EQ(line.find("lesion"), std::string::npos) << line;
    }
}

TEST(ServeTinyModel, ClientsQueueTheFullQueueRefusesAndACancelFreesTheModelAtOnce) {
    ServeOptions o;
    o.maxQueue = 2;
    Served s(tinyModel(), o);
    const mr::RgbImage img = picture(112, 84);
    mr::reason::AskOptions shortAsk;
    shortAsk.maxNewTokens = 16;
    const std::string expected = tinyModel()->ask(img.view(), kQuestion, shortAsk).text;
    auto counts = [&] { return s.server->queueCounts(); };

    // A generates for long; B and D wait behind it; C finds the queue full.
    mr::reason::AskOptions longAsk;
    longAsk.maxNewTokens = 4000;  // far more than this test lets it write
    mr::CancelToken cancelA, cancelD;
    std::atomic<int> deltasA{0};
    mr::reason::ReasonerReply replyA, replyD;
    std::string textB;
    std::thread a([&] {
        RemoteReasoner client(remote(s.url()));
        replyA = client.ask(
            img.view(), kQuestion, longAsk, [&](std::string_view) { ++deltasA; }, cancelA);
    });
    ASSERT_TRUE(eventually([&] { return deltasA >= 3; }));
    std::thread b([&] { textB = RemoteReasoner(remote(s.url())).ask(img.view(), kQuestion, shortAsk).text; });
    ASSERT_TRUE(eventually([&] { return counts().waiting == 1; }));
    std::thread d([&] { replyD = RemoteReasoner(remote(s.url())).ask(img.view(), kQuestion, shortAsk, {}, cancelD); });
    ASSERT_TRUE(eventually([&] { return counts().waiting == 2; }));
    const Value health = getJson("http://127.0.0.1:" + std::to_string(s.port) + "/health");
    EXPECT_EQ(health.at("queue").at("length").asInt(), 3);
    EXPECT_EQ(health.at("model").asString(), "tiny");
    const HttpResponse c = post(s.url() + "/chat/completions",
                                chatRequestToJson(chatFor(img, mr::reason::userPromptText(kQuestion, "", true), 4)));
    EXPECT_EQ(c.status, 429);
    EXPECT_EQ(c.retryAfter, "1");
    EXPECT_NE(serverErrorMessage(c.body).find("busy"), std::string::npos);

    // D goes away while waiting: it leaves the queue (A still generating).
    cancelD.cancel();
    d.join();
    EXPECT_TRUE(replyD.cancelled);
    EXPECT_TRUE(eventually([&] { return counts().waiting == 1; }));
    EXPECT_EQ(counts().running, 1);

    // A cancels mid-stream: the server notices at the next token and B runs.
    cancelA.cancel();
    a.join();
    b.join();
    EXPECT_TRUE(replyA.cancelled);
    EXPECT_EQ(textB, expected);
    std::smatch m;
    const std::regex gone(R"(completion_tokens=(\d+) sent=(\d+) .*finish="client gone")");
    int found = 0;
    for (const auto& line : s.log())
        if (std::regex_search(line, m, gone)) {
            ++found;
            const int generated = std::stoi(m[1]), sent = std::stoi(m[2]);
            // The client's presence is checked before every token: at most the one token that found
            // it gone is generated after the last piece sent.
            EXPECT_LE(generated, sent + 1) << line;
            EXPECT_GE(sent, 3) << line;
        }
    EXPECT_EQ(found, 1);
    bool dLeft = false;
    for (const auto& line : s.log()) dLeft |= line.find("client gone while queued") != std::string::npos;
    EXPECT_TRUE(dLeft);
    EXPECT_TRUE(eventually([&] { return counts().running + counts().waiting == 0; }));
}

TEST(ServeTinyModel, AnApiKeyIsRequiredOffLoopbackAndEnforcedWhenSet) {
    // Any address other machines can reach needs a key: the server refuses to start without one.
    ServeOptions open;
    open.host = "0.0.0.0";
    try {
        Served refused(tinyModel(), open);
        FAIL() << "served 0.0.0.0 without an API key";
    } catch (const ServeError& e) {
        EXPECT_NE(std::string(e.what()).find("API key is required"), std::string::npos) << e.what();
    }
    int rc = -1;
    for (const auto& c : mr::cli::commands())
        if (c.name == "serve")
            EXPECT_THROW(rc = c.run({"--reasoner", kTiny, "--host", "0.0.0.0"}), mr::cli::UsageError);
    EXPECT_EQ(rc, -1);

    // 127.0.0.2 is loopback too (all of 127.0.0.0/8 stays on this machine): no key needed.
    ServeOptions second;
    second.host = "127.0.0.2";
    {
        Served s(tinyModel(), second);
        RemoteReasoner client(remote(s.url("127.0.0.2")));
        EXPECT_NO_THROW(client.connect());
    }

    // With a key (here on all interfaces, reached through 127.0.0.1) every /v1 request needs it.
    ServeOptions keyed;
    keyed.host = "0.0.0.0";
    keyed.apiKey = "s3cret-key";
    Served s(tinyModel(), keyed);
    auto failure = [&](const RemoteReasonerSettings& settings) {
        try {
            RemoteReasoner(settings).connect();
        } catch (const RemoteError& e) {
            EXPECT_EQ(e.kind(), RemoteErrorKind::Unauthorized) << e.what();
            return std::string(e.what());
        }
        return std::string("connected");
    };
    EXPECT_NE(failure(remote(s.url())).find("an API key is required"), std::string::npos);
    RemoteReasonerSettings withKey = remote(s.url());
    withKey.apiKeyEnv = "MR_SERVE_TINY_KEY";
    ::setenv("MR_SERVE_TINY_KEY", "wrong", 1);
    EXPECT_NE(failure(withKey).find("the API key is wrong"), std::string::npos);
    ::setenv("MR_SERVE_TINY_KEY", "s3cret-key", 1);
    EXPECT_EQ(failure(withKey), "connected");
    const HttpResponse noKey = post(s.url() + "/ground", Value::object());
    EXPECT_EQ(noKey.status, 401);
    HttpRequest health;  // the health check stays open to load balancers
    health.url = "http://127.0.0.1:" + std::to_string(s.port) + "/health";
    EXPECT_EQ(performHttp(health, {}, {}).status, 200);
    for (const auto& line : s.log()) EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
}

TEST(ServeTinyModel, GroundReturnsThePipelinesAnswerAndMask) {
    // A reasoner that answers (the tiny random model writes no usable answer) behind the real server.
    const std::string answer =
        "<think>The bright block.</think><answer>{\"bbox\": [40, 30, 100, 80], \"points_1\": [60, 50], "
        "\"points_2\": [80, 60]}</answer>";
    auto scripted = std::make_shared<mr::ground::testing::ScriptedReasoner>(answer, 112, 84);
    Served s(scripted, {});
    const mr::RgbImage img = picture(112, 84);
    mr::ground::GroundingRequest req;
    req.image.rgb = img;
    req.question = kQuestion;
    const auto local = mr::ground::GroundingPipeline(scripted, classical()).run(req);
    ASSERT_EQ(local.outcome, mr::ground::GroundingOutcome::Mask);

    Value body = Value::object();
    body.set("image", makeDataUrl("image/png", encodePng(img.view())));
    body.set("question", kQuestion);
    const HttpResponse png = post(s.url() + "/ground", body);
    ASSERT_EQ(png.status, 200) << png.body;
    const Value r = mr::json::parse(png.body);
    EXPECT_EQ(r.at("outcome").asString(), "mask");
    EXPECT_EQ(r.at("raw_output").asString(), answer);
    EXPECT_EQ(mr::json::dump(r.at("answer")), mr::json::dump(mr::reason::answerToJson(local.answer)));
    const auto maskBytes = base64Decode(r.at("mask_data").at("data").asString());
    const mr::RgbImage maskRgb = decodeImage(maskBytes, 1 << 20);
    ASSERT_EQ(maskRgb.width, 112);
    const std::vector<uint8_t>& expected = *local.bestMask();
    size_t differing = 0;
    for (size_t i = 0; i < expected.size(); ++i) differing += (maskRgb.rgb[i * 3] != 0) != (expected[i] != 0);
    EXPECT_EQ(differing, 0u);

    body.set("mask_format", "rle");
    body.set("stream", true);
    std::string events;
    HttpRequest streamed;
    streamed.method = "POST";
    streamed.url = s.url() + "/ground";
    streamed.body = mr::json::dump(body);
    performHttp(streamed,
                [&](const HttpResponse&, std::string_view piece) {
                    events.append(piece);
                    return true;
                },
                {});
    std::string deltas;
    Value result;
    SseParser parser;
    for (const auto& e : parser.push(events)) {
        if (e.data == "[DONE]") break;
        const Value v = mr::json::parse(e.data);
        if (v.contains("delta")) deltas += v.at("delta").asString();
        if (v.contains("result")) result = v.at("result");
    }
    EXPECT_EQ(deltas, answer);
    ASSERT_TRUE(result.isObject());
    const Value& rle = result.at("mask_data");
    EXPECT_EQ(rle.at("format").asString(), "rle");
    EXPECT_EQ(mr::dataset::cocoRleDecode(rle.at("counts").asString(), 112, 84), expected);

    Value noImage = Value::object();
    noImage.set("question", kQuestion);
    const HttpResponse bad = post(s.url() + "/ground", noImage);
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(serverErrorMessage(bad.body).find("no image"), std::string::npos);
}

TEST(ServeTinyModel, EvalThroughTheServerWithConcurrencyFourEqualsTheLocalEval) {
    const std::string ds = mr::test::makeDataset(kDir, "ds", 6);
    const mr::cli::Command* eval = nullptr;
    for (const auto& c : mr::cli::commands())
        if (c.name == "eval") eval = &c;
    ASSERT_NE(eval, nullptr);
    Served s(tinyModel(), {});
    const std::vector<std::string> common = {"--expert", "classical", "--max-new-tokens", "12", "--quiet"};
    auto run = [&](std::vector<std::string> a) {
        a.insert(a.end(), common.begin(), common.end());
        ::testing::internal::CaptureStdout();
        const int rc = eval->run(a);
        const std::string out = ::testing::internal::GetCapturedStdout();
        EXPECT_EQ(rc, 0) << out;
        return out;
    };
    fs::remove_all(kDir + "/local");
    fs::remove_all(kDir + "/remote");
    run({ds, "--out", kDir + "/local", "--reasoner", kTiny, "--device", "cpu"});
    run({ds, "--out", kDir + "/remote", "--server", s.url(), "--model", "tiny", "--concurrency", "4"});
    const auto local = mr::eval::readResults(kDir + "/local/results.jsonl");
    const auto remote = mr::eval::readResults(kDir + "/remote/results.jsonl");
    ASSERT_EQ(local.size(), 6u);
    ASSERT_EQ(remote.size(), local.size());
    for (size_t i = 0; i < local.size(); ++i) {
        Value a = local[i], b = remote[i];
        for (Value* v : {&a, &b}) {  // how long things took is the only difference allowed
            v->set("timings_ms", Value());
            v->set("latency_ms", Value());
        }
        EXPECT_EQ(mr::json::dump(b), mr::json::dump(a)) << i;
        EXPECT_TRUE(remote[i].at("timings_ms").contains("reasoning"));
    }
    // Several requests were out at once (the server queued them).
    int queued = 0;
    for (const auto& line : s.log())
        if (line.find("POST /v1/chat/completions 200") != std::string::npos) ++queued;
    EXPECT_EQ(queued, 6);
    // It resumes like the local runner.
    const std::string again =
        run({ds, "--out", kDir + "/remote", "--server", s.url(), "--model", "tiny", "--concurrency", "4"});
    EXPECT_NE(again.find("evaluated 0, resumed 6 of 6"), std::string::npos) << again;
    EXPECT_THROW(eval->run({ds, "--out", kDir + "/x", "--reasoner", kTiny, "--concurrency", "2"}), mr::cli::UsageError);
    EXPECT_THROW(eval->run({ds, "--out", kDir + "/x", "--server", s.url()}), mr::cli::UsageError);  // no --model
}
