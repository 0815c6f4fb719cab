#include "engine/imaging/image_info.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mr::imaging {

namespace {
template <class T>
ImageStatistics statsOf(const T* p, size_t n) {
    ImageStatistics s;
    if (n == 0) return s;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0;
    // Sum per block so float accumulation stays exact enough for hundreds of millions of voxels.
    const size_t block = 1 << 16;
    for (size_t i = 0; i < n; i += block) {
        size_t e = std::min(n, i + block);
        double part = 0;
        for (size_t k = i; k < e; ++k) {
            double v = double(p[k]);
            part += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        sum += part;
    }
    s.min = lo;
    s.max = hi;
    s.mean = sum / double(n);
    s.count = int64_t(n);
    return s;
}
}  // namespace

ImageStatistics computeStatistics(const Image& image) {
    if (image.empty()) return {};
    const size_t n = size_t(image.geometry().voxelCount());
    switch (image.pixelType()) {
        case PixelType::UInt8: return statsOf(image.data<uint8_t>(), n);
        case PixelType::Rgb8: return statsOf(image.data<uint8_t>(), n * 3);
        case PixelType::Int16: return statsOf(image.data<int16_t>(), n);
        case PixelType::UInt16: return statsOf(image.data<uint16_t>(), n);
        case PixelType::Float32: return statsOf(image.data<float>(), n);
    }
    return {};
}

std::string orientationCode(const Geometry& g) {
    std::string code;
    const char pos[3] = {'L', 'P', 'S'}, neg[3] = {'R', 'A', 'I'};
    for (int c = 0; c < 3; ++c) {
        int best = 0;
        for (int r = 1; r < 3; ++r)
            if (std::abs(g.direction[size_t(r * 3 + c)]) > std::abs(g.direction[size_t(best * 3 + c)])) best = r;
        code += g.direction[size_t(best * 3 + c)] >= 0 ? pos[best] : neg[best];
    }
    return code;
}

std::string slicePlaneName(const Geometry& g) {
    const double n[3] = {g.direction[2], g.direction[5], g.direction[8]};
    int best = 0;
    for (int r = 1; r < 3; ++r)
        if (std::abs(n[r]) > std::abs(n[best])) best = r;
    if (std::abs(n[best]) < 0.99) return "oblique";
    return best == 0 ? "sagittal" : best == 1 ? "coronal" : "axial";
}

}  // namespace mr::imaging
