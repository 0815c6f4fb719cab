#pragma once
// Mouse gestures on a slice view, in voxel coordinates of its slice, as a user makes them.
#include <QtTest>

#include "widgets/slice_view.h"

namespace mr::test {

// Press at one voxel, move to another, release there: a box drag, a brush stroke or a lasso.
inline void drag(mr::widgets::SliceView* view, double x1, double y1, double x2, double y2) {
    const QPoint a = view->widgetPosOf(x1, y1).toPoint(), b = view->widgetPosOf(x2, y2).toPoint();
    QTest::mousePress(view, Qt::LeftButton, {}, a);
    QTest::mouseMove(view, b);
    QTest::mouseRelease(view, Qt::LeftButton, {}, b);
}

}  // namespace mr::test
