#pragma once
// Where the voxels of one slice are on screen: the camera of a slice view as plain arithmetic
// (image size and spacing, orientation, slice, zoom, pan, widget size). The renderer sets VTK's
// camera from it and the interactions turn mouse positions into voxels with it, so both agree
// exactly, and both can be checked without a window. The view works in index space scaled by the
// spacing; the fitted slice fills the widget's height or width at zoom 1.
#include <QPointF>

#include <array>
#include <cstdint>

#include "widgets/slice_geometry.h"

namespace mr::widgets {

struct SliceViewport {
    std::array<int64_t, 3> size{0, 0, 0};    // voxels along x, y, z; zeros without an image
    std::array<double, 3> spacing{1, 1, 1};  // mm
    SliceOrientation orientation = SliceOrientation::Axial;
    int64_t slice = 0;
    double zoom = 1;
    QPointF panMm{0, 0};           // camera offset from the slice centre along (u, v), in mm
    double width = 0, height = 0;  // widget size in logical pixels, as mouse events give them

    bool empty() const { return size[0] <= 0 || size[1] <= 0 || size[2] <= 0; }
    SliceAxes axes() const { return axesOf(orientation); }
    int64_t sliceCount() const { return empty() ? 0 : size[size_t(axes().slice)]; }
    bool contains(const std::array<int64_t, 3>& voxel) const;

    double millimetresPerPixel() const;
    // The point (index × spacing) shown at the centre of the widget.
    std::array<double, 3> focalMm() const;
    // The pan that shows `voxel` at the centre of the widget.
    QPointF panCentring(const std::array<double, 3>& voxel) const;

    // Widget position of the centre of a voxel (continuous index coordinates); (x, y) on this slice
    // for the axial shorthand.
    QPointF widgetPosOfVoxel(const std::array<double, 3>& voxel) const;
    QPointF widgetPosOf(double x, double y) const { return widgetPosOfVoxel({x, y, double(slice)}); }
    // The voxel of this slice nearest to a widget position (possibly outside the image).
    std::array<int64_t, 3> voxelIndexAt(QPointF pos) const;
    // Continuous voxel coordinates (x, y) of a widget position on an axial slice.
    QPointF voxelXYAt(QPointF pos) const;
};

}  // namespace mr::widgets
