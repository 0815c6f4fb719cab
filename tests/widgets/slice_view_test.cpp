// Renders the phantom in a real SliceView (VTK in a Qt 6 QOpenGLWidget, under xvfb-run) and
// checks the frame the way a reader would: the right structure shows with the right gray level
// for the current window, window/level and scrolling change what is shown.
#include <QApplication>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>

#include "engine/demo/abdomen_phantom.h"
#include "engine/imaging/windowing.h"
#include "widgets/slice_view.h"
#include "engine/edit/mask_volume.h"

using mr::imaging::WindowLevel;
using mr::widgets::SliceView;

class SliceViewTest : public QObject {
    Q_OBJECT
    mr::demo::Phantom phantom_;
    SliceView* view_ = nullptr;

    QImage frame() {
        view_->update();
        QApplication::processEvents();
        return view_->grabFramebuffer();
    }
    // Gray level of the screen pixel showing the centre of voxel (x, y) on the current slice.
    int grayAtVoxel(const QImage& f, int64_t x, int64_t y) {
        QPointF p = view_->widgetPosOf(double(x), double(y));
        return qGray(f.pixel(int(std::floor(p.x())), int(std::floor(p.y()))));
    }
    int expectedGray(int64_t x, int64_t y, int64_t z, const WindowLevel& w) {
        return int(std::lround(mr::imaging::displayGray(phantom_.ct.value(x, y, z), w)));
    }

private Q_SLOTS:
    void initTestCase() {
        mr::demo::PhantomOptions o;
        o.width = o.height = 256;
        o.pixelSpacing = 1.35;
        o.slices = 80;
        o.sliceSpacing = 2.0;  // anisotropic on purpose
        phantom_ = mr::demo::makeAbdomenPhantom(o);
        view_ = new SliceView;
        view_->resize(600, 520);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_));
        view_->setImage(phantom_.ct);
        view_->setSlice(phantom_.lesionCentre[2]);
    }
    void cleanupTestCase() { delete view_; }

    void showsTheImageWithWindowedGrayLevels() {
        QImage f = frame();
        QVERIFY(!f.isNull());
        // Not uniform: body, air and organs differ.
        int lo = 255, hi = 0;
        for (int y = 0; y < f.height(); y += 7)
            for (int x = 0; x < f.width(); x += 7) {
                lo = std::min(lo, qGray(f.pixel(x, y)));
                hi = std::max(hi, qGray(f.pixel(x, y)));
            }
        QVERIFY2(hi - lo > 100, qPrintable(QString("frame range %1..%2").arg(lo).arg(hi)));
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        const WindowLevel w = view_->windowLevel();
        QCOMPARE(w, (WindowLevel{40, 400}));  // the phantom's first preset (abdomen)
        for (auto [dx, dy] : {std::pair{0, 0}, {2, 1}, {-3, 2}}) {
            int got = grayAtVoxel(f, lx + dx, ly + dy), want = expectedGray(lx + dx, ly + dy, lz, w);
            QVERIFY2(std::abs(got - want) <= 2, qPrintable(QString("lesion gray %1, expected %2").arg(got).arg(want)));
        }
        // Outside the body is air: black under a soft-tissue window.
        QCOMPARE(grayAtVoxel(f, 2, 2), 0);
    }

    void windowLevelChangesDisplayedValues() {
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        QSignalSpy spy(view_, &SliceView::windowLevelChanged);
        const WindowLevel liver{60, 160};
        view_->setWindowLevel(liver);
        QCOMPARE(spy.count(), 1);
        QImage f = frame();
        int got = grayAtVoxel(f, lx, ly), want = expectedGray(lx, ly, lz, liver);
        QVERIFY2(std::abs(got - want) <= 2, qPrintable(QString("gray %1, expected %2").arg(got).arg(want)));
        // Left-drag to the right widens the window, so contrast drops.
        QPoint c(view_->width() / 2, view_->height() / 2);
        QTest::mousePress(view_, Qt::LeftButton, {}, c);
        QTest::mouseMove(view_, c + QPoint(80, 0));
        QTest::mouseRelease(view_, Qt::LeftButton, {}, c + QPoint(80, 0));
        QVERIFY(view_->windowLevel().width > liver.width);
        QCOMPARE(view_->windowLevel().center, liver.center);
        view_->resetView();
    }

    void scrollingChangesTheSlice() {
        QSignalSpy spy(view_, &SliceView::sliceChanged);
        const int64_t before = view_->slice();
        QImage f0 = frame();
        QPointF c(view_->width() / 2.0, view_->height() / 2.0);
        QWheelEvent up(c, view_->mapToGlobal(c), {}, QPoint(0, 120 * 5), Qt::NoButton, Qt::NoModifier,
                       Qt::NoScrollPhase, false);
        QApplication::sendEvent(view_, &up);
        QCOMPARE(view_->slice(), before + 5);
        QCOMPARE(spy.count(), 1);
        QImage f1 = frame();
        QVERIFY(f0 != f1);
        // The lesion spans only some slices: far above it the same spot shows liver, not lesion.
        view_->setSlice(phantom_.lesionCentre[2] + 12);
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        QImage f2 = frame();
        int want = expectedGray(lx, ly, view_->slice(), view_->windowLevel());
        QVERIFY(std::abs(grayAtVoxel(f2, lx, ly) - want) <= 2);
        QTest::keyClick(view_, Qt::Key_PageDown);
        QVERIFY(view_->slice() < phantom_.lesionCentre[2] + 12);
    }

    void zoomAndPanKeepScreenToVoxelMappingExact() {
        view_->setZoom(2.5);
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        view_->setSlice(lz);
        QPointF p = view_->widgetPosOf(double(lx), double(ly));
        auto v = view_->voxelAt(p);
        QVERIFY(v.has_value());
        QCOMPARE(v->x, lx);
        QCOMPARE(v->y, ly);
        QCOMPARE(v->value, phantom_.ct.value(lx, ly, lz));
        QPoint c(view_->width() / 2, view_->height() / 2);
        QTest::mousePress(view_, Qt::MiddleButton, {}, c);
        QTest::mouseMove(view_, c + QPoint(40, 25));
        QTest::mouseRelease(view_, Qt::MiddleButton, {}, c + QPoint(40, 25));
        QPointF moved = view_->widgetPosOf(double(lx), double(ly));
        QVERIFY(std::abs(moved.x() - p.x() - 40) < 1e-6 && std::abs(moved.y() - p.y() - 25) < 1e-6);
        QImage f = frame();
        int want = expectedGray(lx, ly, lz, view_->windowLevel());
        QVERIFY(std::abs(grayAtVoxel(f, lx, ly) - want) <= 2);
        view_->resetView();
        // At zoom 1 the slice fits the height of this wide view: its left margin is empty.
        QVERIFY(!view_->voxelAt(QPointF(2, view_->height() / 2.0)).has_value());
        QVERIFY(view_->voxelAt(QPointF(view_->width() / 2.0, view_->height() / 2.0)).has_value());
    }

    void everyOrientationShowsTheRightPlane() {
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        const std::array<double, 3> lesion{double(lx), double(ly), double(lz)};
        using mr::widgets::SliceOrientation;
        for (SliceOrientation o : {SliceOrientation::Coronal, SliceOrientation::Sagittal, SliceOrientation::Axial}) {
            view_->setOrientation(o);
            view_->centreOn(lesion);
            QImage f = frame();
            f.save(QString(MR_TEST_OUTPUT_DIR) + QString("/orientation-%1.png").arg(int(o)));
            for (auto d : {std::array<int, 3>{0, 0, 0}, {3, -2, 1}, {-4, 3, -2}}) {
                std::array<double, 3> v{lesion[0] + d[0], lesion[1] + d[1], lesion[2] + d[2]};
                v[size_t(mr::widgets::axesOf(o).slice)] = double(view_->slice());
                QPointF p = view_->widgetPosOfVoxel(v);
                auto hit = view_->voxelAt(p);
                QVERIFY(hit);
                const std::array<int64_t, 3> got3{hit->x, hit->y, hit->z},
                    want3{int64_t(v[0]), int64_t(v[1]), int64_t(v[2])};
                QVERIFY(got3 == want3);
                const int want = int(std::lround(
                    mr::imaging::displayGray(phantom_.ct.value(hit->x, hit->y, hit->z), view_->windowLevel())));
                const int got = qGray(f.pixel(int(std::floor(p.x())), int(std::floor(p.y()))));
                QVERIFY2(std::abs(got - want) <= 2,
                         qPrintable(QString("orientation %1: gray %2, expected %3").arg(int(o)).arg(got).arg(want)));
            }
        }
    }

    void labelOverlayColoursExactlyTheLabelledVoxels() {
        mr::imaging::LabelTable styles(16);
        for (const auto& l : mr::demo::phantomLabels()) styles[l.value] = {l.name, l.r, l.g, l.b, true};
        styles[mr::demo::Body].visible = false;
        view_->setLabelMap(phantom_.labels, styles);
        view_->setOverlayOpacity(1.0);
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        view_->setSlice(lz);
        view_->setZoom(2.0);
        QImage f = frame();
        f.save(QString(MR_TEST_OUTPUT_DIR) + "/overlay.png");
        // Every voxel centre in a window around the lesion: yellow where the label is the
        // lesion, plain gray (R == G == B) where it is an invisible label or none.
        int lesionPixels = 0;
        for (int64_t y = ly - 20; y <= ly + 20; ++y) {
            for (int64_t x = lx - 20; x <= lx + 20; ++x) {
                QPointF p = view_->widgetPosOf(double(x), double(y));
                QRgb c = f.pixel(int(std::floor(p.x())), int(std::floor(p.y())));
                const int label = int(phantom_.labels.value(x, y, lz));
                if (label == mr::demo::Lesion) {
                    ++lesionPixels;
                    QVERIFY2(qRed(c) == 255 && qGreen(c) == 255 && qBlue(c) == 0, qPrintable(QString::number(c, 16)));
                } else if (label == mr::demo::Body || label == 0) {
                    QVERIFY2(qRed(c) == qGreen(c) && qGreen(c) == qBlue(c), qPrintable(QString::number(c, 16)));
                } else {
                    const auto& s = styles[size_t(label)];
                    QCOMPARE(QColor(c), QColor(s.r, s.g, s.b));
                }
            }
        }
        QVERIFY(lesionPixels > 100);
        view_->setLabelMap({}, {});
        view_->resetView();
    }

    void promptToolsReportBoxesAndPointsInVoxels() {
        using mr::widgets::ViewTool;
        view_->setOrientation(mr::widgets::SliceOrientation::Axial);
        view_->resetView();
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        view_->setSlice(lz);
        QSignalSpy boxes(view_, &SliceView::boxDrawn), points(view_, &SliceView::pointPlaced);
        view_->setViewTool(ViewTool::Box);
        const QPoint a = view_->widgetPosOf(double(lx - 10), double(ly - 8)).toPoint();
        const QPoint b = view_->widgetPosOf(double(lx + 12), double(ly + 9)).toPoint();
        QTest::mousePress(view_, Qt::LeftButton, {}, a);
        QTest::mouseMove(view_, b);
        QTest::mouseRelease(view_, Qt::LeftButton, {}, b);
        QCOMPARE(boxes.count(), 1);
        const auto box = boxes.first();
        QCOMPARE(box.at(0).toLongLong(), lz);
        const double tol = view_->millimetresPerPixel() / phantom_.ct.geometry().spacing[0] + 1e-9;  // one screen pixel
        QVERIFY(std::abs(box.at(1).toDouble() - (lx - 10)) <= tol && std::abs(box.at(2).toDouble() - (ly - 8)) <= tol);
        QVERIFY(std::abs(box.at(3).toDouble() - (lx + 12)) <= tol && std::abs(box.at(4).toDouble() - (ly + 9)) <= tol);
        QCOMPARE(view_->windowLevel(), mr::imaging::defaultWindow(phantom_.ct));  // no window/level drag

        view_->setViewTool(ViewTool::NegativePoint);
        QTest::mouseClick(view_, Qt::LeftButton, {}, view_->widgetPosOf(double(lx), double(ly)).toPoint());
        QCOMPARE(points.count(), 1);
        QVERIFY(std::abs(points.first().at(1).toDouble() - lx) <= tol);
        QCOMPARE(points.first().at(3).toBool(), false);
        view_->setViewTool(ViewTool::Navigate);
    }

    void maskLayerIsDrawnOnItsSliceOnly() {
        const auto [lx, ly, lz] = phantom_.lesionCentre;
        auto volume = std::make_shared<mr::edit::MaskVolume>(int(phantom_.ct.width()), int(phantom_.ct.height()),
                                                             phantom_.ct.depth());
        mr::edit::MaskView s = volume->slice(lz);
        for (int64_t y = ly - 6; y <= ly + 6; ++y)
            for (int64_t x = lx - 6; x <= lx + 6; ++x) s.at(int(x), int(y)) = 1;
        mr::widgets::MaskLayer m{volume};
        view_->setMaskLayer(m);
        view_->setSlice(lz);
        QImage f = frame();
        f.save(QString(MR_TEST_OUTPUT_DIR) + "/mask.png");
        QRgb inside = f.pixel(view_->widgetPosOf(double(lx), double(ly)).toPoint());
        QRgb edge = f.pixel(view_->widgetPosOf(double(lx - 6), double(ly)).toPoint());
        QVERIFY2(qBlue(inside) > qRed(inside) + 40, qPrintable(QString::number(inside, 16)));  // cyan tint
        QCOMPARE(QColor(edge), QColor(m.r, m.g, m.b));                                         // opaque border
        view_->setSlice(lz + 3);
        f = frame();
        QRgb elsewhere = f.pixel(view_->widgetPosOf(double(lx), double(ly)).toPoint());
        QVERIFY(qRed(elsewhere) == qGreen(elsewhere) && qGreen(elsewhere) == qBlue(elsewhere));

        // Edits show after refreshMask(): a pixel painted on the shown slice turns mask-coloured.
        view_->setSlice(lz);
        s.at(int(lx + 20), int(ly)) = 1;
        view_->refreshMask();
        f = frame();
        QCOMPARE(QColor(f.pixel(view_->widgetPosOf(double(lx + 20), double(ly)).toPoint())), QColor(m.r, m.g, m.b));

        auto wrong = std::make_shared<mr::edit::MaskVolume>(int(phantom_.ct.width()) - 1, int(phantom_.ct.height()),
                                                            phantom_.ct.depth());
        QVERIFY_THROWS_EXCEPTION(mr::Error, view_->setMaskLayer(mr::widgets::MaskLayer{wrong}));
        view_->setMaskLayer(std::nullopt);
    }

    void readoutFollowsAKeyboardSliceChange() {
        view_->setOrientation(mr::widgets::SliceOrientation::Axial);
        view_->setSlice(20);
        QSignalSpy over(view_, &SliceView::cursorOverVoxel);
        QTest::mouseMove(view_, view_->widgetPosOf(100, 120).toPoint());
        QTRY_VERIFY(!over.isEmpty());
        QCOMPARE(over.last().at(0).value<mr::widgets::VoxelUnderCursor>().z, int64_t(20));
        over.clear();
        QTest::keyClick(view_, Qt::Key_PageUp);  // the mouse stays where it is
        QVERIFY(view_->slice() != 20);
        QVERIFY(!over.isEmpty());
        const auto v = over.last().at(0).value<mr::widgets::VoxelUnderCursor>();
        QCOMPARE(v.z, view_->slice());
        QCOMPARE(v.value, phantom_.ct.value(v.x, v.y, v.z));
    }

    // A 10×10×10 checkerboard: in every orientation each voxel, the edge ones included, is drawn
    // whole (as many pixels as the others) with its centre where widgetPosOfVoxel puts it.
    void edgeVoxelsAreDrawnWhole() {
        mr::imaging::Geometry g;
        g.size = {10, 10, 10};
        g.spacing = {1.0, 1.5, 2.0};
        mr::imaging::Image board(mr::imaging::PixelType::UInt8, g);
        for (int64_t z = 0; z < 10; ++z)
            for (int64_t y = 0; y < 10; ++y)
                for (int64_t x = 0; x < 10; ++x)
                    board.data<uint8_t>()[(z * 10 + y) * 10 + x] = (x + y + z) % 2 ? 255 : 100;
        SliceView view;
        view.resize(400, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setImage(board);
        for (auto o : {mr::widgets::SliceOrientation::Axial, mr::widgets::SliceOrientation::Coronal,
                       mr::widgets::SliceOrientation::Sagittal}) {
            view.setOrientation(o);
            view.update();
            QApplication::processEvents();
            const QImage f = view.grabFramebuffer();
            const QString name = QString("orientation %1").arg(int(o));
            // Through the third row and column of voxels (clear of the texts), over the image's
            // extent as the view computes it (corners of voxels 0 and 9) and 3 px beyond.
            const int sliceAxis = mr::widgets::axesOf(o).slice;
            auto at = [&](double u) {
                std::array<double, 3> v{u, u, u};
                v[size_t(sliceAxis)] = double(view.slice());
                return view.widgetPosOfVoxel(v);
            };
            const QPoint c = at(2).toPoint();
            const QRectF extent = QRectF(at(-0.5), at(9.5)).normalized().adjusted(-3, -3, 3, 3);
            f.save(QString(MR_TEST_OUTPUT_DIR) + QString("/edge-voxels-%1.png").arg(int(o)));
            // Runs of equal gray down the middle column and along the middle row (0 = background).
            for (bool vertical : {true, false}) {
                QList<int> runs;
                int last = -1;
                const int from = int(vertical ? extent.top() : extent.left());
                const int to = int(vertical ? extent.bottom() : extent.right());
                for (int i = std::max(0, from); i < std::min(to, vertical ? f.height() : f.width()); ++i) {
                    const QRgb px = vertical ? f.pixel(c.x(), i) : f.pixel(i, c.y());
                    const int cls = qGray(px) < 50 ? 0 : qGray(px) < 180 ? 1 : 2;
                    if (cls != last) runs << 0;
                    if (cls != 0) ++runs.last();
                    last = cls;
                }
                runs.removeAll(0);
                QVERIFY2(runs.size() == 10, qPrintable(name + QString(": %1 runs").arg(runs.size())));
                const int inner = runs[4];
                QVERIFY2(
                    std::abs(runs.first() - inner) <= 1 && std::abs(runs.last() - inner) <= 1,
                    qPrintable(
                        name +
                        QString(": edge runs %1, %2 px; inner %3 px").arg(runs.first()).arg(runs.last()).arg(inner)));
            }
            // The first voxel's centre is where the view says.
            const int want = view.slice() % 2 ? 255 : 100;
            QVERIFY2(std::abs(qGray(f.pixel(at(0).toPoint())) - want) <= 2, qPrintable(name));
        }
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    SliceViewTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "slice_view_test.moc"
