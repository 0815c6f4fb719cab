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

}  // namespace

std::vector<std::pair<size_t, size_t>> qwen2PreTokenize(std::string_view text) {
    // Decode once: code points, their byte offsets and classes.
    std::vector<UChar32> cps;
    std::vector<size_t> offs;
    std::vector<uint8_t> cls;
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
    const size_t n = cps.size();
    offs.push_back(text.size());

    auto is = [&](size_t i, uint8_t c) { return i < n && (cls[i] & c) != 0; };
    auto isOther = [&](size_t i) { return i < n && (cls[i] & (kLetter | kNumber | kSpace)) == 0; };

    std::vector<std::pair<size_t, size_t>> pieces;
    auto emit = [&](size_t a, size_t b) { pieces.emplace_back(offs[a], offs[b] - offs[a]); };

    size_t i = 0;
    while (i < n) {
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (cps[i] == '\'' && i + 1 < n) {
            const UChar32 a = cps[i + 1];
            if (sameLetter(a, 's') || sameLetter(a, 't') || sameLetter(a, 'm') || sameLetter(a, 'd')) {
                emit(i, i + 2);
                i += 2;
                continue;
            }
            if (i + 2 < n) {
                const UChar32 b = cps[i + 2];
                if ((sameLetter(a, 'r') && sameLetter(b, 'e')) || (sameLetter(a, 'v') && sameLetter(b, 'e')) ||
                    (sameLetter(a, 'l') && sameLetter(b, 'l'))) {
                    emit(i, i + 3);
                    i += 3;
                    continue;
                }
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (is(i, kLetter) || (!is(i, kNewline | kNumber) && is(i + 1, kLetter))) {
            size_t j = i + 1;
            while (is(j, kLetter)) ++j;
            emit(i, j);
            i = j;
            continue;
        }
        // \p{N}
        if (is(i, kNumber)) {
            emit(i, i + 1);
            ++i;
            continue;
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        {
            size_t j = i;
            if (cps[j] == ' ' && isOther(j + 1)) ++j;
            if (isOther(j)) {
                while (isOther(j)) ++j;
                while (is(j, kNewline)) ++j;
                emit(i, j);
                i = j;
                continue;
            }
        }
        // Only whitespace is left here: \s*[\r\n]+ | \s+(?!\S) | \s+
        size_t end = i;
        size_t lastNewline = n;
        while (is(end, kSpace)) {
            if (cls[end] & kNewline) lastNewline = end;
            ++end;
        }
        if (end == i) end = i + 1;  // unreachable with consistent classes; never loop forever
        size_t j;
        if (lastNewline != n) j = lastNewline + 1;  // \s* backs off to the last newline of the run
        else if (end == n || end - i == 1)
            j = end;       // (?!\S) holds at the end of text; a single space falls through to \s+
        else j = end - 1;  // leave one space to lead the next word
        emit(i, j);
        i = j;
    }
    return pieces;
}

}  // namespace mr::reason
