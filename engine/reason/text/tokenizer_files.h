#pragma once
// What a Hugging Face tokenizer folder declares, read into plain tables: the BPE vocabulary and
// merges (vocab.json + merges.txt, or tokenizer.json's model), the added tokens and the
// special-token roles (tokenizer_config.json). Tokenizer builds its lookup structures from these.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/reason/text/tokenizer.h"

namespace mr::reason {

struct TokenizerFiles {
    std::unordered_map<std::string, int32_t> vocab;           // BPE vocabulary: spelling -> id
    std::vector<std::pair<std::string, std::string>> merges;  // in rank order
    std::vector<AddedToken> added;                            // tokenizer_config.json's win over tokenizer.json's
    std::unordered_set<std::string> specialContents;          // with a special role, or additional special
    std::unordered_set<std::string> additionalSpecial;        // "additional_special_tokens"
    std::optional<std::string> eos, pad, bos;                 // contents of the roles, when declared
    bool splitSpecial = false;                                // "split_special_tokens"
    bool cleanUpSpaces = false;                               // "clean_up_tokenization_spaces"
};

// Throws TokenizerError naming the folder and the missing or malformed file.
TokenizerFiles readTokenizerFiles(const std::string& folder);

}  // namespace mr::reason
