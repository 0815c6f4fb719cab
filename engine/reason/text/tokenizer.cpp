#include "engine/reason/text/tokenizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <queue>
#include <unordered_map>

#include "engine/core/limits.h"
#include "engine/core/json.h"
#include "engine/reason/text/byte_level.h"
#include "engine/reason/text/pretokenizer.h"
#include "engine/reason/text/tokenizer_files.h"

namespace mr::reason {

namespace {
enum : uint8_t { kKnown = 1, kAdded = 2, kSpecial = 4, kSpliced = 8 };
constexpr size_t kCacheLimit = 200000;  // pieces remembered before the cache is reset
constexpr size_t kCacheMaxPiece = 128;  // longer pieces are rare: not worth caching
}  // namespace

struct Tokenizer::Impl {
    std::unordered_map<std::string, int32_t> tokenToId;  // vocabulary spelling and added contents
    std::vector<std::string> idToToken;                  // spelling ("" for holes)
    std::vector<std::string> idToBytes;                  // raw bytes
    std::vector<uint8_t> flags;
    size_t vocabSize = 0;
    std::unordered_map<uint64_t, std::pair<int32_t, int32_t>> merges;  // (left,right) -> (rank, merged)
    std::array<int32_t, 256> byteIds{};
    std::vector<AddedToken> added;
    std::array<std::vector<size_t>, 256> matchByFirstByte;  // indices into `added`, longest first
    bool cleanUpSpaces = false;
    std::optional<int32_t> eos, pad, bos;

    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache;

    void bpe(std::string_view piece, std::vector<int32_t>& out) const;
    void encodeOrdinary(std::string_view text, std::vector<int32_t>& out) const;
    std::vector<int32_t> encode(std::string_view text) const;
    void buildIdTables(TokenizerFiles& files, const std::string& folder);  // takes the vocabulary
    void buildMergeTable(const std::vector<std::pair<std::string, std::string>>& mergeList, const std::string& folder);
    uint8_t flagsOf(int32_t id) const { return id >= 0 && size_t(id) < flags.size() ? flags[size_t(id)] : uint8_t(0); }
};

namespace {

uint64_t pairKey(int32_t a, int32_t b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Python's clean_up_tokenization(), used only when the config asks for it.
void cleanUpTokenization(std::string& s) {
    static const std::pair<const char*, const char*> rules[] = {
        {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
        {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto& [from, to] : rules) {
        const std::string f(from), t(to);
        std::string out;
        size_t pos = 0;
        for (size_t hit; (hit = s.find(f, pos)) != std::string::npos; pos = hit + f.size()) {
            out.append(s, pos, hit - pos);
            out += t;
        }
        out.append(s, pos, std::string::npos);
        s.swap(out);
    }
}

std::string normalizeNfc(std::string_view text) {
    bool ascii = true;
    for (char c : text) {
        if (uint8_t(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) return std::string(text);
    // Python strings cannot hold bad UTF-8; replace it the way a decode with errors="replace" would.
    std::string valid = bytelevel::utf8Replacing(text);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw TokenizerError(std::string("ICU NFC normaliser unavailable: ") + u_errorName(status));
    if (nfc->isNormalizedUTF8(icu::StringPiece(valid.data(), int32_t(valid.size())), status) && U_SUCCESS(status))
        return valid;
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, int32_t(valid.size()));
    nfc->normalizeUTF8(0, icu::StringPiece(valid.data(), int32_t(valid.size())), sink, nullptr, status);
    if (U_FAILURE(status)) throw TokenizerError(std::string("NFC normalisation failed: ") + u_errorName(status));
    return out;
}

}  // namespace

void Tokenizer::Impl::bpe(std::string_view piece, std::vector<int32_t>& out) const {
    const bool cacheable = piece.size() <= kCacheMaxPiece;
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex);
        auto it = cache.find(std::string(piece));
        if (it != cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    const int32_t n = int32_t(piece.size());
    const size_t count = piece.size();
    std::vector<int32_t> sym(count), prev(count), next(count);
    std::vector<char> alive(count, 1);
    for (int32_t i = 0; i < n; ++i) {
        sym[size_t(i)] = byteIds[uint8_t(piece[size_t(i)])];
        prev[size_t(i)] = i - 1;
        next[size_t(i)] = i + 1 < n ? i + 1 : -1;
    }
    // Lowest rank first; equal ranks are the same pair, merged left to right as the original does.
    struct Cand {
        int32_t rank, pos, left, right;
        bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap;
    auto consider = [&](int32_t pos) {
        const int32_t nx = next[size_t(pos)];
        if (nx < 0) return;
        auto it = merges.find(pairKey(sym[size_t(pos)], sym[size_t(nx)]));
        if (it != merges.end()) heap.push({it->second.first, pos, sym[size_t(pos)], sym[size_t(nx)]});
    };
    for (int32_t i = 0; i + 1 < n; ++i) consider(i);
    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        if (!alive[size_t(c.pos)]) continue;
        const int32_t nx = next[size_t(c.pos)];
        if (nx < 0 || sym[size_t(c.pos)] != c.left || sym[size_t(nx)] != c.right) continue;  // stale
        sym[size_t(c.pos)] = merges.at(pairKey(c.left, c.right)).second;
        alive[size_t(nx)] = 0;
        next[size_t(c.pos)] = next[size_t(nx)];
        if (next[size_t(nx)] >= 0) prev[size_t(next[size_t(nx)])] = c.pos;
        if (prev[size_t(c.pos)] >= 0) consider(prev[size_t(c.pos)]);
        consider(c.pos);
    }
    std::vector<int32_t> ids;
    for (int32_t i = n > 0 ? 0 : -1; i >= 0; i = next[size_t(i)]) ids.push_back(sym[size_t(i)]);
    out.insert(out.end(), ids.begin(), ids.end());
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex);
        if (cache.size() >= kCacheLimit) cache.clear();
        cache.emplace(std::string(piece), std::move(ids));
    }
}

void Tokenizer::Impl::encodeOrdinary(std::string_view text, std::vector<int32_t>& out) const {
    if (text.empty()) return;
    for (const auto& [off, len] : qwen2PreTokenize(text)) bpe(text.substr(off, len), out);
}

std::vector<int32_t> Tokenizer::Impl::encode(std::string_view raw) const {
    const std::string text = normalizeNfc(raw);
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 4);
    size_t segStart = 0;  // start of the ordinary text not yet encoded
    size_t i = 0;
    bool stripLeading = false;  // previous added token had rstrip
    auto flushText = [&](size_t end, bool stripTrailing) {
        size_t a = segStart, b = end;
        if (stripLeading)
            while (a < b && isAsciiSpace(text[a])) ++a;
        if (stripTrailing)
            while (b > a && isAsciiSpace(text[b - 1])) --b;
        encodeOrdinary(std::string_view(text).substr(a, b - a), out);
    };
    while (i < text.size()) {
        const auto& cands = matchByFirstByte[uint8_t(text[i])];
        const AddedToken* hit = nullptr;
        for (size_t k : cands) {  // longest first
            const auto& t = added[k];
            if (text.compare(i, t.content.size(), t.content) == 0) {
                hit = &t;
                break;
            }
        }
        if (!hit) {
            ++i;
            continue;
        }
        flushText(i, hit->lstrip);
        out.push_back(hit->id);
        i += hit->content.size();
        segStart = i;
        stripLeading = hit->rstrip;
    }
    flushText(text.size(), false);
    return out;
}

// Id -> spelling, bytes and flags for the vocabulary and the added tokens; the added-token matcher
// (longest match first); the special-token roles.
void Tokenizer::Impl::buildIdTables(TokenizerFiles& files, const std::string& folder) {
    tokenToId = std::move(files.vocab);
    vocabSize = tokenToId.size();
    cleanUpSpaces = files.cleanUpSpaces;
    int32_t maxId = -1;
    for (const auto& [tok, id] : tokenToId) maxId = std::max(maxId, id);
    for (const auto& a : files.added) {
        if (a.id < 0) throw TokenizerError(folder + ": added token " + json::quote(a.content) + " has a negative id");
        maxId = std::max(maxId, a.id);
    }
    if (maxId > mr::limits::kMaxTokenId)
        throw TokenizerError(folder + ": token id " + std::to_string(maxId) + " is implausibly large");
    idToToken.assign(size_t(maxId + 1), std::string());
    idToBytes.assign(size_t(maxId + 1), std::string());
    flags.assign(size_t(maxId + 1), 0);
    for (const auto& [tok, id] : tokenToId) {
        idToToken[size_t(id)] = tok;
        idToBytes[size_t(id)] = bytelevel::tokenToBytes(tok);
        flags[size_t(id)] |= kKnown;
    }
    for (const auto& a : files.added) {
        const auto id = size_t(a.id);
        tokenToId[a.content] = a.id;
        idToToken[id] = a.content;
        idToBytes[id] = a.content;
        const bool named = files.specialContents.count(a.content) != 0;
        uint8_t f = kKnown | kAdded;
        if (named || a.special) f |= kSpecial;
        // Python decodes "legacy added tokens" (added but not special, and additional special
        // tokens beyond the vocabulary) as separate pieces of text.
        if (!named || (files.additionalSpecial.count(a.content) && size_t(a.id) >= vocabSize)) f |= kSpliced;
        flags[id] = f;
    }
    added = files.added;
    std::sort(added.begin(), added.end(), [](const AddedToken& x, const AddedToken& y) { return x.id < y.id; });
    for (size_t k = 0; k < added.size(); ++k) {
        const auto& a = added[k];
        if (a.content.empty() || (files.splitSpecial && (flags[size_t(a.id)] & kSpecial))) continue;
        matchByFirstByte[uint8_t(a.content[0])].push_back(k);
    }
    for (auto& v : matchByFirstByte)
        std::stable_sort(v.begin(), v.end(),
                         [&](size_t x, size_t y) { return added[x].content.size() > added[y].content.size(); });
    auto roleId = [&](const std::optional<std::string>& c) -> std::optional<int32_t> {
        if (!c) return std::nullopt;
        auto it = tokenToId.find(*c);
        if (it == tokenToId.end()) return std::nullopt;
        return it->second;
    };
    eos = roleId(files.eos);
    pad = roleId(files.pad);
    bos = roleId(files.bos);
}

// Byte-level base symbols and the merge table (a pair's first rank wins).
void Tokenizer::Impl::buildMergeTable(const std::vector<std::pair<std::string, std::string>>& mergeList,
                                      const std::string& folder) {
    const auto& chars = bytelevel::byteToChars();
    for (int b = 0; b < 256; ++b) {
        auto it = tokenToId.find(chars[size_t(b)]);
        if (it == tokenToId.end())
            throw TokenizerError(folder + ": the vocabulary lacks the byte token " + json::quote(chars[size_t(b)]) +
                                 " (not a byte-level BPE vocabulary)");
        byteIds[size_t(b)] = it->second;
    }
    merges.reserve(mergeList.size() * 2);
    int32_t rank = 0;
    for (const auto& [a, b] : mergeList) {
        const auto ia = tokenToId.find(a), ib = tokenToId.find(b), im = tokenToId.find(a + b);
        if (ia != tokenToId.end() && ib != tokenToId.end() && im != tokenToId.end())
            merges.emplace(pairKey(ia->second, ib->second), std::make_pair(rank, im->second));
        ++rank;
    }
    if (merges.empty()) throw TokenizerError(folder + ": no usable BPE merges");
}

Tokenizer Tokenizer::fromFolder(const std::string& folder) {
    TokenizerFiles files = readTokenizerFiles(folder);
    auto impl = std::make_shared<Impl>();
    impl->buildIdTables(files, folder);
    impl->buildMergeTable(files.merges, folder);
    return Tokenizer(std::move(impl));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text) const { return impl_->encode(text); }

std::vector<std::string> Tokenizer::tokenize(std::string_view text) const {
    std::vector<std::string> out;
    for (int32_t id : encode(text)) out.push_back(impl_->idToToken[size_t(id)]);
    return out;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skipSpecial) const {
    std::string out, pending;
    for (int32_t id : ids) {
        const uint8_t f = impl_->flagsOf(id);
        if (!(f & kKnown) || (skipSpecial && (f & kSpecial))) continue;
        if (f & kSpliced) {
            bytelevel::appendUtf8Replacing(out, pending);
            pending.clear();
            out += impl_->idToBytes[size_t(id)];
        } else {
            pending += impl_->idToBytes[size_t(id)];
        }
    }
    bytelevel::appendUtf8Replacing(out, pending);
    if (impl_->cleanUpSpaces) cleanUpTokenization(out);
    return out;
}

std::optional<int32_t> Tokenizer::tokenId(std::string_view token) const {
    auto it = impl_->tokenToId.find(std::string(token));
    if (it == impl_->tokenToId.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Tokenizer::tokenString(int32_t id) const {
    if (!(impl_->flagsOf(id) & kKnown)) return std::nullopt;
    return impl_->idToToken[size_t(id)];
}

std::string Tokenizer::tokenBytes(int32_t id) const {
    if (!(impl_->flagsOf(id) & kKnown)) return {};
    return impl_->idToBytes[size_t(id)];
}

size_t Tokenizer::size() const { return impl_->tokenToId.size(); }
size_t Tokenizer::vocabSize() const { return impl_->vocabSize; }
bool Tokenizer::isSpecial(int32_t id) const { return impl_->flagsOf(id) & kSpecial; }
bool Tokenizer::isAdded(int32_t id) const { return impl_->flagsOf(id) & kAdded; }
bool Tokenizer::isSplicedAdded(int32_t id) const { return impl_->flagsOf(id) & kSpliced; }
const std::vector<AddedToken>& Tokenizer::addedTokens() const { return impl_->added; }
std::optional<int32_t> Tokenizer::eosId() const { return impl_->eos; }
std::optional<int32_t> Tokenizer::padId() const { return impl_->pad; }
std::optional<int32_t> Tokenizer::bosId() const { return impl_->bos; }

}  // namespace mr::reason
