// The small parts of serving, each on its own: SSE framing, base64 and data URLs, image headers,
// the Chat Completions wire format both ways, reading a reply stream, stop strings, the queue,
// the loopback rule and the remote settings.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/serve/chat_stream.h"
#include "engine/serve/chat_wire.h"
#include "engine/serve/data_url.h"
#include "engine/serve/generation_queue.h"
#include "engine/serve/image_codec.h"
#include "engine/serve/reasoner_server.h"
#include "engine/serve/remote_error.h"
#include "engine/serve/remote_settings.h"
#include "engine/serve/sse_parser.h"
#include "engine/serve/stop_matcher.h"

using namespace mr::serve;
using mr::json::Value;

namespace {

std::vector<SseEvent> feedInPieces(SseParser& p, const std::string& text, size_t piece) {
    std::vector<SseEvent> all;
    for (size_t i = 0; i < text.size(); i += piece) {
        auto got = p.push(std::string_view(text).substr(i, piece));
        all.insert(all.end(), got.begin(), got.end());
    }
    return all;
}

RemoteErrorKind kindOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const RemoteError& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no RemoteError";
    return RemoteErrorKind::Config;
}

}  // namespace

TEST(SseParser, FramesEventsWhateverThePiecesAndLineEnds) {
    const std::string stream =
        ": keep-alive\n\ndata: {\"a\":1}\n\nevent: result\ndata: line one\ndata: line two\r\n\r\n"
        "data:no-space\r\rdata: [DONE]\n\n";
    for (size_t piece : {size_t(1), size_t(2), size_t(7), stream.size()}) {
        SseParser p;
        const auto ev = feedInPieces(p, stream, piece);
        ASSERT_EQ(ev.size(), 4u) << piece;
        EXPECT_EQ(ev[0].data, "{\"a\":1}");
        EXPECT_EQ(ev[0].event, "");
        EXPECT_EQ(ev[1].event, "result");
        EXPECT_EQ(ev[1].data, "line one\nline two");
        EXPECT_EQ(ev[2].data, "no-space");
        EXPECT_EQ(ev[3].data, "[DONE]");
        EXPECT_FALSE(p.hasPartialEvent());
    }
    SseParser cut;
    EXPECT_TRUE(cut.push("data: {\"half\":").empty());
    EXPECT_TRUE(cut.hasPartialEvent());
    SseParser unfinished;
    unfinished.push("data: x\n");  // data line ended, event not dispatched
    EXPECT_TRUE(unfinished.hasPartialEvent());
    SseParser small(16);
    EXPECT_THROW(small.push("data: " + std::string(40, 'x')), mr::Error);
}

TEST(DataUrl, Base64RoundTripsAndRejectsGarbage) {
    for (size_t n = 0; n < 40; ++n) {
        std::vector<uint8_t> bytes(n);
        for (size_t i = 0; i < n; ++i) bytes[i] = uint8_t(i * 37 + 11);
        const std::string text = base64Encode(bytes.data(), bytes.size());
        EXPECT_EQ(text.size() % 4, 0u);
        EXPECT_EQ(base64Decode(text), bytes) << n;
    }
    EXPECT_EQ(base64Encode(reinterpret_cast<const uint8_t*>("Man"), 3), "TWFu");
    EXPECT_EQ(base64Encode(reinterpret_cast<const uint8_t*>("Ma"), 2), "TWE=");
    EXPECT_THROW(base64Decode("TWF"), DataUrlError);
    EXPECT_THROW(base64Decode("TW=u"), DataUrlError);
    EXPECT_THROW(base64Decode("TW u"), DataUrlError);

    const DataUrl d = parseDataUrl(makeDataUrl("image/png", {1, 2, 3}), 100);
    EXPECT_EQ(d.mediaType, "image/png");
    EXPECT_EQ(d.bytes, (std::vector<uint8_t>{1, 2, 3}));
    EXPECT_EQ(parseDataUrl("data:IMAGE/JPEG;name=x;base64,AAAA", 100).mediaType, "image/jpeg");
    EXPECT_THROW(parseDataUrl("https://example.org/x.png", 100), DataUrlError);
    EXPECT_THROW(parseDataUrl("data:image/png,raw", 100), DataUrlError);
    EXPECT_THROW(parseDataUrl("data:image/png;base64,AAAAAAAA", 3), DataUrlError);  // over the size limit
}

TEST(ImageCodec, PngRoundTripsAndSizesAreCheckedBeforeDecoding) {
    mr::RgbImage img;
    img.width = 5;
    img.height = 3;
    for (int i = 0; i < 5 * 3 * 3; ++i) img.rgb.push_back(uint8_t(i * 7));
    const auto png = encodePng(img.view());
    const ImageHeader h = readImageHeader(png);
    EXPECT_EQ(std::string(h.format), "png");
    EXPECT_EQ(h.width, 5);
    EXPECT_EQ(h.height, 3);
    const mr::RgbImage back = decodeImage(png, 100);
    EXPECT_EQ(back.rgb, img.rgb);                         // lossless, RGB order kept
    EXPECT_THROW(decodeImage(png, 14), ImageCodecError);  // 15 pixels > 14: refused from the header

    // A JPEG's size comes from its frame header, after other segments.
    const std::vector<uint8_t> jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF,
                                       0xC0, 0x00, 0x11, 0x08, 0x01, 0x20, 0x02, 0x40, 0x03};
    const ImageHeader j = readImageHeader(jpeg);
    EXPECT_EQ(std::string(j.format), "jpeg");
    EXPECT_EQ(j.width, 0x240);
    EXPECT_EQ(j.height, 0x120);
    EXPECT_THROW(decodeImage(jpeg, 100), ImageCodecError);
    EXPECT_THROW(readImageHeader({'G', 'I', 'F', '8', '9', 'a'}), ImageCodecError);
    EXPECT_THROW(readImageHeader(std::vector<uint8_t>(png.begin(), png.begin() + 12)), ImageCodecError);
    EXPECT_THROW(decodeImage(std::vector<uint8_t>(png.begin(), png.begin() + 40), 100), ImageCodecError);
}

TEST(ChatWire, RequestsRoundTripAndUnsupportedShapesAreRefused) {
    ChatRequest r;
    r.model = "tiny";
    r.system = "You are a helpful assistant.";
    r.imageUrl = "data:image/png;base64,AAAA";
    r.text = "<image>\nWhere?";
    r.stream = true;
    r.includeUsage = true;
    r.maxTokens = 12;
    r.temperature = 0.0;
    r.topK = 5;
    r.repetitionPenalty = 1.05;
    r.seed = 7;
    r.stop = {"</answer>"};
    const Value j = chatRequestToJson(r);
    EXPECT_EQ(j.at("messages")[1].at("content")[0].at("type").asString(), "image_url");
    const ChatRequest back = chatRequestFromJson(mr::json::parse(mr::json::dump(j)));
    EXPECT_EQ(back.model, "tiny");
    EXPECT_EQ(*back.system, *r.system);
    EXPECT_EQ(back.imageUrl, r.imageUrl);
    EXPECT_EQ(back.text, r.text);
    EXPECT_TRUE(back.stream && back.includeUsage);
    EXPECT_EQ(*back.maxTokens, 12);
    EXPECT_EQ(*back.temperature, 0.0);
    EXPECT_EQ(*back.topK, 5);
    EXPECT_EQ(*back.repetitionPenalty, 1.05);
    EXPECT_EQ(*back.seed, 7u);
    EXPECT_EQ(back.stop, r.stop);

    auto refused = [](const std::string& body) {
        try {
            chatRequestFromJson(mr::json::parse(body));
        } catch (const ChatWireError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const std::string image = R"({"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}})";
    EXPECT_NE(refused(R"({"messages":[{"role":"user","content":"hi"}]})").find("list of parts"), std::string::npos);
    EXPECT_NE(refused(R"({"messages":[{"role":"user","content":[{"type":"text","text":"q"},)" + image + "]}]}")
                  .find("before the image"),
              std::string::npos);
    EXPECT_NE(
        refused(R"({"messages":[{"role":"user","content":[)" + image + R"(]},{"role":"assistant","content":"a"}]})")
            .find("unsupported conversation"),
        std::string::npos);
    const std::string ok = R"({"messages":[{"role":"user","content":[)" + image + R"(,{"type":"text","text":"q"}]}])";
    EXPECT_EQ(refused(ok + "}"), "accepted");
    EXPECT_NE(refused(ok + R"(,"n":2})").find("n must be 1"), std::string::npos);
    EXPECT_NE(refused(ok + R"(,"top_p":0})").find("top_p"), std::string::npos);
    EXPECT_NE(refused(ok + R"(,"max_tokens":0})").find("max_tokens"), std::string::npos);
    EXPECT_NE(refused(ok + R"(,"stop":[""]})").find("stop"), std::string::npos);
    EXPECT_NE(refused(ok + R"(,"temperature":"hot"})").find("temperature"), std::string::npos);
}

TEST(ChatWire, RepliesAndErrorsAreRead) {
    const Value chunk = chatChunkJson("c1", 5, "m", std::string("he"), std::nullopt);
    EXPECT_EQ(chatPieceFromJson(chunk, true).content, "he");
    const Value last = chatChunkJson("c1", 5, "m", std::nullopt, std::string("length"), ChatUsage{10, 3});
    const ChatPiece p = chatPieceFromJson(last, true);
    EXPECT_EQ(*p.finishReason, "length");
    EXPECT_EQ(p.usage->promptTokens, 10);
    const Value whole = chatCompletionJson("c2", 5, "m", "all of it", "stop", {4, 2});
    EXPECT_EQ(chatPieceFromJson(whole, false).content, "all of it");
    EXPECT_THROW(chatPieceFromJson(mr::json::parse(R"({"choices":[{"text":"x"}]})"), true), ChatWireError);
    EXPECT_THROW(chatPieceFromJson(errorJson("boom", "server_error"), true), ChatWireError);

    EXPECT_EQ(serverErrorMessage(R"({"error":{"message":"model x not found","type":"NotFoundError"}})"),
              "model x not found");
    EXPECT_EQ(serverErrorMessage(R"({"detail":"Not authenticated"})"), "Not authenticated");
    EXPECT_EQ(serverErrorMessage(R"({"error":"plain"})"), "plain");
    EXPECT_EQ(serverErrorMessage("Bad Gateway\n"), "Bad Gateway");
    EXPECT_EQ(serverErrorMessage(""), "(no message)");
}

TEST(ChatStreamReader, CompleteTruncatedMalformedAndWholeReplies) {
    auto sse = [](const Value& v) { return "data: " + mr::json::dump(v) + "\n\n"; };
    std::string deltas;
    ChatStreamReader ok([&](std::string_view d) { deltas += d; });
    ok.push(sse(chatChunkJson("c", 1, "m", std::string("Hel"), std::nullopt)), true);
    ok.push(sse(chatChunkJson("c", 1, "m", std::string("lo"), std::nullopt)) +
                sse(chatChunkJson("c", 1, "m", std::nullopt, std::string("stop"))),
            true);
    ok.push(sse(chatChunkJson("c", 1, "m", std::nullopt, std::nullopt, ChatUsage{7, 2})) + "data: [DONE]\n\n", true);
    ok.finish();
    EXPECT_EQ(ok.text(), "Hello");
    EXPECT_EQ(deltas, "Hello");
    EXPECT_EQ(ok.usage()->completionTokens, 2);
    EXPECT_EQ(ok.deltas(), 2);

    ChatStreamReader cut({});
    cut.push(sse(chatChunkJson("c", 1, "m", std::string("Hel"), std::nullopt)), true);
    EXPECT_EQ(kindOf([&] { cut.finish(); }), RemoteErrorKind::Truncated);
    ChatStreamReader half({});
    half.push("data: {\"choices\":[{\"delta\":", true);
    EXPECT_EQ(kindOf([&] { half.finish(); }), RemoteErrorKind::Truncated);
    ChatStreamReader garbage({});
    EXPECT_EQ(kindOf([&] { garbage.push("data: <html>oops</html>\n\n", true); }), RemoteErrorKind::Malformed);
    ChatStreamReader wrongShape({});
    EXPECT_EQ(kindOf([&] { wrongShape.push("data: {\"choices\":[{\"text\":\"x\"}]}\n\n", true); }),
              RemoteErrorKind::Malformed);
    ChatStreamReader failing({});
    EXPECT_EQ(kindOf([&] { failing.push(sse(errorJson("out of memory", "server_error")), true); }),
              RemoteErrorKind::HttpStatus);

    ChatStreamReader whole({});
    whole.push(mr::json::dump(chatCompletionJson("c", 1, "m", "all", "length", {3, 1})), false);
    whole.finish();
    EXPECT_EQ(whole.text(), "all");
    EXPECT_EQ(*whole.finishReason(), "length");
    ChatStreamReader notJson({});
    notJson.push("<html>", false);
    EXPECT_EQ(kindOf([&] { notJson.finish(); }), RemoteErrorKind::Malformed);
}

TEST(StopMatcher, HoldsBackPossibleStartsAndCutsAtTheFirstStop) {
    StopMatcher none({});
    EXPECT_EQ(none.push("abc"), "abc");
    StopMatcher m({"</answer>", "STOP"});
    std::string out;
    for (const char* piece : {"<answer>{1}", "</", "ans", "x", "</an", "swer> tail"}) out += m.push(piece);
    EXPECT_TRUE(m.stopped());
    EXPECT_EQ(out, "<answer>{1}</ansx");
    EXPECT_EQ(m.push("more"), "");
    StopMatcher held({"STOP"});
    EXPECT_EQ(held.push("xxST"), "xx");
    EXPECT_EQ(held.flush(), "ST");
    StopMatcher utf8({"é!"});
    EXPECT_EQ(utf8.push("caf\xC3\xA9"), "caf");  // é may start the stop string: held back whole
    EXPECT_EQ(utf8.push("."), "\xC3\xA9.");
}

TEST(GenerationQueue, OneRunsTheOthersWaitInOrderAndTheRestAreRefused) {
    GenerationQueue q(2);
    auto a = q.tryEnter(), b = q.tryEnter(), c = q.tryEnter();
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(q.tryEnter(), nullptr);  // 1 running + 2 waiting
    ASSERT_TRUE(a->waitTurn({}));
    EXPECT_TRUE(a->running());
    EXPECT_EQ(q.counts().running, 1);
    EXPECT_EQ(q.counts().waiting, 2);
    // c gives up while waiting; b goes next once a is done.
    EXPECT_FALSE(c->waitTurn([] { return false; }, std::chrono::milliseconds(1)));
    EXPECT_EQ(q.counts().waiting, 1);
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        a.reset();
    });
    EXPECT_TRUE(b->waitTurn({}));
    release.join();
    EXPECT_EQ(q.counts().running, 1);
    EXPECT_EQ(q.counts().waiting, 0);
    b.reset();
    c.reset();
    EXPECT_EQ(q.counts().running + q.counts().waiting, 0);
    GenerationQueue none(0);
    auto only = none.tryEnter();
    EXPECT_NE(only, nullptr);
    EXPECT_EQ(none.tryEnter(), nullptr);
}

TEST(LoopbackRule, OnlyAddressesNoOtherMachineCanReach) {
    for (const char* h : {"127.0.0.1", "127.0.0.2", "127.255.0.9", "::1", "[::1]", "localhost"})
        EXPECT_TRUE(isLoopbackHost(h)) << h;
    for (const char* h : {"0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "128.0.0.1", "gpu-server", ""})
        EXPECT_FALSE(isLoopbackHost(h)) << h;
}

TEST(RemoteSettings, ValidationKeySourcesAndUrls) {
    EXPECT_EQ(normalizedBaseUrl("http://gpu:8000"), "http://gpu:8000/v1");
    EXPECT_EQ(normalizedBaseUrl(" http://gpu:8000/v1/ "), "http://gpu:8000/v1");
    EXPECT_EQ(normalizedBaseUrl("https://h/api/v2"), "https://h/api/v2");

    RemoteReasonerSettings s;
    auto problems = validateRemoteSettings(s);
    EXPECT_EQ(problems.size(), 2u);  // URL and model
    s.baseUrl = "ftp://x";
    s.model = "m";
    EXPECT_NE(validateRemoteSettings(s).at(0).find("http://"), std::string::npos);
    s.baseUrl = "http://127.0.0.1:1/v1";
    EXPECT_TRUE(validateRemoteSettings(s).empty());
    EXPECT_EQ(resolveApiKey(s), "");

    s.apiKeyEnv = "MR_SERVE_TEST_KEY_UNSET";
    ::unsetenv("MR_SERVE_TEST_KEY_UNSET");
    EXPECT_NE(validateRemoteSettings(s).at(0).find("MR_SERVE_TEST_KEY_UNSET"), std::string::npos);
    ::setenv("MR_SERVE_TEST_KEY_UNSET", "  sk-abc \n", 1);
    EXPECT_EQ(resolveApiKey(s), "sk-abc");
    s.apiKeyFile = "/tmp/k";
    EXPECT_NE(validateRemoteSettings(s).at(0).find("not both"), std::string::npos);

    s.apiKeyEnv.clear();
    const std::string dir = std::string(MR_TEST_OUTPUT_DIR);
    s.apiKeyFile = dir + "/key.txt";
    std::filesystem::remove(s.apiKeyFile);
    EXPECT_EQ(kindOf([&] { resolveApiKey(s); }), RemoteErrorKind::Config);
    std::ofstream(s.apiKeyFile) << "file-key\nignored second line\n";
    EXPECT_EQ(resolveApiKey(s), "file-key");
    std::ofstream(s.apiKeyFile) << "\n";
    EXPECT_EQ(kindOf([&] { resolveApiKey(s); }), RemoteErrorKind::Config);
    std::ofstream(s.apiKeyFile) << std::string(5000, 'k');
    EXPECT_EQ(kindOf([&] { resolveApiKey(s); }), RemoteErrorKind::Config);
    s.apiKeyFile.clear();
    s.idleTimeoutSeconds = 0;
    EXPECT_NE(validateRemoteSettings(s).at(0).find("idle timeout"), std::string::npos);
}
