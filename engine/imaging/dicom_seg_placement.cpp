// placeDicomSeg (dicom_seg_reader.h): which slice of the open image each SEG frame belongs to.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "engine/imaging/dicom_seg_reader.h"

namespace mr::imaging {

namespace {

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

// Orientation and pixel spacing must agree before positions can be trusted.
void checkGeometry(const DicomSeg& seg, const Geometry& g) {
    if (seg.hasOrientation) {
        const auto& d = g.direction;
        const std::array<double, 6> image{d[0], d[3], d[6], d[1], d[4], d[7]};
        double diff = 0;
        for (int i = 0; i < 6; ++i) diff = std::max(diff, std::abs(seg.orientation[size_t(i)] - image[size_t(i)]));
        if (diff > 1e-3)
            throw SegMismatchError("the segmentation's slices are oriented differently from the open image");
    }
    if (seg.hasPixelSpacing) {
        const double rowGap = g.spacing[1], colGap = g.spacing[0];
        if (std::abs(seg.pixelSpacing[0] - rowGap) > 1e-3 * rowGap ||
            std::abs(seg.pixelSpacing[1] - colGap) > 1e-3 * colGap)
            throw SegMismatchError("the segmentation's pixel spacing (" + fmt(seg.pixelSpacing[0]) + " x " +
                                   fmt(seg.pixelSpacing[1]) + " mm) differs from the open image's (" + fmt(rowGap) +
                                   " x " + fmt(colGap) + " mm)");
    }
}

class FramePlacer {
public:
    FramePlacer(const DicomSeg& seg, const SegSource& target) : seg_(seg), target_(target) {
        for (size_t z = 0; z < target.slices.size(); ++z) {
            const SliceSource& s = target.slices[z];
            if (!s.sopInstanceUid.empty()) sliceOf_[{s.sopInstanceUid, s.frame}] = int64_t(z);
        }
    }

    // The slice of frame i, or throws SegMismatchError saying why it fits none.
    int64_t sliceOf(size_t i) const {
        const SegFrame& f = seg_.frames[i];
        const Geometry& g = target_.geometry;
        if (!f.sourceSopInstanceUid.empty()) {
            auto it = sliceOf_.find({f.sourceSopInstanceUid, f.sourceFrame});
            if (it == sliceOf_.end() && f.sourceFrame == 0) it = sliceOf_.find({f.sourceSopInstanceUid, 1});
            if (it != sliceOf_.end()) return it->second;
        }
        if (f.hasPosition) {  // pictures too: their grid is the unit grid a de-identified SEG uses
            const auto idx = g.physicalToIndex(f.position);
            const int64_t z = std::llround(idx[2]);
            const double tolerance = 0.05;  // of a voxel: DS strings keep about 16 significant characters
            if (std::abs(idx[0]) > tolerance || std::abs(idx[1]) > tolerance ||
                std::abs(idx[2] - double(z)) > tolerance)
                throw SegMismatchError("frame " + std::to_string(i + 1) +
                                       " of the segmentation lies between the open "
                                       "image's slices (position " +
                                       fmt(f.position[0]) + ", " + fmt(f.position[1]) + ", " + fmt(f.position[2]) +
                                       " mm)");
            if (z < 0 || z >= g.size[2])
                throw SegMismatchError("frame " + std::to_string(i + 1) +
                                       " of the segmentation lies outside the open "
                                       "image (slice " +
                                       std::to_string(z + 1) + " of " + std::to_string(g.size[2]) + ")");
            return z;
        }
        if (g.size[2] == 1) return 0;
        throw SegMismatchError("frame " + std::to_string(i + 1) +
                               " of the segmentation names no slice of the open image (no matching source instance, "
                               "no position)");
    }

private:
    const DicomSeg& seg_;
    const SegSource& target_;
    std::map<std::pair<std::string, int64_t>, int64_t> sliceOf_;
};

}  // namespace

Segmentation placeDicomSeg(const DicomSeg& seg, const SegSource& target) {
    const Geometry& g = target.geometry;
    if (seg.columns != g.size[0] || seg.rows != g.size[1])
        throw SegMismatchError("the segmentation's frames are " + std::to_string(seg.columns) + "x" +
                               std::to_string(seg.rows) + " but the open image's slices are " +
                               std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]));
    if (!seg.referencedSeriesUids.empty() && !target.seriesInstanceUid.empty() &&
        std::find(seg.referencedSeriesUids.begin(), seg.referencedSeriesUids.end(), target.seriesInstanceUid) ==
            seg.referencedSeriesUids.end())
        throw SegMismatchError("the segmentation was made on another series (" + seg.referencedSeriesUids.front() +
                               "), not on the open one (" + target.seriesInstanceUid + ")");
    Segmentation out;
    out.geometry = g;
    out.warnings = seg.warnings;
    if (!seg.frameOfReferenceUid.empty() && !target.frameOfReferenceUid.empty() &&
        seg.frameOfReferenceUid != target.frameOfReferenceUid) {
        // A de-identified SEG (new UIDs, no references) still lines up by geometry; a linked one must not differ.
        if (!seg.referencedSeriesUids.empty())
            throw SegMismatchError("the segmentation is in another frame of reference than the open image");
        out.warnings.push_back(
            "the segmentation names no source series and has its own frame of reference; it was "
            "placed by its slice positions, which match the open image");
    }
    checkGeometry(seg, g);
    std::map<int, size_t> indexOf;
    for (const SegmentDescription& d : seg.segments) {
        indexOf[d.number] = out.segments.size();
        out.addSegment(d);
    }
    const size_t pixels = size_t(g.size[0]) * size_t(g.size[1]);
    const FramePlacer placer(seg, target);
    // Fractional values count from half the maximum on (a probability or occupancy of 50 %).
    auto isSet = [&](uint8_t v) { return seg.fractional ? v != 0 && 2 * int(v) >= seg.maxFractional : v != 0; };
    for (size_t i = 0; i < seg.frames.size(); ++i) {
        const SegFrame& f = seg.frames[i];
        auto it = indexOf.find(f.segment);
        if (it == indexOf.end())
            throw SegMismatchError("frame " + std::to_string(i + 1) + " refers to segment " +
                                   std::to_string(f.segment) + ", which the segmentation does not describe");
        const int64_t z = placer.sliceOf(i);
        auto& slice = out.segments[it->second].slices[size_t(z)];
        if (f.pixels.size() != pixels) throw SegMismatchError("frame " + std::to_string(i + 1) + " has the wrong size");
        if (std::none_of(f.pixels.begin(), f.pixels.end(), isSet)) continue;
        if (slice.empty()) slice.assign(pixels, 0);
        for (size_t k = 0; k < pixels; ++k)
            if (isSet(f.pixels[k])) slice[k] = 1;
    }
    return out;
}

}  // namespace mr::imaging
