#include "engine/serve/data_url.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace mr::serve {

namespace {
const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::array<int8_t, 256> decodeTable() {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 64; ++i) t[uint8_t(kAlphabet[i])] = int8_t(i);
    return t;
}
}  // namespace

std::string base64Encode(const uint8_t* data, size_t size) {
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        const uint32_t v = uint32_t(data[i]) << 16 | uint32_t(data[i + 1]) << 8 | data[i + 2];
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
    }
    if (const size_t rest = size - i; rest > 0) {
        const uint32_t v = uint32_t(data[i]) << 16 | (rest == 2 ? uint32_t(data[i + 1]) << 8 : 0u);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::vector<uint8_t> base64Decode(std::string_view text) {
    static const std::array<int8_t, 256> table = decodeTable();
    if (text.size() % 4 != 0) throw DataUrlError("base64 text length is not a multiple of 4");
    std::vector<uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        uint32_t v = 0;
        int pad = 0;
        for (size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && last && k >= 2) {
                ++pad;
                v <<= 6;
                continue;
            }
            const int8_t d = table[uint8_t(c)];
            if (d < 0 || pad > 0) throw DataUrlError("invalid base64 character at offset " + std::to_string(i + k));
            v = v << 6 | uint32_t(d);
        }
        out.push_back(uint8_t(v >> 16));
        if (pad < 2) out.push_back(uint8_t(v >> 8));
        if (pad < 1) out.push_back(uint8_t(v));
    }
    return out;
}

std::string makeDataUrl(const std::string& mediaType, const std::vector<uint8_t>& bytes) {
    return "data:" + mediaType + ";base64," + base64Encode(bytes.data(), bytes.size());
}

DataUrl parseDataUrl(std::string_view url, size_t maxBytes) {
    if (url.substr(0, 5) != "data:")
        throw DataUrlError(
            "the image is not a data URL (\"data:image/png;base64,...\"); URLs to fetch are not accepted");
    const size_t comma = url.find(',');
    if (comma == std::string_view::npos) throw DataUrlError("the data URL has no ',' before its payload");
    std::string header(url.substr(5, comma - 5));
    std::transform(header.begin(), header.end(), header.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const std::string suffix = ";base64";
    if (header.size() < suffix.size() || header.compare(header.size() - suffix.size(), suffix.size(), suffix) != 0)
        throw DataUrlError("the data URL is not base64-encoded");
    const std::string_view payload = url.substr(comma + 1);
    if (payload.size() / 4 * 3 > maxBytes)
        throw DataUrlError("the image is larger than " + std::to_string(maxBytes) + " bytes");
    DataUrl d;
    d.mediaType = header.substr(0, header.find(';'));
    d.bytes = base64Decode(payload);
    return d;
}

}  // namespace mr::serve
