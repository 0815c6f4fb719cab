#include "widgets/interactions/slice_interactions.h"

namespace mr::widgets {

SliceInteractions::SliceInteractions(QObject* owner)
    : windowLevel(new WindowLevelInteraction(owner)),
      panZoom(new PanZoomInteraction(owner)),
      scroll(new SliceScrollInteraction(owner)),
      box(new BoxInteraction(owner)),
      point(new PointInteraction(owner)),
      brush(new BrushInteraction(owner)),
      polygon(new PolygonInteraction(owner)),
      lasso(new LassoInteraction(owner)) {}

SliceInteraction* SliceInteractions::forTool(ViewTool tool) {
    switch (tool) {
        case ViewTool::Navigate: return nullptr;
        case ViewTool::Box: return box;
        case ViewTool::PositivePoint:
        case ViewTool::NegativePoint: point->setPositive(tool == ViewTool::PositivePoint); return point;
        case ViewTool::Brush:
        case ViewTool::Eraser: brush->setErase(tool == ViewTool::Eraser); return brush;
        case ViewTool::PolygonFill:
        case ViewTool::PolygonCut: polygon->setFill(tool == ViewTool::PolygonFill); return polygon;
        case ViewTool::LassoFill:
        case ViewTool::LassoCut: lasso->setFill(tool == ViewTool::LassoFill); return lasso;
    }
    return nullptr;
}

std::array<SliceInteraction*, 8> SliceInteractions::all() const {
    return {windowLevel, panZoom, scroll, box, point, brush, polygon, lasso};
}

}  // namespace mr::widgets
