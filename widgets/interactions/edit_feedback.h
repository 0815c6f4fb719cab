#pragma once
// How the mask tools show what they are about to do: cyan where they add to the mask, orange
// where they remove from it.
#include <QColor>

namespace mr::widgets {

inline QColor editColour(bool cut) { return cut ? QColor(255, 150, 80) : QColor(0, 230, 255); }

}  // namespace mr::widgets
