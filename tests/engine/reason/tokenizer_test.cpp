// Qwen2 tokenizer against the goldens computed with Hugging Face's Qwen2Tokenizer (slow).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/reason/text/tokenizer.h"

using mr::reason::IncrementalDecoder;
using mr::reason::Tokenizer;
using mr::reason::TokenizerError;

namespace {

const std::string kFolder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";

const Tokenizer& tok() {
    static const Tokenizer t = Tokenizer::fromFolder(kFolder);
    return t;
}

const mr::json::Value& goldens() {
    static const mr::json::Value g = mr::json::parseFile(kFolder + "/goldens.json");
    return g;
}

std::vector<int32_t> toIds(const mr::json::Value& a) {
    std::vector<int32_t> v;
    for (const auto& x : a.asArray()) v.push_back(int32_t(x.asInt()));
    return v;
}

}  // namespace

TEST(Tokenizer, LoadsFixtureFast) {
    const auto t0 = std::chrono::steady_clock::now();
    const Tokenizer t = Tokenizer::fromFolder(kFolder);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("tokenizer load: %.3f s\n", s);
    EXPECT_EQ(t.size(), size_t(goldens().at("tokenizer").at("len_tokenizer").asInt()));
    EXPECT_EQ(t.size(), 151665u);
    EXPECT_EQ(t.vocabSize(), 151643u);
    EXPECT_EQ(t.eosId(), 151645);
    EXPECT_EQ(t.padId(), 151643);
    EXPECT_FALSE(t.bosId().has_value());
}

TEST(Tokenizer, AllGoldenCases) {
    const auto& cases = goldens().at("tokenizer").at("cases").asArray();
    ASSERT_EQ(cases.size(), 61u);
    for (const auto& c : cases) {
        const std::string& text = c.at("text").asString();
        SCOPED_TRACE("text: " + mr::json::quote(text));
        const auto ids = tok().encode(text);
        EXPECT_EQ(ids, toIds(c.at("ids")));
        std::vector<std::string> tokens;
        for (const auto& x : c.at("tokens").asArray()) tokens.push_back(x.asString());
        EXPECT_EQ(tok().tokenize(text), tokens);
        const auto golden = toIds(c.at("ids"));
        EXPECT_EQ(tok().decode(golden), c.at("decoded").asString());
        EXPECT_EQ(tok().decode(golden, true), c.at("decoded_skip_special").asString());
        EXPECT_EQ(c.at("roundtrip_exact").asBool(), tok().decode(golden) == text);
        // Streaming gives the same text, one token at a time.
        for (bool skip : {false, true}) {
            IncrementalDecoder dec(tok(), skip);
            std::string streamed;
            for (int32_t id : golden) streamed += dec.push(id);
            streamed += dec.flush();
            EXPECT_EQ(streamed, c.at(skip ? "decoded_skip_special" : "decoded").asString());
        }
    }
}

TEST(Tokenizer, TokenLookup) {
    EXPECT_EQ(tok().tokenId("<|im_start|>"), 151644);
    EXPECT_EQ(tok().tokenId("<|image_pad|>"), 151655);
    EXPECT_EQ(tok().tokenId("Hello"), 9707);
    EXPECT_EQ(tok().tokenId("Ġworld"), 1879);
    EXPECT_FALSE(tok().tokenId("definitely not a token").has_value());
    EXPECT_EQ(tok().tokenString(1879), "Ġworld");
    EXPECT_EQ(tok().tokenBytes(1879), " world");
    EXPECT_EQ(tok().tokenString(151655), "<|image_pad|>");
    EXPECT_FALSE(tok().tokenString(151700).has_value());
    EXPECT_TRUE(tok().isSpecial(151645));
    EXPECT_FALSE(tok().isSpecial(151657));  // <tool_call> is added but not special
    EXPECT_TRUE(tok().isAdded(151657));
    EXPECT_FALSE(tok().isSpecial(9707));
    // Unknown ids (the model's padded vocabulary) decode to nothing rather than failing.
    EXPECT_EQ(tok().decode({9707, 151900, 1879}), "Hello world");
}

TEST(Tokenizer, IncrementalDecoderNeverSplitsACharacter) {
    // Each byte of a 4-byte emoji is its own token here: nothing comes out until it is complete.
    const std::string text = "ok 🫁 done";
    const auto ids = tok().encode(text);
    IncrementalDecoder dec(tok(), false);
    std::string all;
    for (int32_t id : ids) {
        const std::string piece = dec.push(id);
        // Every emitted piece is complete UTF-8 on its own.
        EXPECT_EQ(mr::json::parse(mr::json::quote(piece)).asString(), piece);
        size_t i = 0;
        while (i < piece.size()) {
            const auto b = uint8_t(piece[i]);
            const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            ASSERT_LE(i + len, piece.size()) << "half a character emitted";
            i += len;
        }
        all += piece;
    }
    all += dec.flush();
    EXPECT_EQ(all, text);

    // Bytes of a character split over tokens: held back, then released whole.
    IncrementalDecoder d2(tok(), false);
    const int32_t f0 = *tok().tokenId("ð"), f1 = *tok().tokenId("Ł");  // bytes F0 9F
    EXPECT_EQ(d2.push(f0), "");
    EXPECT_EQ(d2.push(f1), "");
    EXPECT_EQ(d2.flush(), "\xEF\xBF\xBD");  // an unfinished character becomes U+FFFD at the end
    EXPECT_EQ(tok().decode({f0, f1}), "\xEF\xBF\xBD");
}

TEST(Tokenizer, BadUtf8IsReplacedLikePython) {
    // b"\xe0\x80" -> two U+FFFD in Python ("maximal subpart" rule); a lone continuation byte -> one.
    const int32_t e0 = *tok().tokenId("à"), x80 = *tok().tokenId("Ģ");
    EXPECT_EQ(tok().decode({e0, x80}), "\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(tok().decode({x80}), "\xEF\xBF\xBD");
    // Encoding text that is not UTF-8 does not crash.
    EXPECT_FALSE(tok()
                     .encode(std::string("a\xff"
                                         "b",
                                         3))
                     .empty());
}

TEST(Tokenizer, LongInputsAreFast) {
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "The patient's MRI shows a 2.3 cm mass. 肝脏右叶可见一低密度影 ";
    text += std::string(20000, 'a');  // one huge piece: BPE must not be quadratic
    const auto t0 = std::chrono::steady_clock::now();
    const auto ids = tok().encode(text);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("encode %zu bytes -> %zu ids in %.3f s\n", text.size(), ids.size(), s);
    EXPECT_EQ(tok().decode(ids), text);
}

TEST(Tokenizer, ThreadSafe) {
    const auto& cases = goldens().at("tokenizer").at("cases").asArray();
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int rep = 0; rep < 3; ++rep)
                for (const auto& c : cases)
                    if (tok().encode(c.at("text").asString()) != toIds(c.at("ids"))) ++failures;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
}

TEST(Tokenizer, MissingFilesAreNamed) {
    try {
        Tokenizer::fromFolder(std::string(MR_TEST_OUTPUT_DIR) + "/no-such-folder");
        FAIL();
    } catch (const TokenizerError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos);
    }
    const std::string empty = std::string(MR_TEST_OUTPUT_DIR) + "/empty-tokenizer";
    std::filesystem::create_directories(empty);
    try {
        Tokenizer::fromFolder(empty);
        FAIL();
    } catch (const TokenizerError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("vocab.json"), std::string::npos) << msg;
        EXPECT_NE(msg.find("tokenizer.json"), std::string::npos) << msg;
    }
}

TEST(Tokenizer, LoadsTokenizerJsonAlone) {
    // A folder with only tokenizer.json (merges as pairs) and tokenizer_config.json behaves the same.
    const std::string dir = std::string(MR_TEST_OUTPUT_DIR) + "/fast-only";
    std::filesystem::create_directories(dir);
    std::string merges = mr::readFile(kFolder + "/merges.txt");
    std::string json =
        "{\"model\":{\"type\":\"BPE\",\"vocab\":" + mr::readFile(kFolder + "/vocab.json") + ",\"merges\":[";
    bool first = true;
    size_t pos = merges.find('\n') + 1;  // skip #version
    while (pos < merges.size()) {
        size_t eol = merges.find('\n', pos);
        if (eol == std::string::npos) eol = merges.size();
        const std::string line = merges.substr(pos, eol - pos);
        pos = eol + 1;
        const size_t sp = line.find(' ');
        if (sp == std::string::npos) continue;
        json += (first ? "" : ",") + std::string("[") + mr::json::quote(line.substr(0, sp)) + "," +
                mr::json::quote(line.substr(sp + 1)) + "]";
        first = false;
    }
    json += "]},\"added_tokens\":[]}";
    mr::writeFileAtomic(dir + "/tokenizer.json", json);
    mr::writeFileAtomic(dir + "/tokenizer_config.json", mr::readFile(kFolder + "/tokenizer_config.json"));
    const Tokenizer fast = Tokenizer::fromFolder(dir);
    EXPECT_EQ(fast.size(), 151665u);
    for (const auto& c : goldens().at("tokenizer").at("cases").asArray())
        EXPECT_EQ(fast.encode(c.at("text").asString()), toIds(c.at("ids"))) << c.at("text").asString();
}
