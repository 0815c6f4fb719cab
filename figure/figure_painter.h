#pragma once
// Draws a figure of one grounding result with QPainter, once, for every output: the slice with
// the mask, the box, the numbered key points and a scale bar, beside (or above) the question, the
// reasoning trace (whole, or its first lines) and the answer. Plain data in (the engine's
// FigureScene); any QPaintDevice out (QImage for PNG, QSvgGenerator, QPdfWriter, the clipboard).
#include <QCoreApplication>
#include <QSizeF>

#include "engine/session/figure_scene.h"

class QPainter;
class QPaintDevice;

namespace mr::figure {

enum class FigureLayout { SideBySide, Stacked };

struct FigureOptions {
    FigureLayout layout = FigureLayout::SideBySide;
    bool fullTrace = true;  // false: the trace's first traceLines lines, then how many were left out
    int traceLines = 8;
};

class FigurePainter {
    Q_DECLARE_TR_FUNCTIONS(mr::figure::FigurePainter)
public:
    // Throws mr::Error when the scene is not drawable (mr::session::checkFigureScene).
    FigurePainter(const mr::session::FigureScene& scene, const FigureOptions& options);

    // The figure's size in logical pixels (1/96 inch).
    QSizeF size() const;
    // Draws the figure with its top left at (0, 0) in logical pixels.
    void paint(QPainter& painter) const;
    // Fills `device` with the figure, scaled to the device's size (keeping the aspect ratio).
    void paintOn(QPaintDevice& device) const;

private:
    struct Layout;
    Layout layout() const;
    void paintImage(QPainter& p, const QRectF& target) const;
    void paintScaleBar(QPainter& p, const QRectF& target, double pixelsPerImagePixel) const;

    mr::session::FigureScene scene_;
    FigureOptions options_;
};

}  // namespace mr::figure
