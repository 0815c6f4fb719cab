#include "engine/reason/text/pretokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace mr::reason {
namespace {

enum : uint8_t { kLetter = 1, kNumber = 2, kSpace = 4, kNewline = 8 };

uint8_t classify(UChar32 c) {
    uint8_t cls = 0;
    const uint32_t mask = U_MASK(u_charType(c));
    if (mask & U_GC_L_MASK) cls |= kLetter;
    if (mask & U_GC_N_MASK) cls |= kNumber;
    if (u_isUWhiteSpace(c)) cls |= kSpace;
    if (c == '\r' || c == '\n') cls |= kNewline;
    return cls;
}

uint8_t classifyCached(UChar32 c) {
    static const auto ascii = [] {
        struct Table {
            uint8_t v[128];
        } t{};
        for (int i = 0; i < 128; ++i) t.v[i] = classify(i);
        return t;
    }();
    return c >= 0 && c < 128 ? ascii.v[c] : classify(c);
}

// Simple case-insensitive comparison with an ASCII letter, as the regex engine's (?i) does
// (U+017F LATIN SMALL LETTER LONG S folds to 's').
bool sameLetter(UChar32 c, char lower) {
    if (c == lower || c == lower - 'a' + 'A') return true;
    return lower == 's' && c == 0x017F;
}

// The text decoded once: code points, their byte offsets (one more, the end) and classes.
struct CodePoints {
    std::vector<UChar32> cps;
    std::vector<size_t> offs;
    std::vector<uint8_t> cls;
    size_t n = 0;

    explicit CodePoints(std::string_view text) {
        cps.reserve(text.size());
        offs.reserve(text.size() + 1);
        cls.reserve(text.size());
        const auto* s = reinterpret_cast<const uint8_t*>(text.data());
        const int32_t len = int32_t(text.size());
        for (int32_t i = 0; i < len;) {
            offs.push_back(size_t(i));
            UChar32 c;
            U8_NEXT(s, i, len, c);
            if (c < 0) c = 0xFFFD;  // callers pass valid UTF-8; be safe anyway
            cps.push_back(c);
            cls.push_back(classifyCached(c));
        }
        n = cps.size();
        offs.push_back(text.size());
    }
    bool is(size_t i, uint8_t c) const { return i < n && (cls[i] & c) != 0; }
    bool isOther(size_t i) const { return i < n && (cls[i] & (kLetter | kNumber | kSpace)) == 0; }
};

// Each alternative of the pattern, tried at i: the end of its match, or 0 when it does not match.

// (?i:'s|'t|'re|'ve|'m|'ll|'d)
size_t matchContraction(const CodePoints& t, size_t i) {
    if (t.cps[i] != '\'' || i + 1 >= t.n) return 0;
    const UChar32 a = t.cps[i + 1];
    if (sameLetter(a, 's') || sameLetter(a, 't') || sameLetter(a, 'm') || sameLetter(a, 'd')) return i + 2;
    if (i + 2 >= t.n) return 0;
    const UChar32 b = t.cps[i + 2];
    if ((sameLetter(a, 'r') && sameLetter(b, 'e')) || (sameLetter(a, 'v') && sameLetter(b, 'e')) ||
        (sameLetter(a, 'l') && sameLetter(b, 'l')))
        return i + 3;
    return 0;
}

// [^\r\n\p{L}\p{N}]?\p{L}+
size_t matchWord(const CodePoints& t, size_t i) {
    if (!t.is(i, kLetter) && (t.is(i, kNewline | kNumber) || !t.is(i + 1, kLetter))) return 0;
    size_t j = i + 1;
    while (t.is(j, kLetter)) ++j;
    return j;
}

// \p{N}
size_t matchDigit(const CodePoints& t, size_t i) { return t.is(i, kNumber) ? i + 1 : 0; }

// ' ?[^\s\p{L}\p{N}]+[\r\n]*'
size_t matchPunctuation(const CodePoints& t, size_t i) {
    size_t j = i;
    if (t.cps[j] == ' ' && t.isOther(j + 1)) ++j;
    if (!t.isOther(j)) return 0;
    while (t.isOther(j)) ++j;
    while (t.is(j, kNewline)) ++j;
    return j;
}

// Only whitespace is left here: \s*[\r\n]+ | \s+(?!\S) | \s+ (always matches).
size_t matchWhitespace(const CodePoints& t, size_t i) {
    size_t end = i;
    size_t lastNewline = t.n;
    while (t.is(end, kSpace)) {
        if (t.cls[end] & kNewline) lastNewline = end;
        ++end;
    }
    if (end == i) end = i + 1;                       // unreachable with consistent classes; never loop forever
    if (lastNewline != t.n) return lastNewline + 1;  // \s* backs off to the last newline of the run
    if (end == t.n || end - i == 1) return end;      // (?!\S) holds at the end of text; a single space: \s+
    return end - 1;                                  // leave one space to lead the next word
}

}  // namespace

std::vector<std::pair<size_t, size_t>> qwen2PreTokenize(std::string_view text) {
    const CodePoints t(text);
    std::vector<std::pair<size_t, size_t>> pieces;
    for (size_t i = 0; i < t.n;) {
        size_t j = matchContraction(t, i);
        if (!j) j = matchWord(t, i);
        if (!j) j = matchDigit(t, i);
        if (!j) j = matchPunctuation(t, i);
        if (!j) j = matchWhitespace(t, i);
        pieces.emplace_back(t.offs[i], t.offs[j] - t.offs[i]);
        i = j;
    }
    return pieces;
}

}  // namespace mr::reason
