#include "engine/core/sha256.h"

#include <openssl/evp.h>

#include "engine/core/error.h"

namespace mr {

std::array<uint8_t, 32> sha256(const void* data, size_t size) {
    std::array<uint8_t, 32> out{};
    unsigned int length = 0;
    // EVP_Digest is OpenSSL's one-shot digest; it fails only when the library itself cannot work.
    if (EVP_Digest(data, size, out.data(), &length, EVP_sha256(), nullptr) != 1 || length != out.size())
        throw mr::Error("SHA-256: OpenSSL's EVP_Digest failed");
    return out;
}

std::string sha256Hex(const std::string& text) { return sha256Hex(text.data(), text.size()); }

std::string sha256Hex(const void* data, size_t size) {
    static const char* kHex = "0123456789abcdef";
    auto d = sha256(data, size);
    std::string s;
    s.reserve(64);
    for (uint8_t b : d) {
        s += kHex[b >> 4];
        s += kHex[b & 15];
    }
    return s;
}

}  // namespace mr
