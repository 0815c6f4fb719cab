#include "widgets/interactions/pan_zoom_interaction.h"

#include <cmath>

namespace mr::widgets {

bool PanZoomInteraction::press(const SliceInput& in, const SlicePress& e) {
    mode_ = e.button == Qt::MiddleButton ? Mode::Pan : e.button == Qt::RightButton ? Mode::Zoom : Mode::None;
    start_ = e.pos;
    startPanMm_ = in.viewport.panMm;
    startZoom_ = in.viewport.zoom;
    return mode_ != Mode::None;
}

void PanZoomInteraction::drag(const SliceInput& in, QPointF pos) {
    const QPointF d = pos - start_;
    if (mode_ == Mode::Pan) Q_EMIT panRequested(startPanMm_ - d * in.viewport.millimetresPerPixel());
    else if (mode_ == Mode::Zoom) Q_EMIT zoomRequested(startZoom_ * std::pow(1.01, -d.y()));
}

void PanZoomInteraction::wheel(const SliceInput& in, int steps) {
    Q_EMIT zoomRequested(in.viewport.zoom * std::pow(1.15, steps));
}

}  // namespace mr::widgets
