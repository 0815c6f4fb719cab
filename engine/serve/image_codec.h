#pragma once
// The picture inside a request: PNG out (lossless, so the server sees exactly the pixels the
// client resized), PNG or JPEG in, with the size read from the file header and checked before
// anything is decoded (a small upload cannot ask for gigabytes).
#include <cstdint>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/raster.h"

namespace mr::serve {

class ImageCodecError : public mr::Error {
public:
    using mr::Error::Error;
};

std::vector<uint8_t> encodePng(const RgbImageView& image);
// A 0/non-zero mask as an 8-bit gray PNG (0 and 255).
std::vector<uint8_t> encodeMaskPng(const uint8_t* mask, int width, int height);

struct ImageHeader {
    int width = 0, height = 0;
    const char* format = "";  // "png", "jpeg"
};
// Width and height from a PNG IHDR or a JPEG start-of-frame. Throws ImageCodecError for other
// formats or a header that is cut short.
ImageHeader readImageHeader(const std::vector<uint8_t>& bytes);

// Decodes to 8-bit RGB (gray is replicated, alpha dropped). Throws ImageCodecError when the header
// says more than maxPixels or the data does not decode.
RgbImage decodeImage(const std::vector<uint8_t>& bytes, int64_t maxPixels);

}  // namespace mr::serve
