#pragma once
// The vector layer of a slice view, drawn with QPainter over VTK's frame: the linked crosshair,
// the prompt markers (on their axial slice, or where another plane cuts them), the corner texts
// (series, plane, slice, zoom, window), the orientation letters and a scale bar; and the tooltip
// of the marker under the cursor. Plain data in, pixels out.
#include <QCoreApplication>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <array>
#include <cstdint>
#include <string>

#include "engine/core/geometry.h"
#include "engine/imaging/windowing.h"
#include "widgets/display_style.h"
#include "widgets/slice_layers.h"
#include "widgets/slice_viewport.h"

class QFont;
class QPainter;

namespace mr::widgets {

// What the corner texts and the orientation letters say about the image.
struct SliceCaption {
    std::string modality, seriesDescription;
    bool colourImage = false;  // no window/level text for colour images
    bool inverted = false;
    mr::imaging::WindowLevel window;
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};  // the image's direction cosines, row-major
    bool orientationKnown = false;  // the file says how the image lies in the patient: letters are drawn
};

class SliceAnnotations {
    Q_DECLARE_TR_FUNCTIONS(mr::widgets::SliceAnnotations)
public:
    SliceAnnotations(QPainter& painter, const SliceViewport& viewport, const DisplayStyle& style = DisplayStyle());

    // A dashed cross through this voxel (the linked cursor of the other views).
    void drawCrosshair(const std::array<int64_t, 3>& voxel);
    // The box and numbered points: on their axial slice, or where this plane cuts them.
    void drawPromptMarkers(const PromptMarkers& markers);
    // Corner texts, orientation letters (only when the orientation is known) and a scale bar, in
    // `font` (at least 8 points). The series text is shortened with "…" so that it never runs
    // into the plane's name in a narrow view.
    void drawCaption(const SliceCaption& caption, const QFont& font);

    // The tooltip of the marker within reach of `pos` (a point within 8 px, the box's edge within
    // 5 px), or an empty string.
    static QString markerTooltip(const SliceViewport& viewport, const PromptMarkers& markers, QPointF pos);

private:
    void drawBoxMarker(const mr::Box& box, double z);
    void drawCornerTexts(const SliceCaption& caption);
    void drawOrientationLetters(const std::array<double, 9>& direction);
    void drawScaleBar();
    // Text with a dark outline all round, readable over bright and dark pixels alike.
    void shadowText(const QRectF& r, int flags, const QString& text);

    QPainter& p_;
    const SliceViewport& vp_;
    DisplayStyle style_;
    QRectF area_;          // the widget inset by the text margins
    int bottomLines_ = 2;  // lines of the bottom-left text; the scale bar sits above them
};

// The patient-space letter (L/R, P/A, S/I) of a direction: its dominant LPS component.
QString orientationLetter(const std::array<double, 3>& direction);

}  // namespace mr::widgets
