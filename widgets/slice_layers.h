#pragma once
// What a slice view draws over the image, as plain data its owners hand it: the reasoner's (or
// the user's) prompts and the editable mask. The label map is an mr::imaging::LabelMap.
#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::edit {
class MaskVolume;
}

namespace mr::widgets {

// The reasoner's (or the user's) prompts, in voxel index coordinates of one axial slice.
struct PromptMarkers {
    int64_t slice = 0;
    std::optional<mr::Box> box;  // x1, y1, x2, y2
    struct Point : mr::segment::PointPrompt {
        QString name;  // shown in the tooltip, e.g. "points_1"
    };
    std::vector<Point> points;
    bool empty() const { return !box && points.empty(); }
};

// The editable binary mask (the expert's answer and the user's corrections), drawn over the image
// in its own colour in every orientation. The view reads the volume; its owner edits it and calls
// SliceView::refreshMask().
struct MaskLayer {
    std::shared_ptr<const mr::edit::MaskVolume> volume;  // the image's width × height × depth
    uint8_t r = 0, g = 230, b = 255;
};

// How the label map is blended over the image.
struct LabelOverlayStyle {
    double opacity = 0.45;  // 0..1, of filled labels
    bool outline = false;   // outlines (opaque) instead of filled labels
};

// What a left-button action does on an axial slice: navigate (window/level), place prompts for the
// expert, or edit the mask (brush, eraser, click-by-click polygon, freehand lasso; fill or cut).
enum class ViewTool {
    Navigate,
    Box,
    PositivePoint,
    NegativePoint,
    Brush,
    Eraser,
    PolygonFill,
    PolygonCut,
    LassoFill,
    LassoCut
};

}  // namespace mr::widgets
