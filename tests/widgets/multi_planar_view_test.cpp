// Three linked slice views of one volume: the layouts, the crosshair that a Shift+click moves
// through every view, the shared window/level, and overlays and prompts shown in every plane.
#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

#include "engine/demo/abdomen_phantom.h"
#include "tests/support/screenshots.h"
#include "widgets/multi_planar_view.h"

using mr::widgets::MultiPlanarView;
using mr::widgets::SliceOrientation;

class MultiPlanarViewTest : public QObject {
    Q_OBJECT
    mr::demo::Phantom phantom_;
    MultiPlanarView* viewer_ = nullptr;

    mr::widgets::SliceView* view(SliceOrientation o) const { return viewer_->view(o); }

private Q_SLOTS:
    void initTestCase() {
        mr::demo::PhantomOptions o;
        o.width = o.height = 96;
        o.slices = 40;
        o.pixelSpacing = 3.5;
        o.sliceSpacing = 5;
        phantom_ = mr::demo::makeAbdomenPhantom(o);
        viewer_ = new MultiPlanarView;
        viewer_->resize(800, 640);
        viewer_->show();
        QVERIFY(QTest::qWaitForWindowExposed(viewer_));
        viewer_->setImage(phantom_.ct);
    }
    void cleanupTestCase() { delete viewer_; }

    void startsWithTheCrosshairAtTheCentre() {
        QCOMPARE(viewer_->crosshair(), (std::array<int64_t, 3>{48, 48, 20}));
        QCOMPARE(view(SliceOrientation::Axial)->slice(), int64_t(20));
        QCOMPARE(view(SliceOrientation::Coronal)->slice(), int64_t(48));
        QCOMPARE(view(SliceOrientation::Sagittal)->slice(), int64_t(48));
        QCOMPARE(viewer_->primaryView(), view(SliceOrientation::Axial));
    }

    void layoutsShowOneViewOrTheGrid() {
        viewer_->setLayoutMode(MultiPlanarView::Layout::Grid);
        QApplication::processEvents();
        for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal})
            QVERIFY(view(o)->isVisible());
        auto* info = viewer_->findChild<QLabel*>("imageInfoPanel");
        QVERIFY(info->isVisible());
        QVERIFY(info->text().contains("CT"));
        QVERIFY(info->text().contains(QString::fromUtf8("96 × 96 × 40")));
        mr::test::saveScreenshot(viewer_, "multi-planar-grid");
        viewer_->setLayoutMode(MultiPlanarView::Layout::Single, SliceOrientation::Sagittal);
        QApplication::processEvents();
        QCOMPARE(viewer_->primaryView(), view(SliceOrientation::Sagittal));
        QVERIFY(view(SliceOrientation::Sagittal)->isVisible());
        QVERIFY(!view(SliceOrientation::Axial)->isVisible());
        QVERIFY(!info->isVisible());
        viewer_->setLayoutMode(MultiPlanarView::Layout::Grid);
    }

    void shiftClickMovesTheCrosshairThroughEveryView() {
        viewer_->setLayoutMode(MultiPlanarView::Layout::Grid);
        QApplication::processEvents();
        auto* coronal = view(SliceOrientation::Coronal);
        // On the coronal plane (y = 48): pick x = 30, z = 12.
        const QPoint p = coronal->widgetPosOfVoxel({30, 48, 12}).toPoint();
        QTest::mouseClick(coronal, Qt::LeftButton, Qt::ShiftModifier, p);
        QCOMPARE(viewer_->crosshair(), (std::array<int64_t, 3>{30, 48, 12}));
        QCOMPARE(view(SliceOrientation::Axial)->slice(), int64_t(12));
        QCOMPARE(view(SliceOrientation::Sagittal)->slice(), int64_t(30));
        QCOMPARE(coronal->slice(), int64_t(48));
        // Scrolling one view moves the crosshair along its axis.
        view(SliceOrientation::Axial)->setSlice(15);
        QCOMPARE((*viewer_->crosshair())[2], int64_t(15));
    }

    void windowLevelIsShared() {
        QSignalSpy shared(viewer_, &MultiPlanarView::windowLevelChanged);
        view(SliceOrientation::Sagittal)->setWindowLevel({100, 250});
        for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal})
            QCOMPARE(view(o)->windowLevel(), (mr::imaging::WindowLevel{100, 250}));
        QCOMPARE(shared.count(), 1);
        viewer_->setWindowLevel({40, 400});
        QCOMPARE(view(SliceOrientation::Coronal)->windowLevel(), (mr::imaging::WindowLevel{40, 400}));
    }

    void overlaysAndPromptsReachEveryView() {
        mr::imaging::LabelTable table = mr::imaging::defaultLabelTable();
        viewer_->setLabelMap(phantom_.labels, table);
        viewer_->setOverlayOpacity(0.7);
        viewer_->setOverlayOutline(true);
        viewer_->setLabelVisible(3, false);
        mr::widgets::PromptMarkers markers;
        markers.slice = 20;
        markers.box = mr::Box{10, 10, 40, 40};
        viewer_->setPromptMarkers(markers);
        for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            QCOMPARE(view(o)->labelMap().bytes(), phantom_.labels.bytes());  // shared, not copied
            QCOMPARE(view(o)->overlayOpacity(), 0.7);
            QVERIFY(view(o)->overlayOutline());
            QVERIFY(!view(o)->labelTable()[3].visible);
            QVERIFY(view(o)->promptMarkers().box.has_value());
        }
        mr::test::saveScreenshot(viewer_, "multi-planar-overlays");
        viewer_->clearPromptMarkers();
        QVERIFY(view(SliceOrientation::Coronal)->promptMarkers().empty());
    }

    void aTwoDimensionalImageShowsOnlyTheAxialView() {
        mr::imaging::Geometry g;
        g.size = {64, 48, 1};
        mr::imaging::Image picture(mr::imaging::PixelType::UInt8, g);
        viewer_->setLayoutMode(MultiPlanarView::Layout::Grid);
        viewer_->setImage(picture);
        QCOMPARE(viewer_->layoutMode(), MultiPlanarView::Layout::Single);
        QCOMPARE(viewer_->primaryView(), view(SliceOrientation::Axial));
        QCOMPARE(viewer_->crosshair(), (std::array<int64_t, 3>{32, 24, 0}));
        viewer_->setImage(phantom_.ct);
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    MultiPlanarViewTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "multi_planar_view_test.moc"
