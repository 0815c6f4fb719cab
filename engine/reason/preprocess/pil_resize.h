#pragma once
// Pillow's Image.resize((w, h), Image.BICUBIC) on 8-bit images, bit for bit (Pillow 9.x
// ImagingResample): separable convolution with the a = -0.5 cubic kernel (support 2, widened by
// the scale when shrinking, i.e. antialiased), coefficients normalised per output pixel and
// quantised to 22-bit fixed point, horizontal pass first with the intermediate rounded to uint8,
// passes skipped when that axis keeps its size.
#include <cstdint>
#include <vector>

namespace mr::reason {

// `pixels` is interleaved, `channels` (1..4) bytes per pixel, rows without padding.
std::vector<uint8_t> resizeBicubicPil(const uint8_t* pixels, int width, int height, int channels, int outWidth,
                                      int outHeight);

}  // namespace mr::reason
