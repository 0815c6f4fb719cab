#include "engine/ground/reasoner_image.h"

#include <cstdio>

#include "engine/imaging/image_reader.h"

namespace mr::ground {

const char* imageKindName(ImageKind kind) {
    return kind == ImageKind::SliceAsDisplayed ? "slice_as_displayed" : "original_colour";
}

namespace {
std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}
}  // namespace

std::string ReasonerImage::describe() const {
    if (kind == ImageKind::OriginalColour) return "original colour";
    std::string s = "slice " + std::to_string(slice) + " as displayed";
    if (window) s += ", window C/W " + number(window->center) + "/" + number(window->width);
    return s;
}

ReasonerImage reasonerImageFromSlice(const imaging::Image& image, int64_t z,
                                     std::optional<imaging::WindowLevel> window) {
    if (image.empty()) throw mr::Error("the image is empty");
    if (z < 0 || z >= image.depth())
        throw mr::Error("slice " + std::to_string(z) + " is outside the image (it has " +
                        std::to_string(image.depth()) + " slice" + (image.depth() == 1 ? "" : "s") + ")");
    if (image.width() > 1000000 || image.height() > 1000000) throw mr::Error("the image is too large");
    ReasonerImage r;
    r.slice = z;
    r.source = image.metadata().source;
    r.kind = image.isColor() ? ImageKind::OriginalColour : ImageKind::SliceAsDisplayed;
    const imaging::WindowLevel w = window ? *window : imaging::defaultWindow(image);
    if (r.kind == ImageKind::SliceAsDisplayed) r.window = w;
    r.rgb.width = int(image.width());
    r.rgb.height = int(image.height());
    r.rgb.rgb = imaging::renderSliceRgb(image, z, w);
    return r;
}

ReasonerImage readReasonerImage(const std::string& path, std::optional<int64_t> z,
                                std::optional<imaging::WindowLevel> window, const mr::CancelToken& cancel) {
    imaging::Image image = imaging::readImage(path, cancel);
    ReasonerImage r = reasonerImageFromSlice(image, z ? *z : image.depth() / 2, window);
    r.source = path;
    return r;
}

std::string imageContentKey(const segment::RgbImage& image) {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&](uint8_t b) {
        h ^= b;
        h *= 1099511628211ull;
    };
    for (int v : {image.width, image.height})
        for (int i = 0; i < 4; ++i) mix(uint8_t(uint32_t(v) >> (8 * i)));
    for (uint8_t b : image.rgb) mix(b);
    char buf[24];
    std::snprintf(buf, sizeof buf, "rgb:%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace mr::ground
