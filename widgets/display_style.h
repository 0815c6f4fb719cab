#pragma once
// How a slice view draws the prompts, the mask and the pointer: the everyday look, or the
// presentation look for a room (thicker lines, high-contrast colours, a large pointer). One value
// the view hands to its renderer parts (slice_annotations.h, slice_overlay.h), so no drawing
// function needs to know which mode the app is in.
#include <QColor>

#include <cstdint>
#include <optional>

namespace mr::widgets {

struct DisplayStyle {
    double boxPenWidth = 2;  // the box, in logical pixels
    double pointRadius = 6;  // the numbered points
    double pointOutlineWidth = 1.5;
    QColor boxColour{76, 224, 179};
    QColor positivePointColour{255, 95, 109};
    QColor negativePointColour{80, 150, 255};
    QColor pointOutlineColour{Qt::white};
    int maskBorderVoxels = 1;  // the opaque border of the editable mask, in voxels of the slice
    uint8_t maskInsideAlpha = 110;
    std::optional<QColor> maskColour;  // replaces the mask layer's own colour when set
    int cursorSize = 0;                // the pointer's size in pixels; 0: the system's cursors

    static DisplayStyle everyday() { return {}; }
    // For a projector: lines three times as thick, saturated colours that stay apart on CT grays,
    // a mask border that reads from the back of the room, and a pointer the audience can follow.
    static DisplayStyle presentation() {
        DisplayStyle s;
        s.boxPenWidth = 5;
        s.pointRadius = 11;
        s.pointOutlineWidth = 3;
        s.boxColour = QColor(255, 230, 0);
        s.positivePointColour = QColor(255, 40, 90);
        s.negativePointColour = QColor(40, 130, 255);
        s.maskBorderVoxels = 2;
        s.maskInsideAlpha = 90;
        s.maskColour = QColor(0, 255, 255);
        s.cursorSize = 48;
        return s;
    }
};

}  // namespace mr::widgets
