#include "engine/imaging/image.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/core/limits.h"

namespace mr::imaging {

size_t bytesPerVoxel(PixelType t) {
    switch (t) {
        case PixelType::UInt8: return 1;
        case PixelType::Int16: return 2;
        case PixelType::UInt16: return 2;
        case PixelType::Float32: return 4;
        case PixelType::Rgb8: return 3;
    }
    return 1;
}

const char* pixelTypeName(PixelType t) {
    switch (t) {
        case PixelType::UInt8: return "uint8";
        case PixelType::Int16: return "int16";
        case PixelType::UInt16: return "uint16";
        case PixelType::Float32: return "float32";
        case PixelType::Rgb8: return "rgb8";
    }
    return "?";
}

std::array<double, 3> Geometry::indexToPhysical(const std::array<double, 3>& index) const {
    std::array<double, 3> p = origin;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) p[r] += direction[r * 3 + c] * spacing[c] * index[c];
    return p;
}

std::array<double, 3> Geometry::physicalToIndex(const std::array<double, 3>& point) const {
    // direction is orthonormal for every image we build, so its inverse is its transpose.
    std::array<double, 3> d{point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]};
    std::array<double, 3> idx{};
    for (int c = 0; c < 3; ++c) {
        double s = 0;
        for (int r = 0; r < 3; ++r) s += direction[r * 3 + c] * d[r];
        idx[c] = s / spacing[c];
    }
    return idx;
}

Image::Image(PixelType type, const Geometry& geometry) : type_(type), geometry_(geometry) {
    for (int i = 0; i < 3; ++i) {
        if (geometry.size[i] <= 0) throw mr::Error("image dimensions must be positive");
        if (!(geometry.spacing[i] > 0) || !std::isfinite(geometry.spacing[i]))
            throw mr::Error("image spacing must be positive");
        if (!std::isfinite(geometry.origin[i])) throw mr::Error("image origin must be finite");
    }
    for (double d : geometry.direction)
        if (!std::isfinite(d)) throw mr::Error("image directions must be finite");
    // Sizes come from files: each axis and the voxel count within mr::limits, the bytes within memory.
    const std::string dims = std::to_string(geometry.size[0]) + "x" + std::to_string(geometry.size[1]) + "x" +
                             std::to_string(geometry.size[2]);
    for (int64_t axis : geometry.size)
        mr::limits::checkRange(axis, 1, mr::limits::kMaxImageAxis, "an image axis of " + dims + " voxels");
    mr::limits::checkRange(geometry.voxelCount(), 1, mr::limits::kMaxImageVoxels,
                           "the voxel count of a " + dims + " image");
    mr::limits::checkAllocation(uint64_t(geometry.voxelCount()) * bytesPerVoxel(type), "a " + dims + " image");
    size_t n = byteSize();
    buffer_ = std::shared_ptr<uint8_t[]>(new uint8_t[n]);
    std::memset(buffer_.get(), 0, n);
}

namespace {
template <class T>
constexpr PixelType typeOf();
template <>
constexpr PixelType typeOf<int16_t>() {
    return PixelType::Int16;
}
template <>
constexpr PixelType typeOf<uint16_t>() {
    return PixelType::UInt16;
}
template <>
constexpr PixelType typeOf<float>() {
    return PixelType::Float32;
}

template <class T>
void checkType(PixelType actual) {
    bool ok = std::is_same_v<T, uint8_t> ? (actual == PixelType::UInt8 || actual == PixelType::Rgb8) : false;
    if constexpr (!std::is_same_v<T, uint8_t>) ok = actual == typeOf<T>();
    if (!ok) throw mr::Error(std::string("image holds ") + pixelTypeName(actual) + " voxels");
}

template <class T>
std::pair<double, double> rangeOf(const T* p, size_t n) {
    if (n == 0) return {0, 0};
    auto [lo, hi] = std::minmax_element(p, p + n);
    return {double(*lo), double(*hi)};
}
}  // namespace

template <class T>
T* Image::data() {
    checkType<T>(type_);
    return reinterpret_cast<T*>(buffer_.get());
}
template <class T>
const T* Image::data() const {
    checkType<T>(type_);
    return reinterpret_cast<const T*>(buffer_.get());
}
template uint8_t* Image::data<uint8_t>();
template int16_t* Image::data<int16_t>();
template uint16_t* Image::data<uint16_t>();
template float* Image::data<float>();
template const uint8_t* Image::data<uint8_t>() const;
template const int16_t* Image::data<int16_t>() const;
template const uint16_t* Image::data<uint16_t>() const;
template const float* Image::data<float>() const;

double Image::value(int64_t x, int64_t y, int64_t z, int channel) const {
    if (!contains(x, y, z) || channel < 0 || channel >= channels())
        throw mr::Error("voxel (" + std::to_string(x) + ", " + std::to_string(y) + ", " + std::to_string(z) +
                        ") is outside the image");
    size_t i = size_t((z * height() + y) * width() + x);
    const uint8_t* b = buffer_.get();
    switch (type_) {
        case PixelType::UInt8: return b[i];
        case PixelType::Rgb8: return b[i * 3 + size_t(channel)];
        case PixelType::Int16: return reinterpret_cast<const int16_t*>(b)[i];
        case PixelType::UInt16: return reinterpret_cast<const uint16_t*>(b)[i];
        case PixelType::Float32: return reinterpret_cast<const float*>(b)[i];
    }
    return 0;
}

std::pair<double, double> Image::valueRange() const {
    if (empty()) return {0, 0};
    size_t n = size_t(geometry_.voxelCount());
    switch (type_) {
        case PixelType::UInt8: return rangeOf(data<uint8_t>(), n);
        case PixelType::Rgb8: return rangeOf(data<uint8_t>(), n * 3);
        case PixelType::Int16: return rangeOf(data<int16_t>(), n);
        case PixelType::UInt16: return rangeOf(data<uint16_t>(), n);
        case PixelType::Float32: return rangeOf(data<float>(), n);
    }
    return {0, 0};
}

std::vector<WindowPreset> standardCtPresets() {
    return {{"Brain", 40, 80}, {"Soft tissue", 40, 400}, {"Lung", -600, 1500}, {"Bone", 400, 1800}, {"Liver", 60, 160}};
}

}  // namespace mr::imaging
