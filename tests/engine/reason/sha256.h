#pragma once
// SHA-256 (FIPS 180-4) for comparing tensors with the goldens' recorded digests.
#include <cstddef>
#include <string>

namespace mr::test {
std::string sha256Hex(const void* data, size_t size);
}
