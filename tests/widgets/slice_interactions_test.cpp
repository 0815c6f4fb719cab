// The slice view's tools, driven without a view: each interaction gets the positions a user's
// mouse would give on a known viewport and must emit exactly the intent the user meant (in voxel
// coordinates), ignore what is not its gesture, and draw its feedback.
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

#include "widgets/interactions/slice_interactions.h"

using namespace mr::widgets;

namespace {
// 100 × 80 voxels of 1 mm in a 400 × 320 widget: 4 pixels per voxel.
SliceInput axialInput() {
    SliceInput in;
    in.viewport.size = {100, 80, 10};
    in.viewport.slice = 6;
    in.viewport.width = 400;
    in.viewport.height = 320;
    in.window = {40, 400};
    return in;
}

QPointF at(const SliceInput& in, double x, double y) { return in.viewport.widgetPosOf(x, y); }
SlicePress left(QPointF pos, Qt::KeyboardModifiers m = {}) { return {pos, Qt::LeftButton, m}; }
bool near(double a, double b, double tol = 1e-9) { return std::abs(a - b) <= tol; }

// How many pixels of a transparent canvas the interaction's feedback paints.
int paintedPixels(const SliceInteraction& interaction, const SliceViewport& vp) {
    QImage canvas(int(vp.width), int(vp.height), QImage::Format_ARGB32);
    canvas.fill(Qt::transparent);
    {
        QPainter p(&canvas);
        interaction.paint(p, vp);
    }
    int n = 0;
    for (int y = 0; y < canvas.height(); ++y)
        for (int x = 0; x < canvas.width(); ++x) n += qAlpha(canvas.pixel(x, y)) > 0;
    return n;
}
}  // namespace

class SliceInteractionsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boxDragEmitsAClampedBoxInVoxels() {
        const SliceInput in = axialInput();
        BoxInteraction box;
        QSignalSpy drawn(&box, &BoxInteraction::boxDrawn);
        QVERIFY(box.press(in, left(at(in, 10, 20))));
        box.drag(in, at(in, 30, 40));
        QVERIFY(paintedPixels(box, in.viewport) > 100);  // the rubber band
        box.release(in, at(in, 30, 40));
        QCOMPARE(drawn.count(), 1);
        const auto b = drawn.takeFirst();
        QCOMPARE(b.at(0).toLongLong(), 6);
        QVERIFY(near(b.at(1).toDouble(), 10) && near(b.at(2).toDouble(), 20));
        QVERIFY(near(b.at(3).toDouble(), 30) && near(b.at(4).toDouble(), 40));
        QCOMPARE(paintedPixels(box, in.viewport), 0);

        // Dragged past the image's corner, from bottom right to top left: clamped and ordered.
        box.press(in, left(at(in, 120, 90)));
        box.drag(in, at(in, 50, 60));
        box.release(in, at(in, 50, 60));
        QCOMPARE(drawn.count(), 1);
        const auto c = drawn.takeFirst();
        QVERIFY(near(c.at(1).toDouble(), 50) && near(c.at(2).toDouble(), 60));
        QVERIFY(near(c.at(3).toDouble(), 99) && near(c.at(4).toDouble(), 79));

        // A click (under 3 × 3 pixels) is not a box; the middle button is not this tool's.
        box.press(in, left(at(in, 10, 10)));
        box.drag(in, at(in, 10, 10) + QPointF(2, 2));
        box.release(in, at(in, 10, 10) + QPointF(2, 2));
        QVERIFY(!box.press(in, {at(in, 10, 10), Qt::MiddleButton, {}}));
        QCOMPARE(drawn.count(), 0);
    }

    void pointsArePlacedOnTheImageOnly() {
        const SliceInput in = axialInput();
        PointInteraction point;
        point.setPositive(false);
        QSignalSpy placed(&point, &PointInteraction::pointPlaced);
        QVERIFY(!point.press(in, left(at(in, 12.25, 7.5))));  // no drag
        QCOMPARE(placed.count(), 1);
        QVERIFY(near(placed.first().at(1).toDouble(), 12.25) && near(placed.first().at(2).toDouble(), 7.5));
        QCOMPARE(placed.first().at(3).toBool(), false);
        point.press(in, left(at(in, -3, 7)));
        point.press(in, left(at(in, 50, 80)));
        QCOMPARE(placed.count(), 1);
    }

    void brushStrokesAreEmittedAsTheyAreDrawn() {
        const SliceInput in = axialInput();
        BrushInteraction brush;
        brush.setErase(true);
        QSignalSpy started(&brush, &BrushInteraction::strokeStarted), moved(&brush, &BrushInteraction::strokeMoved),
            finished(&brush, &BrushInteraction::strokeFinished);
        QVERIFY(brush.press(in, left(at(in, 10, 10))));
        brush.drag(in, at(in, 14, 10));
        brush.drag(in, at(in, 14, 16));
        brush.release(in, at(in, 14, 16));
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().at(1).toBool(), true);
        QCOMPARE(moved.count(), 3);
        QCOMPARE(moved.at(0).at(1).toPointF(), moved.at(0).at(2).toPointF());  // the first dab
        QCOMPARE(moved.at(1).at(1).toPointF(), QPointF(10, 10));
        QCOMPARE(moved.at(2).at(1).toPointF(), QPointF(14, 10));
        QCOMPARE(moved.at(2).at(2).toPointF(), QPointF(14, 16));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).toLongLong(), 6);
        brush.drag(in, at(in, 20, 20));  // no button: nothing
        QCOMPARE(moved.count(), 3);
        QCOMPARE(brush.cursor(), Qt::BlankCursor);
    }

    void brushRadiusIsClampedAndFollowsTheWheel() {
        BrushInteraction brush;
        QSignalSpy changed(&brush, &BrushInteraction::radiusChanged);
        brush.setRadiusMm(5);  // the default: no change
        QCOMPARE(changed.count(), 0);
        brush.setRadiusMm(1000);
        QCOMPARE(brush.radiusMm(), 200.0);
        brush.setRadiusMm(0);
        QCOMPARE(brush.radiusMm(), 0.1);
        brush.setRadiusMm(4);
        brush.wheel(axialInput(), 2);
        QVERIFY(near(brush.radiusMm(), 4 * 1.15 * 1.15, 1e-12));
        QCOMPARE(changed.count(), 4);
        // The outline: a circle of the radius around the cursor, only while the cursor is over the view.
        const SliceInput in = axialInput();
        QCOMPARE(paintedPixels(brush, in.viewport), 0);
        brush.hover(QPointF(200, 160));
        QVERIFY(paintedPixels(brush, in.viewport) > 50);
        brush.hover(std::nullopt);
        QCOMPARE(paintedPixels(brush, in.viewport), 0);
    }

    void polygonClosesOnDoubleClickOrEnter() {
        const SliceInput in = axialInput();
        PolygonInteraction polygon;
        polygon.setFill(false);
        QSignalSpy closed(&polygon, &PathInteraction::polygonClosed);
        for (auto [x, y] : {std::pair{10.0, 10.0}, {30.0, 10.0}, {30.0, 25.0}})
            QVERIFY(!polygon.press(in, left(at(in, x, y))));
        polygon.hover(at(in, 12, 30));
        QVERIFY(paintedPixels(polygon, in.viewport) > 100);
        QVERIFY(polygon.doubleClick(in));
        QCOMPARE(closed.count(), 1);
        const QPolygonF shape = closed.first().at(1).value<QPolygonF>();
        QCOMPARE(shape.size(), 3);
        QCOMPARE(shape.at(2), QPointF(30, 25));
        QCOMPARE(closed.first().at(2).toBool(), false);
        QVERIFY(polygon.path().isEmpty());

        // Backspace removes a corner, Esc drops the polygon, Enter closes it.
        for (double x : {10.0, 20.0, 30.0, 40.0}) polygon.press(in, left(at(in, x, x)));
        QVERIFY(polygon.key(in, Qt::Key_Backspace));
        QCOMPARE(polygon.path().size(), 3);
        QVERIFY(polygon.key(in, Qt::Key_Return));
        QCOMPARE(closed.count(), 2);
        QCOMPARE(closed.last().at(1).value<QPolygonF>().size(), 3);
        polygon.press(in, left(at(in, 1, 1)));
        QVERIFY(polygon.key(in, Qt::Key_Escape));
        QVERIFY(polygon.path().isEmpty());
        QVERIFY(!polygon.key(in, Qt::Key_Return));  // nothing to close: the key is not the polygon's
        // Two corners close into nothing.
        polygon.press(in, left(at(in, 1, 1)));
        polygon.press(in, left(at(in, 5, 1)));
        polygon.doubleClick(in);
        QCOMPARE(closed.count(), 2);
    }

    void lassoFollowsTheDragAndSkipsJitter() {
        const SliceInput in = axialInput();
        LassoInteraction lasso;
        lasso.setFill(true);
        QSignalSpy closed(&lasso, &PathInteraction::polygonClosed);
        QVERIFY(lasso.press(in, left(at(in, 10, 10))));
        lasso.drag(in, at(in, 10.25, 10));  // a quarter voxel: jitter
        lasso.drag(in, at(in, 20, 10));
        lasso.drag(in, at(in, 20, 20));
        lasso.drag(in, at(in, 10, 20));
        QCOMPARE(lasso.path().size(), 4);
        lasso.release(in, at(in, 10, 20));
        QCOMPARE(closed.count(), 1);
        QCOMPARE(closed.first().at(1).value<QPolygonF>().size(), 4);
        QCOMPARE(closed.first().at(2).toBool(), true);
        // Esc while drawing drops it; the rest of the drag draws nothing.
        lasso.press(in, left(at(in, 10, 10)));
        lasso.key(in, Qt::Key_Escape);
        lasso.drag(in, at(in, 30, 30));
        lasso.release(in, at(in, 30, 30));
        QCOMPARE(closed.count(), 1);
    }

    void windowLevelDragAndShiftClickPick() {
        SliceInput in = axialInput();
        WindowLevelInteraction wl;
        QSignalSpy window(&wl, &WindowLevelInteraction::windowLevelRequested),
            picked(&wl, &WindowLevelInteraction::voxelPicked);
        const QPointF c(200, 160);
        QVERIFY(wl.press(in, left(c)));
        wl.drag(in, c + QPointF(80, 20));
        QCOMPARE(window.count(), 1);
        // Scaled to the window (width / 200 per pixel): right widens, down raises the level.
        QVERIFY(near(window.first().at(0).toDouble(), 40 + 20 * 2) &&
                near(window.first().at(1).toDouble(), 400 + 80 * 2 * 2));
        QVERIFY(!wl.press(in, left(at(in, 12, 34), Qt::ShiftModifier)));
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.first().at(0).toLongLong(), 12);
        QCOMPARE(picked.first().at(1).toLongLong(), 34);
        QCOMPARE(picked.first().at(2).toLongLong(), 6);
        wl.press(in, left(at(in, 120, 34), Qt::ShiftModifier));  // outside: nothing
        QCOMPARE(picked.count(), 1);
        in.colourImage = true;
        QVERIFY(!wl.press(in, left(c)));  // colour images have no window
    }

    void panAndZoom() {
        const SliceInput in = axialInput();
        PanZoomInteraction pz;
        QSignalSpy pan(&pz, &PanZoomInteraction::panRequested), zoom(&pz, &PanZoomInteraction::zoomRequested);
        QVERIFY(pz.press(in, {QPointF(100, 100), Qt::MiddleButton, {}}));
        pz.drag(in, QPointF(140, 125));
        QCOMPARE(pan.first().at(0).toPointF(), QPointF(-40 * 0.25, -25 * 0.25));
        QVERIFY(pz.press(in, {QPointF(100, 100), Qt::RightButton, {}}));
        pz.drag(in, QPointF(100, 0));  // up zooms in
        QVERIFY(near(zoom.takeFirst().at(0).toDouble(), std::pow(1.01, 100)));
        pz.wheel(in, -2);
        QVERIFY(near(zoom.takeFirst().at(0).toDouble(), std::pow(1.15, -2)));
        QVERIFY(!pz.press(in, left(QPointF(1, 1))));
    }

    void sliceScrollingByKeysAndWheel() {
        const SliceInput in = axialInput();  // slice 6 of 10
        SliceScrollInteraction scroll;
        QSignalSpy requested(&scroll, &SliceScrollInteraction::sliceRequested);
        const std::pair<int, qint64> keys[] = {{Qt::Key_Up, 7},   {Qt::Key_Right, 7},  {Qt::Key_Down, 5},
                                               {Qt::Key_Left, 5}, {Qt::Key_PageUp, 7}, {Qt::Key_PageDown, 5},
                                               {Qt::Key_Home, 0}, {Qt::Key_End, 9}};
        for (auto [key, want] : keys) {
            QVERIFY(scroll.key(in, key));
            QCOMPARE(requested.takeFirst().at(0).toLongLong(), want);
        }
        QVERIFY(!scroll.key(in, Qt::Key_A));
        scroll.wheel(in, -3);
        QCOMPARE(requested.takeFirst().at(0).toLongLong(), qint64(3));
    }

    void eachToolHasItsInteraction() {
        QObject owner;
        SliceInteractions i(&owner);
        QVERIFY(!i.forTool(ViewTool::Navigate));
        QCOMPARE(i.forTool(ViewTool::Box), static_cast<SliceInteraction*>(i.box));
        QCOMPARE(i.forTool(ViewTool::NegativePoint), static_cast<SliceInteraction*>(i.point));
        QVERIFY(!i.point->positive());
        QCOMPARE(i.forTool(ViewTool::Eraser), static_cast<SliceInteraction*>(i.brush));
        QVERIFY(i.brush->erase());
        QCOMPARE(i.forTool(ViewTool::Brush), static_cast<SliceInteraction*>(i.brush));
        QVERIFY(!i.brush->erase());
        QCOMPARE(i.forTool(ViewTool::PolygonCut), static_cast<SliceInteraction*>(i.polygon));
        QVERIFY(!i.polygon->fill());
        QCOMPARE(i.forTool(ViewTool::LassoFill), static_cast<SliceInteraction*>(i.lasso));
        QVERIFY(i.lasso->fill());
        for (SliceInteraction* s : i.all()) QCOMPARE(s->parent(), &owner);
    }
};

QTEST_MAIN(SliceInteractionsTest)
#include "slice_interactions_test.moc"
