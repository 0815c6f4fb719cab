#pragma once
// Pan (middle-drag) and zoom (right-drag: up zooms in; Ctrl+wheel), in any tool.
#include "widgets/interactions/slice_interaction.h"

namespace mr::widgets {

class PanZoomInteraction : public SliceInteraction {
    Q_OBJECT
public:
    using SliceInteraction::SliceInteraction;
    bool press(const SliceInput& in, const SlicePress& e) override;
    void drag(const SliceInput& in, QPointF pos) override;
    void wheel(const SliceInput& in, int steps) override;

Q_SIGNALS:
    void panRequested(QPointF panMm);
    void zoomRequested(double zoom);

private:
    enum class Mode { None, Pan, Zoom };
    Mode mode_ = Mode::None;
    QPointF start_;
    QPointF startPanMm_;
    double startZoom_ = 1;
};

}  // namespace mr::widgets
