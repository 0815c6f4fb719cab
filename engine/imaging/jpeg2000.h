#pragma once
// JPEG 2000 through openjpeg (libopenjp2): DCMTK has no JPEG 2000 codec, so DICOM frames in the
// JPEG 2000 transfer syntaxes are decoded here. The encoder serves tests and writers.
#include <cstdint>
#include <string>
#include <vector>

namespace mr::imaging {

struct J2kImage {
    int width = 0, height = 0, components = 0;
    int precision = 0;  // bits per sample of the first component
    bool isSigned = false;
    // Samples interleaved by pixel (colour-by-pixel), one int32 per sample.
    std::vector<int32_t> samples;
};

// Decodes a raw codestream (J2K) or a JP2 file held in memory. `what` names the source for
// errors. Throws mr::Error with openjpeg's reason.
J2kImage decodeJpeg2000(const uint8_t* data, size_t size, const std::string& what);

// Encodes samples (interleaved by pixel) as a raw J2K codestream. lossless: reversible 5/3
// wavelet; otherwise irreversible 9/7 at `ratio`:1. mct: colour transform for 3 components.
std::vector<uint8_t> encodeJpeg2000(const J2kImage& image, bool lossless, float ratio = 10.0f, bool mct = true);

}  // namespace mr::imaging
