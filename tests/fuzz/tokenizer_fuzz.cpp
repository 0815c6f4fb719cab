// The Qwen2 tokenizer (the tiny fixture's vocabulary and added tokens): any bytes encode and
// decode without a crash; for valid UTF-8, decoding the ids gives the text back as the tokenizer
// normalises it (NFC, like Hugging Face's); the streaming decoder gives the same text; and any
// ids, known or not, decode.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "engine/reason/text/tokenizer.h"
#include "tests/fuzz/fuzz_support.h"

using mr::reason::Tokenizer;

namespace {

const Tokenizer& tokenizer() {
    static const Tokenizer t = Tokenizer::fromFolder(mr::fuzz::fixture("qwen2_5_vl-tiny"));
    return t;
}

// NFC of valid UTF-8; false when `text` is not valid UTF-8.
bool nfc(std::string_view text, std::string& out) {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
    std::string back;
    u.toUTF8String(back);
    if (back != text) return false;  // invalid bytes became U+FFFD
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) std::abort();
    n->normalize(u, status).toUTF8String(out);
    return U_SUCCESS(status);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    tokenizer();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const Tokenizer& t = tokenizer();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<int32_t> ids = t.encode(text);
    const std::string decoded = t.decode(ids);
    std::string normalised;
    if (nfc(text, normalised) && decoded != normalised) std::abort();
    mr::reason::IncrementalDecoder stream(t, false);
    std::string streamed;
    for (int32_t id : ids) streamed += stream.push(id);
    streamed += stream.flush();
    if (streamed != decoded) std::abort();
    // The same bytes as raw ids (unknown and negative ones included).
    std::vector<int32_t> raw(size / 4);
    if (!raw.empty()) std::memcpy(raw.data(), data, raw.size() * 4);
    t.decode(raw, true);
    t.decode(raw, false);
    return 0;
}
