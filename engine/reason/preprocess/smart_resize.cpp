#include "engine/reason/preprocess/smart_resize.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace mr::reason {

namespace {
constexpr int64_t kMaxInputPixels = int64_t(1) << 30;  // beyond any medical 2D image; guards overflow
}

ResizedSize smartResize(int height, int width, int factor, int64_t minPixels, int64_t maxPixels) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (factor <= 0) throw ImageSizeError("image resize factor must be positive, got " + std::to_string(factor));
    if (minPixels <= 0 || maxPixels < minPixels)
        throw ImageSizeError("image pixel limits are inconsistent: min_pixels " + std::to_string(minPixels) +
                             ", max_pixels " + std::to_string(maxPixels));
    if (height < factor || width < factor)
        throw ImageSizeError("image " + size + " is too small: both sides must be at least " + std::to_string(factor) +
                             " pixels");
    if (int64_t(height) * width > kMaxInputPixels)
        throw ImageSizeError("image " + size + " is too large (more than " + std::to_string(kMaxInputPixels) +
                             " pixels)");
    if (double(std::max(height, width)) / double(std::min(height, width)) > 200.0)
        throw ImageSizeError("image " + size + " is too elongated: the aspect ratio must be at most 200:1");

    // Same operations, in the same order and precision, as transformers' smart_resize.
    auto roundHalfEven = [](double x) { return int64_t(std::nearbyint(x)); };  // FE_TONEAREST
    int64_t h = roundHalfEven(double(height) / factor) * factor;
    int64_t w = roundHalfEven(double(width) / factor) * factor;
    const double pixels = double(int64_t(height) * width);
    if (h * w > maxPixels) {
        const double beta = std::sqrt(pixels / double(maxPixels));
        h = std::max<int64_t>(factor, int64_t(std::floor(double(height) / beta / factor)) * factor);
        w = std::max<int64_t>(factor, int64_t(std::floor(double(width) / beta / factor)) * factor);
    } else if (h * w < minPixels) {
        const double beta = std::sqrt(double(minPixels) / pixels);
        h = int64_t(std::ceil(double(height) * beta / factor)) * factor;
        w = int64_t(std::ceil(double(width) * beta / factor)) * factor;
    }
    return {int(h), int(w)};
}

}  // namespace mr::reason
