#include "engine/imaging/segmentation.h"

#include <algorithm>

namespace mr::imaging {

const char* segmentAlgorithmTypeName(SegmentAlgorithmType type) {
    switch (type) {
        case SegmentAlgorithmType::Manual: return "MANUAL";
        case SegmentAlgorithmType::SemiAutomatic: return "SEMIAUTOMATIC";
        case SegmentAlgorithmType::Automatic: return "AUTOMATIC";
    }
    return "MANUAL";
}

bool Segment::sliceEmpty(int64_t z) const {
    if (z < 0 || size_t(z) >= slices.size()) return true;
    const auto& s = slices[size_t(z)];
    return std::all_of(s.begin(), s.end(), [](uint8_t v) { return v == 0; });
}

int64_t Segment::countVoxels() const {
    int64_t n = 0;
    for (const auto& s : slices)
        for (uint8_t v : s) n += v != 0;
    return n;
}

Segment& Segmentation::addSegment(const SegmentDescription& description) {
    Segment s;
    s.description = description;
    s.slices.resize(size_t(std::max<int64_t>(geometry.size[2], 0)));
    segments.push_back(std::move(s));
    return segments.back();
}

void Segmentation::setSlice(size_t index, int64_t z, const uint8_t* mask, size_t count) {
    if (index >= segments.size()) throw mr::Error("segmentation: no segment " + std::to_string(index + 1));
    const size_t pixels = size_t(geometry.size[0]) * size_t(geometry.size[1]);
    if (count != pixels)
        throw mr::Error("segmentation: a mask of " + std::to_string(count) + " pixels does not fit slices of " +
                        std::to_string(geometry.size[0]) + "x" + std::to_string(geometry.size[1]));
    Segment& s = segments[index];
    if (z < 0 || size_t(z) >= s.slices.size())
        throw mr::Error("segmentation: slice " + std::to_string(z) + " is outside the grid of " +
                        std::to_string(s.slices.size()) + " slices");
    std::vector<uint8_t> bits(pixels);
    bool any = false;
    for (size_t i = 0; i < pixels; ++i) {
        bits[i] = mask[i] ? 1 : 0;
        any = any || bits[i];
    }
    if (any) s.slices[size_t(z)] = std::move(bits);
    else s.slices[size_t(z)].clear();
}

Image labelMapOf(const Segmentation& segmentation, int64_t* overlaps) {
    if (segmentation.segments.size() > 255) throw mr::Error("a label map holds at most 255 segments");
    Image labels(PixelType::UInt8, segmentation.geometry);
    const size_t pixels = size_t(labels.width()) * size_t(labels.height());
    int64_t overlapping = 0;
    for (size_t k = 0; k < segmentation.segments.size(); ++k) {
        const Segment& s = segmentation.segments[k];
        for (size_t z = 0; z < s.slices.size() && int64_t(z) < labels.depth(); ++z) {
            const auto& slice = s.slices[z];
            if (slice.size() != pixels) continue;
            uint8_t* out = labels.bytes() + z * pixels;
            for (size_t i = 0; i < pixels; ++i)
                if (slice[i]) {
                    overlapping += out[i] != 0;
                    out[i] = uint8_t(k + 1);
                }
        }
    }
    if (overlaps) *overlaps = overlapping;
    return labels;
}

}  // namespace mr::imaging
