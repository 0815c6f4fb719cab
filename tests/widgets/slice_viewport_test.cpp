// The slice view's camera arithmetic, without a window: voxel ↔ widget position are exact inverses
// in every orientation, zoom and pan; the slice fits the widget at zoom 1; centring pans a voxel
// to the middle.
#include <QtTest>

#include <cmath>

#include "widgets/slice_viewport.h"

using mr::widgets::SliceOrientation;
using mr::widgets::SliceViewport;

class SliceViewportTest : public QObject {
    Q_OBJECT

    static SliceViewport anisotropic(SliceOrientation o) {
        SliceViewport vp;
        vp.size = {120, 90, 40};
        vp.spacing = {0.8, 0.8, 2.5};
        vp.orientation = o;
        vp.slice = vp.sliceCount() / 2;
        vp.width = 640;
        vp.height = 480;
        return vp;
    }

private Q_SLOTS:
    void voxelCentresRoundTripInEveryOrientationZoomAndPan() {
        for (SliceOrientation o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            for (double zoom : {0.5, 1.0, 3.7}) {
                SliceViewport vp = anisotropic(o);
                vp.zoom = zoom;
                vp.panMm = {12.5, -7.25};
                const auto ax = vp.axes();
                for (const std::array<int64_t, 3> c : {std::array<int64_t, 3>{0, 0, 0}, {119, 89, 39}, {37, 61, 11}}) {
                    std::array<int64_t, 3> voxel = c;
                    voxel[size_t(ax.slice)] = vp.slice;
                    const QPointF at = vp.widgetPosOfVoxel({double(voxel[0]), double(voxel[1]), double(voxel[2])});
                    QCOMPARE(vp.voxelIndexAt(at), voxel);
                    // Within the voxel (less than half a voxel off) the same voxel is found.
                    const double half = 0.45 * vp.spacing[size_t(ax.u)] / vp.millimetresPerPixel();
                    QCOMPARE(vp.voxelIndexAt(at + QPointF(half, 0)), voxel);
                }
            }
        }
    }

    void theSliceFitsTheWidgetAtZoomOne() {
        SliceViewport vp = anisotropic(SliceOrientation::Axial);
        // 96 × 72 mm in 640 × 480 pixels: both fit exactly, 0.15 mm per pixel.
        QVERIFY(std::abs(vp.millimetresPerPixel() - 0.15) < 1e-12);
        vp.width = 320;  // narrower: the width decides
        QVERIFY(std::abs(vp.millimetresPerPixel() - 96.0 / 320) < 1e-12);
        vp.zoom = 2;
        QVERIFY(std::abs(vp.millimetresPerPixel() - 96.0 / 640) < 1e-12);
        // Coronal: x across (96 mm), z down (100 mm).
        SliceViewport coronal = anisotropic(SliceOrientation::Coronal);
        QVERIFY(std::abs(coronal.millimetresPerPixel() - 100.0 / 480) < 1e-12);
    }

    void radiologicalLayout() {
        // Axial: x grows to the right, y downwards; coronal and sagittal: z grows upwards.
        SliceViewport axial = anisotropic(SliceOrientation::Axial);
        QVERIFY(axial.widgetPosOf(10, 5).x() < axial.widgetPosOf(11, 5).x());
        QVERIFY(axial.widgetPosOf(10, 5).y() < axial.widgetPosOf(10, 6).y());
        SliceViewport coronal = anisotropic(SliceOrientation::Coronal);
        QVERIFY(coronal.widgetPosOfVoxel({10, 45, 3}).y() > coronal.widgetPosOfVoxel({10, 45, 4}).y());
        SliceViewport sagittal = anisotropic(SliceOrientation::Sagittal);
        QVERIFY(sagittal.widgetPosOfVoxel({60, 10, 3}).x() < sagittal.widgetPosOfVoxel({60, 11, 3}).x());
    }

    void continuousAxialPositionsAndContainment() {
        SliceViewport vp = anisotropic(SliceOrientation::Axial);
        vp.zoom = 2.5;
        vp.panMm = {-3, 4};
        const QPointF at = vp.widgetPosOf(17.25, 40.5);
        const QPointF back = vp.voxelXYAt(at);
        QVERIFY(std::abs(back.x() - 17.25) < 1e-9 && std::abs(back.y() - 40.5) < 1e-9);
        QVERIFY(vp.contains({0, 0, 0}));
        QVERIFY(!vp.contains({120, 0, 0}));
        QVERIFY(!vp.contains({0, -1, 0}));
        QCOMPARE(vp.sliceCount(), int64_t(40));
        QCOMPARE(anisotropic(SliceOrientation::Sagittal).sliceCount(), int64_t(120));
    }

    void centringPansAVoxelToTheMiddle() {
        for (SliceOrientation o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            SliceViewport vp = anisotropic(o);
            vp.zoom = 3;
            const std::array<double, 3> voxel{100, 20, 30};
            vp.panMm = vp.panCentring(voxel);
            std::array<double, 3> onSlice = voxel;
            onSlice[size_t(vp.axes().slice)] = double(vp.slice);
            const QPointF at = vp.widgetPosOfVoxel(onSlice);
            QVERIFY2(std::abs(at.x() - 320) < 1e-9 && std::abs(at.y() - 240) < 1e-9,
                     qPrintable(QString("%1, %2").arg(at.x()).arg(at.y())));
        }
    }

    void anEmptyViewportMapsNothing() {
        SliceViewport vp;
        QVERIFY(vp.empty());
        QCOMPARE(vp.sliceCount(), int64_t(0));
        QCOMPARE(vp.widgetPosOf(3, 4), QPointF());
        QCOMPARE(vp.millimetresPerPixel(), 1.0);
    }
};

QTEST_GUILESS_MAIN(SliceViewportTest)
#include "slice_viewport_test.moc"
