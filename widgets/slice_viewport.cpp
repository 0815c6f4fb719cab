#include "widgets/slice_viewport.h"

#include <algorithm>
#include <cmath>

namespace mr::widgets {

bool SliceViewport::contains(const std::array<int64_t, 3>& v) const {
    for (size_t i = 0; i < 3; ++i)
        if (v[i] < 0 || v[i] >= size[i]) return false;
    return true;
}

double SliceViewport::millimetresPerPixel() const {
    if (empty() || height <= 0) return 1;
    const SliceAxes ax = axes();
    const double uMm = size[size_t(ax.u)] * spacing[size_t(ax.u)];
    const double vMm = size[size_t(ax.v)] * spacing[size_t(ax.v)];
    const double aspect = width / height;
    const double parallelScale = std::max(vMm / 2, uMm / 2 / aspect) / zoom;
    return 2 * parallelScale / height;
}

std::array<double, 3> SliceViewport::focalMm() const {
    const SliceAxes ax = axes();
    std::array<double, 3> c{};
    c[size_t(ax.u)] = (size[size_t(ax.u)] - 1) * spacing[size_t(ax.u)] / 2 + panMm.x() * ax.uSign;
    c[size_t(ax.v)] = (size[size_t(ax.v)] - 1) * spacing[size_t(ax.v)] / 2 + panMm.y() * ax.vSign;
    c[size_t(ax.slice)] = double(slice) * spacing[size_t(ax.slice)];
    return c;
}

QPointF SliceViewport::panCentring(const std::array<double, 3>& voxel) const {
    const SliceAxes ax = axes();
    const double cu = (size[size_t(ax.u)] - 1) * spacing[size_t(ax.u)] / 2;
    const double cv = (size[size_t(ax.v)] - 1) * spacing[size_t(ax.v)] / 2;
    return {(voxel[size_t(ax.u)] * spacing[size_t(ax.u)] - cu) * ax.uSign,
            (voxel[size_t(ax.v)] * spacing[size_t(ax.v)] - cv) * ax.vSign};
}

QPointF SliceViewport::widgetPosOfVoxel(const std::array<double, 3>& voxel) const {
    if (empty()) return {};
    const SliceAxes ax = axes();
    const auto focal = focalMm();
    const double mmpp = millimetresPerPixel();
    const double du = voxel[size_t(ax.u)] * spacing[size_t(ax.u)] - focal[size_t(ax.u)];
    const double dv = voxel[size_t(ax.v)] * spacing[size_t(ax.v)] - focal[size_t(ax.v)];
    return {width / 2.0 + du * ax.uSign / mmpp, height / 2.0 + dv * ax.vSign / mmpp};
}

std::array<int64_t, 3> SliceViewport::voxelIndexAt(QPointF pos) const {
    const SliceAxes ax = axes();
    const auto focal = focalMm();
    const double mmpp = millimetresPerPixel();
    const double uMm = focal[size_t(ax.u)] + (pos.x() - width / 2.0) * mmpp * ax.uSign;
    const double vMm = focal[size_t(ax.v)] + (pos.y() - height / 2.0) * mmpp * ax.vSign;
    std::array<int64_t, 3> idx{};
    idx[size_t(ax.u)] = int64_t(std::floor(uMm / spacing[size_t(ax.u)] + 0.5));
    idx[size_t(ax.v)] = int64_t(std::floor(vMm / spacing[size_t(ax.v)] + 0.5));
    idx[size_t(ax.slice)] = slice;
    return idx;
}

QPointF SliceViewport::voxelXYAt(QPointF pos) const {
    const auto focal = focalMm();
    const double mmpp = millimetresPerPixel();
    return {(focal[0] + (pos.x() - width / 2.0) * mmpp) / spacing[0],
            (focal[1] + (pos.y() - height / 2.0) * mmpp) / spacing[1]};
}

}  // namespace mr::widgets
