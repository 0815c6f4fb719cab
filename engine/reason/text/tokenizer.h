#pragma once
// Qwen2 / Qwen2.5(-VL) tokenizer: byte-level BPE as Hugging Face's Qwen2Tokenizer computes it.
// Encoding: NFC normalisation (ICU), added/special tokens matched in the raw text first (longest
// match), the Qwen2 pre-tokenizer on the text between them (see pretokenizer.h), then byte-level
// BPE on each piece. No BOS is added. Decoding follows the original too, including how bad UTF-8
// is replaced and how added tokens are spliced in.
// Thread-safe: a Tokenizer is immutable after loading (its BPE cache is internally locked), and
// copies share their data.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace mr::reason {

class TokenizerError : public mr::Error {
public:
    using mr::Error::Error;
};

// A token added on top of the BPE vocabulary (tokenizer_config.json "added_tokens_decoder" or
// tokenizer.json "added_tokens").
struct AddedToken {
    int32_t id = -1;
    std::string content;
    bool special = false;  // skipped by decode(..., skipSpecial = true)
    bool lstrip = false;   // swallows whitespace on its left when matched
    bool rstrip = false;   // swallows whitespace on its right when matched
};

class Tokenizer {
public:
    // Loads a Hugging Face tokenizer folder: vocab.json + merges.txt, or tokenizer.json (model
    // BPE), plus tokenizer_config.json for added tokens and special-token roles. Throws
    // TokenizerError naming the folder and the missing or malformed file.
    static Tokenizer fromFolder(const std::string& folder);

    std::vector<int32_t> encode(std::string_view text) const;
    // Ids that are neither in the vocabulary nor added tokens decode to nothing.
    std::string decode(const std::vector<int32_t>& ids, bool skipSpecial = false) const;

    // The token strings encode() would produce (vocabulary spelling: byte characters, e.g. "Ġworld").
    std::vector<std::string> tokenize(std::string_view text) const;

    // Id of a token by its vocabulary spelling or added-token content.
    std::optional<int32_t> tokenId(std::string_view token) const;
    // Vocabulary spelling (or added-token content) of an id.
    std::optional<std::string> tokenString(int32_t id) const;
    // Raw bytes an id stands for (added tokens: their content). Empty for unknown ids.
    std::string tokenBytes(int32_t id) const;

    // Number of tokens: vocabulary plus added tokens (len(tokenizer) in Python; 151665 for Qwen2.5).
    size_t size() const;
    // Size of the BPE vocabulary alone (vocab.json).
    size_t vocabSize() const;

    bool isSpecial(int32_t id) const;
    bool isAdded(int32_t id) const;
    // Added tokens that decode() splices in as separate pieces of text (Python's
    // "legacy added tokens"); see decode().
    bool isSplicedAdded(int32_t id) const;
    const std::vector<AddedToken>& addedTokens() const;

    // Special-token roles from tokenizer_config.json, when declared.
    std::optional<int32_t> eosId() const;
    std::optional<int32_t> padId() const;
    std::optional<int32_t> bosId() const;

    struct Impl;

private:
    explicit Tokenizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

// Streaming decoder: feed ids as they are generated and get text that never ends inside a UTF-8
// character. The concatenation of all push() results and flush() equals
// tokenizer.decode(allIds, skipSpecial).
class IncrementalDecoder {
public:
    IncrementalDecoder(const Tokenizer& tokenizer, bool skipSpecial);
    std::string push(int32_t id);
    // Emits what is still held back (an unfinished character becomes U+FFFD) and resets.
    std::string flush();

private:
    Tokenizer tokenizer_;  // shares the loaded data; keeps it alive
    bool skipSpecial_;
    std::string pending_;  // bytes of an unfinished UTF-8 character
};

}  // namespace mr::reason
