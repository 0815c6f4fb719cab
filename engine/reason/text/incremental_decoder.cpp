#include "engine/reason/text/byte_level.h"
#include "engine/reason/text/tokenizer.h"

namespace mr::reason {

IncrementalDecoder::IncrementalDecoder(const Tokenizer& tokenizer, bool skipSpecial)
    : tokenizer_(tokenizer), skipSpecial_(skipSpecial) {}

std::string IncrementalDecoder::push(int32_t id) {
    if (!tokenizer_.tokenString(id) || (skipSpecial_ && tokenizer_.isSpecial(id))) return {};
    std::string out;
    if (tokenizer_.isSplicedAdded(id)) {  // decode() splices these in whole; so do we
        bytelevel::appendUtf8Replacing(out, pending_);
        pending_.clear();
        out += tokenizer_.tokenBytes(id);
        return out;
    }
    pending_ += tokenizer_.tokenBytes(id);
    const size_t ready = bytelevel::decodablePrefix(pending_);
    bytelevel::appendUtf8Replacing(out, std::string_view(pending_).substr(0, ready));
    pending_.erase(0, ready);
    return out;
}

std::string IncrementalDecoder::flush() {
    std::string out = bytelevel::utf8Replacing(pending_);
    pending_.clear();
    return out;
}

}  // namespace mr::reason
