#pragma once
// The interactions of one slice view: one per tool, plus the navigation ones every tool keeps
// (window/level on the left button when no tool applies, pan/zoom, slice scrolling).
#include <array>

#include "widgets/interactions/box_interaction.h"
#include "widgets/interactions/brush_interaction.h"
#include "widgets/interactions/lasso_interaction.h"
#include "widgets/interactions/pan_zoom_interaction.h"
#include "widgets/interactions/point_interaction.h"
#include "widgets/interactions/polygon_interaction.h"
#include "widgets/interactions/slice_scroll_interaction.h"
#include "widgets/interactions/window_level_interaction.h"
#include "widgets/slice_layers.h"

namespace mr::widgets {

struct SliceInteractions {
    explicit SliceInteractions(QObject* owner);

    // The left-button interaction of `tool` on an axial slice, set up for it; nullptr for Navigate.
    SliceInteraction* forTool(ViewTool tool);
    std::array<SliceInteraction*, 8> all() const;

    WindowLevelInteraction* windowLevel;
    PanZoomInteraction* panZoom;
    SliceScrollInteraction* scroll;
    BoxInteraction* box;
    PointInteraction* point;
    BrushInteraction* brush;
    PolygonInteraction* polygon;
    LassoInteraction* lasso;
};

}  // namespace mr::widgets
