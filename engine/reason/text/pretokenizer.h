#pragma once
// Qwen2's pre-tokenizer: splits text into the pieces that BPE then encodes separately. It is the
// regular expression
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*
//   |\s*[\r\n]+|\s+(?!\S)|\s+
// applied with findall(), written as a scanner with the same leftmost-alternative and
// backtracking semantics. Character classes come from ICU: \p{L} and \p{N} are the general
// categories L* and N*, \s is the White_Space property.
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace mr::reason {

// Byte ranges (offset, length) of the pieces of `text` (valid UTF-8), in order, covering it.
std::vector<std::pair<size_t, size_t>> qwen2PreTokenize(std::string_view text);

}  // namespace mr::reason
