#pragma once
// Images travel inside Chat Completions requests as data URLs ("data:image/png;base64,...").
// Base64 (RFC 4648, standard alphabet, padded) and the data URL wrapper; the image codecs are in
// image_codec.h. Standard library only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace mr::serve {

class DataUrlError : public mr::Error {
public:
    using mr::Error::Error;
};

std::string base64Encode(const uint8_t* data, size_t size);
// Strict: the standard alphabet, '=' padding only at the end, no whitespace. Throws DataUrlError.
std::vector<uint8_t> base64Decode(std::string_view text);

struct DataUrl {
    std::string mediaType;  // e.g. "image/png" (lower case)
    std::vector<uint8_t> bytes;
};

std::string makeDataUrl(const std::string& mediaType, const std::vector<uint8_t>& bytes);
// Accepts "data:<type>[;param...];base64,<payload>". Throws DataUrlError (not a data URL, not
// base64, payload decoding to more than maxBytes).
DataUrl parseDataUrl(std::string_view url, size_t maxBytes);

}  // namespace mr::serve
