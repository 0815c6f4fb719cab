// The remote reasoner against a fault-injecting server (a few lines of cpp-httplib here): every
// failure the issue lists gives its own clear RemoteError, and the same reasoner (or pipeline)
// answers the next question once the server behaves.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/ground/grounding_pipeline.h"
#include "engine/segment/classical_expert.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/image_codec.h"
#include "engine/serve/remote_reasoner.h"

using namespace mr::serve;
using mr::json::Value;

namespace {

// A valid MedReasoner answer in the pixels of the 112x84 image the client sends for 100x90.
const std::string kAnswer =
    "<think>The bright block is the target.</think><answer>{\"bbox\": [28, 21, 84, 63], \"points_1\": [50, 40], "
    "\"points_2\": [60, 45]}</answer>";

std::string sse(const Value& v) { return "data: " + mr::json::dump(v) + "\n\n"; }

class FaultServer {
public:
    FaultServer() {
        http_.Get(R"(/(\w+)/v1/models)", [this](const httplib::Request& req, httplib::Response& res) {
            const std::string fault = req.matches[1];
            if (fault == "nomodels") return void(res.status = 404);
            if (fault == "auth" && !authorised(req)) return reply(res, 401, errorJson("Invalid API key", "auth"));
            reply(res, 200,
                  Value(mr::json::Object{{"data", Value(mr::json::Array{Value(mr::json::Object{
                                                      {"id", fault == "unknownmodel" ? "other-model" : "tiny"}})})}}));
        });
        http_.Post(R"(/(\w+)/v1/chat/completions)",
                   [this](const httplib::Request& req, httplib::Response& res) { chat(req.matches[1], req, res); });
        port_ = http_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { http_.listen_after_bind(); });
        while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FaultServer() {
        stopping_ = true;
        http_.stop();
        thread_.join();
    }
    std::string url(const std::string& fault, const char* scheme = "http") const {
        return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + "/" + fault + "/v1";
    }
    // How many requests to each fault misbehave before it serves properly.
    void failTimes(const std::string& fault, int n) {
        std::lock_guard<std::mutex> lock(mutex_);
        failures_[fault] = n;
    }
    std::string lastImageSize;

private:
    static void reply(httplib::Response& res, int status, const Value& v) {
        res.status = status;
        res.set_content(mr::json::dump(v), "application/json");
    }
    static bool authorised(const httplib::Request& req) {
        return req.get_header_value("Authorization") == "Bearer right-key";
    }
    bool misbehave(const std::string& fault) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = failures_.find(fault);
        if (it == failures_.end() || it->second == 0) return false;
        --it->second;
        return true;
    }
    // Streams kAnswer in three pieces, each piece followed by `after(i)` (false: break off).
    void streamAnswer(httplib::Response& res, std::function<bool(int, httplib::DataSink&)> after, bool finish = true) {
        res.set_chunked_content_provider("text/event-stream", [after, finish](size_t, httplib::DataSink& sink) {
            const size_t third = kAnswer.size() / 3;
            for (int i = 0; i < 3; ++i) {
                const std::string piece = kAnswer.substr(size_t(i) * third, i == 2 ? std::string::npos : third);
                const std::string e = sse(chatChunkJson("c", 1, "tiny", piece, std::nullopt));
                sink.write(e.data(), e.size());
                if (after && !after(i, sink)) return false;
            }
            if (finish) {
                const std::string end =
                    sse(chatChunkJson("c", 1, "tiny", std::nullopt, std::string("stop"), ChatUsage{50, 3})) +
                    "data: [DONE]\n\n";
                sink.write(end.data(), end.size());
            }
            sink.done();
            return true;
        });
    }
    void chat(const std::string& fault, const httplib::Request& req, httplib::Response& res) {
        const Value body = mr::json::parse(req.body);
        const ChatRequest chat = chatRequestFromJson(body);
        const mr::RgbImage img = decodeImage(parseDataUrl(chat.imageUrl, 1 << 24).bytes, 1 << 24);
        lastImageSize = std::to_string(img.width) + "x" + std::to_string(img.height);
        if (fault == "auth" && !authorised(req)) return reply(res, 401, errorJson("Invalid API key", "auth"));
        if (!misbehave(fault)) return streamAnswer(res, {});
        if (fault == "forbidden") return reply(res, 403, errorJson("this key may not use the model", "permission"));
        if (fault == "modelgone")
            return reply(res, 404, errorJson("The model `tiny` does not exist.", "NotFoundError"));
        if (fault == "boom") return reply(res, 500, errorJson("CUDA out of memory", "server_error"));
        if (fault == "badgateway") {
            res.status = 502;
            return res.set_content("<html><body>502 Bad Gateway</body></html>", "text/html");
        }
        if (fault == "busy") {
            res.set_header("Retry-After", "0");
            return reply(res, 429, errorJson("queue full", "server_busy"));
        }
        if (fault == "plainjson")  // a server that ignores "stream": true
            return reply(res, 200, chatCompletionJson("c", 1, "tiny", kAnswer, "stop", {50, 9}));
        if (fault == "malformed")
            return res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
                const std::string e =
                    "data: {\"choices\": [{\"delta\": {\"content\": \"x\"}}]}\n\ndata: <html>oops\n\n";
                sink.write(e.data(), e.size());
                sink.done();
                return true;
            });
        if (fault == "truncated") return streamAnswer(res, [](int, httplib::DataSink&) { return false; });
        if (fault == "endsearly") return streamAnswer(res, {}, false);
        if (fault == "midstreamerror")
            return streamAnswer(res, [](int i, httplib::DataSink& sink) {
                if (i == 0) {
                    const std::string e = sse(errorJson("the engine died", "server_error"));
                    sink.write(e.data(), e.size());
                }
                return true;
            });
        if (fault == "silent")
            return streamAnswer(res, [this](int i, httplib::DataSink&) {
                for (int k = 0; i == 0 && k < 300 && !stopping_; ++k)
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                return true;
            });
        reply(res, 400, errorJson("unknown fault " + fault, "test"));
    }

    httplib::Server http_;
    int port_ = 0;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::map<std::string, int> failures_;
};

int freePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t n = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
    ::close(s);  // nothing listens there now
    return ntohs(a.sin_port);
}

RemoteReasonerSettings settingsFor(const std::string& url) {
    RemoteReasonerSettings s;
    s.baseUrl = url;
    s.model = "tiny";
    s.connectTimeoutSeconds = 2;
    s.idleTimeoutSeconds = 0.6;
    s.busyRetries = 0;
    return s;
}

mr::RgbImage picture() {
    mr::RgbImage img;
    img.width = 100;
    img.height = 90;
    img.rgb.assign(size_t(100 * 90 * 3), 30);
    for (int y = 25; y < 75; ++y)
        for (int x = 25; x < 75; ++x)
            for (int c = 0; c < 3; ++c) img.rgb[size_t((y * 100 + x) * 3 + c)] = 220;
    return img;
}

struct Failure {
    RemoteErrorKind kind = RemoteErrorKind::Config;
    std::string message;
    std::string streamed;
};

Failure askExpectingFailure(RemoteReasoner& r) {
    const mr::RgbImage img = picture();
    Failure f;
    try {
        r.ask(img.view(), "Where is the lesion?", {}, [&](std::string_view d) { f.streamed += d; });
        ADD_FAILURE() << "no error";
    } catch (const RemoteError& e) {
        f.kind = e.kind();
        f.message = e.what();
    }
    return f;
}

std::string askText(RemoteReasoner& r) {
    const mr::RgbImage img = picture();
    return r.ask(img.view(), "Where is the lesion?", {}).text;
}

}  // namespace

TEST(RemoteReasonerFaults, EachFailureHasItsOwnClearMessageAndTheNextAskWorks) {
    FaultServer server;
    struct Case {
        std::string fault;
        RemoteErrorKind kind;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"forbidden", RemoteErrorKind::Unauthorized, "HTTP 403 (this key may not use the model)"},
        {"modelgone", RemoteErrorKind::UnknownModel, "does not serve the model 'tiny'"},
        {"boom", RemoteErrorKind::HttpStatus, "HTTP 500 (CUDA out of memory)"},
        {"badgateway", RemoteErrorKind::HttpStatus, "502 Bad Gateway"},
        {"busy", RemoteErrorKind::Busy, "busy (HTTP 429"},
        {"malformed", RemoteErrorKind::Malformed, "not JSON: <html>oops"},
        {"truncated", RemoteErrorKind::Truncated, "ended before the reply was complete"},
        {"endsearly", RemoteErrorKind::Truncated, "no finish reason and no [DONE]"},
        {"midstreamerror", RemoteErrorKind::HttpStatus, "the engine died"},
        {"silent", RemoteErrorKind::IdleTimeout, "sent nothing for"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.fault);
        server.failTimes(c.fault, 1);
        RemoteReasoner r(settingsFor(server.url(c.fault)));
        const Failure f = askExpectingFailure(r);
        EXPECT_EQ(remoteErrorKindName(f.kind), std::string(remoteErrorKindName(c.kind))) << f.message;
        EXPECT_NE(f.message.find(c.says), std::string::npos) << f.message;
        EXPECT_EQ(askText(r), kAnswer);  // the same reasoner, once the server behaves
    }
    // The client resized 100x90 by Qwen2.5-VL's rule before sending.
    EXPECT_EQ(server.lastImageSize, "112x84");
}

TEST(RemoteReasonerFaults, ConnectionAuthAndModelProblems) {
    FaultServer server;
    const Failure unreachable = [&] {
        RemoteReasoner r(settingsFor("http://127.0.0.1:" + std::to_string(freePort()) + "/v1"));
        return askExpectingFailure(r);
    }();
    EXPECT_EQ(unreachable.kind, RemoteErrorKind::Unreachable) << unreachable.message;
    EXPECT_NE(unreachable.message.find("cannot reach the server"), std::string::npos) << unreachable.message;

    RemoteReasoner tls(settingsFor(server.url("ok", "https")));  // TLS spoken to a plain HTTP server
    const Failure t = askExpectingFailure(tls);
    EXPECT_EQ(t.kind, RemoteErrorKind::Tls) << t.message;
    EXPECT_NE(t.message.find("secure connection (TLS) failed"), std::string::npos) << t.message;

    RemoteReasoner noKey(settingsFor(server.url("auth")));
    const Failure a = askExpectingFailure(noKey);
    EXPECT_EQ(a.kind, RemoteErrorKind::Unauthorized) << a.message;
    EXPECT_NE(a.message.find("none is configured"), std::string::npos) << a.message;
    RemoteReasonerSettings wrong = settingsFor(server.url("auth"));
    wrong.apiKeyEnv = "MR_FAULT_TEST_KEY";
    ::setenv("MR_FAULT_TEST_KEY", "wrong-key", 1);
    RemoteReasoner wrongKey(wrong);
    const Failure w = askExpectingFailure(wrongKey);
    EXPECT_EQ(w.kind, RemoteErrorKind::Unauthorized);
    EXPECT_NE(w.message.find("Invalid API key"), std::string::npos) << w.message;
    EXPECT_NE(w.message.find("MR_FAULT_TEST_KEY"), std::string::npos) << w.message;
    ::setenv("MR_FAULT_TEST_KEY", "right-key", 1);
    RemoteReasoner rightKey(wrong);  // the key is read when the reasoner is made
    EXPECT_EQ(askText(rightKey), kAnswer);

    RemoteReasoner unknown(settingsFor(server.url("unknownmodel")));
    const Failure u = askExpectingFailure(unknown);
    EXPECT_EQ(u.kind, RemoteErrorKind::UnknownModel);
    EXPECT_NE(u.message.find("it serves: other-model"), std::string::npos) << u.message;

    RemoteReasoner noList(settingsFor(server.url("nomodels")));  // no /models: the request decides
    EXPECT_EQ(askText(noList), kAnswer);
    RemoteReasoner plain(settingsFor(server.url("plainjson")));
    server.failTimes("plainjson", 1);
    EXPECT_EQ(askText(plain), kAnswer);

    RemoteReasonerSettings retrying = settingsFor(server.url("busy"));
    retrying.busyRetries = 2;
    server.failTimes("busy", 2);
    RemoteReasoner patient(retrying);
    EXPECT_EQ(askText(patient), kAnswer);  // two 429s, then served

    EXPECT_THROW(RemoteReasoner(settingsFor("")), RemoteError);
}

TEST(RemoteReasonerFaults, ThePipelineKeepsTheTraceReportsTheFailureAndWorksAgain) {
    FaultServer server;
    auto remote = std::make_shared<RemoteReasoner>(settingsFor(server.url("truncated")));
    mr::ground::GroundingPipeline pipeline(
        remote, std::shared_ptr<mr::segment::SegmentationExpert>(mr::segment::makeClassicalExpert()));
    mr::ground::GroundingRequest req;
    req.image.rgb = picture();
    req.question = "Where is the lesion?";
    server.failTimes("truncated", 1);
    const auto failed = pipeline.run(req);
    EXPECT_EQ(failed.outcome, mr::ground::GroundingOutcome::ReasonerFailed);
    EXPECT_NE(failed.message.find("ended before the reply was complete"), std::string::npos) << failed.message;
    EXPECT_EQ(failed.streamedText, kAnswer.substr(0, kAnswer.size() / 3));  // what arrived is kept

    const auto ok = pipeline.run(req);
    ASSERT_EQ(ok.outcome, mr::ground::GroundingOutcome::Mask) << ok.message;
    EXPECT_EQ(ok.reply.modelWidth, 112);
    EXPECT_EQ(ok.reply.modelHeight, 84);
    // [28, 21, 84, 63] in the 112x84 image the model saw is [25, 22.5, 75, 67.5] in the 100x90 original.
    EXPECT_NEAR(ok.answer.box->x1, 25.0, 1e-9);
    EXPECT_NEAR(ok.answer.box->y1, 22.5, 1e-9);
    EXPECT_NEAR(ok.answer.box->x2, 75.0, 1e-9);
    EXPECT_NEAR(ok.answer.box->y2, 67.5, 1e-9);
    EXPECT_TRUE(ok.hasMask());
    EXPECT_EQ(ok.reply.timings.generatedTokens, 3);
    EXPECT_EQ(ok.reply.timings.promptTokens, 50);
}

TEST(RemoteReasonerFaults, CancellingClosesTheStreamAndKeepsTheText) {
    FaultServer server;
    RemoteReasoner r(settingsFor(server.url("silent")));
    server.failTimes("silent", 1);
    mr::CancelToken cancel;
    std::string streamed;
    const mr::RgbImage img = picture();
    const auto reply = r.ask(
        img.view(), "Where?", {},
        [&](std::string_view d) {
            streamed += d;
            cancel.cancel();
        },
        cancel);
    EXPECT_TRUE(reply.cancelled);
    EXPECT_EQ(reply.stopReason, "cancelled");
    EXPECT_EQ(reply.text, streamed);
    EXPECT_FALSE(streamed.empty());  // and no IdleTimeout: the cancel ended the wait
}
