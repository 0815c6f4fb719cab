#pragma once
// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface. Used to derive de-identified keys (salted hashes
// of DICOM UIDs) and checksums; small inputs, so one-shot functions suffice.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mr {

// The 32-byte digest of `size` bytes at `data`.
std::array<uint8_t, 32> sha256(const void* data, size_t size);

// The digest as 64 lowercase hex digits.
std::string sha256Hex(const void* data, size_t size);
std::string sha256Hex(const std::string& text);

}  // namespace mr
