#include "engine/imaging/windowing.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mr::imaging {

WindowLevel defaultWindow(const Image& image) {
    const Metadata& m = image.metadata();
    if (!m.windows.empty()) return {m.windows.front().center, m.windows.front().width};
    if (m.modality == "CT") {
        const bool head = m.bodyPart == "HEAD" || m.bodyPart == "BRAIN";
        return head ? WindowLevel{40, 80} : WindowLevel{40, 400};
    }
    if (image.pixelType() == PixelType::UInt8 || image.isColor()) return {127.5, 255};
    auto [lo, hi] = image.valueRange();
    return {(lo + hi) / 2, std::max(hi - lo, 1.0)};
}

std::vector<WindowPreset> windowPresets(const Image& image) {
    std::vector<WindowPreset> presets = image.metadata().windows;
    if (image.metadata().modality != "CT") return presets;
    for (const WindowPreset& s : standardCtPresets()) {
        const bool repeated = std::any_of(presets.begin(), presets.end(), [&](const WindowPreset& p) {
            return p.name == s.name || (p.center == s.center && p.width == s.width);
        });
        if (!repeated) presets.push_back(s);
    }
    return presets;
}

std::vector<uint8_t> renderSliceRgb(const Image& image, int64_t z, const WindowLevel& window) {
    if (z < 0 || z >= image.depth()) throw mr::Error("slice " + std::to_string(z) + " is outside the image");
    const size_t n = size_t(image.width() * image.height());
    std::vector<uint8_t> rgb(n * 3);
    if (image.isColor()) {
        std::memcpy(rgb.data(), image.bytes() + size_t(z) * image.sliceBytes(), n * 3);
        return rgb;
    }
    auto fill = [&](auto* slice) {
        for (size_t i = 0; i < n; ++i) {
            auto g = uint8_t(std::lround(displayGray(double(slice[i]), window)));
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g;
        }
    };
    const size_t offset = size_t(z) * n;
    switch (image.pixelType()) {
        case PixelType::UInt8: fill(image.data<uint8_t>() + offset); break;
        case PixelType::Int16: fill(image.data<int16_t>() + offset); break;
        case PixelType::UInt16: fill(image.data<uint16_t>() + offset); break;
        case PixelType::Float32: fill(image.data<float>() + offset); break;
        case PixelType::Rgb8: break;
    }
    return rgb;
}

}  // namespace mr::imaging
