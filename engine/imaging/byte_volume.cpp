#include "engine/imaging/byte_volume.h"

#include <algorithm>

#include "engine/core/error.h"

namespace mr::imaging {

namespace {

template <class T>
void windowToBytes(const T* v, size_t n, double lower, double upper, ByteVolume& out) {
    double lo = upper, hi = lower;
    for (size_t i = 0; i < n; ++i) {
        const double c = std::clamp(double(v[i]), lower, upper);
        lo = std::min(lo, c);
        hi = std::max(hi, c);
    }
    out.voxels.assign(n, 0);
    if (!(hi > lo)) {
        out.warnings.push_back("the volume is constant inside the window: every slice is black");
        return;
    }
    for (size_t i = 0; i < n; ++i)
        out.voxels[i] = uint8_t((std::clamp(double(v[i]), lower, upper) - lo) / (hi - lo) * 255.0);
}

}  // namespace

ByteVolume byteVolumeForModel(const Image& image, const std::optional<WindowLevel>& window) {
    ByteVolume out;
    const size_t n = size_t(image.geometry().voxelCount());
    if (image.pixelType() == PixelType::UInt8) {
        out.voxels.assign(image.bytes(), image.bytes() + n);
        return out;
    }
    const WindowLevel w = window ? *window : defaultWindow(image);
    out.window = w;
    const double lower = w.center - w.width / 2, upper = w.center + w.width / 2;
    switch (image.pixelType()) {
        case PixelType::Int16: windowToBytes(image.data<int16_t>(), n, lower, upper, out); break;
        case PixelType::UInt16: windowToBytes(image.data<uint16_t>(), n, lower, upper, out); break;
        case PixelType::Float32: windowToBytes(image.data<float>(), n, lower, upper, out); break;
        default: throw mr::Error("MedSAM2 needs a gray volume (CT, MR); this one is colour");
    }
    return out;
}

}  // namespace mr::imaging
