#include "engine/reason/text/byte_level.h"

#include "engine/core/utf8.h"

#include <unordered_map>

namespace mr::reason::bytelevel {
namespace {

// GPT-2's bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the other 68 bytes
// are shifted to U+0100.. in byte order.
std::array<uint32_t, 256> makeByteToCodepoint() {
    std::array<uint32_t, 256> map{};
    uint32_t next = 256;
    for (uint32_t b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        map[b] = printable ? b : next++;
    }
    return map;
}

const std::array<uint32_t, 256>& byteToCodepoint() {
    static const std::array<uint32_t, 256> map = makeByteToCodepoint();
    return map;
}

const std::unordered_map<uint32_t, uint8_t>& codepointToByte() {
    static const std::unordered_map<uint32_t, uint8_t> map = [] {
        std::unordered_map<uint32_t, uint8_t> m;
        for (uint32_t b = 0; b < 256; ++b) m[byteToCodepoint()[b]] = uint8_t(b);
        return m;
    }();
    return map;
}

// Result of looking at one UTF-8 sequence starting at `i`.
struct Step {
    enum Kind { Valid, Invalid, Incomplete } kind;
    size_t length;  // bytes consumed (Valid: the character; Invalid: the maximal ill-formed subpart)
};

// Unicode's "maximal subpart" rule, which CPython's decoder follows.
Step step(std::string_view s, size_t i) {
    const auto b0 = uint8_t(s[i]);
    if (b0 < 0x80) return {Step::Valid, 1};
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return {Step::Invalid, 1};
    }
    for (size_t k = 1; k <= need; ++k) {
        if (i + k >= s.size()) return {Step::Incomplete, k};
        const auto b = uint8_t(s[i + k]);
        const uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h) return {Step::Invalid, k};
    }
    return {Step::Valid, need + 1};
}

const char kReplacement[] = "\xEF\xBF\xBD";

}  // namespace

const std::array<std::string, 256>& byteToChars() {
    static const std::array<std::string, 256> table = [] {
        std::array<std::string, 256> t;
        for (int b = 0; b < 256; ++b) mr::appendUtf8(t[b], byteToCodepoint()[b]);
        return t;
    }();
    return table;
}

std::string tokenToBytes(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    const auto& back = codepointToByte();
    size_t i = 0;
    while (i < token.size()) {
        const Step st = step(token, i);
        if (st.kind != Step::Valid) {  // not UTF-8 at all: keep the byte
            out += token[i++];
            continue;
        }
        uint32_t cp;
        const auto* p = reinterpret_cast<const uint8_t*>(token.data() + i);
        switch (st.length) {
            case 1: cp = p[0]; break;
            case 2: cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu); break;
            case 3: cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu); break;
            default: cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        }
        auto it = back.find(cp);
        if (it != back.end()) out += char(it->second);
        else out.append(token.data() + i, st.length);
        i += st.length;
    }
    return out;
}

size_t decodablePrefix(std::string_view bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
        const Step st = step(bytes, i);
        if (st.kind == Step::Incomplete) return i;
        i += st.length;
    }
    return i;
}

void appendUtf8Replacing(std::string& out, std::string_view bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
        const Step st = step(bytes, i);
        if (st.kind == Step::Valid) out.append(bytes.data() + i, st.length);
        else out += kReplacement;
        i += st.length;
    }
}

std::string utf8Replacing(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    appendUtf8Replacing(out, bytes);
    return out;
}

}  // namespace mr::reason::bytelevel
